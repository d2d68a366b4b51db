"""Benchmark: the project against Datasette on one synthetic national SQLite store.

Prints tables; asserts nothing; never run by the test suite. One command:

    make benchmark-national                         # 100,000 metrics
    .venv/bin/python benchmarks/national.py --metrics 1000000 --postgres

(`pip install -e '.[bench]'` installs Datasette; the make target does it.)

1. **Load rate.** Every document of `seeds/` and `tests/fixtures/` is parsed and
   loaded through the project's loader into a fresh template store: the load
   rate (metrics/s). The same metric rows are then inserted with one plain
   `executemany` into an empty copy of the indexed metric table: the insert
   floor the loader is compared with (`--skip-load` leaves this out). Once the
   national store below is built, `--load-copies` distinct copies of those
   documents are loaded into a copy of it, and the floor measured there: a
   load into a store that already holds a million metrics. Each of the two is
   measured `--load-rounds` times (each into a fresh store or copy) and the
   median printed under the rounds: a 2-core machine's speed moves by a
   quarter from minute to minute, and one round of a few seconds shows it.
   `--load-national` also builds a store of `--metrics` metrics the way a user
   would, through the loader from documents (agency-distinct copies of the
   seeds and fixtures, `load_speed.make_agency_copies`), timed end to end with
   the indexes a first load builds at its end, beside the executemany floor of
   all its rows: minutes at 1M, so not by default.
2. **National stores.** The template's rows are copied with `INSERT … SELECT`
   until a store holds `--metrics` numbers (and a second one `--small`, 100k by
   default): copy k belongs to agency group k // 15 (agency names get
   `·<group>`) and its years move by k % 15, so an agency has reports over many
   years. Ids, source names and hashes are offset so every row is distinct.
   This takes seconds, not the hours of parsing a million numbers again. A
   store kept with `--keep` from an older release is migrated first.
3. **Servers.** The project as `make run` serves it (gunicorn.conf.py: gevent
   workers, 2 workers) and Datasette (`datasette serve`, its defaults except the
   SQL time limit and the CSV size cap, which would otherwise cut query g and the
   export, and facet suggestions, which the project's answers have no
   equivalent of), on free loopback ports.
4. **Queries** a–g, interleaved (each round runs every query on both servers in
   turn), `--rounds` times, `--clients` connections each for `--seconds`:
   req/s (median over rounds), p50 and p99 latency (over all rounds), the
   ratio project/Datasette and whether the project's p99 is within Datasette's.
   "e" is page 500: the project's OFFSET page and its keyset page (`after=`)
   against Datasette's keyset `_next`. Any non-200 answer is counted and printed.
5. **Analysis endpoints** `/labels?q=`, `/series`, `/aggregates`: p50 with one
   client on the large and the small store, and how much it grew.
6. **Export**: the CSV of every metric from both, one client, rows/s, whether it
   reached the last row, and the server's RSS growth while streaming.
7. **PostgreSQL** (`--postgres`): the large store copied into a throwaway
   PostgreSQL (`benchmarks/national_pg.py`), served by the same gunicorn
   config; each query's p50 with one client next to SQLite's, the two servers
   asked in turn request by request, with the ratio.
"""

import argparse
import http.client
import json
import math
import os
import resource
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

YEARS = 15
"""Copies of the template per agency group, one year apart."""
SOURCES = [ROOT / "seeds", ROOT / "tests" / "fixtures"]
SUFFIXES = {".txt", ".html", ".htm", ".md"}
from loaders.write import METRIC_COLUMNS  # noqa: E402  (the columns the loader writes)

# --------------------------------------------------------------------------- building


def build_template(path):
    """Load every seed and fixture once into `path` as `disclosure load` does.

    Returns (metrics, seconds, (CPU seconds of the loader, of its parse workers),
    workers): `load_paths` with the workers `make run` would use.
    """
    from loaders.load import load_workers
    from store.db import ensure_schema, open_database

    db = open_database(f"sqlite:///{path}")
    db.connect()
    ensure_schema(db)
    files = [
        str(file.relative_to(ROOT))
        for folder in SOURCES
        for file in sorted(folder.rglob("*"))
        if file.suffix.lower() in SUFFIXES and file.is_file()
    ]
    here = os.getcwd()
    os.chdir(ROOT)  # the sources stay the paths below the project, as before
    try:
        metrics, elapsed, cpu = timed_load(files)
    finally:
        os.chdir(here)
    db.close()
    return metrics, elapsed, cpu, load_workers()


