"""Peewee models: agencies, reports, sections, metrics and checks.

The models are bound to a `DatabaseProxy` so that nothing touches a database
at import time; `store.db.open_database(url)` initialises the proxy from a URL.
Every metric keeps the exact span (`start`, `end`) of its number in the
report's stored text: provenance is the product.
"""

from peewee import (
    SQL,
    AutoField,
    BigIntegerField,
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
            # A label's metrics in the default order (report, position): its first page
            # is the first rows of this index, not a sort of all its matches. The year is
            # in it so that a label's metrics of a year (`label=&year=`, the rollup's
            # recomputation) are told apart in the index, without reading their rows: one
            # index on the label instead of two, each of which cost a loaded document a
            # page written per label (schema 14).
            (("label", "report", "ordinal", "year"), False),
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
        # Agency first: a document's rows are one agency's, so they go in side by side
        # instead of one page apart each (every lookup names both).
        indexes = ((("agency", "label"), True),)


LABEL_STAT_MODELS = [LabelStat, LabelYear, LabelUnit, LabelAgency]


class MetricRollup(BaseModel):
    """Totals of the metrics sharing every group key that does not name a report, kept at load.

    /aggregates reads these rows instead of every matching metric when its filters and
    group keys are all among them (`store.rollup`). `key` is the JSON array of the eight
    group columns, unique: the conflict target of the upserts, which the nullable columns
    themselves cannot be (NULLs are distinct in a unique index).
    """

    key = TextField(unique=True)
    year = IntegerField(null=True)
    unit = CharField(max_length=16, null=True)
    label = TextField()
    table = TextField(null=True)
    row = TextField(null=True)
    column = TextField(null=True)
    top_level = IntegerField()  # 1: the metrics have no parent (`parent=none`)
    first_occurrence = (
        IntegerField()
    )  # 1: each is the first of its (report, label, unit) by the choice rule
    metric_count = IntegerField()
    value_count = IntegerField()
    approx_count = IntegerField()
    value_sum = FloatField()  # of the values (0 when none): `%` groups are left out when read
    value_min = FloatField(null=True)
    value_max = FloatField(null=True)
    # How many values hold the minimum and the maximum: removing one of several keeps it.
    value_min_count = IntegerField(default=0)
    value_max_count = IntegerField(default=0)
    # The sum exactly (store.rollup.exact_parts): integer parts, fractions in billionths.
    value_whole = BigIntegerField(default=0)
    value_nanos = BigIntegerField(default=0)

    class Meta:
        indexes = (
            (("unit", "year"), False),
            (("label", "year"), False),
            (("year",), False),
            (("table", "row", "column"), False),
        )


class SeriesPoint(BaseModel):
    """The point of a label for one agency and year, as GET /series chooses it, kept at load.

    One row per (label, shares, agency, year): the metric the choice rule of
    `api.matching.ranked` picks among that agency's metrics of the label in that
    year (`shares` 1: those in `%`, 0: the others), how many there were, and the
    chosen metric's place in the rule (`choice_*`), which a new report's metrics
    are compared with. `store.series_points` keeps it; /series pages these rows.
    A missing agency or year is 0 here, flagged by `agency_missing`/`year_missing`
    (the key is unique, and NULLs are distinct in a unique index).
    """

    label = TextField()
    shares = IntegerField()
    agency = IntegerField()  # agency id, 0 for none; not a foreign key (merging agencies is free)
    agency_name = TextField(null=True)
    agency_missing = IntegerField()  # 1 when there is no agency: sorted last
    year = IntegerField()  # 0 for none
    year_missing = IntegerField()
    metric = IntegerField()  # the chosen metric's id
    value = FloatField(null=True)
    occurrences = IntegerField()
    choice_top = IntegerField()  # the chosen metric's choice rule: 0 top-level, 1 a part,
    choice_report = IntegerField()  # then its report,
    choice_start = IntegerField()  # then its position (then its id, `metric`)

    class Meta:
        indexes = (
            # The key, agency and year first: a document's points are one agency's of one
            # year, so they go in side by side (and a removal reads them from here).
            (("agency", "year", "label", "shares"), True),
            # A label's points in the default order (agency, year, id): a page reads its rows.
            (
                (
                    "label",
                    "shares",
                    "agency_missing",
                    "agency_name",
                    "year_missing",
                    "year",
                    "metric",
                ),
                False,
            ),
        )


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
    MetricRollup,
    SeriesPoint,
]
