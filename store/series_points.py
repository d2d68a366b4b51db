"""Series points kept at load, so GET /series pages a label's points instead of ranking its metrics.

/series gives one point per agency and year: the metric the choice rule
(`api.matching.ranked`: top-level first, then report, then text position,
then id) picks among that agency's metrics of the label in that year. Ranked
on every request, its cost grew with the label's metrics (76 ms at 1M metrics,
2.1x its cost at 100k); `series_point` holds each partition's choice and its
number of occurrences, with the agency's name and the flags of the default
order indexed, so a page of the default order reads its rows.

A partition is (label, shares, agency, year), `shares` telling the metrics in
`%` from the others, since a series without `unit` leaves shares out and with
`unit=%` keeps only them. Every metric of a partition has its report's agency
and year, and the rule is an order, so a report is added from its own metrics
alone (`add_report`, one read and one upsert): each partition's count grows
by the report's and its choice becomes the report's best where that comes
first. Removing a report (`remove_report`, before its metrics are deleted)
takes its counts back, drops the partitions left empty, and ranks again, from
the key (agency and year first), only the partitions whose chosen metric was its own.
`rebuild` ranks everything (migration 12).
"""

from store import bulk
from store.db import is_sqlite
from store.models import SeriesPoint, database

BATCH = 400
KEY = ("label", "shares", "agency", "year")
COLUMNS = (
    *KEY,
    "agency_name",
    "agency_missing",
    "year_missing",
    "metric",
    "value",
    "occurrences",
    "choice_top",
    "choice_report",
    "choice_start",
)
_CHOICE = ("choice_top", "choice_report", "choice_start", "metric")
_EARLIER = "({new}) < ({old})".format(
    new=", ".join(f'excluded."{c}"' for c in _CHOICE),
    old=", ".join(f'"series_point"."{c}"' for c in _CHOICE),
)
ON_ADD = {
    "occurrences": bulk.ADDED,
    **{c: f"CASE WHEN {_EARLIER} THEN {{new}} ELSE {{old}} END" for c in (*_CHOICE, "value")},
}
"""On conflict, adding a report: occurrences added; the choice is the report's best metric
where it comes first by the rule (row values compared: top, report, start, id)."""

_SHARES = """CASE WHEN "unit" = '%' THEN 1 ELSE 0 END"""
_CHOSEN = """
INSERT INTO "series_point" ({columns})
SELECT ranked."label", ranked.shares, COALESCE(ranked."agency_id", 0),
       COALESCE(ranked."year", 0), "agency"."name",
       CASE WHEN ranked."agency_id" IS NULL THEN 1 ELSE 0 END,
       CASE WHEN ranked."year" IS NULL THEN 1 ELSE 0 END,
       ranked."id", ranked."value", ranked.occurrences,
       ranked.top, ranked."report_id", ranked."start"
FROM (
    SELECT "label", {shares} AS shares, "agency_id", "year", "id", "value", "report_id",
           "start", CASE WHEN "parent_id" IS NULL THEN 0 ELSE 1 END AS top,
           ROW_NUMBER() OVER (
               PARTITION BY {partition}
               ORDER BY CASE WHEN "parent_id" IS NULL THEN 0 ELSE 1 END, "report_id", "start", "id"
           ) AS rank,
           COUNT(*) OVER (PARTITION BY {partition}) AS occurrences
    FROM "metric" {where}
) AS ranked
LEFT JOIN "agency" ON "agency"."id" = ranked."agency_id"
WHERE ranked.rank = 1
"""


def _insert(where, params):
    """Rank the metrics selected by `where` and insert each partition's choice."""
    # psycopg2 reads % as its parameter marks: the literal '%' is written %% there.
    shares = _SHARES if is_sqlite() else _SHARES.replace("%", "%%")
    sql = _CHOSEN.format(
        columns=", ".join(f'"{c}"' for c in COLUMNS),
        shares=shares,
        partition=f'"label", {shares}, "agency_id", "year"',
        where=where,
    )
    database.execute_sql(sql, params)


def _report(report_id):
    """(agency id, agency name, year, {(label, shares): (choice, value, count)}) of a report.

    Plain SQL run by the driver: the ORM's query building and row handling cost more
    than the statements at one call per document.
    """
    mark = bulk.mark()
    agency, name, year = database.execute_sql(
        'SELECT "report"."agency_id", "agency"."name", "report"."year" FROM "report" '
        'LEFT JOIN "agency" ON "agency"."id" = "report"."agency_id" '
        f'WHERE "report"."id" = {mark}',
        (report_id,),
    ).fetchone()
    parts = {}
    for metric_id, parent, start, label, unit, value in database.execute_sql(
        'SELECT "id", "parent_id", "start", "label", "unit", "value" FROM "metric" '
        f'WHERE "report_id" = {mark}',
        (report_id,),
    ).fetchall():
        part = (label, int(unit == "%"))
        choice = (int(parent is not None), report_id, start, metric_id)
        found = parts.get(part)
        if found is None:
            parts[part] = (choice, value, 1)
        elif choice < found[0]:
            parts[part] = (choice, value, found[2] + 1)
        else:
            parts[part] = (found[0], found[1], found[2] + 1)
    return agency, name, year, parts


