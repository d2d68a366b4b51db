"""Bounds per document: a size limit, a time budget and a memory budget for its parse.

One hostile or unlucky document (a 50 MB file, a page whose markup makes a
rule rescan, a pattern that backtracks) must cost a named failure, never the
whole load. So a document larger than `DISCLOSURE_MAX_DOCUMENT_BYTES` is
refused before it is read, and its parse runs in a child process that is
killed when it exceeds `DISCLOSURE_PARSE_SECONDS` or allocates more than
`DISCLOSURE_PARSE_MEMORY_MB` above what the process already holds.

A child process is the one mechanism that stops any slow step: a signal
alarm only works in the main thread and is not delivered while a regular
expression runs inside C, and a thread cannot be stopped at all. It works
from any thread or worker process. One document alone (`run_bounded`) is
parsed in a child forked for it. A load of many (`ParsePool`) forks its
workers once and hands them one document after another: a fork costs more
than the parse of a small report, and a pool pays it per worker, not per
document. A worker that overruns is killed and replaced, one that ran out
of memory leaves and is replaced, so each parse still starts in a process
within its budget. The processes are forked when the load starts, so they
parse with the loader's code and rules as they are at that moment (tests
replace rules). `DISCLOSURE_PARSE_SECONDS=0` parses in-process without a
time or memory budget (where fork is missing, that is the fallback).
"""

import collections
import multiprocessing
import multiprocessing.connection
import os
import time
import traceback

from loaders.reading.decode import DocumentError

DEFAULT_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DEFAULT_PARSE_SECONDS = 60.0
DEFAULT_PARSE_MEMORY_MB = 1024
WORKER_TASKS = 1000
"""Documents a pooled worker parses before it leaves and a fresh one is forked (bounds any leak)."""
DOCUMENTS_AHEAD = 4
"""Documents per parse worker a load reads and queues ahead of the one it writes.

Parses take from a few to tens of milliseconds, writes about ten: with only one
document per worker ahead, the writer waited for the slower parses while the
workers, done with theirs, waited to be collected (the documents of
benchmarks/load_speed.py, 2 workers: the writer waited 14-18% of a load with 1
ahead, 9-10% with 4; 8 gave no more).
"""
BYTES_AHEAD = 16 * 1024 * 1024
"""At most this many bytes of documents held ahead, beyond one document per worker: a
report is tens or hundreds of kilobytes, and the few of many megabytes (and their parses,
larger still) are held no further ahead than one per worker."""
WORKER_NICENESS = 10
"""How much lower a pooled worker's CPU priority is than the loader's (`os.nice`).

A load has one serial stage, the writer; the parses run beside it. With as
many workers as cores plus the writer, an equal share slows the writer by a
third while the parses it will need are already ahead; at a lower priority the
workers take what the writer leaves, and all of every core while it waits.
"""


def _number(name, default, kind=float):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise DocumentError(f"{name}={raw!r} is not a number") from None
    return value


def max_document_bytes():
    """Largest document accepted, in bytes (`DISCLOSURE_MAX_DOCUMENT_BYTES`, 0 = no limit)."""
    return _number("DISCLOSURE_MAX_DOCUMENT_BYTES", DEFAULT_MAX_DOCUMENT_BYTES, int)


def parse_seconds():
    """Time budget of one parse (`DISCLOSURE_PARSE_SECONDS`, 0 = in-process, unbounded)."""
    return _number("DISCLOSURE_PARSE_SECONDS", DEFAULT_PARSE_SECONDS)


def parse_memory_mb():
    """Memory a parse may add (`DISCLOSURE_PARSE_MEMORY_MB`, 0 = unbounded)."""
    return _number("DISCLOSURE_PARSE_MEMORY_MB", DEFAULT_PARSE_MEMORY_MB, int)


def check_size(size):
    """Refuse, by name, a document above the size limit."""
    limit = max_document_bytes()
    if limit and size > limit:
        raise DocumentError(
            f"too large: {size:,} bytes, the limit is {limit:,} (DISCLOSURE_MAX_DOCUMENT_BYTES)"
        )


def _virtual_bytes():
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _limit_memory(megabytes):
    """Let this process allocate `megabytes` more than it holds now, and no more.

    Only the soft limit is set (the hard one is left as it was), so a pooled
    worker can set it again, from what it then holds, before each parse.
    """
    if not megabytes:
        return
    try:
        import resource
    except ImportError:  # not POSIX: no memory budget
        return
    current = _virtual_bytes()
    if current is None:
        return
    limit = current + megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _outcome(parse, args, megabytes):
    """(("ok", result) or ("error", reason), whether the process should leave after it)."""
    try:
        return ("ok", parse(*args)), False
    except DocumentError as exc:
        return ("error", str(exc)), False
    except MemoryError:
        reason = f"needs more than {megabytes} MB to parse (DISCLOSURE_PARSE_MEMORY_MB)"
        return ("error", reason), True
    except RecursionError:
        return ("error", "nested too deeply to be read"), False
    except Exception as exc:  # a parser bug: named, the other documents still load
        return ("error", f"could not be parsed: {type(exc).__name__}: {exc}"), False


