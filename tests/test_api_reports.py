"""Reports, their text, section tree and checks; sections; agencies; checks across reports."""

import json

import pytest


def reports(api, **params):
    response = api.get("/api/v1/reports", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def report(api, year):
    found = reports(api, year=year)
    assert len(found) == 1
    return found[0]


# --------------------------------------------------------------------------- agencies


def test_agencies_with_report_counts_and_years(api):
    response = api.get("/api/v1/agencies")
    assert response.status_code == 200
    assert response.get_json() == [
        {
            "id": response.get_json()[0]["id"],
            "name": "质检总局",
            "report_count": 2,
            "metric_count": 420,
            "years": [2011, 2012],
            "region": {"province": None, "city": None, "county": None},
            "level": "national",
            "kind": "department",
            "division_code": None,
            "aliases": [],
        }
    ]
    assert json.loads(response.headers["X-Pagination"])["total"] == 1
    assert (
        api.get("/api/v1/agencies", query_string={"q": "质检"}).get_json()[0]["name"] == "质检总局"
    )
    assert api.get("/api/v1/agencies", query_string={"q": "教育部"}).get_json() == []


# --------------------------------------------------------------------------- reports


def test_report_list_and_metadata(api):
    items = reports(api)
    assert [r["year"] for r in items] == [2011, 2012]
    first = items[0]
    assert first == {
        "id": first["id"],
        "agency": "质检总局",
        "agency_id": first["agency_id"],
        "agency_as_printed": "质检总局",
        "year": 2011,
        "year_inferred": False,
        "title": "质检总局2011年政府信息公开工作年度报告",
        "published_on": "2012-03-21",
        "period_start": "2011-01-01",
        "period_end": "2011-12-31",
        "issuer": "质检总局政府信息公开办公室",
        "source_name": "aqsiq-2011-annual-report.txt",
        "sources": ["aqsiq-2011-annual-report.txt"],
        "sha256": first["sha256"],
        "format": "narrative",
        "media_type": "text/plain",
        "encoding": first["encoding"],
        "loaded_at": first["loaded_at"],
        "warnings": [],
        "section_count": 36,
        "metric_count": 253,
    }
    assert len(first["sha256"]) == 64 and first["loaded_at"].endswith("+00:00")
    assert items[1]["year_inferred"] is True and items[1]["published_on"] is None
    assert items[1]["metric_count"] == 167 and items[1]["section_count"] == 0
    assert api.get(f"/api/v1/reports/{first['id']}").get_json() == first


def test_report_filters_and_sort(api):
    assert [r["year"] for r in reports(api, agency="质检总局")] == [2011, 2012]
    assert reports(api, agency="质检") == []  # exact name
    assert [r["year"] for r in reports(api, year=2012)] == [2012]
    assert [r["year"] for r in reports(api, year_from=2012)] == [2012]
    assert [r["year"] for r in reports(api, year_to=2011)] == [2011]
    assert [r["year"] for r in reports(api, q="年度报告")] == [2011]
    assert [r["year"] for r in reports(api, q="子网站")] == [2012]
    assert reports(api, q="100%_") == []  # LIKE wildcards are literal
    assert [r["year"] for r in reports(api, sort="-year")] == [2012, 2011]
    assert [r["year"] for r in reports(api, sort="-id")] == [2012, 2011]
    # published_on: the 2012 attachment has none, and missing values sort last both ways.
    assert [r["year"] for r in reports(api, sort="published_on")] == [2011, 2012]
    assert [r["year"] for r in reports(api, sort="-published_on")] == [2011, 2012]
    titles = [r["title"] for r in reports(api, sort="title")]
    assert titles == sorted(titles)
    assert len(reports(api, sort="-loaded_at,title")) == 2


def test_report_text_is_what_offsets_point_into(api):
    first = report(api, 2011)
    response = api.get(f"/api/v1/reports/{first['id']}/text")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"report_id", "length", "text"}
    assert body["report_id"] == first["id"] and body["length"] == len(body["text"])
    assert body["text"].startswith("质检总局2011年政府信息公开工作年度报告\n")
    assert "\r" not in body["text"]
    metric = api.get(
        "/api/v1/metrics", query_string={"report": first["id"], "label": "质量管理信息"}
    ).get_json()[0]
    assert body["text"][metric["source"]["start"] : metric["source"]["end"]] == "718条"


