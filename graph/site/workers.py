"""Work shared among forked processes and this one: each child inherits what this process holds
(the graph, the drawing) copy-on-write, and every process, this one included, takes the next
task from a shared counter until none is left. This process works too rather than wait: a child
touching the graph's objects copies the memory pages it touches (their reference counts are
written), so every process at work holds its own copy of most of the graph (at 100k records,
one child less was about 1.1 GB less). Where fork is missing, or one core is all there is, the
tasks run in this process. A child ends with the process that forked it, even one killed by
SIGKILL, and leaves Ctrl-C to it."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from graph.core.children import end_with_parent
from graph.core.errors import SystemFailure

Task = TypeVar("Task")
Result = TypeVar("Result")

MOST_PROCESSES = 8
"""More processes than this gain little: they share the disk the pages are written to."""


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class WorkerEnded(SystemFailure):
    """A forked process ended before it said how its tasks went (killed, out of memory)."""


def run_forked(
    work: Callable[[Task], Result], tasks: Sequence[Task], processes: int | None = None
) -> list[Result]:
    """`work(task)` for every task, in this process and up to `processes` - 1 forked ones
    (default: one process per core); the results in the order of the tasks. The first error of
    any task is raised here, once every process has stopped."""
    wanted = min(processes or cores(), MOST_PROCESSES, len(tasks))
    if wanted <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [work(task) for task in tasks]
    gc.freeze()  # the collector would otherwise touch, and so copy, every object in each child
    try:
        return _Shared(work, tasks).run(wanted - 1)
    finally:
        gc.unfreeze()


class _Shared:
    """The tasks of one `run_forked`, taken in turn by every process from a shared counter."""

    def __init__(self, work: Callable[[Any], Any], tasks: Sequence[Any]) -> None:
        self.context = multiprocessing.get_context("fork")
        self.work = work
        self.tasks = tasks
        self.next = self.context.Value("q", 0)
        self.results: dict[int, Any] = {}
        self.failure: BaseException | None = None

    def take(self) -> int | None:
        """The number of the next task no process has taken, or None."""
        with self.next.get_lock():
            number = int(self.next.value)
            if number >= len(self.tasks) or self.failure is not None:
                return None
            self.next.value = number + 1
            return number

    def stop_all(self) -> None:
        """No further task is taken, by any process."""
        with self.next.get_lock():
            self.next.value = len(self.tasks)

    def run(self, children: int) -> list[Any]:
        """The tasks done by this process and `children` forked ones; their results in order."""
        parent = os.getpid()
        started: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
        try:
            for _ in range(children):
                receiving, sending = self.context.Pipe(duplex=False)
                child = self.context.Process(target=self._child, args=(parent, sending), daemon=True)
                child.start()
                sending.close()
                started.append((child, receiving))
            # the children's results are read as they come (one may be megabytes: a child
            # writing into a full pipe would wait for this process's own task to end)
            reader = threading.Thread(target=self._receive, args=([conn for _, conn in started],))
            reader.start()
            try:
                while (number := self.take()) is not None:
                    self.results[number] = self.work(self.tasks[number])
            except BaseException:  # Ctrl-C among them: the children are stopped, not waited for
                self.stop_all()
                _end(started)
                raise
            finally:
                reader.join()
        finally:
            _end(started)
            for _, conn in started:
                conn.close()
        if self.failure is not None:
            raise self.failure
        if len(self.results) < len(self.tasks):
            raise WorkerEnded(
                "a process writing the site ended before its work was done (killed, or out of memory)"
            )
        return [self.results[number] for number in range(len(self.tasks))]

    def _child(self, parent: int, sending: Connection) -> None:
        """A child's life: its tasks' results sent one by one, then None; a task's error sent
        in its place ends it."""
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to answer
        end_with_parent(parent)
        try:
            while (number := self.take()) is not None:
                try:
                    sending.send((number, self.work(self.tasks[number])))
                except Exception as error:  # said to the parent, which raises it
                    self.stop_all()
                    sending.send((number, _sendable(error)))
                    return
            sending.send(None)
        finally:
            sending.close()

    def _receive(self, connections: list[Connection]) -> None:
        """Read every child's results until each has said it is done or has ended (its tasks'
        results missing then: `run` says so)."""
        waiting = list(connections)
        while waiting:
            for conn in wait(waiting):
                assert isinstance(conn, Connection)
                try:
                    said = conn.recv()
                except EOFError:  # ended without saying so
                    said = None
                if said is None:
                    waiting.remove(conn)
                    continue
                number, result = said
                if isinstance(result, _Failed):
                    self.failure = self.failure or result.error
                    continue
                self.results[number] = result


def _end(started: list[tuple[multiprocessing.process.BaseProcess, Connection]]) -> None:
    """End the children still running (their pipes then read as ended)."""
    for child, _ in started:
        if child.is_alive():
            child.terminate()
        child.join()


class _Failed:
    """A task's error, as a child sends it in place of the task's result."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


def _sendable(error: BaseException) -> _Failed:
    """The error, as it can be sent: itself if it can be pickled, else said in a RuntimeError."""
    import pickle

    try:
        pickle.dumps(error)
    except Exception:
        return _Failed(RuntimeError(f"{type(error).__name__}: {error}"))
    return _Failed(error)
