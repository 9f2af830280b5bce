"""Waiting in tests for something to happen: the condition polled, with a bound, never a
fixed sleep that hopes it is long enough."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    """Return as soon as condition() is true; fail the test if it is still false after
    `timeout` seconds. Polls often at first, then at most every 0.2 s."""
    deadline = time.monotonic() + timeout
    pause = 0.005
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: still not so after {timeout:g} s")
        time.sleep(pause)
        pause = min(pause * 2, 0.2)
