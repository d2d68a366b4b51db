"""Served metrics from plain database rows: a page's ids first, then its rows, then its text.

A page of GET /metrics is three short queries (two on PostgreSQL) instead of one join:

1. **ids**: `SELECT id FROM metric WHERE <filters> ORDER BY <order> LIMIT n OFFSET k`
   (`api.queries.metric_id_query`), read from a covering index, so OFFSET
   steps over index entries of a few bytes instead of whole rows with their
   text columns (page 500 of 1M metrics: 11 ms of SQL before, 0.4 ms now);
2. **rows**: the page's metric columns and agency names by id (`page_rows`; on
   PostgreSQL with each row's window, in the same statement);
3. **text**: the windows the quotes and contexts are cut from, one `substr`
   per stretch of a report the page touches (`attach_windows`), not one per
   row: SQLite reads a whole text value for each `substr`, so a page of 100
   numbers of one long report read that report 100 times. PostgreSQL's substr
   walks the text from its start: there each row's window is cut in step 2 from
   the text's pieces of 200 characters (`store.text_chunks`), and exports cut
   their stretches from the pieces too.

Rows are tuples from the driver turned into dicts once (no per-field model
conversion), the SQL text of each shape is built once per backend, and the
served item is `api.serialize.metric` of the row, as the schema documents it
(`tests/test_api_metrics.py` holds them equal). Exports use the same steps
per chunk of rows (`served_chunk`, `csv_chunk`).
"""

import math
import threading
from bisect import bisect_right

from peewee import JOIN, SQL

from api.finite import FORMULA_STARTS
from api.queries import CONTEXT_RADIUS
from api.serialize import metric as served_metric
from api.serialize import quote_and_context
from schemas.fields import json_number
from store import prepared, text_chunks
from store.db import is_sqlite
from store.models import Agency, Metric, database

ROW_FIELDS = [
    ("id", Metric.id),
    ("report", Metric.report),
    ("section", Metric.section),
    ("parent", Metric.parent),
    ("label", Metric.label),
    ("value", Metric.value),
    ("raw", Metric.raw),
    ("unit", Metric.unit),
    ("approx", Metric.approx),
    ("start", Metric.start),
    ("end", Metric.end),
    ("table", Metric.table),
    ("row", Metric.row),
    ("column", Metric.column),
    ("placement", Metric.placement),
    ("year", Metric.year),
    ("ordinal", Metric.ordinal),
    ("agency_name", Agency.name),
]
"""The row keys (those of `api.queries.metric_select`, less the text window) and their columns."""
ROW_KEYS = [key for key, _ in ROW_FIELDS]

GAP = 2 * CONTEXT_RADIUS + 200
"""Windows of one report closer than this many characters are cut as one stretch of text."""

_sql = {}
_sql_lock = threading.Lock()


def row_select():
    """SELECT of the row columns (no text), agency joined: filter, order and limit it."""
    return Metric.select(*(field for _, field in ROW_FIELDS)).join(
        Agency, JOIN.LEFT_OUTER, on=(Metric.agency == Agency.id)
    )


def _cached_sql(key, build):
    """SQL text built once per backend and shape (`build()` returns (sql, params) or sql)."""
    key = (type(database.obj), *key)
    sql = _sql.get(key)
    if sql is None:
        sql = build()
        with _sql_lock:
            _sql[key] = sql
    return sql


def as_rows(tuples):
    """Row dicts from tuples of `row_select()` columns."""
    return [dict(zip(ROW_KEYS, values)) for values in tuples]


def page_rows(ids):
    """The rows of the metrics `ids` (tuples or ids), in that order, with their text windows."""
    ids = [value[0] if isinstance(value, (tuple, list)) else value for value in ids]
    if not ids:
        return []
    if not is_sqlite():
        return _page_rows_with_windows(ids)
    sql = _cached_sql(("rows", len(ids)), lambda: row_select().where(Metric.id.in_(ids)).sql()[0])
    by_id = {row["id"]: row for row in as_rows(database.execute_sql(sql, ids).fetchall())}
    rows = [
        by_id[i] for i in ids if i in by_id
    ]  # a row deleted between the two queries is left out
    attach_windows(rows)
    return rows


WINDOW_KEYS = [*ROW_KEYS, "window_start", "window"]


