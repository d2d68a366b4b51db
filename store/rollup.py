"""The metric rollup: totals per group of metrics, kept at load, so /aggregates reads groups.

A national store has millions of metrics but tens of thousands of distinct
(year, unit, label, template cell) groups. /aggregates grouped every matching
metric on every request (100 ms at 1M metrics for a sum by year of one unit,
9x its cost at 100k); `metric_rollup` holds, per group, what its functions and
row fields need (`api.aggregate_rollup` reads it), so a request reads a few
thousand group rows whatever the number of metrics.

The group columns are the metric's own keys that do not name a report or an
agency (year, unit, label, table, row, column) plus two flags the filters and
`occurrences=first` need: `top_level` (no parent: `parent=none`) and
`first_occurrence` (the metric the choice rule of `api.matching.ranked` picks
in its report, label and unit: `occurrences=first`). Both are fixed when the
report is written, since a metric's parent and its rivals are in its own report.

Kept exact in the transaction that writes or removes a report, from that
report's metrics only: `add_report` groups them (one statement) and adds the
groups in one upsert; `remove_report` subtracts them the same way, deletes the
groups left empty, and recomputes from the metrics only the groups whose
minimum or maximum it removed, or whose sum holds a fraction (float sums are
recomputed rather than subtracted, so no rounding drifts in: a sum of
integers is exact). `rebuild` recomputes every group (migration 12).
"""

import json

from store import bulk
from store.models import MetricRollup, database

KEYS = ("year", "unit", "label", "table", "row", "column", "top_level", "first_occurrence")
"""The group columns, in the order of the JSON `key`."""
TOTALS = ("metric_count", "value_count", "approx_count", "value_sum", "value_min", "value_max")
COLUMNS = ("key", *KEYS, *TOTALS)
BATCH = 500

# The choice rule of api.matching.choice_order (top-level first, then report, then text
# position), as SQL over one metric row; the partition is api.aggregates' (report, label, unit).
_RANKED = """
SELECT "year", "unit", "label", "table", "row", "column", "value", "approx",
       CASE WHEN "parent_id" IS NULL THEN 1 ELSE 0 END AS top_level,
       CASE WHEN ROW_NUMBER() OVER (
           PARTITION BY "report_id", "label", "unit"
           ORDER BY CASE WHEN "parent_id" IS NULL THEN 0 ELSE 1 END, "report_id", "start", "id"
       ) = 1 THEN 1 ELSE 0 END AS first_occurrence
FROM "metric" {where}
"""
_GROUPED = """
SELECT "year", "unit", "label", "table", "row", "column", top_level, first_occurrence,
       COUNT(*), COUNT("value"), COUNT("approx"), COALESCE(SUM("value"), 0),
       MIN("value"), MAX("value"),
       SUM(CASE WHEN "value" <> ROUND("value") THEN 1 ELSE 0 END)
FROM ({ranked}) AS ranked
GROUP BY "year", "unit", "label", "table", "row", "column", top_level, first_occurrence
"""

KEPT = "{old}"
ON_ADD = {
    "metric_count": bulk.ADDED,
    "value_count": bulk.ADDED,
    "approx_count": bulk.ADDED,
    "value_sum": bulk.ADDED,
    "value_min": bulk.LOWER,
    "value_max": bulk.HIGHER,
}
"""On conflict, adding a report: counts and sums added, the extremes widened."""
ON_REMOVE = dict(ON_ADD, value_min=KEPT, value_max=KEPT)
"""On conflict, removing a report: counts subtracted; extremes (and fractional sums) are
recomputed afterwards for the groups that need it."""


def group_key(keys):
    """The unique text of a group's key columns (NULL and '' stay apart)."""
    return json.dumps(list(keys), ensure_ascii=False, separators=(",", ":"))


def _groups(where="", params=()):
    """{key: (key columns, totals, fractions)} of the metrics selected by `where`."""
    sql = _GROUPED.format(ranked=_RANKED.format(where=where))
    found = {}
    for row in database.execute_sql(sql, params).fetchall():
        keys = (row[0], row[1], row[2], row[3], row[4], row[5], int(row[6]), int(row[7]))
        totals = (int(row[8]), int(row[9]), int(row[10]), float(row[11]), row[12], row[13])
        found[group_key(keys)] = (keys, totals, int(row[14] or 0))
    return found


ROW_COLUMNS = (
    "id",
    "parent_id",
    "start",
    "year",
    "unit",
    "label",
    "table",
    "row",
    "column",
    "value",
    "approx",
)
"""The metric columns `groups_of` groups, in the order of its row tuples."""


