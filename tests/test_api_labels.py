"""GET /labels over HTTP on both backends, and the label normalization every analysis shares."""

import csv
import io
import json

import pytest

from api.labels import normalize_label

LABELS = "/api/v1/labels"


def labels(client, **query):
    response = client.get(LABELS, query_string={"page_size": 500, **query})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# --------------------------------------------------------------------------- normalization


@pytest.mark.parametrize(
    "label, normalized",
    [
        ("主动公开政府信息", "主动公开政府信息"),
        ("主动公开的政府信息", "主动公开政府信息"),  # 的
        ("全年主动公开政府信息", "主动公开政府信息"),  # leading qualifier
        ("主动公开政府信息数量", "主动公开政府信息"),  # trailing word
        ("本年度主动公开政府信息总数", "主动公开政府信息"),
        ("各类计量动态信息", "计量动态信息"),
        ("“双公示”信息", "双公示信息"),  # quotes
        ("政务ＡＰＰ推送信息", "政务app推送信息"),  # full width, case
        ("政务 APP 推送信息", "政务app推送信息"),  # spaces
        ("（一）予以公开", "一予以公开"),  # brackets are punctuation
        ("本年新收政府信息公开申请数量 / 总计", "新收政府信息公开申请数量总计"),
        ("其他信息", "其他信息"),  # 其他 is kept
        ("各类其他信息", "其他信息"),
        ("信息", "信息"),  # 信息 is kept
        ("全部", "全部"),  # never below two characters
        ("各类信息", "信息"),
        ("所有数量", "数量"),
        ("本年本年度数量", "数量"),
    ],
)
def test_normalize_label(label, normalized):
    assert normalize_label(label) == normalized


def test_normalization_is_idempotent_on_its_examples():
    for label in ("主动公开的政府信息", "“双公示”信息", "各类计量动态信息", "政务ＡＰＰ推送信息"):
        once = normalize_label(label)
        assert normalize_label(once) == once


# --------------------------------------------------------------------------- seeds


def test_seed_label_with_counts_years_and_units(api):
    found = {item["label"]: item for item in labels(api, q="质量管理")}
    assert found["质量管理信息"] == {
        "label": "质量管理信息",
        "normalized": "质量管理信息",
        "metric_count": 3,
        "report_count": 2,
        "agency_count": 1,
        "first_year": 2011,
        "last_year": 2012,
        "years": [2011, 2012],
        "units": ["条"],
    }
    assert all("质量管理" in label for label in found)


def test_counts_follow_the_filters(api):
    [item] = labels(api, q="质量管理信息", year=2011)
    assert (item["metric_count"], item["report_count"], item["years"]) == (2, 1, [2011])
    assert labels(api, q="质量管理信息", unit="%") == []
    shares = labels(api, unit="%")
    assert shares and all(item["units"] == ["%"] for item in shares)
    assert {item["label"] for item in shares} >= {"通过门户网站提交申请", "咨询类问题"}


def test_every_label_once_in_code_point_order_and_paginated(api):
    everything = labels(api)
    names = [item["label"] for item in everything]
    assert names == sorted(names) and len(names) == len(set(names))
    total_metrics = json.loads(
        api.get("/api/v1/metrics", query_string={"page_size": 1}).headers["X-Pagination"]
    )["total"]
    assert sum(item["metric_count"] for item in everything) == total_metrics
    response = api.get(LABELS, query_string={"page_size": 20, "page": 3})
    meta = json.loads(response.headers["X-Pagination"])
    assert meta["total"] == len(everything) and meta["page"] == 3
    assert [item["label"] for item in response.get_json()] == names[40:60]


def test_sort_by_frequency(api):
    ranked = labels(api, sort="-metric_count,label")
    counts = [item["metric_count"] for item in ranked]
    assert counts == sorted(counts, reverse=True)
    top = [item for item in ranked if item["metric_count"] == counts[0]]
    assert [item["label"] for item in top] == sorted(item["label"] for item in top)


# --------------------------------------------------------------------------- fixtures


def test_normalized_label_lists_the_wordings_a_series_merges(multi):
    wordings = labels(multi, label="主动公开政府信息", match="normalized")
    assert [item["label"] for item in wordings] == [
        "主动公开政府信息",
        "主动公开的政府信息",
        "全年主动公开政府信息",
    ]
    assert {item["normalized"] for item in wordings} == {"主动公开政府信息"}
    by_label = {item["label"]: item for item in wordings}
    assert by_label["主动公开政府信息"]["years"] == [2019, 2020, 2021]
    assert by_label["主动公开政府信息"]["agency_count"] == 2
    assert by_label["主动公开的政府信息"]["years"] == [2020]
    assert [item["label"] for item in labels(multi, label="主动公开政府信息")] == [
        "主动公开政府信息"
    ]


def test_agency_filter_and_units_most_frequent_first(multi):
    county = {item["label"]: item for item in labels(multi, agency="某县人民政府")}
    assert county["规范性文件"]["units"] == ["件"]
    assert county["其他信息"]["years"] == [2020, 2021]
    assert "工作动态" not in county
    every = {item["label"]: item for item in labels(multi, year_from=2019)}
    assert every["规范性文件"]["units"] == ["条", "件"]  # 6 in 条, 2 in 件
    assert every["通过门户网站提交申请"]["units"] == ["%", "件"]  # 3 each: code point order


def test_labels_as_csv(multi):
    response = multi.get(
        LABELS, query_string={"agency": "某市公安局", "q": "政务", "format": "csv"}
    )
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["label"] for r in rows] == [
        "政务APP推送信息",
        "政务微博发布信息",
        "政务ＡＰＰ推送信息",
    ]
    assert rows[1]["years"] == "2019;2020;2021" and rows[1]["units"] == "条"
    assert rows[0]["normalized"] == rows[2]["normalized"] == "政务app推送信息"


@pytest.mark.parametrize(
    "query, name",
    [
        ({"sort": "count"}, "sort"),
        ({"match": "loose"}, "match"),
        ({"q": ""}, "q"),
        ({"year": 99}, "year"),
        ({"labels": "x"}, "labels"),
    ],
)
def test_invalid_queries_are_422(api, query, name):
    response = api.get(LABELS, query_string=query)
    assert response.status_code == 422 and name in response.get_json()["errors"]["query"]
