"""Work shared among forked processes: each child inherits what the parent holds (the graph,
the drawing) copy-on-write, and receives only a task's few numbers. Where fork is missing, or
one core is all there is, the tasks run in this process. A child ends with the process that
forked it, even one killed by SIGKILL, and leaves Ctrl-C to it."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from multiprocessing.pool import Pool
from typing import Generic, TypeVar

from graph.core.children import end_with_parent

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


class _Running(Generic[Task, Result]):
    """The function every process runs, set before the processes are forked."""

    work: Callable[[Task], Result] | None = None


_running: _Running[object, object] = _Running()


def _call(task: object) -> object:
    assert _running.work is not None
    return _running.work(task)


def _pool(processes: int) -> Pool:
    """`processes` forked now, each ended if this process ends (killed, say) before it."""
    return multiprocessing.get_context("fork").Pool(processes, _start_child, (os.getpid(),))


def _start_child(parent: int) -> None:
    """A child leaves Ctrl-C to its parent, which stops it (the pool's `terminate`): it would
    otherwise print its own interruption beside the parent's one line."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    end_with_parent(parent)


def run_forked(
    work: Callable[[Task], Result], tasks: Sequence[Task], processes: int | None = None
) -> list[Result]:
    """`work(task)` for every task, on up to `processes` forked processes (default: one per
    core); the results in the order of the tasks."""
    wanted = min(processes or cores(), MOST_PROCESSES, len(tasks))
    if wanted <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [work(task) for task in tasks]
    _running.work = work  # type: ignore[assignment]
    gc.freeze()  # the collector would otherwise touch, and so copy, every object in each child
    try:
        with _pool(wanted) as pool:
            return pool.map(_call, tasks, chunksize=1)  # type: ignore[arg-type]
    finally:
        gc.unfreeze()
        _running.work = None
