"""`hrgraph query` on a build older than a source file answers, then warns that the build is
stale (looked for while the query is evaluated, so that the walk of sources/ costs no time)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main

from .conftest import REPO, VALID, made_once

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _build_valid(folder: Path) -> None:
    shutil.copytree(VALID, folder / "sources")
    args = ["--sources", str(folder / "sources"), "--ontology", str(REPO / "ontology")]
    result = CliRunner().invoke(main, ["build", *args, "--out", str(folder / "build")])
    assert result.exit_code == 0, result.output


@pytest.fixture
def built(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    made = made_once(tmp_path_factory, "stale-warning-valid", _build_valid)
    shutil.copytree(made, tmp_path / "copy", symlinks=True)
    return tmp_path / "copy"


def query(folder: Path) -> tuple[int, str, str, str]:
    args = ["query", COUNT, "--format", "csv", "--graph", str(folder / "build" / "graph.nt")]
    result = CliRunner().invoke(main, [*args, "--sources", str(folder / "sources")])
    return result.exit_code, result.stdout, result.stderr, result.output


def test_a_current_build_answers_without_a_warning(built: Path) -> None:
    dump = built / "build" / "graph.nt"
    for source in (built / "sources").rglob("*.yaml"):
        os.utime(source, ns=(dump.stat().st_mtime_ns - 10**9, dump.stat().st_mtime_ns - 10**9))
    code, out, err, _ = query(built)
    assert code == 0 and out.startswith("n\n") and err == ""


def test_a_source_only_touched_after_the_build_is_not_named(built: Path) -> None:
    """A checkout (or an editor's save of the same text) writes the file again: its bytes are
    those the build read, so the build is current."""
    dump = built / "build" / "graph.nt"
    touched = sorted((built / "sources").rglob("*.yaml"))[0]
    later = dump.stat().st_mtime_ns + 10**9
    os.utime(touched, ns=(later, later))
    code, out, err, _ = query(built)
    assert code == 0 and out.startswith("n\n") and err == ""


def test_a_source_edited_after_the_build_is_named_after_the_answer(built: Path) -> None:
    dump = built / "build" / "graph.nt"
    edited = sorted((built / "sources").rglob("*.yaml"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    later = dump.stat().st_mtime_ns + 10**9
    os.utime(edited, ns=(later, later))
    code, out, err, both = query(built)
    assert code == 0 and out.startswith("n\n")
    assert err == (
        f"hrgraph: warning: {edited} changed after the last build; "
        "run 'hrgraph build' to query the current facts\n"
    )
    assert both.index("hrgraph: warning") > both.index("n\n")
