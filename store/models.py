"""Peewee models: agencies, reports, sections, metrics and checks.

The models are bound to a `DatabaseProxy` so that nothing touches a database
at import time; `store.db.open_database(url)` initialises the proxy from a URL.
Every metric keeps the exact span (`start`, `end`) of its number in the
report's stored text: provenance is the product.
"""

from peewee import (
    SQL,
    AutoField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    NodeList,
    SqliteDatabase,
    TextField,
)

database = DatabaseProxy()


class IdField(AutoField):
    """An id that is never handed out twice, even after its row is deleted.

    PostgreSQL sequences never reuse ids; SQLite reuses the highest one unless
    the key is AUTOINCREMENT. A replaced report's metrics must not come back
    under the ids a client still holds.
    """

    def ddl(self, ctx):
        node = super().ddl(ctx)
        if isinstance(database.obj, SqliteDatabase):
            return NodeList((node, SQL("AUTOINCREMENT")))
        return node


class BaseModel(Model):
    id = IdField()

    class Meta:
        database = database
        legacy_table_names = False


class SchemaMeta(BaseModel):
    """Key/value facts about the store itself, such as the schema version."""

    key = CharField(primary_key=True, max_length=64)
    value = TextField()


class Agency(BaseModel):
    """A government body that publishes reports, under its canonical name (see `store.register`).

    Region (province / city / county as the division register prints them),
    level and division code are filled from the name when it determines them.
    """

    name = TextField(unique=True)
    province = TextField(null=True, index=True)
    city = TextField(null=True, index=True)
    county = TextField(null=True, index=True)
    level = CharField(max_length=16, null=True, index=True)
    kind = CharField(max_length=16, null=True)
    division_code = CharField(max_length=12, null=True)


class AgencyAlias(BaseModel):
    """Another spelling of an agency met in a report (国家质检总局 for 质检总局)."""

    name = TextField(unique=True)
    agency = ForeignKeyField(Agency, backref="aliases", on_delete="CASCADE")


class Report(BaseModel):
    """One loaded document: its metadata and the exact text every offset points into."""

    agency = ForeignKeyField(Agency, null=True, backref="reports", on_delete="RESTRICT")
    agency_as_printed = TextField(null=True)
    year = IntegerField(null=True)
    year_inferred = BooleanField(default=False)
    title = TextField()
    published_on = DateField(null=True)
    period_start = DateField(null=True)
    period_end = DateField(null=True)
    issuer = TextField(null=True)
    source_name = TextField(index=True)  # the source it was first loaded from (display)
    sha256 = CharField(max_length=64, unique=True)
    encoding = CharField(max_length=16)
    media_type = CharField(max_length=80, default="text/plain")  # the .docx type is 71 characters
    format = CharField(max_length=16, default="narrative")
    text = TextField()
    section_count = IntegerField(default=0)
    metric_count = IntegerField(default=0)
    warnings = TextField(default="[]")
    loaded_at = DateTimeField()

    class Meta:
        indexes = ((("agency", "year"), False), (("year",), False))


class ReportSource(BaseModel):
    """Where a report was loaded from: its identity (schema 2).

    A source is the document's original URL when the page names one (原文链接,
    canonical link), else its path relative to the folder loaded (or the path as
    given). Sources are unique: loading other bytes from a source replaces the
    report it names, never a report of another source; the same bytes from two
    sources are one report with both.
    """

    report = ForeignKeyField(Report, backref="sources", on_delete="CASCADE")
    source = TextField(unique=True)
    loaded_at = DateTimeField()


class Section(BaseModel):
    """A heading-delimited part of a report (一、 / （一） / 附件), or the body of a flat one."""

    report = ForeignKeyField(Report, backref="sections", on_delete="CASCADE")
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="CASCADE")
    ordinal = IntegerField()
    level = IntegerField()
    marker = TextField(null=True)
    title = TextField(null=True)
    start = IntegerField()
    end = IntegerField()

    class Meta:
        indexes = ((("report", "ordinal"), True),)


