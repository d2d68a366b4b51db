"""Filters and sorts as Peewee queries: parsed query arguments in, bounded queries out.

These functions are the reusable core of the list endpoints (and of anything
built on top of them, such as series or exports): give them the dict that
`schemas.args.MetricArgs` (or `MetricFilterArgs`, without pagination) loads
and they return the query:

    items, headers = paginate(metric_query(args), args,
                              count_query=metric_count_query(args), convert=serialize.metrics)
    for row in metric_query(args).iterator(): serialize.metric(row)   # streaming

They never fetch whole report texts: a metric's quote and context come from a
small window of its report's text cut by SQL `substr`, so the cost of a page
does not depend on the size of the reports.

Filters touch metric columns only, all indexed (label+year, unit, year,
agency+year, value, report, section, parent, table+row+column) except
`label_contains`, a LIKE '%…%' scan; an agency name is resolved to its id by
a sub-query rather than a join.
"""

import unicodedata

from peewee import JOIN, SQL, Case, NodeList, fn

from api.pagination import Keyset
from store.db import is_sqlite
from store.models import Agency, AgencyAlias, Check, Metric, Report, ReportSource, Section
from store.register import register

CONTEXT_RADIUS = 60
"""Characters of text fetched on each side of a number to cut its sentence from."""


def text_order(field):
    """Order strings by code point on both backends (SQLite's BINARY; PostgreSQL's "C")."""
    return field if is_sqlite() else field.collate('"C"')


def _ordering(expression, descending):
    """Missing values (NULL) last in both directions, on both backends."""
    column = expression.nodes[0] if isinstance(expression, NodeList) else expression  # COLLATE
    if not getattr(column, "null", False):
        return expression.desc() if descending else expression.asc()
    return expression.desc(nulls="LAST") if descending else expression.asc(nulls="LAST")


def _order_by(sort, keys, tiebreak):
    """ORDER BY for the (key, descending) pairs of a `schemas.fields.Sort`, plus a unique tiebreak."""
    order = []
    for key, descending in sort:
        order.extend(_ordering(expression, descending) for expression in keys[key])
    if not any(key == "id" for key, _ in sort):
        order.append(tiebreak.asc())
    return order


def _agency_ids(name):
    """The agency named `name`: by its canonical name, a spelling the register lists, or a
    spelling met in a report (store.register)."""
    names = sorted({name, register(name).canonical})
    return Agency.select(Agency.id).where(
        Agency.name.in_(names)
        | Agency.id.in_(AgencyAlias.select(AgencyAlias.agency).where(AgencyAlias.name == name))
    )


def region_condition(region):
    """Agencies in the region named `region`: a province, city or county and everything below it."""
    return (Agency.province == region) | (Agency.city == region) | (Agency.county == region)


def _region_agency_ids(region):
    return Agency.select(Agency.id).where(region_condition(region))


def _level_agency_ids(level):
    return Agency.select(Agency.id).where(Agency.level == level)


def register_conditions(field, args):
    """Conditions on an agency id column for the register filters `region` and `level`."""
    conditions = []
    if args.get("region") is not None:
        conditions.append(field.in_(_region_agency_ids(args["region"])))
    if args.get("level") is not None:
        conditions.append(field.in_(_level_agency_ids(args["level"])))
    return conditions


def _count(model, conditions):
    """SELECT COUNT(*) FROM model WHERE conditions: run it with `.scalar()`."""
    query = model.select(fn.COUNT(SQL("*")))
    return query.where(*conditions) if conditions else query


def _year_conditions(field, args):
    conditions = []
    if args.get("year") is not None:
        conditions.append(field == args["year"])
    if args.get("year_from") is not None:
        conditions.append(field >= args["year_from"])
    if args.get("year_to") is not None:
        conditions.append(field <= args["year_to"])
    return conditions


# --------------------------------------------------------------------------- metrics

METRIC_SORT = {
    # Document order: `ordinal` numbers a report's metrics by position in its text,
    # and (report, ordinal) is a unique index.
    "start": lambda: [Metric.report, Metric.ordinal],
    "id": lambda: [Metric.id],
    "value": lambda: [Metric.value],
    "year": lambda: [Metric.year],
    "label": lambda: [text_order(Metric.label)],
    "unit": lambda: [text_order(Metric.unit)],
    "report": lambda: [Metric.report],
}


