"""First-sight evaluation on real reports: 14 平潭 reports as archived from the portal.

`python -m loaders.evaluation.real` parses every document of
tests/fixtures/real/pingtan/ with the project's parser and compares it with the
expectations typed by hand from reading each document
(tests/fixtures/real/pingtan/expected/<name>.json, and report_<name>.json for
the template tables; see write_expected.py there). Nothing expected comes from
the parser. Per document it prints:

* meta: metadata fields equal to the expectation (agency, year, year_inferred,
  title, published_on, period_start, period_end, issuer);
* sect: expected headings found with their level, parent and title, and
  headings invented (+n);
* cells (2019+ template tables): cells expected with a number, right (the
  right table/row/column with the same value), wrong (another value, or a
  number where the text cannot be split), missing (absent, or present without
  a number); table 三 cells present (at their table/row/column, read or not);
* ids: identity checks with the status the printed table implies;
* stats (pre-2019 statistics tables): cells present (a metric at the cell's
  span, or one labelled with its row and column) and right;
* prose (documents whose prose numbers were written completely): expected
  numbers found at their span, with the right value/unit/approx, label and
  parent, and extras (numbers outside the tables nobody expected).

These are measurements, not a gate: tests/test_evaluation_real.py holds each
figure at least at its first-sight value (a ratchet raised as fixes land).
"""

import json
import sys
from pathlib import Path

from loaders.evaluation.e2e import E2E_DEFAULT_THRESHOLDS, ProseView
from loaders.evaluation.narrative import METADATA_FIELDS, compare, resolve_gold, section_tree
from loaders.evaluation.tables import check_as_expected, expected_for, identity_expectation
from loaders.pipeline import parse_bytes
from loaders.reading.decode import decode_document
from loaders.template_spec import normalise

REAL = Path(__file__).resolve().parent.parent.parent / "tests" / "fixtures" / "real" / "pingtan"


def expectation_files(folder=REAL):
    """The per-document expectation files, in name order (the report_*.json table files are read through them)."""
    return sorted(
        p for p in (Path(folder) / "expected").glob("*.json") if not p.name.startswith("report_")
    )


def _metadata(doc, spec):
    found = {field: getattr(doc.report, field) for field in METADATA_FIELDS}
    wrong = {
        field: (found[field], spec["report"].get(field))
        for field in METADATA_FIELDS
        if found[field] != spec["report"].get(field)
    }
    return len(METADATA_FIELDS) - len(wrong), wrong


def _template_cells(doc, entry, folder):
    _format, values, _unreadable = expected_for(entry, folder)
    found = {f"{m.table}/{m.row}/{m.column}": m for m in doc.metrics if m.table}
    numeric = {cell: value for cell, value in values.items() if value is not None}
    present = [cell for cell in numeric if cell in found]
    right = [cell for cell in present if found[cell].value == numeric[cell]]
    unread = [cell for cell in present if found[cell].value is None]
    wrong = [
        f"{cell}: {found[cell].value!r} (expected {numeric[cell]!r})"
        for cell in present
        if found[cell].value is not None and found[cell].value != numeric[cell]
    ]
    # A cell the text cannot split must stay unread: any number there is a guess.
    wrong += [
        f"{cell}: {found[cell].value!r} (digits cannot be split)"
        for cell, value in values.items()
        if value is None and cell in found and found[cell].value is not None
    ]
    table3 = [cell for cell in numeric if cell.startswith("3/")]
    identities = [c for c in doc.checks if c.kind == "identity"]
    not_as_expected = [
        f"{c.rule} {c.subject}: {c.status}"
        for c in identities
        if not check_as_expected(c, identity_expectation(entry, c))
    ]
    return {
        "cells_expected": len(numeric),
        "cells_present": len(present),
        "cells_right": len(right),
        "cells_wrong": len(wrong),
        "cells_unread": len(unread),
        "cells_missing": len(numeric) - len(present) + len(unread),
        "table3_expected": len(table3),
        "table3_present": sum(1 for cell in table3 if cell in found),
        "identities_total": len(identities),
        "identities_as_expected": len(identities) - len(not_as_expected),
        "wrong_cells": wrong,
        "missing_cells": sorted(
            cell for cell in numeric if cell not in found or found[cell].value is None
        ),
        "identities_not_as_expected": not_as_expected,
    }


def _statistics(doc, spec):
    by_span = {(m.start, m.end): m for m in doc.metrics}
    by_label = {
        (normalise(m.row or ""), normalise(m.column or "")): m
        for m in doc.metrics
        if m.row and m.column
    }
    present = right = 0
    problems = []
    for cell in spec.get("statistics", []):
        metric = by_span.get((cell["start"], cell["end"]))
        if metric is None:
            metric = by_label.get((normalise(cell["row"]), normalise(cell["column"])))
        if metric is None:
            continue
        present += 1
        if metric.value == cell["value"]:
            right += 1
        else:
            problems.append(
                f"{cell['row']} / {cell['column']}: {metric.value!r} (expected {cell['value']!r})"
            )
    return {
        "stats_expected": len(spec.get("statistics", [])),
        "stats_present": present,
        "stats_right": right,
        "stats_wrong": problems,
    }


