"""Quotes checked against a source's stored text (sources/texts/<name>.txt), the review gate on
suggested facts, and the quote coverage hrgraph stats reports: on fixtures, never the live data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.checks.quotes import closest_passage, normalise
from graph.cli import main

from .conftest import REPO

FIXTURES = REPO / "tests" / "fixtures"
QUOTED = FIXTURES / "quotes" / "meeting-quoted.yaml"


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """The valid fixture's sources, with a stored text for src/test-source and a quoted meeting."""
    folder = tmp_path / "sources"
    shutil.copytree(FIXTURES / "valid" / "sources", folder)
    (folder / "texts").mkdir()
    shutil.copy(FIXTURES / "quotes" / "test-source.txt", folder / "texts" / "test-source.txt")
    shutil.copy(QUOTED, folder / "meeting-quoted.yaml")
    return folder


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--ontology", str(REPO / "ontology")])
    return result.exit_code, result.stdout, result.stderr


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_normalise_writes_whitespace_quotes_and_dashes_alike() -> None:
    assert normalise("“Ya,”  kata\nia —\tlalu ‘pergi’ ") == "\"Ya,\" kata ia - lalu 'pergi'"


def test_quotes_found_in_the_stored_text_validate(sources: Path) -> None:
    code, out, err = _run("validate", "--sources", str(sources))
    assert (code, err) == (0, "")
    assert out.startswith("ok: ")


@pytest.mark.parametrize(
    ("original", "changed", "line_text"),
    [
        ("met Test Person B", "met Test Person C", "the minister of Testland A"),
        ("send a test report", "send a final report", "Testland A will send"),
    ],
)
def test_a_quote_with_one_word_changed_fails_at_its_line(
    sources: Path, original: str, changed: str, line_text: str
) -> None:
    meeting = sources / "meeting-quoted.yaml"
    meeting.write_text(meeting.read_text().replace(original, changed))
    code, out, err = _run("validate", "--sources", str(sources))
    assert code == 1
    assert out == ""
    line = _line_of(meeting, line_text)
    expected = (
        f"{meeting}:{line}: meeting/2025-01-15-quoted: the quote is not in the stored text of "
        f"src/test-source ({sources / 'texts' / 'test-source.txt'})"
    )
    assert expected in err
    assert err.count("the quote is not in the stored text") == 1
    assert '(the closest passage is "' in err
    assert original.split()[-1] in err.split("closest passage is")[1]  # the source's own word
    assert "nothing was written" in err


def test_build_refuses_a_quote_not_in_the_stored_text(sources: Path, tmp_path: Path) -> None:
    meeting = sources / "meeting-quoted.yaml"
    meeting.write_text(meeting.read_text().replace("Test City", "Test Town"))
    code, _, err = _run("build", "--sources", str(sources), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "the quote is not in the stored text" in err
    assert not (tmp_path / "out" / "graph.nt").exists()


def test_a_stored_text_of_no_defined_source_is_a_warning(sources: Path) -> None:
    shutil.copy(sources / "texts" / "test-source.txt", sources / "texts" / "nowhere.txt")
    code, out, err = _run("validate", "--sources", str(sources))
    assert code == 0
    assert f"{sources / 'texts' / 'nowhere.txt'}:1: warning: a stored text for src/nowhere" in err
    assert out.startswith("ok: ")


def test_a_stored_text_that_is_not_utf8_cannot_be_read(sources: Path) -> None:
    (sources / "texts" / "test-source.txt").write_bytes(b"caf\xe9")
    code, _, err = _run("validate", "--sources", str(sources))
    assert code == 3
    assert "it is not UTF-8 text" in err
    assert "Traceback" not in err


def test_closest_passage_widens_to_whole_words() -> None:
    text = "Menteri HAM Indonesia, Natalius Pigai, baru-baru ini bertemu dengan Keo Remy."
    assert closest_passage("Natalius Pigay, baru-baru", text) == "Natalius Pigai, baru-baru"


def test_stats_reports_quote_coverage(sources: Path) -> None:
    code, out, _ = _run("stats", "--sources", str(sources))
    assert code == 0
    quotes = out.split("Quotes:\n")[1].splitlines()
    # the valid fixture quotes src/test-source once (a tenure), the quoted meeting twice
    assert quotes[0].split() == ["citations", "with", "a", "quote", "3", "of", "10"]
    assert quotes[1].split() == ["sources", "with", "a", "stored", "text", "1", "of", "1"]
    assert quotes[2].split() == ["quotes", "checked", "against", "it", "3"]


def test_the_review_gate_refuses_pending_facts_at_their_lines(sources: Path, tmp_path: Path) -> None:
    meeting = sources / "meeting-quoted.yaml"
    text = meeting.read_text()
    text = text.replace("    date: 2025-01-15\n", "    date: 2025-01-15\n    review: pending\n")
    text = text.replace("        cites:\n", "        review: pending\n        cites:\n")
    meeting.write_text(text)
    lines = [n for n, line in enumerate(text.splitlines(), 1) if "review: pending" in line]
    assert len(lines) == 2
    for command in (["validate"], ["build", "--out", str(tmp_path / "out")]):
        code, _, err = _run(*command, "--sources", str(sources))
        assert code == 1
        for line in lines:
            assert f"{meeting}:{line}: " in err
        assert err.count("a suggested fact is still pending review (check it against the source") == 2
        assert "then delete the `review: pending` line, or delete the fact)" in err
    assert not (tmp_path / "out" / "graph.nt").exists()


def test_review_takes_no_other_word(sources: Path) -> None:
    meeting = sources / "meeting-quoted.yaml"
    text = meeting.read_text().replace("    date: 2025-01-15\n", "    date: 2025-01-15\n    review: done\n")
    meeting.write_text(text)
    code, _, err = _run("validate", "--sources", str(sources))
    assert code == 1
    assert "review takes only 'pending', got 'done'" in err
