"""Benchmark: parsing the seeds, and loading many documents into a store.

Prints its figures; asserts nothing. Usage:
    python benchmarks/parse_and_load.py [--copies N] [--database-url URL]
Each copy of a seed is made distinct (a changed line) so that the loader
really writes it instead of finding it unchanged.
"""

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.load import load_bytes  # noqa: E402
from loaders.pipeline import parse_bytes  # noqa: E402
from store.db import ensure_schema, open_database  # noqa: E402


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=100, help="documents to load (default 100)")
    parser.add_argument("--rounds", type=int, default=20, help="parse rounds per seed (default 20)")
    parser.add_argument(
        "--database-url", default=None, help="store to load into (default: a temp SQLite)"
    )
    args = parser.parse_args()

    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    blobs = [(p.name, p.read_bytes()) for p in seeds]
    for name, data in blobs:
        started = time.perf_counter()
        for _ in range(args.rounds):
            doc = parse_bytes(data, name)
        elapsed = (time.perf_counter() - started) / args.rounds
        print(
            f"parse {name}: {len(doc.text)} chars, {len(doc.metrics)} metrics, "
            f"{elapsed * 1000:.1f} ms/document, {len(doc.text) / elapsed / 1000:.0f} k chars/s"
        )

    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.db"
        db = open_database(url)
        db.connect()
        ensure_schema(db)
        started = time.perf_counter()
        metrics = 0
        for i in range(args.copies):
            name, data = blobs[i % len(blobs)]
            result = load_bytes(data + f"\n（副本{i}）".encode(), f"copy-{i}-{name}")
            assert result.status == "loaded", result
            metrics += result.metrics
        elapsed = time.perf_counter() - started
        print(
            f"load {args.copies} documents into {url.split(':', 1)[0]}: {elapsed:.2f} s, "
            f"{args.copies / elapsed:.1f} documents/s, {metrics / elapsed:.0f} metrics/s"
        )
        started = time.perf_counter()
        for i in range(args.copies):
            name, data = blobs[i % len(blobs)]
            load_bytes(data + f"\n（副本{i}）".encode(), f"copy-{i}-{name}")
        print(f"reload unchanged: {time.perf_counter() - started:.2f} s")
        db.close()
    print(f"peak RSS: {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
