"""Pagination of list endpoints: a total, then a page (by number or after a cursor), then headers.

Every list answers with a JSON array and two headers:

- `X-Pagination`: JSON `{total, total_pages, first_page, last_page, page,
  previous_page, next_page}` (first/last only when there is something,
  previous/next only when they exist);
- `Link` (RFC 8288): absolute URLs for `first`, `prev`, `next`, `last`, each
  keeping the request's other query parameters.

A page beyond the last one is not an error: it is an empty list (200) whose
X-Pagination still tells the total and the last page, and whose `prev` link
points at the last page. A `page_size` above the maximum is a 422 (see
`schemas.args.PaginationArgs`).

Keyset pagination (lists that pass a `Keyset`, i.e. GET /metrics): every page
that has a next one also says `next_cursor` in X-Pagination, and `after=<that
cursor>` asks for the rows after it in the same order. Its cost is the page's,
however deep: the database seeks to the cursor in the order's index instead of
walking past OFFSET rows. Its Link header has `first` and `next` (the cursor's
URL); `after` with an explicit `page` is a 422. A cursor is opaque (URL-safe
base64 of the sort values of the last row) and stays valid while its row's
values do.

Totals: the COUNT of a list is cached per process and per data version (the
highest report id and the number of reports, which every load, replacement
and deletion changes), so paging through a list, or many clients asking the
same list, count it once per worker until the data changes.
"""

import base64
import binascii
import json
import math
import threading
from collections import OrderedDict
from urllib.parse import urlencode

from flask import request
from peewee import SQL, Tuple

from api import anchors, caching
from api.errors import abort
from store.models import database

PAGINATION_HEADER = {
    "description": "Pagination metadata, a JSON object: total (items matching), total_pages, "
    "first_page and last_page (when total > 0), page, previous_page and next_page (when they "
    "exist).",
    "schema": {"type": "string"},
    "example": '{"total": 253, "total_pages": 6, "first_page": 1, "last_page": 6, "page": 2, '
    '"previous_page": 1, "next_page": 3}',
}
LINK_HEADER = {
    "description": "RFC 8288 links to the first, prev, next and last pages (absolute URLs "
    "keeping the other query parameters).",
    "schema": {"type": "string"},
    "example": '<http://127.0.0.1:8000/api/v1/metrics?page=1&page_size=50>; rel="first", '
    '<http://127.0.0.1:8000/api/v1/metrics?page=3&page_size=50>; rel="next"',
}
LIST_HEADERS = {"X-Pagination": "XPagination", "Link": "Link"}


class Page:
    """One page of a query: `items`, and `headers` to send with them."""

    def __init__(self, items, total, page, page_size, next_cursor=None, after=None):
        self.items = items
        self.total = total
        self.page = page
        self.page_size = page_size
        self.next_cursor = next_cursor
        self.after = after

    @property
    def metadata(self):
        total_pages = math.ceil(self.total / self.page_size) if self.total else 0
        meta = {"total": self.total, "total_pages": total_pages}
        if total_pages:
            meta["first_page"] = 1
            meta["last_page"] = total_pages
        meta["page"] = self.page
        if self.page > 1 and total_pages:
            meta["previous_page"] = min(self.page - 1, total_pages)
        if self.page < total_pages:
            meta["next_page"] = self.page + 1
        if self.next_cursor:
            meta["next_cursor"] = self.next_cursor
        return meta

    @property
    def headers(self):
        if self.after is not None:
            return self.keyset_headers
        meta = self.metadata
        headers = {"X-Pagination": json.dumps(meta, separators=(", ", ": "))}
        links = [
            (rel, meta[key])
            for rel, key in (
                ("first", "first_page"),
                ("prev", "previous_page"),
                ("next", "next_page"),
                ("last", "last_page"),
            )
            if key in meta
        ]
        if links:
            headers["Link"] = ", ".join(
                f'<{page_url(number)}>; rel="{rel}"' for rel, number in links
            )
        return headers

    @property
    def keyset_headers(self):
        meta = {"total": self.total, "page_size": self.page_size}
        if self.next_cursor:
            meta["next_cursor"] = self.next_cursor
        headers = {"X-Pagination": json.dumps(meta, separators=(", ", ": "))}
        links = [f'<{page_url(1)}>; rel="first"']
        if self.next_cursor:
            links.append(f'<{page_url(None, self.next_cursor)}>; rel="next"')
        headers["Link"] = ", ".join(links)
        return headers


