"""GET /series over HTTP on both backends: the seeds (gold) and the multi-report fixtures."""

import csv
import io
import json

import pytest

SERIES = "/api/v1/series"


def points(client, **query):
    response = client.get(SERIES, query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def summary(items):
    return [(p["agency"], p["year"], p["value"]) for p in items]


# --------------------------------------------------------------------------- seeds


def test_seed_series_of_a_label(api):
    items = points(api, label="质量管理信息")
    assert summary(items) == [("质检总局", 2011, 718), ("质检总局", 2012, 3550)]
    for point in items:
        assert point["unit"] == "条" and point["label"] == "质量管理信息"
        assert point["source"]["quote"] == point["raw"]
        metric = api.get(f"/api/v1/metrics/{point['metric_id']}").get_json()
        assert (metric["report_id"], metric["value"], metric["source"]["start"]) == (
            point["report_id"],
            point["value"],
            point["source"]["start"],
        )


def test_seed_repeated_label_takes_the_top_level_earliest_and_lists_the_others(api):
    first = points(api, label="质量管理信息")[0]
    same_report = api.get(
        "/api/v1/metrics",
        query_string={"label": "质量管理信息", "report": first["report_id"], "sort": "start"},
    ).get_json()
    assert len(same_report) == 2  # in section 二 and again in the 附件
    assert first["metric_id"] == same_report[0]["id"]
    assert first["parent_id"] is None and first["section_id"] == same_report[0]["section_id"]
    assert first["occurrences"] == 2
    assert first["other_metric_ids"] == [same_report[1]["id"]]
    assert points(api, label="质量管理信息")[1]["other_metric_ids"] == []


def test_seed_sort_and_year_filters(api):
    assert summary(points(api, label="质量管理信息", sort="-year")) == [
        ("质检总局", 2012, 3550),
        ("质检总局", 2011, 718),
    ]
    assert summary(points(api, label="质量管理信息", year_from=2012)) == [("质检总局", 2012, 3550)]
    assert summary(points(api, label="质量管理信息", year_to=2011, agency="质检总局")) == [
        ("质检总局", 2011, 718)
    ]
    assert points(api, label="质量管理信息", agency="某局") == []


# --------------------------------------------------------------------------- fixtures


def test_one_point_per_agency_and_year_across_agencies(multi):
    items = points(multi, label="主动公开政府信息")
    assert summary(items) == [
        ("某县人民政府", 2020, 800),
        ("某县人民政府", 2021, 950),
        ("某市公安局", 2019, 1200),
    ]
    gongan = items[2]
    assert gongan["occurrences"] == 2 and len(gongan["other_metric_ids"]) == 1
    other = multi.get(f"/api/v1/metrics/{gongan['other_metric_ids'][0]}").get_json()
    assert other["value"] == 1200 and other["report_id"] == gongan["report_id"]
    assert other["source"]["start"] > gongan["source"]["start"]  # the 附件 restates it


def test_top_level_wins_over_an_earlier_part(multi):
    items = points(multi, label="工作动态", agency="某市公安局")
    assert summary(items) == [
        ("某市公安局", 2019, 880),
        ("某市公安局", 2020, 900),
        ("某市公安局", 2021, 1000),
    ]
    first = items[0]
    assert first["parent_id"] is None and first["occurrences"] == 2
    part = multi.get(f"/api/v1/metrics/{first['other_metric_ids'][0]}").get_json()
    assert part["value"] == 860 and part["parent_id"] is not None
    assert part["source"]["start"] < first["source"]["start"]
    # A year where the label only occurs as a part still has its point.
    assert items[1]["parent_id"] is not None and items[1]["occurrences"] == 1


def test_normalized_matching_follows_wording_drift(multi):
    exact = points(multi, label="主动公开政府信息", agency="某市公安局")
    assert summary(exact) == [("某市公安局", 2019, 1200)]
    drift = points(multi, label="主动公开政府信息", agency="某市公安局", match="normalized")
    assert [(p["year"], p["value"], p["label"]) for p in drift] == [
        (2019, 1200, "主动公开政府信息"),
        (2020, 1350, "主动公开的政府信息"),
        (2021, 1500, "全年主动公开政府信息"),
    ]
    # Asked in any of its wordings, the series is the same.
    assert (
        points(multi, label="主动公开的政府信息", agency="某市公安局", match="normalized") == drift
    )


@pytest.mark.parametrize(
    "asked, expected",
    [
        ("政务APP推送信息", [(2020, 200, "政务APP推送信息"), (2021, 260, "政务ＡＰＰ推送信息")]),
        ("政务ＡＰＰ推送信息", [(2020, 200, "政务APP推送信息"), (2021, 260, "政务ＡＰＰ推送信息")]),
        (
            "双公示信息",
            [(2019, 150, "“双公示”信息"), (2020, 180, "双公示信息"), (2021, 210, "“双公示”信息")],
        ),
        ("政务信息", [(2020, 560, "各类政务信息"), (2021, 610, "政务信息")]),
    ],
)
def test_normalized_matching_width_quotes_and_qualifiers(multi, asked, expected):
    items = points(multi, label=asked, match="normalized")
    assert [(p["year"], p["value"], p["label"]) for p in items] == expected
    assert len(points(multi, label=asked)) < len(expected)  # exact matching misses some


def test_normalized_matching_keeps_qiti_xinxi_apart(multi):
    items = points(multi, label="其他信息", match="normalized")
    assert {p["label"] for p in items} == {"其他信息"}
    assert ("某市公安局", 2019, 305) in summary(items)
    assert all(
        p["label"] != "其他信息" for p in points(multi, label="政务信息", match="normalized")
    )


def test_percentages_only_when_asked(multi):
    counts = points(multi, label="通过门户网站提交申请", agency="某市公安局")
    assert [(p["year"], p["value"], p["unit"]) for p in counts] == [
        (2019, 48, "件"),
        (2020, 70, "件"),
        (2021, 90, "件"),
    ]
    shares = points(multi, label="通过门户网站提交申请", agency="某市公安局", unit="%")
    assert [(p["year"], p["value"], p["unit"]) for p in shares] == [
        (2019, 60, "%"),
        (2020, 70, "%"),
        (2021, 75, "%"),
    ]


def test_template_cell_series(multi):
    label = "本年新收政府信息公开申请数量 / 总计"
    items = points(multi, label=label)
    assert summary(items) == [("某县人民政府", 2021, 30), ("某市公安局", 2021, 120)]
    assert {(p["table"], p["row"], p["column"]) for p in items} == {("3", "new_requests", "total")}
    assert points(multi, label=label, table="3", row="new_requests", column="total") == items
    assert points(multi, label=label, column="natural_person") == []


def test_approximate_points_say_so(multi):
    items = points(multi, label="政务微博发布信息", agency="某市公安局")
    assert [(p["year"], p["value"], p["approx"]) for p in items] == [
        (2019, 2400, "more_than"),
        (2020, 3000, "about"),
        (2021, 3200, "more_than"),
    ]


def test_pagination_of_points(multi):
    response = multi.get(SERIES, query_string={"label": "其他信息", "page_size": 2, "page": 2})
    meta = json.loads(response.headers["X-Pagination"])
    assert meta["total"] == 7 and meta["page"] == 2 and meta["total_pages"] == 4
    assert summary(response.get_json()) == [("某市公安局", 2019, 305), ("某市公安局", 2020, 410)]
    assert 'rel="next"' in response.headers["Link"]


@pytest.mark.parametrize(
    "query, total",
    [
        ({"label": "其他信息"}, 7),
        ({"label": "其他信息", "agency": "某市公安局"}, 3),
        ({"label": "其他信息", "year_from": 2020}, 4),
        ({"label": "主动公开政府信息", "match": "normalized"}, 5),
        ({"label": "其他信息", "unit": "%"}, 0),
    ],
)
def test_the_total_counts_one_point_per_agency_and_year(multi, query, total):
    """The total is counted apart from the ranking (a DISTINCT of agency and year): it must
    still be the number of points served."""
    response = multi.get(SERIES, query_string={**query, "page_size": 500})
    assert json.loads(response.headers["X-Pagination"])["total"] == total
    assert len(response.get_json()) == total


def test_unmatched_label_is_an_empty_series(multi):
    for match in ("exact", "normalized"):
        response = multi.get(SERIES, query_string={"label": "不存在的指标", "match": match})
        assert response.status_code == 200 and response.get_json() == []
        assert json.loads(response.headers["X-Pagination"])["total"] == 0


@pytest.mark.parametrize(
    "query, name",
    [
        ({}, "label"),
        ({"label": "质量管理信息", "match": "fuzzy"}, "match"),
        ({"label": "质量管理信息", "lable": "x"}, "lable"),
        ({"label": "质量管理信息", "sort": "label"}, "sort"),
        ({"label": "质量管理信息", "page_size": 501}, "page_size"),
        ({"label": "质量管理信息", "format": "xml"}, "format"),
    ],
)
def test_invalid_queries_are_422_naming_the_parameter(api, query, name):
    response = api.get(SERIES, query_string=query)
    assert response.status_code == 422
    body = response.get_json()
    assert name in body["errors"]["query"] and name in body["message"]


def test_series_as_csv(multi):
    response = multi.get(
        SERIES, query_string={"label": "主动公开政府信息", "match": "normalized", "format": "csv"}
    )
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["agency"], r["year"], r["value"], r["label"]) for r in rows] == [
        ("某县人民政府", "2020", "800", "主动公开政府信息"),
        ("某县人民政府", "2021", "950", "主动公开政府信息"),
        ("某市公安局", "2019", "1200", "主动公开政府信息"),
        ("某市公安局", "2020", "1350", "主动公开的政府信息"),
        ("某市公安局", "2021", "1500", "全年主动公开政府信息"),
    ]
    assert rows[2]["occurrences"] == "2" and rows[2]["other_metric_ids"].isdigit()
    assert rows[2]["quote"] == "1200条" and "主动公开政府信息1200条" in rows[2]["context"]
    assert list(rows[0]) == [
        "agency",
        "year",
        "value",
        "unit",
        "approx",
        "label",
        "raw",
        "metric_id",
        "report_id",
        "section_id",
        "parent_id",
        "table",
        "row",
        "column",
        "start",
        "end",
        "quote",
        "context",
        "occurrences",
        "other_metric_ids",
    ]
