"""End-to-end evaluation on whole held-out reports: metadata, sections, tables and prose together.

`disclosure evaluate --e2e` (or `python -m loaders.evaluation.e2e`)
prints, for every fixture in tests/fixtures/e2e_wild/ (whole 2019-2023
reports written apart from the loaders: an HTML portal page, a web copy with
tab-separated tables, markdown, a PDF paste, a 2019-format report and an agency
with nothing to report):

* metadata: the report fields equal to the expectation;
* sections: expected headings found with level, parent and title, and
  headings invented (a table row label read as a heading is one);
* tables: template cells expected, found (right table/row/column), equal
  (right value; a cell written `/` must have no value), misplaced (found with
  another value, or a cell id not expected), unreadable (expected a number,
  loaded without one), and identity results as expected;
* prose: metrics outside the tables against the hand-written ones, as for the
  narrative held-out fixtures (precision, recall, value, label, parent, section).

The expectations are the hand-written files beside each report
(<name>.json, expected/report_<name>.json); nothing is computed by the parser.
"""

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from loaders.evaluation.narrative import compare, percent, problem_lines, resolve_gold, section_tree
from loaders.evaluation.tables import check_as_expected, expected_for, identity_expectation
from loaders.pipeline import parse_bytes
from loaders.reading.decode import decode_document

E2E = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "e2e_wild"

# What every fixture reaches (held by tests/test_e2e_wild.py); a fixture listed
# in E2E_THRESHOLDS replaces the values it names.
E2E_DEFAULT_THRESHOLDS = {
    "spans_pct": 100.0,
    "values_pct": 100.0,
    "labels_pct": 100.0,
    "parents_pct": 100.0,
    "sections_pct": 100.0,
    "precision_pct": 100.0,
    "section_tree_pct": 100.0,
    "extras_max": 0,
    "section_extras_max": 0,
    "metadata": True,
    "cells_equal_pct": 100.0,
}
E2E_THRESHOLDS = {}


@dataclass
class ProseView:
    """The parsed document as `compare` reads it, with only the metrics outside the tables."""

    text: str
    metrics: list
    sections: list
    report: object


def e2e_fixtures(folder=E2E):
    """The expectation files of the end-to-end fixtures, in name order."""
    return sorted(p for p in Path(folder).glob("*.json"))


def table_figures(doc, entry, folder):
    """Cells found/equal/misplaced/unreadable and identities as expected, for one parsed report."""
    report_format, values, _unreadable = expected_for(entry, folder)
    found = {f"{m.table}/{m.row}/{m.column}": m for m in doc.metrics if m.table}
    wrong = sorted(
        cell for cell, value in values.items() if cell in found and found[cell].value != value
    )
    unexpected = sorted(set(found) - set(values))
    unreadable = sorted(
        cell
        for cell, value in values.items()
        if value is not None and cell in found and found[cell].value is None
    )
    identities = [c for c in doc.checks if c.kind == "identity"]
    not_as_expected = [
        f"{c.rule} {c.subject}: {c.status}"
        for c in identities
        if not check_as_expected(c, identity_expectation(entry, c))
    ]
    expected = len(values)
    equal = expected - len([c for c in values if c not in found]) - len(wrong)
    return {
        "format": doc.format,
        "format_expected": report_format,
        "cells_expected": expected,
        "cells_found": sum(1 for cell in values if cell in found),
        "cells_equal": equal,
        "cells_equal_pct": percent(equal, expected),
        "cells_misplaced": len(wrong) + len(unexpected),
        "cells_unreadable": len(unreadable),
        "cells_missing": sorted(cell for cell in values if cell not in found),
        "cells_wrong": [
            f"{cell}: {found[cell].value!r} (expected {values[cell]!r})" for cell in wrong
        ],
        "cells_unexpected": unexpected,
        "identities_total": len(identities),
        "identities_as_expected": len(identities) - len(not_as_expected),
        "identities_not_as_expected": not_as_expected,
    }


