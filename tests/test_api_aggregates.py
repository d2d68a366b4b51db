"""GET /aggregates over HTTP on both backends: the seeds (gold) and the multi-report fixtures."""

import csv
import io
import json

import pytest

AGGREGATES = "/api/v1/aggregates"


def aggregate(client, **query):
    """Rows of GET /aggregates; `fn` is sum unless the test says otherwise (the API's default
    is count, see test_the_default_function_is_count)."""
    response = client.get(AGGREGATES, query_string={"page_size": 500, "fn": "sum", **query})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def values(rows, *keys):
    return [tuple(row[key] for key in keys) + (row["value"],) for row in rows]


# --------------------------------------------------------------------------- seeds


def test_the_default_function_is_count(api):
    """With no input at all (Swagger's Try it out), a count: it never mixes units or shares."""
    response = api.get(AGGREGATES)
    assert response.status_code == 200
    assert response.get_json() == [
        {
            "fn": "count",
            "value": 420,
            "metric_count": 420,
            "value_count": 420,
            "approx_count": 3,
            "units": [
                "%",
                "个",
                "人次",
                "件",
                "份",
                "卷",
                "大类",
                "家",
                "幅",
                "张",
                "批",
                "期",
                "条",
                "次",
                "篇",
                "类",
                "页",
                "项",
            ],
            "percentages_left_out": 0,
        }
    ]


def test_seed_sum_per_year_counts_restated_totals_unless_first(api):
    every = aggregate(api, label="质量管理信息", group_by="year")
    assert values(every, "year") == [(2011, 1436), (2012, 3550)]
    assert [row["metric_count"] for row in every] == [2, 1]
    first = aggregate(api, label="质量管理信息", group_by="year", occurrences="first")
    assert values(first, "year") == [(2011, 718), (2012, 3550)]
    assert first[0] == {
        "year": 2011,
        "fn": "sum",
        "value": 718,
        "metric_count": 1,
        "value_count": 1,
        "approx_count": 0,
        "units": ["条"],
        "percentages_left_out": 0,
    }


def test_seed_count_by_unit_matches_metrics(api):
    rows = aggregate(api, group_by="unit", fn="count")
    for row in rows[:5]:
        total = json.loads(
            api.get("/api/v1/metrics", query_string={"unit": row["unit"], "page_size": 1}).headers[
                "X-Pagination"
            ]
        )["total"]
        assert row["value"] == row["metric_count"] == total
    assert [row["unit"] for row in rows] == sorted(row["unit"] for row in rows)


def test_seed_approximate_values_are_counted(api):
    [row] = aggregate(api, unit="条", year=2012)
    assert row["approx_count"] == 2 and row["units"] == ["条"]
    assert set(row) == {
        "fn",
        "value",
        "metric_count",
        "value_count",
        "approx_count",
        "units",
        "percentages_left_out",
    }


def test_percentages_are_never_summed_or_averaged(api):
    """sum and avg leave the 7 shares of 2011 out, and say so; a valid request is never refused."""
    summed = aggregate(api, group_by="year", fn="sum")
    assert [
        (r["year"], r["value"], r["metric_count"], r["percentages_left_out"]) for r in summed
    ] == [(2011, 2362597, 253, 7), (2012, 383398, 167, 0)]
    [average, _] = aggregate(api, group_by="year", fn="avg")
    assert average["value"] == 2362597 / (253 - 7)
    [shares] = aggregate(api, fn="avg", unit="%")
    assert (shares["value"], shares["metric_count"], shares["percentages_left_out"]) == (None, 7, 7)
    [largest] = aggregate(api, fn="max", unit="%")
    assert (largest["value"], largest["percentages_left_out"]) == (64.7, 0)
    assert aggregate(api, fn="count", unit="%")[0]["value"] == 7


def test_metric_filters_apply(api):
    [row] = aggregate(api, fn="count", label_contains="申请", year=2011)
    total = json.loads(
        api.get(
            "/api/v1/metrics", query_string={"label_contains": "申请", "year": 2011, "page_size": 1}
        ).headers["X-Pagination"]
    )["total"]
    assert row["metric_count"] == total
    assert aggregate(api, fn="count", agency="不存在") == [
        {
            "fn": "count",
            "value": 0,
            "metric_count": 0,
            "value_count": 0,
            "approx_count": 0,
            "units": [],
            "percentages_left_out": 0,
        }
    ]


# --------------------------------------------------------------------------- fixtures


