"""Query-argument schemas: what each list endpoint accepts, validated before any query runs.

Every schema raises on an unknown parameter (`unknown = RAISE`), so a typo such
as `?lable=` is a 422 naming it instead of being silently ignored. What the
schemas accept is exactly what the OpenAPI document says (ranges, lengths,
patterns), so any documented value is answered with a 200. An inverted range
(`year_from` > `year_to`, `value_min` > `value_max`) is not an error: it
matches nothing. Examples are taken from the seed reports.
"""

from marshmallow import RAISE, Schema, fields, validate

from schemas.fields import Id, ParentRef, Sort, Text

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50
MAX_PAGE = 10_000_000
YEAR_RANGE = validate.Range(min=1000, max=9999)

METRIC_SORT_KEYS = ("start", "id", "value", "year", "label", "unit", "report")
REPORT_SORT_KEYS = ("year", "id", "title", "published_on", "loaded_at")
CHECK_SORT_KEYS = ("id", "report", "status", "difference")


def _meta(description, example=None, **extra):
    data = {"description": description, **extra}
    if example is not None:
        data["example"] = example
    return data


AGENCY_HELP = (
    "Agency name, whole: the canonical name or any spelling of it (the register's aliases, "
    "or as a report printed it: 国家质检总局 finds 质检总局)."
)
LEVELS = ("national", "provincial", "municipal", "county", "township")


def region_field():
    """`region`: a province, city or county as printed, and everything below it."""
    return Text(
        min_length=1,
        metadata=_meta(
            "Only agencies in this region and below it: a province, city or county name as the "
            "administrative divisions print it (江苏省 includes 南京市 and 南京市鼓楼区). An agency "
            "whose name does not determine its division (a national body, an ambiguous name) is "
            "in no region.",
            "江苏省",
        ),
    )


def level_field():
    """`level`: the agency's administrative level."""
    return fields.String(
        validate=validate.OneOf(LEVELS),
        metadata=_meta(
            "Only agencies of this level: " + ", ".join(LEVELS) + " (a department has its "
            "government's level: 南京市公安局 is municipal).",
            "national",
        ),
    )


class QueryArgs(Schema):
    """Base of every query schema: unknown parameters are errors."""

    class Meta:
        unknown = RAISE
        ordered = True


class PaginationArgs(QueryArgs):
    """`page` and `page_size` of a paginated list."""

    page = fields.Integer(
        load_default=1,
        validate=validate.Range(min=1, max=MAX_PAGE),
        metadata=_meta(
            "Page number, from 1. A page beyond the last one is an empty list "
            "(200), with the total in X-Pagination.",
            1,
        ),
    )
    page_size = fields.Integer(
        load_default=DEFAULT_PAGE_SIZE,
        validate=validate.Range(min=1, max=MAX_PAGE_SIZE),
        metadata=_meta(
            f"Items per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}); "
            "a larger value is a 422.",
            DEFAULT_PAGE_SIZE,
        ),
    )


class AgencyArgs(PaginationArgs):
    """Filters of GET /agencies."""

    q = Text(
        min_length=1,
        metadata=_meta(
            "Only agencies whose name, or a spelling of it met in a report, contains this text.",
            "质检",
        ),
    )
    region = region_field()
    level = level_field()


class ReportArgs(PaginationArgs):
    """Filters of GET /reports."""

    agency = Text(min_length=1, metadata=_meta(AGENCY_HELP, "质检总局"))
    region = region_field()
    level = level_field()
    year = fields.Integer(validate=YEAR_RANGE, metadata=_meta("Year the report covers.", 2011))
    year_from = fields.Integer(
        validate=YEAR_RANGE, metadata=_meta("Covered year at least this.", 2011)
    )
    year_to = fields.Integer(
        validate=YEAR_RANGE, metadata=_meta("Covered year at most this.", 2012)
    )
    q = Text(
        min_length=1, metadata=_meta("Only reports whose title contains this text.", "年度报告")
    )
    sort = Sort(
        REPORT_SORT_KEYS,
        load_default=lambda: [("year", False), ("id", False)],
        metadata=_meta(
            "Comma-separated sort keys, `-` prefix for descending: "
            + ", ".join(REPORT_SORT_KEYS)
            + ". Default `year,id`; missing values sort last.",
            "-year",
        ),
    )


