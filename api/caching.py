"""Conditional GETs (ETag / If-None-Match -> 304) and CORS, as after-request hooks.

Every successful GET/HEAD response gets a strong ETag: the SHA-256 of its body
and of its pagination headers, so the tag changes whenever the served data
(or the total behind a page) changes, e.g. after a reload. A request whose
If-None-Match holds that tag gets 304 Not Modified with the ETag and no body.
`Cache-Control: no-cache` lets caches keep responses but makes them revalidate.

`Last-Modified` is the data version's latest load time (the data version is
one query reading the ends of two primary keys per request that read
the store, shared with the cached list totals), so a client
or proxy that speaks only If-Modified-Since also revalidates for a 304. When
both validators come, If-None-Match decides (RFC 9110 13.2.2). An empty store
has no data version and no Last-Modified.

CORS: the API is read-only and public, so any origin may GET it; the
pagination and ETag headers are exposed to scripts, and OPTIONS preflights are
answered by Flask's automatic OPTIONS with the headers added here.
"""

import datetime
import hashlib
from typing import NamedTuple

from flask import g, request
from peewee import Select, fn

from api import database
from store.models import Report, ReportSource

ETAG_HEADER = {
    "description": "Strong entity tag of this response; send it back in If-None-Match to get "
    "304 Not Modified while the data has not changed.",
    "schema": {"type": "string"},
    "example": '"5f1d3c0e9a8b7c6d5e4f3a2b1c0d9e8f"',
}
IF_NONE_MATCH_PARAMETER = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "An ETag from an earlier response; if it still matches, the answer is 304 "
    "Not Modified without a body.",
    "schema": {"type": "string"},
    "example": '"5f1d3c0e9a8b7c6d5e4f3a2b1c0d9e8f"',
}
LAST_MODIFIED_HEADER = {
    "description": "When the served data last changed: the latest load time of any report. "
    "Send it back in If-Modified-Since to get 304 Not Modified while nothing was loaded since.",
    "schema": {"type": "string"},
    "example": "Sun, 06 Dec 2026 17:42:22 GMT",
}
IF_MODIFIED_SINCE_PARAMETER = {
    "name": "If-Modified-Since",
    "in": "header",
    "required": False,
    "description": "A Last-Modified date from an earlier response; if no report was loaded "
    "since, the answer is 304 Not Modified without a body (If-None-Match wins when both come).",
    "schema": {"type": "string"},
    "example": "Sun, 06 Dec 2026 17:42:22 GMT",
}
ETAG_INPUT_HEADERS = ("X-Pagination", "Link")
EXPOSED_HEADERS = "ETag, Last-Modified, Link, X-Pagination"


class DataVersion(NamedTuple):
    """What changes whenever reports are loaded, replaced or deleted.

    Every change the loader makes records a source (`report_source`, whose ids are
    never reused): a new report, a replacement, a source moved to known bytes (the
    report it leaves may go). So the latest source id and report id tell versions
    apart, and each is the end of a primary key: no count over a million reports.
    """

    last_id: int | None
    last_source: int | None
    loaded_at: datetime.datetime | None


def utc(value):
    """A stored timestamp (datetime, or ISO text on SQLite) as an aware UTC datetime."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value


def data_version():
    """The store's `DataVersion`, read once per request (one query), or None for a
    request that does not read the store (docs, static files)."""
    if not database.needs_db():
        return None
    if "data_version" not in g:
        latest = (
            ReportSource.select(ReportSource.loaded_at).order_by(ReportSource.id.desc()).limit(1)
        )
        last_id, last_source, loaded_at = (
            Select(
                columns=[
                    Report.select(fn.MAX(Report.id)),
                    ReportSource.select(fn.MAX(ReportSource.id)),
                    latest,
                ]
            )
            .bind(Report._meta.database)
            .tuples()[0]
        )
        g.data_version = DataVersion(last_id, last_source, utc(loaded_at))
    return g.data_version


def add_etag(response):
    """Tag a successful GET/HEAD response (ETag, Last-Modified) and answer a matching
    If-None-Match (or, without it, an If-Modified-Since not older than the data) with 304."""
    if (
        request.method not in ("GET", "HEAD")
        or response.status_code != 200
        or response.direct_passthrough  # static files: Werkzeug tags them itself
        or response.is_streamed
    ):
        return response
    digest = hashlib.sha256(response.get_data())
    for name in ETAG_INPUT_HEADERS:
        digest.update(b"\x00" + response.headers.get(name, "").encode("latin-1", "replace"))
    response.set_etag(digest.hexdigest()[:32])
    version = data_version()
    if version is not None and version.loaded_at is not None:
        response.last_modified = version.loaded_at
    response.headers.setdefault("Cache-Control", "no-cache")
    return response.make_conditional(request)


def add_cors(response):
    """Allow GET from any origin; answer preflights."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = (
            request.headers.get("Access-Control-Request-Headers")
            or "If-None-Match, If-Modified-Since"
        )
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


def init_app(app):
    app.after_request(add_etag)
    app.after_request(add_cors)
