"""Query indexes built once at the end of a store's first load instead of row by row during it.

A few of the metric and series-point indexes are keyed by what a document's rows do
not share: the label, the value, the template cell. Each of a loaded document's ~126
metrics then lands on a different page of each of them: ~500 of the ~840 pages a document
wrote into a million-metric store. A national store built through the loader ran
at 8,800 metrics/s over its first thousand documents and 6,900 over its last (7,400
overall); built at the end, 10,000-11,200 throughout and ~9,500-10,000 overall,
the ~5 s of sorting the whole table once (CREATE INDEX) included
(`benchmarks/national.py --metrics 1000000 --load-national`).

So a load into a store that holds no metric yet (`DISCLOSURE_DEFER_INDEXES`, default
`auto`) drops the indexes of `DEFERRED_INDEXES` first and creates them again when
it ends, however it ends. Nothing else changes: each document is still its own
transaction, and every query answers the same, only slower until the load ends.
No step of a load reads through these indexes, except the removal of a replaced
report (the rollup reads a label's rivals on the label index): `restore` runs
before that, inside the replacing document's transaction. A load that dies without
its `finally` (killed) leaves them missing: `store.db.ensure_schema` (run by every
`disclosure load` and `disclosure initdb`) creates what is missing.

Indexes a load needs stay: the unique ones (conflict targets and identities) and
those its own queries read ((report, ordinal), (agency, year)). So do the ones keyed
by what a document's rows share (unit, year, report): a document's rows append to a
few pages of those, and deferring them gained nothing measurable. Where a table kept
at load can be keyed by what a document's rows share, it is (`label_agency` and
`series_point` agency first, schema 15), rather than deferred.
"""

import contextlib
from dataclasses import dataclass

from store.models import Metric, SeriesPoint, database


@dataclass(frozen=True)
class DeferredIndex:
    """One index a store's first load builds at its end: its name, backends and why."""

    name: str
    backends: tuple
    why: str


DEFERRED_INDEXES = (
    DeferredIndex(
        "metric_label_report_id_ordinal_year",
        ("sqlite", "postgresql"),
        "label first: a document's metrics have as many labels as metrics",
    ),
    DeferredIndex("metric_value", ("sqlite", "postgresql"), "a value per metric"),
    DeferredIndex(
        "metric_value_desc", ("sqlite", "postgresql"), "a value per metric (sort=-value)"
    ),
    DeferredIndex(
        "metric_table_row_column",
        ("sqlite", "postgresql"),
        "a template cell per metric, each at its own place among every report's",
    ),
    DeferredIndex("metric_label_c", ("postgresql",), "a label per metric (sort=label)"),
    DeferredIndex(
        "series_point_label_shares_agency_missing_agency_name_yea_3b694dd",
        ("sqlite", "postgresql"),
        "a series point per label: a label's points in page order",
    ),
)

_deferred = False
"""Whether this process dropped the indexes for a load still running (`restore` is then due)."""


def _backend(db):
    from store.db import is_sqlite

    return "sqlite" if is_sqlite(db) else "postgresql"


def names(db=None):
    """The deferred indexes of the bound database's backend."""
    backend = _backend(db or database.obj)
    found = [index.name for index in DEFERRED_INDEXES if backend in index.backends]
    # PostgreSQL keeps the first 63 bytes of a name (NAMEDATALEN - 1): its catalog's spelling.
    return [name[:63] for name in found] if backend == "postgresql" else found


def present(db=None):
    """The names of the indexes the store has (of the tables deferred indexes belong to)."""
    db = db or database.obj
    if _backend(db) == "sqlite":
        rows = db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
    else:
        rows = db.execute_sql(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename IN ('metric', 'series_point')"
        )
    return {name for (name,) in rows.fetchall()}


def missing(db=None):
    """The deferred indexes the store lacks (dropped by a load still running, or killed)."""
    have = present(db)
    return [name for name in names(db) if name not in have]


def store_is_empty(db=None):
    """Whether the store holds no metric yet: a load into it builds it (`DISCLOSURE_DEFER_INDEXES=auto`)."""
    db = db or database.obj
    return db.execute_sql('SELECT 1 FROM "metric" LIMIT 1').fetchone() is None


def drop(transaction=None):
    """Drop the deferred indexes, in one write transaction (`transaction()`, the loader's:
    taken up front, so that it waits for another loader's document instead of failing)."""
    with (transaction or database.atomic)():
        for name in names():
            database.execute_sql(f'DROP INDEX IF EXISTS "{name}"')


def restore(db=None):
    """Create the deferred indexes the store lacks (in the caller's transaction, if any).

    Returns the names that were missing. Every index of the metric and series-point models
    and of the backend is created if missing, so whatever `drop` took is back.
    """
    from store.db import backend_indexes

    db = db or database.obj
    lacking = missing(db)
    if lacking:
        for model in (Metric, SeriesPoint):
            model._schema.create_indexes(safe=True)
        for statement in backend_indexes(db):
            if statement.lstrip().upper().startswith("CREATE INDEX"):
                db.execute_sql(statement)
    return lacking


@contextlib.contextmanager
def deferred(defer=True, transaction=None):
    """Around a load: with `defer`, drop the indexes now and create them when the load ends,
    however it ends, each in one write transaction (`transaction()`, see `drop`); yields
    whether they were deferred."""
    global _deferred
    if not defer:
        yield False
        return
    drop(transaction)
    _deferred = True
    try:
        yield True
    finally:
        _deferred = False
        with (transaction or database.atomic)():
            restore()


def before_removal():
    """Called before a stored report is removed during a load: its rollup groups read the
    label index, so indexes deferred by this process's load are created first, in the
    removal's transaction (should it roll back, the next removal or the load's end
    creates them)."""
    if _deferred:
        restore()
