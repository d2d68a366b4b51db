"""Bounds per document: a size limit, a time budget and a memory budget for its parse.

One hostile or unlucky document (a 50 MB file, a page whose markup makes a
rule rescan, a pattern that backtracks) must cost a named failure, never the
whole load. So a document larger than `DISCLOSURE_MAX_DOCUMENT_BYTES` is
refused before it is read, and its parse runs in a child process that is
killed when it exceeds `DISCLOSURE_PARSE_SECONDS` or allocates more than
`DISCLOSURE_PARSE_MEMORY_MB` above what the loader already holds.

A child process is the one mechanism that stops any slow step: a signal
alarm only works in the main thread and is not delivered while a regular
expression runs inside C, and a thread cannot be stopped at all. It works
from any thread or worker process. The child is forked per document, so it
parses with the loader's code and rules as they are at that moment (tests
replace rules), and costs a few milliseconds. `DISCLOSURE_PARSE_SECONDS=0`
parses in-process without a time or memory budget (where fork is missing,
that is the fallback).
"""

import multiprocessing
import os
import time
import traceback

from loaders.reading.decode import DocumentError

DEFAULT_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DEFAULT_PARSE_SECONDS = 60.0
DEFAULT_PARSE_MEMORY_MB = 1024


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
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _child(connection, parse, args, megabytes):
    """Run `parse(*args)` and send back ("ok", result) or ("error", reason)."""
    try:
        _limit_memory(megabytes)
        try:
            outcome = ("ok", parse(*args))
        except DocumentError as exc:
            outcome = ("error", str(exc))
        except MemoryError:
            outcome = (
                "error",
                f"needs more than {megabytes} MB to parse (DISCLOSURE_PARSE_MEMORY_MB)",
            )
        except RecursionError:
            outcome = ("error", "nested too deeply to be read")
        except Exception as exc:  # a parser bug: named, the other documents still load
            outcome = ("error", f"could not be parsed: {type(exc).__name__}: {exc}")
        try:
            connection.send(outcome)
        except MemoryError:
            connection.send(("error", "the parse result is too large to hand back"))
    except BaseException:  # noqa: BLE001 - the parent must hear something
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
                status, value = self.receive.recv()
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
    return BoundedParse(parse, *args, seconds=seconds, megabytes=megabytes,
                        context=context).result()
