"""Query-argument and response schemas of GET /search (full-text search of the reports' text).

Conventions are those of `schemas.args` and `schemas.responses`: unknown
parameters are a 422, every parameter and field has a description and an
example from the seed reports.
"""

from marshmallow import fields

from schemas.analysis import ExportArgs
from schemas.args import AGENCY_HELP, YEAR_RANGE, PaginationArgs, _meta, level_field, region_field
from schemas.fields import Id, Number, Text
from schemas.responses import OrderedSchema


class SearchArgs(ExportArgs, PaginationArgs):
    """Query of GET /search."""

    q = Text(
        required=True,
        min_length=1,
        max_length=100,
        metadata=_meta(
            "Text to find, exactly as written (case-sensitive, no wildcards): any length from one "
            "character; two-character words such as 公开 or 申请 work.",
            "质量管理",
        ),
    )
    agency = Text(min_length=1, metadata=_meta(AGENCY_HELP, "质检总局"))
    region = region_field()
    level = level_field()
    report = Id(metadata=_meta("Only this report (id).", 1))
    year = fields.Integer(validate=YEAR_RANGE, metadata=_meta("Year the report covers.", 2011))
    year_from = fields.Integer(
        validate=YEAR_RANGE, metadata=_meta("Covered year at least this.", 2011)
    )
    year_to = fields.Integer(
        validate=YEAR_RANGE, metadata=_meta("Covered year at most this.", 2012)
    )


class SearchReportSchema(OrderedSchema):
    """The report a hit is in."""

    id = fields.Integer(required=True, metadata=_meta("Report id.", 1))
    agency = fields.String(required=True, allow_none=True, metadata=_meta("Agency.", "质检总局"))
    year = fields.Integer(required=True, allow_none=True, metadata=_meta("Year covered.", 2011))
    title = fields.String(
        required=True, metadata=_meta("Title.", "质检总局2011年政府信息公开工作年度报告")
    )


class SearchSectionSchema(OrderedSchema):
    """The innermost section holding the hit."""

    id = fields.Integer(required=True, metadata=_meta("Section id.", 7))
    marker = fields.String(
        required=True, allow_none=True, metadata=_meta("Heading marker.", "（一）")
    )
    title = fields.String(
        required=True, allow_none=True, metadata=_meta("Heading title.", "主动公开政府信息的情况")
    )


class SpanSchema(OrderedSchema):
    """A span of the report text: text[start:end] (code points)."""

    start = fields.Integer(required=True, metadata=_meta("Offset of the first character.", 3692))
    end = fields.Integer(
        required=True, metadata=_meta("Offset just after the last (exclusive).", 3696)
    )


class SnippetSchema(SpanSchema):
    """Text around the first match of a hit, cut at the passage's edges."""

    text = fields.String(
        required=True,
        metadata=_meta(
            "Exactly report text[start:end].",
            "项的主要信息有：质量管理信息718条、计量管理信息323条",
        ),
    )


class SearchMetricSchema(OrderedSchema):
    """A metric whose span lies inside the snippet."""

    id = fields.Integer(required=True, metadata=_meta("Metric id.", 33))
    label = fields.String(required=True, metadata=_meta("Label.", "质量管理信息"))
    value = Number(required=True, allow_none=True, metadata=_meta("Value.", 718))
    unit = fields.String(required=True, allow_none=True, metadata=_meta("Unit.", "条"))
    start = fields.Integer(required=True, metadata=_meta("Offset of the number.", 3698))
    end = fields.Integer(required=True, metadata=_meta("Offset just after its unit.", 3702))


class SearchHitSchema(OrderedSchema):
    """A passage of a report (a section's own text) that contains the query."""

    report = fields.Nested(SearchReportSchema, required=True, metadata=_meta("The report."))
    section = fields.Nested(
        SearchSectionSchema,
        required=True,
        allow_none=True,
        metadata=_meta(
            "The innermost section holding the passage; null before the first heading or in a "
            "report without headings."
        ),
    )
    passage = fields.Nested(
        SpanSchema,
        required=True,
        metadata=_meta("The passage searched: the section's own text, up to its first subsection."),
    )
    match_count = fields.Integer(
        required=True,
        metadata=_meta("How many times the query occurs in the passage (overlaps counted).", 1),
    )
    snippet = fields.Nested(
        SnippetSchema,
        required=True,
        metadata=_meta("About 60 characters on each side of the first match."),
    )
    matches = fields.List(
        fields.Nested(SpanSchema),
        required=True,
        metadata=_meta(
            "Every match inside the snippet; for each, text[start:end] == q.",
            [{"start": 3692, "end": 3696}],
        ),
    )
    metrics = fields.List(
        fields.Nested(SearchMetricSchema),
        required=True,
        metadata=_meta("The metrics whose spans lie inside the snippet, in text order."),
    )