def evaluate_e2e_document(json_path, thresholds=None):
    """Measure the pipeline on one whole report (see module docstring)."""
    json_path = Path(json_path)
    spec = json.loads(json_path.read_text(encoding="utf-8"))
    doc_path = json_path.parent / spec["document"]
    data = doc_path.read_bytes()
    text = decode_document(data, doc_path.name).text
    gold = resolve_gold(spec, text)
    doc = parse_bytes(data, doc_path.name)
    limits = {
        **E2E_DEFAULT_THRESHOLDS,
        **E2E_THRESHOLDS.get(doc_path.name, {}),
        **(thresholds or {}),
    }
    prose = ProseView(doc.text, [m for m in doc.metrics if not m.table], doc.sections, doc.report)
    result = compare(prose, gold, doc_path.name, thresholds=limits)
    allowed = result["extracted"] - result["extras"]
    result["precision_pct"] = percent(allowed, result["extracted"])
    agree, problems, invented = section_tree(doc, gold)
    result.update(
        section_tree=agree,
        gold_sections=len(gold["sections"]),
        section_tree_pct=percent(agree, len(gold["sections"])),
        section_extras=len(invented),
    )
    if problems or invented:
        result["problems"]["headings"] = problems + [f"invented {item}" for item in invented]
    result["tables"] = table_figures(doc, spec["tables"], json_path.parent)
    result["failures"] = e2e_failures(result, limits)
    result["passed"] = not result["failures"]
    return result


def e2e_failures(result, limits):
    """The thresholds a result misses, as short sentences."""
    missed = []
    for key in (
        "spans_pct",
        "values_pct",
        "labels_pct",
        "parents_pct",
        "sections_pct",
        "precision_pct",
        "section_tree_pct",
    ):
        if result[key] < limits[key]:
            missed.append(f"{key} {result[key]} < {limits[key]}")
    if result["extras"] > limits["extras_max"]:
        missed.append(f"{result['extras']} extra metrics")
    if result["section_extras"] > limits["section_extras_max"]:
        missed.append(f"{result['section_extras']} invented headings")
    if limits["metadata"] and not result["metadata_equal"]:
        missed.append("metadata differs: " + ", ".join(sorted(result["metadata_diff"])))
    tables = result["tables"]
    if tables["cells_equal_pct"] < limits["cells_equal_pct"]:
        missed.append(f"cells_equal_pct {tables['cells_equal_pct']} < {limits['cells_equal_pct']}")
    return missed


def evaluate_e2e(folder=E2E):
    return [evaluate_e2e_document(path) for path in e2e_fixtures(folder)]


def summary_row(r):
    """One line of figures for a fixture."""
    t = r["tables"]
    meta = len(r["metadata_diff"])
    return (
        f"{r['document']:<24} meta {8 - meta}/8  sect {r['section_tree']}/{r['gold_sections']} +{r['section_extras']}"
        f"  cells {t['cells_found']}/{t['cells_expected']} eq {t['cells_equal']} mis {t['cells_misplaced']}"
        f" unr {t['cells_unreadable']}  ids {t['identities_as_expected']}/{t['identities_total']}"
        f"  prose P {r['precision_pct']}% R {r['spans_pct']}% val {r['values_pct']}% lab {r['labels_pct']}%"
        f" par {r['parents_pct']}% sec {r['sections_pct']}% ({r['gold_metrics']} gold, {r['extras']} extra)"
    )


def format_details(r):
    lines = []
    for field, diff in r["metadata_diff"].items():
        lines.append(f"    metadata {field}: {diff['found']!r} (gold {diff['gold']!r})")
    t = r["tables"]
    if t["format"] != t["format_expected"]:
        lines.append(f"    format {t['format']} (expected {t['format_expected']})")
    missing = t["cells_missing"]
    if missing:
        lines.append(
            f"    cells missing ({len(missing)}): {', '.join(missing[:8])}{' …' if len(missing) > 8 else ''}"
        )
    for item in t["cells_wrong"][:10]:
        lines.append(f"    cell wrong: {item}")
    for item in t["cells_unexpected"][:10]:
        lines.append(f"    cell unexpected: {item}")
    for item in t["identities_not_as_expected"][:10]:
        lines.append(f"    identity: {item}")
    lines.extend(problem_lines(r))
    return [line.replace("\n", "\\n") for line in lines]


def main(argv=None):
    """Print the end-to-end figures (one line per report with `--brief`); exit 1 when a report misses."""
    results = evaluate_e2e()
    for r in results:
        print(summary_row(r))
        details = format_details(r)
        if details and "--brief" not in (sys.argv[1:] if argv is None else argv):
            print("\n".join(details))
    return 0 if all(r["passed"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
