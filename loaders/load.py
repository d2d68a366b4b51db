"""Writing parsed documents to the store: one transaction per document, idempotent.

A document is identified by its file name and its content by the SHA-256 of
its bytes. Loading bytes already in the store changes nothing; a document
whose content changed replaces its older version inside the same transaction,
so a reader sees either the old report or the new one, never a mix. A
document that cannot be read or parsed is reported with its reason and the
others still load.
"""
import datetime
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from loaders import identities
from loaders.pipeline import parse_text
from loaders.reading.decode import DocumentError, decode_document
from store import register, search
from store.models import Check, Metric, Report, Section, database

IGNORED_NAMES = (".", "_", "~")
BATCH_ROWS = 500
"""Rows per INSERT statement (well under SQLite's limit of bound variables)."""
# What a folder is scanned for: text and HTML reports (and files without a suffix).
DOCUMENT_SUFFIXES = frozenset({"", ".txt", ".text", ".md", ".markdown", ".html", ".htm",
                               ".shtml", ".xhtml", ".pdf", ".docx", ".doc", ".wps", ".rtf"})
# Report formats met in the wild that this loader cannot read: named as failures, never skipped.
# (.doc, .wps and .rtf are read far enough to say which format they are and how to convert it.)
UNSUPPORTED_SUFFIXES = {".ofd": "OFD", ".xls": "Excel", ".xlsx": "Excel"}


@dataclass
class LoadResult:
    """What happened to one document."""

    name: str
    status: str  # loaded | replaced | unchanged | skipped | failed
    reason: str = ""
    report_id: int = None
    sections: int = 0
    metrics: int = 0


@dataclass
class LoadSummary:
    """What happened to a whole `disclosure load` run."""

    results: list = field(default_factory=list)
    elapsed: float = 0.0

    def count(self, *statuses):
        return sum(1 for r in self.results if r.status in statuses)

    @property
    def failed(self):
        return [r for r in self.results if r.status == "failed"]

    def line(self):
        """One line a person reads at the end of a load."""
        written = [r for r in self.results if r.status in ("loaded", "replaced")]
        return (
            f"documents: {self.count('loaded')} loaded, {self.count('replaced')} replaced, "
            f"{self.count('unchanged')} unchanged, "
            + (f"{self.count('skipped')} skipped, " if self.count("skipped") else "")
            + f"{self.count('failed')} failed; "
            f"{sum(r.sections for r in written)} sections, "
            f"{sum(r.metrics for r in written)} metrics; {self.elapsed:.2f} s"
        )


def iter_documents(paths):
    """Each file named, and every regular file below each folder named, in name order.

    Hidden and temporary files (names starting with . _ ~) inside folders are
    passed over; every other file is yielded, and `load_path` decides whether
    it is a document (an unreadable one is reported, never silently dropped).
    A path that does not exist is yielded as is and fails with its reason.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if child.is_file() and not any(p.startswith(IGNORED_NAMES) for p in relative):
                    yield child
        else:
            yield path


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _write(doc, name, sha256, encoding):
    """Insert one parsed document; the caller holds the transaction."""
    meta = doc.report
    agency = register.agency_for(meta.agency) if meta.agency else None
    report = Report.create(
        agency=agency,
        agency_as_printed=meta.agency,
        year=meta.year,
        year_inferred=meta.year_inferred,
        title=meta.title or name,
        published_on=_date(meta.published_on),
        period_start=_date(meta.period_start),
        period_end=_date(meta.period_end),
        issuer=meta.issuer,
        source_name=name,
        sha256=sha256,
        encoding=encoding,
        media_type=doc.media_type,
        format=doc.format,
        text=doc.text,
        section_count=len(doc.sections),
        metric_count=len(doc.metrics),
        warnings=json.dumps(doc.warnings, ensure_ascii=False),
        loaded_at=datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None),
    )
    _insert_rows(Section, [
        dict(report=report.id, parent=None, ordinal=ordinal, level=section.level,
             marker=section.marker, title=section.title, start=section.start, end=section.end)
        for ordinal, section in enumerate(doc.sections, 1)
    ])
    section_ids = _keys_to_ids(Section, report, doc.sections)
    _link_parents(Section, doc.sections, section_ids)
    _insert_rows(Metric, [
        dict(report=report.id, section=section_ids.get(metric.section), parent=None,
             ordinal=ordinal, label=metric.label, value=metric.value, raw=metric.raw,
             unit=metric.unit, approx=metric.approx, start=metric.start, end=metric.end,
             table=metric.table, row=metric.row, column=metric.column, placement=metric.placement, agency=agency,
             year=meta.year)
        for ordinal, metric in enumerate(doc.metrics, 1)
    ])
    metric_ids = _keys_to_ids(Metric, report, doc.metrics)
    _link_parents(Metric, doc.metrics, metric_ids)
    _insert_rows(Check, [_check_row(report.id, check, metric_ids) for check in doc.checks])
    search.index_report(report)
    return report


def _insert_rows(model, rows):
    """INSERT rows in batches: one statement per BATCH_ROWS rows, not one per row."""
    for start in range(0, len(rows), BATCH_ROWS):
        model.insert_many(rows[start:start + BATCH_ROWS]).execute()


def _keys_to_ids(model, report, items):
    """{document key: row id} for the sections or metrics just inserted (by their ordinal)."""
    ids = dict(model.select(model.ordinal, model.id).where(model.report == report).tuples())
    return {item.key: ids[ordinal] for ordinal, item in enumerate(items, 1)}


def _link_parents(model, items, ids):
    """Set each row's parent: one UPDATE per parent, naming all its children."""
    children = {}
    for item in items:
        if item.parent:
            children.setdefault(ids[item.parent], []).append(ids[item.key])
    for parent_id, child_ids in children.items():
        model.update(parent=parent_id).where(model.id.in_(child_ids)).execute()


