"""Writing parsed documents to the store: one transaction per document, idempotent.

A document is identified by its source (`loaders.sources`: the original URL
it names, else its path below the folder loaded) and its content by the
SHA-256 of its bytes. Loading bytes already in the store changes nothing (a
new source of them is recorded on their report); other bytes from a known
source replace that source's report inside the same transaction, so a reader
sees either the old report or the new one, never a mix. A document that
cannot be read or parsed, is too large or too slow to parse
(`loaders.limits`) is reported with its reason and the others still load.

Several loaders may run at once on one database. Parsing happens outside any
transaction; the hash check and the write happen inside one write
transaction, taken up front (SQLite `BEGIN IMMEDIATE`, which waits for the
busy timeout instead of failing; PostgreSQL: a transaction-scoped advisory
lock, so writers queue), and a conflict that still slips through (a unique
key taken meanwhile, a serialization failure, a lock timeout) is retried.
"""

import contextlib
import hashlib
import math
import random
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from peewee import IntegrityError, OperationalError

from loaders import limits, sources
from loaders.load_settings import (  # noqa: F401  (re-exported: the API of a load)
    SQLITE_LOAD_PRAGMAS,
    defer_indexes_mode,
    defers_indexes,
    load_settings,
    load_workers,
)
from loaders.pipeline import parse_text
from loaders.reading.decode import DocumentError, decode_bytes, decode_document
from loaders.write import now, refresh_cross_year_checks, write_planned
from loaders.write_plan import plan_document
from store import bulk, deferred_indexes, label_stats, rollup, series_points
from store.models import Report, database

IGNORED_NAMES = (".", "_", "~")
# What a folder is scanned for: text and HTML reports (and files without a suffix).
DOCUMENT_SUFFIXES = frozenset(
    {
        "",
        ".txt",
        ".text",
        ".md",
        ".markdown",
        ".html",
        ".htm",
        ".shtml",
        ".xhtml",
        ".pdf",
        ".docx",
        ".doc",
        ".wps",
        ".rtf",
    }
)
# Report formats met in the wild that this loader cannot read: named as failures, never skipped.
# (.doc, .wps and .rtf are read far enough to say which format they are and how to convert it.)
UNSUPPORTED_SUFFIXES = {".ofd": "OFD", ".xls": "Excel", ".xlsx": "Excel"}
WRITE_ATTEMPTS = 8
"""Tries of one document's write transaction when another loader conflicts with it."""
EXACT_LIMIT = 2.0**53
"""Beyond this a number is not stored exactly (a double): it is not a metric."""
# PostgreSQL advisory lock key that queues the loaders' write transactions.
WRITE_LOCK_KEY = 0x646973636C6F  # "disclo"


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


def iter_documents(paths, with_folder=False):
    """Each file named, and every regular file below each folder named, in name order.

    Hidden and temporary files (names starting with . _ ~) inside folders are
    passed over; every other file is yielded, and `load_path` decides whether
    it is a document (an unreadable one is reported, never silently dropped).
    A path that does not exist is yielded as is and fails with its reason.
    `with_folder=True` yields (file, the folder given or None) pairs.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if child.is_file() and not any(p.startswith(IGNORED_NAMES) for p in relative):
                    yield (child, path) if with_folder else child
        else:
            yield (path, None) if with_folder else path


def drop_inexact_numbers(doc):
    """Numbers the store cannot hold exactly (±Inf, NaN, beyond 2**53) are not metrics.

    Each is named in the warnings; its parts lose their parent and the checks
    that read it are dropped (their sums would be as wrong).
    """
    bad = {
        m.key
        for m in doc.metrics
        if m.value is not None and not (math.isfinite(m.value) and abs(m.value) <= EXACT_LIMIT)
    }
    if not bad:
        return doc
    for metric in doc.metrics:
        if metric.key in bad:
            doc.warnings.append(
                f"number too large to store exactly, not a metric: {metric.raw[:40]!r} "
                f"at {metric.start}-{metric.end}"
            )
    doc.metrics = [m for m in doc.metrics if m.key not in bad]
    for metric in doc.metrics:
        if metric.parent in bad:
            metric.parent = None

    def reads_bad(check):
        keys = {check.metric}
        for key in ("parts", "excluded", "missing", "terms"):
            keys.update(k for k in check.detail.get(key) or () if isinstance(k, str))
        numbers = (check.stated, check.computed, check.difference)
        return bool(keys & bad) or any(v is not None and not math.isfinite(v) for v in numbers)

    doc.checks = [c for c in doc.checks if not reads_bad(c)]
    return doc


def parse_document(data, name):
    """(encoding, ParsedDocument) of one document's bytes; DocumentError when unreadable."""
    decoded = decode_document(data, name)
    doc = parse_text(decoded.text, name=name, media_type=decoded.media_type)
    doc.warnings[:0] = decoded.warnings
    return decoded.encoding, drop_inexact_numbers(doc)


