"""Label statistics kept at load, so that /labels never groups every metric.

A national store has millions of metrics but only thousands of distinct
labels: /labels (and its `q=` search) pages the `label_stat` rows instead of
a GROUP BY over the metric table, which took seconds at 1M metrics.

The statistics are changed in the transaction that writes or removes a report
(`count_report` after its metrics are inserted, `uncount_report` before they
are deleted), from that report's own metrics only, so a load costs a few
statements per report whatever the size of the store. The per-year, per-unit
and per-agency rows (`label_year`, `label_unit`, `label_agency`) remember what
each report added so that removing it takes exactly that back; a label's
agency count is its number of `label_agency` rows. `rebuild` recomputes all of
them from the metrics (migration 8 uses it on an existing store).
"""

from peewee import fn

from store import bulk
from store.models import (
    LABEL_STAT_MODELS,
    LabelAgency,
    LabelStat,
    LabelUnit,
    LabelYear,
    Metric,
    database,
)

BATCH = 500  # rows per INSERT … ON CONFLICT statement


WIDENED = {
    "first_year": bulk.LOWER,
    "last_year": bulk.HIGHER,
}
"""On conflict: first_year/last_year widened to the added report's year (NULL = none yet)."""

# One report's metrics grouped as each statistics table counts them; `{sign}` is 1 (a
# report written) or -1 (taken back), `{p}` the driver's parameter mark (the report id).
# A report's metrics share its year and agency, so a label has one year and one agency
# in it. Rows go in label order (then unit, agency), as the per-row statements did.
REPORT_GROUPS = {
    "label_year": (
        ("label", "year", "metric_count", "report_count"),
        'SELECT "label", "year", {sign} * COUNT(*), {sign} FROM "metric" '
        'WHERE "report_id" = {p} AND "year" IS NOT NULL GROUP BY "label", "year" '
        'ORDER BY "label", "year"',
        ("label", "year"),
        ("metric_count", "report_count"),
    ),
    "label_unit": (
        ("label", "unit", "metric_count"),
        'SELECT "label", "unit", {sign} * COUNT(*) FROM "metric" '
        'WHERE "report_id" = {p} AND "unit" IS NOT NULL GROUP BY "label", "unit" '
        'ORDER BY "label", "unit"',
        ("label", "unit"),
        ("metric_count",),
    ),
    "label_agency": (
        ("label", "agency", "report_count"),
        'SELECT "label", "agency_id", {sign} FROM "metric" '
        'WHERE "report_id" = {p} AND "agency_id" IS NOT NULL GROUP BY "label", "agency_id" '
        'ORDER BY "label", "agency_id"',
        ("label", "agency"),
        ("report_count",),
    ),
}
# (Grouped by label and agency: a report has one agency, and the agency can then be named.)
# A label's agency_count changes by one when its (label, agency) row appears (before the
# report's label_agency rows are added) or reaches zero (after they are taken back).
NEW_AGENCY = (
    'CASE WHEN "agency_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "label_agency" la '
    'WHERE la."label" = "metric"."label" AND la."agency" = "metric"."agency_id") '
    "THEN 1 ELSE 0 END"
)
GONE_AGENCY = (
    '-(SELECT COUNT(*) FROM "label_agency" la WHERE la."label" = "metric"."label" '
    'AND la."agency" = "metric"."agency_id" AND la."report_count" <= 0)'
)
LABEL_STAT_GROUP = (
    'SELECT "label", {sign} * COUNT(*), {sign}, {agencies}, {first}, {last} FROM "metric" '
    'WHERE "report_id" = {p} GROUP BY "label", "agency_id" ORDER BY "label"'
)
LABEL_STAT_COLUMNS = (
    "label",
    "metric_count",
    "report_count",
    "agency_count",
    "first_year",
    "last_year",
)
# What a taken-back report leaves at zero, among its own labels; `label_agency` only among its
# own agency's rows: a label's rows of every agency (100k nationally) would all be read.
EMPTIED = {
    "label_year": '"report_count" <= 0',
    "label_unit": '"metric_count" <= 0',
    "label_agency": (
        '"report_count" <= 0 AND "agency" = (SELECT "agency_id" FROM "report" WHERE "id" = {p})'
    ),
    "label_stat": '"report_count" <= 0',
}