def _send(connection, outcome, retire):
    """Hand an outcome back; one too large to pickle is named instead (and the process leaves)."""
    try:
        connection.send((*outcome, retire))
    except MemoryError:
        connection.send(("error", "the parse result is too large to hand back", True))
        return True
    return retire


def _child(connection, parse, args, megabytes):
    """Run `parse(*args)` once and send back ("ok", result) or ("error", reason)."""
    try:
        _limit_memory(megabytes)
        _send(connection, *_outcome(parse, args, megabytes))
    except BaseException:  # noqa: BLE001 - the parent must hear something
        traceback.print_exc()
    finally:
        connection.close()
        os._exit(0)


def _worker(connection, parse, megabytes):
    """A pooled worker: parse each argument tuple received until told to stop (None)."""
    try:
        os.nice(WORKER_NICENESS)
        for _ in range(WORKER_TASKS):
            args = connection.recv()
            if args is None:
                break
            _limit_memory(megabytes)
            if _send(connection, *_outcome(parse, args, megabytes)):
                break  # out of memory: a fresh worker takes the next document
    except EOFError:  # the pool is gone
        pass
    except BaseException:  # noqa: BLE001 - the parent hears EOF and names the document
        traceback.print_exc()
    finally:
        connection.close()
        os._exit(0)


def _fork_context():
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


class BoundedParse:
    """`parse(*args)` started in a child process within the time and memory budget.

    The child runs while the caller does other work (the loader writes the
    previous document, other children parse the next ones); `result()` waits
    for it. The budget runs from the start; a child that has finished and is
    handing its result back is never counted as late, however long the
    caller took to ask.
    """

    def __init__(self, parse, *args, seconds=None, megabytes=None, context=None):
        self.seconds = parse_seconds() if seconds is None else seconds
        megabytes = parse_memory_mb() if megabytes is None else megabytes
        context = context or _fork_context()
        self.deadline = time.monotonic() + self.seconds
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_child, args=(send, parse, args, megabytes), daemon=True
        )
        self.process.start()
        send.close()

    def result(self):
        """What `parse` returned; DocumentError naming the reason it did not."""
        try:
            if not self.receive.poll(max(0.0, self.deadline - time.monotonic())):
                raise DocumentError(
                    f"took longer than {self.seconds:g} s to parse (DISCLOSURE_PARSE_SECONDS)"
                )
            try:
                status, value, _ = self.receive.recv()
            except (EOFError, OSError):
                self.process.join(5)
                raise DocumentError(
                    f"the parse stopped (exit code {self.process.exitcode}): "
                    "out of memory or a crash"
                ) from None
        finally:
            self.close()
        if status == "error":
            raise DocumentError(value)
        return value

    def close(self):
        """Stop the child if it still runs (a result no longer wanted)."""
        self.receive.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


def can_bound():
    """Whether parses run in a child process (a budget is set and fork exists)."""
    return bool(parse_seconds()) and _fork_context() is not None


def run_bounded(parse, *args, seconds=None, megabytes=None):
    """`parse(*args)` in a child process within the time and memory budget.

    Returns what `parse` returns; raises DocumentError naming the reason when
    it raises one, fails, runs out of time or out of memory.
    """
    seconds = parse_seconds() if seconds is None else seconds
    context = _fork_context()
    if not seconds or context is None:
        return parse(*args)
    return BoundedParse(
        parse, *args, seconds=seconds, megabytes=megabytes, context=context
    ).result()


class _PooledWorker:
    """One forked worker of a `ParsePool` and the pipe to it."""

    def __init__(self, context, parse, megabytes):
        self.connection, child_end = context.Pipe()
        self.process = context.Process(
            target=_worker, args=(child_end, parse, megabytes), daemon=True
        )
        self.process.start()
        child_end.close()
        self.tasks = 0

    def stop(self, wait=True):
        """Tell an idle worker to leave (or kill a busy one, `wait=False`) and reap it."""
        try:
            if wait and self.process.is_alive():
                self.connection.send(None)
        except (OSError, ValueError):
            wait = False
        if not wait and self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.connection.close()


