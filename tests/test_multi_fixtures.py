"""The analysis fixtures (tests/fixtures/multi) read by the real parser agree with their pinned metrics.

The API tests load those reports with their metrics pinned (tests/conftest.py:
`load_multi`), so that they test the API whatever the parser does. This test
closes the loop: on their prose, the parser finds the same numbers, spans,
units and parts. The pins deliberately word some labels with a drifting
qualifier (全年主动公开政府信息) to exercise normalized matching, so a label
agrees when the parser's label is the pinned one or its tail.
"""

import json

import pytest

from loaders.pipeline import parse_bytes
from tests.conftest import MULTI

REPORTS = sorted((MULTI / "reports").glob("*.txt"))


def pinned(doc):
    """The pinned narrative metrics of a document, by span, with their parents' spans."""
    pins = json.loads((MULTI / "metrics" / f"{doc.name[:-4]}.json").read_text(encoding="utf-8"))
    spans = {}
    for pin in pins["metrics"]:
        at = -1
        for _ in range(pin.get("nth", 1)):
            at = doc.text.index(pin["find"], at + 1)
        start = at + pin["find"].index(pin["quote"])
        spans[pin["key"]] = (start, start + len(pin["quote"]))
    return {
        spans[pin["key"]]: dict(pin, parent_span=spans.get(pin.get("parent")))
        for pin in pins["metrics"]
        if not pin.get("table")
    }


@pytest.mark.parametrize("path", REPORTS, ids=[p.name for p in REPORTS])
def test_the_parser_reads_the_pinned_prose_numbers(path):
    doc = parse_bytes(path.read_bytes(), path.name)
    expected = pinned(doc)
    by_key = {m.key: m for m in doc.metrics}
    found = {(m.start, m.end): m for m in doc.metrics if m.table is None}
    assert set(found) == set(expected)
    for span, pin in expected.items():
        metric = found[span]
        assert (metric.value, metric.unit, metric.approx) == (
            pin["value"],
            pin["unit"],
            pin.get("approx"),
        )
        assert pin["label"].endswith(metric.label), (metric.label, pin["label"])
        parent = by_key[metric.parent] if metric.parent else None
        assert ((parent.start, parent.end) if parent else None) == pin["parent_span"], pin["label"]
