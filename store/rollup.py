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
report's metrics only, so that replacing a report costs the same in a national
store as in a small one (issue 11): `add_report` groups them (`groups_of`, in
Python) and adds the groups in one upsert; `remove_report` subtracts them the
same way and deletes the groups left empty. What makes the subtraction exact:

- The sum is kept as two integers, `value_whole` (the sum of the values'
  integer parts) and `value_nanos` (of their fractions, in billionths:
  `exact_parts`), which add and subtract without rounding; `value_sum` is
  derived from them by the same two float operations in Python and in SQL
  (`exact_sum`, `SUM_OF_PARTS`), so it is bit for bit the same whatever the
  order of loads and removals. A float sum subtracted drifts (0.1 + 0.2 - 0.2
  is not 0.1), and recomputing each group holding a fraction read every metric
  of its cell in the year. Values come from text of at most 15 significant
  digits (`loaders.tokens`), so a fraction of up to 9 decimals is exact; a
  longer one counts rounded to 9 decimals, in every path alike.
- The extremes keep how many values hold them (`value_min_count`,
  `value_max_count`): removing one of several equal extremes (template tables
  are full of zeros) only lowers the count. Only a group whose last minimum or
  maximum goes is recomputed (`_recompute`), from the metrics of its label,
  unit and year (its rivals for `first_occurrence` are among them).

`rebuild` recomputes every group through the same `groups_of` (migrations 12
and 13, or a repair), so a kept rollup equals a rebuilt one exactly.
"""

import json
from decimal import ROUND_HALF_EVEN, Decimal
from itertools import groupby

from store import bulk
from store.models import MetricRollup, database

KEYS = ("year", "unit", "label", "table", "row", "column", "top_level", "first_occurrence")
"""The group columns, in the order of the JSON `key`."""
TOTALS = (
    "metric_count",
    "value_count",
    "approx_count",
    "value_sum",
    "value_min",
    "value_max",
    "value_min_count",
    "value_max_count",
    "value_whole",
    "value_nanos",
)
"""The kept totals of a group, in the order of a group's totals tuple (`groups_of`)."""
COLUMNS = ("key", *KEYS, *TOTALS)
BATCH = 500
NANOS = 10**9
"""`value_nanos` counts billionths: the fractions a value's text can hold exactly (`exact_parts`)."""

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


def exact_parts(value):
    """(integer part, fraction in billionths) of a value, both exact integers (toward zero).

    The fraction is read from the shortest text of the float (`repr`), which is
    the decimal the document wrote: 0.1 is 100000000 billionths, not the
    binary float's 100000000.0000000055...
    """
    whole = int(value)
    if whole == value:
        return whole, 0
    fraction = (Decimal(repr(value)) - whole) * NANOS
    return whole, int(fraction.to_integral_value(rounding=ROUND_HALF_EVEN))


def exact_sum(whole, nanos):
    """The float `value_sum` of the exact parts: the same two operations as `SUM_OF_PARTS`."""
    return float(whole) + float(nanos) / 1e9


def group_key(keys):
    """The unique text of a group's key columns (NULL and '' stay apart): their compact JSON
    array, as json.dumps writes it, written here for the text, whole-number and missing keys
    (a parse worker writes a key per group of every document; json.dumps builds an encoder
    per call)."""
    parts = []
    for key in keys:
        if key is None:
            parts.append("null")
        elif type(key) is str:
            parts.append(_JSON_TEXT(key))
        elif type(key) is int:
            parts.append(int.__repr__(key))
        else:
            return _KEY_TEXT(list(keys))
    return "[" + ",".join(parts) + "]"


_JSON_TEXT = json.encoder.encode_basestring
_KEY_TEXT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _group_lists(rows):
    """{key columns: [metrics, values, approx, whole, nanos, min, min count, max, max count,
    fractions]} of one report's metric rows (tuples of ROW_COLUMNS)."""
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
            group = groups[keys] = [0, 0, 0, 0, 0, None, 0, None, 0, 0]
        group[0] += 1
        if approx is not None:
            group[2] += 1
        if value is None:
            continue
        group[1] += 1
        whole = int(value)
        if whole == value:
            group[3] += whole
        else:
            whole, nanos = exact_parts(value)
            group[3] += whole
            group[4] += nanos
            group[9] += 1
        low = group[5]
        if low is None or value < low:
            group[5], group[6] = value, 1
        elif value == low:
            group[6] += 1
        high = group[7]
        if high is None or value > high:
            group[7], group[8] = value, 1
        elif value == high:
            group[8] += 1
    return groups


def _totals(group):
    """A group list's totals tuple, in TOTALS order."""
    metrics, values, approx, whole, nanos, low, lows, high, highs, _ = group
    total = exact_sum(whole, nanos)
    return (metrics, values, approx, total, low, high, lows, highs, whole, nanos)


