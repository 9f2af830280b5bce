"""Message parts a curator reads: the article of a noun, the indentation fault a misplaced key
points to, and the full id a bare word stands for."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.core.errors import DataInvalid
from graph.core.ontology import Ontology
from graph.core.suggest import with_article
from graph.ingest.load import load_sources
from graph.ingest.read_file import load_file

from .conftest import FIXTURES, ONTOLOGY, VALID


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("organisation", "an organisation"),
        ("instrument event", "an instrument event"),
        ("observation", "an observation"),
        ("person, organisation or country", "a person, organisation or country"),
        ("meeting series", "a meeting series"),
        ("unit", "a unit"),
        ("European body", "a European body"),
        ("Organisation", "an Organisation"),
    ],
)
def test_the_article_comes_from_the_word(phrase: str, expected: str) -> None:
    assert with_article(phrase) == expected


def errors_of(sources: Path, ontology: Ontology) -> list[str]:
    with pytest.raises(DataInvalid) as raised:
        load_sources(sources, ontology)
    return [str(problem) for problem in raised.value.problems]


def edited_valid_tree(tmp_path: Path, name: str, old: str, new: str) -> Path:
    sources = tmp_path / "sources"
    shutil.copytree(VALID, sources)
    text = (sources / name).read_text(encoding="utf-8")
    assert old in text
    (sources / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return sources


def test_a_meeting_key_indented_under_a_participant_is_told_to_move_out(
    tmp_path: Path, ontology: Ontology, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = edited_valid_tree(
        tmp_path,
        "meetings.yaml",
        "        role: role/host\n",
        "        role: role/host\n        topics: [topic/capacity-building]\n",
    )
    monkeypatch.chdir(tmp_path)
    assert errors_of(sources, ontology) == [
        "sources/meetings.yaml:13: meeting/2025-01-15-test: unknown key 'topics' "
        "(did you mean to indent it less, as a key beside 'participants:'?)"
    ]


def test_a_bare_word_gets_the_full_id_of_a_record_it_is_the_tail_of(
    tmp_path: Path, ontology: Ontology, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not only concepts (role/guest): a record's id too, among the kinds the field names."""
    sources = edited_valid_tree(
        tmp_path, "meetings.yaml", "      - person: person/test-b\n", "      - person: Test-B\n"
    )
    monkeypatch.chdir(tmp_path)
    assert errors_of(sources, ontology) == [
        "sources/meetings.yaml:11: meeting/2025-01-15-test: 'participants.person': 'Test-B' is not an id "
        "(did you mean 'person/test-b'? An id starts with its kind)"
    ]


def test_a_bare_word_that_is_no_known_tail_keeps_the_form_hint(
    tmp_path: Path, ontology: Ontology, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = edited_valid_tree(tmp_path, "meetings.yaml", "role: role/guest", "role: visitor")
    monkeypatch.chdir(tmp_path)
    [error] = errors_of(sources, ontology)
    assert error.endswith(
        "'participants.role': 'visitor' is not an id (ids look like kind/short-name: "
        "lowercase letters, digits, '-', '.' and '_', e.g. person/keo-remy)"
    )


def test_a_stored_text_of_a_source_whose_file_failed_is_no_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """src/test-source is in sources.yaml, which cannot be read: its stored text is not reported
    as the text of a source no file defines, which follows only from the file's own error."""
    sources = edited_valid_tree(tmp_path, "sources.yaml", "title: Test Source A", "title: Test: A")
    (sources / "texts").mkdir()
    shutil.copy(FIXTURES / "quotes" / "test-source.txt", sources / "texts" / "test-source.txt")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--sources", "sources", "--ontology", str(ONTOLOGY)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "sources/sources.yaml:4: YAML syntax error: mapping values are not allowed here "
        "(text that contains ': ' must be in quotes, e.g. title: \"Cambodia: a report\")",
        "hrgraph: 1 error; nothing was written",
    ]


def test_a_quote_in_quotes_may_hold_a_hash_and_other_values_may_have_comments(
    tmp_path: Path, ontology: Ontology
) -> None:
    """Only a plain quote followed by ' #' is cut; a quoted one keeps its '#', and a comment after
    another value is a curator's note."""
    sources = edited_valid_tree(
        tmp_path,
        "people.yaml",
        "        quote: Test Person A is the Test Minister.\n",
        "        quote: 'Test Person A is the Test Minister. #appointed'\n",
    )
    people = sources / "people.yaml"
    text = people.read_text(encoding="utf-8").replace(
        "    nationality: country/testland-b\n", "    nationality: country/testland-b  # as of 2025\n"
    )
    people.write_text(text, encoding="utf-8")
    dataset = load_sources(sources, ontology)
    tenure = dataset.records["tenure/test-a-minister"]
    assert [c.quote for c in tenure.cites or []] == ["Test Person A is the Test Minister. #appointed"]


@pytest.mark.parametrize(
    ("text", "line", "said"),
    [
        (
            "statements:\n  - id: statement/x\n    by: person/ana\n      date: 2020\n",
            4,
            "mapping values are not allowed here (this key is indented more than the one above it "
            "(line 3): give it the same indentation)",
        ),
        (
            "statements:\n  - id: statement/x\n      by: person/ana\n",
            3,
            "mapping values are not allowed here (this key is indented more than the one above it "
            "(line 2): give it the same indentation)",
        ),
        (
            "statements:\n  - id: statement/x\n    text: {en: hi}\n      by: person/ana\n",
            4,
            "expected <block end>, but found '<block mapping start>' (this key is indented more than "
            "the one above it (line 3): give it the same indentation)",
        ),
        (
            "sources:\n  - id: src/x\n    title: Cambodia: a report\n",
            3,
            "mapping values are not allowed here (text that contains ': ' must be in quotes, "
            'e.g. title: "Cambodia: a report")',
        ),
    ],
)
def test_a_key_indented_too_far_is_told_apart_from_text_holding_a_colon(
    tmp_path: Path, text: str, line: int, said: str
) -> None:
    """YAML says the same of both; the curator is told which one it is."""
    path = tmp_path / "new.yaml"
    path.write_text(text, encoding="utf-8")
    [problem] = load_file(path, "new.yaml").problems
    assert str(problem) == f"new.yaml:{line}: YAML syntax error: {said}"