def groups_of(rows):
    """`_groups` of one report's metric rows (tuples of ROW_COLUMNS), grouped in Python: at
    one call per document the driver's plain rows and a dict beat the window and GROUP BY
    statement (1.4 ms -> 0.4 ms a document). Pure, so a parse worker can call it."""
    firsts = {}
    for metric_id, parent, start, _, unit, label, *_ in rows:
        choice = (parent is not None, start, metric_id)
        if choice < firsts.get((label, unit), (True, float("inf"), 0)):
            firsts[(label, unit)] = choice
    chosen = {choice[2] for choice in firsts.values()}
    groups = {}
    for metric_id, parent, _, year, unit, label, table, row, column, value, approx in rows:
        keys = (
            year,
            unit,
            label,
            table,
            row,
            column,
            int(parent is None),
            int(metric_id in chosen),
        )
        group = groups.get(keys)
        if group is None:
            group = groups[keys] = [0, 0, 0, 0.0, None, None, 0]
        group[0] += 1
        group[2] += approx is not None
        if value is not None:
            group[1] += 1
            group[3] += value
            group[4] = value if group[4] is None or value < group[4] else group[4]
            group[5] = value if group[5] is None or value > group[5] else group[5]
            group[6] += value != round(value)
    return {group_key(keys): (keys, tuple(group[:6]), group[6]) for keys, group in groups.items()}


def _report_groups(report_id):
    """`groups_of` the metrics of one stored report."""
    columns = ", ".join(f'"{column}"' for column in ROW_COLUMNS)
    rows = database.execute_sql(
        f'SELECT {columns} FROM "metric" WHERE "report_id" = {bulk.mark()}', (report_id,)
    ).fetchall()
    return groups_of(rows)


def _rows(groups, sign):
    rows = []
    for key, (keys, (metrics, values, approx, total, low, high), _) in sorted(groups.items()):
        rows.append(
            (key, *keys, sign * metrics, sign * values, sign * approx, sign * total, low, high)
        )
    return rows


def add_report(report_id):
    """Add a just-written report's metrics to the rollup (inside its write transaction)."""
    groups = _report_groups(report_id)
    bulk.upsert_rows(MetricRollup, COLUMNS, _rows(groups, 1), ("key",), ON_ADD)


def _stored(keys):
    """{key: (value_sum, value_min, value_max)} of the stored groups among `keys`."""
    found = {}
    for chunk in bulk.chunks(keys, BATCH):
        query = MetricRollup.select(
            MetricRollup.key, MetricRollup.value_sum, MetricRollup.value_min, MetricRollup.value_max
        ).where(MetricRollup.key.in_(chunk))
        for key, total, low, high in query.tuples():
            found[key] = (total, low, high)
    return found


def remove_report(report_id):
    """Take a report's metrics out of the rollup; call before its metrics are deleted."""
    groups = _report_groups(report_id)
    if not groups:
        return
    before = _stored(groups)
    bulk.upsert_rows(MetricRollup, COLUMNS, _rows(groups, -1), ("key",), ON_REMOVE)
    for chunk in bulk.chunks(groups, BATCH):
        MetricRollup.delete().where(
            MetricRollup.key.in_(chunk), MetricRollup.metric_count <= 0
        ).execute()
    stale = []
    for key, (_, (_, _, _, _, low, high), fractions) in groups.items():
        total, kept_low, kept_high = before.get(key, (0.0, None, None))
        removed_extreme = (low is not None and low == kept_low) or (
            high is not None and high == kept_high
        )
        if removed_extreme or fractions or total != round(total):
            stale.append(key)
    _recompute(report_id, [groups[key][0] for key in stale])


def _recompute(report_id, stale):
    """Set the sum, minimum and maximum of the `stale` groups from the metrics left.

    All of a report's metrics have its year, so the metrics of the stale groups'
    labels in that year, other reports only, hold every rival a first occurrence
    is ranked against: one query on the (label, year) index.
    """
    if not stale:
        return
    year = stale[0][0]
    labels = sorted({keys[2] for keys in stale})
    mark = bulk.mark()
    where = [f'"report_id" <> {mark}', '"year" IS NULL' if year is None else f'"year" = {mark}']
    params = [report_id] + ([] if year is None else [year])
    where.append(f'"label" IN ({", ".join([mark] * len(labels))})')
    left = _groups("WHERE " + " AND ".join(where), params + labels)
    for keys in stale:
        key = group_key(keys)
        if key not in left:
            continue  # the group was the report's alone: deleted above
        _, (_, _, _, total, low, high), _ = left[key]
        MetricRollup.update(value_sum=total, value_min=low, value_max=high).where(
            MetricRollup.key == key
        ).execute()


def rebuild():
    """Recompute the whole rollup from the metrics (migration 12, or a repair)."""
    with database.atomic():
        MetricRollup.delete().execute()
        rows = _rows(_groups(), 1)
        for chunk in bulk.chunks(rows, BATCH):
            bulk.upsert_rows(MetricRollup, COLUMNS, chunk, ("key",), ON_ADD)
