"""Coverage assertions: a sources file dropped by mistake fails validation."""

from __future__ import annotations

import shutil
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.checks.coverage import HINT, check_assertions, load_assertions
from graph.cli import main
from graph.core.errors import DataInvalid
from graph.ingest.dataset import find_source_files
from graph.pipeline import Checked, check

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


def test_the_curated_sources_have_assertions_and_meet_them(seed_checked: Checked) -> None:
    assertions = load_assertions(REPO / "sources")
    assert assertions is not None and assertions.min_records and assertions.min_by_country
    assert check_assertions(assertions, seed_checked.dataset) == []


def minimums_in(toml: Path) -> dict[str, tuple[int, int]]:
    """Each record class or country that hrgraph.toml asserts: its minimum, and the line of it."""
    text = toml.read_text(encoding="utf-8")
    section = tomllib.loads(text)["assertions"]
    values = {**section["min_records"], **section["min_by_country"]}
    lines = {}
    for number, line in enumerate(text.splitlines(), start=1):
        key = line.split("=")[0].strip().strip('"')
        if "=" in line and key in values:
            lines[key] = number
    return {key: (value, lines[key]) for key, value in values.items()}


@pytest.mark.parametrize(
    "dropped", [p.relative_to(REPO / "sources").as_posix() for p in find_source_files(REPO / "sources")]
)
def test_removing_any_one_sources_file_fails_its_coverage_assertion(
    tmp_path: Path, dropped: str, seed_checked: Checked
) -> None:
    """Whatever else breaks when a file goes (references to its records), hrgraph.toml's
    minimums for the classes that file brings below them are reported, in its words."""
    minimums = minimums_in(REPO / "hrgraph.toml")
    records = seed_checked.dataset.records.values()
    everything = Counter(type(r).__name__ for r in records)
    in_file = Counter(
        type(r).__name__ for r in records if Path(r.file).resolve() == REPO / "sources" / dropped
    )
    short = {
        name: everything[name] - in_file[name]
        for name in everything
        if name in minimums and everything[name] - in_file[name] < minimums[name][0]
    }
    assert short, f"hrgraph.toml would not notice {dropped} removed: raise its minimums to the counts"

    shutil.copytree(REPO / "sources", tmp_path / "sources")
    shutil.copy(REPO / "hrgraph.toml", tmp_path / "hrgraph.toml")
    (tmp_path / "sources" / dropped).unlink()
    with pytest.raises(DataInvalid) as caught:
        check(tmp_path / "sources", REPO / "ontology")

    shown = {(p.file, p.line, p.message, p.hint) for p in caught.value.problems}
    toml = (tmp_path / "hrgraph.toml").as_posix()
    for name, found in short.items():
        minimum, line = minimums[name]
        assert (toml, line, f"at least {minimum} {name} records expected, found {found}", HINT) in shown
    for file, line, message, _ in shown:
        if file == toml:  # any other shortfall (a country's) is one of hrgraph.toml's too
            key = next(key for key, (_, at) in minimums.items() if at == line)
            assert message.startswith(f"at least {minimums[key][0]} ") and key in message
