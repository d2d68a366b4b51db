"""Benchmark: `disclosure load` against the insert floor, on SQLite and PostgreSQL.

Prints a table; asserts nothing; never run by the test suite. Usage:

    .venv/bin/python benchmarks/load_speed.py [--copies 300] [--workers 1 2]
        [--postgres | --database-url postgresql://user@host/db] [--replace 50]

Every seed and fixture document (text and HTML) is copied `--copies` times in
all into a temporary folder, each copy made distinct (`distinct_copy`: a changed
last line and, where the document names its original URL, a distinct URL) so
the loader writes it as a new report. The folder is loaded with `load_paths` (what
`disclosure load` runs) once per worker count (`DISCLOSURE_LOAD_WORKERS`), each
time into a fresh store, and timed end to end: reading, parsing within the
limits, writing. The floor is one plain `executemany` of the same metric rows
into an empty indexed metric table of the same backend (what no loader can beat
by more than the cost of its other tables); the ratio is load rate / floor.
CPU seconds (the loader and its parse workers; not PostgreSQL's server) are
printed beside the wall time: on a shared machine they are the steadier
figure. They are also split per metric between the writer (this process: reading,
identifying, unpickling and storing) and the parse workers: on two cores a load
reaches 10,000 metrics/s only when each stays under ~0.1 ms a metric. PostgreSQL is timed twice: the rows written with COPY (what the loader
does) and with multi-row INSERTs (`execute_values`), to show which is faster.

`--replace N`: after each timed load, N of its documents change (a line is added,
their source stays) and are loaded again, one by one, each replacing its report;
printed below the table: ms per replacement, and of it the removal of the old
report (`loaders.load._forget_source`) and its three parts. It must not grow with
`--copies` (issue 11: a replacement in a national store costs what it does in a
small one).
"""

import argparse
import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SOURCES = [ROOT / "seeds", ROOT / "tests" / "fixtures"]
SUFFIXES = {".txt", ".html", ".htm"}
from loaders.write import METRIC_COLUMNS  # noqa: E402
from store import bulk  # noqa: E402

FLOOR_COLUMNS = [c for c in METRIC_COLUMNS if c not in ("id", "section_id", "parent_id")]
"""The metric columns the loader writes, less the ids it reserves: the rows of the floor."""


def documents():
    """(name, bytes) of every seed and fixture document the loader reads."""
    found = []
    for folder in SOURCES:
        for file in sorted(folder.rglob("*")):
            if file.is_file() and file.suffix.lower() in SUFFIXES and "expected" not in file.parts:
                found.append((file.name, file.read_bytes()))
    return found


def distinct_copy(data, i):
    """Copy `i` of a document's bytes: a new document from a new source.

    The changed last line makes new bytes; the original URL the document names
    for itself (`loaders.sources`), if any, gets a `copy=i` query, or every copy
    of it would be the same source and replace the one before (a replacement
    is timed apart, not by this table). The URL is ASCII, so it is found in the
    bytes of any ASCII-compatible encoding (UTF-8, GB18030, Big5).
    """
    from loaders import sources
    from loaders.reading.decode import DocumentError, decode_bytes

    try:
        url = sources.original_url(decode_bytes(data)[0])
    except DocumentError:
        url = None
    if url:
        joiner = "&" if "?" in url else "?"
        data = data.replace(url.encode("ascii"), f"{url}{joiner}copy={i}".encode("ascii"))
    return data + f"\n（副本{i}）\n".encode()


def make_copies(folder, copies):
    blobs = documents()
    for i in range(copies):
        name, data = blobs[i % len(blobs)]
        stem, dot, suffix = name.rpartition(".")
        (folder / f"{i:05d}-{stem}.{suffix}").write_bytes(distinct_copy(data, i))


GROUP_MARKS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
"""Characters an agency group's name is spelled with (`group_prefix`)."""


def group_prefix(group):
    """A place-like prefix naming agency group `group`: 甲地, 乙地 … 乙甲地 …"""
    digits = ""
    while True:
        digits = GROUP_MARKS[group % len(GROUP_MARKS)] + digits
        group //= len(GROUP_MARKS)
        if not group:
            return digits + "地"


def agency_copy(data, name, group):
    """A document's bytes with the agency its title names renamed into agency group `group`
    (every mention, in the document's own encoding); the bytes unchanged when the title names
    no agency the text repeats, or the new name cannot be written in that encoding."""
    from loaders.metadata import extract_metadata
    from loaders.reading.decode import DocumentError, decode_bytes

    try:
        text, encoding = decode_bytes(data)
    except DocumentError:
        return data
    agency = extract_metadata(text, name).agency
    if not agency or agency not in text:
        return data
    try:
        return text.replace(agency, group_prefix(group) + agency).encode(
            encoding.replace("-sig", "")
        )
    except (UnicodeEncodeError, LookupError):
        return data


