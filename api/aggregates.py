"""Aggregates: sum, count, min, max or avg of metric values, grouped, over the /metrics filters.

The selection is exactly GET /metrics' (the same arguments and
`api.queries.metric_conditions`), optionally reduced to one metric per report,
label and unit (`occurrences=first`, the choice rule of /series). One GROUP BY
query does the work in the database; each group says how many metrics it
holds, how many had a value, how many were approximate, and which units it
mixes. Percentages are never summed or averaged: sum and avg leave them out, and each group
says how many it left out (`percentages_left_out`).

The page and the number of groups come from that one query (`COUNT(*) OVER ()`), and a
page is kept per data version (`api.pagination.cached_page`): asked again, it is served
from memory until a report is loaded, replaced or deleted.
"""

from flask import current_app
from flask.views import MethodView
from peewee import JOIN, SQL, Case, NodeList, Select, Value, fn

from api import queries
from api.aggregate_rollup import rollup_selection, rollup_source
from api.blueprint import Blueprint
from api.errors import abort
from api.export import Export, described, export_docs, export_or_page
from api.matching import label_condition, ranked
from api.pagination import LIST_HEADERS
from api.queries import text_order
from schemas.analysis import NORMALIZED_RULES, AggregateArgs, AggregateSchema
from store.db import is_sqlite
from store.models import Agency, Metric, database

blp = Blueprint(
    "aggregates",
    __name__,
    url_prefix="/api/v1/aggregates",
    description="Sums, counts, minima, maxima and averages of metric values, grouped by year, "
    "agency, label, unit, template cell or report.",
)

VALUE_COLUMNS = [
    ("fn", "fn"),
    ("value", "value"),
    ("metric_count", "metric_count"),
    ("value_count", "value_count"),
    ("approx_count", "approx_count"),
    ("units", "units"),
    ("percentages_left_out", "percentages_left_out"),
]
AGGREGATES_EXPORT = Export(
    "aggregates",
    AggregateSchema(),
    VALUE_COLUMNS,
    example="year,fn,value,metric_count,value_count,approx_count,units,percentages_left_out\r\n"
    "2011,sum,718,1,1,0,条,0\r\n2012,sum,3550,1,1,0,条,0\r\n",
)
REFUSED = ("sum", "avg")
TOTAL = "group_total"
"""The column of `aggregate_query` holding the number of groups (`api.pagination.paginate`)."""


def selection(args):
    """Conditions selecting the metrics to aggregate, and the label mapping of normalized matching."""
    filters = dict(args)
    labels = filters.pop("label", None)
    conditions = queries.metric_conditions(filters)
    mapping = None
    if labels:
        condition, mapping = label_condition(labels, args["match"], conditions)
        conditions.append(condition)
    if args["occurrences"] == "first":
        label_key = _label_expression(mapping)
        chosen = ranked(conditions, [Metric.report, label_key, Metric.unit]).alias("chosen")
        conditions = conditions + [
            Metric.id.in_(Metric.select(chosen.c.point_id).from_(chosen).where(chosen.c.rank == 1))
        ]
    return conditions, mapping


def _label_expression(mapping):
    """The label as grouped: as worded, or (normalized matching) the label asked for."""
    if not mapping:
        return Metric.label
    return Case(Metric.label, sorted(mapping.items()), Metric.label)


def _is_share():
    return Metric.unit == "%"


def _without_shares():
    """The value, or NULL for a percentage: what sum and avg add up."""
    return Case(None, [(_is_share(), None)], Metric.value)


def _units_aggregate():
    if is_sqlite():
        return fn.GROUP_CONCAT(NodeList((SQL("DISTINCT"), Metric.unit)))
    return fn.STRING_AGG(NodeList((SQL("DISTINCT"), Metric.unit)), ",")


FUNCTIONS = {
    "sum": lambda: fn.SUM(_without_shares()),
    "avg": lambda: fn.AVG(_without_shares()),
    "min": lambda: fn.MIN(Metric.value),
    "max": lambda: fn.MAX(Metric.value),
    "count": lambda: fn.COUNT(Metric.id),
}


def metric_source(args, mapping):
    """(model, group expressions, {row field: aggregate}) over the metric table."""
    expressions = {
        "year": Metric.year,
        "agency": Agency.name,
        "label": _label_expression(mapping),
        "unit": Metric.unit,
        "table": Metric.table,
        "row": Metric.row,
        "column": Metric.column,
        "report": Metric.report,
    }
    left_out = fn.SUM(Case(None, [(_is_share(), 1)], 0))
    measures = {
        "value": FUNCTIONS[args["fn"]](),
        "metric_count": fn.COUNT(Metric.id),
        "value_count": fn.COUNT(Metric.value),
        "approx_count": fn.COUNT(Metric.approx),
        "units": _units_aggregate(),
        "percentages_left_out": left_out if args["fn"] in REFUSED else Value(0),
    }
    return Metric, expressions, measures


