"""Bounds per document: size limit, time budget and memory budget, each a named failure."""

import os
import shutil
import threading
import time

import pytest
from click.testing import CliRunner

from loaders import limits, pipeline
from loaders.cli import main as cli
from loaders.load import load_paths
from loaders.reading.decode import DocumentError
from store.models import Report
from tests.conftest import SEEDS

SEED_2012 = SEEDS / "aqsiq-2012-subsites-disclosure.txt"


def hostile_rule(doc):
    """A rule that is slow or greedy on the documents named so (stands in for any slow rule)."""
    if doc.name.startswith("slow"):
        time.sleep(30)
    if doc.name.startswith("greedy"):
        hoard = []
        for _ in range(64):
            hoard.append(bytearray(64 * 1024 * 1024))


@pytest.fixture
def hostile_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "RULES", [("hostile", hostile_rule)] + pipeline.RULES)
    monkeypatch.setenv("DISCLOSURE_PARSE_SECONDS", "2")
    monkeypatch.setenv("DISCLOSURE_PARSE_MEMORY_MB", "256")
    monkeypatch.setenv("DISCLOSURE_MAX_DOCUMENT_BYTES", "100000")
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(SEED_2012, folder / "a-good.txt")
    data = SEED_2012.read_bytes()
    (folder / "greedy.txt").write_bytes(data.replace(b"2012", b"2013"))
    (folder / "huge.txt").write_bytes(data * 13)
    (folder / "slow.txt").write_bytes(data.replace(b"2012", b"2014"))
    return folder


EXPECTED = {
    "a-good.txt": ("loaded", ""),
    "greedy.txt": ("failed", "needs more than 256 MB to parse (DISCLOSURE_PARSE_MEMORY_MB)"),
    "huge.txt": (
        "failed",
        "too large: 105,261 bytes, the limit is 100,000 (DISCLOSURE_MAX_DOCUMENT_BYTES)",
    ),
    "slow.txt": ("failed", "took longer than 2 s to parse (DISCLOSURE_PARSE_SECONDS)"),
}


def test_each_bound_is_a_named_failure_and_the_others_load(store, hostile_folder):
    started = time.perf_counter()
    summary = load_paths([hostile_folder])
    assert {r.name: (r.status, r.reason) for r in summary.results} == EXPECTED
    assert time.perf_counter() - started < 20
    assert Report.select().count() == 1


def test_the_budget_holds_in_a_worker_thread(store, hostile_folder):
    outcome = {}

    def work():
        outcome["summary"] = load_paths(
            [hostile_folder / "slow.txt", hostile_folder / "a-good.txt"]
        )

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(25)
    assert not worker.is_alive()
    assert [(r.status, r.reason) for r in outcome["summary"].results] == [
        EXPECTED["slow.txt"],
        EXPECTED["a-good.txt"],
    ]


def test_dry_run_names_the_same_failures_without_a_traceback(hostile_folder):
    result = CliRunner().invoke(cli, ["load", "--dry-run", str(hostile_folder)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for name, (status, reason) in EXPECTED.items():
        if status == "failed":
            assert f"   failed  {hostile_folder / name}: {reason}\n" in result.output
    printed = result.output[result.output.index("[") :]
    assert printed.count('"name": "a-good.txt"') == 1


@pytest.mark.parametrize(("raw", "expected"), [("", 60.0), ("0", 0.0), ("1.5", 1.5)])
def test_parse_seconds_from_the_environment(monkeypatch, raw, expected):
    monkeypatch.setenv("DISCLOSURE_PARSE_SECONDS", raw)
    assert limits.parse_seconds() == expected


def test_a_bad_setting_is_named(monkeypatch):
    monkeypatch.setenv("DISCLOSURE_MAX_DOCUMENT_BYTES", "lots")
    with pytest.raises(DocumentError, match="DISCLOSURE_MAX_DOCUMENT_BYTES='lots' is not a number"):
        limits.check_size(10)


def test_without_a_budget_the_parse_runs_in_process(monkeypatch):
    monkeypatch.setenv("DISCLOSURE_PARSE_SECONDS", "0")
    assert limits.run_bounded(threading.get_ident) == threading.get_ident()


def pooled_parse(kind):
    """A parse that names its process, or overruns, hoards memory, fails or crashes on request."""
    if kind == "slow":
        time.sleep(30)
    if kind == "nap":
        time.sleep(0.6)
    if kind == "greedy":
        hoard = [bytearray(64 * 1024 * 1024) for _ in range(64)]
        return len(hoard)
    if kind == "bad":
        raise DocumentError("not a report")
    if kind == "crash":
        os._exit(3)
    return os.getpid()


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("slow", "took longer than 1 s to parse (DISCLOSURE_PARSE_SECONDS)"),
        ("greedy", "needs more than 256 MB to parse (DISCLOSURE_PARSE_MEMORY_MB)"),
        ("crash", "the parse stopped (exit code 3): out of memory or a crash"),
    ],
)
def test_a_pooled_worker_that_fails_its_budget_is_named_and_replaced(kind, reason):
    with limits.ParsePool(pooled_parse, seconds=1, megabytes=256) as pool:
        first = pool.submit("pid").result()
        with pytest.raises(DocumentError) as failed:
            pool.submit(kind).result()
        assert str(failed.value) == reason
        after = pool.submit("pid").result()
        assert after != first
        assert pool.submit("pid").result() == after


