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

A load forks its parse workers while the thread runs (`loaders.limits.ParsePool`,
and a fresh worker whenever one overran its budget). A process forked while the
thread was inside SQLite inherits SQLite's mutexes locked, by a thread the child
does not have: the child hung on its first SQLite call (an inherited cursor
collected by the garbage collector is one), its parse overran the time budget, and
the document failed ("took longer than 60 s to parse") once in every few runs of
the test suite. So no fork happens while the thread is inside SQLite: the thread
holds a lock around each SQLite call, and every fork of this process takes the
lock of every running checkpointer first (`os.register_at_fork`), waiting for a
checkpoint in progress to end.
"""

import os
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
        self.in_sqlite = threading.Lock()
        """Held by the thread around each SQLite call; taken by every fork (see the module)."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wal-checkpointer", daemon=True)

    def _run(self):
        with self.in_sqlite:
            connection = sqlite3.connect(self.path, timeout=0, check_same_thread=False)
        try:
            while not self._stop.wait(self.interval):
                with self.in_sqlite:
                    try:
                        self.checkpoint(connection)
                        self.checkpoints += 1
                    except sqlite3.Error:
                        continue
        finally:
            with self.in_sqlite:
                connection.close()

    @staticmethod
    def checkpoint(connection):
        """One round: copy what the log holds back into the database, waiting for no one."""
        connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def __enter__(self):
        with _running_lock:
            _running.add(self)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        with _running_lock:
            _running.discard(self)


_running = set()
"""The checkpointers whose thread runs."""
_running_lock = threading.Lock()
_held = []
"""The locks a fork in progress took (released in the parent after it)."""


def _before_fork():
    _running_lock.acquire()
    for checkpointer in _running:
        checkpointer.in_sqlite.acquire()
        _held.append(checkpointer.in_sqlite)


def _after_fork_in_parent():
    while _held:
        _held.pop().release()
    _running_lock.release()


def _after_fork_in_child():
    # The child has none of the threads: its copies of the locks are left as they are, never
    # used (its checkpointers' threads do not exist there), and it starts with none running.
    global _running_lock
    _held.clear()
    _running.clear()
    _running_lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(
        before=_before_fork,
        after_in_parent=_after_fork_in_parent,
        after_in_child=_after_fork_in_child,
    )


def database_path(db):
    """The file of a peewee SQLite database, or None when it has none (in memory)."""
    path = getattr(db, "database", None)
    if not path or path == ":memory:" or str(path).startswith("file::memory:"):
        return None
    return path