def test_unknown_report_is_404_everywhere(api):
    for path in ("", "/text", "/sections", "/checks"):
        for bad in (999999, 0, 2**31, 10**25):
            response = api.get(f"/api/v1/reports/{bad}{path}")
            assert response.status_code == 404, (path, bad)
            assert response.get_json()["message"] == f"No report with id {bad}." or bad == 10**25
        assert api.get(f"/api/v1/reports/-1{path}").status_code == 404


# --------------------------------------------------------------------------- sections


def test_section_tree_is_nested(api):
    first = report(api, 2011)
    roots = api.get(f"/api/v1/reports/{first['id']}/sections").get_json()
    assert [s["marker"] for s in roots] == ["一、", "二、", "三、", "四、", "五、", "六、", "附件"]
    attachment = roots[-1]
    assert attachment["title"] == "质检总局门户网站各司局子网站主动公开信息情况"
    assert len(attachment["children"]) == 18
    assert attachment["children"][0]["marker"] == "（一）"
    assert attachment["children"][0]["title"] == "质量管理信息718条"
    assert all(
        c["parent_id"] == attachment["id"] and c["children"] == [] for c in attachment["children"]
    )
    assert [c["marker"] for c in roots[0]["children"]] == [
        "（一）",
        "（二）",
        "（三）",
        "（四）",
        "（五）",
    ]

    def walk(nodes):
        for node in nodes:
            yield node
            yield from walk(node["children"])

    every = list(walk(roots))
    assert len(every) == first["section_count"] == 36
    assert [s["ordinal"] for s in every] == list(range(1, 37))
    metrics = api.get(
        "/api/v1/metrics", query_string={"report": first["id"], "page_size": 500}
    ).get_json()
    assert sum(s["metric_count"] for s in every) == sum(1 for m in metrics if m["section_id"])


def test_report_without_headings_has_an_empty_tree(api):
    flat = report(api, 2012)
    response = api.get(f"/api/v1/reports/{flat['id']}/sections")
    assert response.status_code == 200 and response.get_json() == []


def test_section_detail_with_text_children_and_metrics(api):
    first = report(api, 2011)
    text = api.get(f"/api/v1/reports/{first['id']}/text").get_json()["text"]
    roots = api.get(f"/api/v1/reports/{first['id']}/sections").get_json()
    attachment = roots[-1]
    detail = api.get(f"/api/v1/sections/{attachment['id']}").get_json()
    assert detail["text"] == text[detail["start"] : detail["end"]]
    assert detail["text"].startswith("附件：")
    assert [c["id"] for c in detail["children"]] == [c["id"] for c in attachment["children"]]
    assert "children" not in detail["children"][0]
    assert {m["value"] for m in detail["metrics"]} == {22, 571}
    assert all(m["section_id"] == attachment["id"] for m in detail["metrics"])

    quality = api.get(f"/api/v1/sections/{attachment['children'][0]['id']}").get_json()
    assert quality["text"].startswith("（一）质量管理信息718条。")
    assert [m["value"] for m in quality["metrics"]][:1] == [718]
    assert quality["metric_count"] == len(quality["metrics"])
    assert quality["parent_id"] == attachment["id"]


def test_unknown_section_is_404(api):
    for bad in (999999, 0, 2**31, 10**25):
        assert api.get(f"/api/v1/sections/{bad}").status_code == 404
    assert api.get("/api/v1/sections/-3").status_code == 404


# --------------------------------------------------------------------------- checks


