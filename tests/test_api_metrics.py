"""GET /api/v1/metrics (every filter and sort) and /api/v1/metrics/{id}, through HTTP on both backends.

The store is the gold extraction of the two seeds (fixture `api`); ids are
never hard-coded, they are found by querying.
"""

import pytest

URL = "/api/v1/metrics"


def get_all(api, **params):
    """Every item of a metrics query (following pages), checking each response is a 200."""
    params.setdefault("page_size", 500)
    items, page = [], 1
    while True:
        response = api.get(URL, query_string=dict(params, page=page))
        assert response.status_code == 200, response.get_json()
        batch = response.get_json()
        items.extend(batch)
        if "next" not in response.headers.get("Link", ""):
            return items
        page += 1


def one(api, **params):
    items = get_all(api, **params)
    assert len(items) == 1, items
    return items[0]


def report_id(api, year):
    reports = api.get("/api/v1/reports", query_string={"year": year}).get_json()
    assert len(reports) == 1
    return reports[0]["id"]


def attachment_section(api, year=2011):
    roots = api.get(f"/api/v1/reports/{report_id(api, year)}/sections").get_json()
    return next(s for s in roots if s["marker"] == "附件")


# --------------------------------------------------------------------------- shape


def test_every_metric_carries_its_fields_and_source(api):
    texts = {}
    for metric in get_all(api):
        assert set(metric) == {
            "id",
            "report_id",
            "section_id",
            "parent_id",
            "label",
            "value",
            "raw",
            "unit",
            "approx",
            "agency",
            "year",
            "table",
            "row",
            "column",
            "placement",
            "source",
            "html",
        }
        assert metric["placement"] is None  # the gold store holds narrative numbers only
        rid = metric["report_id"]
        assert metric["html"] == f"/reports/{rid}#m{metric['id']}"
        if rid not in texts:
            texts[rid] = api.get(f"/api/v1/reports/{rid}/text").get_json()["text"]
        text, source = texts[rid], metric["source"]
        assert source["quote"] == text[source["start"] : source["end"]] == metric["raw"]
        assert source["context"] == text[source["context_start"] : source["context_end"]]
        assert source["context_start"] <= source["start"] < source["end"] <= source["context_end"]
        assert source["start"] - source["context_start"] <= 60
        assert source["context_end"] - source["end"] <= 60


def test_integer_values_are_json_integers(api):
    response = api.get(URL, query_string={"label": "质量管理信息", "year": 2012})
    assert b'"value": 3550,' in response.data or b'"value":3550,' in response.data
    percent = get_all(api, unit="%")
    assert 64.7 in [m["value"] for m in percent]


def test_context_is_the_sentence_around_the_number(api):
    metric = one(
        api, label="计量管理信息", year=2011, section=attachment_child(api, "（二）")["id"]
    )
    assert metric["source"]["context"] == "（二）计量管理信息323条。"


def attachment_child(api, marker):
    attachment = api.get(f"/api/v1/sections/{attachment_section(api)['id']}").get_json()
    return next(c for c in attachment["children"] if c["marker"] == marker)


# --------------------------------------------------------------------------- the user queries


def test_values_of_one_label_across_years_in_one_call(api):
    items = get_all(api, label="质量管理信息", sort="year")
    assert [(m["year"], m["value"], m["unit"]) for m in items] == [
        (2011, 718, "条"),
        (2011, 718, "条"),
        (2012, 3550, "条"),
    ]
    assert {m["agency"] for m in items} == {"质检总局"}
    newest_first = get_all(api, label="质量管理信息", sort="-year")
    assert [m["year"] for m in newest_first] == [2012, 2011, 2011]


def test_several_labels_in_one_call(api):
    items = get_all(api, label=["质量管理信息", "计量管理信息"], year=2012, sort="label")
    assert sorted((m["label"], m["value"]) for m in items) == [
        ("计量管理信息", 1340),
        ("质量管理信息", 3550),
    ]


