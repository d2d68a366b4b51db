"""GET /compare over HTTP on both backends: the seeds (gold) and the multi-report fixtures."""

import csv
import io
import json

import pytest

from api.compare import changes

COMPARE = "/api/v1/compare"


def report_id(client, agency, year):
    found = client.get("/api/v1/reports", query_string={"agency": agency, "year": year}).get_json()
    assert len(found) == 1, (agency, year)
    return found[0]["id"]


def compare(client, left, right, **query):
    response = client.get(
        COMPARE, query_string={"left": left, "right": right, "page_size": 500, **query}
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def by_key(rows):
    return {(row["label"], row["unit"]): row for row in rows}


def all_metrics(client, report):
    items, page = [], 1
    while True:
        chunk = client.get(
            "/api/v1/metrics", query_string={"report": report, "page_size": 500, "page": page}
        ).get_json()
        items += chunk
        if len(chunk) < 500:
            return items
        page += 1


# --------------------------------------------------------------------------- seeds


def test_seed_year_over_year(api):
    left, right = report_id(api, "质检总局", 2011), report_id(api, "质检总局", 2012)
    rows = by_key(compare(api, left, right))
    row = rows[("质量管理信息", "条")]
    assert row["status"] == "both"
    assert (row["left"]["value"], row["right"]["value"]) == (718, 3550)
    assert (row["change"], row["relative_change"]) == (2832, 3.94429)
    assert row["left"]["occurrences"] == 2 and len(row["left"]["other_metric_ids"]) == 1
    assert row["left"]["parent_id"] is None
    assert row["left"]["source"]["quote"] == "718条"
    first = api.get(
        "/api/v1/metrics", query_string={"label": "质量管理信息", "report": left, "sort": "start"}
    ).get_json()
    assert row["left"]["metric_id"] == first[0]["id"]
    assert row["left"]["other_metric_ids"] == [first[1]["id"]]


def test_seed_every_label_of_either_report_once(api):
    left, right = report_id(api, "质检总局", 2011), report_id(api, "质检总局", 2012)
    rows = compare(api, left, right)
    left_keys = {(m["label"], m["unit"]) for m in all_metrics(api, left)}
    right_keys = {(m["label"], m["unit"]) for m in all_metrics(api, right)}
    assert len(rows) == len(left_keys | right_keys) == len(by_key(rows))
    statuses = {(row["label"], row["unit"]): row["status"] for row in rows}
    assert {k for k, s in statuses.items() if s == "both"} == left_keys & right_keys
    assert {k for k, s in statuses.items() if s == "left_only"} == left_keys - right_keys
    assert {k for k, s in statuses.items() if s == "right_only"} == right_keys - left_keys
    for row in rows:
        if row["status"] == "left_only":
            assert row["right"] is None and row["change"] is None and row["relative_change"] is None
    # Shares are compared in their own rows, never with counts.
    assert rows and all(
        r["left"] is None or r["unit"] != "%" or r["left"]["raw"].endswith("%") for r in rows
    )


def test_default_order_follows_the_left_then_the_right_text(api):
    left, right = report_id(api, "质检总局", 2011), report_id(api, "质检总局", 2012)
    rows = compare(api, left, right)
    seen_right_only = False
    previous = -1
    for row in rows:
        if row["status"] == "right_only":
            if not seen_right_only:
                seen_right_only, previous = True, -1
            position = row["right"]["source"]["start"]
        else:
            assert not seen_right_only
            position = row["left"]["source"]["start"]
        assert position >= previous
        previous = position


def test_pages_and_sort(api):
    left, right = report_id(api, "质检总局", 2011), report_id(api, "质检总局", 2012)
    response = api.get(
        COMPARE, query_string={"left": left, "right": right, "page_size": 10, "page": 2}
    )
    meta = json.loads(response.headers["X-Pagination"])
    assert meta["page"] == 2 and meta["total"] == len(compare(api, left, right))
    assert len(response.get_json()) == 10
    ranked = compare(api, left, right, sort="-change")
    present = [r["change"] for r in ranked if r["change"] is not None]
    assert present == sorted(present, reverse=True)
    assert all(r["change"] is None for r in ranked[len(present) :])  # missing last
    assert ranked[0]["label"] == "食品生产许可信息"


# --------------------------------------------------------------------------- fixtures


def test_wording_drift_needs_normalized_matching(multi):
    left, right = report_id(multi, "某市公安局", 2019), report_id(multi, "某市公安局", 2020)
    exact = by_key(compare(multi, left, right))
    assert exact[("主动公开政府信息", "条")]["status"] == "left_only"
    assert exact[("主动公开的政府信息", "条")]["status"] == "right_only"
    assert exact[("“双公示”信息", "条")]["status"] == "left_only"
    normalized = compare(multi, left, right, match="normalized")
    row = next(r for r in normalized if r["left"] and r["left"]["label"] == "主动公开政府信息")
    assert row["status"] == "both" and row["label"] == "主动公开政府信息"
    assert row["right"]["label"] == "主动公开的政府信息"
    assert (row["left"]["value"], row["right"]["value"], row["change"], row["relative_change"]) == (
        1200,
        1350,
        150,
        0.125,
    )
    assert row["left"]["occurrences"] == 2
    shared = next(r for r in normalized if r["left"] and r["left"]["label"] == "“双公示”信息")
    assert shared["status"] == "both" and shared["change"] == 30
    assert len(normalized) < len(exact)


def test_repeated_label_row_uses_the_top_level_occurrence(multi):
    left, right = report_id(multi, "某市公安局", 2019), report_id(multi, "某市公安局", 2020)
    row = by_key(compare(multi, left, right))[("工作动态", "条")]
    assert (row["left"]["value"], row["left"]["parent_id"], row["left"]["occurrences"]) == (
        880,
        None,
        2,
    )
    assert (row["right"]["value"], row["right"]["occurrences"]) == (900, 1)
    assert row["change"] == 20


def test_counts_and_shares_are_separate_rows(multi):
    left, right = report_id(multi, "某市公安局", 2019), report_id(multi, "某市公安局", 2020)
    rows = by_key(compare(multi, left, right))
    count, share = rows[("通过门户网站提交申请", "件")], rows[("通过门户网站提交申请", "%")]
    assert (count["left"]["value"], count["right"]["value"], count["change"]) == (48, 70, 22)
    assert (share["left"]["value"], share["right"]["value"], share["change"]) == (60, 70, 10)
    only_shares = compare(multi, left, right, unit="%")
    assert {r["unit"] for r in only_shares} == {"%"} and len(only_shares) == 2


def test_relative_change_is_null_when_left_is_zero(multi):
    y2019, y2020, y2021 = (report_id(multi, "某市公安局", y) for y in (2019, 2020, 2021))
    down = by_key(compare(multi, y2019, y2020))[("政府信息公开行政复议", "件")]
    assert (down["change"], down["relative_change"]) == (-2, -1)
    up = by_key(compare(multi, y2020, y2021))[("政府信息公开行政复议", "件")]
    assert (up["left"]["value"], up["change"], up["relative_change"]) == (0, 3, None)


def test_across_agencies_units_must_agree(multi):
    county, gongan = report_id(multi, "某县人民政府", 2020), report_id(multi, "某市公安局", 2020)
    rows = by_key(compare(multi, county, gongan))
    assert rows[("规范性文件", "件")]["status"] == "left_only"
    assert rows[("规范性文件", "条")]["status"] == "right_only"
    assert rows[("其他信息", "条")]["change"] == 410 - 88


def test_status_filter(multi):
    left, right = report_id(multi, "某县人民政府", 2020), report_id(multi, "某县人民政府", 2021)
    everything = compare(multi, left, right)
    for status in ("both", "left_only", "right_only"):
        part = compare(multi, left, right, status=status)
        assert part == [r for r in everything if r["status"] == status]
    assert {r["label"] for r in compare(multi, left, right, status="left_only")} == {"各类政务信息"}


def test_a_report_with_itself_changes_nothing(multi):
    same = report_id(multi, "某市公安局", 2021)
    rows = compare(multi, same, same)
    assert rows and all(r["status"] == "both" for r in rows)
    assert all(r["change"] == 0 for r in rows if r["left"]["value"] is not None)


def test_unknown_reports_are_404_naming_the_side(multi):
    known = report_id(multi, "某市公安局", 2021)
    response = multi.get(COMPARE, query_string={"left": known, "right": 999999})
    assert response.status_code == 404 and "right" in response.get_json()["message"]
    response = multi.get(COMPARE, query_string={"left": 999999, "right": known})
    assert response.status_code == 404 and "left" in response.get_json()["message"]


@pytest.mark.parametrize(
    "query, name",
    [
        ({"left": 1}, "right"),
        ({"right": 1}, "left"),
        ({"left": 0, "right": 1}, "left"),
        ({"left": 1, "right": 2, "status": "changed"}, "status"),
        ({"left": 1, "right": 2, "sort": "value"}, "sort"),
    ],
)
def test_invalid_queries_are_422(api, query, name):
    response = api.get(COMPARE, query_string=query)
    assert response.status_code == 422 and name in response.get_json()["errors"]["query"]


def test_compare_as_csv_and_ndjson(multi):
    left, right = report_id(multi, "某市公安局", 2019), report_id(multi, "某市公安局", 2020)
    expected = compare(multi, left, right, match="normalized")
    response = multi.get(
        COMPARE, query_string={"left": left, "right": right, "match": "normalized", "format": "csv"}
    )
    assert response.headers["Content-Disposition"] == 'attachment; filename="compare.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == len(expected)  # every row, not one page
    row = next(r for r in rows if r["left_label"] == "主动公开政府信息")
    assert (
        row["status"],
        row["left_value"],
        row["right_value"],
        row["change"],
        row["relative_change"],
        row["left_occurrences"],
        row["right_label"],
    ) == ("both", "1200", "1350", "150", "0.125", "2", "主动公开的政府信息")
    assert row["left_quote"] == "1200条" and row["right_quote"] == "1350条"
    lines = multi.get(
        COMPARE,
        query_string={"left": left, "right": right, "match": "normalized", "format": "ndjson"},
    ).get_data(as_text=True)
    assert [json.loads(line) for line in lines.splitlines()] == expected


def test_changes_round_to_the_decimals_of_the_values():
    assert changes(64.7, 35.3) == (-29.4, -0.454405)
    assert changes(718, 3550) == (2832, 3.94429)
    assert changes(0, 5) == (5, None)
    assert changes(None, 5) == (None, None)
    assert changes(5, None) == (None, None)
    assert changes(1.25, 1.25) == (0.0, 0.0)