def groups_of(rows):
    """{key: (key columns, totals in TOTALS order, fractions)} of one report's metric rows
    (tuples of ROW_COLUMNS), grouped in Python: at one call per document the driver's plain
    rows and a dict beat a window and GROUP BY statement (1.4 ms -> 0.4 ms a document).
    Pure, so a parse worker can call it; `add_groups` writes what it returns."""
    return {
        group_key(keys): (keys, _totals(group), group[9])
        for keys, group in _group_lists(rows).items()
    }


def _select_rows():
    return ", ".join(f'"{column}"' for column in ROW_COLUMNS)


def _report_groups(report_id):
    """`groups_of` the metrics of one stored report."""
    rows = database.execute_sql(
        f'SELECT {_select_rows()} FROM "metric" WHERE "report_id" = {bulk.mark()}', (report_id,)
    ).fetchall()
    return groups_of(rows)


def _old(column):
    return f'"metric_rollup"."{column}"'


def _new(column):
    return f'excluded."{column}"'


SUM_OF_PARTS = (
    "CAST({whole} AS DOUBLE PRECISION) + CAST({nanos} AS DOUBLE PRECISION) "
    "/ CAST(1000000000 AS DOUBLE PRECISION)"
)
"""`exact_sum` in SQL (the same two float operations; a bare 1e9 would be NUMERIC in PostgreSQL)."""
_SUM = SUM_OF_PARTS.format(
    whole=f"({_old('value_whole')} + {_new('value_whole')})",
    nanos=f"({_old('value_nanos')} + {_new('value_nanos')})",
)


def _extreme_count(extreme, add):
    """The new count of a group's minimum ("min") or maximum ("max") on conflict."""
    value, count = f"value_{extreme}", f"value_{extreme}_count"
    old, new, old_count, new_count = _old(value), _new(value), _old(count), _new(count)
    if not add:  # the report's values are among the group's: the stored extreme stays
        return (
            f"CASE WHEN {_old('value_count')} + {_new('value_count')} <= 0 THEN 0 "
            f"WHEN {new} = {old} THEN {old_count} - {new_count} ELSE {old_count} END"
        )
    beyond = "<" if extreme == "min" else ">"
    return (
        f"CASE WHEN {old} IS NULL OR {new} {beyond} {old} THEN {new_count} "
        f"WHEN {new} = {old} THEN {old_count} + {new_count} ELSE {old_count} END"
    )


_NO_VALUE_LEFT = (
    f"CASE WHEN {_old('value_count')} + {_new('value_count')} <= 0 THEN NULL ELSE {{old}} END"
)
ON_ADD = {
    "metric_count": bulk.ADDED,
    "value_count": bulk.ADDED,
    "approx_count": bulk.ADDED,
    "value_whole": bulk.ADDED,
    "value_nanos": bulk.ADDED,
    "value_sum": _SUM,
    "value_min": bulk.LOWER,
    "value_max": bulk.HIGHER,
    "value_min_count": _extreme_count("min", add=True),
    "value_max_count": _extreme_count("max", add=True),
}
"""On conflict, adding a report: counts and exact sums added, the extremes widened (or
their counts grown when the report holds them too)."""
ON_REMOVE = dict(
    ON_ADD,
    value_min=_NO_VALUE_LEFT,
    value_max=_NO_VALUE_LEFT,
    value_min_count=_extreme_count("min", add=False),
    value_max_count=_extreme_count("max", add=False),
)
"""On conflict, removing a report (its counts and sums offered negated): subtracted; an
extreme it held loses the report's count of it, and a group left at no holder is
recomputed afterwards (`_recompute`)."""


def _rows(groups, sign):
    rows = []
    for key, (keys, totals, _) in sorted(groups.items()):
        metrics, values, approx, total, low, high, lows, highs, whole, nanos = totals
        rows.append(
            (key, *keys, sign * metrics, sign * values, sign * approx, sign * total, low, high)
            + (lows, highs, sign * whole, sign * nanos)
        )
    return rows


def rows_of(groups):
    """The rows (COLUMNS order) that add `groups` (of `groups_of`) to the rollup."""
    return _rows(groups, 1)


def add_rows(rows):
    """Add a just-written report's rows (`rows_of`, worked out before the write) to the rollup."""
    bulk.upsert_rows(MetricRollup, COLUMNS, rows, ("key",), ON_ADD)


def add_groups(groups):
    """Add a report's `groups_of` to the rollup (inside its write transaction)."""
    add_rows(rows_of(groups))


def add_report(report_id):
    """Add a just-written report's metrics to the rollup (inside its write transaction)."""
    add_groups(_report_groups(report_id))


