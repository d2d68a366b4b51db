"""/aggregates from the metric rollup: the groups kept at load instead of every matching metric.

`store.rollup` keeps, per (year, unit, label, table, row, column, top-level,
first occurrence), the counts, the sum, the minimum and the maximum of the
metrics. A request whose filters and group keys are all among those columns
is answered by grouping these rows (a few thousand at 1M metrics, 100 ms
before) with the same functions: a count is the sum of the groups' counts, a
sum the sum of their sums, an average their sum over their count of values,
a minimum the minimum of their minima. Percentages are left out of sums and
averages exactly as `api.aggregates` does, since the unit is a group column.

Which requests qualify (`ROLLUP_FILTERS`, `ROLLUP_GROUP_KEYS`): filters on the
report, section, agency, region, level, value, approximation or a parent id
name metrics the rollup does not tell apart, and `agency` or `report` groups
are not its columns; those requests read the metric table as before. With
`occurrences=first` the choice among a report's repeated labels is made over
the filtered metrics: filters on a template cell would change which metric is
first (`FIRST_UNSAFE_FILTERS`), and a normalized label merging several
wordings chooses across them; those read the metric table too. `parent=none`
keeps the first occurrence it would choose, since the choice rule takes a
top-level metric first. `tests/test_aggregate_rollup.py` runs every qualifying
combination both ways and compares the answers.
"""

from peewee import SQL, Case, NodeList, fn

from api import queries
from api.matching import matching_labels
from store.db import is_sqlite
from store.models import MetricRollup

ROLLUP_FILTERS = {
    "year": lambda value: [MetricRollup.year == value],
    "year_from": lambda value: [MetricRollup.year >= value],
    "year_to": lambda value: [MetricRollup.year <= value],
    "label_contains": lambda value: [MetricRollup.label.contains(value)],
    "unit": lambda value: [MetricRollup.unit == value],
    "table": lambda value: [MetricRollup.table == value],
    "row": lambda value: [MetricRollup.row == value],
    "column": lambda value: [MetricRollup.column == value],
    "parent": lambda value: [MetricRollup.top_level == 1],
}
"""The /metrics filters the rollup answers, as conditions on it (`parent` only as `none`);
`label` is matched apart (exact, or normalized over the rollup's labels)."""
ROLLUP_GROUP_KEYS = ("year", "label", "unit", "table", "row", "column")
FIRST_UNSAFE_FILTERS = ("table", "row", "column")
"""Filters that change which metric of a report is its label's first occurrence."""
REFUSED = ("sum", "avg")
METRIC_FILTERS = tuple(
    name for name in queries.METRIC_FILTERS if name not in ROLLUP_FILTERS and name != "label"
)
"""The filters only the metric table can answer (report, section, agency, values …): every
filter of /metrics but the rollup's, so a filter added there is never ignored here."""


def _given(value):
    return value is not None and not (isinstance(value, (str, list, tuple)) and not value)


def eligible(args):
    """Whether the rollup can answer `args` (before label matching: see `rollup_selection`)."""
    if any(_given(args.get(name)) for name in METRIC_FILTERS):
        return False
    if _given(args.get("parent")) and args["parent"] != "none":
        return False
    if any(key not in ROLLUP_GROUP_KEYS for key in args.get("group_by") or []):
        return False
    first = args.get("occurrences") == "first"
    return not (first and any(_given(args.get(name)) for name in FIRST_UNSAFE_FILTERS))


def rollup_selection(args):
    """(conditions on the rollup, label mapping), or None when the metric table must answer."""
    if not eligible(args):
        return None
    conditions = []
    for name, condition in ROLLUP_FILTERS.items():
        if _given(args.get(name)):
            conditions.extend(condition(args[name]))
    mapping = None
    labels = args.get("label")
    if labels and args["match"] == "normalized":
        mapping = matching_labels(labels, conditions, model=MetricRollup)
        if args["occurrences"] == "first" and len(set(mapping.values())) < len(mapping):
            return None  # two wordings of one asked label: the choice spans them
        conditions.append(MetricRollup.label.in_(sorted(mapping)) if mapping else SQL("1 = 0"))
    elif labels:
        conditions.append(
            MetricRollup.label == labels[0] if len(labels) == 1 else MetricRollup.label.in_(labels)
        )
    if args.get("occurrences") == "first":
        conditions.append(MetricRollup.first_occurrence == 1)
    return conditions, mapping


def _label(mapping):
    if not mapping:
        return MetricRollup.label
    return Case(MetricRollup.label, sorted(mapping.items()), MetricRollup.label)


def _units():
    distinct = NodeList((SQL("DISTINCT"), MetricRollup.unit))
    return fn.GROUP_CONCAT(distinct) if is_sqlite() else fn.STRING_AGG(distinct, ",")


def _counted(column):
    """A count summed over groups: 0, not NULL, over no group (as COUNT over no metric)."""
    return fn.COALESCE(fn.SUM(column), 0)


def rollup_source(args, mapping):
    """(model, group expressions, {row field: aggregate}) of `api.aggregates.aggregate_query`."""
    share = MetricRollup.unit == "%"
    summed_values = fn.SUM(Case(None, [(share, 0)], MetricRollup.value_count))
    summed = fn.SUM(Case(None, [(share, None)], MetricRollup.value_sum))
    functions = {
        "sum": lambda: Case(None, [(summed_values > 0, summed)], None),
        "avg": lambda: Case(None, [(summed_values > 0, summed / summed_values)], None),
        "min": lambda: fn.MIN(MetricRollup.value_min),
        "max": lambda: fn.MAX(MetricRollup.value_max),
        "count": lambda: _counted(MetricRollup.metric_count),
    }
    expressions = {
        "year": MetricRollup.year,
        "label": _label(mapping),
        "unit": MetricRollup.unit,
        "table": MetricRollup.table,
        "row": MetricRollup.row,
        "column": MetricRollup.column,
    }
    left_out = fn.SUM(Case(None, [(share, MetricRollup.metric_count)], 0))
    measures = {
        "value": functions[args["fn"]](),
        "metric_count": _counted(MetricRollup.metric_count),
        "value_count": _counted(MetricRollup.value_count),
        "approx_count": _counted(MetricRollup.approx_count),
        "units": _units(),
        "percentages_left_out": left_out if args["fn"] in REFUSED else SQL("0"),
    }
    return MetricRollup, expressions, measures