def test_metrics_of_the_attachment_and_its_subsections(api):
    attachment = attachment_section(api)
    inside = get_all(api, within_section=attachment["id"])
    assert len(inside) > 100
    assert all(attachment["start"] <= m["source"]["start"] < attachment["end"] for m in inside)
    sections = {m["section_id"] for m in inside}
    children = {
        c["id"] for c in api.get(f"/api/v1/sections/{attachment['id']}").get_json()["children"]
    }
    assert sections <= children | {attachment["id"]}
    assert len(sections - {attachment["id"]}) == 18  # (一)…(十八); the intro has 22个, 571项
    quality = [m for m in inside if m["label"] == "质量管理信息"]
    assert [m["value"] for m in quality] == [718]
    # `section` is exact: the attachment's own text holds only the introduction's numbers.
    direct = get_all(api, section=attachment["id"])
    assert {m["section_id"] for m in direct} <= {attachment["id"]}
    assert len(direct) < len(inside)


def test_top_level_metrics_of_a_report_sorted_by_value(api):
    rid = report_id(api, 2012)
    items = get_all(api, report=rid, parent="none", sort="-value")
    assert items and all(m["parent_id"] is None and m["report_id"] == rid for m in items)
    values = [m["value"] for m in items]
    assert values == sorted(values, reverse=True)
    assert values[0] == 164155  # 食品生产许可信息164155条
    assert 3550 in values
    every = get_all(api, report=rid)
    assert len(every) > len(items)


def test_every_metric_whose_label_contains_a_word(api):
    items = get_all(api, label_contains="申请")
    assert items and all("申请" in m["label"] for m in items)
    assert {m["year"] for m in items} == {2011}
    assert "有效申请" in {m["label"] for m in items}


# --------------------------------------------------------------------------- each filter


def test_filter_by_report_and_agency_and_years(api):
    r2011, r2012 = report_id(api, 2011), report_id(api, 2012)
    all_items = get_all(api)
    by_report = get_all(api, report=r2011)
    assert by_report and {m["report_id"] for m in by_report} == {r2011}
    assert len(by_report) + len(get_all(api, report=r2012)) == len(all_items)
    assert len(get_all(api, agency="质检总局")) == len(all_items)
    assert get_all(api, agency="某不存在的局") == []
    assert {m["year"] for m in get_all(api, year=2012)} == {2012}
    assert {m["year"] for m in get_all(api, year_from=2012)} == {2012}
    assert {m["year"] for m in get_all(api, year_to=2011)} == {2011}
    assert len(get_all(api, year_from=2011, year_to=2012)) == len(all_items)
    assert get_all(api, year_from=2013) == []


def test_filter_by_unit_value_and_approx(api):
    percents = get_all(api, unit="%")
    assert percents and {m["unit"] for m in percents} == {"%"}
    ranged = get_all(api, value_min=700, value_max=720)
    assert ranged and all(700 <= m["value"] <= 720 for m in ranged)
    assert {718, 715} <= {m["value"] for m in ranged}
    more = get_all(api, approx="more_than")
    assert more and {m["approx"] for m in more} == {"more_than"}
    assert "进出口食品安全信息" in {m["label"] for m in more}  # 3500余条
    exact = get_all(api, approx="none")
    assert exact and {m["approx"] for m in exact} == {None}
    about = get_all(api, approx="about")
    assert len(exact) + len(more) + len(about) == len(get_all(api))


def test_filter_by_parent(api):
    whole = one(api, label="计量管理信息", year=2012)
    parts = get_all(api, parent=whole["id"])
    assert [p["value"] for p in parts] == [633, 84, 219, 146, 50, 46, 162]
    assert {p["parent_id"] for p in parts} == {whole["id"]}
    top = get_all(api, parent="none", year=2012)
    assert whole["id"] in {m["id"] for m in top}
    assert all(m["parent_id"] is None for m in top)


