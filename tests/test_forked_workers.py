"""The site's forked processes (graph.site.workers) end with the build that forked them: a
build killed by SIGKILL, which runs no clean-up, leaves none of them writing behind it; Ctrl-C
stops the build and them with one line and exit code 130."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synthetic import write

from .conftest import REPO

ONTOLOGY = REPO / "ontology"

KILLED_BUILD = """
import os, sys, time
from pathlib import Path
import graph.site.write as site_write

NOTED = sys.argv[3]
site_write.PAGES_PER_TASK = 1  # forked however small the site
site_write.cores = lambda: 2

def lists(self, language):
    with open(NOTED, "a", encoding="utf-8") as noted:
        noted.write(f"{os.getpid()}\\n")
    time.sleep(120)

site_write._Writer.lists = lists
sys.argv = ["hrgraph", "build", "--sources", sys.argv[1], "--ontology", sys.argv[4], "--out", sys.argv[2]]
from graph.cli import run
run()
"""


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("forked-workers") / "sources"
    write(folder, 100, seed=11, ontology_dir=ONTOLOGY)
    return folder


@contextmanager
def _lists_running(
    tree: Path, tmp_path: Path, **options: Any
) -> Iterator[tuple[subprocess.Popen[bytes], list[int]]]:
    """A build of `tree` (Popen `options` given) whose two site processes (the build and its
    child) are both making a language's lists, with the child's pid; the build killed on leaving."""
    noted = tmp_path / "lists-pids"
    build = subprocess.Popen(
        [sys.executable, "-c", KILLED_BUILD, str(tree), str(tmp_path / "build"), str(noted), str(ONTOLOGY)],
        cwd=REPO,
        **options,
    )
    try:
        deadline = time.monotonic() + 120
        while len(_pids(noted)) < 2:
            assert build.poll() is None, "the build ended before its lists began"
            assert time.monotonic() < deadline, "the lists never began"
            time.sleep(0.1)
        noted_pids = _pids(noted)
        assert build.pid in noted_pids, "the build does not work beside its children"
        children = [pid for pid in noted_pids if pid != build.pid]
        assert children and os.getpid() not in children
        assert all(_running(child) for child in children)
        yield build, children
    finally:
        build.kill()
        build.wait()


def test_the_site_processes_end_when_the_build_is_killed(tree: Path, tmp_path: Path) -> None:
    with _lists_running(tree, tmp_path) as (_, children):
        pass  # killed on leaving
    deadline = time.monotonic() + 10
    while any(_running(child) for child in children):
        assert time.monotonic() < deadline, f"the site's processes {children} outlived the build"
        time.sleep(0.05)


def test_ctrl_c_stops_the_build_and_its_site_processes_with_one_line_and_130(
    tree: Path, tmp_path: Path
) -> None:
    """Ctrl-C reaches the whole group, as a terminal sends it: the build says so in one line,
    its children say nothing, end, and no output was written."""
    as_a_foreground_job = {
        "stderr": subprocess.PIPE,
        "start_new_session": True,
        "preexec_fn": lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    }
    with _lists_running(tree, tmp_path, **as_a_foreground_job) as (build, children):
        os.killpg(build.pid, signal.SIGINT)
        _, said = build.communicate(timeout=30)
    assert build.returncode == 130
    assert said.decode() == (
        "hrgraph: interrupted: the build was stopped; its folder holds the last whole build\n"
    )
    assert not any(_running(child) for child in children)
    outputs = sorted(path.name for path in (tmp_path / "build").iterdir())
    assert outputs == [".cache"], outputs  # the checks' cache of source files, and no output
    assert not list(tmp_path.glob(".build.next*")), "the stopped build's folder is left"


def _pids(noted: Path) -> list[int]:
    """The processes noted so far (a line being written is left for the next look)."""
    text = noted.read_text(encoding="utf-8") if noted.exists() else ""
    return [int(line) for line in text.splitlines(keepends=True) if line.endswith("\n")]


def _running(pid: int) -> bool:
    """Whether `pid` is a process that has not ended (a zombie has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
