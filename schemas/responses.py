"""Response schemas: the JSON shape of every resource, with descriptions and seed examples.

Views build plain dicts (see `api.serialize`) and these schemas dump them; a
schema never queries anything. Every metric carries its `source` span:
provenance is the product, no number is served without the text it came from.
"""

from marshmallow import Schema, fields

from schemas.fields import Number

_NO_EXAMPLE = object()


def _meta(description, example=_NO_EXAMPLE, **extra):
    data = {"description": description, **extra}
    if example is not _NO_EXAMPLE:
        data["example"] = example
    return data


class OrderedSchema(Schema):
    """Fields in declaration order; the class docstring becomes the schema's description."""

    class Meta:
        ordered = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__doc__:
            cls.Meta = type("Meta", (cls.Meta,), {"description": " ".join(cls.__doc__.split())})


class SourceSchema(OrderedSchema):
    """Where a number stands in its report's text."""

    start = fields.Integer(
        required=True,
        metadata=_meta(
            "Offset of the first character of the number in the report text (Python string "
            "index, i.e. Unicode code points).",
            5527,
        ),
    )
    end = fields.Integer(
        required=True, metadata=_meta("Offset just after the unit (exclusive).", 5531)
    )
    quote = fields.String(required=True, metadata=_meta("Exactly text[start:end].", "718条"))
    context = fields.String(
        required=True,
        metadata=_meta(
            "The sentence around the quote: from the previous sentence boundary (。；！？ or a line "
            "break) to the next one, at most 60 characters on each side of the quote; exactly "
            "text[context_start:context_end].",
            "（一）质量管理信息718条。",
        ),
    )
    context_start = fields.Integer(
        required=True, metadata=_meta("Offset where `context` starts.", 5518)
    )
    context_end = fields.Integer(
        required=True, metadata=_meta("Offset where `context` ends (exclusive).", 5532)
    )


class MetricSchema(OrderedSchema):
    """One number of a report, with its label, unit and source span."""

    id = fields.Integer(required=True, metadata=_meta("Metric id.", 82))
    report_id = fields.Integer(required=True, metadata=_meta("Report the number is in.", 1))
    section_id = fields.Integer(
        required=True,
        allow_none=True,
        metadata=_meta(
            "Innermost section holding the number; null in a report without headings.", 19
        ),
    )
    parent_id = fields.Integer(
        required=True,
        allow_none=True,
        metadata=_meta("The metric this one is a part of (其中…), or null.", None),
    )
    label = fields.String(
        required=True, metadata=_meta("What is counted, as worded in the text.", "质量管理信息")
    )
    value = Number(
        required=True,
        allow_none=True,
        metadata=_meta("The number as a decimal (integers are JSON integers).", 718),
    )
    raw = fields.String(required=True, metadata=_meta("The number and unit as written.", "718条"))
    unit = fields.String(
        required=True, allow_none=True, metadata=_meta("Measure word as written, or %.", "条")
    )
    approx = fields.String(
        required=True,
        allow_none=True,
        metadata=_meta(
            "null when exact; `more_than` for 余/多/以上; `about` for 约/近/左右.", None
        ),
    )
    agency = fields.String(
        required=True, allow_none=True, metadata=_meta("Agency of the report.", "质检总局")
    )
    year = fields.Integer(
        required=True, allow_none=True, metadata=_meta("Year the report covers.", 2011)
    )
    table = fields.String(
        required=True,
        allow_none=True,
        metadata=_meta(
            "Template table of a table cell by number (`2`, `3`, `4` for 二, 三, 四), or another "
            "table's caption as printed (an old 政府信息公开情况统计表, an agency's own 表1 …; "
            "`未命名表N` for the Nth own table printed without one); null in narrative text.",
            None,
        ),
    )
    row = fields.String(
        required=True, allow_none=True, metadata=_meta("Template table row, or null.", None)
    )
    column = fields.String(
        required=True, allow_none=True, metadata=_meta("Template table column, or null.", None)
    )
    placement = fields.String(
        required=True,
        allow_none=True,
        metadata=_meta(
            "How a table cell was placed in its row and column: `header` (by the printed header), "
            "`template_order_checked` (no header read; the template's column order, confirmed by the "
            "row's sums), `template_order` (no header read; the template's order assumed), "
            "`split_by_arithmetic` (digits run together, split the only way the row sums and "
            "identities allow), `split_unique_reading` (numbers run together in a row without sums, table "
            "二: the only reading by the row's count of columns and each column's format, or the "
            "same number in every reading), `split_confirmed_by_prose` (numbers run together in a table 二 "
            "row or an old statistics table row, read several ways: the readings agreeing with the numbers "
            "the prose states for its cells, a cell read when they all give it), `typo_matched_row` (a printed row name with a typo, the only close "
            "template row, confirmed by its row sum), `own_table` (a cell of the agency's own table, "
            "by its printed row and column labels); null for a number of the prose.",
            "header",
        ),
    )
    source = fields.Nested(
        SourceSchema, required=True, metadata=_meta("The number's span in the report text.")
    )
    html = fields.String(
        required=True,
        metadata=_meta(
            "Where a person reads the number in its report: the path, on this server, of the "
            "report's page anchored on the number's source span (highlighted, with its label).",
            "/reports/1#m34",
        ),
    )


