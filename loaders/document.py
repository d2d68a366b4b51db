"""Plain data the parsing pipeline produces: no database, no I/O.

Every step of `loaders.pipeline` reads and extends a `ParsedDocument`; the
loader writes one to the store, `disclosure load --dry-run` prints it as JSON.
Keys (`s1`, `m1`, ...) are local to a document; the store turns them into ids.
"""

from dataclasses import asdict, dataclass, field


@dataclass
class ReportMeta:
    """What the report says about itself (see spec: Report metadata)."""

    agency: str | None = None
    year: int | None = None
    year_inferred: bool = False
    title: str | None = None
    published_on: str | None = None  # ISO date
    period_start: str | None = None
    period_end: str | None = None
    issuer: str | None = None


@dataclass
class SectionData:
    """A heading and the span it governs; `end` is where the next sibling or ancestor starts."""

    key: str
    parent: str | None
    level: int
    marker: str | None
    title: str | None
    start: int
    end: int


@dataclass
class MetricData:
    """One number: `text[start:end]` is the number and its unit exactly as written."""

    key: str
    label: str
    value: float | None
    unit: str | None
    approx: str | None
    start: int
    end: int
    raw: str
    section: str | None = None
    parent: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    placement: str | None = (
        None  # table cells: how the cell was placed (header, split_by_arithmetic, …)
    )


@dataclass
class CheckData:
    """A reconciliation (metric vs. its parts) or a template identity, pass/fail/not_assessable."""

    kind: str
    rule: str
    subject: str
    status: str
    stated: float | None = None
    computed: float | None = None
    difference: float | None = None
    metric: str | None = None
    detail: dict = field(default_factory=dict)
    # For a reconciliation: `complete` (parts = whole) or `partial` (parts <= whole); None for an identity.
    breakdown: str | None = None


@dataclass
class ParsedDocument:
    """Everything extracted from one document."""

    name: str
    text: str
    media_type: str = "text/plain"
    format: str = "narrative"
    report: ReportMeta = field(default_factory=ReportMeta)
    sections: list = field(default_factory=list)
    metrics: list = field(default_factory=list)
    checks: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    # Spans of the text that belong to template tables; the narrative metric
    # rule skips numbers inside them (the table rule already read them).
    table_spans: list = field(default_factory=list)
    # The text as the narrative rules read it (see loaders.pipeline): same length and offsets.
    simplified: str = ""
    # The reading aids over the unwrapped simplified text (loaders.reading.view.TextView), built once by
    # the pipeline's `view` rule for the metric and parent rules. A class attribute, not a field: it is
    # no part of the extraction's JSON.
    view = None

    def to_dict(self, with_text=False):
        """JSON-ready form, as printed by `disclosure load --dry-run`."""
        data = asdict(self)
        data.pop("table_spans")
        data.pop("simplified")
        if not with_text:
            data.pop("text")
        return data
