"""Exports: any list endpoint as CSV or NDJSON, all matching rows, streamed row by row.

Content negotiation (`negotiate`):
- the `format` query parameter (`json`, `csv`, `ndjson`, see
  `schemas.analysis.ExportArgs`) wins over the Accept header;
- else the Accept header: the best of application/json, text/csv and
  application/x-ndjson by quality (JSON on a tie; no header or `*/*` is JSON);
- an Accept header that admits none of the three is a 406 (JSON error body).

JSON stays what it was: one page. CSV and NDJSON are every matching row (no
`page`/`page_size`), sorted as the JSON list would be, streamed: rows are
fetched in chunks of CHUNK_ROWS and written out as they come, so the memory a
download takes does not grow with its size. The export query runs on a
connection of its own (Flask tears the request down, closing its connection,
before the body streams):
- SQLite: its cursor steps the statement one row at a time;
- PostgreSQL: psycopg2's default cursor would fetch the whole result into the
  client, so the query runs in a named (server-side) cursor inside a
  read-only transaction and is fetched CHUNK_ROWS at a time.
A chunk of rows goes through the endpoint's `convert` (the same function that
turns a page of rows into items, so batch look-ups stay batched), each item is
dumped by the endpoint's response schema (so NDJSON lines are exactly the JSON
items) and, for CSV, flattened into the endpoint's documented columns.

CSV: UTF-8, a header row, RFC 4180 quoting and CRLF line ends; `bom=true`
prefixes a UTF-8 BOM for spreadsheet programs. Cells: null is empty, booleans
are `true`/`false`, a list of scalars is joined with `;`, anything else nested
is compact JSON. Exports have no ETag (they are streamed) and carry
`Content-Disposition: attachment; filename="<name>.csv"`.

The query is executed (and its first chunk fetched) before the response
starts, so an error in it is still a proper JSON error; a failure after
streaming has begun ends the body with a record saying so (`failure_record`):
a last NDJSON line `{"error": …}`, or a CSV row starting `#export failed`.

Wiring a list view takes two lines: `@export_arguments(blp, TheirArgs, EXPORT)`
instead of `@blp.arguments(TheirArgs, location="query", as_kwargs=False)` (it
adds `format`/`bom` to the arguments and documents the CSV/NDJSON responses
and the 406), and `return export_or_page(EXPORT, query, args, ...)` instead of
`return paginate(query, args, ...)`. Each resource declares its `Export`
beside its view (`api.metrics.METRICS_EXPORT`, `api.reports.REPORTS_EXPORT`…).
"""

import csv
import io
import json
import math
import uuid
from itertools import islice

import orjson
from flask import Response, current_app, request, stream_with_context

from api.errors import abort
from api.finite import neutralise
from api.pagination import Page, cached_page, paginate
from schemas.analysis import with_export
from store.db import is_sqlite, open_database
from store.models import database

CHUNK_ROWS = 1000
"""Rows fetched from the database (and converted) at a time."""
FLUSH_BYTES = 64 * 1024
"""Bytes buffered before they are handed to the server."""

MEDIA_TYPES = {"json": "application/json", "csv": "text/csv", "ndjson": "application/x-ndjson"}
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson; charset=utf-8"}
EXTENSIONS = {"csv": "csv", "ndjson": "ndjson"}
BOM = "\ufeff"


# --------------------------------------------------------------------------- description


class Export:
    """How a list endpoint exports: a file name, the item schema, the CSV columns.

    `columns` is a list of (header, path): `path` is a key of the dumped item,
    or a dotted path into it (`source.start`).
    """

    def __init__(self, name, schema, columns, example=None):
        self.name = name
        self.schema = schema
        self.columns = [(header, tuple(path.split("."))) for header, path in columns]
        self.example = example

    @property
    def headers(self):
        return [header for header, _ in self.columns]

    def with_columns(self, columns):
        """The same export with other columns (e.g. the group keys of an aggregate)."""
        return Export(self.name, self.schema, columns, self.example)

    def describe_columns(self):
        return ", ".join(
            f"`{header}`" + ("" if ".".join(path) == header else f" ({'.'.join(path)})")
            for header, path in self.columns
        )


# --------------------------------------------------------------------------- negotiation


def negotiate(args):
    """`json`, `csv` or `ndjson` for this request (see the module docstring); 406 if none fits."""
    chosen = args.get("format")
    if chosen:
        return chosen
    header = request.headers.get("Accept", "")
    if not header.strip():
        return "json"
    best = request.accept_mimetypes.best_match(list(MEDIA_TYPES.values()))
    if best is None:
        abort(
            406,
            message="Not Acceptable: this list is served as application/json, text/csv "
            "or application/x-ndjson (or choose with the `format` query parameter).",
        )
    return next(name for name, media in MEDIA_TYPES.items() if media == best)