def plan_parse(data, name):
    """(encoding, `loaders.write_plan.WritePlan`) of one document's bytes: `parse_document`
    and the rows it writes, worked out where it is parsed (a worker) rather than by the writer."""
    encoding, doc = parse_document(data, name)
    return encoding, plan_document(doc)


def identify_and_plan(data, name, path_source):
    """(`document_source`, `plan_parse`) of one document's bytes: what a parse worker returns.

    The identity is worked out where the document is parsed, not by the writer: finding
    the original URL decodes the bytes, and a legacy encoding's detection
    (charset-normalizer, ~40 ms) was the writer's costliest step for such a document.
    """
    return document_source(data, path_source), plan_parse(data, name)


def parse_within_limits(data, name, parse=parse_document):
    """`parse_document` (or `parse`: `plan_parse`) within the size, time and memory limits
    of `loaders.limits`."""
    limits.check_size(len(data))
    return limits.run_bounded(parse, data, name)


def document_source(data, source):
    """The identity of a document: the original URL it names, else `source` (its path)."""
    try:
        text, _ = decode_bytes(data[: limits.max_document_bytes() or None])
    except DocumentError:
        return source
    return sources.original_url(text) or source


def _write_transaction():
    """A write transaction taken up front (see the module docstring)."""
    from store.db import is_sqlite

    if is_sqlite():
        return database.atomic("IMMEDIATE")
    return database.atomic()


def _lock_writers():
    from store.db import is_sqlite

    if not is_sqlite():
        database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))


@contextlib.contextmanager
def _writer():
    """A write transaction of this loader's, queued behind the other loaders' documents."""
    with _write_transaction():
        _lock_writers()
        yield


def _retryable(exc):
    if isinstance(exc, IntegrityError):
        return True
    text = str(exc).lower()
    return isinstance(exc, OperationalError) and any(
        word in text for word in ("locked", "busy", "serializ", "deadlock")
    )


def _forget_source(entry):
    """Detach a source from its report; the report goes when it has no source left.

    Returns None when the report stays, else the (agency id, year) it had.
    """
    report_id = entry.report_id
    bulk.execute('DELETE FROM "report_source" WHERE "id" = ?', (entry.id,))
    if bulk.execute(
        'SELECT 1 FROM "report_source" WHERE "report_id" = ? LIMIT 1', (report_id,)
    ).fetchone():
        return None
    agency, year = bulk.execute(
        'SELECT "agency_id", "year" FROM "report" WHERE "id" = ?', (report_id,)
    ).fetchone()
    deferred_indexes.before_removal()
    label_stats.uncount_report(report_id)
    rollup.remove_report(report_id)
    series_points.remove_report(report_id)
    Report.delete().where(Report.id == report_id).execute()
    return agency, year


@dataclass
class _SourceRow:
    """A `report_source` row: its id and the report it names."""

    id: int
    report_id: int


def _report_with(sha256):
    """The id of the stored report with these bytes, or None."""
    row = bulk.execute('SELECT "id" FROM "report" WHERE "sha256" = ?', (sha256,)).fetchone()
    return row[0] if row else None


class _NeedsParse(Exception):
    """The bytes were in the store when checked, and are gone by the write."""