class CheckSchema(OrderedSchema):
    """A consistency check: a metric against the sum of its parts, or a template identity."""

    id = fields.Integer(required=True, metadata=_meta("Check id.", 7))
    report_id = fields.Integer(required=True, metadata=_meta("Report checked.", 1))
    metric_id = fields.Integer(
        required=True,
        allow_none=True,
        metadata=_meta(
            "The whole being reconciled (kind reconciliation), the prose number a table cell "
            "restates (kind restatement), else null.",
            84,
        ),
    )
    kind = fields.String(
        required=True,
        metadata=_meta(
            "`reconciliation`, `identity` or `restatement` (a prose number linked to the template "
            "table cell printing the same figure: same value and unit, a label naming the cell's row "
            "and column; always `pass`, a differing cell is not linked).",
            "reconciliation",
        ),
    )
    rule = fields.String(required=True, metadata=_meta("Rule applied.", "parts_sum"))
    breakdown = fields.String(
        required=True,
        allow_none=True,
        metadata=_meta(
            "For a reconciliation: `complete` when the parts are all of the whole (checked as parts = whole), "
            "`partial` when the report lists only some (含…, 其中 with one part, …等; checked as parts <= whole, "
            "the rule in `detail.breakdown_rule`); null for an identity or a check stored before this field.",
            "partial",
        ),
    )
    subject = fields.String(
        required=True, metadata=_meta("What was checked, in words.", "计量管理信息")
    )
    status = fields.String(
        required=True,
        metadata=_meta(
            "`pass`, `fail` or `not_assessable`; a failure is data, never corrected.", "pass"
        ),
    )
    stated = Number(
        required=True,
        allow_none=True,
        metadata=_meta("Value the report states (a restatement: the prose number).", 323),
    )
    computed = Number(
        required=True,
        allow_none=True,
        metadata=_meta(
            "Value computed from the parts (a restatement: the table cell's value).", 323
        ),
    )
    difference = Number(required=True, allow_none=True, metadata=_meta("stated - computed.", 0))
    detail = fields.Dict(
        required=True,
        metadata=_meta(
            "Rule-specific detail: for a restatement `terms` (the table cell's metric id), `cell` "
            "(table/row/column) and `rules` (what the link required); "
            "for a reconciliation `parts` and `excluded` (metric ids) and a "
            "`reason` when not assessable.",
            {"parts": [85, 86, 87, 88, 89, 90], "excluded": []},
        ),
    )
    agency = fields.String(
        required=True, allow_none=True, metadata=_meta("Agency of the report.", "质检总局")
    )
    year = fields.Integer(
        required=True, allow_none=True, metadata=_meta("Year the report covers.", 2011)
    )


class MetricDetailSchema(MetricSchema):
    """A metric with its parent, its parts and the reconciliation of its parts."""

    parent = fields.Nested(
        MetricSchema,
        required=True,
        allow_none=True,
        metadata=_meta("The metric this one is a part of, or null."),
    )
    children = fields.List(
        fields.Nested(MetricSchema),
        required=True,
        metadata=_meta("The metrics that are parts of this one, in text order."),
    )
    reconciliation = fields.Nested(
        CheckSchema,
        required=True,
        allow_none=True,
        metadata=_meta(
            "The check of this metric against the sum of its parts, or null when it has none."
        ),
    )


