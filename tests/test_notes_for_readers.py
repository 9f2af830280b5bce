"""Curators' notes that speak to curators (fact-sheet rows, confidence codes, record ids) are
warned of at their line, by validate, build and the warm check alike: on fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.analyst.warm import WarmCheck
from graph.cli import main
from graph.core.ontology import load_ontology
from graph.core.vocab import DEFAULT_DATA_BASE
from graph.ingest.dataset import LazyRecords
from graph.ingest.load import read_sources
from graph.ingest.notes import curation_words
from graph.output.build_state import last_build

from .conftest import ONTOLOGY, REPO

VALID = REPO / "tests" / "fixtures" / "valid" / "sources"
WARNING = "person/test-b: the note (en) speaks to curators, not readers"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Fact sheet row 2.8 (C1); see person/keo-remy.", ["Fact sheet", "row 2.8", "C1", "person/keo-remy"]),
        ("Rows 6.11 and 6.12 of the fact-sheet", ["Rows 6.11", "fact-sheet"]),
        (
            "named in the seed article, found with the project's look-up tool",
            ["seed article", "look-up tool"],
        ),
        ("the fact sheet, and again the fact sheet", ["fact sheet"]),
    ],
)
def test_the_words_meant_for_curators_are_found(text: str, words: list[str]) -> None:
    assert curation_words(text) == words


@pytest.mark.parametrize(
    "text",
    [
        "Signed in 2004; ratified in 2012.",
        "Birth date from one source (the CHRC's website, chrc.gov.kh).",
        "The page is at example.org/person/keo-remy and rows of seats 2.5 m apart.",  # an address
        "c1 in lower case, C10 and C5 are not confidence codes; Article 3.1 is not a row",
        "The meeting took place in row-house 12 of the compound.",
    ],
)
def test_a_note_for_readers_is_left_alone(text: str) -> None:
    assert curation_words(text) == []


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """The valid fixture's sources, Test Person B with a note that names a fact-sheet row."""
    folder = tmp_path / "sources"
    shutil.copytree(VALID, folder)
    people = folder / "people.yaml"
    note = "    note: Nationality from the fact sheet's row 3.2 (C2).\n"
    nationality = "    nationality: country/testland-b\n"
    people.write_text(people.read_text().replace(nationality, nationality + note))
    return folder


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--ontology", str(ONTOLOGY)])
    return result.exit_code, result.stdout, result.stderr


def _note_line(people: Path) -> int:
    return next(n for n, line in enumerate(people.read_text().splitlines(), 1) if "note:" in line)


def test_validate_warns_at_the_note_and_passes(sources: Path) -> None:
    code, out, err = _run("validate", "--sources", str(sources))
    people = sources / "people.yaml"
    assert code == 0
    assert out.startswith("ok: ")
    assert f'{people}:{_note_line(people)}: warning: {WARNING}: "fact sheet", "row 3.2", "C2"' in err
    assert "# comment above it" in err  # the hint says where the curation reference goes


def test_the_reference_moved_to_a_comment_is_not_warned_of(sources: Path) -> None:
    people = sources / "people.yaml"
    people.write_text(
        people.read_text().replace(
            "    note: Nationality from the fact sheet's row 3.2 (C2).\n",
            "    # Curation: fact sheet row 3.2 (C2).\n    note: Nationality from one source.\n",
        )
    )
    code, _, err = _run("validate", "--sources", str(sources))
    assert (code, err) == (0, "")


def test_build_and_the_warm_check_warn_alike(sources: Path, tmp_path: Path) -> None:
    code, _, err = _run("build", "--sources", str(sources), "--out", str(tmp_path / "out"))
    assert code == 0
    assert WARNING in err
    again = _run("build", "--sources", str(sources), "--out", str(tmp_path / "out"))
    assert (again[0], again[2].count(WARNING)) == (0, 1)
    warm = WarmCheck(sources, ONTOLOGY, DEFAULT_DATA_BASE, tmp_path / "no-cache")
    assert [p.message for p in warm.problems()] == [f'{WARNING}: "fact sheet", "row 3.2", "C2"']


def test_a_file_not_read_again_is_warned_of_as_its_summary_says(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run("build", "--sources", str(sources), "--out", str(out))[0] == 0
    ontology = load_ontology(ONTOLOGY)
    last = last_build(out, DEFAULT_DATA_BASE, ONTOLOGY)
    assert last is not None
    dataset, problems = read_sources(sources, ontology, known=last.known)
    assert isinstance(dataset.records, LazyRecords)
    assert str(sources / "people.yaml") in dataset.records.unread  # taken from its summary
    fresh, _ = read_sources(sources, ontology)
    assert problems == [] and dataset.warnings == fresh.warnings
    assert [p.message.startswith(WARNING) for p in fresh.warnings] == [True]
