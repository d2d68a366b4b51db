"""Parse time of hostile inputs, per size: the curve the extraction rules must flatten.

    python benchmarks/adversarial.py [--sizes 25,50,100,200,400,1000] [--budget 60]
                                     [--only 共1件，,digits]

For each hostile fragment of issue 10 (vocabulary runs that made the rules
rescan, runs of digits, whitespace, 十 and 万), repeated to each size in KB,
prints the time `parse_bytes` takes and the metrics it finds, or `> BUDGET s`
when the per-document time budget (loaders.limits, a child process killed at
the budget) stops it, so a run always ends. Then the HTML and size cases: the
span bomb, 10,000 nested divs, `<![`, and a 50 MB text (refused by size under
the default DISCLOSURE_MAX_DOCUMENT_BYTES). Linear time means each doubling
of the size doubles the time. This is a benchmark, not a test: its figures go
in the closing notes of issues, never into assertions.
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
    "digits": "1",
    "whitespace": ("共1件", " \u3000\t"),
    "十": "十",
    "万": "万",
}


def html_cases():
    return {
        "span bomb (300 rows, colspan=1000 rowspan=65534)": (
            "<table>" + "<tr><td colspan=1000 rowspan=65534>申请1件</td></tr>" * 300 + "</table>"
        ).encode(),
        "span bomb (20 rows, colspan=100 rowspan=500)": (
            "<table>" + "<tr><td colspan=100 rowspan=500>申请1件</td></tr>" * 20 + "</table>"
        ).encode(),
        "10,000 nested <div>": ("<div>" * 10000 + "受理申请5件" + "</div>" * 10000).encode(),
        "<![ declarations": ("<p>受理申请5件<![if !supportLists]>" * 2000).encode(),
        "50 MB text": ("主动公开政府信息718条。" * (50 * 1024 * 1024 // 36)).encode(),
    }


def child_peak_mb():
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def measure(data, name, budget):
    """(seconds, outcome) of one bounded parse."""
    started = time.perf_counter()
    try:
        limits.check_size(len(data))
        _, doc = limits.run_bounded(parse_document, data, name, seconds=budget)
        outcome = f"{len(doc.metrics)} metrics, text {len(doc.text):,} chars"
    except DocumentError as exc:
        outcome = f"refused: {exc}"
    elapsed = time.perf_counter() - started
    return elapsed, outcome


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="25,50,100,200,400,1000", help="sizes in KB, comma-separated"
    )
    parser.add_argument(
        "--budget", type=float, default=60.0, help="seconds a parse may take before it is stopped"
    )
    parser.add_argument("--only", default="", help="fragment names to run, comma-separated")
    parser.add_argument("--no-html", action="store_true", help="skip the HTML and size cases")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    only = [s for s in args.only.split(",") if s]
    print(f"{'fragment':<12} {'KB':>5} {'seconds':>9}  outcome")
    for name, fragment in FRAGMENTS.items():
        if only and name not in only:
            continue
        head, piece = fragment if isinstance(fragment, tuple) else ("", fragment)
        unit = piece.encode("utf-8")
        for size in sizes:
            data = head.encode() + unit * max(1, size * 1024 // len(unit))
            elapsed, outcome = measure(data, "adversarial.txt", args.budget)
            shown = f"> {args.budget:g}" if "took longer" in outcome else f"{elapsed:.2f}"
            print(f"{name:<12} {size:>5} {shown:>9}  {outcome}", flush=True)
            if "took longer" in outcome:
                break  # larger sizes only take longer
    if not args.no_html:
        print()
        for name, data in html_cases().items():
            suffix = ".txt" if "text" in name else ".html"
            elapsed, outcome = measure(data, "adversarial" + suffix, args.budget)
            print(
                f"{name:<48} {len(data) / 1024:>9.0f} KB {elapsed:>7.2f} s  {outcome}", flush=True
            )
        print(f"largest child (parse) peak RSS: {child_peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