class RegionSchema(OrderedSchema):
    """Where an agency sits among China's administrative divisions, as they print the names."""

    province = fields.String(
        required=True,
        allow_none=True,
        metadata=_meta("Province-level division (省, 自治区, 直辖市), or null.", "江苏省"),
    )
    city = fields.String(
        required=True,
        allow_none=True,
        metadata=_meta("Prefecture-level division (市, 州, 盟), or null.", "南京市"),
    )
    county = fields.String(
        required=True,
        allow_none=True,
        metadata=_meta("County-level division (县, 区, 县级市, 旗), or null.", "鼓楼区"),
    )


class AgencySchema(OrderedSchema):
    """A publishing body and what the store holds of it."""

    id = fields.Integer(required=True, metadata=_meta("Agency id.", 1))
    name = fields.String(
        required=True,
        metadata=_meta(
            "Canonical name (the agency register's first spelling; else as written).", "质检总局"
        ),
    )
    report_count = fields.Integer(required=True, metadata=_meta("Reports loaded.", 2))
    metric_count = fields.Integer(
        required=True, metadata=_meta("Metrics over all its reports.", 420)
    )
    years = fields.List(
        fields.Integer(),
        required=True,
        metadata=_meta("Years covered by its reports, ascending.", [2011, 2012]),
    )
    region = fields.Nested(
        RegionSchema,
        required=True,
        metadata=_meta(
            "Its division when the name determines it (all null for a national body or an "
            "ambiguous name).",
            {"province": None, "city": None, "county": None},
        ),
    )
    level = fields.String(
        required=True,
        allow_none=True,
        metadata=_meta(
            "national, provincial, municipal, county or township; null when the name does not "
            "tell.",
            "national",
        ),
    )
    kind = fields.String(
        required=True,
        allow_none=True,
        metadata=_meta(
            "`government` (人民政府) or `department` (a bureau or office of a government of that "
            "level, or a national body); null when unknown.",
            "department",
        ),
    )
    division_code = fields.String(
        required=True,
        allow_none=True,
        metadata=_meta(
            "Six-digit administrative division code (GB/T 2260) when the name determines it, "
            "else null.",
            None,
        ),
    )
    aliases = fields.List(
        fields.String(),
        required=True,
        metadata=_meta(
            "Other spellings of its name met in loaded reports, merged into this agency.",
            ["国家质检总局"],
        ),
    )


class ReportSchema(OrderedSchema):
    """A loaded report: metadata, source file and counts."""

    id = fields.Integer(required=True, metadata=_meta("Report id.", 1))
    agency = fields.String(
        required=True, allow_none=True, metadata=_meta("Publishing agency.", "质检总局")
    )
    agency_id = fields.Integer(required=True, allow_none=True, metadata=_meta("Agency id.", 1))
    agency_as_printed = fields.String(
        required=True,
        allow_none=True,
        metadata=_meta(
            "The agency's name as the report prints it (`agency` is its canonical name).",
            "质检总局",
        ),
    )
    year = fields.Integer(
        required=True, allow_none=True, metadata=_meta("Year the report covers.", 2011)
    )
    year_inferred = fields.Boolean(
        required=True,
        metadata=_meta("True when the year was inferred from the body rather than stated.", False),
    )
    title = fields.String(
        required=True, metadata=_meta("Title.", "质检总局2011年政府信息公开工作年度报告")
    )
    published_on = fields.Date(
        required=True, allow_none=True, metadata=_meta("Signature date.", "2012-03-21")
    )
    period_start = fields.Date(
        required=True,
        allow_none=True,
        metadata=_meta("Start of the statistical period, when stated.", "2011-01-01"),
    )
    period_end = fields.Date(
        required=True,
        allow_none=True,
        metadata=_meta("End of the statistical period, when stated.", "2011-12-31"),
    )
    issuer = fields.String(
        required=True,
        allow_none=True,
        metadata=_meta("Signing office, when stated.", "质检总局政府信息公开办公室"),
    )
    source_name = fields.String(
        required=True,
        metadata=_meta(
            "Path of the source document as it was first loaded (the folder given and the path "
            "below it, or the path given).",
            "seeds/aqsiq-2011-annual-report.txt",
        ),
    )
    sources = fields.List(
        fields.String(),
        required=True,
        metadata=_meta(
            "Every source this report was loaded from, its identities: the original URL the "
            "document names (原文链接, canonical link), else its path. The same bytes from two "
            "sources are one report with both; loading other bytes from a source replaces it.",
            ["seeds/aqsiq-2011-annual-report.txt"],
        ),
    )
    sha256 = fields.String(
        required=True,
        metadata=_meta(
            "SHA-256 of the source bytes.",
            "76438e51f7bc234e0a1ae2af1624bd44c0bb346c315508302f9a0ad35d901f61",
        ),
    )
    format = fields.String(
        required=True,
        metadata=_meta("`narrative`, or the template format of a table report.", "narrative"),
    )
    media_type = fields.String(
        required=True,
        metadata=_meta(
            "Media type of the source: text/plain, text/html, application/pdf or the Word .docx type "
            "(application/vnd.openxmlformats-officedocument.wordprocessingml.document).",
            "text/plain",
        ),
    )
    encoding = fields.String(
        required=True,
        metadata=_meta(
            "Encoding the source was decoded from (utf-8, utf-8-sig, utf-16, utf-16-le, gb18030, big5 …); "
            "`pdf` or `docx` for those formats.",
            "utf-8",
        ),
    )
    loaded_at = fields.DateTime(
        required=True, metadata=_meta("When it was loaded (UTC).", "2026-01-01T12:00:00+00:00")
    )
    warnings = fields.List(
        fields.String(),
        required=True,
        metadata=_meta("What the loader noticed but could not fix.", []),
    )
    section_count = fields.Integer(required=True, metadata=_meta("Sections found.", 36))
    metric_count = fields.Integer(required=True, metadata=_meta("Metrics found.", 253))