def timed_load(paths, tail=None):
    """`load_paths(paths)` into the open store: (metrics written, seconds, (CPU seconds of
    the writer, of its parse workers)). `tail`, a list, gets the seconds from the last
    document written to the load's end (the deferred indexes, the last checkpoint)."""
    from loaders.load import load_paths

    writer, workers = _cpu_seconds()
    last = [None]

    def written(result):
        last[0] = time.perf_counter()

    started = time.perf_counter()
    summary = load_paths(paths, progress=written)
    ended = time.perf_counter()
    elapsed = ended - started
    writer_after, workers_after = _cpu_seconds()
    if tail is not None:
        tail.append(ended - (last[0] or started))
    metrics = sum(r.metrics for r in summary.results if r.status in ("loaded", "replaced"))
    return metrics, elapsed, (writer_after - writer, workers_after - workers)


def _cpu_per_metric(cpu, metrics):
    """The "writer … ms/metric, parse workers … ms/metric" of a load line."""
    writer, workers = cpu
    return (
        f"writer {writer / metrics * 1000:.3f} ms/metric, "
        f"parse workers {workers / metrics * 1000:.3f} ms/metric"
    )


def _cpu_seconds():
    """CPU seconds of (this process: the writer, its children that have ended: the parse workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def insert_floor(template, folder, into=None):
    """Rows/s of one plain executemany of the template's metrics into an empty indexed table
    (or into the metric table of the store `into`, which it changes: a scratch copy)."""
    from store.db import ensure_schema, open_database

    path = into or Path(folder) / "floor.db"
    if into is None:
        db = open_database(f"sqlite:///{path}")
        db.connect()
        ensure_schema(db)
        db.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=wal")
    conn.execute("PRAGMA synchronous=normal")
    rows = (
        sqlite3.connect(template)
        .execute(f"SELECT {', '.join(_quoted(METRIC_COLUMNS))} FROM metric ORDER BY id")
        .fetchall()
    )
    columns = [c for c in METRIC_COLUMNS if c not in ("id", "parent_id", "section_id")]
    keep = [METRIC_COLUMNS.index(c) for c in columns]
    data = [tuple(row[i] for i in keep) for row in rows]
    if into is not None:  # as new reports of that store: (report_id, ordinal) is unique
        at = columns.index("report_id")
        offset = conn.execute('SELECT COALESCE(MAX("report_id"), 0) FROM metric').fetchone()[0]
        data = [(*row[:at], row[at] + offset, *row[at + 1 :]) for row in data]
    sql = (
        f"INSERT INTO metric ({', '.join(_quoted(columns))}) "
        f"VALUES ({', '.join('?' * len(columns))})"
    )
    conn.execute("PRAGMA foreign_keys=0")
    started = time.perf_counter()
    with conn:
        conn.executemany(sql, data)
    elapsed = time.perf_counter() - started
    conn.close()
    return len(data) / elapsed


def _quoted(names):
    return [f'"{name}"' for name in names]


def _columns(conn, table):
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def build_national(template, path, target):
    """Copy the template into `path` until it holds `target` metrics; returns (metrics, s)."""
    from store.db import ensure_schema, open_database

    db = open_database(f"sqlite:///{path}")
    db.connect()
    ensure_schema(db)
    db.close()
    started = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=0")
    conn.execute("ATTACH DATABASE ? AS t", (str(template),))
    size = {
        table: conn.execute(f'SELECT COALESCE(MAX(id), 0) FROM t."{table}"').fetchone()[0]
        for table in ("agency", "report", "section", "metric", "check")
    }
    per_copy = conn.execute("SELECT COUNT(*) FROM t.metric").fetchone()[0]
    copies = max(1, -(-target // per_copy))
    report_cols = _columns(conn, "report")
    section_cols = _columns(conn, "section")
    metric_cols = _columns(conn, "metric")
    check_cols = _columns(conn, "check")

    def select(columns, replace):
        return ", ".join(replace.get(c, f'"{c}"') for c in columns)

    conn.execute("BEGIN")
    for k in range(copies):
        group, shift = divmod(k, YEARS)
        a, r, s, m, c = (
            size[t] * n
            for t, n in (
                ("agency", group),
                ("report", k),
                ("section", k),
                ("metric", k),
                ("check", k),
            )
        )
        if shift == 0:
            conn.execute(
                f"INSERT INTO agency (id, name) SELECT id + {a}, name || '·{group}' FROM t.agency"
            )
        conn.execute(
            f"INSERT INTO report ({', '.join(_quoted(report_cols))}) SELECT "
            + select(
                report_cols,
                {
                    "id": f"id + {r}",
                    "agency_id": f"agency_id + {a}",
                    "year": f"year + {shift}",
                    "source_name": f"source_name || '#{k}'",
                    "sha256": f"substr(sha256, 1, 52) || printf('%012d', {k})",
                },
            )
            + " FROM t.report"
        )
        conn.execute(
            f"INSERT INTO section ({', '.join(_quoted(section_cols))}) SELECT "
            + select(
                section_cols,
                {
                    "id": f"id + {s}",
                    "report_id": f"report_id + {r}",
                    "parent_id": f"parent_id + {s}",
                },
            )
            + " FROM t.section"
        )
        conn.execute(
            f"INSERT INTO metric ({', '.join(_quoted(metric_cols))}) SELECT "
            + select(
                metric_cols,
                {
                    "id": f"id + {m}",
                    "report_id": f"report_id + {r}",
                    "section_id": f"section_id + {s}",
                    "parent_id": f"parent_id + {m}",
                    "agency_id": f"agency_id + {a}",
                    "year": f"year + {shift}",
                },
            )
            + " FROM t.metric"
        )
        conn.execute(
            f'INSERT INTO "check" ({", ".join(_quoted(check_cols))}) SELECT '
            + select(
                check_cols,
                {
                    "id": f"id + {c}",
                    "report_id": f"report_id + {r}",
                    "metric_id": f"metric_id + {m}",
                },
            )
            + ' FROM t."check"'
        )
    conn.execute("COMMIT")
    conn.execute("DETACH DATABASE t")
    _after_build(path)
    total = conn.execute("SELECT COUNT(*) FROM metric").fetchone()[0]
    conn.close()
    return total, time.perf_counter() - started


def _after_build(path):
    """What the loader keeps up to date per document (the label statistics, the metric rollup
    and the series points), rebuilt once for the copied store."""
    from store import label_stats, rollup, series_points
    from store.db import open_database

    db = open_database(f"sqlite:///{path}")
    db.connect()
    label_stats.rebuild()
    rollup.rebuild()
    series_points.rebuild()
    db.close()


# --------------------------------------------------------------------------- serving


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_up(port, path, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path)
            conn.getresponse().read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def serve_project(url, port, workers):
    env = dict(os.environ, DATABASE_URL=url)
    bin_dir = Path(sys.executable).parent
    return subprocess.Popen(
        [
            str(bin_dir / "gunicorn"),
            "--config",  # make run's worker model (gevent, its timeouts, the cooperative wrapper)
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "api.wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def serve_datasette(path, port):
    bin_dir = Path(sys.executable).parent
    return subprocess.Popen(
        [
            str(bin_dir / "datasette"),
            "serve",
            str(path),
            "--port",
            str(port),
            "--setting",
            "sql_time_limit_ms",
            "120000",
            "--setting",
            "max_csv_mb",
            "0",
            "--setting",
            "suggest_facets",
            "off",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def rss_kb(pid):
    """Resident memory of a process and all its children, in kB."""
    total = 0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as children:
                pids.extend(int(p) for p in children.read().split())
        except FileNotFoundError:
            continue
    return total


# --------------------------------------------------------------------------- measuring


def fetch(conn, path):
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    return response.status, response.headers, body


def hammer(port, path, clients, seconds):
    """`clients` threads asking `path` until `seconds` pass; (completed, elapsed, latencies, errors)."""
    latencies, errors = [], []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        mine, bad = [], []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                status, _, _ = fetch(conn, path)
            except (OSError, http.client.HTTPException) as exc:
                bad.append(type(exc).__name__)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                continue
            mine.append(time.perf_counter() - started)
            if status != 200:
                bad.append(status)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies), time.perf_counter() - started, latencies, errors


def percentile(values, share):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def q(value):
    return urllib.parse.quote(str(value))


def queries(path, project_port):
    """{name: (project path, Datasette path)} for the issue's queries a–g."""
    conn = sqlite3.connect(path)
    label, matches = conn.execute(
        "SELECT label, COUNT(*) n FROM metric GROUP BY label ORDER BY n DESC LIMIT 1"
    ).fetchone()
    report = conn.execute(
        "SELECT report_id FROM metric ORDER BY id LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM metric)"
    ).fetchone()[0]
    page_500 = conn.execute("SELECT id FROM metric ORDER BY id LIMIT 1 OFFSET 49899").fetchone()
    conn.close()
    api = "/api/v1/metrics?page_size=100"
    db = f"/{Path(path).stem}"
    found = {
        "a label": (f"{api}&label={q(label)}", f"{db}/metric.json?label={q(label)}&_size=100"),
        "b report": (f"{api}&report={report}", f"{db}/metric.json?report_id={report}&_size=100"),
        "c label_contains": (
            f"{api}&label_contains={q('申请')}",
            f"{db}/metric.json?label__contains={q('申请')}&_size=100",
        ),
        "d sort=-value": (f"{api}&sort=-value", f"{db}/metric.json?_sort_desc=value&_size=100"),
    }
    if page_500:
        keyset = f"{db}/metric.json?_size=100&_next={page_500[0]}"
        found["e page 500 offset"] = (f"{api}&page=500&sort=id", keyset)
        cursor = _project_cursor(project_port, f"{api}&page=499&sort=id")
        if cursor:
            found["e page 500 keyset"] = (f"{api}&sort=id&after={q(cursor)}", keyset)
    sql = (
        "select year, sum(value) as value, count(*) as metric_count, count(value) as "
        "value_count, count(approx) as approx_count, group_concat(distinct unit) as units "
        "from metric where unit = '条' group by year order by year"
    )
    found["g sum by year"] = (
        f"/api/v1/aggregates?group_by=year&fn=sum&unit={q('条')}",
        f"{db}.json?sql={q(sql)}",
    )
    return found, label, matches