def make_agency_copies(folder, copies):
    """`copies` distinct documents as a national collection has them: copy i is document
    i % n of the seeds and fixtures with its agency renamed into group i // n, so each group
    of agencies has a report per year its originals have, and no agency a thousand reports
    of one year (`make_copies`' copies keep their agency: every copy of a document is one
    more report of the same agency and year). Returns how many kept their agency's name."""
    blobs = documents()
    kept = 0
    for i in range(copies):
        name, data = blobs[i % len(blobs)]
        renamed = agency_copy(data, name, i // len(blobs))
        kept += renamed is data
        stem, dot, suffix = name.rpartition(".")
        (folder / f"{i:05d}-{stem}.{suffix}").write_bytes(distinct_copy(renamed, i))
    return kept


def fresh_store(url):
    from store.db import drop_schema, ensure_schema, open_database

    db = open_database(url)
    db.connect(reuse_if_open=True)
    drop_schema(db)
    ensure_schema(db)
    return db


REMOVERS = (
    ("loaders.load", "_forget_source"),
    ("store.label_stats", "uncount_report"),
    ("store.rollup", "remove_report"),
    ("store.series_points", "remove_report"),
)
"""The removal of a replaced report and its parts, timed apart by `timed_replacements`."""


def timed_replacements(folder, summary, count):
    """{what: ms per replacement}: `count` documents the load stored (`summary`) changed and
    loaded again from their own sources (each replaces its report), one by one, here."""
    import importlib

    from loaders.load import load_path

    spent = {f"{module}.{name}": 0.0 for module, name in REMOVERS}
    originals = []
    for module_name, name in REMOVERS:
        module = importlib.import_module(module_name)
        original = getattr(module, name)
        originals.append((module, name, original))

        def timed(*args, _original=original, _what=f"{module_name}.{name}"):
            started = time.perf_counter()
            try:
                return _original(*args)
            finally:
                spent[_what] += time.perf_counter() - started

        setattr(module, name, timed)
    files = sorted(Path(r.path) for r in summary.results if r.status == "loaded")
    chosen = [files[i * len(files) // count] for i in range(count)] if count else []
    kept = {path: path.read_bytes() for path in chosen}
    replaced, elapsed = 0, 0.0
    try:
        for i, path in enumerate(chosen):
            path.write_bytes(kept[path] + f"\n（更正{i}）\n".encode())
            started = time.perf_counter()
            result = load_path(path, named=False, folder=folder)
            elapsed += time.perf_counter() - started
            replaced += result.status == "replaced"
    finally:
        for module, name, original in originals:
            setattr(module, name, original)
        for path, data in kept.items():
            path.write_bytes(data)
    if replaced != count:
        raise SystemExit(f"--replace: {replaced} of {count} loads replaced a report")
    per = {what: seconds / count * 1000 for what, seconds in spent.items()}
    return {"replacement": elapsed / count * 1000, **per}


def timed_load(folder, url, workers, replace=0):
    from loaders.load import load_paths

    os.environ["DISCLOSURE_LOAD_WORKERS"] = str(workers)
    db = fresh_store(url)
    own, workers_cpu = cpu_seconds(split=True)
    summary = load_paths([folder])
    own_after, workers_after = cpu_seconds(split=True)
    summary.writer_cpu, summary.workers_cpu = own_after - own, workers_after - workers_cpu
    summary.cpu = summary.writer_cpu + summary.workers_cpu
    metrics = sum(r.metrics for r in summary.results if r.status in ("loaded", "replaced"))
    rows = db.execute_sql("SELECT ordinal, label, value FROM metric ORDER BY id").fetchall()
    summary.replacements = timed_replacements(folder, summary, replace) if replace else None
    db.close()
    return summary, metrics, rows


def cpu_seconds(split=False):
    """CPU seconds of this process and of its children that have ended (the parse workers).

    `split=True`: (this process: the writer, its children: the parse workers) apart.
    """
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own, children = own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime
    return (own, children) if split else own + children


def floor(url, rows_url):
    """Rows/s of one plain executemany of the loaded metric rows into an empty metric table."""
    from store.db import is_sqlite, open_database
    from store.models import Metric

    source = open_database(rows_url)
    source.connect(reuse_if_open=True)
    columns = ", ".join(f'"{c}"' for c in FLOOR_COLUMNS)
    data = source.execute_sql(f"SELECT {columns} FROM metric ORDER BY id").fetchall()
    source.close()
    db = fresh_store(url)
    sqlite = is_sqlite(db)
    db.close()
    if sqlite:
        conn = sqlite3.connect(url[len("sqlite:///") :])
        conn.execute("PRAGMA journal_mode=wal")
        conn.execute("PRAGMA synchronous=normal")
        mark = "?"
    else:
        import psycopg2

        conn = psycopg2.connect(url)
        mark = "%s"
    cursor = conn.cursor()
    cursor.execute(f"DELETE FROM {Metric._meta.table_name}")
    sql = f"INSERT INTO metric ({columns}) VALUES ({', '.join([mark] * len(FLOOR_COLUMNS))})"
    if not sqlite:  # the rows' report and agency ids do not exist in the empty store
        cursor.execute("ALTER TABLE metric DROP CONSTRAINT IF EXISTS metric_report_id_fkey")
        cursor.execute("ALTER TABLE metric DROP CONSTRAINT IF EXISTS metric_agency_id_fkey")
    else:
        cursor.execute("PRAGMA foreign_keys=0")
    conn.commit()
    started = time.perf_counter()
    cursor.executemany(sql, data)
    conn.commit()
    elapsed = time.perf_counter() - started
    conn.close()
    return len(data) / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=300, help="documents to load (default 300)")
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=None,
        help="parse worker counts to time (default: 1 and what `make run` uses, the cores)",
    )
    parser.add_argument(
        "--database-url", default=None, help="PostgreSQL database to time too (it is emptied)"
    )
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="time PostgreSQL too, on a throwaway server started here",
    )
    parser.add_argument(
        "--replace",
        type=int,
        default=0,
        help="after each load, replace this many of its documents and print ms per replacement",
    )
    args = parser.parse_args()
    if args.workers is None:
        from loaders.load import load_workers

        args.workers = sorted({1, load_workers()})
    server = None
    if args.postgres and not args.database_url:
        from tests.postgres import PostgresServer, create_database

        server = PostgresServer()
        server.start()
        args.database_url = create_database(server.url(), "load_speed")
    try:
        run(args)
    finally:
        if server is not None:
            server.stop()


