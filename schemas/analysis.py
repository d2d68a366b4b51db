"""Query-argument and response schemas of the analysis endpoints: series, compare, labels,
aggregates, and the `format`/`bom` export parameters every list endpoint can take.

Conventions are those of `schemas.args` and `schemas.responses`: unknown query
parameters are a 422 (`unknown = RAISE`), every parameter and field has a
description and an example taken from the seed reports (质检总局, 2011/2012,
质量管理信息: 718条 in 2011, 3550条 in 2012).
"""

import re

from marshmallow import ValidationError, fields, validate

from schemas.args import (
    AGENCY_HELP,
    YEAR_RANGE,
    MetricFilterArgs,
    PaginationArgs,
    QueryArgs,
    level_field,
    region_field,
)
from schemas.fields import CommaKeys, Id, Number, Sort, Text
from schemas.responses import OrderedSchema, SourceSchema

# --------------------------------------------------------------------------- shared wording

NORMALIZED_RULES = (
    "`match=normalized` compares labels after this normalization, applied to both the "
    "asked label and the stored ones: (1) Unicode NFKC, so full-width letters, digits and "
    "brackets equal their half-width forms (ＡＰＰ = APP, （ = (); (2) Latin case folded; "
    "(3) every punctuation mark, quote, space and control character removed "
    "(“双公示”信息 = 双公示信息, 、 ， · / removed); (4) the particle 的 removed "
    "(主动公开的政府信息 = 主动公开政府信息); (5) one or more leading qualifiers removed "
    "from this list, longest first: 各类, 各项, 各种, 全部, 所有, 全年, 本年度, 本年 "
    "(各类计量动态信息 = 计量动态信息); (6) one trailing word removed from: 数量, 总数, "
    "总量 (主动公开政府信息数量 = 主动公开政府信息). A qualifier or trailing word is only "
    "removed when at least two characters remain. 其他 is never removed (其他信息 is a label "
    "of its own), nor is a trailing 信息. `exact` (default) compares labels character for "
    "character."
)

CHOICE_RULE = (
    "When a report holds the label more than once (a total restated in an attachment: the "
    "2011 seed gives 质量管理信息 718条 in section 二 and again in its 附件), the value "
    "served is the top-level occurrence (no parent) that comes first in the text; when there "
    "are several reports of the same agency and year, the lowest report id first. The other "
    "occurrences are counted in `occurrences` and listed in `other_metric_ids`."
)

_NO_EXAMPLE = object()


def _meta(description, example=_NO_EXAMPLE, **extra):
    data = {"description": description, **extra}
    if example is not _NO_EXAMPLE:
        data["example"] = example
    return data


# --------------------------------------------------------------------------- export

EXPORT_FORMATS = ("json", "csv", "ndjson")
_EXPORTABLE = {}


class ExportArgs(QueryArgs):
    """`format` and `bom`: the export parameters of every list endpoint.

    Include it in a list endpoint's arguments with `with_export(TheirArgs)` (see
    `api.export`), or as a base class: `class XArgs(ExportArgs, PaginationArgs)`.
    """

    format = fields.String(
        validate=validate.OneOf(EXPORT_FORMATS),
        metadata=_meta(
            "Response format; wins over the Accept header. `json` (default): one page, as "
            "documented by the response schema. `csv` (text/csv) and `ndjson` "
            "(application/x-ndjson, one JSON object per line, each exactly a JSON item): "
            "ALL matching rows (or, with `page`/`page_size` given, that page of rows), streamed "
            "row by row as UTF-8. Without `format`, `Accept: text/csv` or `Accept: "
            "application/x-ndjson` selects an export; an Accept header that admits none of "
            "application/json, text/csv and application/x-ndjson is a 406.",
            "csv",
        ),
    )
    bom = fields.Boolean(
        load_default=False,
        metadata=_meta(
            "CSV only: start the file with a UTF-8 byte order mark (EF BB BF), so spreadsheet "
            "programs open the Chinese text right. Ignored for JSON and NDJSON (JSON text "
            "never starts with a BOM).",
            True,
        ),
    )


