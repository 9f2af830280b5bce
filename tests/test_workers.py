"""graph.site.workers: tasks shared by this process and forked ones, each done once, the results
in the tasks' order; an error or an ended child is said here, never waited for forever."""

from __future__ import annotations

import os
import time

import pytest

from graph.site.workers import WorkerEnded, run_forked

PARENT = os.getpid()


def _slow_square(task: int) -> tuple[int, int]:
    time.sleep(0.01)
    return task * task, os.getpid()


def test_every_task_once_in_order_by_this_process_and_a_child() -> None:
    results = run_forked(_slow_square, range(60), 2)
    assert [square for square, _ in results] == [task * task for task in range(60)]
    workers = {pid for _, pid in results}
    assert PARENT in workers, "this process waited instead of working"
    assert len(workers) == 2, workers


def test_large_results_come_back_whole() -> None:
    """A child's result larger than a pipe holds is read while this process works."""
    results = run_forked(lambda task: bytes([task]) * 3_000_000, range(6), 2)
    assert [len(result) for result in results] == [3_000_000] * 6
    assert [result[-1] for result in results] == list(range(6))


def _fails_in_a_child(task: int) -> int:
    time.sleep(0.01)
    if os.getpid() != PARENT:
        raise ValueError(f"task {task} failed in a child")
    return task


def test_a_childs_error_is_raised_here() -> None:
    with pytest.raises(ValueError, match="failed in a child"):
        run_forked(_fails_in_a_child, range(40), 2)


def _child_killed(task: int) -> int:
    time.sleep(0.01)
    if os.getpid() != PARENT:
        os._exit(9)  # as the system's out-of-memory killer would end it: nothing said
    return task


def test_a_child_that_ends_mid_task_is_said_not_waited_for() -> None:
    started = time.monotonic()
    with pytest.raises(WorkerEnded, match="ended before its work was done"):
        run_forked(_child_killed, range(40), 2)
    assert time.monotonic() - started < 30


def test_one_process_runs_the_tasks_here() -> None:
    results = run_forked(_slow_square, range(5), 1)
    assert {pid for _, pid in results} == {PARENT}