def test_a_pooled_worker_parses_document_after_document():
    with limits.ParsePool(pooled_parse, seconds=5, megabytes=256) as pool:
        pids = [pool.submit("pid").result() for _ in range(5)]
        with pytest.raises(DocumentError, match="^not a report$"):
            pool.submit("bad").result()
        running = [pool.submit("pid"), pool.submit("pid")]
        both = [parse.result() for parse in running]
    assert pids == [pids[0]] * 5
    assert pids[0] != os.getpid()
    assert pids[0] in both  # the idle worker takes one, a second is forked for the other
    assert len(set(both)) == 2


def test_a_pooled_parse_no_longer_wanted_stops_its_worker():
    pool = limits.ParsePool(pooled_parse, seconds=30, megabytes=256)
    parse = pool.submit("slow")
    process = parse.worker.process
    started = time.perf_counter()
    parse.close()
    pool.close()
    assert not process.is_alive()
    assert time.perf_counter() - started < 5
    assert (pool.idle, pool.busy, list(pool.queue)) == ([], {}, [])


def test_documents_queue_for_the_workers_and_each_budget_starts_when_a_worker_takes_it():
    """Three documents of 0.6 s each, one worker, a 1 s budget: each is within its budget
    although the last is answered 1.8 s after it was submitted."""
    with limits.ParsePool(pooled_parse, seconds=1, megabytes=256, workers=1) as pool:
        parses = [pool.submit("nap") for _ in range(3)]
        assert [parse.worker is not None for parse in parses] == [True, False, False]
        assert len(pool.queue) == 2
        pids = [parse.result() for parse in parses]
    assert len(set(pids)) == 1 and pids[0] != os.getpid()


def test_a_free_worker_takes_the_next_document_before_its_answer_is_collected():
    """The answer of a finished parse is kept by the pool; its worker goes on with the queue."""
    with limits.ParsePool(pooled_parse, seconds=5, megabytes=256, workers=1) as pool:
        first, second = pool.submit("pid"), pool.submit("bad")
        with pytest.raises(DocumentError, match="^not a report$"):
            second.result()  # the worker answered the first one on the way
        assert first.outcome is not None and first.worker is None
        assert first.result() != os.getpid()


def test_a_queued_parse_no_longer_wanted_leaves_the_queue():
    with limits.ParsePool(pooled_parse, seconds=5, megabytes=256, workers=1) as pool:
        first, second, third = (pool.submit("pid") for _ in range(3))
        second.close()
        assert list(pool.queue) == [third]
        assert third.result() == first.result()
        with pytest.raises(DocumentError, match="^the parse was stopped$"):
            second.result()


def test_a_document_no_fresh_worker_can_take_fails_by_name(monkeypatch):
    """A worker forked for a document that dies before it takes it fails that document; the pool
    does not fork again and again."""

    def refused(parse, worker):
        raise BrokenPipeError("the worker is gone")

    monkeypatch.setattr(limits.PooledParse, "start", refused)
    with limits.ParsePool(pooled_parse, seconds=5, megabytes=256, workers=1) as pool:
        parse = pool.submit("pid")
        with pytest.raises(DocumentError, match="^the parse could not start: its worker"):
            parse.result()
        assert (pool.idle, pool.busy, list(pool.queue)) == ([], {}, [])