def with_export(schema_class):
    """`schema_class` plus the export parameters (`format`, `bom`), as a new schema class.

    For the arguments decorator of an existing list endpoint:
    `@blp.arguments(with_export(MetricArgs), location="query", as_kwargs=False)`.
    """
    if issubclass(schema_class, ExportArgs):
        return schema_class
    cached = _EXPORTABLE.get(schema_class)
    if cached is None:
        cached = type(
            f"Exportable{schema_class.__name__}",
            (schema_class, ExportArgs),
            {"__doc__": schema_class.__doc__, "__module__": schema_class.__module__},
        )
        _EXPORTABLE[schema_class] = cached
    return cached


# --------------------------------------------------------------------------- shared args


def _match_field():
    return fields.String(
        load_default="exact",
        validate=validate.OneOf(["exact", "normalized"]),
        metadata=_meta(NORMALIZED_RULES, "normalized"),
    )


def _year_from():
    return fields.Integer(validate=YEAR_RANGE, metadata=_meta("Covered year at least this.", 2011))


def _year_to():
    return fields.Integer(validate=YEAR_RANGE, metadata=_meta("Covered year at most this.", 2012))


def _agency():
    return Text(min_length=1, metadata=_meta(AGENCY_HELP, "质检总局"))


def _table():
    return Text(
        min_length=1,
        max_length=8,
        metadata=_meta(
            "Template table (二, 三, 四 as stored: `2`, `3`, `4`) of a template-format report.", "3"
        ),
    )


def _row():
    return Text(min_length=1, metadata=_meta("Template table row key, as stored.", "new_requests"))


def _column():
    return Text(min_length=1, metadata=_meta("Template table column key, as stored.", "total"))


class KeyList(CommaKeys):
    """Comma-separated keys from a fixed set; loads to a list in order, a repeated key read once.

    The pattern cannot forbid a repetition, so a schema-valid `agency,agency` is
    accepted as `agency` rather than refused.
    """

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if not re.fullmatch(self.pattern, text):
            raise ValidationError(
                f"Use comma-separated keys among: {', '.join(self.keys)} (no spaces)."
            )
        return list(dict.fromkeys(text.split(",")))


# --------------------------------------------------------------------------- series

SERIES_SORT_KEYS = ("agency", "year", "value")


class SeriesArgs(ExportArgs, PaginationArgs):
    """Query of GET /series."""

    label = Text(
        required=True,
        min_length=1,
        metadata=_meta(
            "The label to follow across reports (exact wording, or see `match`).", "质量管理信息"
        ),
    )
    match = _match_field()
    agency = _agency()
    region = region_field()
    level = level_field()
    year_from = _year_from()
    year_to = _year_to()
    unit = Text(
        min_length=1,
        max_length=16,
        metadata=_meta(
            "Only values in this unit (条, 件, %). Without it, percentages (`%`) are left out: a "
            "share is not the count it qualifies; ask `unit=%` for the shares.",
            "条",
        ),
    )
    table = _table()
    row = _row()
    column = _column()
    sort = Sort(
        SERIES_SORT_KEYS,
        load_default=lambda: [("agency", False), ("year", False)],
        metadata=_meta(
            "Comma-separated sort keys, `-` prefix for descending: "
            + ", ".join(SERIES_SORT_KEYS)
            + ". Default `agency,year`; missing values sort last.",
            "year",
        ),
    )