def _upsert(table, columns, select, target, update, report_id):
    """INSERT … SELECT a report's grouped rows, adding to the rows already there (one statement)."""
    names = ", ".join(f'"{c}"' for c in columns)
    sets = ", ".join(
        f'"{column}" = '
        + expression.format(old=f'"{table}"."{column}"', new=f'excluded."{column}"')
        for column, expression in update.items()
    )
    conflict = ", ".join(f'"{c}"' for c in target)
    database.execute_sql(
        f'INSERT INTO "{table}" ({names}) {select} ON CONFLICT ({conflict}) DO UPDATE SET {sets}',
        (report_id,),
    )


def _change(report_id, sign):
    """Add (sign 1) or take back (sign -1) one report's metrics: a few set-based statements per
    report, grouped in the database, touching only its labels' rows (and of those, only its own
    agency's)."""
    p = bulk.mark()
    own = f'"label" IN (SELECT "label" FROM "metric" WHERE "report_id" = {p})'
    stat = LABEL_STAT_GROUP.format(
        sign=sign,
        p=p,
        agencies=NEW_AGENCY if sign > 0 else GONE_AGENCY,
        first='MIN("year")' if sign > 0 else "CAST(NULL AS INTEGER)",
        last='MAX("year")' if sign > 0 else "CAST(NULL AS INTEGER)",
    )
    counts = {name: bulk.ADDED for name in ("metric_count", "report_count", "agency_count")}
    if sign > 0:  # the label_stat rows first: a new agency is one without its row yet
        _upsert("label_stat", LABEL_STAT_COLUMNS, stat, ("label",), counts | WIDENED, report_id)
    for table, (columns, select, target, added) in REPORT_GROUPS.items():
        select = select.format(sign=sign, p=p)
        _upsert(table, columns, select, target, {c: bulk.ADDED for c in added}, report_id)
    if sign > 0:
        return  # counts only grew: nothing to delete, years only widened
    _upsert("label_stat", LABEL_STAT_COLUMNS, stat, ("label",), counts, report_id)
    # Labels that lost a year: first_year/last_year from the years they keep.
    database.execute_sql(
        'UPDATE "label_stat" SET '
        '"first_year" = (SELECT MIN(y."year") FROM "label_year" y '
        'WHERE y."label" = "label_stat"."label" AND y."report_count" > 0), '
        '"last_year" = (SELECT MAX(y."year") FROM "label_year" y '
        'WHERE y."label" = "label_stat"."label" AND y."report_count" > 0) '
        f'WHERE "label" IN (SELECT y."label" FROM "label_year" y WHERE y."report_count" <= 0 '
        f"AND y.{own})",
        (report_id,),
    )
    for table, emptied in EMPTIED.items():
        emptied = emptied.format(p=p)
        params = (report_id,) * (1 + emptied.count(p))
        database.execute_sql(f'DELETE FROM "{table}" WHERE {emptied} AND {own}', params)


def count_report(report_id):
    """Add a just-written report's metrics to the statistics (inside its write transaction)."""
    _change(report_id, 1)


NEW_AGENCY_OF_ROW = (
    'CASE WHEN NOT EXISTS (SELECT 1 FROM "label_agency" la WHERE la."label" = ? '
    'AND la."agency" = ?) THEN 1 ELSE 0 END'
)
"""NEW_AGENCY for one offered row: its label and its report's agency are parameters."""


