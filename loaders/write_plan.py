"""What a parsed document writes, worked out in the parse worker: the writer only adds ids.

`load_paths` parses in worker processes while one process (the writer) stores each
document in its own transaction, and on two cores a load reaches 10,000 metrics/s only
when the writer spends well under 0.1 ms of CPU a metric. Everything that depends on the
document alone is therefore computed here, beside the parse, and handed to the writer
(`loaders.write.write_planned`) instead of the parsed document: the section, metric and
check rows as tuples, parents before parts, the rollup's groups (`store.rollup.groups_of`),
the series-point partitions, the label-statistic counts and the search passages. The
writer reserves the ids, puts them into these rows, and runs one bulk statement per
table: no re-SELECT of rows it has just written, no grouping, no JSON.

Rows refer to each other by position in the document (a metric's parent, its section, a
check's metric): position `i` becomes the `i`-th id reserved for its table, which is the
id the document order gives it. Ids grow with position, so the choice rules that break
ties by id (the rollup's first occurrence, a series point) pick here what they would
pick from the stored rows.
"""

import json
import re
from dataclasses import dataclass

from loaders.document import ParsedDocument
from store import bulk, register, rollup, search

REFERENCE_KEYS = ("parts", "excluded", "missing", "terms")
"""The keys of a check's detail that list metric keys (stored as metric ids)."""
_MARK = "\x00{}\x00"
# A marked position as json.dumps writes it, quotes included.
_MARKED = re.compile(r'"\\u0000(\d+)\\u0000"')


@dataclass
class WritePlan:
    """The rows of one document, less the ids the writer reserves (see the module docstring)."""

    meta: dict  # the report's metadata (loaders.document.ReportMeta as a dict)
    registration: object  # store.register.Registration of the printed agency, or None
    text: str
    media_type: str
    format: str
    warnings: str  # JSON
    sections: list  # (parent position, ordinal, level, marker, title, start, end), parents first
    section_order: list  # the position of each row of `sections`
    metrics: list  # (section position, parent position, ordinal, label, value, raw, unit,
    #                 approx, start, end, table, row, column, placement), parents first
    metric_order: list  # the position of each row of `metrics`
    checks: list  # (metric position, kind, rule, subject, status, stated, computed,
    #               difference, detail pieces, breakdown)
    rollup: list  # store.rollup rows, complete
    series: list  # (label, shares, chosen position, value, occurrences, top, start)
    labels: list  # (label, metric count), label order
    units: list  # (label, unit, metric count), (label, unit) order
    passages: list  # (section position or None, start, end)


def plan_document(doc: ParsedDocument):
    """The WritePlan of a parsed document (pure: no database)."""
    sections, metrics = doc.sections, doc.metrics
    section_at = {section.key: i for i, section in enumerate(sections)}
    metric_at = {metric.key: i for i, metric in enumerate(metrics)}
    section_order = bulk.parents_first(sections, list(range(len(sections))))
    metric_order = bulk.parents_first(metrics, list(range(len(metrics))))
    year = doc.report.year
    agency = doc.report.agency
    return WritePlan(
        meta=vars(doc.report).copy(),
        registration=register.register(agency) if agency else None,
        text=doc.text,
        media_type=doc.media_type,
        format=doc.format,
        warnings=json.dumps(doc.warnings, ensure_ascii=False),
        sections=[_section_row(sections[i], i, section_at) for i in section_order],
        section_order=section_order,
        metrics=[_metric_row(metrics[i], i, section_at, metric_at) for i in metric_order],
        metric_order=metric_order,
        checks=[_check_row(check, metric_at) for check in doc.checks],
        rollup=_rollup_rows(metrics, metric_at, year),
        series=_series(metrics),
        labels=_counts(metric.label for metric in metrics),
        units=[
            (label, unit, count)
            for (label, unit), count in _counts(
                (metric.label, metric.unit) for metric in metrics if metric.unit is not None
            )
        ],
        passages=search.passages(
            doc.text, [(i, section.start, section.end) for i, section in enumerate(sections)]
        ),
    )


def _section_row(section, i, section_at):
    parent = section_at[section.parent] if section.parent else None
    return (parent, i + 1, section.level, section.marker, section.title, section.start, section.end)


