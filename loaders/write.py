"""Rows of one parsed document written to the store, and the cross-year checks they touch.

`loaders.load` decides whether and when a document is written (identity by
source, the hash check, the write transaction, retries); this module is what
it writes: the report, its source, sections and metrics in bulk with their
ids reserved up front (parents before parts), the checks, the label
statistics and the search passages. The caller holds the transaction.
"""

import datetime
import json
from pathlib import PurePosixPath

from loaders import identities
from loaders.document import MetricData
from loaders.write_plan import plan_document, render_detail
from store import bulk, label_stats, register, rollup, search, series_points
from store.models import Check, Metric, Report, Section


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def write_document(doc, name, sha256, encoding, source=None):
    """Insert one parsed document from `source` (default: `name`); the caller holds the transaction."""
    return write_planned(plan_document(doc), name, sha256, encoding, source=source)


def write_planned(plan, name, sha256, encoding, source=None):
    """Insert one document's `loaders.write_plan.WritePlan`; the caller holds the transaction.

    The rows are the plan's with the ids reserved here; the Report written comes back
    (not read again: its id, agency and year are what the caller needs).
    """
    meta = plan.meta
    printed, year = meta["agency"], meta["year"]
    agency_id = register.agency_id_for(printed, plan.registration) if printed else None
    loaded_at = now()
    values = dict(
        agency_id=agency_id,
        agency_as_printed=printed,
        year=year,
        year_inferred=meta["year_inferred"],
        title=meta["title"] or PurePosixPath(name).name or name,
        published_on=_date(meta["published_on"]),
        period_start=_date(meta["period_start"]),
        period_end=_date(meta["period_end"]),
        issuer=meta["issuer"],
        source_name=name,
        sha256=sha256,
        encoding=encoding,
        media_type=plan.media_type,
        format=plan.format,
        text=plan.text,
        section_count=len(plan.sections),
        metric_count=len(plan.metrics),
        warnings=plan.warnings,
        loaded_at=loaded_at,
    )
    report_id = bulk.insert_returning_id(Report, values)
    bulk.execute(
        'INSERT INTO "report_source" ("report_id", "source", "loaded_at") VALUES (?, ?, ?)',
        (report_id, source or name, loaded_at),
    )
    section_ids = bulk.reserve(Section, len(plan.sections))
    bulk.insert_rows(
        Section,
        SECTION_COLUMNS,
        [
            (section_ids[at], report_id, None if parent is None else section_ids[parent], *rest)
            for at, (parent, *rest) in zip(plan.section_order, plan.sections, strict=True)
        ],
    )
    metric_ids = bulk.reserve(Metric, len(plan.metrics))
    bulk.insert_rows(
        Metric,
        METRIC_COLUMNS,
        [
            (
                metric_ids[at],
                report_id,
                None if section is None else section_ids[section],
                None if parent is None else metric_ids[parent],
                *rest,
                agency_id,
                year,
            )
            for at, (section, parent, *rest) in zip(plan.metric_order, plan.metrics, strict=True)
        ],
    )
    label_stats.add_counts(agency_id, year, plan.labels, plan.units)
    rollup.add_rows(plan.rollup)
    name_of_agency = plan.registration.canonical if agency_id is not None else None
    series_points.add_chosen(report_id, agency_id, name_of_agency, year, plan.series, metric_ids)
    bulk.insert_rows(
        Check,
        CHECK_COLUMNS,
        [
            (
                report_id,
                None if metric is None else metric_ids[metric],
                *head,
                render_detail(detail, metric_ids),
                breakdown,
            )
            for metric, *head, detail, breakdown in plan.checks
        ],
    )
    search.add_passages(report_id, plan.text, plan.passages, section_ids)
    return Report(id=report_id, **values)


def now():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


# The columns the bulk writer fills, in the order of its row tuples.
SECTION_COLUMNS = (
    "id",
    "report_id",
    "parent_id",
    "ordinal",
    "level",
    "marker",
    "title",
    "start",
    "end",
)
METRIC_COLUMNS = (
    "id",
    "report_id",
    "section_id",
    "parent_id",
    "ordinal",
    "label",
    "value",
    "raw",
    "unit",
    "approx",
    "start",
    "end",
    "table",
    "row",
    "column",
    "placement",
    "agency_id",
    "year",
)
CHECK_COLUMNS = (
    "report_id",
    "metric_id",
    "kind",
    "rule",
    "subject",
    "status",
    "stated",
    "computed",
    "difference",
    "detail",
    "breakdown",
)


