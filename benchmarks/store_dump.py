"""Dump a store loaded the same way every time, to check that a change to the loader leaves it identical.

Asserts nothing; never run by the test suite. Usage:

    .venv/bin/python benchmarks/store_dump.py OUT [--postgres] [--extra FOLDER ...]

Loads the seeds and test fixtures (and `--extra` folders, e.g. a set of real
reports) into a fresh store with `load_paths`, then again (every document
unchanged), then a few documents under sources of their own: loaded, replaced
by other bytes, a source moved to bytes another report has (its report is
removed). Writes OUT.results (one line per document and run: status, name,
reason, report id, sections, metrics) and OUT.dump (every table, the FTS5
shadow tables and `sqlite_sequence` included, rows sorted, ids included,
`loaded_at` blanked). Run it before and after a change and compare the files
(`cmp`): a loader that writes faster must write the same store.
"""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def load_everything(folders, scratch, note):
    """The loads whose store is dumped (see the module docstring)."""
    from loaders.load import load_paths

    note(load_paths([str(f) for f in folders]))
    note(load_paths([str(f) for f in folders]))  # every document unchanged
    own = scratch / "own"
    own.mkdir()
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    (own / "a.txt").write_bytes(seeds[0].read_bytes() + "\n（改）\n".encode())
    note(load_paths([str(own)]))  # a new source, new bytes: loaded
    (own / "a.txt").write_bytes(seeds[0].read_bytes() + "\n（再改）\n".encode())
    note(load_paths([str(own)]))  # other bytes from that source: replaced
    (own / "a.txt").write_bytes(seeds[1].read_bytes())
    note(load_paths([str(own)]))  # bytes another report has: a.txt's report is removed


def dump(db, out):
    """Every table's rows, sorted, into OUT.dump."""
    from store.db import is_sqlite

    if is_sqlite(db):
        listed = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
    else:
        listed = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    with open(f"{out}.dump", "w", encoding="utf-8") as file:
        for (table,) in db.execute_sql(listed).fetchall():
            cursor = db.execute_sql(f'SELECT * FROM "{table}"')
            names = [d[0] for d in cursor.description]
            rows = sorted(
                (
                    tuple(None if n == "loaded_at" else v for n, v in zip(names, row, strict=True))
                    for row in cursor.fetchall()
                ),
                key=repr,
            )
            file.write(f"## {table} {names} {len(rows)} rows\n")
            file.writelines(repr(row) + "\n" for row in rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="path prefix of the .results and .dump files written")
    parser.add_argument(
        "--postgres", action="store_true", help="on a throwaway PostgreSQL server, not SQLite"
    )
    parser.add_argument(
        "--extra", nargs="*", default=[], help="more folders of documents to load (real reports)"
    )
    args = parser.parse_args()
    os.environ.setdefault("DISCLOSURE_LOAD_WORKERS", "2")
    scratch = Path(tempfile.mkdtemp())
    server = None
    try:
        if args.postgres:
            from tests.postgres import PostgresServer, create_database

            server = PostgresServer()
            server.start()
            url = create_database(server.url(), "store_dump")
        else:
            url = f"sqlite:///{scratch}/dump.db"
        from store.db import drop_schema, ensure_schema, open_database

        db = open_database(url)
        db.connect(reuse_if_open=True)
        drop_schema(db)
        ensure_schema(db)
        lines = []

        def note(summary):
            for r in summary.results:
                lines.append(
                    f"{r.status}\t{r.name}\t{r.reason[:200]}\t{r.report_id}\t{r.sections}\t{r.metrics}"
                )

        folders = [ROOT / "seeds", ROOT / "tests" / "fixtures", *map(Path, args.extra)]
        load_everything(folders, scratch, note)
        Path(f"{args.out}.results").write_text("\n".join(lines) + "\n", encoding="utf-8")
        dump(db, args.out)
        db.close()
        print(f"{args.out}.results, {args.out}.dump")
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
