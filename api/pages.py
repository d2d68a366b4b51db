"""Pages for people: the reports as HTML, served by the same app from plain Jinja templates.

A journalist opening the project sees what is here (`/`), the reports
(`/reports`), a report's own text with every number highlighted where it was
read (`/reports/{id}`: hover or focus a number for its label, value, unit,
parent and section; `#m{metric id}` lands on it; the API's metric JSON links
there as `page`), and a label followed across years as a chart beside its
table (`/series?label=…`, server-rendered SVG, one line per agency), and the
reports' text searched (`/search?q=…`: the hits of GET /api/v1/search with the
match marked, each linking to its section and the numbers inside the snippet).

No front-end build and nothing from the network: the CSS and the small script
are files in `api/static/pages`, served under /static/pages. Report text is
untrusted input: it only reaches the page through Jinja's autoescaping, as
text segments between the metric spans, never as markup.

Errors on these paths are HTML pages (`error_page`); /api keeps its JSON errors.
"""

import math
from collections import OrderedDict
from pathlib import Path

from flask import Blueprint, make_response, render_template, request, url_for
from peewee import JOIN, fn
from werkzeug.exceptions import NotFound

from schemas.fields import MAX_ID
from store.models import Agency, Check, Metric, Report, Section

STATIC_DIR = Path(__file__).resolve().parent / "static" / "pages"

bp = Blueprint("pages", __name__, template_folder="templates")
static_bp = Blueprint(
    "pages-static", __name__, static_folder=str(STATIC_DIR), static_url_path="/static/pages"
)

CHART = {"width": 640, "height": 320, "left": 64, "right": 16, "top": 16, "bottom": 40}
"""Size and margins of the series chart, in SVG user units."""
PALETTE = [
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#7f7f7f",
    "#bcbd22",
]
"""Line colours, one per agency in order (then repeating), distinguishable in print."""
LABEL_SUGGESTIONS = 12
"""How many of the most frequent labels the series page offers when none is asked."""


def page_url(report_id, metric_id):
    """Where a metric's source span is shown: the report page anchored on the metric."""
    return f"/reports/{report_id}#m{metric_id}"


def wants_html():
    """Errors of the page paths are HTML; everything under /api stays JSON."""
    path = request.path
    return not (path == "/api" or path.startswith("/api/"))


def error_page(error):
    """An HTML error page with the status of `error` (an HTTPException)."""
    message = getattr(error, "description", None) or error.name
    if isinstance(error, NotFound) and message == NotFound.description:
        message = "There is nothing at this address."
    body = render_template("pages/error.html", code=error.code, name=error.name, message=message)
    response = make_response(body, error.code)
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _not_found(what, ident):
    raise NotFound(f"No {what} with id {ident}.")


