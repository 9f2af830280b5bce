"""Scratch folders beside a build (graph.output.scratch): removed after use, and those a killed
process left are removed by the next one, never one another process still holds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from graph.output.scratch import ABANDONED_AFTER, PREFIX, remove_abandoned, scratch_folder

HOLD = """
import fcntl, os, sys
handle = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(handle, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.read()
"""


def left(folder: Path, age: float) -> Path:
    """A scratch folder with a file in it, last changed `age` seconds ago."""
    made = folder / f"{PREFIX}left{age:g}"
    made.mkdir()
    (made / "000001.sst").write_bytes(b"x")
    then = os.stat(made).st_mtime - age
    os.utime(made, (then, then))
    return made


def test_a_scratch_folder_is_removed_after_use(tmp_path: Path) -> None:
    with scratch_folder(tmp_path) as folder:
        assert folder.parent == tmp_path and folder.name.startswith(PREFIX) and not any(folder.iterdir())
        (folder / "store").mkdir()
    assert not folder.exists()


def test_what_a_killed_process_left_is_removed_by_the_next(tmp_path: Path) -> None:
    abandoned = left(tmp_path, ABANDONED_AFTER + 5)
    young = left(tmp_path, 0)  # perhaps just made by another process, not yet locked
    other = tmp_path / "build"
    other.mkdir()
    with scratch_folder(tmp_path):
        assert not abandoned.exists()
        assert young.exists() and other.exists()


def test_a_folder_another_process_holds_is_kept(tmp_path: Path) -> None:
    held = left(tmp_path, ABANDONED_AFTER + 5)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(held)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        remove_abandoned(tmp_path)
        assert held.exists()
    finally:
        holder.communicate("")
    remove_abandoned(tmp_path)  # its holder has ended
    assert not held.exists()
