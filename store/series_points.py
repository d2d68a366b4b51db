"""Series points kept at load, so GET /series pages a label's points instead of ranking its metrics.

/series gives one point per agency and year: the metric the choice rule
(`api.matching.ranked`: top-level first, then report, then text position)
picks among that agency's metrics of the label in that year. Ranked on every
request, its cost grew with the label's metrics (76 ms at 1M metrics, 2.1x its
cost at 100k); `series_point` holds each partition's choice and its number of
occurrences, with the agency's name and the NULL flags of the default order
indexed, so a page of the default order reads its rows.

A partition is (label, shares, agency, year), `shares` telling the metrics in
`%` from the others, since a series without `unit` leaves shares out and with
`unit=%` keeps only them. Every metric of a partition has the report's agency
and year, so writing or removing a report recomputes only its own labels'
partitions at its agency and year, from the (agency, year) index: the
report's metrics and those of another report of the same agency and year.
`refresh_report` runs after a report's metrics are written and before they are
deleted (`leaving=True`: as if they were gone). `rebuild` recomputes all
(migration 12).
"""

from store.db import is_sqlite
from store.models import Report, SeriesPoint, database

BATCH = 400
COLUMNS = (
    "label",
    "shares",
    "agency",
    "agency_name",
    "agency_missing",
    "year",
    "year_missing",
    "metric",
    "value",
    "occurrences",
)
_SHARES = """CASE WHEN "unit" = '%' THEN 1 ELSE 0 END"""
_CHOSEN = """
INSERT INTO "series_point" ({columns})
SELECT ranked."label", ranked.shares, ranked."agency_id", "agency"."name",
       CASE WHEN ranked."agency_id" IS NULL THEN 1 ELSE 0 END,
       ranked."year", CASE WHEN ranked."year" IS NULL THEN 1 ELSE 0 END,
       ranked."id", ranked."value", ranked.occurrences
FROM (
    SELECT "label", {shares} AS shares, "agency_id", "year", "id", "value",
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


def _mark():
    return "?" if is_sqlite() else "%s"


def _insert(where, params):
    # psycopg2 reads % as its parameter marks: the literal '%' is written %% there.
    shares = _SHARES if is_sqlite() else _SHARES.replace("%", "%%")
    sql = _CHOSEN.format(
        columns=", ".join(f'"{c}"' for c in COLUMNS),
        shares=shares,
        partition=f'"label", {shares}, "agency_id", "year"',
        where=where,
    )
    database.execute_sql(sql, params)


def _same(column, value):
    """SQL and parameters for `column` equal to `value`, NULL included."""
    if value is None:
        return f'"{column}" IS NULL', []
    return f'"{column}" = {_mark()}', [value]


def refresh_report(report_id, leaving=False):
    """Recompute the points of the report's labels at its agency and year.

    Call after its metrics are written, or (`leaving=True`) before they are deleted.
    """
    agency, year = (
        Report.select(Report.agency, Report.year).where(Report.id == report_id).tuples().get()
    )
    mark = _mark()
    labels = [
        label
        for (label,) in database.execute_sql(
            f'SELECT DISTINCT "label" FROM "metric" WHERE "report_id" = {mark}', (report_id,)
        ).fetchall()
    ]
    agency_sql, agency_params = _same("agency_id", agency)
    year_sql, year_params = _same("year", year)
    for start in range(0, len(labels), BATCH):
        chunk = labels[start : start + BATCH]
        SeriesPoint.delete().where(
            (SeriesPoint.agency.is_null() if agency is None else SeriesPoint.agency == agency),
            (SeriesPoint.year.is_null() if year is None else SeriesPoint.year == year),
            SeriesPoint.label.in_(chunk),
        ).execute()
        where = [agency_sql, year_sql, f'"label" IN ({", ".join([mark] * len(chunk))})']
        params = agency_params + year_params + chunk
        if leaving:
            where.append(f'"report_id" <> {mark}')
            params.append(report_id)
        _insert("WHERE " + " AND ".join(where), params)


def rebuild():
    """Recompute every point from the metrics (migration 12, or a repair)."""
    with database.atomic():
        SeriesPoint.delete().execute()
        _insert(f'WHERE "id" > {_mark()}', [0])  # a parameter: psycopg2 then reads %% as %
