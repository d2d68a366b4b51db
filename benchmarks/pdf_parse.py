"""Benchmark: reading PDF reports (pdfplumber) and parsing them, time and peak memory.

Prints its figures; asserts nothing. Usage:
    python benchmarks/pdf_parse.py [--rounds N] [PDF ...]
Default inputs: the PDF copies in tests/fixtures/documents (an 8-page narrative
report, a 4-page portal report with the template's three ruled tables, a
3-page one). For each: pages, the PDF-to-text step alone and the whole parse
(text, tables, metrics, parents, checks) per document and per page, Python's
peak allocation during one parse (tracemalloc) and the process's peak RSS.
"""

import argparse
import gc
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.pipeline import parse_bytes  # noqa: E402
from loaders.reading.pdf import pdf_to_text  # noqa: E402

DEFAULT_INPUTS = sorted((ROOT / "tests" / "fixtures" / "documents").glob("*.pdf"))


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(function, rounds):
    started = time.perf_counter()
    for _ in range(rounds):
        result = function()
    return (time.perf_counter() - started) / rounds, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, help="PDF files (default: the test fixtures)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="timed rounds per document (default 3)"
    )
    args = parser.parse_args()
    import pdfplumber

    for path in args.pdfs or DEFAULT_INPUTS:
        data = path.read_bytes()
        try:
            with pdfplumber.open(path) as pdf:
                pages = len(pdf.pages)
            read_s, text = timed(lambda data=data: pdf_to_text(data), args.rounds)
        except ValueError as exc:
            print(f"{path.name}: not read ({exc})")
            continue
        parse_s, doc = timed(lambda data=data, path=path: parse_bytes(data, path.name), args.rounds)
        gc.collect()
        tracemalloc.start()
        parse_bytes(data, path.name)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"{path.name}: {pages} pages, {len(data) / 1024:.0f} KiB, {len(text)} characters, "
            f"{len(doc.metrics)} metrics; PDF to text {read_s:.2f} s ({read_s / pages:.3f} s/page), "
            f"whole parse {parse_s:.2f} s ({parse_s / pages:.3f} s/page); "
            f"peak Python allocation {peak / 2**20:.1f} MiB"
        )
    print(f"peak RSS of the process: {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