# --------------------------------------------------------------------------- rows


def stream_database():
    """A connection of its own to the app's database, for an export's cursor.

    Flask runs the request teardown (which closes the request's connection,
    `api.database.close`) as soon as the view returns, before the body is
    streamed; the export cursor must outlive it. Other queries made while
    streaming (the batch look-ups of `convert`) go through the models as usual:
    peewee reconnects them, and the teardown that ends the stream closes them.
    """
    bound = database.obj
    try:
        return open_database(current_app.config["DATABASE_URL"])
    finally:
        database.initialize(bound)  # open_database binds the models: keep the app's binding


def stream_rows(query, chunk=CHUNK_ROWS):
    """Every row of a peewee query, without holding the result in memory (see the docstring).

    The query runs on a connection of its own (`stream_database`), closed when
    the rows are exhausted or the generator is closed.
    """
    db = stream_database()
    try:
        db.connect(reuse_if_open=True)
        if is_sqlite(db):
            wrapper = query._get_cursor_wrapper(db.execute(query))
            yield from wrapper.iterator()
        else:
            yield from _server_side_rows(db, query, chunk)
    finally:
        db.close()


def stream_tuples(query, chunk=CHUNK_ROWS):
    """Every row of a peewee query as lists of up to `chunk` plain tuples (no model rows).

    Same connection handling as `stream_rows` (its own connection; a server-side
    cursor on PostgreSQL), fetched with `fetchmany`: the fast path of exports
    whose rows are built in bulk (`ById`).
    """
    db = stream_database()
    try:
        db.connect(reuse_if_open=True)
        if is_sqlite(db):
            cursor = db.execute(query)
            while block := cursor.fetchmany(chunk):
                yield block
        else:
            yield from _server_side_chunks(db, query, chunk)
    finally:
        db.close()


def _server_side_chunks(db, query, chunk):
    """PostgreSQL: `query` in a named cursor, `chunk` tuples at a time (see `_server_side_rows`)."""
    conn = db.connection()
    sql, params = db.get_sql_context().sql(query).query()
    conn.autocommit = False
    cursor = conn.cursor(name=f"export_{uuid.uuid4().hex}")
    try:
        cursor.itersize = chunk
        cursor.execute(sql, params)
        while block := cursor.fetchmany(chunk):
            yield block
    finally:
        try:
            if not cursor.closed:
                cursor.close()
        finally:
            conn.rollback()
            conn.autocommit = True


class _FetchMany:
    """A DB-API cursor seen through `fetchone`, fetching `size` rows at a time."""

    def __init__(self, cursor, size):
        self.cursor = cursor
        self.size = size
        self.rows = []
        self.index = 0

    @property
    def description(self):
        return self.cursor.description

    def fetchone(self):
        if self.index >= len(self.rows):
            self.rows = self.cursor.fetchmany(self.size)
            self.index = 0
            if not self.rows:
                return None
        row = self.rows[self.index]
        self.index += 1
        return row

    def close(self):
        if not self.cursor.closed:
            self.cursor.close()


def _server_side_rows(db, query, chunk):
    """PostgreSQL: the query in a named cursor, rows shaped by peewee as usual (dicts, tuples…).

    psycopg2 runs a named cursor only inside a transaction, and peewee's
    connections are in autocommit mode: this connection is the export's own, so
    it leaves autocommit for a read-only transaction, rolled back at the end.
    """
    conn = db.connection()
    sql, params = db.get_sql_context().sql(query).query()
    conn.autocommit = False
    cursor = conn.cursor(name=f"export_{uuid.uuid4().hex}")
    try:
        cursor.itersize = chunk
        cursor.execute(sql, params)
        wrapper = query._get_cursor_wrapper(_FetchMany(cursor, chunk))
        yield from wrapper.iterator()
    finally:
        try:
            if not cursor.closed:
                cursor.close()
        finally:
            conn.rollback()
            conn.autocommit = True


def chunks(iterable, size=CHUNK_ROWS):
    """Lists of up to `size` items from `iterable`."""
    iterator = iter(iterable)
    try:
        while True:
            block = list(islice(iterator, size))
            if not block:
                return
            yield block
    finally:
        if hasattr(iterator, "close"):
            iterator.close()  # e.g. the server-side cursor of `stream_rows`


# --------------------------------------------------------------------------- rendering


def _scalar(value):
    return value is None or isinstance(value, (str, int, float, bool))


def cell(value):
    """One CSV cell from a dumped (JSON-ready) value; text never starts a formula."""
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return neutralise(_cell(value))


