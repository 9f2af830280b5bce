"""Processes that evaluate one query after another, for `hrgraph serve`.

graph.sparql.apart forks a process per query; beside a server answering a thousand simple
queries a second, that fork was most of the cost (measured with scripts/load_serve.py: 1,100
answers a second fell to under 100). An Evaluator is forked once, holding the store, and takes
query after query over a socket; only when a query must be stopped (its time is up, its client
left, its answer grew too large) is the process killed, and the next query gets a fresh one.

Over the socket, the server sends a job (a JSON object, length-prefixed) and the evaluator
answers with frames: b"D" and a length for a piece of the answer, b"E" and a length for the
closing report (what `run` returned, or its error), as graph.sparql.apart reports it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import select
import signal
import socket
import struct
import time
import traceback
from collections.abc import Callable
from typing import BinaryIO

from graph.core.errors import QueryError, UsageError
from graph.sparql.apart import (
    CHUNK,
    POLL,
    QueryStopped,
    Reader,
    ReaderGone,
    Sink,
    TimeLimit,
    close_all_but,
    fork_child,
    outcome_of,
    prepare_child,
)

Job = dict[str, str]
Run = Callable[[Job, BinaryIO], dict[str, str]]
_LENGTH = struct.Struct(">I")
LONG_QUERY = 0.5  # seconds; a query still evaluating then runs at a lower priority (LONG_NICE)
LONG_NICE = 10  # a runaway query yields the CPU to the short ones beside it


class Evaluator:
    """One forked process holding the store, evaluating the jobs it is sent with `run`."""

    def __init__(self, run: Run):
        ours, theirs = socket.socketpair()
        parent = os.getpid()
        pid = fork_child()
        if pid == 0:  # pragma: no cover - the child's lines are measured in the parent's tests
            _evaluate_jobs(run, theirs, parent)
        theirs.close()
        self.pid = pid
        self.channel = ours
        self.alive = True
        self.demoted = False  # niced for a long query: ended after it (a process cannot be un-niced)

    def evaluate(
        self, job: Job, sink: Sink, seconds: float | None = None, reader: Reader | None = None
    ) -> dict[str, str]:
        """Send the job; pass its answer to the sink as it comes. Raises as evaluate_apart does;
        whatever ends the wait early kills this evaluator (it cannot be told to stop)."""
        deadline = None if seconds is None else time.monotonic() + seconds
        try:
            data = json.dumps(job).encode("utf-8")
            try:
                self.channel.sendall(_LENGTH.pack(len(data)) + data)
            except OSError:
                raise QueryStopped("the query's process had ended (out of memory?)") from None
            report = self._answer(sink, deadline, seconds, reader)
        except BaseException:
            self.kill()
            raise
        if self.demoted:
            self.kill()
        return report

    def _answer(
        self, sink: Sink, deadline: float | None, seconds: float | None, reader: Reader | None
    ) -> dict[str, str]:
        pending = b""
        started = False
        watching, polling = reader is not None, False
        long_at = time.monotonic() + LONG_QUERY
        while True:
            while len(pending) >= 1 + _LENGTH.size:
                kind, (size,) = pending[:1], _LENGTH.unpack_from(pending, 1)
                if len(pending) < 1 + _LENGTH.size + size:
                    break
                body = pending[1 + _LENGTH.size : 1 + _LENGTH.size + size]
                pending = pending[1 + _LENGTH.size + size :]
                if kind == b"E":
                    return outcome_of(body, 0)
                started = True
                sink(body)
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                raise TimeLimit(seconds or 0, started)
            if polling:
                wait = POLL if wait is None else min(wait, POLL)
            if not self.demoted:
                until_long = long_at - time.monotonic()
                if until_long <= 0:
                    self._demote()
                else:
                    wait = until_long if wait is None else min(wait, until_long)
            fds = (
                [self.channel.fileno(), reader.fileno()]
                if reader is not None and watching
                else [self.channel.fileno()]
            )
            ready, _w, _x = select.select(fds, [], [], wait)
            if reader is not None and (polling or (len(fds) > 1 and fds[1] in ready)):
                if reader.gone():
                    raise ReaderGone("the client went away before the answer was complete")
                watching, polling = False, True
            if fds[0] in ready:
                chunk = self.channel.recv(CHUNK)
                if not chunk:
                    self.kill()
                    raise QueryStopped("the query's process ended before answering (out of memory?)")
                pending += chunk

    def _demote(self) -> None:
        self.demoted = True
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, self.pid, LONG_NICE)

    def usable(self) -> bool:
        """Whether it is still there to take a job (an idle one may have been killed)."""
        if self.alive:
            with contextlib.suppress(ChildProcessError):
                if os.waitpid(self.pid, os.WNOHANG) != (0, 0):
                    self.alive = False
                    self.channel.close()
        return self.alive

    def kill(self) -> None:
        """End the process at once and reap it."""
        if not self.alive:
            return
        self.alive = False
        self.channel.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


class _Frames(io.RawIOBase):
    """Where `run` writes its answer: each write goes out as one b"D" frame."""

    def __init__(self, channel: socket.socket):
        self.channel = channel

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        piece = bytes(memoryview(data))  # type: ignore[arg-type]
        self.channel.sendall(b"D" + _LENGTH.pack(len(piece)) + piece)
        return len(piece)


def _evaluate_jobs(run: Run, channel: socket.socket, parent: int) -> None:
    """The evaluator's whole life: take a job, answer it, take the next; leave (os._exit)
    when the server closes its end, whatever happens."""
    code = 1
    try:
        prepare_child(parent)
        close_all_but(channel.fileno())
        reader = channel.makefile("rb")
        while header := reader.read(_LENGTH.size):
            (size,) = _LENGTH.unpack(header)
            job = json.loads(reader.read(size))
            report = _run_one(run, job, channel)
            data = json.dumps(report).encode("utf-8")
            channel.sendall(b"E" + _LENGTH.pack(len(data)) + data)
        code = 0
    finally:
        os._exit(code)


def _run_one(run: Run, job: Job, channel: socket.socket) -> dict[str, object]:
    try:
        with io.BufferedWriter(_Frames(channel), buffer_size=CHUNK) as stream:
            return {"ok": run(job, stream)}
    except (QueryError, UsageError) as error:
        return {"error": type(error).__name__, "message": str(error)}
    except Exception as error:  # reported to the server, never raised in the evaluator
        last = traceback.extract_tb(error.__traceback__)[-1:]
        where = f" ({last[0].filename}:{last[0].lineno})" if last else ""
        return {"error": "failed", "message": f"{type(error).__name__}: {error}{where}"}