class SeriesPointSchema(OrderedSchema):
    """One point of a series: the value a report of an agency gives for the label in a year."""

    agency = fields.String(
        required=True, allow_none=True, metadata=_meta("Agency of the report.", "质检总局")
    )
    year = fields.Integer(required=True, allow_none=True, metadata=_meta("Year covered.", 2011))
    value = Number(
        required=True,
        allow_none=True,
        metadata=_meta("The value (null for a template cell that holds no number).", 718),
    )
    unit = fields.String(required=True, allow_none=True, metadata=_meta("Unit as written.", "条"))
    approx = fields.String(
        required=True,
        allow_none=True,
        metadata=_meta("null when exact; `more_than` (余/多/以上) or `about` (约/近/左右).", None),
    )
    label = fields.String(
        required=True,
        metadata=_meta(
            "The label as worded in this report (differs from the asked one with "
            "`match=normalized`).",
            "质量管理信息",
        ),
    )
    raw = fields.String(required=True, metadata=_meta("Number and unit as written.", "718条"))
    metric_id = fields.Integer(required=True, metadata=_meta("The metric served.", 33))
    report_id = fields.Integer(required=True, metadata=_meta("Its report.", 1))
    section_id = fields.Integer(
        required=True, allow_none=True, metadata=_meta("Its innermost section.", 7)
    )
    parent_id = fields.Integer(
        required=True, allow_none=True, metadata=_meta("The metric it is a part of, or null.", None)
    )
    table = fields.String(
        required=True, allow_none=True, metadata=_meta("Template table of a cell, else null.", None)
    )
    row = fields.String(
        required=True, allow_none=True, metadata=_meta("Template row of a cell, else null.", None)
    )
    column = fields.String(
        required=True,
        allow_none=True,
        metadata=_meta("Template column of a cell, else null.", None),
    )
    source = fields.Nested(
        SourceSchema, required=True, metadata=_meta("Where the number stands in the report text.")
    )
    occurrences = fields.Integer(
        required=True,
        metadata=_meta("How many metrics of this agency and year match (this one included).", 2),
    )
    other_metric_ids = fields.List(
        fields.Integer(),
        required=True,
        metadata=_meta(
            "The other matching metrics of this agency and year, in the order of the choice rule.",
            [82],
        ),
    )


# --------------------------------------------------------------------------- compare

COMPARE_SORT_KEYS = ("position", "label", "change", "relative_change")


class CompareArgs(ExportArgs, PaginationArgs):
    """Query of GET /compare."""

    left = Id(required=True, metadata=_meta("Report id of the left (earlier) side.", 1))
    right = Id(required=True, metadata=_meta("Report id of the right (later) side.", 2))
    match = _match_field()
    unit = Text(min_length=1, max_length=16, metadata=_meta("Only rows in this unit.", "条"))
    status = fields.String(
        validate=validate.OneOf(["both", "left_only", "right_only"]),
        metadata=_meta("Only rows present on both sides, or on one side only.", "both"),
    )
    sort = Sort(
        COMPARE_SORT_KEYS,
        load_default=lambda: [("position", False)],
        metadata=_meta(
            "Comma-separated sort keys, `-` prefix for descending: "
            + ", ".join(COMPARE_SORT_KEYS)
            + ". `position` (default): rows in the left "
            "report's text order, then right-only rows in the right report's text order; "
            "missing values sort last.",
            "-change",
        ),
    )


class CompareSideSchema(OrderedSchema):
    """One side of a comparison row: the value a report gives for the label."""

    metric_id = fields.Integer(required=True, metadata=_meta("The metric served.", 33))
    label = fields.String(
        required=True, metadata=_meta("Label as worded in this report.", "质量管理信息")
    )
    value = Number(required=True, allow_none=True, metadata=_meta("Its value.", 718))
    raw = fields.String(required=True, metadata=_meta("Number and unit as written.", "718条"))
    approx = fields.String(
        required=True,
        allow_none=True,
        metadata=_meta("null when exact; `more_than` or `about`.", None),
    )
    parent_id = fields.Integer(
        required=True, allow_none=True, metadata=_meta("The metric it is a part of, or null.", None)
    )
    source = fields.Nested(
        SourceSchema, required=True, metadata=_meta("Where the number stands in the report text.")
    )
    occurrences = fields.Integer(
        required=True,
        metadata=_meta(
            "How many metrics of this report carry the label in this unit (this one included).", 2
        ),
    )
    other_metric_ids = fields.List(
        fields.Integer(),
        required=True,
        metadata=_meta("The other ones, in the order of the choice rule.", [82]),
    )