def _number(value):
    """718.0 -> "718", 12.5 -> "12.5", None -> "" (as the reports print them)."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


# --------------------------------------------------------------------------- home and list


@bp.route("/")
def home():
    """What is here: counts, the reports, the docs, a search box."""
    counts = {
        "reports": Report.select().count(),
        "agencies": Agency.select().count(),
        "metrics": Metric.select().count(),
    }
    years = [
        row[0]
        for row in Report.select(Report.year)
        .where(Report.year.is_null(False))
        .distinct()
        .order_by(Report.year)
        .tuples()
    ]
    checks = dict(Check.select(Check.status, fn.COUNT(Check.id)).group_by(Check.status).tuples())
    reports = _report_rows(_reports_newest_first().limit(20))
    labels = _frequent_labels()
    return render_template(
        "pages/home.html", counts=counts, years=years, checks=checks, reports=reports, labels=labels
    )


def _reports_newest_first():
    """The reports listed on the pages: id, title, year, metric count, agency; newest first."""
    return (
        Report.select(
            Report.id,
            Report.title,
            Report.year,
            Report.metric_count,
            Agency.name.alias("agency_name"),
        )
        .join(Agency, JOIN.LEFT_OUTER)
        .order_by(Report.year.desc(), Report.id)
    )


def _report_rows(query):
    return [
        {
            "id": r.id,
            "title": r.title,
            "year": r.year,
            "metric_count": r.metric_count,
            "agency": getattr(r, "agency_name", None),
        }
        for r in query.objects()
    ]


def _frequent_labels():
    return [
        row[0]
        for row in Metric.select(Metric.label, fn.COUNT(Metric.id).alias("n"))
        .group_by(Metric.label)
        .order_by(fn.COUNT(Metric.id).desc(), Metric.label)
        .limit(LABEL_SUGGESTIONS)
        .tuples()
    ]


@bp.route("/reports")
def report_list():
    """Every report, newest year first, with its counts and failing checks."""
    failing = dict(
        Check.select(Check.report, fn.COUNT(Check.id))
        .where(Check.status == "fail")
        .group_by(Check.report)
        .tuples()
    )
    reports = _report_rows(_reports_newest_first())
    for report in reports:
        report["failing"] = failing.get(report["id"], 0)
    return render_template("pages/reports.html", reports=reports)


# --------------------------------------------------------------------------- one report


def segments(text, metrics, sections):
    """The text cut into plain pieces, metric spans and section anchors, in order.

    Each piece is a dict: {"kind": "text", "text"}, {"kind": "metric", "text",
    "metric"} or {"kind": "section", "section"} (an empty anchor at the section's
    start). A metric overlapping an earlier one is left unhighlighted (listed
    in `skipped`), so no character is shown twice.
    """
    events = sorted(
        [(s["start"], 0, s) for s in sections] + [(m["start"], 1, m) for m in metrics],
        key=lambda event: (event[0], event[1], event[2]["id"]),
    )
    pieces, skipped, position = [], [], 0
    for start, kind, item in events:
        if kind == 1 and start < position:
            skipped.append(item)
            continue
        if start > position:
            pieces.append({"kind": "text", "text": text[position:start]})
            position = start
        if kind == 0:
            pieces.append({"kind": "section", "section": item})
        else:
            pieces.append(
                {"kind": "metric", "text": text[item["start"] : item["end"]], "metric": item}
            )
            position = item["end"]
    if position < len(text):
        pieces.append({"kind": "text", "text": text[position:]})
    return pieces, skipped


def _section_name(section):
    if section is None:
        return ""
    return " ".join(part for part in (section["marker"], section["title"]) if part)


def template_grids(metrics):
    """Template cells as grids: {table: {"rows": [...], "columns": [...], "cells": {(r, c): m}}}."""
    grids = OrderedDict()
    for metric in metrics:
        if metric["table"] is None:
            continue
        grid = grids.setdefault(metric["table"], {"rows": [], "columns": [], "cells": {}})
        if metric["row"] not in grid["rows"]:
            grid["rows"].append(metric["row"])
        if metric["column"] not in grid["columns"]:
            grid["columns"].append(metric["column"])
        grid["cells"].setdefault((metric["row"], metric["column"]), metric)
    return grids


@bp.route("/reports/<int:report_id>")
def report_page(report_id):
    """A report's text with every number highlighted, its checks, template grids and sections."""
    if report_id > MAX_ID:
        _not_found("report", report_id)
    report = (
        Report.select(Report, Agency.name.alias("agency_name"))
        .join(Agency, JOIN.LEFT_OUTER)
        .where(Report.id == report_id)
        .objects()
        .first()
    )
    if report is None:
        _not_found("report", report_id)
    text = report.text
    sections = [
        {
            "id": s.id,
            "marker": s.marker,
            "title": s.title,
            "level": s.level,
            "start": s.start,
            "end": s.end,
        }
        for s in Section.select().where(Section.report == report_id).order_by(Section.ordinal)
    ]
    by_section = {s["id"]: s for s in sections}
    rows = list(
        Metric.select(
            Metric.id,
            Metric.label,
            Metric.value,
            Metric.raw,
            Metric.unit,
            Metric.approx,
            Metric.start,
            Metric.end,
            Metric.parent,
            Metric.section,
            Metric.table,
            Metric.row,
            Metric.column,
        )
        .where(Metric.report == report_id)
        .order_by(Metric.start, Metric.id)
        .dicts()
    )
    by_id = {row["id"]: row for row in rows}
    checks = [
        {
            "id": c.id,
            "metric_id": c.metric_id,
            "kind": c.kind,
            "rule": c.rule,
            "breakdown": c.breakdown,
            "subject": c.subject,
            "status": c.status,
            "stated": _number(c.stated),
            "computed": _number(c.computed),
            "difference": _number(c.difference),
        }
        for c in Check.select().where(Check.report == report_id).order_by(Check.id)
    ]
    status_by_metric = {}
    for check in checks:
        if check["metric_id"] is not None and check["kind"] == "reconciliation":
            status_by_metric[check["metric_id"]] = check["status"]
    metrics = []
    for row in rows:
        parent = by_id.get(row["parent"])
        metrics.append(
            dict(
                row,
                value_text=_number(row["value"]),
                parent_text=f"{parent['label']} {parent['raw']}" if parent else "",
                parent_id=row["parent"],
                section_text=_section_name(by_section.get(row["section"])),
                check=status_by_metric.get(row["id"], ""),
            )
        )
    pieces, skipped = segments(text, metrics, sections)
    failing = [c for c in checks if c["status"] == "fail"]
    return render_template(
        "pages/report.html",
        report=report,
        pieces=pieces,
        skipped=skipped,
        sections=sections,
        metrics=metrics,
        checks=checks,
        failing=failing,
        grids=template_grids(metrics),
        identities=[c for c in checks if c["kind"] == "identity"],
        api_url=f"/api/v1/reports/{report_id}",
    )


# --------------------------------------------------------------------------- series


def nice_step(rough):
    """The 1, 2 or 5 times a power of ten at or above `rough` (axis ticks people can read)."""
    if rough <= 0:
        return 1
    power = 10 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= rough)