def test_report_checks_and_filters(api):
    first = report(api, 2011)
    url = f"/api/v1/reports/{first['id']}/checks"
    response = api.get(url, query_string={"page_size": 500})
    assert response.status_code == 200
    every = response.get_json()
    assert every and {c["report_id"] for c in every} == {first["id"]}
    assert {c["kind"] for c in every} == {"reconciliation"}
    for check in every:
        assert isinstance(check["detail"], dict) and "parts" in check["detail"]
        assert check["agency"] == "质检总局" and check["year"] == 2011
        if check["status"] in ("pass", "fail"):
            assert check["difference"] == check["stated"] - check["computed"]
    failed = api.get(url, query_string={"status": "fail", "page_size": 500}).get_json()
    assert failed and {c["status"] for c in failed} == {"fail"}
    assert all(c["difference"] != 0 for c in failed)
    valid = api.get(
        url, query_string={"status": "fail", "kind": "reconciliation", "rule": "parts_sum"}
    ).get_json()
    assert [c["id"] for c in valid] == [c["id"] for c in failed][:50]
    assert api.get(url, query_string={"kind": "identity"}).get_json() == []
    subjects = {c["subject"] for c in every}
    assert "有效申请" in subjects


def test_checks_across_reports(api):
    every = api.get("/api/v1/checks", query_string={"page_size": 500}).get_json()
    first, second = report(api, 2011), report(api, 2012)
    assert {c["report_id"] for c in every} == {first["id"], second["id"]}

    def ids(**params):
        response = api.get("/api/v1/checks", query_string=dict(params, page_size=500))
        assert response.status_code == 200, response.get_json()
        return [c["id"] for c in response.get_json()]

    assert ids(year=2012) == [c["id"] for c in every if c["year"] == 2012]
    assert ids(year_from=2012, year_to=2012) == ids(year=2012)
    assert ids(year_to=2011) == ids(report=first["id"])
    assert ids(agency="质检总局") == [c["id"] for c in every]
    assert ids(agency="无此机关") == []
    assert ids(status="pass") == [c["id"] for c in every if c["status"] == "pass"]
    assert ids(status="not_assessable") == [
        c["id"] for c in every if c["status"] == "not_assessable"
    ]
    assert ids(rule="parts_sum", kind="reconciliation") == [c["id"] for c in every]
    whole = api.get(
        "/api/v1/metrics", query_string={"label": "计量管理信息", "year": 2012}
    ).get_json()[0]
    assert len(ids(metric=whole["id"])) == 1
    by_difference = api.get(
        "/api/v1/checks", query_string={"sort": "-difference", "status": "fail"}
    ).get_json()
    differences = [c["difference"] for c in by_difference]
    assert differences == sorted(differences, reverse=True)
    assert ids(sort="-id") == sorted(ids(), reverse=True)
    statuses = [
        c["status"]
        for c in api.get(
            "/api/v1/checks", query_string={"sort": "status", "page_size": 500}
        ).get_json()
    ]
    assert statuses == sorted(statuses)


def test_partial_breakdowns_are_served_and_filtered(api):
    partial = api.get(
        "/api/v1/checks", query_string={"breakdown": "partial", "page_size": 500}
    ).get_json()
    assert [
        (
            c["year"],
            c["subject"],
            c["status"],
            c["stated"],
            c["computed"],
            c["difference"],
            c["breakdown"],
            c["detail"]["breakdown_rule"],
        )
        for c in partial
    ] == [
        (2011, "特种设备安全监管信息", "pass", 6953, 4448, 2505, "partial", "inclusion_cue"),
        (2012, "食品生产许可信息", "pass", 164155, 152681, 11474, "partial", "single_part"),
    ]
    every = api.get("/api/v1/checks", query_string={"page_size": 500}).get_json()
    complete = api.get(
        "/api/v1/checks", query_string={"breakdown": "complete", "page_size": 500}
    ).get_json()
    assert [c["id"] for c in complete] == [c["id"] for c in every if c["breakdown"] == "complete"]
    assert len(complete) + len(partial) == len(every)
    first = report(api, 2011)
    mine = api.get(
        f"/api/v1/reports/{first['id']}/checks", query_string={"breakdown": "partial"}
    ).get_json()
    assert [c["subject"] for c in mine] == ["特种设备安全监管信息"]


@pytest.mark.parametrize("path", ["/api/v1/checks", "/api/v1/reports/1/checks"])
def test_check_enums_are_validated(api, path):
    for params in ({"status": "ok"}, {"kind": "sum"}, {"sort": "subject"}, {"breakdown": "some"}):
        response = api.get(path, query_string=params)
        assert response.status_code == 422
        assert list(response.get_json()["errors"]["query"]) == list(params)
