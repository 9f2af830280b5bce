"""Scratch folders beside a build (a copy of its kept store with a change made, for the checks),
removed when done, and by the next one when a killed process left them.

A folder in use holds a lock on itself (flock on the folder's descriptor), which ends with the
process however it ends; a later process removes the folders whose lock it can take and that
are older than a minute (so that one just made, not yet locked, is never taken)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX = ".hrgraph-checks-"
ABANDONED_AFTER = 60.0  # seconds: a folder younger than this is never removed by another process


@contextmanager
def scratch_folder(beside: Path) -> Iterator[Path]:
    """A new empty folder in `beside`, locked while in use and removed after. Raises OSError
    when it cannot be made."""
    remove_abandoned(beside)
    folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=beside))
    handle = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(handle)


def remove_abandoned(beside: Path) -> None:
    """Remove the scratch folders in `beside` that no process holds (left by a killed one)."""
    try:
        entries = [e for e in os.scandir(beside) if e.name.startswith(PREFIX)]
    except OSError:
        return
    for entry in entries:
        with contextlib.suppress(OSError):
            if not entry.is_dir(follow_symlinks=False):
                continue
            if time.time() - entry.stat(follow_symlinks=False).st_mtime < ABANDONED_AFTER:
                continue
            handle = os.open(entry.path, os.O_RDONLY | os.O_CLOEXEC)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                shutil.rmtree(entry.path, ignore_errors=True)
            finally:
                os.close(handle)
