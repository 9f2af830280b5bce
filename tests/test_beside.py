"""Work done beside the build's stages (graph.core.beside): the cold build's kept store is
loaded in a thread while the network view is made. Its error ends the build as any
stage's does, with the last build as it was; a build that fails meanwhile waits for it, so
nothing is written into the folder its failure removes."""

from __future__ import annotations

import errno
import threading
import time
from pathlib import Path

import pytest

import graph.pipeline
import graph.view.kept_view
from graph.core.beside import beside
from graph.core.errors import SystemFailure
from graph.pipeline import build
from graph.sparql.kept_store import open_kept, write_store

from .conftest import GOLDEN, ONTOLOGY


def _outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_the_work_runs_beside_the_block_and_its_result_is_given_when_waited_for() -> None:
    started, may_end = threading.Event(), threading.Event()

    def work() -> str:
        started.set()
        may_end.wait(5)
        return "done"

    with beside(work, "test") as running:
        assert started.wait(5)  # begun while the block runs
        may_end.set()
        assert running.wait() == "done"


def test_the_works_error_is_raised_where_it_is_waited_for_or_when_the_block_ends() -> None:
    def work() -> None:
        raise SystemFailure("cannot write the store")

    with pytest.raises(SystemFailure, match="cannot write the store"), beside(work, "test") as running:
        running.wait()
    with pytest.raises(SystemFailure, match="cannot write the store"), beside(work, "test"):
        pass  # never waited for in the block: raised at its end


def test_a_block_that_fails_waits_for_the_work_and_reports_its_own_error() -> None:
    ended: list[float] = []

    def work() -> None:
        time.sleep(0.3)
        ended.append(time.monotonic())
        raise SystemFailure("not this one")

    with pytest.raises(RuntimeError, match="the view"), beside(work, "test"):
        raise RuntimeError("the view could not be drawn")
    assert ended  # the work had ended when the block's error left it


def _left_as_it_was(tmp_path: Path, out: Path, before: dict[str, bytes]) -> None:
    """The last build's outputs unchanged, and nothing beside its folder but the lock."""
    assert _outputs(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build.lock", "build"]  # no leftovers


def _cold(out: Path) -> None:
    """A cold build of the golden sources (no cache: nothing is updated, the store is written
    whole beside the network view)."""
    build(GOLDEN / "sources", ONTOLOGY, out)


@pytest.fixture
def last_build(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A cold build's folder, and its outputs as that build left them."""
    out = tmp_path / "build"
    _cold(out)
    return out, _outputs(out)


def test_a_store_the_disk_refuses_ends_the_cold_build_and_keeps_the_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, last_build: tuple[Path, dict[str, bytes]]
) -> None:
    out, before = last_build

    def refused(folder: Path, *args: object, **kwargs: object) -> None:
        time.sleep(0.2)  # still loading while the network view is made
        raise SystemFailure.of("write", folder, OSError(errno.ENOSPC, "No space left on device"))

    monkeypatch.setattr(graph.pipeline, "write_store", refused)
    with pytest.raises(SystemFailure, match="No space left on device"):
        _cold(out)
    _left_as_it_was(tmp_path, out, before)


def test_a_cold_build_that_fails_while_the_store_loads_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, last_build: tuple[Path, dict[str, bytes]]
) -> None:
    out, before = last_build
    seen: list[bool] = []

    def slow(folder: Path, *args: object, **kwargs: object) -> None:
        time.sleep(0.5)  # the view fails meanwhile
        write_store(folder, *args, **kwargs)  # type: ignore[arg-type]
        seen.append(folder.is_dir())  # the build's new folder not yet removed

    def failing_view(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the view could not be drawn")

    monkeypatch.setattr(graph.pipeline, "write_store", slow)
    monkeypatch.setattr(graph.view.kept_view, "network_view", failing_view)
    with pytest.raises(RuntimeError, match="the view"):
        _cold(out)
    assert seen == [True]
    _left_as_it_was(tmp_path, out, before)


def test_the_cold_builds_store_is_complete_when_the_build_ends(tmp_path: Path) -> None:
    out = tmp_path / "build"
    _cold(out)

    kept = open_kept(out / "graph.nt")  # its stamp, files and dump as they were made
    assert kept.store is not None, kept.why_not
    assert len(kept.store) == (out / "graph.nt").read_bytes().count(b"\n")
