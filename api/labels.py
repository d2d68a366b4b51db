"""Labels: the distinct labels of the store, with their counts, years and units.

Without metric filters (only `q`, sort and paging) /labels is served from the
label statistics kept at load (`store.label_stats`): thousands of rows rather
than a GROUP BY over every metric. Filters on the metrics (agency, years,
region, unit, label) still group the matching metrics, whose counts differ.

Matching a label (`match=normalized`) lives in `api.matching`, shared with
/series and /aggregates.
"""

from flask.views import MethodView
from peewee import fn

from api import queries
from api.blueprint import Blueprint
from api.export import Export, export_docs, export_or_page
from api.matching import label_condition, normalize_label
from api.pagination import LIST_HEADERS
from schemas.analysis import LabelArgs, LabelSchema
from store import label_stats
from store.models import LabelStat, Metric

blp = Blueprint(
    "labels",
    __name__,
    url_prefix="/api/v1/labels",
    description="The distinct labels of the metrics, with how often, when and in which units "
    "they occur: the vocabulary to ask /series, /aggregates and /metrics with.",
)

LABELS_EXPORT = Export(
    "labels",
    LabelSchema(),
    [
        (name, name)
        for name in (
            "label",
            "normalized",
            "metric_count",
            "report_count",
            "agency_count",
            "first_year",
            "last_year",
            "years",
            "units",
        )
    ],
    example="label,normalized,metric_count,report_count,agency_count,first_year,last_year,years,"
    "units\r\n质量管理信息,质量管理信息,3,2,1,2011,2012,2011;2012,条\r\n",
)


# Arguments that restrict which metrics are counted: with any of them the statistics do not apply.
METRIC_FILTERS = ("agency", "year", "region", "level", "year_from", "year_to", "unit", "label")


def from_statistics(args):
    """Whether the request can be served from the label statistics."""
    return not any(args.get(name) is not None for name in METRIC_FILTERS)


def stat_query(args):
    """The page's rows from label_stat: `q` and the sort keys as in `label_query`."""
    query = LabelStat.select(
        LabelStat.label,
        LabelStat.metric_count,
        LabelStat.report_count,
        LabelStat.agency_count,
        LabelStat.first_year,
        LabelStat.last_year,
    )
    if args.get("q"):
        query = query.where(LabelStat.label.contains(args["q"]))
    order = []
    for key, descending in args["sort"]:
        expression = (
            queries.text_order(LabelStat.label) if key == "label" else getattr(LabelStat, key)
        )
        if key in ("first_year", "last_year"):
            order.append(
                expression.desc(nulls="LAST") if descending else expression.asc(nulls="LAST")
            )
        else:
            order.append(expression.desc() if descending else expression.asc())
    if not any(key == "label" for key, _ in args["sort"]):
        order.append(queries.text_order(LabelStat.label).asc())
    return query.order_by(*order).dicts()


def stat_count_query(args):
    query = LabelStat.select(fn.COUNT(LabelStat.id))
    return query.where(LabelStat.label.contains(args["q"])) if args.get("q") else query


def stat_items(rows):
    """Served labels from rows of `stat_query`, with their years and units (two small queries)."""
    labels = [row["label"] for row in rows]
    years, units = label_stats.years_and_units(labels)
    return [
        dict(
            row,
            normalized=normalize_label(row["label"]),
            years=years[row["label"]],
            units=units[row["label"]],
        )
        for row in rows
    ]


def _filters(args):
    """Conditions of the metric filters of GET /labels (agency, years, q, unit, label)."""
    conditions = queries.metric_conditions(
        {
            "agency": args.get("agency"),
            "year": args.get("year"),
            "region": args.get("region"),
            "level": args.get("level"),
            "year_from": args.get("year_from"),
            "year_to": args.get("year_to"),
            "label_contains": args.get("q"),
            "unit": args.get("unit"),
        }
    )
    if args.get("label"):
        condition, _ = label_condition([args["label"]], args["match"], conditions)
        conditions.append(condition)
    return conditions


def _aggregates():
    return {
        "metric_count": fn.COUNT(Metric.id),
        "report_count": fn.COUNT(fn.DISTINCT(Metric.report)),
        "agency_count": fn.COUNT(fn.DISTINCT(Metric.agency)),
        "first_year": fn.MIN(Metric.year),
        "last_year": fn.MAX(Metric.year),
    }


def label_query(args, conditions):
    aggregates = _aggregates()
    query = Metric.select(Metric.label, *(e.alias(name) for name, e in aggregates.items()))
    if conditions:
        query = query.where(*conditions)
    order = []
    for key, descending in args["sort"]:
        expression = queries.text_order(Metric.label) if key == "label" else aggregates[key]
        if key in ("first_year", "last_year"):
            order.append(
                expression.desc(nulls="LAST") if descending else expression.asc(nulls="LAST")
            )
        else:
            order.append(expression.desc() if descending else expression.asc())
    if not any(key == "label" for key, _ in args["sort"]):
        order.append(queries.text_order(Metric.label).asc())
    return query.group_by(Metric.label).order_by(*order).dicts()


def label_count_query(conditions):
    query = Metric.select(fn.COUNT(fn.DISTINCT(Metric.label)))
    return query.where(*conditions) if conditions else query


def label_items(rows, conditions):
    """Served labels from rows of `label_query`, with their years and units (two queries)."""
    labels = [row["label"] for row in rows]
    if not labels:
        return []
    within = list(conditions) + [Metric.label.in_(labels)]
    years = {label: [] for label in labels}
    for label, year in (
        Metric.select(Metric.label, Metric.year)
        .distinct()
        .where(*within, Metric.year.is_null(False))
        .tuples()
    ):
        years[label].append(year)
    units = {label: [] for label in labels}
    count = fn.COUNT(Metric.id)
    for label, unit, number in (
        Metric.select(Metric.label, Metric.unit, count)
        .where(*within, Metric.unit.is_null(False))
        .group_by(Metric.label, Metric.unit)
        .tuples()
    ):
        units[label].append((-number, unit))
    return [
        dict(
            row,
            normalized=normalize_label(row["label"]),
            years=sorted(years[row["label"]]),
            units=[unit for _, unit in sorted(units[row["label"]])],
        )
        for row in rows
    ]


@blp.route("")
class Labels(MethodView):
    @blp.arguments(LabelArgs, location="query", as_kwargs=False)
    @blp.response(200, LabelSchema(many=True), headers=LIST_HEADERS)
    @export_docs(blp, LABELS_EXPORT)
    def get(self, args):
        """List distinct labels

        Every label of the metrics matching the filters, with the number of metrics,
        reports and agencies having it, its years and its units (most frequent first),
        and its normalized form. `q` finds labels containing a text; `label` with
        `match=normalized` lists the wordings a normalized series would merge
        (e.g. 主动公开政府信息 and 主动公开的政府信息). Counts only cover the metrics
        matching the filters. Paginated; `format=csv` or `Accept: text/csv` exports all.
        """
        if from_statistics(args):
            return export_or_page(
                LABELS_EXPORT,
                stat_query(args),
                args,
                count_query=stat_count_query(args),
                convert=stat_items,
            )
        conditions = _filters(args)
        return export_or_page(
            LABELS_EXPORT,
            label_query(args, conditions),
            args,
            count_query=label_count_query(conditions),
            convert=lambda rows: label_items(rows, conditions),
        )
