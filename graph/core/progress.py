"""Progress of long builds on stderr, only when stderr is a terminal (quiet in scripts and CI)."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class Progress:
    """Reports pipeline stages on one self-overwriting line."""

    def __init__(self, enabled: bool, stream: TextIO | None = None):
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()

    def __call__(self, stage: str) -> None:
        if self.enabled:
            elapsed = time.perf_counter() - self.started
            self.stream.write(f"\r\033[K[{elapsed:6.1f}s] {stage}…")
            self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()


QUIET = Progress(False)


def terminal_progress() -> Progress:
    """Progress when a person watches a terminal; none in pipes, scripts and CI."""
    return Progress(sys.stderr.isatty() and not os.environ.get("CI"))