def _check_row(report_id, check, metric_ids):
    """A Check row; metric keys in the detail (parts, terms ...) become metric ids."""
    detail = dict(check.detail)
    for key in ("parts", "excluded", "missing", "terms"):
        if isinstance(detail.get(key), list):
            detail[key] = [metric_ids.get(k, k) if isinstance(k, str) else k for k in detail[key]]
    return dict(
        report=report_id, metric=metric_ids.get(check.metric), kind=check.kind,
        rule=check.rule, subject=check.subject, status=check.status, stated=check.stated,
        computed=check.computed, difference=check.difference,
        detail=json.dumps(detail, ensure_ascii=False),
    )


def refresh_cross_year_checks(agency_id):
    """Re-evaluate identity 5 (carried forward = carried over next year) for one agency."""
    cross_year = getattr(identities, "cross_year", None)
    if agency_id is None or cross_year is None:
        return
    reports = list(
        Report.select().where((Report.agency == agency_id) & (Report.format != "narrative")
                              & Report.year.is_null(False)).order_by(Report.year, Report.id)
    )
    ids = [r.id for r in reports]
    if ids:
        Check.delete().where(Check.report.in_(ids) & (Check.rule == "identity_5")).execute()
    by_year = {}
    for report in reports:
        by_year.setdefault(report.year, report)
    for year, later in by_year.items():
        earlier = by_year.get(year - 1)
        if earlier is None:
            continue
        previous = list(Metric.select().where((Metric.report == earlier) & Metric.table.is_null(False)))
        following = list(Metric.select().where((Metric.report == later) & Metric.table.is_null(False)))
        for check in cross_year(_as_data(previous), _as_data(following)):
            check.detail = dict(check.detail, previous_report=earlier.id)
            Check.insert(_check_row(later.id, check, {})).execute()


def _as_data(metrics):
    """Store rows as the plain records `loaders.identities` reads (key = metric id)."""
    from loaders.document import MetricData

    return [
        MetricData(key=m.id, label=m.label, value=m.value, unit=m.unit, approx=m.approx,
                   start=m.start, end=m.end, raw=m.raw, table=m.table, row=m.row, column=m.column)
        for m in metrics
    ]


def load_bytes(data, name):
    """Load one document's bytes under `name`; never raises for a bad document."""
    sha256 = hashlib.sha256(data).hexdigest()
    if Report.select().where(Report.sha256 == sha256).exists():
        return LoadResult(name, "unchanged")
    try:
        decoded = decode_document(data, name)
        doc = parse_text(decoded.text, name=name, media_type=decoded.media_type)
        doc.warnings[:0] = decoded.warnings
    except DocumentError as exc:
        return LoadResult(name, "failed", str(exc))
    except Exception as exc:  # a parser bug must not stop the other documents
        return LoadResult(name, "failed", f"could not be parsed: {type(exc).__name__}: {exc}")
    try:
        with database.atomic():
            old = Report.get_or_none(Report.source_name == name)
            old_agency = old.agency_id if old else None
            if old:
                Report.delete().where(Report.id == old.id).execute()
            report = _write(doc, name, sha256, decoded.encoding)
            refresh_cross_year_checks(report.agency_id)
            if old_agency not in (None, report.agency_id):
                refresh_cross_year_checks(old_agency)
    except Exception as exc:
        return LoadResult(name, "failed", f"could not be stored: {type(exc).__name__}: {exc}")
    return LoadResult(
        name, "replaced" if old else "loaded", report_id=report.id,
        sections=len(doc.sections), metrics=len(doc.metrics),
    )


def load_path(path, named=True):
    """Load one file; an unreadable file is a failed result naming the reason.

    A file met inside a folder (`named=False`) whose suffix is not a report
    type (.py, .json, .csv ...) is `skipped`, and listed as such.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED_SUFFIXES:
        return LoadResult(path.name, "failed", f"{UNSUPPORTED_SUFFIXES[suffix]} documents are not "
                          "supported: load the text or HTML of the report")
    if not named and suffix not in DOCUMENT_SUFFIXES:
        return LoadResult(path.name, "skipped", f"not a report document ({suffix})")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return LoadResult(path.name, "failed", f"no such file: {path}")
    except IsADirectoryError:
        return LoadResult(path.name, "failed", f"is a directory: {path}")
    except OSError as exc:
        return LoadResult(path.name, "failed", f"cannot be read: {exc.strerror or exc}")
    return load_bytes(data, path.name)


def load_paths(paths, progress=None):
    """Load every document below `paths`; `progress(result)` is called after each one."""
    started = time.perf_counter()
    summary = LoadSummary()
    named = {str(Path(p)) for p in paths if not Path(p).is_dir()}
    for path in iter_documents(paths):
        result = load_path(path, named=str(path) in named)
        result.path = str(path)
        summary.results.append(result)
        if progress:
            progress(result)
    summary.elapsed = time.perf_counter() - started
    return summary