def page_url(number, after=None):
    """This request's absolute URL at page `number` (or after the cursor `after`), other
    parameters kept."""
    params = [
        (key, value)
        for key, value in request.args.items(multi=True)
        if key not in ("page", "after")
    ]
    if after is not None:
        params.append(("after", after))
    else:
        params.append(("page", str(number)))
    return f"{request.base_url}?{urlencode(params)}"


# --------------------------------------------------------------------------- keyset


class Keyset:
    """Seek pagination over an order: `keys` are (row key, expression, descending, nullable).

    The order is the list's ORDER BY (ending with a unique key), missing values
    last in both directions as `api.queries` orders them. `condition(values)`
    selects the rows after the row whose sort values are `values`.
    """

    def __init__(self, keys):
        self.keys = keys

    def cursor(self, row):
        values = [row[name] for name, *_ in self.keys]
        data = json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")

    def decode(self, cursor):
        """The sort values in a cursor; a 422 naming `after` when it is not one of ours."""
        try:
            data = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            values = json.loads(data.decode("utf-8"))
        except (binascii.Error, ValueError, UnicodeDecodeError):
            values = None
        if not (
            isinstance(values, list)
            and len(values) == len(self.keys)
            and all(
                v is None or isinstance(v, (str, int, float)) and not isinstance(v, bool)
                for v in values
            )
        ):
            message = (
                "Not a cursor of this list: pass the `next_cursor` of X-Pagination (or "
                "follow the `next` link) of the same list and sort."
            )
            abort(422, message=message, errors={"query": {"after": [message]}})
        return values

    def condition(self, values):
        """Rows strictly after `values` in the order (NULLs last)."""
        plain = all(
            not nullable and v is not None
            for (_, _, _, nullable), v in zip(self.keys, values, strict=True)
        )
        directions = {descending for _, _, descending, _ in self.keys}
        if plain and len(directions) == 1:
            # One row-value comparison: both backends seek it in the order's index.
            left = Tuple(*(expression for _, expression, _, _ in self.keys))
            right = Tuple(*values)
            return left < right if directions == {True} else left > right
        alternatives = []
        for index, (_, expression, descending, nullable) in enumerate(self.keys):
            value = values[index]
            if value is None:
                continue  # nothing sorts after a missing value but other missing ones
            beyond = expression < value if descending else expression > value
            if nullable:
                beyond = beyond | expression.is_null()
            equal = [
                (e.is_null() if v is None else e == v)
                for (_, e, _, _), v in zip(self.keys[:index], values[:index], strict=True)
            ]
            for condition in equal:
                beyond = condition & beyond
            alternatives.append(beyond)
        if not alternatives:
            return SQL("1 = 0")
        condition = alternatives[0]
        for other in alternatives[1:]:
            condition = condition | other
        return condition


# --------------------------------------------------------------------------- totals

SQL_CACHE_SIZE = 1024
_statements = OrderedDict()


def fetch(query):
    """The rows of a page query; its SQL text is cached per database, data version and URL.

    Building the SQL of a filtered, joined, sorted page is a large share of a
    request's Python time; the text depends on the URL (its parameters and
    their values), the backend and, for normalized label matching, on the
    wordings stored (listed in the SQL), so a URL asked again within one data
    version reuses it. The rows are still shaped by the query's own cursor
    wrapper (dicts, tuples…).
    """
    key = (id(database.obj), caching.data_version(), request.full_path)
    with _counts_lock:
        statement = _statements.get(key)
        if statement is not None:
            _statements.move_to_end(key)
    if statement is None:
        statement = query.sql()
        with _counts_lock:
            _statements[key] = statement
            while len(_statements) > SQL_CACHE_SIZE:
                _statements.popitem(last=False)
    sql, params = statement
    cursor = database.execute_sql(sql, params)
    return list(query._get_cursor_wrapper(cursor).iterator())


COUNT_CACHE_SIZE = 2048
_counts = OrderedDict()
_counts_lock = threading.Lock()