def test_filter_by_template_cell_matches_nothing_in_narrative_reports(api):
    assert get_all(api, table="三") == []
    assert get_all(api, row="一、本年新收政府信息公开申请数量", column="自然人") == []


def test_filters_combine(api):
    items = get_all(
        api,
        label_contains="信息",
        unit="条",
        year=2011,
        value_min=1000,
        parent="none",
        approx="none",
    )
    assert items
    for m in items:
        assert "信息" in m["label"] and m["unit"] == "条" and m["year"] == 2011
        assert m["value"] >= 1000 and m["parent_id"] is None and m["approx"] is None


# --------------------------------------------------------------------------- sorting


@pytest.mark.parametrize("key", ["value", "year", "label", "unit", "id", "report"])
def test_each_sort_key_both_ways(api, key):
    for descending in (False, True):
        items = get_all(api, sort=("-" if descending else "") + key)
        keyed = [m[{"report": "report_id"}.get(key, key)] for m in items]
        present = [k for k in keyed if k is not None]
        assert present == sorted(present, reverse=descending)
        # Missing values sort last both ways.
        assert keyed[: len(present)] == present


def test_default_sort_is_document_order(api):
    items = get_all(api)
    positions = [(m["report_id"], m["source"]["start"]) for m in items]
    assert positions == sorted(positions)
    assert get_all(api, sort="start") == items
    assert get_all(api, sort="-start") == sorted(
        items, key=lambda m: (-m["report_id"], -m["source"]["start"], m["id"])
    )


def test_multi_key_sort(api):
    items = get_all(api, sort="-year,-value,id")
    keys = [(-m["year"], -m["value"], m["id"]) for m in items]
    assert keys == sorted(keys)


def test_ties_are_broken_by_id_so_pages_are_stable(api):
    items = get_all(api, sort="unit", page_size=7)
    assert len({m["id"] for m in items}) == len(items) == len(get_all(api))


# --------------------------------------------------------------------------- one metric


def test_metric_detail_with_parent_children_and_reconciliation(api):
    whole = one(api, label="计量管理信息", year=2012)
    detail = api.get(f"{URL}/{whole['id']}").get_json()
    assert detail["value"] == 1340 and detail["parent"] is None
    assert [c["value"] for c in detail["children"]] == [633, 84, 219, 146, 50, 46, 162]
    check = detail["reconciliation"]
    assert check["kind"] == "reconciliation" and check["metric_id"] == whole["id"]
    assert check["stated"] == 1340 and check["computed"] == 1340 and check["status"] == "pass"
    assert sorted(check["detail"]["parts"]) == sorted(c["id"] for c in detail["children"])

    part = api.get(f"{URL}/{detail['children'][0]['id']}").get_json()
    assert part["parent"]["id"] == whole["id"] and part["parent"]["value"] == 1340
    assert part["children"] == [] and part["reconciliation"] is None
    assert part["source"]["quote"] == "633条"


def test_metric_detail_matches_the_list_item(api):
    item = get_all(api, label="质量管理信息", year=2012)[0]
    detail = api.get(f"{URL}/{item['id']}").get_json()
    assert {k: detail[k] for k in item} == item


def test_unknown_metric_is_404(api):
    last = get_all(api, sort="-id", page_size=1)[0]["id"]
    for bad in (last + 1, 0, 2**31, 10**30):
        response = api.get(f"{URL}/{bad}")
        assert response.status_code == 404
        assert response.get_json()["code"] == 404
    assert api.get(f"{URL}/-1").status_code == 404
    assert api.get(f"{URL}/abc").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"page_size": 500},
        {"label": "质量管理信息", "sort": "-value"},
        {"report": 2, "parent": "none", "sort": "label"},
    ],
)
def test_lean_rows_are_what_the_schema_would_dump(api, query):
    """GET /metrics serves its rows without the schema's dump: they must be the same."""
    from schemas.responses import MetricSchema

    items = api.get(URL, query_string=query).get_json()
    assert items
    assert MetricSchema(many=True).dump(items) == items


