"""The pages in a real browser: headless Debian chromium, driven by Playwright, against
gunicorn serving the seeded store on loopback (as `make run` serves it).

They find the highlighted numbers and the chart, hover and focus a number and read its
tooltip, and follow a number's link to check that it lands on its source span (the
anchored element's text is the metric's `source.quote`). Set DISCLOSURE_SCREENSHOTS to a
folder to keep screenshots of each page for review. Playwright's own browser download is
never used: `scripts/ensure-browser` installs chromium with apt-get.
"""

import json
import os
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.gunicorn_server import serve

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture(scope="module")
def server(seeded_url):
    yield from serve(seeded_url, threads=4, ready_path="/api/v1")


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("DISCLOSURE_SKIP_BROWSER"):
            pytest.skip("chromium is not installed")
        pytest.fail(f"{CHROMIUM} not found: run scripts/ensure-browser", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
    # The pages work offline: any request off the loopback server fails the test.
    outside = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(server)
            else (outside.append(route.request.url), route.abort())
        ),
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    folder = os.environ.get("DISCLOSURE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{request.node.name}.png"), full_page=False)
    context.close()
    assert outside == [], outside
    assert errors == [], errors


def api_json(server, path):
    with urllib.request.urlopen(server + urllib.parse.quote(path, safe="/?&=%")) as response:
        return json.loads(response.read()), response.headers


def test_home_says_what_is_here_and_links_to_the_docs(page, server):
    page.goto("/")
    counts = page.locator("#counts li").all_inner_texts()
    assert [" ".join(text.split()) for text in counts] == [
        "2 reports",
        "1 agencies",
        "2 years (2011–2012)",
        "422 numbers",
        f"{_failing(server)} failing checks of {_checks(server)}",
    ]
    form = page.locator("form[role=search]")
    assert form.get_attribute("action") == "/search"
    assert form.locator("input[name=q]").count() == 1
    for href in ("/api/v1/docs", "/api/v1/redoc", "/api/v1", "/reports"):
        assert page.locator(f'a[href="{href}"]').count() >= 1, href
    assert page.locator('a[href^="/reports/"]').count() == 2


def _checks(server):
    _, headers = api_json(server, "/api/v1/checks?page_size=1")
    return json.loads(headers["X-Pagination"])["total"]


def _failing(server):
    _, headers = api_json(server, "/api/v1/checks?status=fail&page_size=1")
    return json.loads(headers["X-Pagination"])["total"]


def _metrics(server, query):
    items, _ = api_json(server, "/api/v1/metrics?page_size=500&" + query)
    return items


def test_a_report_page_highlights_every_number(page, server):
    metrics = _metrics(server, "report=1")
    page.goto("/reports/1")
    marks = page.locator("#text mark.metric")
    assert marks.count() == len(metrics) == 255
    ids = marks.evaluate_all("marks => marks.map(m => m.id)")
    assert ids == [
        f"m{m['id']}" for m in sorted(metrics, key=lambda m: (m["source"]["start"], m["id"]))
    ]
    # The page's text is the stored text: marks and all, character for character.
    text, _ = api_json(server, "/api/v1/reports/1/text")
    assert page.locator("#text").evaluate("node => node.textContent") == text["text"]


def _tooltip(page):
    tip = page.locator("#tip")
    assert tip.is_visible()
    assert tip.evaluate("node => node.getBoundingClientRect().right") <= page.evaluate(
        "document.documentElement.clientWidth"
    )  # readable, even for a number at the edge
    terms = tip.locator("dt").all_inner_texts()
    details = tip.locator("dd").all_inner_texts()
    return dict(zip(terms, details))


