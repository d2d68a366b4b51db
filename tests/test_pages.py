"""The HTML pages through the Flask test client on both backends: what each page holds, that
report text is escaped, HTML 404s, and the pure helpers (text segments, chart geometry).
The same pages in a real browser: tests/test_pages_browser.py."""

import re

import pytest

from api.pages import chart, nice_step, segments

HOSTILE = (
    "某县人民政府2021年政府信息公开工作年度报告\n"
    "一、总体情况\n"
    '本年主动公开<script>alert("x")</script>政府信息120条，其中"><img src=x onerror=alert(1)>文件30条。\n'
)


@pytest.fixture
def hostile(empty_app, tmp_path):
    from loaders.load import load_paths

    path = tmp_path / "hostile-2021.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    summary = load_paths([path])
    assert not summary.failed, summary.line()
    return empty_app.test_client()


def test_report_text_is_escaped_and_numbers_still_highlighted(hostile):
    report = hostile.get("/api/v1/reports").get_json()[0]
    response = hostile.get(f"/reports/{report['id']}")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    metrics = hostile.get(f"/api/v1/metrics?report={report['id']}").get_json()
    assert [m["raw"] for m in metrics] == ["120条", "30条"]
    for metric in metrics:
        assert re.search(
            rf'<mark class="metric[^"]*" id="m{metric["id"]}" tabindex="0"[^>]*>'
            rf"{metric['raw']}</mark>",
            html,
        )


def test_search_page_marks_each_match_and_links_to_its_section(client):
    """The hits of GET /api/v1/search as HTML: every marked match is the query, each hit links to
    its section on the report page, and the snippet's numbers to their source spans."""
    api_hits = client.get(
        "/api/v1/search", query_string={"q": "依申请", "page_size": 50}
    ).get_json()
    html = client.get("/search", query_string={"q": "依申请"}).get_data(as_text=True)
    assert len(api_hits) > 1
    assert re.findall(r'<mark class="match">([^<]*)</mark>', html) == ["依申请"] * sum(
        len(hit["matches"]) for hit in api_hits
    )
    links = re.findall(r'<p><a href="(/reports/\d+(?:#s\d+)?)">', html)
    assert links == [
        f"/reports/{hit['report']['id']}" + (f"#s{hit['section']['id']}" if hit["section"] else "")
        for hit in api_hits
    ]
    metric_links = re.findall(r'<li><a href="/reports/(\d+)#m(\d+)">', html)
    assert metric_links == [
        (str(hit["report"]["id"]), str(m["id"])) for hit in api_hits for m in hit["metrics"]
    ]
    assert f'<p id="count">{len(api_hits)} passages contain “依申请”' in html


@pytest.mark.parametrize("query", ["", "x" * 201, "没有这样的词组"])
def test_search_page_without_hits_still_answers(client, query):
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert '<ol class="hits"' not in response.get_data(as_text=True)


def test_home_counts_what_is_loaded(client):
    html = client.get("/").get_data(as_text=True)
    counts = re.findall(r"<li><strong>(\d+)</strong> (\w+)", html)
    assert counts == [
        ("2", "reports"),
        ("1", "agencies"),
        ("2", "years"),
        ("422", "numbers"),
        (
            "8",
            "failing",
        ),  # two partial breakdowns pass: 6953（含…4448） (2011), 164155 with one part (2012)
    ]
    assert 'action="/search"' in html and 'name="q"' in html
    assert 'href="/api/v1/docs"' in html and 'href="/api/v1/redoc"' in html


def test_home_on_an_empty_store_says_how_to_load(empty_app):
    html = empty_app.test_client().get("/").get_data(as_text=True)
    assert "No report is loaded yet" in html


def test_the_report_list_links_every_report(client):
    html = client.get("/reports").get_data(as_text=True)
    assert re.findall(r'href="/reports/(\d+)"', html) == ["2", "1"]


@pytest.mark.parametrize(
    "url, message",
    [
        ("/reports/999999", "No report with id 999999."),
        ("/reports/99999999999", "No report with id 99999999999."),
        ("/reports/abc", "There is nothing at this address."),
        ("/no-such-page", "There is nothing at this address."),
    ],
)
def test_unknown_pages_are_html_404s(client, url, message):
    response = client.get(url)
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert f'<p id="error-message">{message}</p>' in response.get_data(as_text=True)


def test_the_api_keeps_json_errors(client):
    response = client.get("/api/v1/reports/999999")
    assert response.status_code == 404 and response.mimetype == "application/json"