def test_a_table_cell_says_how_it_was_placed(store):
    """A report flattened into one line: its table 三 cells are served with placement split_by_arithmetic."""
    from api import create_app
    from loaders.load import load_paths
    from tests.conftest import FIXTURES

    summary = load_paths([FIXTURES / "real" / "pingtan" / "2022_pingtan_zone.txt"])
    assert [r.status for r in summary.results] == ["loaded"]
    client = create_app({"TESTING": True, "DATABASE_URL": store.url}).test_client()
    response = client.get("/api/v1/metrics?table=3&row=new_requests&page_size=10")
    assert response.status_code == 200
    cells = {m["column"]: (m["value"], m["raw"], m["placement"]) for m in response.get_json()}
    assert cells == {
        "natural_person": (71, "71", "split_by_arithmetic"),
        "commercial_enterprise": (3, "3", "split_by_arithmetic"),
        "research_institution": (0, "0", "split_by_arithmetic"),
        "social_welfare_org": (0, "0", "split_by_arithmetic"),
        "legal_service_org": (0, "0", "split_by_arithmetic"),
        "other_org": (0, "0", "split_by_arithmetic"),
        "total": (74, "74", "split_by_arithmetic"),
    }


def test_an_old_statistics_table_is_filtered_by_its_caption(store):
    """Cells of a 2014 statistics table: table = caption, row and column as printed, label row / column."""
    from api import create_app
    from loaders.load import load_paths
    from tests.conftest import FIXTURES

    load_paths([FIXTURES / "real" / "pingtan" / "2014_pingtan_zone.txt"])
    client = create_app({"TESTING": True, "DATABASE_URL": store.url}).test_client()
    response = client.get(
        "/api/v1/metrics",
        query_string={"table": "平潭综合实验区政府信息公开情况统计表", "row": "主动公开文件数"},
    )
    assert response.status_code == 200
    assert [
        (m["label"], m["value"], m["unit"], m["column"], m["placement"])
        for m in response.get_json()
    ] == [
        ("主动公开文件数 / 2014年度", 2543, "条", "2014年度", "header"),
        ("主动公开文件数 / 历年累计", 78967, "条", "历年累计", "header"),
    ]
    too_long = client.get("/api/v1/metrics", query_string={"table": "表" * 101})
    assert too_long.status_code == 422 and "table" in too_long.get_json()["errors"]["query"]


NOTICE_2015 = "甲市乙局2015年政府信息公开工作年度报告\n\n一、主动公开政府信息情况\n\n2015年，本局主动公开政府信息120条。\n"
NOTICE_2016 = "甲市丙局2016年政府信息公开工作年度报告\n\n一、主动公开政府信息情况\n\n2016年，本局主动公开的政府信息80条。\n"


@pytest.mark.parametrize(
    "path, query",
    [
        ("/api/v1/aggregates", {"fn": "sum", "group_by": "year"}),
        ("/api/v1/series", {}),
    ],
)
def test_a_normalized_label_asked_again_after_a_load_finds_the_new_wording(empty_app, path, query):
    """A URL asked again reuses its SQL (api.pagination.fetch) only within one data version:
    with match=normalized the SQL lists the stored wordings of the label, so a wording
    loaded since (主动公开的政府信息) must be matched the next time the same URL is asked."""
    from loaders.load import load_bytes

    assert load_bytes(NOTICE_2015.encode(), "notice-2015.txt").status == "loaded"
    client = empty_app.test_client()
    query = {"label": "主动公开政府信息", "match": "normalized", **query}

    def values():
        response = client.get(path, query_string=query)
        assert response.status_code == 200, response.get_json()
        return sorted((row["year"], row["value"]) for row in response.get_json())

    assert values() == [(2015, 120)]
    assert load_bytes(NOTICE_2016.encode(), "notice-2016.txt").status == "loaded"
    assert values() == [(2015, 120), (2016, 80)]
