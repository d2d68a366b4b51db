"""Benchmark: a document's metric rows written to PostgreSQL with COPY against multi-row INSERTs.

Prints two lines; asserts nothing; never run by the test suite. Usage:

    .venv/bin/python benchmarks/postgres_copy.py [--rounds 3]

The seeds and fixtures (text and HTML) are loaded into a temporary SQLite
store to get real metric rows; then on a throwaway PostgreSQL server the rows
of each document are written in one transaction per document, as the loader
does, by `store.bulk.insert_rows` with COPY (`bulk.POSTGRES_COPY = True`) and
with `execute_values`, interleaved over `--rounds` rounds: the median rows/s
and the client's CPU seconds of each. The loader writes with COPY because it
was the faster in each run on 2026-12-06 (a machine shared with other work):
17,330 against 10,844 rows/s (client CPU 0.33 against 0.51 s), and 11,834
against 10,293 rows/s (0.27 against 0.38 s).
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loaders.write import METRIC_COLUMNS  # noqa: E402
from store import bulk  # noqa: E402

COLUMNS = [c for c in METRIC_COLUMNS if c not in ("id", "section_id", "parent_id", "agency_id")]
"""The metric columns written (ids and links left out: the rows stand alone)."""


def documents(tmp):
    """[[metric row, ...] per document] of the seeds and fixtures, as the loader stores them."""
    from loaders.load import load_paths
    from store.db import ensure_schema, open_database

    db = open_database(f"sqlite:///{tmp}/rows.db")
    db.connect()
    ensure_schema(db)
    files = [
        path
        for folder in (ROOT / "seeds", ROOT / "tests" / "fixtures")
        for path in sorted(folder.rglob("*"))
        if path.suffix in (".txt", ".html", ".htm") and "expected" not in path.parts
    ]
    load_paths(files)
    names = ", ".join(f'"{c}"' for c in COLUMNS)
    by_report = {}
    for row in db.execute_sql(f"SELECT {names} FROM metric ORDER BY id"):
        by_report.setdefault(row[0], []).append(row[1:])
    db.close()
    return list(by_report.values())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    args = parser.parse_args()
    from store.db import drop_schema, ensure_schema, open_database
    from store.models import Metric
    from tests.postgres import PostgresServer, create_database

    with tempfile.TemporaryDirectory() as tmp:
        docs = documents(tmp)
    rows = sum(map(len, docs))
    server = PostgresServer()
    server.start()
    try:
        db = open_database(create_database(server.url(), "postgres_copy"))
        db.connect()
        drop_schema(db)
        ensure_schema(db)
        db.execute_sql("ALTER TABLE metric DROP CONSTRAINT IF EXISTS metric_report_id_fkey")
        rates, cpu = {True: [], False: []}, {True: 0.0, False: 0.0}
        report = 0
        for _ in range(args.rounds):
            for copy in (True, False):
                bulk.POSTGRES_COPY = copy
                started, used = time.perf_counter(), time.process_time()
                for metrics in docs:
                    report += 1  # a report id of its own: (report, ordinal) is unique
                    with db.atomic():
                        bulk.insert_rows(
                            Metric, ["report_id", *COLUMNS[1:]], [(report, *m) for m in metrics]
                        )
                rates[copy].append(rows / (time.perf_counter() - started))
                cpu[copy] += time.process_time() - used
        db.close()
    finally:
        server.stop()
    for copy, name in ((True, "COPY"), (False, "execute_values")):
        print(
            f"{name}: {len(docs)} documents, {rows:,} rows: median {statistics.median(rates[copy]):,.0f}"
            f" rows/s over {args.rounds} rounds; client CPU {cpu[copy]:.2f} s"
        )


if __name__ == "__main__":
    main()