def add_report(report_id):
    """Add a just-written report's metrics to the points (inside its write transaction)."""
    agency, name, year, parts = _report(report_id)
    rows = [
        (label, shares, agency or 0, year or 0, name, int(agency is None), int(year is None))
        + (choice[3], value, count, choice[0], choice[1], choice[2])
        for (label, shares), (choice, value, count) in sorted(parts.items())
    ]
    bulk.upsert_rows(SeriesPoint, COLUMNS, rows, KEY, ON_ADD)


def add_chosen(report_id, agency, name, year, chosen, metric_ids):
    """Add a just-written report's partitions, worked out before the write
    (`loaders.write_plan`): (label, shares, chosen metric's position, value, occurrences,
    top, start) in partition order; `metric_ids` gives the id of each position."""
    head = (agency or 0, year or 0, name, int(agency is None), int(year is None))
    rows = [
        (label, shares, *head, metric_ids[at], value, count, top, report_id, start)
        for label, shares, at, value, count, top, start in chosen
    ]
    if not is_sqlite():
        bulk.upsert_rows(SeriesPoint, COLUMNS, rows, KEY, ON_ADD)
        return
    # SQLite rewrites the entry of every index holding a column an UPDATE sets, even to
    # its own value: ON_ADD's choice columns (`metric` is in the default-order index)
    # dirtied a random index page per partition of every report (71 of a document's ~590
    # pages written). So the counts are added first, and the choice is set only where
    # the report's comes first (new partitions are inserted whole by the first statement).
    bulk.upsert_rows(SeriesPoint, COLUMNS, rows, KEY, {"occurrences": bulk.ADDED})
    database.cursor().executemany(
        _RECHOSEN, [(*row[7:8], row[8], *row[10:], *row[:4], *row[10:], row[7]) for row in rows]
    )


_RECHOSEN = (
    'UPDATE "series_point" SET "metric" = ?, "value" = ?, "choice_top" = ?, '
    '"choice_report" = ?, "choice_start" = ? '
    'WHERE "label" = ? AND "shares" = ? AND "agency" = ? AND "year" = ? '
    'AND (?, ?, ?, ?) < ("choice_top", "choice_report", "choice_start", "metric")'
)
"""The choice of a partition set to a report's where it comes first by the rule (SQLite)."""


def remove_report(report_id):
    """Take a report's metrics out of the points; call before its metrics are deleted."""
    agency, name, year, parts = _report(report_id)
    if not parts:
        return
    mark = bulk.mark()
    agency, year = agency or 0, year or 0
    # Its counts taken back in one upsert of its partitions, rows that exist: only
    # `occurrences` changes (psycopg2's executemany of UPDATEs was a round trip each).
    taken = [
        (label, shares, agency, year, name, 0, 0, choice[3], value, -count, *choice[:3])
        for (label, shares), (choice, value, count) in sorted(parts.items())
    ]
    bulk.upsert_rows(SeriesPoint, COLUMNS, taken, KEY, {"occurrences": bulk.ADDED})
    at = f'"agency" = {mark} AND "year" = {mark}'
    database.execute_sql(
        f'DELETE FROM "series_point" WHERE {at} AND "occurrences" <= 0', (agency, year)
    )
    stale = sorted(
        {
            label
            for (label,) in database.execute_sql(
                f'SELECT "label" FROM "series_point" WHERE {at} AND "choice_report" = {mark}',
                (agency, year, report_id),
            ).fetchall()
        }
    )
    # SQLite's unary + keeps the label off its index: the (agency, year) index reads this
    # agency's metrics of the year, where the label index would read every agency's.
    label = '+"label"' if is_sqlite() else '"label"'
    same_agency = '"agency_id" IS NULL' if agency == 0 else f'"agency_id" = {mark}'
    same_year = '"year" IS NULL' if year == 0 else f'"year" = {mark}'
    known = ([agency] if agency else []) + ([year] if year else [])
    for chunk in bulk.chunks(stale, BATCH):
        marks = ", ".join([mark] * len(chunk))
        database.execute_sql(
            f'DELETE FROM "series_point" WHERE {at} AND "label" IN ({marks})',
            [agency, year, *chunk],
        )
        _insert(
            f"WHERE {same_agency} AND {same_year} AND {label} IN ({marks}) "
            f'AND "report_id" <> {mark}',
            [*known, *chunk, report_id],
        )


def rebuild():
    """Rank every partition from the metrics (migration 12, or a repair)."""
    with database.atomic():
        SeriesPoint.delete().execute()
        _insert(f'WHERE "id" > {bulk.mark()}', [0])  # a parameter: psycopg2 then reads %% as %