def _store(source, source_name, name, sha256, parsed):
    """Inside the write transaction: record the source of known bytes, or write new ones."""
    entry = bulk.execute(
        'SELECT "id", "report_id" FROM "report_source" WHERE "source" = ?', (source,)
    ).fetchone()
    entry = _SourceRow(*entry) if entry else None
    existing = _report_with(sha256)
    if existing is not None:
        if entry is not None and entry.report_id == existing:
            return LoadResult(name, "unchanged", report_id=existing)
        gone = _forget_source(entry) if entry is not None else None
        bulk.execute(
            'INSERT INTO "report_source" ("report_id", "source", "loaded_at") VALUES (?, ?, ?)',
            (existing, source, now()),
        )
        if gone is not None:
            refresh_cross_year_checks(gone[0], {gone[1]})
        return LoadResult(
            name,
            "replaced" if entry else "unchanged",
            report_id=existing,
            reason="" if entry else "same content as another source: source recorded",
        )
    if parsed is None:
        raise _NeedsParse
    encoding, plan = parsed
    gone = _forget_source(entry) if entry is not None else None
    report = write_planned(plan, source_name, sha256, encoding, source=source)
    if gone is not None and gone[0] == report.agency_id:
        refresh_cross_year_checks(report.agency_id, {report.year, gone[1]})
    else:
        refresh_cross_year_checks(report.agency_id, {report.year})
        if gone is not None:
            refresh_cross_year_checks(gone[0], {gone[1]})
    return LoadResult(
        name,
        "replaced" if entry else "loaded",
        report_id=report.id,
        sections=len(plan.sections),
        metrics=len(plan.metrics),
    )


@dataclass
class _Pending:
    """A document read and identified, waiting for its parse (if needed) and its write."""

    data: bytes
    path_source: str
    name: str
    sha256: str
    needs_parse: bool
    source: str = None  # its identity (`document_source`), once worked out
    parse: object = None  # a limits.PooledParse running in a worker, when parsed ahead
    parsed: object = None  # what the parse ahead returned, once collected
    failure: str = None  # or why it failed

    def start_parse(self, pool):
        """Parse and identify it in one of `pool`'s workers (`identify_and_plan`)."""
        self.parse = pool.submit(self.data, self.name, self.path_source)

    def collect(self):
        """Wait for the parse started ahead and keep its outcome for the write."""
        if self.parse is None:
            return
        parse, self.parse = self.parse, None
        try:
            self.source, self.parsed = parse.result()
        except DocumentError as exc:
            self.failure = str(exc)

    def identify(self):
        """Its identity, worked out here unless a worker did."""
        if self.source is None:
            self.source = document_source(self.data, self.path_source)
        return self.source


def _begin(data, source, name=None):
    """Check the size, identify the document and see whether its bytes need a parse.

    Returns a `_Pending`, or the failed LoadResult of a document too large.
    """
    name = name or PurePosixPath(source).name or source
    try:
        limits.check_size(len(data))
    except DocumentError as exc:
        return LoadResult(name, "failed", str(exc))
    sha256 = hashlib.sha256(data).hexdigest()
    known = _report_with(sha256) is not None
    return _Pending(data, source, name, sha256, not known)


def _finish(pending):
    """Parse (or collect the parse started ahead) and write one document; never raises."""
    pending.collect()
    name, parsed = pending.name, pending.parsed
    if pending.failure is not None:
        return LoadResult(name, "failed", pending.failure)
    if pending.needs_parse and parsed is None:
        try:
            parsed = parse_within_limits(pending.data, name, plan_parse)
        except DocumentError as exc:
            return LoadResult(name, "failed", str(exc))
    source = pending.identify()  # before the write transaction: it may decode the bytes
    for attempt in range(WRITE_ATTEMPTS):
        try:
            with _writer():
                result = _store(source, pending.path_source, name, pending.sha256, parsed)
        except _NeedsParse:
            try:
                parsed = parse_within_limits(pending.data, name, plan_parse)
            except DocumentError as exc:
                return LoadResult(name, "failed", str(exc))
            continue
        except Exception as exc:
            if _retryable(exc) and attempt + 1 < WRITE_ATTEMPTS:
                time.sleep(random.uniform(0.01, 0.05) * 2**attempt)
                continue
            return LoadResult(name, "failed", f"could not be stored: {type(exc).__name__}: {exc}")
        result.source = source
        return result
    return LoadResult(name, "failed", "could not be stored: the write kept conflicting")


def load_bytes(data, source, name=None):
    """Load one document's bytes from `source` (its path); never raises for a bad document.

    The identity is the original URL the document names, else `source`, which
    is also kept as the report's `source_name`. `name` is the file name the
    parser and the messages use (default: the last part of `source`).
    """
    pending = _begin(data, source, name)
    return pending if isinstance(pending, LoadResult) else _finish(pending)


