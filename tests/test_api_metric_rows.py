"""api.metric_rows: GET /metrics served ids first, its text cut per stretch, on both backends.

The pages and exports must serve exactly what the joined query (`api.queries.metric_select`,
one text window per row) and the generic export rendering (`api.export.cell` of each item)
serve; the boundaries of a quote's sentence are found as the character loop found them.
"""

import csv
import datetime
import io
import json

import pytest

from api import create_app, metric_rows, queries, serialize
from api.export import _pick, cell
from api.metrics import METRICS_EXPORT
from schemas.analysis import with_export
from schemas.args import MetricArgs
from store.models import Agency, Metric, Report

URL = "/api/v1/metrics"


def joined_items(app, query):
    """The items of one page as the joined query serves them (one window per row)."""
    args = with_export(MetricArgs)().load(
        {key: [value] if key == "label" else value for key, value in query.items()}
    )
    with app.app_context():
        from api.database import current_db

        db = current_db()
        db.connect(reuse_if_open=True)
        try:
            page = queries.metric_query(args).paginate(args["page"], args["page_size"])
            return serialize.metrics(page)
        finally:
            db.close()


@pytest.mark.parametrize(
    "query",
    [
        {"page_size": 500},
        {"page_size": 50, "page": 3},
        {"sort": "-value", "page_size": 100},
        {"sort": "value", "page_size": 100, "page": 2},
        {"sort": "label", "page_size": 30, "page": 4},
        {"label": "质量管理信息"},
        {"report": 2, "parent": "none", "sort": "-value"},
        # One report in document order: on PostgreSQL read straight off its index
        # (api.metric_rows.one_report_loader), not ids first.
        {"report": 1},
        {"report": 2, "sort": "start", "page_size": 20, "page": 3},
        {"report": 2, "parent": "none", "page_size": 10, "page": 2},
        {"unit": "条", "year": 2012, "sort": "id", "page_size": 7, "page": 2},
    ],
)
def test_pages_serve_what_the_joined_query_serves(app, client, query):
    response = client.get(URL, query_string=query)
    assert response.status_code == 200
    items = response.get_json()
    assert items
    assert items == joined_items(app, query)


@pytest.mark.parametrize("query", [{"sort": "-value"}, {"report": 2}], ids=["value", "one-report"])
def test_a_cursor_page_follows_the_offset_page(client, query):
    first = client.get(URL, query_string={**query, "page_size": 40})
    cursor = json.loads(first.headers["X-Pagination"])["next_cursor"]
    after = client.get(URL, query_string={**query, "page_size": 40, "after": cursor})
    second = client.get(URL, query_string={**query, "page_size": 40, "page": 2})
    assert after.get_json() == second.get_json()
    assert len(after.get_json()) == 40


def generic_csv(items):
    """CSV rows of the items as every other list renders them (`api.export.cell`)."""
    return [[cell(_pick(item, path)) for _, path in METRICS_EXPORT.columns] for item in items]


def all_items(client, **query):
    items, page = [], 1
    while True:
        chunk = client.get(URL, query_string=dict(query, page=page, page_size=500)).get_json()
        items += chunk
        if len(chunk) < 500:
            return items
        page += 1


@pytest.mark.parametrize("query", [{}, {"sort": "-value"}, {"report": 1, "sort": "label"}])
def test_exports_render_the_items_as_the_generic_export_does(client, query):
    items = all_items(client, **query)
    response = client.get(URL, query_string=dict(query, format="csv"))
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == METRICS_EXPORT.headers
    expected = io.StringIO()
    csv.writer(expected).writerows(generic_csv(items))
    assert rows[1:] == list(csv.reader(io.StringIO(expected.getvalue())))
    lines = client.get(URL, query_string=dict(query, format="ndjson")).get_data(as_text=True)
    assert [json.loads(line) for line in lines.splitlines()] == items


def test_csv_cells_never_start_a_formula(store):
    """Text that a spreadsheet would run is prefixed with a quote; numbers stay numbers."""
    agency = Agency.create(name="@某局")
    text = "=HYPERLINK(1)共-3件。"
    report = Report.create(
        title="t",
        source_name="a.txt",
        sha256="0" * 64,
        encoding="utf-8",
        media_type="text/plain",
        text=text,
        agency=agency,
        year=2020,
        loaded_at=datetime.datetime(2026, 1, 1),
    )
    Metric.insert(
        report=report,
        ordinal=1,
        label="=HYPERLINK(1)",
        value=-3,
        raw="-3件",
        unit="件",
        start=14,
        end=17,
        agency=agency,
        year=2020,
    ).execute()
    client = create_app({"TESTING": True, "DATABASE_URL": store.url}).test_client()
    rows = list(
        csv.reader(
            io.StringIO(client.get(URL, query_string={"format": "csv"}).get_data(as_text=True))
        )
    )
    assert rows[1] == [
        str(Metric.get().id),
        str(report.id),
        "",
        "",
        "'@某局",
        "2020",
        "'=HYPERLINK(1)",
        "-3",
        "'-3件",
        "件",
        "",
        "",
        "",
        "",
        "14",
        "17",
        "'-3件",
        "'=HYPERLINK(1)共-3件。",
    ]


@pytest.mark.parametrize(
    "window, window_start, start, end, quote, context",
    [
        # a boundary on each side
        ("前文。质量管理信息718条，其他。后文", 0, 9, 13, "718条", "质量管理信息718条，其他。"),
        # a line break ends the context and is left out; the text start is the floor
        ("质量管理信息718条\n下一行", 0, 6, 10, "718条", "质量管理信息718条"),
        # the window starts inside the text: offsets are the text's
        ("。甲乙100件；丙", 500, 503, 507, "100件", "甲乙100件；"),
        # no boundary within the radius: 60 characters on each side
        ("一" * 70 + "5件" + "二" * 70, 1000, 1070, 1072, "5件", "一" * 60 + "5件" + "二" * 60),
        # the quote runs to the end of the text
        ("共计3件", 0, 2, 4, "3件", "共计3件"),
        # a boundary just before the quote and just after it
        ("甲。3件。乙", 0, 2, 4, "3件", "3件。"),
    ],
)
def test_source_span_finds_the_sentence_around_the_quote(
    window, window_start, start, end, quote, context
):
    span = serialize.source_span(window, window_start, start, end)
    assert (span["quote"], span["context"]) == (quote, context)
    assert (
        span["context"]
        == window[span["context_start"] - window_start : span["context_end"] - window_start]
    )


@pytest.mark.parametrize(
    "rows, expected",
    [
        # one report, windows overlapping or closer than GAP: one stretch
        ([(1, 100, 104), (1, 300, 303)], [(1, 40, 363)]),
        # far apart: two stretches; a window never starts before the text
        ([(1, 10, 12), (1, 5000, 5004)], [(1, 0, 72), (1, 4940, 5064)]),
        # two reports, rows in any order
        ([(2, 80, 85), (1, 70, 72), (2, 90, 91)], [(2, 20, 151), (1, 10, 132)]),
    ],
)
def test_stretches_merge_the_windows_of_a_report(rows, expected):
    assert metric_rows.stretches(rows) == expected
