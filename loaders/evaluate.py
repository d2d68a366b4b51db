"""Compare the parser with the gold extractions: `python -m loaders.evaluate [--json]`.

For each seed in `seeds/` that has a gold file in `tests/fixtures/gold/`, the
document is parsed with `loaders.pipeline.parse_bytes` and measured against the
gold:

* spans: gold metrics found with exactly the gold `start`/`end`;
* values: of those, `value`, `unit` and `approx` equal;
* labels: the label contains the gold label and is not a sentence (see
  `label_is_not_a_sentence`);
* parents / sections: agreement with the gold, in % of gold metrics; parents
  are compared by the span of the parent metric, sections by their start
  offset (a metric in the marker-less body section counts as section None);
* extras: extracted metrics whose span is neither a gold metric nor an
  `optional` span;
* metadata: each report field equal to the gold's.

The process exits non-zero when a document misses a threshold (`THRESHOLDS`).
"""
import argparse
import json
import sys
from pathlib import Path

from loaders.pipeline import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "fixtures" / "gold"

# Acceptance thresholds per document (percent of gold metrics, counts, equality).
THRESHOLDS = {
    "spans_pct": 100.0,
    "values_pct": 100.0,
    "labels_pct": 100.0,
    "parents_pct": 98.0,
    "sections_pct": 98.0,
    "extras_max": 0,
}
SENTENCE_MARKS = "。！？；;!?\n"
CLAUSE_MARKS = "，,"
LABEL_SLACK = 10  # characters a label may have beyond the gold label (or the gold's length, if longer)
METADATA_FIELDS = (
    "agency", "year", "year_inferred", "title", "published_on", "period_start", "period_end", "issuer",
)


def label_is_not_a_sentence(label, gold_label):
    """A label is a noun phrase, not a sentence. Strictly:

    * it holds no sentence or clause-ending mark (。！？；; !? or a newline);
    * it holds no comma (，,) unless the gold label has one too;
    * in a flattened text, where `.` stands for any mark, it holds at most one
      `.` more than the gold label;
    * it is at most 10 characters longer than the gold label (or twice as long,
      for a gold label of more than 10 characters): "not much longer than needed".
    """
    if not label or any(mark in label for mark in SENTENCE_MARKS):
        return False
    if any(mark in label for mark in CLAUSE_MARKS) and not any(mark in gold_label for mark in CLAUSE_MARKS):
        return False
    if label.count(".") > gold_label.count(".") + 1:
        return False
    return len(label) - len(gold_label) <= max(LABEL_SLACK, len(gold_label))


def label_matches(label, gold_label):
    """The label contains the gold label and is not a sentence."""
    return gold_label in (label or "") and label_is_not_a_sentence(label, gold_label)


def _percent(part, whole):
    return round(100.0 * part / whole, 1) if whole else 100.0


def _section_start(sections, key):
    """Start offset of section `key`, or None for no section or the marker-less body section."""
    for section in sections:
        if section.key == key:
            return None if section.marker is None else section.start
    return None