def _within_section(section_id):
    # A section's subsections lie inside its span, so "the section and its
    # subsections" is "the numbers inside its span": three uncorrelated scalar
    # sub-queries (evaluated once) instead of a recursive query, and the
    # report's index narrows the scan. An unknown section matches nothing.
    def span(column):
        return Section.select(column).where(Section.id == section_id)

    return [
        Metric.report == span(Section.report),
        Metric.start >= span(Section.start),
        Metric.start < span(Section.end),
    ]


def _labels(labels):
    return [Metric.label == labels[0] if len(labels) == 1 else Metric.label.in_(labels)]


def _label_contains(text):
    """`label` contains `text`, case-insensitively (peewee's `contains`: LIKE on SQLite, whose
    LIKE folds ASCII case; ILIKE on PostgreSQL). PostgreSQL's ILIKE lowercases every label it
    tests: 2.5x the time of a plain search on a page of `label_contains=申请` at 1M metrics.
    A text with no letter that has a case (申请, 2023, …) matches the same labels either way,
    so on PostgreSQL it is searched for as it is (`strpos`)."""
    if is_sqlite() or not _caseless(text):
        return [Metric.label.contains(text)]
    return [fn.strpos(Metric.label, text) > 0]


def _caseless(text):
    """Whether no character of `text` has a case, nor is a combining mark (which lowercasing
    a label could produce)."""
    return text.lower() == text == text.upper() and not any(
        unicodedata.combining(character) for character in text
    )


def _approx(approx):
    return [Metric.approx.is_null() if approx == "none" else Metric.approx == approx]


def _parent(parent):
    return [Metric.parent.is_null() if parent == "none" else Metric.parent == parent]


METRIC_FILTERS = {
    "report": lambda value: [Metric.report == value],
    "section": lambda value: [Metric.section == value],
    "within_section": _within_section,
    "agency": lambda value: [Metric.agency.in_(_agency_ids(value))],
    "region": lambda value: [Metric.agency.in_(_region_agency_ids(value))],
    "level": lambda value: [Metric.agency.in_(_level_agency_ids(value))],
    "year": lambda value: [Metric.year == value],
    "year_from": lambda value: [Metric.year >= value],
    "year_to": lambda value: [Metric.year <= value],
    "label": _labels,
    "label_contains": _label_contains,
    "unit": lambda value: [Metric.unit == value],
    "value_min": lambda value: [Metric.value >= value],
    "value_max": lambda value: [Metric.value <= value],
    "approx": _approx,
    "parent": _parent,
    "table": lambda value: [Metric.table == value],
    "row": lambda value: [Metric.row == value],
    "column": lambda value: [Metric.column == value],
}
"""The filters of `MetricArgs`: query parameter -> the WHERE conditions its value adds.

As datasette declares its filters: one entry per parameter, each a function of
the parsed value returning conditions on the metric table only. A parameter
absent, null or empty (an empty list or text) adds nothing.
"""


def _given(value):
    return value is not None and not (isinstance(value, (str, list, tuple)) and not value)


def metric_conditions(args):
    """WHERE conditions (on the metric table only) for the filters of `MetricArgs`."""
    conditions = []
    for name, condition in METRIC_FILTERS.items():
        value = args.get(name)
        if _given(value):
            conditions.extend(condition(value))
    return conditions


def metric_columns():
    """What a served metric needs: its columns, the agency name and a window of text."""
    window_start = Case(None, [(Metric.start > CONTEXT_RADIUS, Metric.start - CONTEXT_RADIUS)], 0)
    window = fn.substr(
        Report.text, window_start + 1, Metric.end - window_start + CONTEXT_RADIUS + 1
    )
    return [
        Metric.id,
        Metric.report,
        Metric.section,
        Metric.parent,
        Metric.label,
        Metric.value,
        Metric.raw,
        Metric.unit,
        Metric.approx,
        Metric.start,
        Metric.end,
        Metric.table,
        Metric.row,
        Metric.column,
        Metric.placement,
        Metric.year,
        Metric.ordinal,
        Agency.name.alias("agency_name"),
        window_start.alias("window_start"),
        window.alias("window"),
    ]


def metric_select(*conditions):
    """SELECT of served metrics (see `metric_columns`) with joins, filtered by `conditions`."""
    query = (
        Metric.select(*metric_columns())
        .join(Report, on=(Metric.report == Report.id))
        .switch(Metric)
        .join(Agency, JOIN.LEFT_OUTER, on=(Metric.agency == Agency.id))
    )
    if conditions:
        query = query.where(*conditions)
    return query.dicts()