def _cell(value):
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (list, tuple)) and all(
        _scalar(v) and not isinstance(v, bool) for v in value
    ):
        return ";".join(_cell(v) for v in value)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def _pick(item, path):
    for key in path:
        if not isinstance(item, dict):
            return None
        item = item.get(key)
    return item


FAILED_MARK = "#export failed"
"""First cell of the CSV row that ends an export which failed midway (see `failure_record`)."""


def failure_record(fmt, rows, exc):
    """The last record of an export that failed after `rows` rows: the client can tell.

    The status line (200) is long sent when a stream fails, so the body says it:
    NDJSON ends with `{"error": {"code": 500, "message": …, "rows": n}}`, a line
    no item has; CSV with a row whose first cell is `#export failed`, then the
    message. A complete export never ends so.
    """
    message = (
        f"The export failed after {rows} rows ({type(exc).__name__}); the rows above "
        "are correct but incomplete: retry, or resume with `after`."
    )
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerow([FAILED_MARK, message])
        return buffer.getvalue()
    return orjson.dumps({"error": {"code": 500, "message": message, "rows": rows}}).decode() + "\n"


def _body(export, fmt, bom, first, rest, convert, db, lean=False, csv_rows=None):
    """The response body: bytes in blocks of about FLUSH_BYTES (see `failure_record`).

    `csv_rows` (when given) turns a whole block into CSV rows of cells at once, in
    place of `convert`, the schema and `cell` per value (`ById`).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    rows = 0
    try:
        if fmt == "csv":
            if bom:
                buffer.write(BOM)
            writer.writerow(export.headers)
        block = first
        while block is not None:
            if database.obj is not db:  # another app in this process rebound the proxy
                database.initialize(db)
            if fmt == "csv" and csv_rows is not None:
                writer.writerows(csv_rows(block))
                rows += len(block)
                block = next(rest, None)
                if buffer.tell() >= FLUSH_BYTES:
                    yield buffer.getvalue().encode("utf-8")
                    buffer.seek(0)
                    buffer.truncate()
                continue
            items = convert(block) if convert else block
            for item in items if lean else export.schema.dump(items, many=True):
                if fmt == "csv":
                    writer.writerow([cell(_pick(item, path)) for _, path in export.columns])
                else:
                    buffer.write(orjson.dumps(item).decode("utf-8"))
                    buffer.write("\n")
                rows += 1
                if buffer.tell() >= FLUSH_BYTES:
                    yield buffer.getvalue().encode("utf-8")
                    buffer.seek(0)
                    buffer.truncate()
            block = next(rest, None)
        data = buffer.getvalue()
        if data:
            yield data.encode("utf-8")
    except Exception as exc:  # the client must be able to tell a cut export from a whole one
        current_app.logger.exception("export %s failed after %d rows", export.name, rows)
        yield (buffer.getvalue() + failure_record(fmt, rows, exc)).encode("utf-8")
    finally:
        rest.close()


def stream(export, fmt, rows, args, convert=None, lean=False, csv_rows=None, blocks=None):
    """A streamed CSV/NDJSON response of every row of `rows` (an iterable of query rows),
    or of every block of `blocks` (an iterator of lists of rows, e.g. `stream_tuples`).

    The first chunk is fetched here, so errors in the query surface before the
    response starts.
    """
    blocks = chunks(rows) if blocks is None else blocks
    first = next(blocks, None)
    body = _body(
        export,
        fmt,
        bool(args.get("bom")) and fmt == "csv",
        first,
        blocks,
        convert,
        database.obj,
        lean,
        csv_rows,
    )
    response = Response(stream_with_context(body), content_type=CONTENT_TYPES[fmt])
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{export.name}.{EXTENSIONS[fmt]}"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


# --------------------------------------------------------------------------- views


class ById:
    """A list served ids first (`api.metric_rows`), for `export_or_page(..., by_id=…)`.

    JSON: the page's ids come from `ids` (a query of the list's ids in its order,
    read from a covering index), then `load(ids)` fetches their rows, which
    `convert` serves as they are (no schema dump: `convert` builds exactly the
    documented items). Exports: `rows` (the same filters and order, plain columns)
    is streamed in chunks of tuples, each turned into items by `chunk` and, for
    CSV, into rows of cells by `csv_rows`.
    """

    def __init__(self, ids, load, rows, chunk, csv_rows=None, load_query=None):
        self.ids = ids
        self.load = load
        self.load_query = load_query  # see `api.pagination.paginate`
        self.rows = rows
        self.chunk = chunk
        self.csv_rows = csv_rows


def export_or_page(
    export,
    query,
    args,
    count_query=None,
    convert=None,
    keyset=None,
    lean=False,
    by_id=None,
    total_column=None,
    cache=False,
):
    """What a list view returns: one JSON page (`api.pagination.paginate`), or the whole export.

    Same arguments as `paginate`, plus the endpoint's `Export` first. An export
    with `after` (a cursor) holds the rows after it: a download cut short can be
    resumed from the last row received.

    `lean=True` serves the JSON page as `convert` built it, without the response
    schema's dump: for lists whose `convert` builds exactly the documented items
    (GET /metrics; `tests/test_api_metrics.py` holds them equal to the schema's dump).
    `by_id` (a `ById`) serves the list ids first, lean, and exports it in bulk.
    `total_column`: see `api.pagination.paginate`. `cache=True` keeps JSON pages per data
    version (`api.pagination.cached_page`).
    """
    fmt = negotiate(args)
    if by_id is not None:
        return _by_id(export, fmt, args, count_query, convert, keyset, by_id)
    if fmt == "json":

        def page():
            return paginate(
                query,
                args,
                count_query=count_query,
                convert=convert,
                keyset=keyset,
                total_column=total_column,
            )

        items, headers = cached_page(page) if cache else page()
        if lean:
            return Response(orjson.dumps(items), headers=headers, mimetype="application/json")
        return items, headers
    if keyset is not None and args.get("after") is not None:
        query = query.where(keyset.condition(keyset.decode(args["after"])))
    if paged_export():
        query = query.paginate(args["page"], args["page_size"])
    return stream(export, fmt, stream_rows(query), args, convert, lean)


def _by_id(export, fmt, args, count_query, convert, keyset, by_id):
    if fmt == "json":
        items, headers = paginate(
            by_id.ids,
            args,
            count_query=count_query,
            convert=convert,
            keyset=keyset,
            load=by_id.load,
            load_query=by_id.load_query,
        )
        return Response(orjson.dumps(items), headers=headers, mimetype="application/json")
    query = by_id.rows
    if keyset is not None and args.get("after") is not None:
        query = query.where(keyset.condition(keyset.decode(args["after"])))
    if paged_export():
        query = query.paginate(args["page"], args["page_size"])
    return stream(
        export,
        fmt,
        None,
        args,
        convert=by_id.chunk,
        lean=True,
        csv_rows=by_id.csv_rows,
        blocks=stream_tuples(query.tuples()),
    )


def paged_export():
    """Whether an export asks for one page: `page` or `page_size` given explicitly.

    Without them an export holds every matching row; with them, that page of
    rows (so neither parameter is ever silently ignored).
    """
    return "page" in request.args or "page_size" in request.args


def export_or_list(export, items, args):
    """Like `export_or_page` for a list already built in memory (bounded, e.g. two reports)."""
    fmt = negotiate(args)
    page, size = args["page"], args["page_size"]
    part = items[(page - 1) * size : page * size]
    if fmt == "json":
        return part, Page(part, len(items), page, size).headers
    return stream(export, fmt, iter(part if paged_export() else items), args)


def export_docs(blp, export):
    """Document on a list operation the CSV and NDJSON responses, their columns and the 406."""
    csv_media = {
        "schema": {
            "type": "string",
            "description": (
                f"All matching rows as CSV (UTF-8, header row, CRLF; `bom=true` adds a UTF-8 BOM). "
                f"Columns: {export.describe_columns()}. Null is an empty cell, a list is joined "
                f"with `;`, a nested object is JSON."
            ),
        }
    }
    if export.example:
        csv_media["example"] = export.example
    ndjson_media = {
        "schema": {
            "type": "string",
            "description": "All matching rows, one JSON object per line: each exactly an item of "
            "the JSON list.",
        }
    }
    return blp.doc(
        responses={
            200: {
                "description": "The list: one page as JSON (with X-Pagination and Link), or every "
                "matching row as CSV or NDJSON (format=csv|ndjson, or the Accept header).",
                "content": {"text/csv": csv_media, "application/x-ndjson": ndjson_media},
            },
            406: {
                "description": "Not Acceptable: the Accept header admits none of application/json, "
                "text/csv, application/x-ndjson (and no `format` was given).",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            },
        }
    )


def described(text):
    """Give a view the docstring `text` (summary line, blank line, description), for texts
    built from shared parts that a literal docstring cannot include."""

    def decorator(func):
        func.__doc__ = text
        return func

    return decorator


def export_arguments(blp, schema_class, export):
    """`blp.arguments(with_export(schema_class))` and `export_docs(blp, export)` in one decorator."""
    arguments = blp.arguments(with_export(schema_class), location="query", as_kwargs=False)
    docs = export_docs(blp, export)

    def decorator(func):
        return arguments(docs(func))

    return decorator
