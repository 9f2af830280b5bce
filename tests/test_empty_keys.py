"""A key written with no value (`quote:` and nothing after it) is a curator's slip: it is
refused at its own line, in a record, a citation, a claim and a nested part alike, while a key
left out stays allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.ingest.read_file import load_file

MEETING_YAML = """\
meetings:
  - id: meeting/m
    name: {en: M}
    date: 2020
    end: 2020-12
    participants:
      - person: person/p
        role: role/host
    cites:
      - source: src/a
        quote: they met
"""

HINT = "write the value, or delete the key"


def problems_of(tmp_path: Path, text: str) -> list[tuple[int, str, str]]:
    path = tmp_path / "meetings.yaml"
    path.write_text(text, encoding="utf-8")
    return [(p.line, p.message, p.hint) for p in load_file(path, "meetings.yaml").problems]


def test_the_meeting_as_written_has_no_problem(tmp_path: Path) -> None:
    assert problems_of(tmp_path, MEETING_YAML) == []


@pytest.mark.parametrize(
    ("written", "empty", "line", "where"),
    [
        ("quote: they met", "quote:", 11, "'cites.quote'"),
        ("end: 2020-12", "end:", 5, "'end'"),
        ("role: role/host", "role:", 8, "'participants.role'"),
    ],
)
def test_a_key_written_without_a_value_is_refused_at_its_line(
    tmp_path: Path, written: str, empty: str, line: int, where: str
) -> None:
    problems = problems_of(tmp_path, MEETING_YAML.replace(written, empty))
    assert problems == [(line, f"meeting/m: {where}: no value is written after the colon", HINT)]


def test_a_key_left_out_is_still_allowed(tmp_path: Path) -> None:
    assert problems_of(tmp_path, MEETING_YAML.replace("    end: 2020-12\n", "")) == []