class CompareRowSchema(OrderedSchema):
    """A label (in a unit) compared between two reports."""

    label = fields.String(
        required=True,
        metadata=_meta(
            "The label: the left wording when present, else the right one.", "质量管理信息"
        ),
    )
    unit = fields.String(
        required=True, allow_none=True, metadata=_meta("Unit of both sides.", "条")
    )
    status = fields.String(
        required=True, metadata=_meta("`both`, `left_only` or `right_only`.", "both")
    )
    left = fields.Nested(
        CompareSideSchema,
        required=True,
        allow_none=True,
        metadata=_meta("The left report's value, or null when it does not have the label."),
    )
    right = fields.Nested(
        CompareSideSchema,
        required=True,
        allow_none=True,
        metadata=_meta("The right report's value, or null when it does not have the label."),
    )
    change = Number(
        required=True,
        allow_none=True,
        metadata=_meta(
            "right - left (percentage points for %), rounded to the decimals of the values; null "
            "unless both sides have a value.",
            2832,
        ),
    )
    relative_change = fields.Float(
        required=True,
        allow_none=True,
        metadata=_meta(
            "change / left, rounded to 6 decimals (0.5 = +50%); null when left is 0 or missing.",
            3.944290,
        ),
    )


# --------------------------------------------------------------------------- labels

LABEL_SORT_KEYS = ("label", "metric_count", "report_count", "first_year", "last_year")


class LabelArgs(ExportArgs, PaginationArgs):
    """Query of GET /labels."""

    agency = _agency()
    region = region_field()
    level = level_field()
    year = fields.Integer(validate=YEAR_RANGE, metadata=_meta("Year the report covers.", 2011))
    year_from = _year_from()
    year_to = _year_to()
    q = Text(min_length=1, metadata=_meta("Only labels containing this text.", "管理信息"))
    label = Text(
        min_length=1,
        metadata=_meta(
            "Only this label (with `match=normalized`: every wording that normalizes like it, "
            "i.e. what a normalized series or aggregate would merge).",
            "质量管理信息",
        ),
    )
    match = _match_field()
    unit = Text(min_length=1, max_length=16, metadata=_meta("Only metrics in this unit.", "条"))
    sort = Sort(
        LABEL_SORT_KEYS,
        load_default=lambda: [("label", False)],
        metadata=_meta(
            "Comma-separated sort keys, `-` prefix for descending: "
            + ", ".join(LABEL_SORT_KEYS)
            + ". Default `label` (code point order).",
            "-metric_count",
        ),
    )


class LabelSchema(OrderedSchema):
    """A distinct label, with how often, when and in which units it occurs (within the filters)."""

    label = fields.String(required=True, metadata=_meta("The label as worded.", "质量管理信息"))
    normalized = fields.String(
        required=True,
        metadata=_meta(
            "Its normalized form (see `match=normalized`): labels sharing it are merged by "
            "normalized matching.",
            "质量管理信息",
        ),
    )
    metric_count = fields.Integer(required=True, metadata=_meta("Metrics with this label.", 3))
    report_count = fields.Integer(required=True, metadata=_meta("Reports having it.", 2))
    agency_count = fields.Integer(required=True, metadata=_meta("Agencies having it.", 1))
    first_year = fields.Integer(
        required=True, allow_none=True, metadata=_meta("Earliest year.", 2011)
    )
    last_year = fields.Integer(required=True, allow_none=True, metadata=_meta("Latest year.", 2012))
    years = fields.List(
        fields.Integer(),
        required=True,
        metadata=_meta("Years it occurs in, ascending.", [2011, 2012]),
    )
    units = fields.List(
        fields.String(),
        required=True,
        metadata=_meta("Units it is given in, most frequent first.", ["条"]),
    )


# --------------------------------------------------------------------------- aggregates

GROUP_KEYS = ("year", "agency", "label", "unit", "table", "row", "column", "report")
AGGREGATE_FUNCTIONS = ("sum", "count", "min", "max", "avg")
AGGREGATE_SORT_KEYS = GROUP_KEYS + ("value", "metric_count")