def evaluate_document(json_path):
    """All figures of one real document (see the module docstring)."""
    json_path = Path(json_path)
    folder = json_path.parent.parent
    spec = json.loads(json_path.read_text(encoding="utf-8"))
    data = (folder / spec["document"]).read_bytes()
    text = decode_document(data, spec["document"]).text
    gold = resolve_gold(spec, text)
    doc = parse_bytes(data, spec["document"])
    meta_right, meta_wrong = _metadata(doc, spec)
    agree, heading_problems, invented = section_tree(doc, gold)
    result = {
        "document": spec["document"],
        "prose_written": spec.get("prose") == "complete",
        "meta_right": meta_right,
        "meta_total": len(METADATA_FIELDS),
        "meta_wrong": meta_wrong,
        "sections_expected": len(gold["sections"]),
        "sections_right": agree,
        "sections_invented": len(invented),
        "heading_problems": heading_problems + [f"invented {item}" for item in invented],
    }
    if "tables" in spec:
        result.update(_template_cells(doc, spec["tables"], folder))
    result.update(_statistics(doc, spec))
    cell_spans = {(c["start"], c["end"]) for c in spec.get("statistics", [])}
    prose_metrics = [m for m in doc.metrics if not m.table and (m.start, m.end) not in cell_spans]
    prose = compare(
        ProseView(doc.text, prose_metrics, doc.sections, doc.report),
        gold,
        spec["document"],
        thresholds=E2E_DEFAULT_THRESHOLDS,
    )
    result.update(
        prose_expected=prose["gold_metrics"],
        prose_found=prose["spans"],
        prose_values=prose["values"],
        prose_labels=prose["labels"],
        prose_parents=prose["parents"],
        prose_extras=prose["extras"] if result["prose_written"] else None,
        prose_problems=prose["problems"],
        extra_spans=prose["extra_spans"],
    )
    return result


def evaluate_all(folder=REAL):
    return [evaluate_document(path) for path in expectation_files(folder)]


def _pct(part, whole):
    return f"{100.0 * part / whole:.0f}%" if whole else "-"


def summary_row(r):
    """One line of figures for a document."""
    parts = [
        f"{r['document']:<24}",
        f"meta {r['meta_right']}/{r['meta_total']}",
        f"sect {r['sections_right']}/{r['sections_expected']} +{r['sections_invented']}",
    ]
    if "cells_expected" in r:
        parts.append(
            f"cells {r['cells_right']}/{r['cells_expected']} right {r['cells_wrong']} wrong "
            f"{r['cells_missing']} missing  t3 {_pct(r['table3_present'], r['table3_expected'])}"
            f"  ids {r['identities_as_expected']}/{r['identities_total']}"
        )
    if r["stats_expected"]:
        parts.append(
            f"stats {r['stats_present']}/{r['stats_expected']} present {r['stats_right']} right"
        )
    if r["prose_written"]:
        parts.append(
            f"prose {r['prose_found']}/{r['prose_expected']} found val {r['prose_values']} "
            f"lab {r['prose_labels']} par {r['prose_parents']} extra {r['prose_extras']}"
        )
    return "  ".join(parts)


def details(r):
    lines = [
        f"    metadata {field}: {found!r} (expected {want!r})"
        for field, (found, want) in r["meta_wrong"].items()
    ]
    lines += [f"    {item}" for item in r["heading_problems"][:6]]
    lines += [f"    cell wrong {item}" for item in r.get("wrong_cells", [])[:6]]
    missing = r.get("missing_cells", [])
    if missing:
        lines.append(
            f"    cells missing ({len(missing)}): {', '.join(missing[:6])}{' …' if len(missing) > 6 else ''}"
        )
    lines += [f"    identity {item}" for item in r.get("identities_not_as_expected", [])[:6]]
    lines += [f"    stats wrong {item}" for item in r["stats_wrong"][:6]]
    if r["prose_written"]:
        for kind, items in r["prose_problems"].items():
            lines += [f"    prose {kind}: {item}" for item in items[:6]]
        lines += [f"    prose extra: {item}" for item in r["extra_spans"][:6]]
    return [line.replace("\n", "\\n") for line in lines]


def totals(results):
    """Figures added up over the documents."""
    keys = (
        "meta_right",
        "meta_total",
        "sections_right",
        "sections_expected",
        "sections_invented",
        "cells_expected",
        "cells_right",
        "cells_wrong",
        "cells_missing",
        "table3_expected",
        "table3_present",
        "stats_expected",
        "stats_present",
        "stats_right",
        "identities_total",
        "identities_as_expected",
    )
    sums = {key: sum(r.get(key, 0) for r in results) for key in keys}
    written = [r for r in results if r["prose_written"]]
    for key in (
        "prose_expected",
        "prose_found",
        "prose_values",
        "prose_labels",
        "prose_parents",
        "prose_extras",
    ):
        sums[key] = sum(r[key] for r in written)
    return sums


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    results = evaluate_all()
    for r in results:
        print(summary_row(r))
        if "--brief" not in argv:
            print("\n".join(details(r)))
    t = totals(results)
    print(
        f"TOTAL meta {t['meta_right']}/{t['meta_total']}  sect {t['sections_right']}/{t['sections_expected']} "
        f"+{t['sections_invented']}  cells {t['cells_right']}/{t['cells_expected']} right {t['cells_wrong']} wrong "
        f"{t['cells_missing']} missing  t3 {_pct(t['table3_present'], t['table3_expected'])}  ids "
        f"{t['identities_as_expected']}/{t['identities_total']}  stats {t['stats_present']}/{t['stats_expected']} "
        f"present {t['stats_right']} right  prose {t['prose_found']}/{t['prose_expected']} found val "
        f"{t['prose_values']} lab {t['prose_labels']} par {t['prose_parents']} extra {t['prose_extras']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
