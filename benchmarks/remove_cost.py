"""Benchmark: taking a report's labels back (`label_stats.uncount_report`) against the agencies
sharing its labels.

    .venv/bin/python benchmarks/remove_cost.py [--agencies 1000 10000 100000]

`benchmarks/load_speed.py --replace` times whole replacements, but its copies
are of a few dozen documents, so of a few dozen agencies: it cannot show a cost
that grows with the number of agencies. Here one seed report is loaded into a
fresh SQLite store and every one of its labels is given a `label_agency` row
for each of N other agencies (as a national store of N agencies has), then its
statistics are taken back (in a transaction rolled back, best of 5). The time
must not grow with N (issue 11). Prints a table; asserts nothing; never run by
the test suite.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = ROOT / "seeds" / "aqsiq-2011-annual-report.txt"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--agencies",
        type=int,
        nargs="+",
        default=[1000, 10000, 100000],
        help="numbers of other agencies sharing the report's labels (ascending)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/remove_cost.db"
        from loaders.load import load_bytes
        from store import label_stats
        from store.db import ensure_schema, open_database
        from store.models import database

        db = open_database()
        db.connect()
        ensure_schema(db)
        report = load_bytes(SEED.read_bytes(), SEED.name).report_id
        labels = [
            row[0]
            for row in database.execute_sql(
                'SELECT DISTINCT "label" FROM "metric" WHERE "report_id" = ?', (report,)
            )
        ]
        print("| labels | other agencies | label_agency rows | uncount_report ms |")
        print("| --- | --- | --- | --- |")
        have = 0
        for agencies in sorted(args.agencies):
            rows = [(label, 10**7 + a, 1) for label in labels for a in range(have, agencies)]
            with database.atomic():
                database.cursor().executemany(
                    'INSERT INTO "label_agency" ("label", "agency", "report_count") '
                    "VALUES (?, ?, ?)",
                    rows,
                )
            have = agencies
            best = float("inf")
            for _ in range(5):
                with database.atomic() as transaction:
                    started = time.perf_counter()
                    label_stats.uncount_report(report)
                    best = min(best, time.perf_counter() - started)
                    transaction.rollback()
            total = database.execute_sql('SELECT COUNT(*) FROM "label_agency"').fetchone()[0]
            print(f"| {len(labels)} | {agencies:,} | {total:,} | {best * 1000:.2f} |", flush=True)
        db.close()


if __name__ == "__main__":
    main()