def run(args):

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        make_copies(folder, args.copies)
        urls = [("SQLite", f"sqlite:///{tmp}/load.db", f"sqlite:///{tmp}/floor.db", True)]
        if args.database_url:  # the rows written with COPY, then with multi-row INSERTs
            for copy, how in ((True, "COPY"), (False, "execute_values")):
                urls.append((f"PostgreSQL {how}", args.database_url, args.database_url, copy))
        print(f"{args.copies} documents, {os.cpu_count()} cores\n")
        print(
            "| backend | workers | documents | metrics | seconds | CPU s | metrics/s "
            "| metrics per CPU s | writer CPU ms/metric | workers CPU ms/metric "
            "| floor rows/s | ratio |"
        )
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        replaced = []
        for backend, url, floor_url, copy in urls:
            bulk.POSTGRES_COPY = copy
            reference, timings = None, []
            for workers in args.workers:
                summary, metrics, rows = timed_load(folder, url, workers, args.replace)
                same = "" if reference is None or rows == reference else " (STORE DIFFERS)"
                reference = reference or rows
                timings.append((workers, summary, metrics, same))
            rate_floor = floor(floor_url, url)
            for workers, summary, metrics, same in timings:
                rate = metrics / summary.elapsed
                print(
                    f"| {backend} | {workers} | {len(summary.results)} | {metrics:,} | "
                    f"{summary.elapsed:.1f} | {summary.cpu:.1f} | {rate:,.0f}{same} | "
                    f"{metrics / summary.cpu:,.0f} | "
                    f"{summary.writer_cpu / metrics * 1000:.3f} | "
                    f"{summary.workers_cpu / metrics * 1000:.3f} | {rate_floor:,.0f} | "
                    f"{rate / rate_floor:.2f} |",
                    flush=True,
                )
                replaced.append((backend, workers, metrics, summary.replacements))
        if args.replace:
            print_replacements(args.replace, replaced)


def print_replacements(count, replaced):
    """The table of `--replace`: ms per replacement, and the removal's parts."""
    print(f"\n{count} replacements after each load (ms per replacement)\n")
    names = [f"{module}.{name}" for module, name in REMOVERS]
    print("| backend | workers | metrics in store | replacement | " + " | ".join(names) + " |")
    print("| --- " * (4 + len(names)) + "|")
    for backend, workers, metrics, per in replaced:
        cells = " | ".join(f"{per[name]:.2f}" for name in names)
        print(f"| {backend} | {workers} | {metrics:,} | {per['replacement']:.2f} | {cells} |")


if __name__ == "__main__":
    main()