def _parent_id(item, ids):
    return ids[item.parent] if item.parent else None


def _check_values(report_id, check, metric_ids):
    """A Check row as a tuple in CHECK_COLUMNS order."""
    row = _check_row(report_id, check, metric_ids)
    return tuple(row[column.removesuffix("_id")] for column in CHECK_COLUMNS)


def _check_row(report_id, check, metric_ids):
    """A Check row; metric keys in the detail (parts, terms ...) become metric ids."""
    detail = dict(check.detail)
    for key in ("parts", "excluded", "missing", "terms"):
        if isinstance(detail.get(key), list):
            detail[key] = [metric_ids.get(k, k) if isinstance(k, str) else k for k in detail[key]]
    return dict(
        report=report_id,
        metric=metric_ids.get(check.metric),
        kind=check.kind,
        rule=check.rule,
        subject=check.subject,
        status=check.status,
        stated=check.stated,
        computed=check.computed,
        difference=check.difference,
        detail=json.dumps(detail, ensure_ascii=False),
        breakdown=check.breakdown,
    )


def refresh_cross_year_checks(agency_id, years=None):
    """Re-evaluate identity 5 (carried forward = carried over next year) for one agency.

    `years`: the years whose reports changed (one loaded, one removed); only
    the pairs they belong to, (year - 1, year) and (year, year + 1), are
    evaluated again, so a load costs the same in an agency's fifteenth year as
    in its first. None re-evaluates every pair.

    Only the first report of a year (the lowest id, `by_year`) ever holds identity 5,
    so with `years` only those reports' checks are taken back: an agency with a
    thousand reports of one year (copies, corrections from other sources) costs a
    load a few deletions, not a thousand. None takes back every report's.
    """
    cross_year = getattr(identities, "cross_year", None)
    if agency_id is None or cross_year is None:
        return
    reports = bulk.execute(
        'SELECT "id", "year" FROM "report" WHERE "agency_id" = ? AND "format" != ? '
        'AND "year" IS NOT NULL ORDER BY "year", "id"',
        (agency_id, "narrative"),
    ).fetchall()
    by_year = {}
    for report_id, year in reports:
        by_year.setdefault(year, report_id)
    if years is None:
        later_years = set(by_year)
        stale = [report_id for report_id, _ in reports]
    else:
        later_years = {y for year in years if year is not None for y in (year, year + 1)}
        stale = [by_year[year] for year in sorted(later_years) if year in by_year]
    if stale:
        bulk.execute(
            f'DELETE FROM "check" WHERE "report_id" IN ({", ".join("?" * len(stale))}) '
            'AND "rule" = ?',
            (*stale, "identity_5"),
        )
    for year in sorted(later_years & set(by_year)):
        earlier, later = by_year.get(year - 1), by_year[year]
        if earlier is None:
            continue
        checks = cross_year(_table_metrics(earlier), _table_metrics(later))
        for check in checks:
            check.detail = dict(check.detail, previous_report=earlier)
        bulk.insert_rows(
            Check, CHECK_COLUMNS, [_check_values(later, check, {}) for check in checks]
        )


DATA_COLUMNS = (
    "id",
    "label",
    "value",
    "unit",
    "approx",
    "start",
    "end",
    "raw",
    "table",
    "row",
    "column",
)
"""The metric columns `loaders.identities` reads, in `MetricData` field names (key = id)."""


def _table_metrics(report_id):
    """The cells of a stored report that the cross-year identity reads, as the plain records
    `loaders.identities` reads (`identities.CROSS_YEAR_CELLS`: a few dozen of its metrics, not
    every table cell).

    Plain tuples straight into MetricData (key = metric id): no ORM object per row.
    """
    cells = " OR ".join(
        f'("table" = ? AND "row" IN ({", ".join("?" * len(rows))}))'
        for rows in identities.CROSS_YEAR_CELLS.values()
    )
    params = [v for table, rows in identities.CROSS_YEAR_CELLS.items() for v in (table, *rows)]
    columns = ", ".join(f'"{name}"' for name in DATA_COLUMNS)
    query = bulk.execute(
        f'SELECT {columns} FROM "metric" WHERE "report_id" = ? AND ({cells}) ORDER BY "id"',
        (report_id, *params),
    )
    return [MetricData(**dict(zip(("key", *DATA_COLUMNS[1:]), row, strict=True))) for row in query]