def metric_order(args):
    """ORDER BY of `args["sort"]` (default: document order), ending with the id."""
    sort = args.get("sort") or [("start", False)]
    keys = {key: make() for key, make in METRIC_SORT.items()}
    return _order_by(sort, keys, Metric.id)


def metric_query(args):
    """The metrics matching `MetricArgs` filters, sorted by `args["sort"]`; not yet paginated."""
    return metric_select(*metric_conditions(args)).order_by(*metric_order(args))


def metric_id_query(args):
    """The ids of `metric_query(args)`, in its order: a walk of one covering index when the
    filters and the order are indexed (`api.metric_rows` then fetches the page's rows)."""
    query = Metric.select(Metric.id).order_by(*metric_order(args))
    conditions = metric_conditions(args)
    return (query.where(*conditions) if conditions else query).tuples()


METRIC_SORT_ROWS = {
    # The row keys (of `metric_columns`) holding each sort key's values, for cursors.
    "start": ["report", "ordinal"],
    "id": ["id"],
    "value": ["value"],
    "year": ["year"],
    "label": ["label"],
    "unit": ["unit"],
    "report": ["report"],
}


def metric_keyset(args):
    """The `api.pagination.Keyset` of `metric_query(args)`'s order (same keys, then id)."""
    sort = args.get("sort") or [("start", False)]
    keys = []
    for key, descending in sort:
        for name, expression in zip(METRIC_SORT_ROWS[key], METRIC_SORT[key](), strict=True):
            column = expression.nodes[0] if isinstance(expression, NodeList) else expression
            keys.append((name, expression, descending, bool(getattr(column, "null", False))))
    if not any(key == "id" for key, _ in sort):
        keys.append(("id", Metric.id, False, False))
    return Keyset(keys)


def metric_count_query(args):
    """SELECT COUNT(*) of the metrics matching the filters (no joins, no ordering)."""
    return _count(Metric, metric_conditions(args))


# --------------------------------------------------------------------------- reports

REPORT_COLUMNS = [
    Report.id,
    Report.agency,
    Report.agency_as_printed,
    Report.year,
    Report.year_inferred,
    Report.title,
    Report.published_on,
    Report.period_start,
    Report.period_end,
    Report.issuer,
    Report.source_name,
    Report.sha256,
    Report.format,
    Report.media_type,
    Report.encoding,
    Report.loaded_at,
    Report.warnings,
    Report.section_count,
    Report.metric_count,
]


def report_sources(report_ids):
    """{report id: [its sources, in the order they were recorded]} for the ids given."""
    by_report = {report_id: [] for report_id in report_ids}
    if by_report:
        query = (
            ReportSource.select(ReportSource.report, ReportSource.source)
            .where(ReportSource.report.in_(list(by_report)))
            .order_by(ReportSource.report, ReportSource.id)
            .tuples()
        )
        for report_id, source in query:
            by_report[report_id].append(source)
    return by_report


REPORT_SORT = {
    "year": lambda: [Report.year],
    "id": lambda: [Report.id],
    "title": lambda: [text_order(Report.title)],
    "published_on": lambda: [Report.published_on],
    "loaded_at": lambda: [Report.loaded_at],
}


def report_conditions(args):
    conditions = []
    if args.get("agency") is not None:
        conditions.append(Report.agency.in_(_agency_ids(args["agency"])))
    conditions.extend(register_conditions(Report.agency, args))
    conditions.extend(_year_conditions(Report.year, args))
    if args.get("q"):
        conditions.append(Report.title.contains(args["q"]))
    return conditions


def report_select(*conditions):
    """Report metadata (never the text) with the agency name."""
    query = Report.select(*REPORT_COLUMNS, Agency.name.alias("agency_name")).join(
        Agency, JOIN.LEFT_OUTER, on=(Report.agency == Agency.id)
    )
    if conditions:
        query = query.where(*conditions)
    return query.dicts()


def report_query(args):
    conditions = report_conditions(args)
    keys = {key: make() for key, make in REPORT_SORT.items()}
    return report_select(*conditions).order_by(*_order_by(args["sort"], keys, Report.id))


def report_count_query(args):
    return _count(Report, report_conditions(args))


# --------------------------------------------------------------------------- agencies


