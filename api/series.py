"""Series: one label followed across reports, one point per agency and year.

Among repeated labels the point is chosen by the database with the choice
rule of `api.matching.ranked`, partitioned by agency and year. Rank 1 is the
point; COUNT(*) over the same partition is `occurrences`, and the other ranks
of the partitions on a page (or in an export chunk) are fetched in one more
query as `other_metric_ids`.
"""

from flask import current_app
from flask.views import MethodView
from peewee import SQL, fn

from api import queries, serialize
from api.blueprint import Blueprint
from api.export import Export, described, export_docs, export_or_page, negotiate
from api.matching import NOT_PERCENT, label_condition, ranked
from api.pagination import LIST_HEADERS, cached_page, paginate
from api.queries import text_order
from api.series_paging import load_points, point_conditions, point_count_query, point_query
from schemas.analysis import CHOICE_RULE, NORMALIZED_RULES, SeriesArgs, SeriesPointSchema
from store.models import Agency, Metric

blp = Blueprint(
    "series",
    __name__,
    url_prefix="/api/v1/series",
    description="A label followed across reports: one point per agency and year, each with "
    "its source span.",
)

SERIES_EXPORT = Export(
    "series",
    SeriesPointSchema(),
    [
        ("agency", "agency"),
        ("year", "year"),
        ("value", "value"),
        ("unit", "unit"),
        ("approx", "approx"),
        ("label", "label"),
        ("raw", "raw"),
        ("metric_id", "metric_id"),
        ("report_id", "report_id"),
        ("section_id", "section_id"),
        ("parent_id", "parent_id"),
        ("table", "table"),
        ("row", "row"),
        ("column", "column"),
        ("start", "source.start"),
        ("end", "source.end"),
        ("quote", "source.quote"),
        ("context", "source.context"),
        ("occurrences", "occurrences"),
        ("other_metric_ids", "other_metric_ids"),
    ],
    example="agency,year,value,unit,approx,label,raw,metric_id,report_id,section_id,parent_id,"
    "table,row,column,start,end,quote,context,occurrences,other_metric_ids\r\n"
    "质检总局,2011,718,条,,质量管理信息,718条,33,1,7,,,,,3698,3702,718条,"
    "项的主要信息有：质量管理信息718条、计量管理信息323条,2,82\r\n"
    "质检总局,2012,3550,条,,质量管理信息,3550条,261,2,,,,,,142,147,3550条,"
    "质量管理信息3550条,1,\r\n",
)


def series_conditions(args):
    """Conditions on metrics for a series query (label matching included)."""
    conditions = queries.metric_conditions(
        {
            "agency": args.get("agency"),
            "region": args.get("region"),
            "level": args.get("level"),
            "year_from": args.get("year_from"),
            "year_to": args.get("year_to"),
            "unit": args.get("unit"),
            "table": args.get("table"),
            "row": args.get("row"),
            "column": args.get("column"),
        }
    )
    if not args.get("unit"):
        conditions.append(NOT_PERCENT)
    condition, _ = label_condition([args["label"]], args["match"], conditions)
    return conditions + [condition]


SORT = {
    "agency": lambda: text_order(Agency.name),
    "year": lambda: Metric.year,
    "value": lambda: Metric.value,
}


def series_query(args, conditions):
    """The points (rank 1 of each agency and year) as served-metric rows plus `occurrences`."""
    sub = ranked(conditions, [Metric.agency, Metric.year]).alias("ranked")
    order = []
    for key, descending in args["sort"]:
        expression = SORT[key]()
        order.append(expression.desc(nulls="LAST") if descending else expression.asc(nulls="LAST"))
    order.append(Metric.id.asc())
    return (
        queries.metric_select()
        .switch(Metric)
        .join(sub, on=(Metric.id == sub.c.point_id))
        .select_extend(Metric.agency.alias("agency_id"), sub.c.occurrences)
        .where(sub.c.rank == 1)
        .order_by(*order)
    )