def _metric_row(metric, i, section_at, metric_at):
    return (
        section_at.get(metric.section),
        metric_at[metric.parent] if metric.parent else None,
        i + 1,
        metric.label,
        metric.value,
        metric.raw,
        metric.unit,
        metric.approx,
        metric.start,
        metric.end,
        metric.table,
        metric.row,
        metric.column,
        metric.placement,
    )


def _check_row(check, metric_at):
    return (
        metric_at.get(check.metric),
        check.kind,
        check.rule,
        check.subject,
        check.status,
        check.stated,
        check.computed,
        check.difference,
        detail_pieces(check.detail, metric_at),
        check.breakdown,
    )


def detail_pieces(detail, metric_at):
    """A check's detail as JSON with its metric references left open: (%-format, positions).

    `render_detail` fills the metric ids in at the positions' places: the JSON of
    `loaders.write._check_row`, without a json.dumps in the writer. A detail whose own
    text could be taken for a reference (a NUL character) stays a dict of `Position`s,
    dumped there.
    """
    detail = dict(detail)
    marked = 0
    for key in REFERENCE_KEYS:
        if isinstance(detail.get(key), list):
            listed = []
            for k in detail[key]:
                if isinstance(k, str) and k in metric_at:
                    listed.append(Position(metric_at[k]))
                    marked += 1
                else:
                    listed.append(k)
            detail[key] = listed
    text = _DETAIL_TEXT(detail)
    pieces = _MARKED.split(text)
    texts = pieces[::2]
    if len(pieces) != 2 * marked + 1 or any("\\u0000" in piece for piece in texts):
        return detail
    # The positions in the order the JSON names them (its keys' order, not REFERENCE_KEYS').
    return "%d".join(piece.replace("%", "%%") for piece in texts), tuple(map(int, pieces[1::2]))


class Position:
    """A metric reference in a check's detail: the metric's position in the document."""

    __slots__ = ("at",)

    def __init__(self, at):
        self.at = at

    def __reduce__(self):
        return (Position, (self.at,))


def _marked(value):
    if isinstance(value, Position):
        return _MARK.format(value.at)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


# json.dumps with arguments builds an encoder per call: one, made once, writes every detail.
_DETAIL_TEXT = json.JSONEncoder(ensure_ascii=False, default=_marked).encode


def render_detail(pieces, ids):
    """The detail JSON of `detail_pieces` with the metric ids `ids` (by position)."""
    if isinstance(pieces, dict):
        return json.dumps(pieces, ensure_ascii=False, default=lambda value: ids[_position(value)])
    text, positions = pieces
    return text % tuple([ids[at] for at in positions]) if positions else text


def _position(value):
    if isinstance(value, Position):
        return value.at
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _rollup_rows(metrics, metric_at, year):
    """The rollup rows a report adds: `store.rollup.groups_of` over the rows as stored,
    numbered by position (ids keep that order)."""
    rows = [
        (
            i,
            metric_at[metric.parent] if metric.parent else None,
            metric.start,
            year,
            metric.unit,
            metric.label,
            metric.table,
            metric.row,
            metric.column,
            metric.value,
            metric.approx,
        )
        for i, metric in enumerate(metrics)
    ]
    return rollup.rows_of(rollup.groups_of(rows))


def _series(metrics):
    """Each (label, shares) partition's choice among the report's metrics and its count,
    by `store.series_points`' rule (top-level first, then position, then id), partition order."""
    parts = {}
    for i, metric in enumerate(metrics):
        part = (metric.label, int(metric.unit == "%"))
        choice = (int(bool(metric.parent)), metric.start, i)
        found = parts.get(part)
        if found is None:
            parts[part] = [choice, metric.value, 1]
        else:
            if choice < found[0]:
                found[0], found[1] = choice, metric.value
            found[2] += 1
    return [
        (label, shares, choice[2], value, count, choice[0], choice[1])
        for (label, shares), (choice, value, count) in sorted(parts.items())
    ]


def _counts(keys):
    """[(key, how many)] in key order."""
    found = {}
    for key in keys:
        found[key] = found.get(key, 0) + 1
    return sorted(found.items())