class Metric(BaseModel):
    """One number of a report, with its label, unit, span and part-of relation."""

    # No index of its own: (report, ordinal) below begins with it.
    report = ForeignKeyField(Report, backref="metrics", on_delete="CASCADE", index=False)
    section = ForeignKeyField(Section, null=True, backref="metrics", on_delete="CASCADE")
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="SET NULL")
    ordinal = IntegerField()
    label = TextField()
    value = FloatField(null=True)
    raw = TextField()
    unit = CharField(max_length=16, null=True)
    approx = CharField(max_length=16, null=True)
    start = IntegerField()
    end = IntegerField()
    table = TextField(null=True)  # template table number (2, 3, 4) or another table's caption
    row = TextField(null=True)
    column = TextField(null=True)
    # How a table cell was placed in its row and column (header, template_order_checked,
    # split_by_arithmetic, typo_matched_row …); null for a number of the prose.
    placement = TextField(null=True)
    # Denormalised from the report so that cross-report filters use one index.
    # No index of its own: (agency, year) below begins with it.
    agency = ForeignKeyField(
        Agency, null=True, backref="metrics", on_delete="RESTRICT", index=False
    )
    year = IntegerField(null=True)

    class Meta:
        indexes = (
            (("report", "ordinal"), True),
            (("label", "year"), False),
            # A label's metrics in the default order (report, position): its first page
            # is the first rows of this index, not a sort of all its matches.
            (("label", "report", "ordinal"), False),
            (("unit",), False),
            (("year",), False),
            (("agency", "year"), False),
            (("value",), False),
            (("table", "row", "column"), False),
        )


class Check(BaseModel):
    """A consistency check: a reconciliation of a metric with its parts, or a template identity.

    Failures are data, never corrected: `stated` and `computed` are the two
    sides, `difference` is stated - computed, `detail` is JSON (the parts, the
    missing cells, the other report of a cross-year identity).
    """

    report = ForeignKeyField(Report, backref="checks", on_delete="CASCADE")
    metric = ForeignKeyField(Metric, null=True, backref="checks", on_delete="CASCADE")
    kind = CharField(max_length=16)  # reconciliation | identity
    rule = CharField(max_length=32)
    subject = TextField()
    status = CharField(max_length=16)  # pass | fail | not_assessable
    stated = FloatField(null=True)
    computed = FloatField(null=True)
    difference = FloatField(null=True)
    detail = TextField(default="{}")
    # A reconciliation's breakdown: complete (parts = whole) | partial (parts <= whole); null for an identity.
    breakdown = CharField(max_length=16, null=True)

    class Meta:
        indexes = ((("status",), False), (("kind", "rule"), False))


class SearchPassage(BaseModel):
    """A stretch of a report's text owned by one section (or by none: before the first heading).

    The passages of a report tile its text: `text` is report.text[start:end],
    copied so that the full-text index (FTS5 trigram / pg_trgm, see
    `store.search`) can index it; it is written and removed with its report.
    """

    report = ForeignKeyField(Report, backref="passages", on_delete="CASCADE")
    section = ForeignKeyField(Section, null=True, backref="passages", on_delete="CASCADE")
    start = IntegerField()
    end = IntegerField()
    text = TextField()


class LabelStat(BaseModel):
    """One distinct label of the metrics with its totals, kept at load by `store.label_stats`.

    /labels pages these rows instead of grouping every metric; the three
    tables below hold what a report adds, so that removing one takes it back.
    """

    label = TextField(unique=True)
    metric_count = IntegerField()
    report_count = IntegerField()
    agency_count = IntegerField()
    first_year = IntegerField(null=True)
    last_year = IntegerField(null=True)

    class Meta:
        indexes = ((("metric_count",), False),)


class LabelYear(BaseModel):
    """Metrics and reports of a label in one year (years without a metric have no row)."""

    label = TextField()
    year = IntegerField()
    metric_count = IntegerField()
    report_count = IntegerField()

    class Meta:
        indexes = ((("label", "year"), True),)


class LabelUnit(BaseModel):
    """Metrics of a label in one unit (metrics without a unit are not counted here)."""

    label = TextField()
    unit = CharField(max_length=16)
    metric_count = IntegerField()

    class Meta:
        indexes = ((("label", "unit"), True),)


class LabelAgency(BaseModel):
    """Reports of an agency having a label: the label's agency_count is its number of rows."""

    label = TextField()
    agency = IntegerField()  # agency id; not a foreign key, so that merging agencies is free
    report_count = IntegerField()

    class Meta:
        indexes = ((("label", "agency"), True),)


LABEL_STAT_MODELS = [LabelStat, LabelYear, LabelUnit, LabelAgency]

MODELS = [
    SchemaMeta,
    Agency,
    AgencyAlias,
    Report,
    ReportSource,
    Section,
    Metric,
    Check,
    SearchPassage,
    *LABEL_STAT_MODELS,
]