def evaluate_document(path, gold_path):
    """Measure one document against its gold file; a dict of counts, percentages and failures."""
    path, gold_path = Path(path), Path(gold_path)
    doc = parse_bytes(path.read_bytes(), path.name)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    gold_metrics = gold["metrics"]
    gold_span = {m["id"]: (m["start"], m["end"]) for m in gold_metrics}
    gold_section_start = {s["id"]: s["start"] for s in gold.get("sections", [])}
    mine = {(m.start, m.end): m for m in doc.metrics}
    my_span = {m.key: (m.start, m.end) for m in doc.metrics}
    allowed = set(gold_span.values()) | {(o["start"], o["end"]) for o in gold.get("optional", [])}

    found = values = labels = parents = sections = 0
    problems = {"missing": [], "values": [], "labels": [], "parents": [], "sections": []}
    for gm in gold_metrics:
        metric = mine.get((gm["start"], gm["end"]))
        if metric is None:
            problems["missing"].append(gm["quote"] + f" @{gm['start']}")
            continue
        found += 1
        if (metric.value, metric.unit, metric.approx) == (gm["value"], gm["unit"], gm["approx"]):
            values += 1
        else:
            problems["values"].append(f"{gm['quote']}: {metric.value} {metric.unit} {metric.approx}")
        if label_matches(metric.label, gm["label"]):
            labels += 1
        else:
            problems["labels"].append(f"{gm['quote']}: {metric.label!r} (gold {gm['label']!r})")
        expected_parent = gold_span.get(gm["parent"]) if gm["parent"] else None
        actual_parent = my_span.get(metric.parent) if metric.parent else None
        if expected_parent == actual_parent:
            parents += 1
        else:
            problems["parents"].append(f"{gm['quote']} @{gm['start']}: {actual_parent} (gold {expected_parent})")
        expected_section = gold_section_start.get(gm["section"]) if gm["section"] else None
        actual_section = _section_start(doc.sections, metric.section)
        if expected_section == actual_section:
            sections += 1
        else:
            problems["sections"].append(f"{gm['quote']} @{gm['start']}: {actual_section} (gold {expected_section})")

    extras = [f"{m.raw} @{m.start}" for m in doc.metrics if (m.start, m.end) not in allowed]
    report = {field: getattr(doc.report, field) for field in METADATA_FIELDS}
    metadata_diff = {
        field: {"found": report[field], "gold": gold["report"].get(field)}
        for field in METADATA_FIELDS if report[field] != gold["report"].get(field)
    }
    total = len(gold_metrics)
    result = {
        "document": path.name,
        "gold_metrics": total,
        "extracted": len(doc.metrics),
        "spans": found,
        "spans_pct": _percent(found, total),
        "values": values,
        "values_pct": _percent(values, total),
        "labels": labels,
        "labels_pct": _percent(labels, total),
        "parents": parents,
        "parents_pct": _percent(parents, total),
        "sections": sections,
        "sections_pct": _percent(sections, total),
        "extras": len(extras),
        "extra_spans": extras,
        "metadata_equal": not metadata_diff,
        "metadata_diff": metadata_diff,
        "problems": {key: value for key, value in problems.items() if value},
    }
    result["failures"] = failures(result)
    result["passed"] = not result["failures"]
    return result


def failures(result):
    """The thresholds a document result misses, as short sentences."""
    missed = []
    for key in ("spans_pct", "values_pct", "labels_pct", "parents_pct", "sections_pct"):
        if result[key] < THRESHOLDS[key]:
            missed.append(f"{key} {result[key]} < {THRESHOLDS[key]}")
    if result["extras"] > THRESHOLDS["extras_max"]:
        missed.append(f"{result['extras']} extra metrics")
    if not result["metadata_equal"]:
        missed.append("metadata differs: " + ", ".join(sorted(result["metadata_diff"])))
    return missed


def seed_pairs(seeds=SEEDS, gold=GOLD):
    """(document path, gold path) for each seed that has a gold file."""
    pairs = []
    for path in sorted(Path(seeds).iterdir()):
        gold_path = Path(gold) / (path.stem + ".json")
        if path.is_file() and gold_path.exists():
            pairs.append((path, gold_path))
    return pairs


def evaluate_all(seeds=SEEDS, gold=GOLD):
    """`evaluate_document` for every seed with a gold file."""
    return [evaluate_document(path, gold_path) for path, gold_path in seed_pairs(seeds, gold)]


def format_result(result):
    """Human-readable lines for one document."""
    lines = [
        f"{result['document']}: {'PASS' if result['passed'] else 'FAIL'}",
        f"  gold metrics found with exact span: {result['spans']}/{result['gold_metrics']} ({result['spans_pct']}%)",
        f"  value/unit/approx equal:            {result['values']}/{result['gold_metrics']} ({result['values_pct']}%)",
        f"  label contains gold, not sentence:  {result['labels']}/{result['gold_metrics']} ({result['labels_pct']}%)",
        f"  parent agreement:                   {result['parents']}/{result['gold_metrics']} ({result['parents_pct']}%)",
        f"  section agreement:                  {result['sections']}/{result['gold_metrics']} ({result['sections_pct']}%)",
        f"  extras (not gold, not optional):    {result['extras']}",
        f"  metadata equal to gold:             {'yes' if result['metadata_equal'] else 'no'}",
    ]
    for field, diff in result["metadata_diff"].items():
        lines.append(f"    {field}: {diff['found']!r} (gold {diff['gold']!r})")
    for extra in result["extra_spans"]:
        lines.append(f"    extra: {extra}")
    for kind, items in result["problems"].items():
        for item in items:
            lines.append(f"    {kind}: {item}")
    for failure in result["failures"]:
        lines.append(f"  FAILED: {failure}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    results = evaluate_all()
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        print("\n".join(format_result(result) for result in results))
    return 0 if results and all(result["passed"] for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
