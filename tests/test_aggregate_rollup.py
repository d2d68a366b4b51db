"""GET /aggregates from the rollup (api.aggregate_rollup) equals GET /aggregates from the metrics.

Every rollup-eligible combination of group keys, function, filters, label
matching and occurrences is asked over HTTP of two apps on the same store (the
seeds and the multi-report fixtures), one reading the rollup and one with
AGGREGATE_ROLLUP off reading every metric, on SQLite and PostgreSQL; the
answers must be the same, rows, order and pagination headers. Values compare
exactly: a sum or average is only allowed a rounding difference where the
metric path itself added fractions (its value is not a whole number).
"""

import math

import pytest

from api import aggregates, pagination

AGGREGATES = "/api/v1/aggregates"
GROUPS = [
    "",
    "year",
    "label",
    "unit",
    "year,unit",
    "label,year",
    "table,row,column",
    "column",
    "unit,label,row",
    "year,label,unit,table,row,column",
]
FUNCTIONS = ["count", "sum", "avg", "min", "max"]
FILTERS = [
    # (filters, whether the rollup answers them with occurrences=first)
    ({}, True),
    ({"unit": "条"}, True),
    ({"unit": "%"}, True),
    ({"year": 2020}, True),
    ({"year_from": 2012, "year_to": 2020}, True),
    ({"label_contains": "申请"}, True),
    ({"parent": "none"}, True),
    ({"parent": "none", "unit": "件", "year_to": 2011}, True),
    ({"label": "通过信函提交申请"}, True),
    ({"label": ["通过信函提交申请", "其他信息"]}, True),
    # Three wordings (主动公开政府信息, 主动公开的政府信息, 全年主动公开政府信息) are one label:
    # the first occurrence is chosen across them, which the rollup cannot.
    ({"label": "本年度主动公开的政府信息数量", "match": "normalized"}, False),
    ({"label": ["其他信息", "各类其他信息"], "match": "normalized"}, True),
    # A cell filter changes which of a report's metrics is first among those left.
    ({"table": "3"}, False),
    ({"table": "3", "row": "new_requests", "column": "total"}, False),
    ({"year": 1999}, True),
]


@pytest.fixture
def both(multi_url):
    """(rollup client, metric-table client) over the multi-report store."""
    from api import create_app

    apps = [
        create_app({"TESTING": True, "DATABASE_URL": multi_url, "AGGREGATE_ROLLUP": rolled})
        for rolled in (True, False)
    ]
    return [app.test_client() for app in apps]


def same_value(rolled, metric, fn):
    if rolled == metric:
        return True
    fractional = isinstance(metric, float) and metric != round(metric)
    return fn in ("sum", "avg") and fractional and math.isclose(rolled, metric, rel_tol=1e-12)


def assert_same(rolled, metric, fn):
    assert [{k: v for k, v in row.items() if k != "value"} for row in rolled] == [
        {k: v for k, v in row.items() if k != "value"} for row in metric
    ]
    for left, right in zip(rolled, metric, strict=True):
        assert same_value(left["value"], right["value"], fn), (left, right)


@pytest.mark.parametrize("occurrences", ["all", "first"])
@pytest.mark.parametrize(
    ("filters", "first_rolled"),
    FILTERS,
    ids=["&".join(f"{k}={v}" for k, v in filters.items()) or "none" for filters, _ in FILTERS],
)
def test_rollup_answers_equal_the_metric_answers(
    both, monkeypatch, filters, first_rolled, occurrences
):
    used = []
    source = aggregates.rollup_source
    monkeypatch.setattr(aggregates, "rollup_source", lambda *a: used.append(1) or source(*a))
    eligible = occurrences == "all" or first_rolled
    asked = nonempty = 0
    for group_by in GROUPS:
        for fn in FUNCTIONS:
            sorts = [None] + (["-value,metric_count", "metric_count"] if group_by else [])
            for sort in sorts if fn in ("sum", "count") else [None]:
                query = dict(filters, fn=fn, occurrences=occurrences, page_size=500)
                if group_by:
                    query["group_by"] = group_by
                if sort:
                    query["sort"] = sort
                answers = []
                for client in both:
                    pagination._results.clear()  # each computes: no page from the other app
                    response = client.get(AGGREGATES, query_string=query)
                    assert response.status_code == 200, response.get_json()
                    answers.append((response.get_json(), response.headers["X-Pagination"]))
                (rolled, rolled_pages), (metric, metric_pages) = answers
                assert rolled_pages == metric_pages, query
                assert_same(rolled, metric, fn)
                asked += 1
                nonempty += any(row["metric_count"] for row in metric)
    assert len(used) == (asked if eligible else 0)
    if filters.get("year") != 1999:
        assert nonempty == asked, "every combination selects metrics"


@pytest.mark.parametrize(
    "query",
    [
        {"agency": "某市公安局"},
        {"group_by": "agency"},
        {"group_by": "report,year"},
        {"value_min": 1},
        {"approx": "none"},
        {"parent": "1"},
        {"report": 1},
        {"table": "3", "occurrences": "first"},
    ],
)
def test_requests_the_rollup_cannot_answer_read_the_metrics(both, monkeypatch, query):
    used = []
    source = aggregates.rollup_source
    monkeypatch.setattr(aggregates, "rollup_source", lambda *a: used.append(1) or source(*a))
    rolled, metric = (client.get(AGGREGATES, query_string=dict(query, fn="sum")) for client in both)
    assert rolled.status_code == metric.status_code == 200
    assert rolled.get_json() == metric.get_json()
    assert used == []