def remove_report(report_id):
    """Take a report's metrics out of the rollup; call before its metrics are deleted.

    The work is the report's own groups, each found by its unique key, plus
    `_recompute` for the groups whose last minimum or maximum was the report's.
    """
    groups = _report_groups(report_id)
    if not groups:
        return
    bulk.upsert_rows(MetricRollup, COLUMNS, _rows(groups, -1), ("key",), ON_REMOVE)
    stale = []
    mark = bulk.mark()
    for chunk in bulk.chunks(groups, BATCH):
        marks = ", ".join([mark] * len(chunk))
        database.execute_sql(
            f'DELETE FROM "metric_rollup" WHERE "key" IN ({marks}) AND "metric_count" <= 0', chunk
        )
        stale += database.execute_sql(
            f'SELECT "key" FROM "metric_rollup" WHERE "key" IN ({marks}) AND "value_count" > 0 '
            'AND ("value_min_count" <= 0 OR "value_max_count" <= 0)',
            chunk,
        ).fetchall()
    _recompute(report_id, [groups[key][0] for (key,) in stale])


_RIVALS = """
SELECT "table", "row", "column", "value",
       CASE WHEN "parent_id" IS NULL THEN 1 ELSE 0 END,
       CASE WHEN ROW_NUMBER() OVER (
           PARTITION BY "report_id"
           ORDER BY CASE WHEN "parent_id" IS NULL THEN 0 ELSE 1 END, "start", "id"
       ) = 1 THEN 1 ELSE 0 END
FROM "metric" WHERE "label" = {mark} AND {year} AND {unit} AND "report_id" <> {mark}
"""
"""The metrics of one label, year and unit but a report's, with their group flags: the
partition of the choice rule (report, label, unit) is one report's rows here."""


def _recompute(report_id, stale):
    """Set the extremes and their counts of the `stale` groups (key columns) from the metrics
    left (all but the report's): per label and unit of a stale group, one read of that label's
    metrics in the year and unit, on the label index (its year told apart in the index)."""
    by_rivals = {}
    for keys in stale:
        by_rivals.setdefault((keys[0], keys[1], keys[2]), {})[keys[3:]] = keys
    mark = bulk.mark()
    for (year, unit, label), cells in sorted(by_rivals.items(), key=repr):
        sql = _RIVALS.format(
            mark=mark,
            year='"year" IS NULL' if year is None else f'"year" = {mark}',
            unit='"unit" IS NULL' if unit is None else f'"unit" = {mark}',
        )
        params = [label] + ([] if year is None else [year]) + ([] if unit is None else [unit])
        found = {cell: [None, 0, None, 0] for cell in cells}
        for table, row, column, value, top, first in database.execute_sql(
            sql, [*params, report_id]
        ).fetchall():
            group = found.get((table, row, column, int(top), int(first)))
            if group is None or value is None:
                continue
            if group[0] is None or value < group[0]:
                group[0], group[1] = value, 1
            elif value == group[0]:
                group[1] += 1
            if group[2] is None or value > group[2]:
                group[2], group[3] = value, 1
            elif value == group[2]:
                group[3] += 1
        for cell, (low, lows, high, highs) in sorted(found.items(), key=repr):
            MetricRollup.update(
                value_min=low, value_min_count=lows, value_max=high, value_max_count=highs
            ).where(MetricRollup.key == group_key(cells[cell])).execute()


def _merge(into, group):
    """Add one report's group list to another's (`_group_lists` shape)."""
    for i in (0, 1, 2, 3, 4, 9):
        into[i] += group[i]
    for at, beyond in ((5, -1), (7, 1)):
        value, kept = group[at], into[at]
        if value is None:
            continue
        if kept is None or (value < kept if beyond < 0 else value > kept):
            into[at], into[at + 1] = value, group[at + 1]
        elif value == kept:
            into[at + 1] += group[at + 1]


def rebuild(reports_at_once=200):
    """Recompute the whole rollup from the metrics (migrations 12 and 13, or a repair), one
    report at a time through `groups_of`'s grouping: the same sums, bit for bit, as loading."""
    with database.atomic():
        MetricRollup.delete().execute()
        merged = {}
        ids = [row[0] for row in database.execute_sql('SELECT "id" FROM "report" ORDER BY "id"')]
        for chunk in bulk.chunks(ids, reports_at_once):
            marks = ", ".join([bulk.mark()] * len(chunk))
            rows = database.execute_sql(
                f'SELECT "report_id", {_select_rows()} FROM "metric" '
                f'WHERE "report_id" IN ({marks}) ORDER BY "report_id"',
                chunk,
            ).fetchall()
            for _, report_rows in groupby(rows, key=lambda row: row[0]):
                own = _group_lists([row[1:] for row in report_rows])
                for keys, group in own.items():
                    if keys in merged:
                        _merge(merged[keys], group)
                    else:
                        merged[keys] = group
        groups = {
            group_key(keys): (keys, _totals(group), group[9]) for keys, group in merged.items()
        }
        for chunk in bulk.chunks(_rows(groups, 1), BATCH):
            bulk.upsert_rows(MetricRollup, COLUMNS, chunk, ("key",), ON_ADD)
