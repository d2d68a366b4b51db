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

from collections import defaultdict

from peewee import fn

from store import bulk
from store.db import is_sqlite
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


def _chunks(items, size=BATCH):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _report_totals(report_id):
    """{label: {"metrics", "years", "units", "agencies"}} of one report's metrics."""
    totals = defaultdict(
        lambda: {
            "metrics": 0,
            "years": defaultdict(int),
            "units": defaultdict(int),
            "agencies": set(),
        }
    )
    # Plain SQL run by the driver: the ORM's query building and row handling cost
    # more than the query itself at one call per document.
    param = "?" if is_sqlite() else "%s"
    rows = database.execute_sql(
        'SELECT "label", "unit", "year", "agency_id", COUNT("id") FROM "metric" '
        f'WHERE "report_id" = {param} GROUP BY "label", "unit", "year", "agency_id"',
        (report_id,),
    ).fetchall()
    for label, unit, year, agency, count in rows:
        entry = totals[label]
        entry["metrics"] += count
        if year is not None:
            entry["years"][year] += count
        if unit is not None:
            entry["units"][unit] += count
        if agency is not None:
            entry["agencies"].add(agency)
    return totals


ADDED = "{old} + {new}"
"""On conflict: the stored count plus the added one."""
WIDENED = {
    "first_year": "CASE WHEN {old} IS NULL OR {new} < {old} THEN {new} ELSE {old} END",
    "last_year": "CASE WHEN {old} IS NULL OR {new} > {old} THEN {new} ELSE {old} END",
}
"""On conflict: first_year/last_year widened to the added report's year (NULL = none yet)."""


def _add(model, rows, target, counts, update=None):
    """INSERT rows, adding their `counts` columns to an existing row with the same `target`.

    Rows are dicts with the same keys; they go through one prepared statement
    (`store.bulk.upsert_rows`), not the ORM's SQL building per chunk, which
    cost more than the rest of a document's write.
    """
    if not rows:
        return
    columns = tuple(rows[0])
    update = dict({name: ADDED for name in counts}, **(update or {}))
    bulk.upsert_rows(model, columns, [tuple(row.values()) for row in rows], target, update)


def _change(report_id, sign):
    """Add (sign 1) or take back (sign -1) one report's metrics: a few statements per report,
    touching only its labels' rows (and of those, only its own agencies')."""
    totals = _report_totals(report_id)
    if not totals:
        return
    labels = sorted(totals)
    _add(
        LabelYear,
        [
            {"label": label, "year": year, "metric_count": sign * count, "report_count": sign}
            for label in labels
            for year, count in totals[label]["years"].items()
        ],
        ("label", "year"),
        ("metric_count", "report_count"),
    )
    _add(
        LabelUnit,
        [
            {"label": label, "unit": unit, "metric_count": sign * count}
            for label in labels
            for unit, count in totals[label]["units"].items()
        ],
        ("label", "unit"),
        ("metric_count",),
    )
    pairs = {(label, agency) for label in labels for agency in totals[label]["agencies"]}
    own = sorted({agency for _, agency in pairs})
    known = set()
    if sign > 0 and own:
        for chunk in _chunks(labels):
            known.update(
                LabelAgency.select(LabelAgency.label, LabelAgency.agency)
                .where(LabelAgency.label.in_(chunk), LabelAgency.agency.in_(own))
                .tuples()
            )
    _add(
        LabelAgency,
        [
            {"label": label, "agency": agency, "report_count": sign}
            for label, agency in sorted(pairs)
        ],
        ("label", "agency"),
        ("report_count",),
    )
    agencies = defaultdict(int)
    years_gone = set()
    if sign > 0:
        for label, _ in pairs - known:
            agencies[label] += 1
    else:
        for chunk in _chunks(labels):
            if own:
                for label, _ in (
                    LabelAgency.select(LabelAgency.label, LabelAgency.agency)
                    .where(
                        LabelAgency.label.in_(chunk),
                        LabelAgency.agency.in_(own),
                        LabelAgency.report_count <= 0,
                    )
                    .tuples()
                ):
                    agencies[label] -= 1
            years_gone.update(
                label
                for (label,) in LabelYear.select(LabelYear.label)
                .where(LabelYear.label.in_(chunk), LabelYear.report_count <= 0)
                .tuples()
            )
    rows = []
    for label in labels:
        years = totals[label]["years"]
        rows.append(
            {
                "label": label,
                "metric_count": sign * totals[label]["metrics"],
                "report_count": sign,
                "agency_count": agencies[label],
                "first_year": min(years) if years and sign > 0 else None,
                "last_year": max(years) if years and sign > 0 else None,
            }
        )
    _add(
        LabelStat,
        rows,
        ("label",),
        ("metric_count", "report_count", "agency_count"),
        WIDENED if sign > 0 else None,
    )
    if sign > 0:
        return  # counts only grew: nothing to delete, years only widened
    for chunk in _chunks(labels):
        LabelYear.delete().where(LabelYear.label.in_(chunk), LabelYear.report_count <= 0).execute()
        LabelUnit.delete().where(LabelUnit.label.in_(chunk), LabelUnit.metric_count <= 0).execute()
        LabelAgency.delete().where(
            LabelAgency.label.in_(chunk), LabelAgency.report_count <= 0
        ).execute()
        LabelStat.delete().where(LabelStat.label.in_(chunk), LabelStat.report_count <= 0).execute()
    _refresh_years(sorted(years_gone))


def _refresh_years(labels):
    """Set first_year/last_year of `labels` (whose years shrank) from their label_year rows."""
    for chunk in _chunks(labels):
        spans = dict.fromkeys(chunk, (None, None))
        for label, first, last in (
            LabelYear.select(LabelYear.label, fn.MIN(LabelYear.year), fn.MAX(LabelYear.year))
            .where(LabelYear.label.in_(chunk))
            .group_by(LabelYear.label)
            .tuples()
        ):
            spans[label] = (first, last)
        for label, (first, last) in spans.items():
            LabelStat.update(first_year=first, last_year=last).where(
                LabelStat.label == label
            ).execute()


def count_report(report_id):
    """Add a just-written report's metrics to the statistics (inside its write transaction)."""
    _change(report_id, 1)


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
    for chunk in _chunks(labels):
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
