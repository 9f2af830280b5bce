"""A query evaluated in a process of its own, so that it can be stopped.

Oxigraph evaluates a query in Rust with no way to interrupt it (pyoxigraph 0.5 has no time
limit, and a thread cannot be killed), so a query that runs away, or whose reader has gone,
would hold a core until it ends. Here the evaluation runs in a child forked from the process
that already holds the store (a fork costs 3 ms beside the curated graph; opening graph.nt
anew would cost far more), writes its answer into a pipe as it is produced, and is killed at
the time limit, when its reader hangs up, or on Ctrl-C. Memory stays bounded: the answer is
passed on chunk by chunk, never held whole.

Only the evaluation runs in the child: whatever needs a lock shared with other threads (the
checking parse of a query) must run before, in the parent, since a child forked while another
thread held that lock would wait for it forever.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import stat
import time
from collections.abc import Callable
from typing import BinaryIO, Protocol

from graph.core.children import end_with_parent
from graph.core.errors import HrgraphError, QueryError, UsageError

CHUNK = 65536


class QueryStopped(HrgraphError):
    """A query was stopped, or its answer is known to be incomplete (exit code 1)."""


class TimeLimit(QueryStopped):
    """The query ran past its time limit and was stopped."""

    def __init__(self, seconds: float, started_output: bool):
        self.seconds = seconds
        self.started_output = started_output
        super().__init__(
            f"the query ran past the time limit of {seconds:g} s and was stopped"
            + ("; the output above is incomplete" if started_output else "")
        )


class ReaderGone(QueryStopped):
    """Whoever waited for the answer went away, so the query was stopped."""


Work = Callable[[BinaryIO], dict[str, str]]
Sink = Callable[[bytes], object]
POLL = 0.2  # seconds between two looks at a reader that may have gone


class Reader(Protocol):
    """Whoever waits for the answer (a client's socket)."""

    def fileno(self) -> int: ...

    def gone(self) -> bool:
        """Whether it has gone; asked when its socket turns readable, then every POLL seconds."""
        ...


def evaluate_apart(
    work: Work,
    sink: Sink,
    seconds: float | None = None,
    reader: Reader | None = None,
    on_child: Callable[[int], None] | None = None,
) -> dict[str, str]:
    """Run work(stream) in a forked child; pass what it writes to sink as it comes.

    Returns what work returned (a few strings, e.g. the media type it chose). Raises
    TimeLimit past `seconds`, ReaderGone once the `reader` has gone, the
    QueryError or UsageError work raised, or QueryStopped if the child died. Whatever ends
    the wait (an exception of the sink, a KeyboardInterrupt) kills the child first."""
    data_read, data_write = os.pipe()
    status_read, status_write = os.pipe()
    parent = os.getpid()
    pid = fork_child()
    if pid == 0:  # pragma: no cover - the child's lines are measured in the parent's tests
        _child(work, data_write, status_write, parent)
    os.close(data_write)
    os.close(status_write)
    if on_child is not None:
        on_child(pid)
    reaped = False
    try:
        deadline = None if seconds is None else time.monotonic() + seconds
        started_output = _pass_on(data_read, sink, deadline, reader, seconds)
        outcome = _read_status(status_read, deadline, seconds, started_output)
        _, code = os.waitpid(pid, 0)
        reaped = True
        return outcome_of(outcome, code)
    finally:
        os.close(data_read)
        os.close(status_read)
        if not reaped:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _child(work: Work, data_write: int, status_write: int, parent: int) -> None:
    """The child's whole life: evaluate, report, and leave without running the parent's
    clean-up (os._exit), whatever happens."""
    code = 1
    try:
        prepare_child(parent)
        close_all_but(data_write, status_write)
        try:
            with os.fdopen(data_write, "wb", buffering=CHUNK) as stream:
                info = work(stream)
            report: dict[str, object] = {"ok": info}
        except (QueryError, UsageError) as error:
            report = {"error": type(error).__name__, "message": str(error)}
        except BrokenPipeError:
            report = {"error": "gone", "message": "the reader went away"}
        except BaseException as error:  # reported to the parent, never raised in the child
            import traceback

            last = traceback.extract_tb(error.__traceback__)[-1:]
            where = f" ({last[0].filename}:{last[0].lineno})" if last else ""
            report = {"error": "failed", "message": f"{type(error).__name__}: {error}{where}"}
        with os.fdopen(status_write, "wb") as status:
            status.write(json.dumps(report).encode("utf-8"))
        code = 0
    finally:
        os._exit(code)


def fork_child() -> int:
    """os.fork with Ctrl-C held back until the child has set what it does with it
    (prepare_child): one arriving while Python's own fork hooks run in the child (reseeding
    `random`) would print a KeyboardInterrupt traceback there. The parent receives it after."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    pid = os.fork()
    if pid != 0:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    return pid


def prepare_child(parent: int) -> None:
    """In a child just forked (fork_child): Ctrl-C ends it at once, even inside Rust, and so
    does the end of its parent (a server stopped by SIGTERM, which runs no clean-up), so that no
    evaluation outlives whoever would read it (Linux's PR_SET_PDEATHSIG)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # one held back ends it now
    end_with_parent(parent)


def close_all_but(*kept: int) -> None:
    """Close every socket and pipe the child inherited but `kept`: a copy of a client's socket
    (or of the read ends of its own pipes) held by the child would keep that connection open
    after its owner closed it. Files stay open: an on-disk store (build/store/) reads its files
    through descriptors the parent opened, and Oxigraph loops forever on one closed under it."""
    try:
        inherited = sorted(int(name) for name in os.listdir("/proc/self/fd"))
    except OSError:  # no /proc: every descriptor up to the limit
        inherited = list(range(3, min(os.sysconf("SC_OPEN_MAX"), 65536)))
    for fd in inherited:
        if fd > 2 and fd not in kept:
            with contextlib.suppress(OSError):  # the listing's own, closed since
                mode = os.fstat(fd).st_mode
                if stat.S_ISSOCK(mode) or stat.S_ISFIFO(mode):
                    os.close(fd)


def _pass_on(
    fd: int, sink: Sink, deadline: float | None, reader: Reader | None, seconds: float | None
) -> bool:
    """Copy the child's output to the sink until it ends; True if any output came."""
    started = False
    watching = reader is not None  # until its socket turns readable (it closed, or sent more)
    polling = False  # from then on, asked every POLL seconds
    while True:
        wait = None if deadline is None else deadline - time.monotonic()
        if wait is not None and wait <= 0:
            raise TimeLimit(seconds or 0, started)
        if polling:
            wait = POLL if wait is None else min(wait, POLL)
        fds = [fd, reader.fileno()] if reader is not None and watching else [fd]
        ready, _w, _x = select.select(fds, [], [], wait)
        if reader is not None and (polling or (len(fds) > 1 and fds[1] in ready)):
            if reader.gone():
                raise ReaderGone("the client went away before the answer was complete")
            watching, polling = False, True
        if fd in ready:
            chunk = os.read(fd, CHUNK)
            if not chunk:
                return started
            started = True
            sink(chunk)


def _read_status(fd: int, deadline: float | None, seconds: float | None, started: bool) -> bytes:
    """The child's report, written once its output is closed."""
    parts: list[bytes] = []
    while True:
        wait = None if deadline is None else deadline - time.monotonic()
        if wait is not None and wait <= 0:
            raise TimeLimit(seconds or 0, started)
        ready, _w, _x = select.select([fd], [], [], wait)
        if fd in ready:
            chunk = os.read(fd, CHUNK)
            if not chunk:
                return b"".join(parts)
            parts.append(chunk)


def outcome_of(report: bytes, code: int) -> dict[str, str]:
    """What the child returned, or its error raised here."""
    if not report:
        how = (
            f"was killed by signal {os.WTERMSIG(code)}"
            if os.WIFSIGNALED(code)
            else f"ended with code {os.waitstatus_to_exitcode(code)}"
        )
        raise QueryStopped(f"the query's process {how} before answering (out of memory?)")
    outcome = json.loads(report)
    if "ok" in outcome:
        return dict(outcome["ok"])
    kind, message = outcome["error"], outcome["message"]
    if kind == "QueryError":
        raise QueryError(message)
    if kind == "UsageError":
        raise UsageError(message)
    if kind == "gone":
        raise ReaderGone(message)
    raise QueryStopped(f"the query failed: {message}")