def add_counts(agency, year, labels, units):
    """Add a just-written report's metrics to the statistics from its counts, worked out
    before the write (`loaders.write_plan`): what `count_report` adds, without grouping its
    metrics again. `labels`: [(label, metrics)] in label order; `units`: [(label, unit,
    metrics)] in (label, unit) order; `agency`, `year`: the report's (or None)."""
    counts = {name: bulk.ADDED for name in ("metric_count", "report_count", "agency_count")}
    if agency is None:
        values, stats = "(?, ?, 1, 0, ?, ?)", [(label, n, year, year) for label, n in labels]
    else:
        values = f"(?, ?, 1, {NEW_AGENCY_OF_ROW}, ?, ?)"
        stats = [(label, n, label, agency, year, year) for label, n in labels]
    bulk.upsert_rows(
        LabelStat, LABEL_STAT_COLUMNS, stats, ("label",), counts | WIDENED, values=values
    )
    if year is not None:
        _add(LabelYear, [(label, year, n, 1) for label, n in labels])
    _add(LabelUnit, units)
    if agency is not None:
        _add(LabelAgency, [(label, agency, 1) for label, _ in labels])


def _add(model, rows):
    """Upsert rows of a per-year, per-unit or per-agency table as REPORT_GROUPS names them."""
    columns, _, target, added = REPORT_GROUPS[model._meta.table_name]
    bulk.upsert_rows(model, columns, rows, target, {c: bulk.ADDED for c in added})


def uncount_report(report_id):
    """Take a report's metrics out of the statistics; call before its metrics are deleted."""
    _change(report_id, -1)


def rebuild():
    """Recompute every label statistic from the metrics (a migration, or a repair)."""
    with database.atomic():
        for model in LABEL_STAT_MODELS:
            model.delete().execute()
        LabelYear.insert_from(
            Metric.select(
                Metric.label, Metric.year, fn.COUNT(Metric.id), fn.COUNT(fn.DISTINCT(Metric.report))
            )
            .where(Metric.year.is_null(False))
            .group_by(Metric.label, Metric.year),
            [LabelYear.label, LabelYear.year, LabelYear.metric_count, LabelYear.report_count],
        ).execute()
        LabelUnit.insert_from(
            Metric.select(Metric.label, Metric.unit, fn.COUNT(Metric.id))
            .where(Metric.unit.is_null(False))
            .group_by(Metric.label, Metric.unit),
            [LabelUnit.label, LabelUnit.unit, LabelUnit.metric_count],
        ).execute()
        LabelAgency.insert_from(
            Metric.select(Metric.label, Metric.agency, fn.COUNT(fn.DISTINCT(Metric.report)))
            .where(Metric.agency.is_null(False))
            .group_by(Metric.label, Metric.agency),
            [LabelAgency.label, LabelAgency.agency, LabelAgency.report_count],
        ).execute()
        LabelStat.insert_from(
            Metric.select(
                Metric.label,
                fn.COUNT(Metric.id),
                fn.COUNT(fn.DISTINCT(Metric.report)),
                fn.COUNT(fn.DISTINCT(Metric.agency)),
                fn.MIN(Metric.year),
                fn.MAX(Metric.year),
            ).group_by(Metric.label),
            [
                LabelStat.label,
                LabelStat.metric_count,
                LabelStat.report_count,
                LabelStat.agency_count,
                LabelStat.first_year,
                LabelStat.last_year,
            ],
        ).execute()


def years_and_units(labels):
    """({label: [years ascending]}, {label: [units, most metrics first]}) of `labels`."""
    years = {label: [] for label in labels}
    units = {label: [] for label in labels}
    for chunk in bulk.chunks(labels, BATCH):
        for label, year in (
            LabelYear.select(LabelYear.label, LabelYear.year)
            .where(LabelYear.label.in_(chunk))
            .tuples()
        ):
            years[label].append(year)
        for label, unit, count in (
            LabelUnit.select(LabelUnit.label, LabelUnit.unit, LabelUnit.metric_count)
            .where(LabelUnit.label.in_(chunk))
            .tuples()
        ):
            units[label].append((-count, unit))
    return (
        {label: sorted(found) for label, found in years.items()},
        {label: [unit for _, unit in sorted(found)] for label, found in units.items()},
    )
