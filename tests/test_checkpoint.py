"""store.checkpoint: the write-ahead log is copied back by a thread of its own, not by the writer."""

import os
import sqlite3
import time

import pytest

from loaders import load_settings
from loaders.load import load_paths
from store import checkpoint
from store.models import Report
from tests.conftest import SEEDS


def wal_writer(path):
    """A connection in WAL mode that never checkpoints by itself, and a table with rows."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=wal")
    connection.execute("PRAGMA wal_autocheckpoint=0")
    connection.execute("CREATE TABLE t (x TEXT)")
    connection.execute("BEGIN")
    connection.executemany("INSERT INTO t VALUES (?)", [("x" * 500,) for _ in range(2000)])
    connection.execute("COMMIT")
    return connection


def wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def test_the_thread_copies_the_log_into_the_database_while_the_writer_goes_on(tmp_path):
    path = str(tmp_path / "t.db")
    writer = wal_writer(path)
    unchecked = os.path.getsize(path)  # the rows are only in the log so far
    with checkpoint.Checkpointer(path, interval=0.01) as thread:
        assert wait_for(lambda: os.path.getsize(path) > unchecked + 500 * 2000)
        writer.execute("INSERT INTO t VALUES ('during')")  # the writer is never blocked
        assert wait_for(lambda: thread.checkpoints >= 2)
    stopped = thread.checkpoints
    time.sleep(0.05)
    assert thread.checkpoints == stopped  # leaving stops it
    assert writer.execute("SELECT count(*) FROM t").fetchone() == (2001,)
    writer.close()


def test_a_busy_round_is_skipped_not_raised(tmp_path, monkeypatch):
    """The writer checkpointing itself at the same moment makes the thread's round busy."""
    path = str(tmp_path / "t.db")
    writer = wal_writer(path)
    calls = []
    real_connect = sqlite3.connect

    class Busy:
        def execute(self, sql):
            calls.append(sql)
            raise sqlite3.OperationalError("database is locked")

        def close(self):
            pass

    monkeypatch.setattr(
        checkpoint.sqlite3, "connect", lambda *a, **k: Busy() if a[0] == path else real_connect(*a)
    )
    with checkpoint.Checkpointer(path, interval=0.01) as thread:
        assert wait_for(lambda: len(calls) >= 3)
    assert thread.checkpoints == 0
    writer.close()


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/tmp/x.db", "/tmp/x.db"), (":memory:", None), ("", None), ("file::memory:?x", None)],
)
def test_database_path(path, expected):
    class Db:
        database = path

    assert checkpoint.database_path(Db()) == expected


def test_a_load_checkpoints_beside_the_writer(backend, store, monkeypatch):
    """On SQLite `load_paths` runs a Checkpointer on the store's file for the whole load."""
    if backend.name != "sqlite":
        pytest.skip("SQLite only: PostgreSQL has no log to copy back")
    started = []
    real = checkpoint.Checkpointer

    class Recording(real):
        def __init__(self, path, interval=checkpoint.CHECKPOINT_SECONDS):
            super().__init__(path, interval=0.001)
            started.append(path)

    monkeypatch.setattr(load_settings.checkpoint, "Checkpointer", Recording)
    load_paths([SEEDS])
    assert started == [store.database]
    assert Report.select().count() == 2


def _child_reads(path, inside, answer):
    """In a forked child: whether the thread was inside SQLite when this process was forked (its
    copy of `inside` says), and a first SQLite call, which hung when it was."""
    connection = sqlite3.connect(path)
    answer.send((list(inside), connection.execute("SELECT count(*) FROM t").fetchone()[0]))
    connection.close()


def test_no_fork_happens_while_the_thread_is_inside_sqlite(tmp_path, monkeypatch):
    """A load forks parse workers while the thread runs: every fork waits for the checkpoint in
    progress to end, so no child inherits SQLite's locks held by a thread it does not have."""
    import multiprocessing

    path = str(tmp_path / "t.db")
    writer = wal_writer(path)
    inside = []  # non-empty while a checkpoint runs, which is made to last 50 ms

    def slow_checkpoint(connection):
        inside.append("checkpoint")
        connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        time.sleep(0.05)
        inside.pop()

    monkeypatch.setattr(checkpoint.Checkpointer, "checkpoint", staticmethod(slow_checkpoint))
    context = multiprocessing.get_context("fork")
    answers = []
    with checkpoint.Checkpointer(path, interval=0.001) as thread:
        for _ in range(12):
            receive, send = context.Pipe(duplex=False)
            child = context.Process(target=_child_reads, args=(path, inside, send))
            child.start()
            assert receive.poll(10), "the child hung on its first SQLite call"
            answers.append(receive.recv())
            child.join(5)
    assert answers == [([], 2000)] * 12
    assert thread.checkpoints >= 6  # each fork waited for the checkpoint running
    writer.close()
