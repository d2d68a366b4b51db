"""How well template tables load: each fixture against its hand-written expectations.

`disclosure evaluate --tables` (or `python -m loaders.evaluation.tables`) prints, for every fixture in
tests/fixtures/template/, then in tests/fixtures/template_wild/ (held-out
fixtures written apart from the reader, imitating real sites) and in
tests/fixtures/template_variants/ (held-out fixtures that reword the template's
rows and columns, written before reading the alias lists), the cells
expected (template cells present in the text), found (loaded with the right
table/row/column), value-equal (loaded with the expected value; a cell
expected unreadable must have no value), unreadable (loaded without a value
because it could not be read) and the identity results, then totals. Below a
fixture's line come its misplaced cells (loaded under an expected id with
another value: a row or column taken for another) and unexpected cells (loaded
under an id the fixture does not carry).
`evaluate_all(folder)` returns the same as dicts for one folder (default
tests/fixtures/template/).

The expectations are the hand-written files in each folder's expected/:
report_*.json (cell values) and manifest.json (what each fixture carries or
breaks). They are never produced by the parser under evaluation.
"""

import json
import sys
from collections import Counter
from fnmatch import fnmatchcase
from pathlib import Path

from loaders import template_spec as spec
from loaders.own_tables import PLACEMENT
from loaders.pipeline import parse_bytes
from loaders.tables import extract_tables

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "template"
WILD = FIXTURES.parent / "template_wild"
VARIANTS = FIXTURES.parent / "template_variants"
FOLDERS = (FIXTURES, WILD, VARIANTS)
TABLE3_COLUMNS = tuple(c.key for c in spec.TABLE3_COLUMNS)
TABLE4_RESULTS = ("upheld", "corrected", "other", "pending", "total")


def load_manifest(folder=FIXTURES):
    return json.loads((folder / "expected" / "manifest.json").read_text(encoding="utf-8"))[
        "fixtures"
    ]


def report_cells(report):
    """{'table/row/column': value or raw string} of a hand-written report file."""
    cells = {}
    for row, columns in report["table2"].items():
        for column, value in columns.items():
            cells[f"2/{row}/{column}"] = value
    for row, values in report["table3"].items():
        assert len(values) == len(TABLE3_COLUMNS), row
        for column, value in zip(TABLE3_COLUMNS, values):
            cells[f"3/{row}/{column}"] = value
    for group, results in report["table4"].items():
        for result in TABLE4_RESULTS:
            cells[f"4/cases/{group}_{result}"] = results[result]
    return cells


def _matches(cell, patterns):
    return any(fnmatchcase(cell, p) for p in patterns)


def expected_for(entry, folder=FIXTURES):
    """(format, {cell id: expected value or None}, {cell id: expected raw if unreadable}) of a fixture.

    Values are floats; a cell written without a number (`/`, `-`) and a cell
    expected unreadable are None.
    """
    report = json.loads((folder / "expected" / entry["report"]).read_text(encoding="utf-8"))
    cells = report_cells(report)
    cells.update(entry.get("changed", {}))
    missing = entry.get("missing", [])
    unreadable = {}
    for pattern, raw in entry.get("unreadable", {}).items():
        for cell in cells:
            if fnmatchcase(cell, pattern):
                unreadable[cell] = raw
    values = {}
    for cell, value in cells.items():
        if _matches(cell, missing):
            continue
        values[cell] = None if isinstance(value, str) or cell in unreadable else float(value)
    return report["format"], values, unreadable


def identity_expectation(entry, check):
    """The expectation the manifest sets for a check (first matching pattern), default pass."""
    name = f"{check.rule} {check.subject}"
    for pattern, expectation in entry.get("identities", []):
        if fnmatchcase(name, pattern):
            return expectation
    return {"status": "pass"}