class AggregateArgs(ExportArgs, PaginationArgs, MetricFilterArgs):
    """Query of GET /aggregates: the filters of GET /metrics plus grouping and function."""

    group_by = KeyList(
        GROUP_KEYS,
        metadata=_meta(
            "Comma-separated grouping keys: " + ", ".join(GROUP_KEYS) + " (e.g. `year`, "
            "`agency,year`, `table,row,column`). Without it, one row for everything selected.",
            "year",
        ),
    )
    fn = fields.String(
        load_default="count",
        validate=validate.OneOf(AGGREGATE_FUNCTIONS),
        metadata=_meta(
            "Aggregate function over `value`: count (of metrics; the default, which never "
            "mixes units), sum, min, max, avg. `%` values are never summed or averaged: sum "
            "and avg leave them out and count them in `percentages_left_out`.",
            "sum",
        ),
    )
    match = _match_field()
    occurrences = fields.String(
        load_default="all",
        validate=validate.OneOf(["all", "first"]),
        metadata=_meta(
            "`all` (default): every selected metric. `first`: one metric per report, label "
            "and unit — the top-level occurrence first in the text, as in /series and "
            "/compare — so a total restated later in a report (质量管理信息 718条 in 2011's "
            "section 二 and 附件) is counted once.",
            "first",
        ),
    )
    sort = Sort(
        AGGREGATE_SORT_KEYS,
        metadata=_meta(
            "Comma-separated sort keys, `-` prefix for descending: "
            + ", ".join(AGGREGATE_SORT_KEYS)
            + "; a group key must be in `group_by`. Default: "
            "the group keys in `group_by` order; missing values sort last.",
            "-value",
        ),
    )


class AggregateSchema(OrderedSchema):
    """One group of metrics and its aggregate. Only the keys named in `group_by` are present."""

    year = fields.Integer(allow_none=True, metadata=_meta("Group key: year covered.", 2011))
    agency = fields.String(allow_none=True, metadata=_meta("Group key: agency.", "质检总局"))
    label = fields.String(
        allow_none=True,
        metadata=_meta(
            "Group key: label (with `match=normalized`, the label as asked, all its wordings "
            "merged).",
            "质量管理信息",
        ),
    )
    unit = fields.String(allow_none=True, metadata=_meta("Group key: unit.", "条"))
    table = fields.String(allow_none=True, metadata=_meta("Group key: template table.", "3"))
    row = fields.String(allow_none=True, metadata=_meta("Group key: template row.", "new_requests"))
    column = fields.String(allow_none=True, metadata=_meta("Group key: template column.", "total"))
    report = fields.Integer(allow_none=True, metadata=_meta("Group key: report id.", 1))
    fn = fields.String(required=True, metadata=_meta("The function applied.", "sum"))
    value = Number(
        required=True,
        allow_none=True,
        metadata=_meta(
            "The aggregate (count: number of metrics); null when no metric of the group has a "
            "value.",
            718,
        ),
    )
    metric_count = fields.Integer(required=True, metadata=_meta("Metrics in the group.", 1))
    value_count = fields.Integer(
        required=True,
        metadata=_meta("Of them, metrics that have a value (a template cell can hold none).", 1),
    )
    approx_count = fields.Integer(
        required=True,
        metadata=_meta(
            "Of them, approximate values (余/多/以上, 约/近/左右): the aggregate is then approximate "
            "too.",
            0,
        ),
    )
    units = fields.List(
        fields.String(),
        required=True,
        metadata=_meta(
            "Distinct units aggregated, in code point order (several when the group mixes them).",
            ["条"],
        ),
    )
    percentages_left_out = fields.Integer(
        required=True,
        metadata=_meta(
            "Of the group's metrics, percentages (unit `%`) that sum or avg left out of `value` (a "
            "share is never added up); 0 for count, min and max, which take them as they are.",
            0,
        ),
    )
