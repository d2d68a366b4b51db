"""How a load runs: its settings from the environment, and its connection's while it runs.

Kept apart from `loaders.load`, which reads, parses and writes documents: the number
of parse workers (`DISCLOSURE_LOAD_WORKERS`), whether a store's first load builds its
query indexes at its end (`DISCLOSURE_DEFER_INDEXES`, `store.deferred_indexes`), and
the SQLite settings and checkpointer a load runs with. A bad value is a
`DocumentError` naming the variable (a usage error in the CLI), raised before any
document is read.
"""

import contextlib
import os

from loaders.reading.decode import DocumentError
from store import checkpoint, deferred_indexes
from store.models import database

SQLITE_LOAD_PRAGMAS = {
    # 64 MB of page cache (the default is 2 MB): the index pages a document's rows land on
    # stay in memory from one document to the next instead of being read back.
    "cache_size": -65536,
    # The writer's own checkpoints only as a backstop, at 50,000 pages (~200 MB): a thread
    # checkpoints beside it (`store.checkpoint`), so its commits never wait for the disk.
    # Each document is still its own transaction, durable and atomic as before.
    "wal_autocheckpoint": 50000,
}
"""SQLite settings of the loader's connection while `load_paths` runs (restored after)."""


def load_workers():
    """Documents parsed at once by `load_paths` (`DISCLOSURE_LOAD_WORKERS`, default: one more
    than the cores, `default_workers`).

    1 parses one document at a time: the next one while the one before is written.
    """
    raw = os.environ.get("DISCLOSURE_LOAD_WORKERS", "").strip()
    if not raw:
        return default_workers()
    try:
        workers = int(raw)
    except ValueError:
        raise DocumentError(f"DISCLOSURE_LOAD_WORKERS={raw!r} is not a whole number") from None
    if workers < 1:
        raise DocumentError(f"DISCLOSURE_LOAD_WORKERS={raw!r}: at least 1 is needed")
    return workers


def default_workers():
    """One parse worker more than the cores.

    A worker is handed its next document when the loader polls the pool, between two
    documents' writes (`loaders.limits.ParsePool`): one that finishes while a document
    is being written waits for the end of that write, and a core idles meanwhile. One
    worker more keeps the cores busy: a million-metric national store built on 2 cores
    loaded at 11,246 and 10,893 metrics/s with 3 workers against 10,292 and 10,959 with
    2 (interleaved), and a store of 3,206 documents at 10,926-11,956 against
    10,248-10,892; 4 workers gained nothing more. The extra worker costs its memory
    only: the workers run at a lower priority than the loader (`limits.WORKER_NICENESS`).
    """
    return (os.cpu_count() or 1) + 1


DEFER_MODES = ("auto", "always", "never")
"""`DISCLOSURE_DEFER_INDEXES`: whether `load_paths` builds the query indexes at its end."""


def defer_indexes_mode():
    """`DISCLOSURE_DEFER_INDEXES` (`store.deferred_indexes`): auto (the default) builds the
    label, value and cell indexes at the end of a load into a store without metrics, always
    at the end of every `load_paths`, never row by row as before."""
    raw = os.environ.get("DISCLOSURE_DEFER_INDEXES", "").strip().lower() or "auto"
    if raw not in DEFER_MODES:
        raise DocumentError(
            f"DISCLOSURE_DEFER_INDEXES={raw!r} is not one of {', '.join(DEFER_MODES)}"
        )
    return raw


def defers_indexes():
    """Whether a load starting now builds the deferred indexes at its end."""
    mode = defer_indexes_mode()
    return mode == "always" or (mode == "auto" and deferred_indexes.store_is_empty())


@contextlib.contextmanager
def load_settings():
    """SQLITE_LOAD_PRAGMAS on the loader's connection and a `store.checkpoint.Checkpointer`
    beside it for a load; then the log is checkpointed (without waiting for readers) and the
    connection's own settings come back."""
    from store.db import is_sqlite

    if not is_sqlite():
        yield
        return
    before = {
        name: database.execute_sql(f"PRAGMA {name}").fetchone()[0] for name in SQLITE_LOAD_PRAGMAS
    }
    for name, value in SQLITE_LOAD_PRAGMAS.items():
        database.execute_sql(f"PRAGMA {name} = {int(value)}")
    path = checkpoint.database_path(database.obj)
    try:
        with checkpoint.Checkpointer(path) if path else contextlib.nullcontext():
            yield
    finally:
        for name, value in before.items():
            database.execute_sql(f"PRAGMA {name} = {int(value)}")
        database.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")
