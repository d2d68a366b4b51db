"""A list's cost must not grow with the table: each indexed filter and sort is served by an index.

Checked on the query plans of both backends (SQLite's EXPLAIN QUERY PLAN;
PostgreSQL's EXPLAIN with sequential scans discouraged, since on a table this
small the planner would rightly prefer one). `label_contains` (a substring),
`value_min`/`value_max` and `approx` alone are not in the list: they narrow a
scan that follows the requested order and stops at the page's LIMIT.
"""

import re

import pytest

from api import queries
from store.db import is_sqlite, open_database

INDEXED = [
    pytest.param({}, id="no-filter"),
    pytest.param({"report": 1}, id="report"),
    pytest.param({"section": 3}, id="section"),
    pytest.param({"within_section": 18}, id="within_section"),
    pytest.param({"label": ["质量管理信息"]}, id="label"),
    pytest.param({"label": ["质量管理信息", "计量管理信息"]}, id="labels"),
    pytest.param({"label": ["质量管理信息"], "year": 2011}, id="label-year"),
    pytest.param({"unit": "条"}, id="unit"),
    pytest.param({"year": 2011}, id="year"),
    pytest.param({"year_from": 2011, "year_to": 2012}, id="year-range"),
    pytest.param({"agency": "质检总局"}, id="agency"),
    pytest.param({"parent": 5}, id="parent"),
    pytest.param({"table": "3", "row": "new_requests", "column": "total"}, id="cell"),
    pytest.param({"sort": [("value", True)]}, id="sort-value"),
    pytest.param({"sort": [("year", False)]}, id="sort-year"),
    pytest.param({"sort": [("id", False)]}, id="sort-id"),
    pytest.param({"sort": [("label", False)]}, id="sort-label"),
]
SORTS = [a for a in INDEXED if "sort" in a.values[0]]
IN_ORDER = SORTS + [
    # A label's first page in the default order reads its index in that order (SQLite; on
    # PostgreSQL a seeded table's estimate of one matching row makes sorting it cheaper).
    pytest.param(
        {"label": ["质量管理信息"]}, id="label-default-order", marks=pytest.mark.sqlite_plan
    ),
]


@pytest.fixture
def seeded(seeded_url):
    db = open_database(seeded_url)
    db.connect(reuse_if_open=True)
    yield db
    db.close()


def plan(db, query):
    sql, params = query.sql()
    if is_sqlite(db):
        return [row[-1] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()]
    with db.atomic():
        db.execute_sql("SET LOCAL enable_seqscan = off")
        return [row[0] for row in db.execute_sql("EXPLAIN " + sql, params).fetchall()]


def scans_whole_metric_table(db, lines, by_id=False):
    if is_sqlite(db):
        # "SCAN t1" without an index is a full scan, unless the order is the id: then it walks
        # the table's own b-tree in order and stops at the LIMIT. "SCAN t1 USING INDEX i"
        # walks an index in order.
        return any(
            line == "SCAN t1" and not by_id or line.startswith("SCAN t1 ") and "INDEX" not in line
            for line in lines
        )
    return any("Seq Scan on metric" in line for line in lines)


@pytest.mark.parametrize("args", INDEXED)
def test_metric_lists_use_an_index(seeded, args):
    lines = plan(seeded, queries.metric_query(args).paginate(1, 50))
    by_id = args.get("sort") == [("id", False)]
    assert not scans_whole_metric_table(seeded, lines, by_id), "\n".join(lines)


@pytest.mark.parametrize("args", [a for a in INDEXED if "sort" not in a.values[0]])
def test_metric_counts_use_an_index(seeded, args):
    if not args:
        pytest.skip("counting everything is a scan by definition")
    lines = plan(seeded, queries.metric_count_query(args))
    assert not scans_whole_metric_table(seeded, lines), "\n".join(lines)