def agency_query(args):
    """Agencies with their report and metric counts (from the reports' stored counts)."""
    query = (
        Agency.select(
            Agency.id,
            Agency.name,
            Agency.province,
            Agency.city,
            Agency.county,
            Agency.level,
            Agency.kind,
            Agency.division_code,
            fn.COUNT(Report.id).alias("report_count"),
            fn.COALESCE(fn.SUM(Report.metric_count), 0).alias("metric_count"),
        )
        .join(Report, JOIN.LEFT_OUTER, on=(Report.agency == Agency.id))
        .group_by(Agency.id, Agency.name)
        .order_by(text_order(Agency.name), Agency.id)
    )
    conditions = agency_conditions(args)
    return (query.where(*conditions) if conditions else query).dicts()


def agency_conditions(args):
    """`q` (name or a spelling met contains), `region` and `level` on the agency table."""
    conditions = []
    if args.get("q"):
        conditions.append(
            Agency.name.contains(args["q"])
            | Agency.id.in_(
                AgencyAlias.select(AgencyAlias.agency).where(AgencyAlias.name.contains(args["q"]))
            )
        )
    conditions.extend(register_conditions(Agency.id, args))
    return conditions


def agency_count_query(args):
    return _count(Agency, agency_conditions(args))


def agency_aliases(agency_ids):
    """{agency id: [spellings met, in code-point order]} for the given agencies, in one query."""
    aliases = {agency_id: [] for agency_id in agency_ids}
    if agency_ids:
        rows = (
            AgencyAlias.select(AgencyAlias.agency, AgencyAlias.name)
            .where(AgencyAlias.agency.in_(list(agency_ids)))
            .order_by(text_order(AgencyAlias.name))
            .tuples()
        )
        for agency_id, name in rows:
            aliases[agency_id].append(name)
    return aliases


def agency_years(agency_ids):
    """{agency id: [years ascending]} for the given agencies, in one query."""
    years = {agency_id: [] for agency_id in agency_ids}
    if not agency_ids:
        return years
    rows = (
        Report.select(Report.agency, Report.year)
        .where(Report.agency.in_(list(agency_ids)) & Report.year.is_null(False))
        .distinct()
        .order_by(Report.agency, Report.year)
        .tuples()
    )
    for agency_id, year in rows:
        years[agency_id].append(year)
    return years


# --------------------------------------------------------------------------- checks

CHECK_SORT = {
    "id": lambda: [Check.id],
    "report": lambda: [Check.report],
    "status": lambda: [Check.status],
    "difference": lambda: [Check.difference],
}


def check_conditions(args):
    conditions = []
    for name in ("status", "kind", "rule", "breakdown"):
        if args.get(name) is not None:
            conditions.append(getattr(Check, name) == args[name])
    if args.get("report") is not None:
        conditions.append(Check.report == args["report"])
    if args.get("metric") is not None:
        conditions.append(Check.metric == args["metric"])
    report_filters = []
    if args.get("agency") is not None:
        report_filters.append(Report.agency.in_(_agency_ids(args["agency"])))
    report_filters.extend(register_conditions(Report.agency, args))
    report_filters.extend(_year_conditions(Report.year, args))
    if report_filters:
        conditions.append(Check.report.in_(Report.select(Report.id).where(*report_filters)))
    return conditions


def check_select(*conditions):
    query = (
        Check.select(Check, Report.year.alias("year"), Agency.name.alias("agency_name"))
        .join(Report, on=(Check.report == Report.id))
        .join(Agency, JOIN.LEFT_OUTER, on=(Report.agency == Agency.id))
    )
    if conditions:
        query = query.where(*conditions)
    return query.dicts()


def check_query(args):
    conditions = check_conditions(args)
    keys = {key: make() for key, make in CHECK_SORT.items()}
    return check_select(*conditions).order_by(*_order_by(args["sort"], keys, Check.id))


def check_count_query(args):
    return _count(Check, check_conditions(args))


# --------------------------------------------------------------------------- sections

SECTION_COLUMNS = [
    Section.id,
    Section.report,
    Section.parent,
    Section.ordinal,
    Section.level,
    Section.marker,
    Section.title,
    Section.start,
    Section.end,
]


def section_rows(*conditions):
    return Section.select(*SECTION_COLUMNS).where(*conditions).order_by(Section.ordinal).dicts()


def section_metric_counts(*conditions):
    """{section id: number of metrics whose innermost section it is}."""
    rows = (
        Metric.select(Metric.section, fn.COUNT(Metric.id))
        .where(Metric.section.is_null(False), *conditions)
        .group_by(Metric.section)
        .tuples()
    )
    return dict(rows)