def test_hovering_or_focusing_a_number_shows_its_label_value_unit_parent_and_section(page, server):
    (whole,) = _metrics(server, "label=计量管理信息&year=2012&parent=none")
    part = _metrics(server, f"parent={whole['id']}")[0]
    page.goto(f"/reports/{part['report_id']}")
    assert page.locator("#tip").is_hidden()
    page.hover(f"#m{part['id']}")
    shown = _tooltip(page)
    assert shown["Label"] == part["label"]
    assert shown["Value"] == f"{part['value']:,}"
    assert shown["Unit"] == part["unit"]
    assert shown["Part of"] == f"{whole['label']} {whole['raw']}"
    page.mouse.move(0, 0)
    assert page.locator("#tip").is_hidden()
    # Keyboard: every number is in the tab order, and focus shows the tooltip.
    page.focus(f"#m{whole['id']}")
    assert _tooltip(page)["Label"] == "计量管理信息"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused == f"m{part['id']}"
    assert _tooltip(page)["Label"] == part["label"]
    page.keyboard.press("Escape")
    assert page.locator("#tip").is_hidden()


def test_a_numbers_section_is_in_its_tooltip(page, server):
    (metric,) = [
        m
        for m in _metrics(server, "label=质量管理信息&year=2011")
        if m["parent_id"] is None and m["section_id"] is not None
    ][:1]
    section, _ = api_json(server, f"/api/v1/sections/{metric['section_id']}")
    page.goto(f"/reports/{metric['report_id']}")
    page.hover(f"#m{metric['id']}")
    shown = _tooltip(page)
    assert shown["Section"] == " ".join(p for p in (section["marker"], section["title"]) if p)
    assert (shown["Label"], shown["Value"], shown["Unit"]) == ("质量管理信息", "718", "条")


@pytest.mark.parametrize("label", ["质量管理信息", "计量管理信息", "其他信息", "图片新闻"])
def test_following_a_numbers_link_lands_on_its_source_span(page, server, label):
    metrics = _metrics(server, "label=" + urllib.request.quote(label))
    assert metrics
    for metric in metrics:
        page.goto(metric["html"])
        target = page.locator(":target")
        assert target.count() == 1
        assert target.get_attribute("id") == f"m{metric['id']}"
        assert target.inner_text() == metric["source"]["quote"]
        assert target.is_visible()
        assert target.evaluate(
            "node => { const r = node.getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= innerHeight; }"
        )
        assert _tooltip(page)["Label"] == label  # landing on a number explains it


def test_failing_checks_stand_out(page, server):
    failing, _ = api_json(server, "/api/v1/reports/1/checks?status=fail&page_size=500")
    page.goto("/reports/1")
    rows = page.locator("#checks tr.status-fail")
    assert rows.count() == len(failing)
    if failing:
        assert "failing" in page.locator("#checks h2").inner_text()
        colour = rows.first.evaluate("row => getComputedStyle(row).backgroundColor")
        assert colour == "rgb(253, 231, 234)"


def test_a_series_page_draws_one_line_per_agency_beside_its_values(page, server):
    points, _ = api_json(server, "/api/v1/series?label=" + urllib.request.quote("质量管理信息"))
    assert [(p["year"], p["value"]) for p in points] == [(2011, 718), (2012, 3550)]
    page.goto("/series?label=" + urllib.request.quote("质量管理信息"))
    chart = page.locator("svg#chart")
    assert chart.is_visible()
    assert chart.locator("polyline").count() == 1  # one agency
    assert chart.locator("circle").count() == 2
    rows = page.locator("#values tbody tr")
    assert rows.count() == 2
    assert [" ".join(t.split()) for t in rows.locator("td:nth-child(3)").all_inner_texts()] == [
        "718",
        "3,550",
    ]
    # Each value links to its source span.
    for index, point in enumerate(points):
        page.goto("/series?label=" + urllib.request.quote("质量管理信息"))
        page.locator("#values a.source").nth(index).click()
        page.wait_for_url(f"**/reports/{point['report_id']}#m{point['metric_id']}")
        assert page.locator(":target").inner_text() == point["source"]["quote"]


def test_an_unknown_report_is_an_html_404(page):
    response = page.goto("/reports/999999")
    assert response.status == 404
    assert response.headers["content-type"].startswith("text/html")
    assert page.locator("#error-message").inner_text() == "No report with id 999999."
