"""One build at a time per output folder, and nothing left behind by a killed build (issue 15,
finding 11): what a killed build left is removed by the next, which waits for a running one.
Killed switches: tests/test_build_atomic.py."""

from __future__ import annotations

import fcntl
import io
import os
import threading
from pathlib import Path

from graph.core.progress import Progress
from graph.output.switch import lock_path
from graph.pipeline import Built, build
from tests.conftest import GOLDEN, ONTOLOGY
from tests.polling import wait_until


def test_what_a_killed_build_left_is_removed_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(GOLDEN / "sources", ONTOLOGY, out)
    before = sorted(p.name for p in out.iterdir())
    (out / ".graph.nt.k1ll3d00").write_bytes(b"x" * 1000)  # a temporary copy, never renamed
    (out / ".graph.ttl.previous").write_bytes(b"old")  # a backup, never removed
    (out / ".site.k1ll3d00" / "en").mkdir(parents=True)  # a half-written site
    (out / "notes.txt").write_text("mine")  # not the build's: kept
    build(GOLDEN / "sources", ONTOLOGY, out)
    assert sorted(p.name for p in out.iterdir()) == sorted([*before, "notes.txt"])


def test_a_second_build_of_the_same_folder_waits_for_the_first(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    held = os.open(lock_path(out), os.O_RDWR | os.O_CREAT)
    fcntl.flock(held, fcntl.LOCK_EX)  # as a running build holds it: a file beside the folder
    said = io.StringIO()
    result: list[Built] = []

    def second() -> None:
        result.append(build(GOLDEN / "sources", ONTOLOGY, out, progress=Progress(True, said)))

    thread = threading.Thread(target=second)
    thread.start()
    wait_until(
        lambda: f"waiting for another build of {out} to finish" in said.getvalue(), "the second build waits"
    )
    assert not (out / "graph.nt").exists() and not result
    os.close(held)
    thread.join(timeout=120)
    assert result and (out / "graph.nt").is_file()
