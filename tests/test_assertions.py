"""Coverage assertions: a sources file dropped by mistake fails validation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.core.errors import DataInvalid
from graph.ingest.dataset import find_source_files
from graph.pipeline import check

from .conftest import GOLDEN, REPO


def _golden_project(tmp_path: Path, toml: str) -> Path:
    shutil.copytree(GOLDEN / "sources", tmp_path / "sources")
    (tmp_path / "hrgraph.toml").write_text(toml, encoding="utf-8")
    return tmp_path / "sources"


def test_shortfalls_are_reported_at_the_line_of_the_assertion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _golden_project(
        tmp_path,
        "[assertions.min_records]\nPerson = 1\nMeeting = 3\n\n"
        '[assertions.min_by_country]\n"country/atlantis" = 99\n',
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--ontology", str(REPO / "ontology")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "hrgraph.toml:3: at least 3 Meeting records expected, found 1 (a sources file may have been removed "
        "or emptied by mistake (see git status); if the data really shrank, lower the number)",
        "hrgraph.toml:6: at least 99 records about country/atlantis expected, found 13 (a sources file "
        "may have been removed or emptied by mistake (see git status); if the data really shrank, lower the "
        "number)",
    ]


def test_met_assertions_pass(tmp_path: Path) -> None:
    sources = _golden_project(tmp_path, "[assertions.min_records]\nPerson = 1\n")
    check(sources, REPO / "ontology")


def test_a_bad_assertion_file_is_refused(tmp_path: Path) -> None:
    sources = _golden_project(tmp_path, "[assertions.min_records]\nPeople = 1\n")
    with pytest.raises(DataInvalid) as caught:
        check(sources, REPO / "ontology")
    (problem,) = caught.value.problems
    assert (problem.line, problem.message) == (2, "unknown record class 'People'")


def test_the_curated_sources_have_assertions_and_meet_them() -> None:
    assert (REPO / "hrgraph.toml").is_file()
    check(REPO / "sources", REPO / "ontology")


@pytest.mark.parametrize(
    "dropped", [p.relative_to(REPO / "sources").as_posix() for p in find_source_files(REPO / "sources")]
)
def test_removing_any_one_sources_file_fails_validation(tmp_path: Path, dropped: str) -> None:
    shutil.copytree(REPO / "sources", tmp_path / "sources")
    shutil.copy(REPO / "hrgraph.toml", tmp_path / "hrgraph.toml")
    (tmp_path / "sources" / dropped).unlink()
    with pytest.raises(DataInvalid):
        check(tmp_path / "sources", REPO / "ontology")