@pytest.mark.parametrize("args", IN_ORDER)
def test_sorted_pages_read_an_index_in_order(seeded, args, request):
    """A sorted page is the first rows of an index walk, not a sort of the whole table."""
    if request.node.get_closest_marker("sqlite_plan") and not is_sqlite(seeded):
        pytest.skip("checked on SQLite's plan only")
    lines = plan(seeded, queries.metric_query(args).paginate(1, 50))
    if is_sqlite(seeded):
        assert "USE TEMP B-TREE FOR ORDER BY" not in lines, "\n".join(lines)
    else:
        # A full "Sort (cost=…)" node; an "Incremental Sort" only orders ties of an index walk.
        assert not any(re.match(r"\s*(->\s+)?Sort\s+\(", line) for line in lines), "\n".join(lines)


def test_every_metric_filter_is_a_metric_argument_and_back():
    """The filter table and the documented arguments name the same filters."""
    from schemas.args import MetricArgs

    arguments = set(MetricArgs().fields) - {"page", "page_size", "sort", "after"}
    assert set(queries.METRIC_FILTERS) == arguments


@pytest.mark.parametrize("args", SORTS + [pytest.param({}, id="default-order")])
def test_cursor_pages_seek_an_index(seeded, args):
    """A page after a cursor is a seek in the order's index, neither a scan nor a sort."""
    keyset = queries.metric_keyset(args)
    values = [
        1 if name in ("report", "ordinal", "id", "year") else 5.0 if name == "value" else "条"
        for name, *_ in keyset.keys
    ]
    query = queries.metric_query(args).where(keyset.condition(values)).limit(50)
    lines = plan(seeded, query)
    by_id = args.get("sort") == [("id", False)]
    assert not scans_whole_metric_table(seeded, lines, by_id), "\n".join(lines)
    if is_sqlite(seeded):
        assert "USE TEMP B-TREE FOR ORDER BY" not in lines, "\n".join(lines)


@pytest.mark.parametrize(
    "args",
    [
        pytest.param({"q": "申请", "sort": [("label", False)]}, id="q"),
        pytest.param({"sort": [("metric_count", True)]}, id="sort-metric_count"),
        pytest.param({"q": "信息", "sort": [("first_year", False)]}, id="q-sort-first_year"),
    ],
)
def test_unfiltered_labels_never_read_the_metric_table(seeded, args):
    """/labels without metric filters pages the label statistics (store.label_stats)."""
    from api import labels

    assert labels.from_statistics(args)
    for query in (labels.stat_query(args).paginate(1, 50), labels.stat_count_query(args)):
        sql, _ = query.sql()
        assert re.findall(r'(?:FROM|JOIN) "(\w+)"', sql) == ["label_stat"], sql
        lines = plan(seeded, query)
        assert not any(re.search(r"\bmetric\b", line) for line in lines), "\n".join(lines)


def test_series_total_needs_no_ranking_window(seeded):
    """/series counts its points as distinct (agency, year) pairs, without the ranking window."""
    from api import series

    sql, _ = series.series_count_query([queries.Metric.label == "质量管理信息"]).sql()
    assert "ROW_NUMBER" not in sql.upper() and "OVER" not in sql.upper()
    lines = plan(seeded, series.series_count_query([queries.Metric.label == "质量管理信息"]))
    assert not scans_whole_metric_table(seeded, lines), "\n".join(lines)


COVERED = [
    pytest.param({}, id="default-order"),
    pytest.param({"sort": [("id", False)]}, id="sort-id"),
    pytest.param({"sort": [("value", True)]}, id="sort-value"),
    pytest.param({"label": ["质量管理信息"]}, id="label"),
    pytest.param({"report": 1}, id="report"),
]


