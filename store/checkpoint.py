"""A background checkpointer of SQLite's write-ahead log, so the loader's commits never wait for it.

In WAL mode SQLite copies the log back into the database file from the
connection that commits: the commit that crosses `wal_autocheckpoint` pages
does the copy and then waits for the file's fsync. During a load that
connection is the writer, the one serial stage of `loaders.load.load_paths`
(the parses run beside it), so every checkpoint stalled the whole load: about
a third of the writer's commit time, and a tenth of a 200-document load, was
spent waiting for the disk.

WAL lets a checkpoint run from another connection while the writer goes on
committing: a PASSIVE checkpoint copies what the log holds up to its start and
never blocks or waits for the writer. `Checkpointer` runs one every `interval`
seconds in a thread of its own with its own connection (sqlite3 releases the GIL
while SQLite works, so the copy and the fsync happen beside the writer). The
writer keeps an autocheckpoint far above what the thread lets the log reach, so
the log stays bounded if the thread ever falls behind. Each commit stays its own
durable transaction: only who copies the log back changes, not what is committed.
"""

import sqlite3
import threading

CHECKPOINT_SECONDS = 0.25
"""How often the thread checkpoints during a load (~10,000 log pages at 10,000 metrics/s)."""


class Checkpointer:
    """A thread checkpointing the write-ahead log of the SQLite database at `path`.

    Use it as a context manager: entering starts the thread, leaving stops it
    (after its checkpoint in progress, if any). Errors in the thread (a busy
    or locked database) skip that round: the writer's own autocheckpoint and
    the loader's final checkpoint stay as the fallback.
    """

    def __init__(self, path, interval=CHECKPOINT_SECONDS):
        self.path = path
        self.interval = interval
        self.checkpoints = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wal-checkpointer", daemon=True)

    def _run(self):
        connection = sqlite3.connect(self.path, timeout=0, check_same_thread=False)
        try:
            while not self._stop.wait(self.interval):
                try:
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    self.checkpoints += 1
                except sqlite3.Error:
                    continue
        finally:
            connection.close()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def database_path(db):
    """The file of a peewee SQLite database, or None when it has none (in memory)."""
    path = getattr(db, "database", None)
    if not path or path == ":memory:" or str(path).startswith("file::memory:"):
        return None
    return path