def _project_cursor(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    status, headers, _ = fetch(conn, path)
    conn.close()
    if status != 200:
        return None
    return json.loads(headers.get("X-Pagination", "{}")).get("next_cursor")


def count_records(block, records, quoted):
    """CSV records ended in `block`, and whether it ends inside a quoted field.

    A line break inside quotes (a quote or context spanning lines) does not end a record;
    a doubled quote toggles the state twice, so counting quotes per line is enough.
    """
    lines = block.split(b"\n")
    for line in lines[:-1]:
        if line.count(b'"') % 2:
            quoted = not quoted
        if not quoted:
            records += 1
    if lines[-1].count(b'"') % 2:
        quoted = not quoted
    return records, quoted


def download(port, path, pid=None):
    """Stream `path`; (rows, seconds, complete, rss growth kB of `pid` and its children)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    before = rss_kb(pid) if pid else 0
    peak = before
    started = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    records = 0
    quoted = False
    tail = b""
    complete = response.status == 200
    try:
        while True:
            block = response.read(256 * 1024)
            if not block:
                break
            records, quoted = count_records(block, records, quoted)
            tail = (tail + block)[-4096:]
            if pid:
                peak = max(peak, rss_kb(pid))
    except (OSError, http.client.HTTPException):
        complete = False
    elapsed = time.perf_counter() - started
    conn.close()
    if b"export failed" in tail:
        complete = False
    return records - 1, elapsed, complete, peak - before


def stop(processes):
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def measure_load(folder, rounds=1):
    """The loader's rate into a fresh template and the executemany floor, `rounds` times
    (printed: each round, then the median)."""

    def one_round(scratch):
        loaded, seconds, cpu, workers = build_template(scratch / "template.db")
        floor = insert_floor(scratch / "template.db", scratch)
        rate = loaded / seconds
        return (
            rate,
            floor,
            (
                f"(load_paths, {workers} parse workers, SQLite): {loaded} metrics in "
                f"{seconds:.1f} s ({sum(cpu):.1f} CPU s: {_cpu_per_metric(cpu, loaded)}) = "
                f"{rate:,.0f} metrics/s; executemany floor {floor:,.0f} rows/s; "
                f"ratio {rate / floor:.2f}"
            ),
        )

    _measure_rounds("load", rounds, folder, "national-load-", one_round)


def _measure_rounds(name, rounds, folder, prefix, one_round):
    """Run `one_round(scratch folder)` -> (rate, floor, line) `rounds` times, each in a
    scratch folder of its own removed after it; print each line under `name` (with its
    round when there are several), then the median."""
    found = []
    for round_ in range(1, rounds + 1):
        scratch = Path(tempfile.mkdtemp(prefix=prefix, dir=folder))
        try:
            rate, floor, line = one_round(scratch)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        found.append((rate, floor))
        print(f"{name}{f' round {round_}/{rounds}' if rounds > 1 else ''} {line}")
    if rounds < 2:
        return
    rates = [rate for rate, _ in found]
    ratios = [rate / floor for rate, floor in found]
    print(
        f"{name}: median {statistics.median(rates):,.0f} metrics/s over {rounds} rounds "
        f"({min(rates):,.0f}-{max(rates):,.0f}); executemany floor median "
        f"{statistics.median(floor for _, floor in found):,.0f} rows/s; ratio median "
        f"{statistics.median(ratios):.2f}"
    )


def measure_load_into(national, folder, copies, rounds=1):
    """The loader's rate into a copy of the national store, and the floor there, `rounds`
    times, each into a fresh copy (printed: each round, then the median).

    `copies` distinct seed and fixture documents (`load_speed.make_copies`, as
    `benchmarks/load_speed.py` makes them) are loaded as new reports: each of
    their metrics goes into indexes that already hold a million, where a fresh
    store's are small. The floor is the template's rows inserted with one
    executemany into the same copy afterwards.
    """
    import load_speed

    from loaders.load import load_workers
    from store.db import ensure_schema, open_database

    def one_round(scratch):
        target = scratch / national.name
        shutil.copyfile(national, target)
        documents = scratch / "documents"
        documents.mkdir()
        load_speed.make_copies(documents, copies)
        db = open_database(f"sqlite:///{target}")
        db.connect()
        ensure_schema(db)
        before = db.execute_sql("SELECT COUNT(*) FROM metric").fetchone()[0]
        loaded, elapsed, cpu = timed_load([documents])
        db.close()
        floor = insert_floor(folder / "template.db", scratch, into=target)
        rate = loaded / elapsed
        return (
            rate,
            floor,
            (
                f"({before:,} metrics; load_paths, {load_workers()} parse workers, SQLite): "
                f"{loaded} metrics of {copies} documents in {elapsed:.1f} s "
                f"({_cpu_per_metric(cpu, loaded)}) = {rate:,.0f} metrics/s; "
                f"executemany floor there {floor:,.0f} rows/s; ratio {rate / floor:.2f}"
            ),
        )

    _measure_rounds(
        f"load into a copy of {national.name}", rounds, folder, "national-into-", one_round
    )


def measure_national_load(folder, metrics, rounds=1):
    """The national store built by the loader, `rounds` times, each into a fresh store
    (printed: each round, then the median).

    As many agency-distinct copies of the seeds and fixtures as hold `metrics` metrics
    (`load_speed.make_agency_copies`: each agency group has a report per year, as a
    national collection has) are loaded into a fresh store, timed end to end: the
    parses, the writes, the indexes a first load builds at its end
    (`store.deferred_indexes`) and the last checkpoint. The floor is every metric row
    it wrote, inserted with one executemany into an empty indexed table.
    """
    import load_speed

    from loaders.load import load_workers
    from store.db import ensure_schema, open_database

    # The metrics of one copy of each document load_speed copies (its suffixes), from the
    # template, which holds every seed and fixture once.
    conn = sqlite3.connect(folder / "template.db")
    per_report = conn.execute(
        'SELECT r."source_name", COUNT(m."id") FROM "report" r '
        'JOIN "metric" m ON m."report_id" = r."id" GROUP BY r."id"'
    ).fetchall()
    conn.close()
    one_each = sum(
        count for source, count in per_report if Path(source).suffix.lower() in load_speed.SUFFIXES
    )
    copies = math.ceil(metrics / one_each * len(load_speed.documents()))

    def one_round(scratch):
        documents = scratch / "documents"
        documents.mkdir()
        kept = load_speed.make_agency_copies(documents, copies)
        target = scratch / "built.db"
        db = open_database(f"sqlite:///{target}")
        db.connect()
        ensure_schema(db)
        tail = []
        loaded, elapsed, cpu = timed_load([documents], tail)
        agencies = db.execute_sql("SELECT COUNT(*) FROM agency").fetchone()[0]
        db.close()
        shutil.rmtree(documents)
        floor = insert_floor(target, scratch)
        rate = loaded / elapsed
        return (
            rate,
            floor,
            (
                f"({copies:,} documents, {kept:,} of them keeping their agency's name; "
                f"{agencies:,} agencies; load_paths, {load_workers()} parse workers, SQLite): "
                f"{loaded:,} metrics in {elapsed:.1f} s, of which {tail[0]:.1f} s after the "
                f"last document ({_cpu_per_metric(cpu, loaded)}) = {rate:,.0f} metrics/s; "
                f"executemany floor of its rows {floor:,.0f} rows/s; ratio {rate / floor:.2f}"
            ),
        )

    _measure_rounds(
        f"load of a {metrics:,}-metric national store", rounds, folder, "national-build-", one_round
    )


def ensure_store(folder, metrics):
    """The national store of `metrics` metrics in `folder` (built when missing), migrated."""
    from store.db import ensure_schema, open_database

    template = folder / "template.db"
    if not template.exists():
        build_template(template)
    national = folder / f"national{metrics}.db"
    if not national.exists():
        total, seconds = build_national(template, national, metrics)
        print(f"built {national.name}: {total:,} metrics in {seconds:.1f} s")
    db = open_database(f"sqlite:///{national}")
    db.connect()
    ensure_schema(db)  # a store kept from an older release gets this one's indexes
    db.close()
    return national


def analysis_paths(label):
    return [
        ("/labels?q=申请", f"/api/v1/labels?q={q('申请')}"),
        ("/series?label=…", f"/api/v1/series?label={q(label)}"),
        (
            "/aggregates?group_by=year&fn=sum&unit=条",
            f"/api/v1/aggregates?group_by=year&fn=sum&unit={q('条')}",
        ),
    ]


def p50_ms(port, path, seconds):
    """Median latency (ms) of `path` with one client, and the number of non-200 answers."""
    _, _, latencies, errors = hammer(port, path, 1, seconds)
    return percentile(latencies, 0.5) * 1000, len(errors)


CACHE_MISSES = 9
"""Requests timed for an analysis endpoint's uncached cost, each a different page size."""


def uncached_p50_ms(port, path):
    """Median latency (ms) of `path` when the server's per-data-version page cache cannot answer.

    /aggregates and /series keep each JSON page per data version, so repeating one request
    times the cache. Each request here asks a page size not asked before (the same grouping,
    a different cache key), so every one computes its answer as a first request does.
    """
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    latencies = []
    try:
        for size in range(200 - CACHE_MISSES, 200):
            started = time.perf_counter()
            status, _, _ = fetch(conn, f"{path}&page_size={size}")
            latencies.append(time.perf_counter() - started)
            if status != 200:
                raise RuntimeError(f"{path}&page_size={size}: HTTP {status}")
    finally:
        conn.close()
    return statistics.median(latencies) * 1000


def compare_table(found, project_port, datasette_port, args):
    results = {name: {"project": [], "datasette": []} for name in found}
    for _ in range(args.rounds):
        for name, paths in found.items():
            for side, port, path in (
                ("project", project_port, paths[0]),
                ("datasette", datasette_port, paths[1]),
            ):
                results[name][side].append(hammer(port, path, args.clients, args.seconds))
    print(
        "| query | project req/s | p50 ms | p99 ms | Datasette req/s | p50 ms | p99 ms | "
        "ratio | p99 ≤ Datasette's |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, sides in results.items():
        cells, rates, p99 = [], {}, {}
        for side in ("project", "datasette"):
            runs = sides[side]
            rates[side] = statistics.median(n / s for n, s, _, _ in runs)
            latencies = [x for _, _, lat, _ in runs for x in lat]
            p99[side] = percentile(latencies, 0.99)
            errors = [e for *_, errs in runs for e in errs]
            note = f" ({len(errors)} errors: {sorted(set(map(str, errors)))})" if errors else ""
            cells += [
                f"{rates[side]:.1f}{note}",
                f"{percentile(latencies, 0.5) * 1000:.0f}",
                f"{p99[side] * 1000:.0f}",
            ]
        ratio = rates["project"] / rates["datasette"] if rates["datasette"] else float("inf")
        within = "yes" if p99["project"] <= p99["datasette"] else "NO"
        print(f"| {name} | " + " | ".join(cells) + f" | {ratio:.2f} | {within} |")


def analysis_table(label, ports, seconds):
    """p50 of the analysis endpoints with one client on each store ({size: port})."""
    sizes = sorted(ports)
    print(
        "\n| analysis endpoint (1 client) | "
        + " | ".join(f"p50 ms at {size:,}" for size in sizes)
        + (" | growth" if len(sizes) > 1 else "")
        + " | "
        + " | ".join(f"uncached p50 ms at {size:,}" for size in sizes)
        + (" | uncached growth |" if len(sizes) > 1 else " |")
    )
    print("| --- " * (2 * len(sizes) + 1 + 2 * (len(sizes) > 1)) + "|")
    for name, path in analysis_paths(label):
        times, cells, cold = [], [], []
        for size in sizes:
            ms, errors = p50_ms(ports[size], path, seconds)
            times.append(ms)
            cells.append(f"{ms:.1f}" + (f" ({errors} errors)" if errors else ""))
            cold.append(uncached_p50_ms(ports[size], path))
        growth = f" | {times[-1] / times[0]:.2f}x" if len(sizes) > 1 and times[0] else ""
        cold_growth = f" | {cold[-1] / cold[0]:.2f}x" if len(sizes) > 1 and cold[0] else ""
        print(
            f"| {name} | "
            + " | ".join(cells)
            + growth
            + " | "
            + " | ".join(f"{ms:.1f}" for ms in cold)
            + cold_growth
            + " |"
        )


def export_table(national, project, project_port, datasette, datasette_port):
    print("\n| CSV of every metric | rows | seconds | rows/s | complete | server RSS growth |")
    print("| --- | --- | --- | --- | --- | --- |")
    rates = {}
    for side, port, path, pid in (
        ("project", project_port, "/api/v1/metrics?format=csv", project.pid),
        (
            "datasette",
            datasette_port,
            f"/{national.stem}/metric.csv?_stream=on&_size=max",
            datasette.pid,
        ),
    ):
        rows, seconds, complete, growth = download(port, path, pid)
        rates[side] = rows / seconds
        print(
            f"| {side} | {rows:,} | {seconds:.1f} | {rates[side]:,.0f} | "
            f"{'yes' if complete else 'NO'} | {growth / 1024:.1f} MiB |"
        )
    print(f"CSV ratio project/Datasette: {rates['project'] / rates['datasette']:.2f}")


def postgres_table(national, found, label, sqlite_port, args):
    """The project's own queries on PostgreSQL next to SQLite: p50 with one client, interleaved."""
    import national_pg

    server = national_pg.start()
    processes = []
    try:
        url, seconds = national_pg.copy_store(national, server)
        print(f"\nPostgreSQL store copied from {national.name} in {seconds:.0f} s")
        port = free_port()
        processes.append(serve_project(url, port, args.workers))
        wait_up(port, "/api/v1/reports?page_size=1")
        paths = [(name, paths[0]) for name, paths in found.items()] + analysis_paths(label)
        times = {name: {"sqlite": [], "postgres": []} for name, _ in paths}
        for _ in range(args.rounds):  # request by request in turn (national_pg.alternating_p50)
            ports = {"sqlite": sqlite_port, "postgres": port}
            for name, sides in national_pg.alternating_p50(paths, ports, args.seconds).items():
                for side, measured in sides.items():
                    times[name][side].append(measured)
        print("| query (1 client) | SQLite p50 ms | PostgreSQL p50 ms | ratio | within 1.5x |")
        print("| --- | --- | --- | --- | --- |")
        for name, sides in times.items():
            lite = statistics.median(ms for ms, _ in sides["sqlite"])
            pg = statistics.median(ms for ms, _ in sides["postgres"])
            errors = sum(e for _, e in sides["postgres"])
            note = f" ({errors} errors)" if errors else ""
            ratio = pg / lite if lite else float("inf")
            print(
                f"| {name} | {lite:.1f} | {pg:.1f}{note} | {ratio:.2f} | "
                f"{'yes' if ratio <= 1.5 else 'NO'} |"
            )
    finally:
        stop(processes)
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--metrics", type=int, default=100_000, help="size of the store (metrics)")
    parser.add_argument(
        "--small",
        type=int,
        default=100_000,
        help="size of the second store the analysis endpoints are timed on (0: none)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of every query")
    parser.add_argument("--clients", type=int, default=16, help="concurrent connections")
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds per query and round")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (as make run)")
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="build into this folder and keep it (reused when it exists)",
    )
    parser.add_argument("--skip-export", action="store_true", help="leave out the CSV exports")
    parser.add_argument("--skip-load", action="store_true", help="leave out the load rates")
    parser.add_argument(
        "--load-copies",
        type=int,
        default=200,
        help="documents loaded into a copy of the national store for its load rate (0: none)",
    )
    parser.add_argument(
        "--load-rounds",
        type=int,
        default=3,
        help="times each load rate is measured, each into a fresh store or copy; the median "
        "is printed (default 3)",
    )
    parser.add_argument(
        "--load-national",
        action="store_true",
        help="also build a store of --metrics metrics through the loader, from agency-distinct "
        "copies of the seeds and fixtures, and time it (minutes at 1M; --load-rounds times)",
    )
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="also copy the store into a throwaway PostgreSQL and time the queries on both",
    )
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="national-"))
    folder.mkdir(parents=True, exist_ok=True)
    processes = []
    try:
        if not args.skip_load:
            measure_load(folder, args.load_rounds)
        national = ensure_store(folder, args.metrics)
        if not args.skip_load and args.load_copies:
            measure_load_into(national, folder, args.load_copies, args.load_rounds)
        if args.load_national:
            measure_national_load(folder, args.metrics, args.load_rounds)
        small = None
        if args.small and args.small < args.metrics:
            small = ensure_store(folder, args.small)
        project_port, datasette_port = free_port(), free_port()
        # Each server is stopped at the end even when the next one fails to start.
        processes.append(serve_project(f"sqlite:///{national}", project_port, args.workers))
        processes.append(serve_datasette(national, datasette_port))
        wait_up(project_port, "/api/v1/reports?page_size=1")
        wait_up(datasette_port, "/-/versions.json")
        found, label, matches = queries(national, project_port)
        print(
            f"store {national.name}; label {label!r} ({matches:,} matches); "
            f"{args.clients} clients, {args.rounds} rounds x {args.seconds:.0f} s\n"
        )
        compare_table(found, project_port, datasette_port, args)

        ports = {args.metrics: project_port}
        if small is not None:
            small_port = free_port()
            processes.append(serve_project(f"sqlite:///{small}", small_port, args.workers))
            wait_up(small_port, "/api/v1/reports?page_size=1")
            ports[args.small] = small_port
        analysis_table(label, ports, args.seconds)

        if not args.skip_export:
            export_table(national, processes[0], project_port, processes[1], datasette_port)
        if args.postgres:
            postgres_table(national, found, label, project_port, args)
    finally:
        stop(processes)
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