def test_a_series_page_links_each_value_to_its_source(client):
    html = client.get("/series", query_string={"label": "质量管理信息"}).get_data(as_text=True)
    points = client.get("/api/v1/series", query_string={"label": "质量管理信息"}).get_json()
    links = re.findall(r'<a class="source" href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert links == [
        (f"/reports/{p['report_id']}#m{p['metric_id']}", p["source"]["quote"]) for p in points
    ]
    assert html.count("<polyline") == 1 and html.count("<circle") == 2


@pytest.mark.parametrize(
    "query, expected",
    [
        ({}, "Frequent labels"),
        ({"label": "不存在的标签"}, "No number is labelled “不存在的标签” exactly"),
        ({"label": "<b>x</b>"}, "No number is labelled “&lt;b&gt;x&lt;/b&gt;”"),
    ],
)
def test_a_series_page_without_values_says_so(client, query, expected):
    response = client.get("/series", query_string=query)
    assert response.status_code == 200
    assert expected in response.get_data(as_text=True)


def test_pages_have_etag_and_last_modified(client):
    response = client.get("/reports/1")
    assert response.headers["ETag"] and response.headers["Last-Modified"]
    again = client.get("/reports/1", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


# --------------------------------------------------------------------------- helpers


def test_segments_cut_the_text_around_metrics_and_section_anchors():
    text = "一、概况\n公开120条，其中30条。"
    sections = [{"id": 7, "start": 0}]
    metrics = [
        {"id": 1, "start": 7, "end": 11},
        {"id": 2, "start": 14, "end": 17},
        {"id": 3, "start": 15, "end": 17},
    ]
    pieces, skipped = segments(text, metrics, sections)
    shown = [
        (p["kind"], p.get("text"), (p.get("metric") or p.get("section") or {}).get("id"))
        for p in pieces
    ]
    assert shown == [
        ("section", None, 7),
        ("text", "一、概况\n公开", None),
        ("metric", "120条", 1),
        ("text", "，其中", None),
        ("metric", "30条", 2),
        ("text", "。", None),
    ]
    assert [m["id"] for m in skipped] == [3]
    assert "".join(p.get("text") or "" for p in pieces) == text


@pytest.mark.parametrize(
    "rough, step", [(887.5, 1000), (0.3, 0.5), (1, 1), (12, 20), (2500, 5000), (0, 1)]
)
def test_nice_step(rough, step):
    assert nice_step(rough) == step


def test_chart_draws_one_line_per_agency_on_readable_ticks():
    points = [
        {"agency": "乙", "year": 2012, "value": 50},
        {"agency": "甲", "year": 2011, "value": 718},
        {"agency": "甲", "year": 2012, "value": 3550},
        {"agency": "乙", "year": 2011, "value": None},
    ]
    drawn = chart(points)
    assert [line["agency"] for line in drawn["lines"]] == ["乙", "甲"]
    assert [line["points"] for line in drawn["lines"]] == ["624.0,276.7", "64.0,232.6 624.0,45.7"]
    assert [t["label"] for t in drawn["ticks_y"]] == ["0", "1,000", "2,000", "3,000", "4,000"]
    assert [t["label"] for t in drawn["ticks_x"]] == ["2011", "2012"]
    assert chart([{"agency": "甲", "year": None, "value": 1}]) is None


def test_template_cells_render_as_a_grid_linking_to_their_spans(multi):
    cells = multi.get("/api/v1/metrics", query_string={"report": 4, "table": "3"}).get_json()
    assert [(c["row"], c["column"], c["value"]) for c in cells] == [
        ("new_requests", "natural_person", 22),
        ("new_requests", "total", 30),
        ("carried_over", "natural_person", 0),
        ("carried_over", "total", 1),
    ]
    html = multi.get("/reports/4").get_data(as_text=True)
    grid = html[html.index('<table class="grid" data-table="3">') :]
    grid = grid[: grid.index("</table>")]
    assert re.findall(r"<th>(\w+)</th>", grid) == [
        "natural_person",
        "total",
        "new_requests",
        "carried_over",
    ]
    assert re.findall(r'<a href="#m(\d+)"[^>]*>([\d,]+)</a>', grid) == [
        (str(c["id"]), str(c["value"])) for c in cells
    ]


def test_a_series_of_several_agencies_draws_a_line_each(multi):
    html = multi.get("/series", query_string={"label": "政府信息公开申请"}).get_data(as_text=True)
    points = multi.get("/api/v1/series", query_string={"label": "政府信息公开申请"}).get_json()
    agencies = sorted({p["agency"] for p in points})
    assert len(agencies) >= 2
    assert re.findall(r'<g class="line" data-agency="([^"]+)">', html) == agencies
    assert html.count("<circle") == len(points)