NOT_FILTERS = ("page", "page_size", "after", "sort", "format", "bom")
"""Query parameters that never change a list's total."""


def cached_total(count_query):
    """`count_query.scalar()`, cached per database, data version and filters.

    The key is the request's path and its filter parameters, as given (the
    same filters in another order are counted once more, never wrongly).
    """
    filters = tuple((k, v) for k, v in request.args.items(multi=True) if k not in NOT_FILTERS)
    key = (id(database.obj), caching.data_version(), request.path, filters)
    with _counts_lock:
        if key in _counts:
            _counts.move_to_end(key)
            return _counts[key]
    total = count_query.scalar()
    with _counts_lock:
        _counts[key] = total
        while len(_counts) > COUNT_CACHE_SIZE:
            _counts.popitem(last=False)
    return total


RESULT_CACHE_SIZE = 128
_results = OrderedDict()


def cached_page(compute):
    """`compute()` (a page's (items, headers)), cached per database, data version and URL.

    For the analysis lists (/series, /aggregates) whose pages group or rank every
    matching metric: the data only changes when reports are loaded, replaced or
    deleted, and each of those changes the data version, so a page asked again is
    served from memory without ever being stale. At most RESULT_CACHE_SIZE pages
    per process, least recently used first out.
    """
    key = (id(database.obj), caching.data_version(), request.full_path)
    with _counts_lock:
        if key in _results:
            _results.move_to_end(key)
            return _results[key]
    result = compute()
    with _counts_lock:
        _results[key] = result
        while len(_results) > RESULT_CACHE_SIZE:
            _results.popitem(last=False)
    return result


def paginate(
    query,
    args,
    count_query=None,
    convert=None,
    keyset=None,
    load=None,
    total_column=None,
    load_query=None,
):
    """Run `query` for the page named in `args`; returns `(items, headers)` for a view.

    `count_query` is a `SELECT COUNT(*) ... WHERE <the same filters>` (see
    `api.queries`), without the joins and the ordering, its result cached (see
    `cached_total`); without it the total is `query.count()`. `convert` turns
    the fetched rows into the served items (default: a list of the rows).
    `keyset` (a `Keyset` of the query's order) enables `after=` and `next_cursor`.
    `load` turns the page's fetched rows into the rows `convert` takes: `query` then
    selects ids only, in the list's order (see `api.metric_rows`).
    `load_query`, when given, replaces fetching and `load`: it takes the page's query (limited)
    and returns the loaded rows in one statement.
    `total_column` names a column of `query` holding the list's total (`COUNT(*) OVER ()`):
    a page that has rows is then counted by the query that fetches it, in the same pass
    (a GROUP BY is not run twice); only a page beyond the last one runs `count_query`.
    """
    page, page_size = args["page"], args["page_size"]
    after = args.get("after") if keyset is not None else None
    if after is not None and "page" in request.args:
        message = "Give either `page` or `after` (a cursor), not both."
        abort(422, message=message, errors={"query": {"after": [message]}})
    if total_column is not None and after is None:
        rows = fetch(query.limit(page_size).offset((page - 1) * page_size))
        total = rows[0][total_column] if rows else cached_total(count_query)
        items = convert(rows) if convert else rows
        return items, Page(items, total, page, page_size).headers
    total = cached_total(count_query) if count_query is not None else query.count()
    run = fetch if load_query is None else load_query
    if after is not None:
        rows = run(query.where(keyset.condition(keyset.decode(after))).limit(page_size + 1))
    elif keyset is not None and 1 < page and (page - 1) * page_size < total:
        # Seeks from the nearest known row before the page (api.anchors), rows loaded.
        offset = (page - 1) * page_size
        rows = anchors.page_rows(query, keyset, offset, page_size + 1, load, load_query)
        load = None
    elif (page - 1) * page_size < total:
        rows = run(query.limit(page_size + (keyset is not None)).offset((page - 1) * page_size))
    else:
        rows = []
    if load is not None and load_query is None:
        rows = load(rows)
    next_cursor = None
    if keyset is not None and len(rows) > page_size:
        rows = rows[:page_size]
        next_cursor = keyset.cursor(rows[-1])
    items = convert(rows) if convert else rows
    return items, Page(items, total, page, page_size, next_cursor, after).headers