def aggregate_query(args, conditions, mapping, source=metric_source):
    """The groups, from the metric table or (`api.aggregate_rollup.rollup_source`) the rollup."""
    keys = args.get("group_by") or []
    model, expressions, measures = source(args, mapping)
    columns = [expressions[key].alias(key) for key in keys] + [
        expression.alias(name) for name, expression in measures.items()
    ]
    # The number of groups, counted in the same pass (window functions run after GROUP BY).
    columns.append(fn.COUNT(SQL("*")).over().alias(TOTAL))
    query = model.select(*columns)
    if "agency" in keys:
        query = query.join(Agency, JOIN.LEFT_OUTER, on=(Metric.agency == Agency.id))
    if conditions:
        query = query.where(*conditions)
    if keys:
        query = query.group_by(*(expressions[key] for key in keys))
    sort = args.get("sort") or [(key, False) for key in keys]
    order = []
    for key, descending in sort:
        expression = measures.get(key) if key in ("value", "metric_count") else expressions[key]
        if key in ("agency", "label", "unit", "table", "row", "column"):
            expression = text_order(expression)
        order.append(expression.desc(nulls="LAST") if descending else expression.asc(nulls="LAST"))
    order.extend(expressions[key].asc(nulls="LAST") for key in keys if key not in dict(sort))
    return query.order_by(*order).dicts()


def group_count_query(query):
    """SELECT COUNT(*) of the groups (one, without group_by, even over no metric): only run
    for a page beyond the last one; a page with groups counts them itself (TOTAL)."""
    return Select([query.order_by().alias("groups")], [fn.COUNT(SQL("1"))]).bind(database)


def groups(rows, args):
    keys = args.get("group_by") or []
    served = []
    for row in rows:
        item = {key: row[key] for key in keys}
        units = row["units"]
        item.update(
            fn=args["fn"],
            value=row["value"],
            metric_count=row["metric_count"],
            value_count=row["value_count"],
            approx_count=row["approx_count"],
            units=sorted(set(units.split(","))) if units else [],
            percentages_left_out=int(row["percentages_left_out"] or 0),
        )
        served.append(item)
    return served


AGGREGATES_DOC = f"""Aggregate metric values

`fn` (count, the default; sum, min, max, avg) of the values of the metrics selected by the same
filters as GET /metrics, grouped by `group_by` (year, agency, label, unit, table, row,
column, report, comma-separated). E.g. `label=本年新收政府信息公开申请数量 / 总计&group_by=year`
totals a template cell per year across agencies; on the seeds
`label=质量管理信息&group_by=year&occurrences=first` gives 2011: 718, 2012: 3550.

**Percentages** are never summed or averaged: sum and avg leave every metric in unit `%`
out of the value and say how many they left out in `percentages_left_out` (its value is
null when the group holds nothing else); count, min and max take them as they are.

**Approximations.** Each group says how many of its values were approximate
(`approx_count`: 余/多/以上, 约/近/左右), how many metrics had a value (`value_count`), and
which units it mixes (`units`; group by `unit` to keep them apart).

**Repeated labels.** By default every selected metric counts, so a total restated in a
report (质量管理信息 718条 in 2011's section 二 and again in its 附件) counts twice;
`occurrences=first` keeps one per report, label and unit: the top-level occurrence first in
the text, as /series does.

**Matching.** `label` is exact unless `match=normalized`. {NORMALIZED_RULES} With
normalized matching, the `label` group key is the label as asked, all its wordings merged.

A group key not in `group_by` is absent from the rows (and from the CSV columns, which are
the group keys then `fn, value, metric_count, value_count, approx_count, units,
percentages_left_out`).
Paginated like other lists; `format=csv` exports every group.
"""


@blp.route("")
class Aggregates(MethodView):
    @blp.arguments(AggregateArgs, location="query", as_kwargs=False)
    @blp.response(200, AggregateSchema(many=True), headers=LIST_HEADERS)
    @export_docs(blp, AGGREGATES_EXPORT)
    @described(AGGREGATES_DOC)
    def get(self, args):
        keys = args.get("group_by") or []
        for key, _ in args.get("sort") or []:
            if key not in keys and key not in ("value", "metric_count"):
                message = f"Sort key {key!r} is not among the group_by keys."
                abort(422, message=message, errors={"query": {"sort": [message]}})
        export = AGGREGATES_EXPORT.with_columns([(key, key) for key in keys] + VALUE_COLUMNS)
        rolled = rollup_selection(args) if current_app.config["AGGREGATE_ROLLUP"] else None
        if rolled is not None:
            query = aggregate_query(args, *rolled, source=rollup_source)
        else:
            query = aggregate_query(args, *selection(args))
        return export_or_page(
            export,
            query,
            args,
            count_query=group_count_query(query),
            convert=lambda rows: groups(rows, args),
            total_column=TOTAL,
            cache=True,
        )