def test_total_per_year_across_agencies_with_drift(multi):
    rows = aggregate(
        multi, label="主动公开政府信息", match="normalized", group_by="year", occurrences="first"
    )
    assert values(rows, "year") == [(2019, 1200), (2020, 2150), (2021, 2450)]
    exact = aggregate(multi, label="主动公开政府信息", group_by="year", occurrences="first")
    assert values(exact, "year") == [(2019, 1200), (2020, 800), (2021, 950)]
    restated = aggregate(multi, label="主动公开政府信息", match="normalized", group_by="year")
    assert values(restated, "year")[0] == (2019, 2400)


def test_normalized_label_groups_under_the_asked_label(multi):
    rows = aggregate(
        multi,
        label="主动公开的政府信息",
        match="normalized",
        group_by="label,agency",
        occurrences="first",
        fn="max",
    )
    assert values(rows, "label", "agency") == [
        ("主动公开的政府信息", "某县人民政府", 950),
        ("主动公开的政府信息", "某市公安局", 1500),
    ]
    assert [row["metric_count"] for row in rows] == [2, 3]


def test_template_cell_total_per_year(multi):
    label = "本年新收政府信息公开申请数量 / 总计"
    assert values(aggregate(multi, label=label, group_by="year"), "year") == [(2021, 150)]
    cells = aggregate(multi, table="3", group_by="table,row,column")
    assert values(cells, "table", "row", "column") == [
        ("3", "carried_over", "natural_person", 2),
        ("3", "carried_over", "total", 5),
        ("3", "new_requests", "natural_person", 112),
        ("3", "new_requests", "total", 150),
    ]
    by_agency = aggregate(
        multi, table="3", row="new_requests", column="total", group_by="agency,year"
    )
    assert values(by_agency, "agency", "year") == [
        ("某县人民政府", 2021, 30),
        ("某市公安局", 2021, 120),
    ]


def test_counts_with_a_unit_and_shares_left_out(multi):
    asked = {"label": "通过门户网站提交申请", "agency": "某市公安局"}
    [summed] = aggregate(multi, **asked)
    assert (summed["value"], summed["metric_count"], summed["percentages_left_out"]) == (208, 6, 3)
    [row] = aggregate(multi, unit="件", **asked)
    assert (row["value"], row["metric_count"]) == (208, 3)
    [low] = aggregate(multi, fn="min", **asked)
    assert (low["value"], low["units"]) == (48, ["%", "件"])  # min over both: units say so


def test_approximations_per_group(multi):
    rows = aggregate(multi, label="政务微博发布信息", group_by="year")
    assert [(r["year"], r["value"], r["approx_count"], r["metric_count"]) for r in rows] == [
        (2019, 2400, 1, 1),
        (2020, 3000, 1, 1),
        (2021, 4700, 2, 2),
    ]


def test_mixed_units_are_listed(multi):
    [row] = aggregate(multi, label="规范性文件", agency="某县人民政府")
    assert row["units"] == ["件"]
    [both] = aggregate(multi, label="规范性文件", year_from=2020)
    assert both["units"] == ["件", "条"] and both["value"] == 40 + 38 + 12 + 15
    split = aggregate(multi, label="规范性文件", year_from=2020, group_by="unit")
    assert values(split, "unit") == [("件", 27), ("条", 78)]


def test_sort_and_pagination(multi):
    rows = aggregate(multi, unit="条", group_by="agency,year", sort="-value")
    assert [r["value"] for r in rows] == sorted((r["value"] for r in rows), reverse=True)
    response = multi.get(
        AGGREGATES,
        query_string={
            "unit": "条",
            "group_by": "agency,year",
            "fn": "sum",
            "page_size": 2,
            "page": 2,
        },
    )
    assert json.loads(response.headers["X-Pagination"])["total"] == len(rows) == 7
    default = aggregate(multi, unit="条", group_by="agency,year")
    assert response.get_json() == default[2:4]
    assert [(r["agency"], r["year"]) for r in default][:3] == [
        ("某县人民政府", 2020),
        ("某县人民政府", 2021),
        ("某市公安局", 2019),
    ]


@pytest.mark.parametrize(
    "query, name",
    [
        ({"group_by": "month"}, "group_by"),
        ({"group_by": "year, agency"}, "group_by"),
        ({"fn": "median"}, "fn"),
        ({"group_by": "year", "sort": "label"}, "sort"),
        ({"occurrences": "last"}, "occurrences"),
        ({"page": 0}, "page"),
        ({"unknown": 1}, "unknown"),
    ],
)
def test_invalid_queries_are_422(api, query, name):
    response = api.get(AGGREGATES, query_string={"unit": "条", **query})
    assert response.status_code == 422 and name in response.get_json()["errors"]["query"]