class MetricFilterArgs(QueryArgs):
    """Metric filters and sort, without pagination: for endpoints that select metrics
    (e.g. exports); GET /metrics uses `MetricArgs`, the same plus `page`/`page_size`."""

    report = Id(metadata=_meta("Only metrics of this report (id).", 1))
    section = Id(
        metadata=_meta(
            "Only metrics whose innermost section is this one (id); see `within_section` "
            "to include its subsections.",
            18,
        )
    )
    within_section = Id(
        metadata=_meta(
            "Only metrics inside this section's span, i.e. of the section and all its "
            "subsections (id); e.g. the attachment (附件) with its (一)…(十八).",
            18,
        )
    )
    agency = Text(min_length=1, metadata=_meta(AGENCY_HELP, "质检总局"))
    region = region_field()
    level = level_field()
    year = fields.Integer(validate=YEAR_RANGE, metadata=_meta("Year the report covers.", 2011))
    year_from = fields.Integer(
        validate=YEAR_RANGE, metadata=_meta("Covered year at least this.", 2011)
    )
    year_to = fields.Integer(
        validate=YEAR_RANGE, metadata=_meta("Covered year at most this.", 2012)
    )
    label = fields.List(
        Text(min_length=1),
        validate=validate.Length(min=1, max=50),
        metadata=_meta(
            "Exact label; repeat the parameter to ask for several labels (`label=A&label=B`).",
            ["质量管理信息"],
        ),
    )
    label_contains = Text(min_length=1, metadata=_meta("Label contains this text.", "申请"))
    unit = Text(
        min_length=1, max_length=16, metadata=_meta("Unit exactly as written (条, 件, %).", "条")
    )
    value_min = fields.Float(allow_nan=False, metadata=_meta("Value at least this.", 100))
    value_max = fields.Float(allow_nan=False, metadata=_meta("Value at most this.", 1000))
    approx = fields.String(
        validate=validate.OneOf(["none", "more_than", "about"]),
        metadata=_meta(
            "`none`: exact values only; `more_than`: 余/多/以上; `about`: 约/近/左右.", "more_than"
        ),
    )
    parent = ParentRef(
        metadata=_meta(
            "Only the parts of this metric (id), or `none` for top-level metrics (no parent).",
            "none",
        )
    )
    table = Text(
        min_length=1,
        max_length=100,
        metadata=_meta(
            "Template table of a template-format report, by number: `2`, `3` or `4` (tables 二, "
            "三, 四 of the national template); another table by its caption as printed "
            "(平潭综合实验区政府信息公开情况统计表).",
            "3",
        ),
    )
    row = Text(
        min_length=1,
        metadata=_meta(
            "Template table row, by its key in the template spec (`new_requests` is "
            "一、本年新收政府信息公开申请数量).",
            "new_requests",
        ),
    )
    column = Text(
        min_length=1,
        metadata=_meta(
            "Template table column, by its key in the template spec (`natural_person` is 自然人).",
            "natural_person",
        ),
    )
    sort = Sort(
        METRIC_SORT_KEYS,
        load_default=lambda: [("start", False)],
        metadata=_meta(
            "Comma-separated sort keys, `-` prefix for descending: "
            + ", ".join(METRIC_SORT_KEYS)
            + ". `start` is document order (report, then position in its text); "
            "default `start`; ties are broken by id; missing values sort last.",
            "-value",
        ),
    )


class MetricArgs(PaginationArgs, MetricFilterArgs):
    """Filters, sort and pagination of GET /metrics."""

    after = Text(
        min_length=1,
        max_length=2000,
        metadata=_meta(
            "Keyset pagination: the rows after this cursor, in the same order. Take it from "
            "`next_cursor` in X-Pagination (or follow the `next` link); a page costs the same "
            "however deep. Not with `page`.",
            "WzEsMzMsMzNd",
        ),
    )


class CheckArgs(PaginationArgs):
    """Filters of GET /reports/{id}/checks."""

    status = fields.String(
        validate=validate.OneOf(["pass", "fail", "not_assessable"]),
        metadata=_meta("Outcome of the check.", "fail"),
    )
    kind = fields.String(
        validate=validate.OneOf(["reconciliation", "identity", "restatement"]),
        metadata=_meta(
            "`reconciliation` (a metric against the sum of its parts), "
            "`identity` (a template table identity) or `restatement` (a prose number and the "
            "table cell that restates it: same value, unit and an equivalent label).",
            "reconciliation",
        ),
    )
    rule = Text(
        min_length=1,
        max_length=32,
        metadata=_meta("Rule name, e.g. parts_sum or identity_1.", "parts_sum"),
    )
    breakdown = fields.String(
        validate=validate.OneOf(["complete", "partial"]),
        metadata=_meta(
            "Reconciliations whose parts are all of the whole (`complete`) "
            "or only some of it (`partial`, checked as parts <= whole).",
            "partial",
        ),
    )
    sort = Sort(
        CHECK_SORT_KEYS,
        load_default=lambda: [("report", False), ("id", False)],
        metadata=_meta(
            "Comma-separated sort keys, `-` prefix for descending: "
            + ", ".join(CHECK_SORT_KEYS)
            + ". Default `report,id`.",
            "-difference",
        ),
    )


class AllCheckArgs(CheckArgs):
    """Filters of GET /checks (across reports)."""

    report = Id(metadata=_meta("Only checks of this report (id).", 1))
    metric = Id(metadata=_meta("Only checks of this metric (id).", 84))
    agency = Text(min_length=1, metadata=_meta(AGENCY_HELP, "质检总局"))
    region = region_field()
    level = level_field()
    year = fields.Integer(validate=YEAR_RANGE, metadata=_meta("Year the report covers.", 2011))
    year_from = fields.Integer(
        validate=YEAR_RANGE, metadata=_meta("Covered year at least this.", 2011)
    )
    year_to = fields.Integer(
        validate=YEAR_RANGE, metadata=_meta("Covered year at most this.", 2012)
    )