def chart(points):
    """An SVG line chart of series points: one polyline per agency, years on x, values on y.

    Returns what the template draws: the lines (agency, colour, polyline points,
    dots with their metric links) and the axis ticks, all in SVG user units.
    """
    size = CHART
    plotted = [p for p in points if p["year"] is not None and p["value"] is not None]
    if not plotted:
        return None
    years = sorted({p["year"] for p in plotted})
    bottom = min(0, min(p["value"] for p in plotted))
    step = nice_step((max(p["value"] for p in plotted) - bottom) / 4)
    top = bottom + step * max(1, math.ceil((max(p["value"] for p in plotted) - bottom) / step))
    span_y = top - bottom
    inner_w = size["width"] - size["left"] - size["right"]
    inner_h = size["height"] - size["top"] - size["bottom"]

    def x(year):
        if len(years) == 1:
            return size["left"] + inner_w / 2
        return size["left"] + inner_w * (year - years[0]) / (years[-1] - years[0])

    def y(value):
        return size["top"] + inner_h * (1 - (value - bottom) / span_y)

    lines = OrderedDict()
    for point in sorted(plotted, key=lambda p: (p["agency"] or "", p["year"])):
        line = lines.setdefault(
            point["agency"] or "",
            {
                "agency": point["agency"] or "(no agency)",
                "colour": PALETTE[len(lines) % len(PALETTE)],
                "dots": [],
            },
        )
        line["dots"].append(
            {"x": round(x(point["year"]), 1), "y": round(y(point["value"]), 1), "point": point}
        )
    for line in lines.values():
        line["points"] = " ".join(f"{d['x']},{d['y']}" for d in line["dots"])
    ticks_y = [
        {"y": round(y(bottom + step * i), 1), "label": _number(bottom + step * i)}
        for i in range(round(span_y / step) + 1)
    ]
    ticks_x = [{"x": round(x(year), 1), "label": str(year)} for year in years]
    return {
        "size": size,
        "lines": list(lines.values()),
        "ticks_x": ticks_x,
        "ticks_y": ticks_y,
        "baseline": round(y(bottom), 1),
    }


@bp.route("/series")
def series_page():
    """A label across years: an SVG chart, one line per agency, beside the table of values."""
    from api.series import points, series_conditions, series_query

    label = (request.args.get("label") or "").strip()
    match = request.args.get("match", "exact")
    if match not in ("exact", "normalized"):
        match = "exact"
    if not label or len(label) > 200 or "\x00" in label:
        return render_template(
            "pages/series.html",
            label=label,
            match=match,
            points=[],
            chart=None,
            labels=_frequent_labels(),
        )
    args = {"label": label, "match": match, "sort": [("agency", False), ("year", False)]}
    conditions = series_conditions(args)
    served = points(list(series_query(args, conditions).limit(1000)), conditions)
    for point in served:
        point["value_text"] = _number(point["value"])
        point["page"] = page_url(point["report_id"], point["metric_id"])
    api_url = url_for("series.Series", label=label, match=match)
    return render_template(
        "pages/series.html",
        label=label,
        match=match,
        points=served,
        chart=chart(served),
        labels=_frequent_labels() if not served else [],
        api_url=api_url,
    )


SEARCH_PAGE_SIZE = 50
"""Hits shown on the search page (the API pages through all of them)."""


def marked(snippet, matches):
    """The snippet's text as pieces [(text, is_match)] around the matches' offsets."""
    pieces, at = [], snippet["start"]
    for match in matches:
        if match["start"] > at:
            pieces.append(
                (snippet["text"][at - snippet["start"] : match["start"] - snippet["start"]], False)
            )
        pieces.append(
            (
                snippet["text"][
                    match["start"] - snippet["start"] : match["end"] - snippet["start"]
                ],
                True,
            )
        )
        at = match["end"]
    pieces.append((snippet["text"][at - snippet["start"] :], False))
    return [piece for piece in pieces if piece[0]]


@bp.route("/search")
def search_page():
    """The reports' text searched: hits with the match marked and the numbers beside it."""
    from api.search import hits, search_count_query, search_query

    q = (request.args.get("q") or "").strip()
    if not q or len(q) > 200 or "\x00" in q:
        return render_template(
            "pages/search.html", q=q[:200], hits=[], total=0, api_url=None, shown=SEARCH_PAGE_SIZE
        )
    args = {"q": q}
    total = search_count_query(args).scalar()
    found = hits(list(search_query(args).limit(SEARCH_PAGE_SIZE)), q)
    for hit in found:
        hit["pieces"] = marked(hit["snippet"], hit["matches"])
        hit["link"] = url_for("pages.report_page", report_id=hit["report"]["id"]) + (
            f"#s{hit['section']['id']}" if hit["section"] else ""
        )
        for metric in hit["metrics"]:
            metric["page"] = page_url(hit["report"]["id"], metric["id"])
            metric["value_text"] = _number(metric["value"])
    api_url = url_for("search.Search", q=q)
    return render_template(
        "pages/search.html", q=q, hits=found, total=total, api_url=api_url, shown=SEARCH_PAGE_SIZE
    )


@bp.app_template_filter("number")
def number_filter(value):
    return _number(value)


def init_app(app):
    app.register_blueprint(bp)
    app.register_blueprint(static_bp)