class ReportTextSchema(OrderedSchema):
    """The report text every offset points into."""

    report_id = fields.Integer(required=True, metadata=_meta("Report id.", 1))
    length = fields.Integer(
        required=True, metadata=_meta("len(text) in Unicode code points.", 9069)
    )
    text = fields.String(
        required=True,
        metadata=_meta(
            "The text exactly as stored: decoded, BOM removed, line endings as \\n.",
            "质检总局2011年政府信息公开工作年度报告\n…",
        ),
    )


class SectionFields(OrderedSchema):
    """A section of a report."""

    id = fields.Integer(required=True, metadata=_meta("Section id.", 18))
    report_id = fields.Integer(required=True, metadata=_meta("Report id.", 1))
    parent_id = fields.Integer(
        required=True,
        allow_none=True,
        metadata=_meta("Enclosing section, null at the top level.", None),
    )
    ordinal = fields.Integer(
        required=True, metadata=_meta("Position among the report's sections, from 1.", 18)
    )
    level = fields.Integer(required=True, metadata=_meta("1 for 一、 and 附件, 2 for （一）.", 1))
    marker = fields.String(
        required=True, allow_none=True, metadata=_meta("Heading marker.", "附件")
    )
    title = fields.String(
        required=True,
        allow_none=True,
        metadata=_meta("Heading title.", "质检总局门户网站各司局子网站主动公开信息情况"),
    )
    start = fields.Integer(required=True, metadata=_meta("Offset where the section starts.", 5441))
    end = fields.Integer(
        required=True,
        metadata=_meta(
            "Offset where it ends (exclusive): where the next sibling or ancestor starts.", 9069
        ),
    )
    metric_count = fields.Integer(
        required=True, metadata=_meta("Metrics whose innermost section is this one.", 2)
    )


class SectionNodeSchema(SectionFields):
    """A section of the tree with its subsections."""

    children = fields.List(
        fields.Nested(lambda: SectionNodeSchema()),
        required=True,
        metadata=_meta("Subsections, in text order."),
    )


class SectionSummarySchema(SectionFields):
    """A section without its subsections."""


class SectionDetailSchema(SectionFields):
    """A section with its text, its subsections and its own metrics."""

    text = fields.String(
        required=True,
        metadata=_meta(
            "report.text[start:end].", "附件：\n质检总局门户网站各司局子网站主动公开信息情况\n…"
        ),
    )
    children = fields.List(
        fields.Nested(SectionSummarySchema),
        required=True,
        metadata=_meta("Direct subsections (without their own children)."),
    )
    metrics = fields.List(
        fields.Nested(MetricSchema),
        required=True,
        metadata=_meta(
            "Metrics whose innermost section is this one, in text order; use "
            "GET /metrics?within_section={id} for the metrics of its subsections too."
        ),
    )
