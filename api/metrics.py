"""Metrics: every number of every report, filterable, sortable, each with its source span."""

from flask.views import MethodView

from api import metric_rows, queries, serialize
from api.blueprint import Blueprint, path_id
from api.errors import abort
from api.export import ById, Export, export_arguments, export_or_page
from api.pagination import LIST_HEADERS
from schemas.args import MetricArgs
from schemas.fields import MAX_ID
from schemas.responses import MetricDetailSchema, MetricSchema
from store.models import Check, Metric

blp = Blueprint(
    "metrics",
    __name__,
    url_prefix="/api/v1/metrics",
    description="The numbers of the reports: label, value, unit, part-of relations, and the "
    "exact span of text each was read from.",
)

METRICS_EXPORT = Export(
    "metrics",
    MetricSchema(),
    [
        ("id", "id"),
        ("report_id", "report_id"),
        ("section_id", "section_id"),
        ("parent_id", "parent_id"),
        ("agency", "agency"),
        ("year", "year"),
        ("label", "label"),
        ("value", "value"),
        ("raw", "raw"),
        ("unit", "unit"),
        ("approx", "approx"),
        ("table", "table"),
        ("row", "row"),
        ("column", "column"),
        ("start", "source.start"),
        ("end", "source.end"),
        ("quote", "source.quote"),
        ("context", "source.context"),
    ],
    example=(
        "id,report_id,section_id,parent_id,agency,year,label,value,raw,unit,approx,"
        "table,row,column,start,end,quote,context\r\n"
        "33,1,7,,质检总局,2011,质量管理信息,718,718条,条,,,,,3698,3702,718条,"
        "项的主要信息有：质量管理信息718条、计量管理信息323条\r\n"
    ),
)
"""Export of GET /metrics (and of any list of metrics)."""


@blp.route("")
class Metrics(MethodView):
    @export_arguments(blp, MetricArgs, METRICS_EXPORT)
    @blp.response(200, MetricSchema(many=True), headers=LIST_HEADERS)
    def get(self, args):
        """List metrics, filtered and sorted

        Filters combine with AND; `label` may be repeated to ask for several labels
        (OR). Examples: `label=质量管理信息&sort=year` gives the value of each year
        (718 in 2011, 3550 in 2012); `parent=none&report=2&sort=-value` the top-level
        numbers of a report, largest first; `label_contains=申请` every number about
        applications; `within_section=<id of 附件>` the numbers of an attachment and
        its subsections.
        """
        order = queries.metric_order(args)
        ids_first = metric_rows.page_query_loader(order, tuple(args.get("sort") or ()))
        by_id = ById(
            queries.metric_id_query(args),
            metric_rows.page_rows,
            metric_rows.row_select()
            .where(*queries.metric_conditions(args) or [True])
            .order_by(*order),
            metric_rows.served_chunk,
            metric_rows.csv_chunk,
            metric_rows.one_report_loader(args, ids_first) or ids_first,
        )
        return export_or_page(
            METRICS_EXPORT,
            None,
            args,
            count_query=queries.metric_count_query(args),
            convert=serialize.metrics,
            keyset=queries.metric_keyset(args),
            by_id=by_id,
        )


def metric_or_404(metric_id):
    if metric_id > MAX_ID:
        abort(404, message=f"No metric with id {metric_id}.")
    rows = list(queries.metric_select(Metric.id == metric_id))
    if not rows:
        abort(404, message=f"No metric with id {metric_id}.")
    return serialize.metric(rows[0])


@blp.route("/<int:metric_id>", parameters=[path_id("metric_id", "metric", 82)])
class MetricById(MethodView):
    @blp.response(200, MetricDetailSchema)
    @blp.not_found("metric")
    def get(self, metric_id):
        """Get a metric with its parent, parts and reconciliation

        `parent` is the metric this one is a part of; `children` are its parts in
        text order; `reconciliation` is the check of its value against the sum of
        its parts (null when it has no parts).
        """
        item = metric_or_404(metric_id)
        parent = None
        if item["parent_id"] is not None:
            rows = list(queries.metric_select(Metric.id == item["parent_id"]))
            parent = serialize.metric(rows[0]) if rows else None
        children = serialize.metrics(
            queries.metric_select(Metric.parent == metric_id).order_by(Metric.start, Metric.id)
        )
        checks = list(
            queries.check_select(Check.metric == metric_id, Check.kind == "reconciliation")
            .order_by(Check.id)
            .limit(1)
        )
        item.update(
            parent=parent,
            children=children,
            reconciliation=serialize.check(checks[0]) if checks else None,
        )
        return item
