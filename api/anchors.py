"""Deep numbered pages seek from a known row instead of stepping over every row before them.

`page=500` of a list is OFFSET 49,900: the database walks 49,900 index entries
before the page (3-4 ms on PostgreSQL at 1M metrics, whose index-only scan costs
~70 ns an entry; 0.4 ms on SQLite). A list that has a keyset order
(`api.pagination.Keyset`) can instead seek to the row just before the page, as
`after=` does, if it knows that row's sort values: an **anchor**.

Every numbered page served records two anchors: the row before it (fetched with
the page, one row more) and its own last row. So the same page asked again, or the
next page of a client walking a list page by page, is a seek; any other deep page
walks only from the nearest anchor before it. Anchors are kept per process, per
database, data version (`api.caching.data_version`: every load, replacement and
deletion changes it, so an anchor never outlives the rows it was read from),
path, filters and sort, at most ANCHORS_PER_LIST of one list and LISTS lists,
least recently used out. The rows served are exactly OFFSET's
(`tests/test_api_anchors.py` holds them equal on both backends).
"""

import threading
from collections import OrderedDict

from flask import request

from api import caching
from store.models import database

LISTS = 256
"""Lists whose anchors are kept (per process), least recently used first out."""
ANCHORS_PER_LIST = 512
"""Anchors kept per list, oldest first out."""
NOT_LIST = ("page", "page_size", "after", "format", "bom")
"""Query parameters that do not change which rows a list holds, nor their order."""

_anchors = OrderedDict()
_lock = threading.Lock()


def _list_key():
    params = tuple((k, v) for k, v in request.args.items(multi=True) if k not in NOT_LIST)
    return (id(database.obj), caching.data_version(), request.path, params)


def _nearest(key, offset):
    """(position, sort values) of the last known row before position `offset`, or (-1, None)."""
    with _lock:
        known = _anchors.get(key)
        if known is None:
            return -1, None
        _anchors.move_to_end(key)
        before = [position for position in known if position < offset]
        if not before:
            return -1, None
        position = max(before)
        return position, known[position]


def _remember(key, found):
    """Record {position: sort values} for the list `key`."""
    with _lock:
        known = _anchors.setdefault(key, {})
        _anchors.move_to_end(key)
        known.update(found)
        while len(known) > ANCHORS_PER_LIST:
            known.pop(next(iter(known)))
        while len(_anchors) > LISTS:
            _anchors.popitem(last=False)


def page_rows(query, keyset, offset, count, load=None, load_query=None):
    """Up to `count` rows of `query` from position `offset` (> 0) on, in its order.

    `query` is the list's query in the `keyset`'s order (ids only when `load` turns
    fetched rows into full rows, or `load_query` the limited query into them in one
    statement, as `api.pagination.paginate` takes them).
    """
    key = _list_key()
    start, values = _nearest(key, offset)
    query = query if values is None else query.where(keyset.condition(values))
    skip = offset - start - 1  # rows between the anchor and the page
    # With a skip, one row more, before the page: the anchor of the next request for it.
    query = query.limit(count + 1).offset(skip - 1) if skip else query.limit(count)
    if load_query is not None:
        rows = load_query(query)  # one statement: no row can go away between two
    else:
        rows = list(query)
        fetched = len(rows)
        if load is not None:
            rows = load(rows)
        if len(rows) != fetched:  # a row went away meanwhile: positions are not known
            return rows[1:] if skip else rows
    found = {}
    if skip and rows:
        found[offset - 1] = _values(keyset, rows[0])
        rows = rows[1:]
    if rows:
        found[offset + len(rows) - 1] = _values(keyset, rows[-1])
    _remember(key, found)
    return rows


def _values(keyset, row):
    return [row[name] for name, *_ in keyset.keys]