def series_count_query(conditions):
    """SELECT COUNT(*) of the points: one per distinct (agency, year) of the matching metrics.

    A plain DISTINCT, not the ranking window of `series_query`, and cached per data
    version (`api.pagination.cached_total`), so a page runs the ranking once.
    """
    pairs = Metric.select(Metric.agency, Metric.year).distinct()
    if conditions:
        pairs = pairs.where(*conditions)
    return Metric.select(fn.COUNT(SQL("*"))).from_(pairs.alias("pairs"))


def _in(field, values):
    """field IN values, NULL included when None is among them."""
    known = [v for v in values if v is not None]
    condition = field.in_(known) if known else None
    if None in values:
        condition = field.is_null() if condition is None else (condition | field.is_null())
    return condition


def other_occurrences(conditions, groups, partition_fields):
    """{partition key: [metric ids ranked after the first]} for the given partitions."""
    if not groups:
        return {}
    extra = [_in(field, {key[i] for key in groups}) for i, field in enumerate(partition_fields)]
    sub = ranked(list(conditions) + extra, partition_fields).alias("others")
    rows = (
        Metric.select(sub.c.point_id, sub.c.point_agency, sub.c.point_year)
        .from_(sub)
        .where(sub.c.rank > 1)
        .order_by(sub.c.rank)
        .tuples()
    )
    found = {}
    for metric_id, agency_id, year in rows:
        key = (agency_id, year)
        if key in groups:
            found.setdefault(key, []).append(metric_id)
    return found


def points(rows, conditions):
    """Served points from rows of `series_query` (one query for the other occurrences)."""
    groups = {(row["agency_id"], row["year"]) for row in rows if row["occurrences"] > 1}
    others = other_occurrences(conditions, groups, [Metric.agency, Metric.year])
    served = []
    for row in rows:
        metric = serialize.metric(row)
        served.append(
            {
                "agency": metric["agency"],
                "year": metric["year"],
                "value": metric["value"],
                "unit": metric["unit"],
                "approx": metric["approx"],
                "label": metric["label"],
                "raw": metric["raw"],
                "metric_id": metric["id"],
                "report_id": metric["report_id"],
                "section_id": metric["section_id"],
                "parent_id": metric["parent_id"],
                "table": metric["table"],
                "row": metric["row"],
                "column": metric["column"],
                "source": metric["source"],
                "occurrences": row["occurrences"],
                "other_metric_ids": others.get((row["agency_id"], row["year"]), []),
            }
        )
    return served


SERIES_DOC = f"""Follow a label across reports

One point per agency and year for the label: its value, unit, metric and report ids and
source span. On the seeds, `label=质量管理信息` gives 2011: 718 and 2012: 3550. Sorted by
agency then year unless `sort` says otherwise; paginated like other lists; `format=csv`
(or `Accept: text/csv`) exports every point.

**Repeated labels.** {CHOICE_RULE}

**Units.** Without `unit`, values in `%` are left out, so a series never mixes counts and
shares; `unit=%` gives the shares. For template cells name the cell with `table`, `row`
and `column`.

**Matching.** {NORMALIZED_RULES}
"""


@blp.route("")
class Series(MethodView):
    @blp.arguments(SeriesArgs, location="query", as_kwargs=False)
    @blp.response(200, SeriesPointSchema(many=True), headers=LIST_HEADERS)
    @export_docs(blp, SERIES_EXPORT)
    @described(SERIES_DOC)
    def get(self, args):
        conditions = series_conditions(args)
        chosen = None
        if current_app.config["SERIES_POINTS"] and negotiate(args) == "json":
            chosen = point_conditions(args)
        if chosen is not None:
            return cached_page(
                lambda: paginate(
                    point_query(args, chosen),
                    args,
                    count_query=point_count_query(chosen),
                    convert=lambda rows: points(rows, conditions),
                    load=load_points,
                )
            )
        return export_or_page(
            SERIES_EXPORT,
            series_query(args, conditions),
            args,
            count_query=series_count_query(conditions),
            convert=lambda rows: points(rows, conditions),
            cache=True,
        )
