"""A build of a large graph writes the network page's parts beside it (graph-parts/), switched
in with the page; a later build of a small graph removes them, it does not carry them over."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import graph.view.page
from graph.cli import main
from graph.view.page import PARTS_FOLDER

from .conftest import REPO, VALID


def build(out: Path, *more: str) -> None:
    args = ["build", "--sources", str(VALID), "--ontology", str(REPO / "ontology"), "--out", str(out)]
    result = CliRunner().invoke(main, [*args, *more])
    assert result.exit_code == 0, result.output


def test_parts_come_with_a_large_page_and_go_with_a_small_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "build"
    with monkeypatch.context() as patched:
        patched.setattr(graph.view.page, "BIG_PAGE", 10)  # the fixture's graph counts as large
        build(out)
    parts = sorted(p.name for p in (out / PARTS_FOLDER).iterdir())
    assert parts and all(name.endswith(".js") for name in parts)
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert PARTS_FOLDER in page
    build(out)
    assert not (out / PARTS_FOLDER).exists()
    assert PARTS_FOLDER not in (out / "graph.html").read_text(encoding="utf-8")


def test_a_small_build_in_place_removes_the_parts_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "build"
    with monkeypatch.context() as patched:
        patched.setattr(graph.view.page, "BIG_PAGE", 10)
        build(out, "--no-cache")
    assert (out / PARTS_FOLDER).is_dir()
    monkeypatch.setattr("graph.output.switch._can_switch", lambda _out: False)  # as on a mount point
    build(out, "--no-cache")
    assert not (out / PARTS_FOLDER).exists()
    assert not list(out.glob(f".{PARTS_FOLDER}*"))
