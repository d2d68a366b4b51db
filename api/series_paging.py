"""GET /series from the points kept at load (`store.series_points`) instead of ranking every metric.

The choice among a label's repeated metrics is made when a report is written:
`series_point` holds, per (label, shares, agency, year), the chosen metric and
its number of occurrences. A JSON page then reads the page's points in the
list's order (the default order, agency then year, straight from an index),
fetches those metrics' served rows by id, and the other occurrences of the
page's points, as `api.series` does for its own rows.

The points answer a series whose partitions they are: an exact label, no
`unit` (shares left out) or `unit=%`, and filters on the agency (name,
region, level) or the years, which select whole partitions. A template cell
(`table`, `row`, `column`) or another unit selects metrics inside a
partition and changes which is chosen, and normalized matching merges
wordings into one partition: those rank the metrics as before, and so do
exports, which stream from the database. `tests/test_series_points.py` asks
both ways and compares.
"""

from peewee import SQL, fn

from api import queries
from api.queries import register_conditions, text_order
from store.models import Metric, SeriesPoint

POINT_ARGS = {"label", "match", "agency", "region", "level", "year_from", "year_to", "unit"}
"""The /series parameters the points answer (`match` exact, `unit` absent or %)."""


def _unanswered():
    """The /series filters the points do not answer: any but theirs, pagination and format,
    so a filter added to SeriesArgs ranks the metrics until it is handled here."""
    from schemas.analysis import ExportArgs, SeriesArgs
    from schemas.args import PaginationArgs

    passive = set(ExportArgs().fields) | set(PaginationArgs().fields) | {"sort"}
    return [name for name in SeriesArgs().fields if name not in POINT_ARGS | passive]


UNANSWERED = _unanswered()


def point_conditions(args):
    """Conditions on `series_point` for a /series request, or None when it must rank metrics."""
    unit = args.get("unit")
    if args["match"] != "exact" or unit not in (None, "%"):
        return None
    if any(args.get(name) is not None for name in UNANSWERED):
        return None
    conditions = [SeriesPoint.label == args["label"], SeriesPoint.shares == int(unit == "%")]
    if args.get("agency") is not None:
        conditions.append(SeriesPoint.agency.in_(queries._agency_ids(args["agency"])))
    conditions.extend(register_conditions(SeriesPoint.agency, args))
    # A missing agency or year is 0 there, flagged: never matched by a filter, as NULL is not.
    if args.get("year_from") is not None:
        conditions += [SeriesPoint.year_missing == 0, SeriesPoint.year >= args["year_from"]]
    if args.get("year_to") is not None:
        conditions += [SeriesPoint.year_missing == 0, SeriesPoint.year <= args["year_to"]]
    return conditions


def _direction(expression, descending):
    return expression.desc() if descending else expression.asc()


def point_order(sort):
    """ORDER BY of `api.series.SORT` on the points: missing agencies, years and values last."""
    order = []
    for key, descending in sort:
        if key == "agency":
            order.append(SeriesPoint.agency_missing.asc())
            order.append(_direction(text_order(SeriesPoint.agency_name), descending))
        elif key == "year":
            order.append(SeriesPoint.year_missing.asc())
            order.append(_direction(SeriesPoint.year, descending))
        else:
            value = SeriesPoint.value
            order.append(value.desc(nulls="LAST") if descending else value.asc(nulls="LAST"))
    order.append(SeriesPoint.metric.asc())
    return order


def point_query(args, conditions):
    """The points' metric ids and occurrences, in the list's order (a page is cut from it)."""
    return (
        SeriesPoint.select(SeriesPoint.metric.alias("point_id"), SeriesPoint.occurrences)
        .where(*conditions)
        .order_by(*point_order(args["sort"]))
        .dicts()
    )


def point_count_query(conditions):
    return SeriesPoint.select(fn.COUNT(SQL("*"))).where(*conditions)


def load_points(rows):
    """The served-metric rows of a page of points, in its order, with `occurrences`."""
    ids = [row["point_id"] for row in rows]
    if not ids:
        return []
    query = queries.metric_select(Metric.id.in_(ids)).select_extend(
        Metric.agency.alias("agency_id")
    )
    found = {row["id"]: row for row in query}
    return [dict(found[row["point_id"]], occurrences=row["occurrences"]) for row in rows]