def test_aggregates_as_csv(multi):
    response = multi.get(
        AGGREGATES,
        query_string={
            "label": "主动公开政府信息",
            "match": "normalized",
            "occurrences": "first",
            "group_by": "agency,year",
            "fn": "sum",
            "format": "csv",
        },
    )
    assert response.headers["Content-Disposition"] == 'attachment; filename="aggregates.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == [
        "agency",
        "year",
        "fn",
        "value",
        "metric_count",
        "value_count",
        "approx_count",
        "units",
        "percentages_left_out",
    ]
    assert rows[1:] == [
        ["某县人民政府", "2020", "sum", "800", "1", "1", "0", "条", "0"],
        ["某县人民政府", "2021", "sum", "950", "1", "1", "0", "条", "0"],
        ["某市公安局", "2019", "sum", "1200", "1", "1", "0", "条", "0"],
        ["某市公安局", "2020", "sum", "1350", "1", "1", "0", "条", "0"],
        ["某市公安局", "2021", "sum", "1500", "1", "1", "0", "条", "0"],
    ]


def test_a_repeated_group_key_is_read_once(api):
    assert aggregate(api, group_by="year,year") == aggregate(api, group_by="year")


@pytest.mark.parametrize(
    "query, total",
    [
        ({"group_by": "year", "unit": "条"}, 2),
        ({"group_by": "unit", "page_size": 5, "page": 2}, 18),
        ({"group_by": "year,unit", "sort": "-value", "page_size": 3}, 27),
    ],
)
def test_a_first_request_groups_the_metrics_once(api_app, monkeypatch, query, total):
    """The page and its total come from one GROUP BY (no second pass to count the groups)."""
    from api.database import current_db

    with api_app.app_context():
        db = current_db()
    statements = []
    execute_sql = db.execute_sql

    def recording(sql, params=None, *args, **kwargs):
        statements.append(sql)
        return execute_sql(sql, params, *args, **kwargs)

    monkeypatch.setattr(db, "execute_sql", recording)
    client = api_app.test_client()
    response = client.get(AGGREGATES, query_string={"fn": "sum", **query})
    assert response.status_code == 200
    assert json.loads(response.headers["X-Pagination"])["total"] == total
    assert len([sql for sql in statements if "GROUP BY" in sql]) == 1, statements


def test_a_page_beyond_the_last_still_says_the_total(api):
    response = api.get(AGGREGATES, query_string={"group_by": "unit", "page": 9, "page_size": 5})
    assert response.status_code == 200 and response.get_json() == []
    meta = json.loads(response.headers["X-Pagination"])
    assert (meta["total"], meta["last_page"]) == (18, 4)


def test_a_page_asked_again_is_served_from_memory_until_the_data_changes(empty_app, monkeypatch):
    """/aggregates (and /series) keep a page per data version: asked again, no GROUP BY runs;
    a report loaded since changes the version, and the page is computed anew."""
    from api.database import current_db
    from loaders.load import load_paths
    from tests.conftest import SEEDS

    assert not load_paths([SEEDS / "aqsiq-2011-annual-report.txt"]).failed
    with empty_app.app_context():
        db = current_db()
    statements = []
    execute_sql = db.execute_sql

    def recording(sql, params=None, *args, **kwargs):
        statements.append(sql)
        return execute_sql(sql, params, *args, **kwargs)

    monkeypatch.setattr(db, "execute_sql", recording)
    client = empty_app.test_client()
    query = {"group_by": "year", "fn": "sum", "label": "质量管理信息"}
    first = client.get(AGGREGATES, query_string=query).get_json()
    again = client.get(AGGREGATES, query_string=query).get_json()
    assert (
        first
        == again
        == [
            {
                "year": 2011,
                "fn": "sum",
                "value": 1436,
                "metric_count": 2,
                "value_count": 2,
                "approx_count": 0,
                "units": ["条"],
                "percentages_left_out": 0,
            }
        ]
    )
    assert len([sql for sql in statements if "GROUP BY" in sql]) == 1
    assert not load_paths([SEEDS / "aqsiq-2012-subsites-disclosure.txt"]).failed
    after = client.get(AGGREGATES, query_string=query).get_json()
    assert [(row["year"], row["value"]) for row in after] == [(2011, 1436), (2012, 3550)]
    series = client.get("/api/v1/series", query_string={"label": "质量管理信息"}).get_json()
    assert [(point["year"], point["value"]) for point in series] == [(2011, 718), (2012, 3550)]