class PooledParse:
    """One document handed to a `ParsePool`: `result()` and `close()` as `BoundedParse`.

    It waits in the pool's queue until a worker is free (`worker` is None until
    then); its budget runs from the moment a worker takes it.
    """

    def __init__(self, pool, args):
        self.pool, self.args, self.seconds = pool, args, pool.seconds
        self.worker = None
        self.deadline = None
        self.outcome = None  # ("ok", value) or ("error", reason), once known

    def start(self, worker):
        """Hand the document to `worker` (the pool's dispatch); its budget starts now."""
        worker.connection.send(self.args)
        worker.tasks += 1
        self.args, self.worker = None, worker
        self.deadline = time.monotonic() + self.seconds

    def receive(self):
        """Take the worker's answer (it is ready) and give the worker back to the pool."""
        worker, self.worker = self.worker, None
        keep = False
        try:
            status, value, retire = worker.connection.recv()
            self.outcome = (status, value)
            keep = not retire and worker.tasks < WORKER_TASKS
        except (EOFError, OSError):
            worker.process.join(5)
            self.outcome = (
                "error",
                f"the parse stopped (exit code {worker.process.exitcode}): out of memory or a crash",
            )
        finally:
            self.pool.release(worker, keep)

    def overran(self):
        """Stop the worker of a parse past its deadline (it has not answered)."""
        worker, self.worker = self.worker, None
        self.outcome = (
            "error",
            f"took longer than {self.seconds:g} s to parse (DISCLOSURE_PARSE_SECONDS)",
        )
        self.pool.release(worker, False)

    def result(self):
        """What `parse` returned; DocumentError naming the reason it did not."""
        while self.outcome is None:
            if self.pool is None:
                raise DocumentError("the parse was stopped")
            self.pool.poll(None)
        status, value = self.outcome
        if status == "error":
            raise DocumentError(value)
        return value

    def close(self):
        """Stop the parse if it still runs or waits (a result no longer wanted)."""
        pool, self.pool = self.pool, None
        if pool is None or self.outcome is not None:
            return
        if self.worker is None:
            pool.queue.remove(self)
        else:
            worker, self.worker = self.worker, None
            pool.busy.pop(worker, None)
            pool.release(worker, False)


class ParsePool:
    """Long-lived forked workers that run `parse(*args)` within the time and memory budget.

    `submit(*args)` queues one document and returns a `PooledParse`; its
    `result()` waits for it. At most `workers` processes parse at once (None:
    as many as there are documents to parse); a document waits in
    the queue until one is free, so a load can submit documents ahead of the
    ones it is writing and every worker takes the next one as soon as it is
    done, instead of waiting for its own document to be collected. Each time
    the pool is polled (`poll`, and every `submit` and `result`) the answers
    of finished parses are taken in and the freed workers take the next
    documents. Each parse has the budget of `run_bounded` from the moment a
    worker takes it, and fails with the same messages: a worker that overruns
    its time is killed, one that crashed or ran out of memory is gone, and the
    next document gets a fresh one. Use it as a context manager: leaving it
    stops the workers.
    """

    def __init__(self, parse, seconds=None, megabytes=None, context=None, workers=None):
        self.parse = parse
        self.seconds = parse_seconds() if seconds is None else seconds
        self.megabytes = parse_memory_mb() if megabytes is None else megabytes
        self.context = context or _fork_context()
        self.workers = workers
        self.idle = []
        self.busy = {}  # worker -> the PooledParse it runs
        self.queue = collections.deque()  # PooledParse waiting for a worker

    def submit(self, *args):
        parse = PooledParse(self, args)
        self.queue.append(parse)
        self.poll(0)
        return parse

    def poll(self, timeout=0):
        """Take in the answers of finished parses, waiting up to `timeout` seconds (None: until
        one answers or overruns) for one; stop the parses past their deadline; hand queued
        documents to the free workers."""
        self._dispatch()
        if not self.busy:
            return
        nearest = min(parse.deadline for parse in self.busy.values()) - time.monotonic()
        wait = max(0.0, nearest if timeout is None else min(timeout, nearest))
        by_connection = {worker.connection: worker for worker in self.busy}
        for connection in multiprocessing.connection.wait(list(by_connection), wait):
            self.busy.pop(by_connection[connection]).receive()
        now = time.monotonic()
        for worker, parse in list(self.busy.items()):
            # One that has finished and is handing its answer back is never late.
            if parse.deadline <= now and not worker.connection.poll():
                del self.busy[worker]
                parse.overran()
        self._dispatch()

    def _dispatch(self):
        """Hand queued documents to idle workers, forking new ones up to `workers`."""
        while self.queue:
            forked = not self.idle
            if not forked:
                worker = self.idle.pop()
            elif self.workers is None or len(self.busy) < self.workers:
                worker = _PooledWorker(self.context, self.parse, self.megabytes)
            else:
                return
            parse = self.queue[0]
            try:
                parse.start(worker)
            except (OSError, ValueError):
                self.release(worker, False)
                if not forked:
                    continue  # it died while idle: a fresh one takes the document
                self.queue.popleft()  # a fresh one died at once: the next would too
                parse.outcome = ("error", "the parse could not start: its worker process died")
                continue
            self.queue.popleft()
            self.busy[worker] = parse

    def release(self, worker, keep):
        """A worker's parse is over: back to the idle ones, or stopped (killed if still busy)."""
        if keep:
            self.idle.append(worker)
        else:
            worker.stop(wait=False)

    def close(self):
        """Stop every worker: idle ones leave, busy ones are killed, queued parses are dropped."""
        while self.queue:
            self.queue.popleft().pool = None
        while self.idle:
            self.idle.pop().stop()
        while self.busy:
            worker, parse = self.busy.popitem()
            parse.pool = parse.worker = None
            worker.stop(wait=False)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
