"""Label matching and the choice among repeated labels, shared by /labels, /series and /aggregates.

`normalize_label` defines `match=normalized` (the rules are spelled out in
`schemas.analysis.NORMALIZED_RULES`, which the OpenAPI descriptions show);
`label_condition` turns an asked label and a match mode into a WHERE
condition on metrics. Normalized matching cannot be done by the database, so
the distinct labels among the filtered metrics are normalized here (cached)
and the matching wordings are then selected by an ordinary `label IN (…)`,
which uses the label index.

The choice among repeated labels (`ranked`) is made by the database with a
window function, the same on SQLite and PostgreSQL:

    ROW_NUMBER() OVER (PARTITION BY <partition>
                       ORDER BY parent IS NOT NULL, report, start, id)

i.e. the top-level occurrence (no parent) first, then the lowest report id,
then the earliest in the text. /series partitions by agency and year,
/aggregates (`occurrences=first`) by report, label and unit; /compare applies
the same rule in Python over two reports.
"""

import unicodedata
from functools import lru_cache

from peewee import SQL, Case, fn

from store.models import Metric

LEADING_QUALIFIERS = ("本年度", "各类", "各项", "各种", "全部", "所有", "全年", "本年")
"""Removed from the start of a label (repeatedly), longest first. Never 其他: 其他信息 is a label."""
TRAILING_WORDS = ("数量", "总数", "总量")
"""One of them is removed from the end of a label. Never 信息."""
PARTICLES = ("的",)
MIN_REMAINING = 2


@lru_cache(maxsize=65536)
def normalize_label(label):
    """The normalized form of a label (see `schemas.analysis.NORMALIZED_RULES`).

    >>> normalize_label("各类“主动公开的”政府信息数量")
    '主动公开政府信息'
    >>> normalize_label("其他信息")
    '其他信息'
    """
    text = unicodedata.normalize("NFKC", label).casefold()
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZC")
    for particle in PARTICLES:
        text = text.replace(particle, "")
    stripped = True
    while stripped:
        stripped = False
        for word in LEADING_QUALIFIERS:
            if text.startswith(word) and len(text) - len(word) >= MIN_REMAINING:
                text = text[len(word) :]
                stripped = True
                break
    for word in TRAILING_WORDS:
        if text.endswith(word) and len(text) - len(word) >= MIN_REMAINING:
            text = text[: -len(word)]
            break
    return text or unicodedata.normalize("NFKC", label).strip()


NOTHING = SQL("1 = 0")


def matching_labels(asked, conditions=(), model=Metric):
    """{stored label: the asked label it matches} under normalized matching.

    `asked` is a list of labels; `conditions` restrict the metrics whose labels
    are considered (agency, years, unit…). The first asked label wins when two
    asked labels normalize alike. `model`: where the labels are read, the metrics
    or a table of their groups (`store.models.MetricRollup`, whose conditions they are).
    """
    keys = {}
    for label in asked:
        keys.setdefault(normalize_label(label), label)
    query = model.select(model.label).distinct()
    if conditions:
        query = query.where(*conditions)
    found = {}
    for (label,) in query.tuples():
        key = normalize_label(label)
        if key in keys:
            found[label] = keys[key]
    return found


def label_condition(asked, match, conditions=()):
    """WHERE condition for `asked` labels (a list) in `match` mode (`exact` or `normalized`).

    Returns (condition, mapping) where mapping is {stored label: asked label}
    for normalized matching and None for exact matching.
    """
    if match != "normalized":
        condition = Metric.label == asked[0] if len(asked) == 1 else Metric.label.in_(asked)
        return condition, None
    mapping = matching_labels(asked, conditions)
    if not mapping:
        return NOTHING, mapping
    return Metric.label.in_(sorted(mapping)), mapping


NOT_PERCENT = (Metric.unit != "%") | Metric.unit.is_null()


def choice_order():
    """The order of the choice rule: top-level first, then report id, then text position."""
    return [Case(None, [(Metric.parent.is_null(), 0)], 1), Metric.report, Metric.start, Metric.id]


def ranked(conditions, partition):
    """Metrics matching `conditions`, ranked by the choice rule within `partition`."""
    query = Metric.select(
        Metric.id.alias("point_id"),
        Metric.agency.alias("point_agency"),
        Metric.year.alias("point_year"),
        fn.ROW_NUMBER().over(partition_by=partition, order_by=choice_order()).alias("rank"),
        fn.COUNT(Metric.id).over(partition_by=partition).alias("occurrences"),
    )
    return query.where(*conditions) if conditions else query