def read_path(path, named=True):
    """The bytes of one file, or a failed/skipped LoadResult naming why not.

    A file met inside a folder (`named=False`) whose suffix is not a report
    type (.py, .json, .csv ...) is `skipped`, and listed as such.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED_SUFFIXES:
        return LoadResult(
            path.name,
            "failed",
            f"{UNSUPPORTED_SUFFIXES[suffix]} documents are not "
            "supported: load the text or HTML of the report",
        )
    if not named and suffix not in DOCUMENT_SUFFIXES:
        return LoadResult(path.name, "skipped", f"not a report document ({suffix})")
    try:
        limits.check_size(path.stat().st_size)
        return path.read_bytes()
    except DocumentError as exc:
        return LoadResult(path.name, "failed", str(exc))
    except FileNotFoundError:
        return LoadResult(path.name, "failed", f"no such file: {path}")
    except IsADirectoryError:
        return LoadResult(path.name, "failed", f"is a directory: {path}")
    except OSError as exc:
        return LoadResult(path.name, "failed", f"cannot be read: {exc.strerror or exc}")


def _begin_path(path, named=True, folder=None):
    """Read and identify one file: a `_Pending`, or the LoadResult saying why it is not loaded."""
    data = read_path(path, named)
    if isinstance(data, LoadResult):
        return data
    return _begin(data, sources.path_source(path, folder), name=Path(path).name)


def load_path(path, named=True, folder=None):
    """Load one file (met in `folder`, a folder given); a failed result names the reason."""
    pending = _begin_path(path, named, folder)
    return pending if isinstance(pending, LoadResult) else _finish(pending)


def load_paths(paths, progress=None, workers=None):
    """Load every document below `paths`; `progress(result)` is called after each one.

    Documents are parsed ahead, `workers` at once (default `load_workers()`),
    by long-lived worker processes (`limits.ParsePool`) within the limits of
    `loaders.limits`, while this process writes them one by one, in the order
    given, each in its own transaction: the store and the results are those
    of a load parsing one document at a time. Up to `limits.DOCUMENTS_AHEAD`
    documents per worker (and `limits.BYTES_AHEAD` of them, beyond one per
    worker) are read and queued for a parse ahead of the one being written,
    and a worker that is done takes the next when the pool is polled, between
    two writes (one worker more than the cores, the default, keeps the cores
    busy meanwhile: `load_settings.default_workers`), so the parses keep ahead
    of the writer (the one serial stage; the workers run at a lower priority,
    `limits.WORKER_NICENESS`); a slow parse is absorbed by the ones done before
    it. A document whose bytes are already stored, or queued ahead of it, is
    not parsed. A load into a store without metrics builds the label, value and
    cell indexes once at its end (`store.deferred_indexes`, `DISCLOSURE_DEFER_INDEXES`).
    """
    started = time.perf_counter()
    summary = LoadSummary()
    named = {str(Path(p)) for p in paths if not Path(p).is_dir()}
    workers = load_workers() if workers is None else workers
    defer = defers_indexes()
    pool = limits.ParsePool(identify_and_plan, workers=workers) if limits.can_bound() else None
    documents = iter_documents(paths, with_folder=True)
    window = deque()
    ahead = workers * limits.DOCUMENTS_AHEAD if pool is not None else workers

    def room_ahead():
        if len(window) < workers:
            return True
        queued = sum(len(p.data) for _, p in window if isinstance(p, _Pending))
        return len(window) < ahead and queued < limits.BYTES_AHEAD

    def start_next():
        """Read, identify and start parsing the next document; False when there is none."""
        for path, folder in documents:
            pending = _begin_path(path, named=str(path) in named, folder=folder)
            if pool is not None and isinstance(pending, _Pending) and pending.needs_parse:
                if any(getattr(p, "sha256", None) == pending.sha256 for _, p in window):
                    pending.needs_parse = False  # its twin ahead is written first
                else:
                    pending.start_parse(pool)
            window.append((path, pending))
            return True
        return False

    def finish_oldest():
        path, pending = window.popleft()
        if isinstance(pending, _Pending):
            pending.collect()
        while room_ahead() and start_next():
            pass
        result = pending if isinstance(pending, LoadResult) else _finish(pending)
        result.path = str(path)
        summary.results.append(result)
        if progress:
            progress(result)

    with load_settings(), deferred_indexes.deferred(defer, transaction=_writer):
        try:
            while room_ahead() and start_next():
                pass
            while window:
                finish_oldest()
        finally:
            for _, pending in window:  # interrupted: stop the parses still running
                if isinstance(pending, _Pending) and pending.parse is not None:
                    pending.parse.close()
            if pool is not None:
                pool.close()
    summary.elapsed = time.perf_counter() - started
    return summary
