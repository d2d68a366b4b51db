"""Benchmark: a CSV export of 100,000 metrics through a real server, and the server's memory.

Prints its figures; asserts nothing. Usage:
    python benchmarks/export_memory.py [--metrics N] [--database-url URL] [--reset]

1. Builds a store of N metrics (default 100,000) by bulk insert through the
   models: reports of 1,000 metrics each, spread over agencies and years, with
   real text so every metric has its quote and context. Without
   --database-url the store is a temporary SQLite file; with it (e.g. a
   PostgreSQL database) the store must be empty, or --reset drops its tables
   first.
2. Serves the app with gunicorn (one sync worker) on 127.0.0.1, a free port, in
   a subprocess.
3. Downloads the CSV export of all the metrics, reading the stream in 64 KiB
   blocks, while a thread samples the worker's VmRSS from /proc every 20 ms.
4. Prints rows, bytes, seconds, and the worker's resident memory before the
   export (after a warm-up request) and after it: VmRSS, the sampled peak and
   the kernel's high-water mark VmHWM. Flat memory means the peak stays near
   the warm-up figure however many rows are exported.

The export is GET /api/v1/metrics?format=csv, served by `api.wsgi:app`.
"""

import argparse
import datetime
import hashlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from store import label_stats, rollup, series_points  # noqa: E402
from store.db import drop_schema, ensure_schema, open_database  # noqa: E402
from store.models import Agency, Metric, Report, database  # noqa: E402

PER_REPORT = 1000
BATCH = 500
AGENCIES = 10


# --------------------------------------------------------------------------- the store


def build_store(
    count, per_report=PER_REPORT, distinct_labels=2000, agencies=AGENCIES, first_year=2000
):
    """Bulk-insert `count` metrics into the bound store (schema present); returns report ids.

    Report k belongs to agency k % agencies and covers year first_year + k // agencies,
    so (agency, year) pairs are distinct. Metric i of the store is
    `测试指标{i % distinct_labels:05d}信息{value}条` in its report's text; every
    10th value is approximate (余).
    """
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    report_ids = []
    with database.atomic():
        names = [f"测试机关{a:02d}" for a in range(agencies)]
        agency_ids = []
        for name in names:
            agency, _ = Agency.get_or_create(name=name)
            agency_ids.append(agency.id)
        done = 0
        k = 0
        while done < count:
            size = min(per_report, count - done)
            agency_index = k % agencies
            year = first_year + k // agencies
            title = f"{names[agency_index]}{year}年政府信息公开工作年度报告"
            parts = [title, "\n"]
            position = len(title) + 1
            rows = []
            for i in range(size):
                n = done + i
                label = f"测试指标{n % distinct_labels:05d}信息"
                value = (n * 7919) % 100000
                approx = "more_than" if n % 10 == 0 else None
                number = f"{value}{'余' if approx else ''}条"
                start = position + len(label)
                rows.append(
                    {
                        "ordinal": i + 1,
                        "label": label,
                        "value": float(value),
                        "raw": number,
                        "unit": "条",
                        "approx": approx,
                        "start": start,
                        "end": start + len(number),
                        "agency": agency_ids[agency_index],
                        "year": year,
                    }
                )
                line = f"{label}{number}。\n"
                parts.append(line)
                position += len(line)
            text = "".join(parts)
            report = Report.create(
                agency=agency_ids[agency_index],
                year=year,
                title=title,
                source_name=f"bench-{k:05d}.txt",
                sha256=hashlib.sha256(text.encode()).hexdigest(),
                encoding="utf-8",
                text=text,
                metric_count=size,
                loaded_at=now,
            )
            for row in rows:
                row["report"] = report.id
            for at in range(0, len(rows), BATCH):
                Metric.insert_many(rows[at : at + BATCH]).execute()
            # As the loader does, so /labels, /aggregates and /series see them.
            label_stats.count_report(report.id)
            rollup.add_report(report.id)
            series_points.add_report(report.id)
            report_ids.append(report.id)
            done += size
            k += 1
    return report_ids


# --------------------------------------------------------------------------- measuring


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def proc_status(pid):
    """{field: kB} of VmRSS and VmHWM of a process."""
    found = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(rest.split()[0])
    return found