def evaluate_fixture(path, entry):
    """One fixture's figures (see module docstring)."""
    report_format, values, _unreadable = expected_for(entry, path.parent)
    doc = parse_bytes(path.read_bytes(), path.name)
    # An agency's own table (`loaders.own_tables`) is no template table: its cells are not scored here.
    found = {
        f"{m.table}/{m.row}/{m.column}": m
        for m in doc.metrics
        if m.table and m.placement != PLACEMENT
    }
    unreadable = {"/".join(c) for c in extract_tables(doc.text, doc.format).unreadable}
    identities = [c for c in doc.checks if c.kind == "identity"]
    as_expected = sum(1 for c in identities if check_as_expected(c, identity_expectation(entry, c)))
    return {
        "fixture": path.name,
        "format": doc.format,
        "format_expected": report_format,
        "cells_expected": len(values),
        "cells_found": sum(1 for cell in values if cell in found),
        "value_equal": sum(
            1 for cell, value in values.items() if cell in found and found[cell].value == value
        ),
        "unreadable": len(unreadable),
        "cells_unexpected": sorted(set(found) - set(values)),
        "cells_misplaced": sorted(
            (cell, found[cell].value, value)
            for cell, value in values.items()
            if cell in found and found[cell].value != value
        ),
        "identities": dict(Counter(c.status for c in identities)),
        "identities_as_expected": as_expected,
        "identities_total": len(identities),
        "table_warnings": [w for w in doc.warnings if w.startswith("table ")],
    }


def check_as_expected(check, expectation):
    for field_name, want in expectation.items():
        got = check.detail.get("missing") if field_name == "missing" else getattr(check, field_name)
        if field_name == "missing":
            if sorted(got) != sorted(want):
                return False
        elif got != want:
            return False
    return True


def evaluate_all(folder=FIXTURES):
    """The figures of every fixture listed in the manifest, in name order."""
    manifest = load_manifest(folder)
    return [evaluate_fixture(folder / name, manifest[name]) for name in sorted(manifest)]


def _row(result):
    ids = result["identities"]
    return (
        f"{result['fixture']:<24} {result['format']:<14} {result['cells_expected']:>4} {result['cells_found']:>5} "
        f"{result['value_equal']:>6} {result['unreadable']:>6}   "
        f"{ids.get('pass', 0):>3} {ids.get('fail', 0):>3} {ids.get('not_assessable', 0):>3}   "
        f"{result['identities_as_expected']}/{result['identities_total']}"
    )


def main(argv=None):
    """Print the table evaluation; exit status 1 when a cell or an identity is not as expected."""
    results = [
        r
        for folder in FOLDERS
        if (folder / "expected" / "manifest.json").exists()
        for r in evaluate_all(folder)
    ]
    print(
        f"{'fixture':<24} {'format':<14} {'exp':>4} {'found':>5} {'equal':>6} {'unread':>6}   "
        f"{'ok':>3} {'bad':>3} {'n/a':>3}   identities as expected"
    )
    for result in results:
        print(_row(result))
        for cell, got, want in result["cells_misplaced"]:
            print(f"    misplaced cell {cell}: {got} for {want}")
        for cell in result["cells_unexpected"]:
            print(f"    unexpected cell {cell}")
        if result["format"] != result["format_expected"]:
            print(f"    format {result['format']} but expected {result['format_expected']}")
    total = {
        k: sum(r[k] for r in results)
        for k in ("cells_expected", "cells_found", "value_equal", "unreadable")
    }
    ids = Counter()
    for r in results:
        ids.update(r["identities"])
    print(
        f"{'TOTAL':<24} {'':<14} {total['cells_expected']:>4} {total['cells_found']:>5} {total['value_equal']:>6} "
        f"{total['unreadable']:>6}   {ids['pass']:>3} {ids['fail']:>3} {ids['not_assessable']:>3}   "
        f"{sum(r['identities_as_expected'] for r in results)}/{sum(r['identities_total'] for r in results)}"
    )
    as_expected = all(
        r["cells_found"] == r["value_equal"] == r["cells_expected"]
        and not r["cells_unexpected"]
        and r["identities_as_expected"] == r["identities_total"]
        and r["format"] == r["format_expected"]
        for r in results
    )
    return 0 if results and as_expected else 1


if __name__ == "__main__":
    sys.exit(main())