def _windowed_select():
    """`row_select()` and each row's window, cut from the text's pieces (PostgreSQL)."""
    first = f'GREATEST("t1"."start" - {CONTEXT_RADIUS}, 0)'
    end = f'"t1"."end" + {CONTEXT_RADIUS}'
    return row_select().select_extend(
        SQL(first), SQL(text_chunks.window_of('"t1"."report_id"', first, end))
    )


INNER = "__page_ids__"
"""Where a page's id query goes in the cached SQL of `page_select` (see `page_query_loader`)."""


def page_query_loader(order, shape):
    """PostgreSQL: a function of a page's id query (filtered, ordered, limited) returning its
    rows with their windows in `order`, in one statement: the ids, rows and text of a page
    in one round trip. None on SQLite, which fetches the ids and then `page_rows`.

    The statement around the id query depends only on the order (`shape`, hashable, names
    it): its SQL is built once per backend and shape, and the id query's SQL put inside
    (building the whole nested query took 0.45 ms a page)."""
    if is_sqlite():
        return None
    outer = _cached_sql(("page", shape), lambda: page_select(SQL(INNER), order).sql()[0])

    def load(query):
        sql, params = query.sql()
        return _windowed_rows(outer.replace(INNER, f"({sql})", 1), params)

    return load


def one_report_loader(args, ids_first):
    """PostgreSQL, the metrics of one report in document order: a function of the page's id
    query (filtered, ordered, limited) that reads the page's rows and windows straight off
    the report's index in one prepared statement, or None for any other list. `ids_first`
    (the list's `page_query_loader`) loads a query of any other shape.

    A report's matches are one report's numbers, at most a few thousand, and its index
    (report, ordinal) holds them in document order: the page is read straight off it, and
    PostgreSQL cuts the windows of only the rows under the LIMIT. Picking the ids first
    (`page_query_loader`) finds each of those rows again by primary key: 1.33 ms against
    1.04 ms for a 100-row page at 1M metrics. The plan is the same for every report, so the
    statement is prepared (`store.prepared`): 0.45 ms of planning saved as well. Lists
    filtered otherwise keep the ids first: their OFFSET steps over index entries, not rows,
    and their best plan depends on the values."""
    if is_sqlite() or args.get("report") is None:
        return None
    if any(key != "start" or descending for key, descending in args.get("sort") or ()):
        return None

    def load(query):
        statement = one_report_statement(query)
        if statement is None:  # not an id query's shape: ids first, as any list
            return ids_first(query)
        return _windowed_rows_of(prepared.execute(database, *statement))

    return load


def one_report_statement(query):
    """(sql, params) reading the rows and windows of the id query `query` (filtered, ordered,
    limited) directly: its SQL with the row columns in place of the id, or None."""
    sql, params = query.sql()
    id_head, rows_head = _cached_sql(("one report",), _one_report_heads)
    if not sql.startswith(id_head):
        return None
    return rows_head + sql[len(id_head) :], params


def _one_report_heads():
    """(head of an id query's SQL, the same with the row columns, windows and agency join):
    `SELECT … FROM "metric" AS "t1"` up to its WHERE, neither holding a parameter."""
    id_head, id_params = Metric.select(Metric.id).sql()
    rows_head, rows_params = _windowed_select().sql()
    assert not id_params and not rows_params, "a head holds a parameter"
    return id_head, rows_head


def page_select(query, order):
    """The rows, with their windows, of the metrics the id query `query` selects, in `order`."""
    return _windowed_select().where(Metric.id.in_(query)).order_by(*order)


def _windowed_rows(sql, params):
    return _windowed_rows_of(database.execute_sql(sql, params))


def _windowed_rows_of(cursor):
    rows = [dict(zip(WINDOW_KEYS, values)) for values in cursor]
    for row in rows:
        row["window"] = row["window"] or ""
    return rows


def _page_rows_with_windows(ids):
    """PostgreSQL: the rows and their windows in one statement (one round trip, not two:
    on a busy machine each is a wait for the server process), a window per row since
    cutting one from the pieces costs the same for any offset."""
    sql = _cached_sql(
        ("rows+windows", len(ids)), lambda: _windowed_select().where(Metric.id.in_(ids)).sql()[0]
    )
    by_id = {
        values[0]: dict(zip(WINDOW_KEYS, values))
        for values in database.execute_sql(sql, ids).fetchall()
    }
    for row in by_id.values():
        row["window"] = row["window"] or ""
    return [by_id[i] for i in ids if i in by_id]