def worker_pid(master_pid, timeout=20):
    """The pid of gunicorn's (only) worker, a child of the master."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{master_pid}/task/{master_pid}/children", encoding="ascii") as f:
                children = f.read().split()
        except FileNotFoundError:
            children = []
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def wait_up(url, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


class Sampler(threading.Thread):
    """Samples a process's VmRSS until stopped; `peak` in kB."""

    def __init__(self, pid, interval=0.02):
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self.samples = 0
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            try:
                self.peak = max(self.peak, proc_status(self.pid)["VmRSS"])
                self.samples += 1
            except (FileNotFoundError, KeyError):
                return
            self.stopped.wait(self.interval)


def mib(kb):
    return f"{kb / 1024:.1f} MiB"


def download(url, sampler):
    """Stream `url`; returns (rows, bytes, seconds, first line)."""
    started = time.perf_counter()
    size = 0
    newlines = 0
    head = b""
    request = urllib.request.Request(url, headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=600) as response:
        content_type = response.headers.get("Content-Type", "")
        if not content_type.startswith("text/csv"):
            raise RuntimeError(f"not a CSV export: {content_type}")
        while True:
            block = response.read(64 * 1024)
            if not block:
                break
            if len(head) < 400:
                head += block[:400]
            size += len(block)
            newlines += block.count(b"\n")
    elapsed = time.perf_counter() - started
    sampler.stopped.set()
    first_line = head.split(b"\r\n", 1)[0].decode("utf-8", "replace")
    return newlines - 1, size, elapsed, first_line  # minus the header row


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--metrics", type=int, default=100_000, help="metrics to export (default 100000)"
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="store to build and serve (default: a temporary SQLite file)",
    )
    parser.add_argument(
        "--reset",
        action="store_true",
        help="drop the tables of --database-url first (its data is lost)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/export.db"
        backend = url.split(":", 1)[0]
        db = open_database(url)
        db.connect()
        if args.reset:
            drop_schema(db)
        ensure_schema(db)
        if Metric.select().exists():
            sys.exit(f"{url} already holds metrics: give an empty database, or --reset")
        started = time.perf_counter()
        reports = build_store(args.metrics)
        print(
            f"store ({backend}): {args.metrics} metrics in {len(reports)} reports, built in "
            f"{time.perf_counter() - started:.1f} s"
        )
        db.close()

        port = free_port()
        env = dict(os.environ, DATABASE_URL=url, PYTHONPATH=str(ROOT))
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--timeout",
                "600",
                "--log-level",
                "warning",
                "api.wsgi:app",
            ],
            cwd=str(ROOT),
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_up(f"{base}/api/v1/labels?page_size=1")
            pid = worker_pid(server.pid)
            # Warm-up: a JSON page and an export of about 3% of the metrics (a few chunks),
            # so that "before" is the worker once it has streamed an export.
            wait_up(f"{base}/api/v1/metrics?page_size=50")
            wait_up(f"{base}/api/v1/metrics?format=csv&value_max=3000")
            before = proc_status(pid)
            path = "/api/v1/metrics"
            sampler = Sampler(pid)
            sampler.start()
            rows, size, elapsed, header = download(f"{base}{path}?format=csv", sampler)
            sampler.join()
            after = proc_status(pid)
        finally:
            server.terminate()
            server.wait(timeout=30)

    print(
        f"export GET {path}?format=csv: {rows} rows, {size} bytes ({size / 2**20:.1f} MiB) "
        f"in {elapsed:.2f} s, {rows / elapsed:.0f} rows/s"
    )
    print(f"columns: {header}")
    print(f"server worker RSS before: {mib(before['VmRSS'])} (high-water {mib(before['VmHWM'])})")
    print(f"server worker RSS during: peak {mib(sampler.peak)} over {sampler.samples} samples")
    print(
        f"server worker RSS after:  {mib(after['VmRSS'])} (high-water {mib(after['VmHWM'])}); "
        f"high-water grew by {mib(after['VmHWM'] - before['VmHWM'])} "
        f"for {size / 2**20:.1f} MiB exported"
    )


if __name__ == "__main__":
    main()
