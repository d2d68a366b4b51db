"""Rows from `api.queries` to the plain dicts the response schemas dump.

The one rule: a metric is never served without its source span. `source`
is built from the window of text that `queries.metric_columns` cuts around the
number: `quote` is exactly text[start:end] and `context` the sentence around
it (previous boundary 。；！？ or line break, to the next one), at most
CONTEXT_RADIUS characters on each side of the quote.
"""

import json
import re

from api.caching import utc
from api.queries import CONTEXT_RADIUS, report_sources
from schemas.fields import json_number

SENTENCE_ENDS = "。；！？\n"
_LAST_BOUNDARY = re.compile(f".*[{SENTENCE_ENDS}]", re.S)
"""Matched from the floor: ends just after the last sentence boundary before the quote."""
_FIRST_BOUNDARY = re.compile(f"[{SENTENCE_ENDS}]")


def source_span(window, window_start, start, end):
    """{start, end, quote, context, context_start, context_end} from a window of the text."""
    quote, context, context_start, context_end = quote_and_context(window, window_start, start, end)
    return {
        "start": start,
        "end": end,
        "quote": quote,
        "context": context,
        "context_start": context_start,
        "context_end": context_end,
    }


def quote_and_context(window, window_start, start, end):
    """(quote, context, context_start, context_end) of the number at start:end.

    The window holds at least CONTEXT_RADIUS characters on each side of the number
    (less at the ends of the text); the boundaries are found by C-level searches
    (`_LAST_BOUNDARY`, `_FIRST_BOUNDARY`) within the radius.
    """
    window = window or ""
    window_end = window_start + len(window)
    quote = window[start - window_start : end - window_start]
    # Context start: just after the last boundary before the quote, within the radius.
    floor = max(window_start, start - CONTEXT_RADIUS)
    found = _LAST_BOUNDARY.match(window, floor - window_start, start - window_start)
    context_start = found.end() + window_start if found else floor
    # Context end: through the next boundary (a line break itself is left out).
    ceiling = min(window_end, end + CONTEXT_RADIUS)
    found = _FIRST_BOUNDARY.search(window, end - window_start, max(end, ceiling) - window_start)
    if found:
        index = found.start() + window_start
        context_end = index if found.group() == "\n" else index + 1
    else:
        context_end = ceiling
    context_end = max(context_end, min(end, window_end))
    context_start = min(context_start, start)
    context = window[context_start - window_start : context_end - window_start]
    return quote, context, context_start, context_end


def metric(row):
    """A served metric from a row of `queries.metric_select`."""
    return {
        "id": row["id"],
        "report_id": row["report"],
        "section_id": row["section"],
        "parent_id": row["parent"],
        "label": row["label"],
        "value": json_number(row["value"]),
        "raw": row["raw"],
        "unit": row["unit"],
        "approx": row["approx"],
        "agency": row["agency_name"],
        "year": row["year"],
        "table": row["table"],
        "row": row["row"],
        "column": row["column"],
        "placement": row.get("placement"),
        "source": source_span(row["window"], row["window_start"], row["start"], row["end"]),
        "html": f"/reports/{row['report']}#m{row['id']}",  # api.pages.page_url
    }


def metrics(rows):
    return [metric(row) for row in rows]


def _json(text, default):
    try:
        return json.loads(text) if text else default
    except (TypeError, ValueError):
        return default


def report(row, sources=None):
    """A served report from a row of `queries.report_select` (and its sources, else looked up)."""
    if sources is None:
        sources = report_sources([row["id"]])[row["id"]]
    warnings = _json(row["warnings"], [])
    if not isinstance(warnings, list):
        warnings = [warnings]
    return {
        "id": row["id"],
        "agency": row["agency_name"],
        "agency_id": row["agency"],
        "agency_as_printed": row["agency_as_printed"],
        "year": row["year"],
        "year_inferred": bool(row["year_inferred"]),
        "title": row["title"],
        "published_on": row["published_on"],
        "period_start": row["period_start"],
        "period_end": row["period_end"],
        "issuer": row["issuer"],
        "source_name": row["source_name"],
        "sources": sources,
        "sha256": row["sha256"],
        "format": row["format"],
        "media_type": row["media_type"],
        "encoding": row["encoding"],
        "loaded_at": utc(row["loaded_at"]),
        "warnings": [
            w if isinstance(w, str) else json.dumps(w, ensure_ascii=False) for w in warnings
        ],
        "section_count": row["section_count"],
        "metric_count": row["metric_count"],
    }


def reports(rows):
    rows = list(rows)
    sources = report_sources([row["id"] for row in rows])
    return [report(row, sources[row["id"]]) for row in rows]


def check(row):
    """A served check from a row of `queries.check_select`."""
    detail = _json(row["detail"], {})
    return {
        "id": row["id"],
        "report_id": row["report"],
        "metric_id": row["metric"],
        "kind": row["kind"],
        "rule": row["rule"],
        "breakdown": row["breakdown"],
        "subject": row["subject"],
        "status": row["status"],
        "stated": row["stated"],
        "computed": row["computed"],
        "difference": row["difference"],
        "detail": detail if isinstance(detail, dict) else {"value": detail},
        "agency": row["agency_name"],
        "year": row["year"],
    }


def checks(rows):
    return [check(row) for row in rows]


def section(row, metric_counts):
    return {
        "id": row["id"],
        "report_id": row["report"],
        "parent_id": row["parent"],
        "ordinal": row["ordinal"],
        "level": row["level"],
        "marker": row["marker"],
        "title": row["title"],
        "start": row["start"],
        "end": row["end"],
        "metric_count": metric_counts.get(row["id"], 0),
    }


def section_tree(rows, metric_counts):
    """Nested sections (children in text order) from a report's rows in ordinal order."""
    nodes = {}
    roots = []
    for row in rows:
        nodes[row["id"]] = dict(section(row, metric_counts), children=[])
    for row in rows:
        node = nodes[row["id"]]
        parent = nodes.get(row["parent"])
        (parent["children"] if parent is not None else roots).append(node)
    return roots
