"""Parse time of hostile inputs, per size: the curve the extraction rules must keep flat.

    python benchmarks/adversarial.py [--sizes 25,100,1000] [--budget 60]
                                     [--only 共1件，,digits] [--no-html]

For each hostile fragment (the vocabulary runs of issue 10 that made the
rules rescan, and those found since: shares alone, 一是 markers, headings,
分N件 batches; runs of digits, whitespace, 十 and 万), repeated to each size
in KB, prints the wall time of the bounded parse (a forked child, as
`disclosure load` parses), the CPU time of the parse itself (measured in the
child), the metrics found and the growth: how much more CPU than at the
smallest size, against how much more text (linear time: the two match). A
parse stopped by the per-document time budget (loaders.limits) prints
`> BUDGET s` and the larger sizes are skipped, so a run always ends. Then the
HTML and size cases: span bombs (merged cells repeat their text at most
MAX_CELL_COPIES times each and MAX_PAGE_COPIES times a page; a page beyond
MAX_PAGE_CELLS is refused), the copy bomb under those limits, 10,000 nested
divs, `<![`, and a 50 MB text (refused by size under the default
DISCLOSURE_MAX_DOCUMENT_BYTES). This is a benchmark, not a test: its figures
go in the closing notes of issues, never into assertions.
"""

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loaders import limits  # noqa: E402
from loaders.load import parse_document  # noqa: E402
from loaders.reading.decode import DocumentError  # noqa: E402

FRAGMENTS = {
    "共1件，": "共1件，",
    "其中1件，": "其中1件，",
    "合计1件（": "合计1件（",
    "申请1件、": "申请1件、",
    "占1%，": "占1%，",
    "一是1件；": "一是1件；",
    "一、1件⏎": "一、1件\n",
    "分1件": "分1件",
    "digits": "1",
    "whitespace": ("共1件", " \u3000\t"),
    "十": "十",
    "万": "万",
}


def html_cases():
    def rows(cell, count):
        return ("<table>" + cell * count + "</table>").encode()

    return {
        "span bomb (20 rows, colspan=100 rowspan=500)": rows(
            "<tr><td colspan=100 rowspan=500>申请1件</td></tr>", 20
        ),
        "span bomb (44 rows, the most under the page limit)": rows(
            "<tr><td colspan=100 rowspan=500>申请1件</td></tr>", 44
        ),
        "span bomb (300 rows, colspan=1000 rowspan=65534)": rows(
            "<tr><td colspan=1000 rowspan=65534>申请1件</td></tr>", 300
        ),
        "copy bomb (60 rows of colspan=256)": rows(
            "<tr><td colspan=256>申请1件</td><td>x</td></tr>", 60
        ),
        "10,000 nested <div>": ("<div>" * 10000 + "受理申请5件" + "</div>" * 10000).encode(),
        "<![ declarations": ("<p>受理申请5件<![if !supportLists]>" * 2000).encode(),
        "50 MB text": ("主动公开政府信息718条。" * (50 * 1024 * 1024 // 36)).encode(),
    }


def timed_parse(data, name):
    """(CPU seconds of the parse, metrics, text length, warnings): run in the bounded child."""
    started = time.process_time()
    _encoding, doc = parse_document(data, name)
    return time.process_time() - started, len(doc.metrics), len(doc.text), len(doc.warnings)


def child_peak_mb():
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def measure(data, name, budget):
    """(wall seconds, CPU seconds or None, outcome) of one bounded parse."""
    started = time.perf_counter()
    cpu = None
    try:
        limits.check_size(len(data))
        cpu, metrics, length, warnings = limits.run_bounded(timed_parse, data, name, seconds=budget)
        outcome = f"{metrics} metrics, text {length:,} chars, {warnings} warnings"
    except DocumentError as exc:
        outcome = f"refused: {exc}"
    return time.perf_counter() - started, cpu, outcome


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="25,100,1000", help="sizes in KB, comma-separated, smallest first"
    )
    parser.add_argument(
        "--budget", type=float, default=60.0, help="seconds a parse may take before it is stopped"
    )
    parser.add_argument("--only", default="", help="fragment names to run, comma-separated")
    parser.add_argument("--no-html", action="store_true", help="skip the HTML and size cases")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    only = [s for s in args.only.split(",") if s]
    print(f"{'fragment':<12} {'KB':>5} {'wall s':>8} {'CPU s':>7} {'growth':>17}  outcome")
    for name, fragment in FRAGMENTS.items():
        if only and name not in only:
            continue
        head, piece = fragment if isinstance(fragment, tuple) else ("", fragment)
        unit = piece.encode("utf-8")
        first = None  # (size, CPU seconds) of the smallest size
        for size in sizes:
            data = head.encode() + unit * max(1, size * 1024 // len(unit))
            wall, cpu, outcome = measure(data, "adversarial.txt", args.budget)
            if "took longer" in outcome:
                print(f"{name:<12} {size:>5} {'> ' + format(args.budget, 'g'):>8}  {outcome}")
                break  # larger sizes only take longer
            growth = ""
            if first is None:
                first = (size, cpu)
            else:
                growth = f"CPU x{cpu / max(first[1], 1e-6):.1f} / KB x{size / first[0]:g}"
            print(
                f"{name:<12} {size:>5} {wall:>8.2f} {cpu:>7.2f} {growth:>17}  {outcome}", flush=True
            )
    if not args.no_html:
        print()
        for name, data in html_cases().items():
            suffix = ".txt" if "text" in name else ".html"
            wall, cpu, outcome = measure(data, "adversarial" + suffix, args.budget)
            shown = "-" if cpu is None else f"{cpu:.2f}"
            print(
                f"{name:<52} {len(data) / 1024:>7.0f} KB {wall:>6.2f} s wall {shown:>5} s CPU  {outcome}",
                flush=True,
            )
        print(f"largest child (parse) peak RSS: {child_peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
