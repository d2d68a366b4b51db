"""Hostile values in the store are served safely: CSV cells never run as formulas (OWASP),
JSON never carries NaN or Infinity, numbers stay numbers. Both backends, over HTTP."""

import csv
import datetime
import io
import json
import math

import pytest

from api.finite import dumps, finite, neutralise
from store.models import Report, ReportSource

HOSTILE = [
    ('=HYPERLINK("http://evil.example","点此")', -3.0),
    ("@SUM(1+1)*cmd|' /C calc'!A0", 1.0),
    ("+1+1", 2.0),
    ("-1+1", float("inf")),
    ("\t=1+1", float("-inf")),
    ("\r=1+1", float("nan")),
    ("申请总量", 5.0),
]


@pytest.fixture
def hostile_client(empty_app):
    report = Report.create(
        title="=1+1 恶意标题",
        source_name="-x.txt",
        sha256="0" * 64,
        encoding="utf-8",
        text="x" * 200,
        loaded_at=datetime.datetime(2026, 1, 1),
    )
    ReportSource.create(report=report, source="=evil()", loaded_at=report.loaded_at)
    for ordinal, (label, value) in enumerate(HOSTILE, 1):
        report.metrics.model.create(
            report=report,
            ordinal=ordinal,
            label=label,
            value=value,
            raw="1件",
            start=ordinal,
            end=ordinal + 1,
        )
    return empty_app.test_client()


def test_csv_cells_that_would_be_formulas_are_neutralised(hostile_client):
    response = hostile_client.get("/api/v1/metrics", query_string={"format": "csv", "sort": "id"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(row["label"], row["value"]) for row in rows] == [
        ('\'=HYPERLINK("http://evil.example","点此")', "-3"),
        ("'@SUM(1+1)*cmd|' /C calc'!A0", "1"),
        ("'+1+1", "2"),
        ("'-1+1", ""),
        ("'\t=1+1", ""),
        ("'\r=1+1", ""),
        ("申请总量", "5"),
    ]


def test_report_csv_neutralises_title_and_sources(hostile_client):
    response = hostile_client.get("/api/v1/reports", query_string={"format": "csv"})
    [row] = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert (row["title"], row["source_name"], row["sources"]) == (
        "'=1+1 恶意标题",
        "'-x.txt",
        "'=evil()",
    )


@pytest.mark.parametrize("fmt", ["json", "ndjson"])
def test_json_never_carries_nan_or_infinity(hostile_client, fmt):
    response = hostile_client.get("/api/v1/metrics", query_string={"format": fmt, "sort": "id"})
    body = response.get_data(as_text=True)
    assert "Infinity" not in body and "NaN" not in body
    items = json.loads(body) if fmt == "json" else [json.loads(line) for line in body.splitlines()]
    assert [item["value"] for item in items] == [-3.0, 1.0, 2.0, None, None, None, 5.0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1", "'=1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@a", "'@a"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        ("", ""),
        ("申请", "申请"),
    ],
)
def test_neutralise(text, expected):
    assert neutralise(text) == expected


def test_finite_and_dumps():
    value = {"a": [1.5, float("inf"), {"b": float("nan")}], "c": -float("inf"), "d": "x"}
    assert finite(value) == {"a": [1.5, None, {"b": None}], "c": None, "d": "x"}
    assert dumps(value) == '{"a": [1.5, null, {"b": null}], "c": null, "d": "x"}'
    assert math.isnan(float("nan"))  # the input itself is left alone
