"""Benchmark: GET /api/v1/search on a large store (the seeds written many times).

Prints its figures; asserts nothing. Usage:
    python benchmarks/search.py [--copies N] [--rounds R] [--database-url URL]

Each seed is parsed once and its extraction written `--copies` times under
distinct names (a line `副本 N` appended to the text after every span, so every
copy is a different document), with the loader's own `write_document`, so the store holds
copies x 422 metrics and their search passages and index. Then each query is
asked `--rounds` times through the app (Flask test client: argument parsing,
COUNT, page, snippets and metrics included) and p50/p95/max are printed.
"""

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.pipeline import parse_text  # noqa: E402
from loaders.reading.decode import decode_document  # noqa: E402
from loaders.write import write_document  # noqa: E402
from store.db import ensure_schema, open_database  # noqa: E402
from store.models import Metric, SearchPassage, database  # noqa: E402

QUERIES = [
    {"q": "依申请公开"},  # a phrase: trigram index
    {"q": "质量管理信息", "year": 2012},
    {"q": "行政复议"},
    {"q": "申请", "report": 1},  # two characters: a scan bounded by the filter
    {"q": "申请", "year": 2012},  # ... bounded by a weaker filter
    {"q": "公开"},  # ... unbounded: every passage is scanned
]


def fill(copies):
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    parsed = []
    for path in seeds:
        decoded = decode_document(path.read_bytes(), path.name)
        doc = parse_text(decoded.text, name=path.name, media_type=decoded.media_type)
        parsed.append((path.name, decoded, doc))
    started = time.perf_counter()
    for copy in range(copies):
        for name, decoded, doc in parsed:
            # Appended after every span, so the extraction's offsets stay right.
            text = doc.text = f"{decoded.text}\n副本 {copy}\n"
            copy_name = f"{copy:05d}-{name}"
            with database.atomic():
                write_document(
                    doc, copy_name, hashlib.sha256(text.encode()).hexdigest(), decoded.encoding
                )
        if copy and copy % 200 == 0:
            print(f"  {copy} copies, {time.perf_counter() - started:.0f} s", flush=True)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--copies",
        type=int,
        default=2400,
        help="copies of each seed (default 2400: about 1M metrics)",
    )
    parser.add_argument("--rounds", type=int, default=40, help="requests per query (default 40)")
    parser.add_argument(
        "--database-url", default=None, help="store to fill (default: a temporary SQLite file)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.db"
        db = open_database(url)
        db.connect()
        ensure_schema(db)
        elapsed = fill(args.copies)
        metrics = Metric.select().count()
        passages = SearchPassage.select().count()
        print(f"store: {metrics} metrics, {passages} passages, written in {elapsed:.0f} s")
        db.close()

        from api import create_app

        client = create_app({"TESTING": True, "DATABASE_URL": url}).test_client()
        for params in QUERIES:
            times = []
            for _ in range(args.rounds):
                started = time.perf_counter()
                response = client.get("/api/v1/search", query_string=params)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.get_json()
            total = response.headers["X-Pagination"].split(",")[0]
            times.sort()
            p95 = times[max(0, int(len(times) * 0.95) - 1)]
            print(
                f"{params}: {total}; p50 {statistics.median(times):.1f} ms, "
                f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms"
            )


if __name__ == "__main__":
    main()
