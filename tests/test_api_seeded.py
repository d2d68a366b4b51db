"""The user queries against the store `disclosure load seeds/` builds (the real parser's output).

The other API tests read the gold extraction; these read what the parser
produces today, so they only rely on what the spec makes certain and pick
every id by querying.
"""


def get_all(client, url="/api/v1/metrics", **params):
    params.setdefault("page_size", 500)
    response = client.get(url, query_string=params)
    assert response.status_code == 200, response.get_json()
    assert "next" not in response.headers.get("Link", "")
    return response.get_json()


def report_id(client, year):
    reports = get_all(client, "/api/v1/reports", year=year)
    assert len(reports) == 1, reports
    return reports[0]["id"]


def test_every_served_number_quotes_the_stored_text(client):
    metrics = get_all(client)
    assert metrics
    texts = {
        r["id"]: client.get(f"/api/v1/reports/{r['id']}/text").get_json()["text"]
        for r in get_all(client, "/api/v1/reports")
    }
    for metric in metrics:
        source = metric["source"]
        assert source["quote"] == texts[metric["report_id"]][source["start"] : source["end"]]
        assert source["quote"] in source["context"]


def test_quality_information_of_2011_and_2012_in_one_call(client):
    items = get_all(client, label="质量管理信息", sort="year")
    assert {(m["year"], m["value"], m["unit"]) for m in items} == {
        (2011, 718, "条"),
        (2012, 3550, "条"),
    }
    assert [m["year"] for m in items] == sorted(m["year"] for m in items)


def test_metrics_of_the_2011_attachment_and_its_subsections(client):
    roots = client.get(f"/api/v1/reports/{report_id(client, 2011)}/sections").get_json()
    attachment = next(s for s in roots if s["marker"] == "附件")
    assert attachment["children"]
    items = get_all(client, within_section=attachment["id"])
    assert items
    assert all(attachment["start"] <= m["source"]["start"] < attachment["end"] for m in items)
    assert 718 in {m["value"] for m in items if m["label"] == "质量管理信息"}
    subsections = {c["id"] for c in attachment["children"]} | {attachment["id"]}
    assert {m["section_id"] for m in items} <= subsections


def test_top_level_metrics_of_2012_sorted_by_value(client):
    rid = report_id(client, 2012)
    items = get_all(client, report=rid, parent="none", sort="-value")
    assert items and all(m["parent_id"] is None and m["report_id"] == rid for m in items)
    values = [m["value"] for m in items]
    assert values == sorted(values, reverse=True)
    assert values[0] == 164155


def test_every_metric_whose_label_contains_shenqing(client):
    items = get_all(client, label_contains="申请")
    assert items and all("申请" in m["label"] for m in items)