@pytest.mark.parametrize("args", COVERED)
def test_deep_pages_pick_their_ids_from_a_covering_index(seeded, args):
    """A page's ids (api.metric_rows) come from an index holding the filter, the order and the
    id: OFFSET steps over index entries, never over whole rows, and nothing is sorted."""
    query = queries.metric_id_query(args).paginate(3, 50)
    lines = plan(seeded, query)
    assert not scans_whole_metric_table(seeded, lines), "\n".join(lines)
    if is_sqlite(seeded):
        assert any("COVERING INDEX" in line for line in lines), "\n".join(lines)
        assert "USE TEMP B-TREE FOR ORDER BY" not in lines, "\n".join(lines)
    else:
        # A seeded table is too small for the planner to prefer an index to a sort: forbid
        # sorting too, so the plan shows that an index serves the order (ties by id may be
        # ordered by an Incremental Sort, which never holds more than one group).
        sql, params = query.sql()
        with seeded.atomic():
            seeded.execute_sql("SET LOCAL enable_seqscan = off")
            seeded.execute_sql("SET LOCAL enable_sort = off")
            lines = [row[0] for row in seeded.execute_sql("EXPLAIN " + sql, params).fetchall()]
        assert not any(re.match(r"\s*(->\s+)?Sort\s+\(", line) for line in lines), "\n".join(lines)


@pytest.mark.parametrize("args", COVERED)
def test_a_postgresql_page_is_one_statement_read_by_index(seeded, args):
    """On PostgreSQL a page's ids, rows and text are one statement (api.metric_rows.page_select):
    the ids from the order's index, the rows by primary key, the text from its pieces."""
    if is_sqlite(seeded):
        pytest.skip("SQLite reads the ids, then the rows and text")
    from api import metric_rows

    ids = queries.metric_id_query(args).paginate(3, 50)
    lines = plan(seeded, metric_rows.page_select(ids, queries.metric_order(args)))
    assert not scans_whole_metric_table(seeded, lines), "\n".join(lines)
    assert not any("Seq Scan on report_text_chunk" in line for line in lines), lines
    assert any("report_text_chunk_pkey" in line for line in lines), "\n".join(lines)


@pytest.mark.parametrize("args", [{"report": 1}, {"report": 2, "parent": "none"}])
def test_a_postgresql_page_of_one_report_is_read_straight_off_its_index(seeded, args):
    """One report in document order (api.metric_rows.one_report_loader): the rows come from
    the report's (report, ordinal) index in order, nothing sorted, each window cut from the
    text's pieces; SQLite and every other list keep the ids first."""
    from api import metric_rows

    def ids_first(query):
        raise AssertionError("only called for a query of another shape")

    loader = metric_rows.one_report_loader(args, ids_first)
    if is_sqlite(seeded):
        assert loader is None
        return
    assert loader is not None
    assert metric_rows.one_report_loader({**args, "sort": [("value", True)]}, ids_first) is None
    assert metric_rows.one_report_loader({"label": ["质量管理信息"]}, ids_first) is None
    sql, params = metric_rows.one_report_statement(queries.metric_id_query(args).paginate(2, 20))
    assert " IN (SELECT" not in sql and '"t2"."name"' in sql and "report_text_chunk" in sql
    with seeded.atomic():
        seeded.execute_sql("SET LOCAL enable_seqscan = off")
        seeded.execute_sql("SET LOCAL enable_sort = off")
        lines = [row[0] for row in seeded.execute_sql("EXPLAIN " + sql, params).fetchall()]
    assert not scans_whole_metric_table(seeded, lines), "\n".join(lines)
    assert not any(re.match(r"\s*(->\s+)?Sort\s+\(", line) for line in lines), "\n".join(lines)
    assert any("report_text_chunk_pkey" in line for line in lines), "\n".join(lines)


