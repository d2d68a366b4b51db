"""Benchmark: /aggregates and /series uncached, in process, from the rollup and from the metrics.

Prints a table; asserts nothing; never run by the test suite. Usage:

    .venv/bin/python benchmarks/analysis.py STORE.db [STORE.db ...] [--requests 15]

For each SQLite store (e.g. the national stores `benchmarks/national.py --keep`
builds; an older one is migrated first), the analysis endpoints of the national
benchmark are asked through the app (Flask test client: no HTTP server, no
other client), each request a page size not asked before so the per-data-version
page cache never answers, twice: with the kept rollup and series points
(`AGGREGATE_ROLLUP`, `SERIES_POINTS`, the default) and without (every matching
metric grouped or ranked per request). Medians of wall time and of this
process's CPU time (the steadier figure on a shared machine; SQLite runs in
the process) are printed, and the growth from the first store to the last.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from store.db import ensure_schema, open_database  # noqa: E402

PATHS = [
    (
        "/aggregates?group_by=year&fn=sum&unit=条",
        f"/api/v1/aggregates?group_by=year&fn=sum&unit={quote('条')}",
    ),
    ("/series?label=…", "/api/v1/series?label={label}"),
    ("/labels?q=申请", f"/api/v1/labels?q={quote('申请')}"),
]


def top_label(path):
    """The label with the most metrics in the largest store (as national.py picks it)."""
    db = open_database(f"sqlite:///{path}")
    db.connect()
    ensure_schema(db)  # a store kept from an older release gets the rollup and points
    label = db.execute_sql(
        "SELECT label FROM metric GROUP BY label ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()[0]
    db.close()
    return label


def timings(path, url, kept, requests):
    """(wall ms, CPU ms) medians of `requests` uncached requests of `url`."""
    from api import create_app

    config = {"DATABASE_URL": f"sqlite:///{path}", "AGGREGATE_ROLLUP": kept, "SERIES_POINTS": kept}
    client = create_app(config).test_client()
    for size in (1, 2, 3):  # connection, schema check, caches of the process and of SQLite
        client.get(f"{url}&page_size={size}")
    walls, cpus = [], []
    for size in range(100, 100 + requests):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(f"{url}&page_size={size}")
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", nargs="+", type=Path, help="SQLite store files, smallest first")
    parser.add_argument("--requests", type=int, default=15, help="uncached requests per figure")
    args = parser.parse_args()
    for path in args.stores:
        ensure = open_database(f"sqlite:///{path}")
        ensure.connect()
        ensure_schema(ensure)
        ensure.close()
    label = top_label(args.stores[-1])
    names = [path.stem for path in args.stores]
    print(f"label {label!r}; {args.requests} uncached requests per figure; ms wall / ms CPU\n")
    print("| endpoint | kept | " + " | ".join(names) + " | growth (CPU) |")
    print("| --- | --- | " + "--- | " * len(names) + "--- |")
    for name, template in PATHS:
        url = template.format(label=quote(label))
        for kept in (True, False):
            if name.startswith("/labels") and not kept:
                continue  # /labels reads its statistics either way
            figures = [timings(path, url, kept, args.requests) for path in args.stores]
            cells = " | ".join(f"{wall:.1f} / {cpu:.1f}" for wall, cpu in figures)
            growth = figures[-1][1] / figures[0][1] if figures[0][1] else float("inf")
            print(f"| {name} | {'yes' if kept else 'no'} | {cells} | {growth:.2f}x |")


if __name__ == "__main__":
    main()
