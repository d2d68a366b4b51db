"""Pagination of list endpoints: COUNT, then LIMIT/OFFSET, then headers.

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
"""
import json
import math
from urllib.parse import urlencode

from flask import request

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

    def __init__(self, items, total, page, page_size):
        self.items = items
        self.total = total
        self.page = page
        self.page_size = page_size

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
        return meta

    @property
    def headers(self):
        meta = self.metadata
        headers = {"X-Pagination": json.dumps(meta, separators=(", ", ": "))}
        links = [
            (rel, meta[key])
            for rel, key in (("first", "first_page"), ("prev", "previous_page"),
                             ("next", "next_page"), ("last", "last_page"))
            if key in meta
        ]
        if links:
            headers["Link"] = ", ".join(f'<{page_url(number)}>; rel="{rel}"' for rel, number in links)
        return headers


def page_url(number):
    """This request's absolute URL with `page` set to `number`, other parameters kept."""
    params = [(key, value) for key, value in request.args.items(multi=True) if key != "page"]
    params.append(("page", str(number)))
    return f"{request.base_url}?{urlencode(params)}"


def paginate(query, args, count_query=None, convert=None):
    """Run `query` for the page named in `args`; returns `(items, headers)` for a view.

    `count_query` is a `SELECT COUNT(*) ... WHERE <the same filters>` (see
    `api.queries`) run with `.scalar()`, without the joins and the ordering;
    without it the total is `query.count()`. `convert` turns
    the fetched rows into the served items (default: a list of the rows).
    """
    page, page_size = args["page"], args["page_size"]
    total = count_query.scalar() if count_query is not None else query.count()
    if (page - 1) * page_size < total:
        rows = list(query.limit(page_size).offset((page - 1) * page_size))
    else:
        rows = []
    items = convert(rows) if convert else rows
    return items, Page(items, total, page, page_size).headers