def test_a_pages_rows_and_text_are_read_by_primary_key(seeded):
    """The page's rows by id and its text stretches by report id: no scan of either table."""
    from api import metric_rows
    from store.models import Metric

    ids = list(range(1, 101))
    lines = plan(seeded, metric_rows.row_select().where(Metric.id.in_(ids)))
    assert not scans_whole_metric_table(seeded, lines), "\n".join(lines)
    if not is_sqlite(seeded):
        # The rows with their windows, cut from the text's pieces, in one statement.
        lines = plan(seeded, metric_rows._windowed_select().where(Metric.id.in_(ids)))
        assert not any("Seq Scan on metric" in line for line in lines), "\n".join(lines)
        assert not any("Seq Scan on report_text_chunk" in line for line in lines), lines
        assert any("report_text_chunk_pkey" in line for line in lines), "\n".join(lines)
    sql = metric_rows.window_sql(seeded, 3)
    if is_sqlite(seeded):
        lines = [
            row[-1]
            for row in seeded.execute_sql(
                "EXPLAIN QUERY PLAN " + sql, [1, 0, 10, 2, 0, 10, 3, 5, 80]
            ).fetchall()
        ]
        assert any("SEARCH r USING INTEGER PRIMARY KEY" in line for line in lines), lines
    else:
        with seeded.atomic():
            seeded.execute_sql("SET LOCAL enable_seqscan = off")
            lines = [
                row[0]
                for row in seeded.execute_sql(
                    "EXPLAIN " + sql, [1, 0, 10, 2, 0, 10, 3, 5, 80]
                ).fetchall()
            ]
        # Cut from the text's pieces (store.text_chunks), found by their primary key.
        assert not any("Seq Scan" in line for line in lines), "\n".join(lines)
        assert any("report_text_chunk_pkey" in line for line in lines), "\n".join(lines)


@pytest.mark.parametrize(
    "text, postgres_operator, some",
    [
        pytest.param("申请", "strpos", True, id="chinese"),
        pytest.param("2011", "strpos", True, id="digits"),
        pytest.param("Ab", "ILIKE", False, id="cased"),
        pytest.param("\u0307", "ILIKE", False, id="combining-mark"),
    ],
)
def test_label_contains_searches_caseless_text_as_it_is(seeded, text, postgres_operator, some):
    """PostgreSQL's ILIKE lowercases every label: a text without case is found by `strpos`,
    and finds exactly the metrics a case-insensitive `contains` finds."""
    from store.models import Metric

    query = queries.metric_id_query({"label_contains": text})
    sql, _ = query.sql()
    assert ("LIKE" if is_sqlite(seeded) else postgres_operator) in sql, sql
    found = {row[0] for row in query}
    reference = {m.id for m in Metric.select(Metric.id).where(Metric.label.contains(text))}
    assert found == reference
    assert bool(found) == some


def points_plan(db, args):
    from api import series_paging

    args = {"match": "exact", "sort": [("agency", False), ("year", False)], **args}
    conditions = series_paging.point_conditions(args)
    return plan(db, series_paging.point_query(args, conditions))


def reads_points_by(db, lines, columns):
    """Whether the plan seeks `series_point` on an index by `columns` (no scan of the table)."""
    text = "\n".join(lines)
    if is_sqlite(db):
        seek = " AND ".join(f"{c}=?" for c in columns)
        return "SCAN series_point" not in text and re.search(
            rf"SEARCH (t1|series_point) USING (COVERING )?INDEX \w+ \({re.escape(seek)}", text
        )
    conditions = [line for line in lines if "Index Cond" in line]
    return "Seq Scan on series_point" not in text and any(
        all(f"{c} =" in line or f"{c} = ANY" in line for c in columns) for line in conditions
    )


@pytest.mark.parametrize(
    "args, columns",
    [
        pytest.param({"label": "质量管理信息"}, ["label", "shares"], id="label"),
        pytest.param(
            {"label": "质量管理信息", "agency": "质检总局"}, ["label", "shares"], id="label-agency"
        ),
    ],
)
def test_series_points_of_a_label_are_sought_on_a_label_index(seeded, args, columns):
    """/series reads a label's points (of the agencies asked for) from its page-order index on
    the label, though the points' key is agency first (schema 15: a document's points go in
    side by side)."""
    lines = points_plan(seeded, args)
    assert reads_points_by(seeded, lines, columns), "\n".join(lines)


def test_a_reports_series_points_are_sought_on_the_key(seeded):
    """Removing a report reads its agency's points of its year on the key's (agency, year)."""
    from store.models import SeriesPoint

    query = SeriesPoint.select(SeriesPoint.label).where(
        SeriesPoint.agency == 1, SeriesPoint.year == 2011, SeriesPoint.choice_report == 1
    )
    lines = plan(seeded, query)
    assert reads_points_by(seeded, lines, ["agency", "year"]), "\n".join(lines)