def stretches(spans):
    """[(report id, first character, end)]: the text that windows around the numbers
    `spans` ((report id, start, end) each) need, merged per report."""
    wanted = {}
    for report, start, end in spans:
        start -= CONTEXT_RADIUS
        wanted.setdefault(report, []).append((start if start > 0 else 0, end + CONTEXT_RADIUS))
    merged = []
    for report, windows in wanted.items():
        windows.sort()
        low, high = windows[0]
        for start, end in windows[1:]:
            if start > high + GAP:
                merged.append((report, low, high))
                low, high = start, end
            elif end > high:
                high = end
        merged.append((report, low, high))
    return merged


def window_sql(db, count):
    """SELECT (report id, first character, text) of `count` stretches given as parameters
    (report id, first character, end) each; the report is found by its primary key.

    On PostgreSQL the stretches are cut from the text's pieces (`store.text_chunks`):
    its substr counts characters from the start of the text, SQLite's is cheap."""
    param = db.param
    if not is_sqlite(getattr(db, "obj", db)):  # the models' proxy, or a database
        return text_chunks.window_sql(param, count)
    values = ", ".join(f"({param}, {param}, {param})" for _ in range(count))
    return (
        f"SELECT w.column1, w.column2, substr(r.text, w.column2 + 1, w.column3 - w.column2) "
        f"FROM (VALUES {values}) AS w JOIN report r ON r.id = w.column1"
    )


def windows(spans, db=None):
    """[(first character, text)]: for each (report id, start, end) of `spans`, a stretch of
    its report's text holding CONTEXT_RADIUS characters on each side of the number."""
    if not spans:
        return []
    db = db or database
    parts = stretches(spans)
    params = [value for part in parts for value in part]
    texts = {}
    for report, start, text in db.execute_sql(window_sql(db, len(parts)), params).fetchall():
        texts.setdefault(report, []).append((start, text or ""))
    starts = {}
    for report, pieces in texts.items():
        pieces.sort()
        starts[report] = [start for start, _ in pieces]
    found = []
    for report, start, _ in spans:
        # The stretch holding a window is the last one of its report starting at or before
        # the number (stretches of a report are disjoint and sorted).
        pieces = texts.get(report)
        if pieces is None:  # the report went away between the queries: an empty window
            found.append((0, ""))
        else:
            found.append(pieces[max(bisect_right(starts[report], start) - 1, 0)])
    return found


def attach_windows(rows, db=None):
    """Give each row `window` and `window_start`: a stretch of its report's text around it."""
    spans = [(row["report"], row["start"], row["end"]) for row in rows]
    for row, (start, text) in zip(rows, windows(spans, db)):
        row["window_start"], row["window"] = start, text
    return rows


# --------------------------------------------------------------------------- exports


def served_chunk(tuples, db=None):
    """Served metrics from a chunk of `row_select()` tuples (NDJSON and JSON items)."""
    rows = attach_windows(as_rows(tuples), db)
    return [served_metric(row) for row in rows]


_REPORT, _START, _END = ROW_KEYS.index("report"), ROW_KEYS.index("start"), ROW_KEYS.index("end")


def csv_chunk(tuples, db=None):
    """CSV rows (lists of cells, `api.metrics.METRICS_EXPORT`'s columns) from a chunk of tuples.

    The same cells `api.export.cell` makes of the served items, built straight from the
    tuples (no item dicts): text never starts a formula (`api.finite.neutralise`), null
    is empty, a whole value is written as an integer.
    """
    spans = [(t[_REPORT], t[_START], t[_END]) for t in tuples]
    out = []
    append = out.append
    for values, (window_start, window) in zip(tuples, windows(spans, db)):
        (
            metric_id,
            report,
            section,
            parent,
            label,
            value,
            raw,
            unit,
            approx,
            start,
            end,
            table,
            row,
            column,
            _placement,
            year,
            _ordinal,
            agency,
        ) = values
        quote, context, _, _ = quote_and_context(window, window_start, start, end)
        append(
            [
                metric_id,
                report,
                _opt(section),
                _opt(parent),
                _text(agency),
                _opt(year),
                _text(label),
                _number(value),
                _text(raw),
                _text(unit),
                _text(approx),
                _text(table),
                _text(row),
                _text(column),
                start,
                end,
                _text(quote),
                _text(context),
            ]
        )
    return out


def _opt(value):
    return "" if value is None else value


def _text(value):
    if value is None:
        return ""
    return "'" + value if value.startswith(FORMULA_STARTS) else value  # api.finite.neutralise


def _number(value):
    value = json_number(value)
    return "" if value is None or not math.isfinite(value) else value
