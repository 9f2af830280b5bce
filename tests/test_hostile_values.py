"""Values that RDF or a terminal cannot carry (issue 15, findings 6, 10, 12, 18 and 19).

Each case makes one edit to a copy of tests/fixtures/valid/sources and runs the real CLI:
`hrgraph validate` (and `build`) must exit with code 1, print exactly the located problem and
its hint, and never a traceback. A few values that look hostile but are fine must still pass.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graph.cli import main

from .conftest import ONTOLOGY, VALID

TEXT_HINT = "delete it: curated text holds only printable characters, tabs and line breaks"
ID_HINT = "ids look like kind/short-name: lowercase letters, digits, '-', '.' and '_', e.g. person/keo-remy"
FIGURE_HINT = "write the figure in decimal digits, e.g. 1200 or 12.5"
NUMBER_HINT = "write the number in decimal digits, or put it in quotes if it is text"
LARGEST = "9,223,372,036,854,775,807"
ESC = "U+001B (the control character ESC)"
NUL = "U+0000 (the control character NUL)"
VISITORS = "meetings.yaml:38: obs/2025-01-15-test-visitors: 'value'"


@dataclass(frozen=True)
class Edit:
    """Replace `old` by `new` (bytes, once) in one file of the valid fixture; with no `old`,
    write `new` as the whole file."""

    file: str
    old: bytes | None
    new: bytes


def edited_sources(folder: Path, edit: Edit) -> None:
    """folder/sources: a copy of the valid fixture with one edit made."""
    sources = folder / "sources"
    shutil.copytree(VALID, sources)
    path = sources / edit.file
    if edit.old is None:
        path.write_bytes(edit.new)
        return
    before = path.read_bytes()
    assert before.count(edit.old) == 1, edit
    path.write_bytes(before.replace(edit.old, edit.new))


def run_cli(folder: Path, command: str) -> Result:
    args = [command, "--sources", "sources", "--ontology", str(ONTOLOGY)]
    if command == "build":
        args += ["--out", str(folder / "build")]
    return CliRunner().invoke(main, args)


PERSON_A = b"name: {en: Test Person A}"
VALUE = b"value: 1200"

# case -> (the edit, the problems `validate` prints for it, each file relative to sources/)
REFUSED: dict[str, tuple[Edit, str | tuple[str, ...]]] = {
    # finding 6: a final newline slipped past the patterns' `$`, or a NUL into an address
    "id-ending-in-newline": (
        Edit("people.yaml", b"id: person/test-b", b'id: "person/test-b\\n"'),
        f"people.yaml:8: 'person/test-b\\n': 'id': 'person/test-b\\n' is not an id ({ID_HINT})",
    ),
    "misplaced-id-ending-in-newline": (
        Edit("people.yaml", b"id: person/test-b", b'id: "meeting/test-b\\n"'),
        "people.yaml:8: 'meeting/test-b\\n' is listed under 'people:', whose ids start with person/ "
        "(rename it 'person/test-b\\n', or move it to 'meetings:')",
    ),
    "url-ending-in-newline": (
        Edit("sources.yaml", b"url: https://example.org/a", b'url: "https://example.org/a\\n"'),
        "sources.yaml:8: src/test-source: 'url': 'https://example.org/a\\n' is not a web address "
        "(write the full address, starting with https:// or http://)",
    ),
    "url-holding-a-password": (
        Edit("sources.yaml", b"url: https://example.org/a", b"url: https://curator:secret@example.org/a"),
        "sources.yaml:8: src/test-source: 'url': 'https://curator:secret@example.org/a' holds a user "
        "name or a password (write the address a reader can open, without 'name:password@')",
    ),
    "url-holding-nul": (
        Edit("sources.yaml", b"url: https://example.org/a", b'url: "https://example.org/\\0a"'),
        "sources.yaml:8: the text holds the character U+0000 (the control character NUL) "
        f"after 'https://example.org/' ({TEXT_HINT})",
    ),
    "wikidata-ending-in-newline": (
        Edit(
            "organizations.yaml",
            b"kind: org-kind/ministry",
            b'kind: org-kind/ministry\n    wikidata: "Q42\\n"',
        ),
        "organizations.yaml:6: org/test-ministry: 'wikidata': 'Q42\\n' is not a Wikidata item id "
        "(write it like Q252)",
    ),
    "language-tag-ending-in-newline": (
        Edit("people.yaml", PERSON_A, b'name: {"en\\n": Test Person A}'),
        "people.yaml:4: person/test-a: 'name': 'en\\n' is not a language tag "
        "(use a BCP 47 tag such as en, id, km, fr or zh-Hant)",
    ),
    # finding 10: impossible figures, and numbers YAML silently turns into others
    "value-nan": (
        Edit("meetings.yaml", VALUE, b"value: .nan"),
        f"meetings.yaml:38: '.nan' is not a number ({FIGURE_HINT})",
    ),
    "value-infinite": (
        Edit("meetings.yaml", VALUE, b"value: .inf"),
        f"meetings.yaml:38: the number '.inf' is infinite ({FIGURE_HINT})",
    ),
    "value-overflowing": (
        Edit("meetings.yaml", VALUE, b"value: 1.0e+999"),
        f"meetings.yaml:38: the number '1.0e+999' is too large: it would become infinity ({FIGURE_HINT})",
    ),
    "value-underflowing": (
        Edit("meetings.yaml", VALUE, b"value: 1.0e-400"),
        f"meetings.yaml:38: the number '1.0e-400' is too small: it would become 0 ({FIGURE_HINT})",
    ),
    "value-sexagesimal": (
        Edit("meetings.yaml", VALUE, b"value: 1:30"),
        f"meetings.yaml:38: '1:30' is a base-60 number (YAML reads it as 90) ({NUMBER_HINT})",
    ),
    "value-sexagesimal-float": (
        Edit("meetings.yaml", VALUE, b"value: 1:30.5"),
        f"meetings.yaml:38: '1:30.5' is a base-60 number (YAML reads it as 90.5) ({FIGURE_HINT})",
    ),
    "value-octal": (
        Edit("meetings.yaml", VALUE, b"value: 0755"),
        f"meetings.yaml:38: '0755' is a number that is not in decimal digits (YAML reads it as 493) "
        f"({NUMBER_HINT})",
    ),
    "value-beyond-64-bits": (
        Edit("meetings.yaml", VALUE, b"value: 9223372036854775808"),
        f"meetings.yaml:38: the number 9223372036854775808 is too large for the graph "
        f"(a whole number is at most {LARGEST})",
    ),
    "value-too-large-decimal": (
        Edit("meetings.yaml", VALUE, b"value: 1.0e+30"),
        f"{VISITORS}: 1e+30 is too large for the graph (a figure is at most {LARGEST})",
    ),
    "value-too-many-decimal-places": (
        Edit("meetings.yaml", VALUE, b"value: 1.0e-30"),
        f"{VISITORS}: 1e-30 is too small for the graph (a figure has at most 18 decimal places)",
    ),
    # finding 12: a lone surrogate, a 5,000-digit number
    "lone-surrogate": (
        Edit("people.yaml", PERSON_A, b'name: {en: "A\\ud800B"}'),
        "people.yaml:4: the text holds the character U+D800 (a lone surrogate, half of a UTF-16 pair) "
        f"after 'A' ({TEXT_HINT})",
    ),
    "value-of-5000-digits": (
        Edit("meetings.yaml", VALUE, b"value: " + b"9" * 5000),
        "meetings.yaml:38: the number 99999999999999999999... has 5000 digits: too large for the graph "
        f"(a whole number is at most {LARGEST})",
    ),
    # finding 18: control characters, escaped or raw, never reach a terminal
    "escape-sequence-in-name": (
        Edit("people.yaml", PERSON_A, b'name: {en: "\\e[31mTest Person A"}'),
        f"people.yaml:4: the text holds the character {ESC} at its start ({TEXT_HINT})",
    ),
    "raw-escape-in-name": (
        Edit("people.yaml", PERSON_A, b"name: {en: Test \x1b[31mPerson A}"),
        f"people.yaml:4: the file holds the character {ESC} in column 21 ({TEXT_HINT})",
    ),
    "escape-in-key": (
        Edit("people.yaml", PERSON_A, b'name: {"e\\en": Test Person A}'),
        f"people.yaml:4: the text holds the character {ESC} after 'e' ({TEXT_HINT})",
    ),
    "newline-in-name": (
        Edit("people.yaml", PERSON_A, b'name: {en: "Test\\nPerson A"}'),
        "people.yaml:4: person/test-a: 'name': the en name 'Test\\nPerson A' holds a line break or a tab "
        "(write a name on one line; a quote or a note may hold several lines)",
    ),
    "tab-in-alias": (
        Edit(
            "organizations.yaml",
            b"kind: org-kind/ministry",
            b'kind: org-kind/ministry\n    aliases: {en: ["T\\tM"]}',
        ),
        "organizations.yaml:6: org/test-ministry: 'aliases': the en name 'T\\tM' holds a line break or a tab "
        "(write a name on one line; a quote or a note may hold several lines)",
    ),
    # finding 19: the right message at the right line
    "nul-on-line-3": (
        Edit("people.yaml", b"id: person/test-a", b"id: person/te\x00st-a"),
        f"people.yaml:3: the file holds the character {NUL} in column 18 ({TEXT_HINT})",
    ),
    "raw-line-separator": (
        Edit("people.yaml", PERSON_A, "name: {en: Test\u2028Person A}".encode()),
        "people.yaml:4: the file holds the character U+2028 (LINE SEPARATOR) in column 20 "
        "(replace it with an ordinary line break, or a space)",
    ),
    "raw-next-line": (
        Edit("people.yaml", PERSON_A, "name: {en: Test\u0085Person A}".encode()),
        "people.yaml:4: the file holds the character U+0085 (the control character NEL, next line) "
        "in column 20 (replace it with an ordinary line break, or a space)",
    ),
    # bounded sizes: a value is refused, with its first 40 characters only, past its kind's limit
    "text-too-long": (
        Edit("sources.yaml", b"title: Test Source A", b"title: " + b"x" * 10_001),
        f"sources.yaml:4: src/test-source: 'title': the text {'x' * 40!r}... is 10,001 characters long; "
        "the limit is 10,000 (keep only the words the fact rests on, or split the text)",
    ),
    "name-too-long": (
        Edit("people.yaml", PERSON_A, b"name: {en: " + b"x" * 301 + b"}"),
        f"people.yaml:4: person/test-a: 'name': the en name {'x' * 40!r}... is 301 characters long; "
        "the limit is 300 (put a longer title in a note)",
    ),
    "id-too-long": (
        Edit("people.yaml", b"id: person/test-b", b"id: person/" + b"x" * 200),
        (
            "meetings.yaml:11: meeting/2025-01-15-test: 'person/test-b' is not defined "
            "(did you mean 'person/test-a'?)",
            f"people.yaml:8: person/{'x' * 200}: 'id': the id {'person/' + 'x' * 33!r}... is 207 characters "
            "long; the limit is 200 (use a short name after the kind, e.g. person/keo-remy)",
        ),
    ),
    "address-too-long": (
        Edit("sources.yaml", b"url: https://example.org/a", b"url: https://example.org/" + b"x" * 2_000),
        f"sources.yaml:8: src/test-source: 'url': the address {'https://example.org/' + 'x' * 20!r}... "
        "is 2,020 characters long; the limit is 2,000 (cite the page's own short address)",
    ),
    "bom-and-comment-only": (
        Edit("extra.yaml", None, b"\xef\xbb\xbf# nothing yet\n"),
        "extra.yaml:1: the file is empty (add records, or delete the file)",
    ),
}

# case -> an edit that looks unusual but holds nothing RDF or a terminal cannot carry
ACCEPTED: dict[str, Edit] = {
    "multi-line-quote-with-tab": Edit(
        "people.yaml",
        b"quote: Test Person A is the Test Minister.",
        b'quote: "Test Person A\\n\\tis the Test Minister."',
    ),
    "decimal-value": Edit("meetings.yaml", VALUE, b"value: 12.5"),
    "value-with-underscores": Edit("meetings.yaml", VALUE, b"value: 1_200"),
    "byte-order-mark": Edit("people.yaml", b"# Fictional", b"\xef\xbb\xbf# Fictional"),
    "largest-whole-number": Edit("meetings.yaml", VALUE, b"value: 9223372036854775807"),
    "longest-name": Edit("people.yaml", PERSON_A, b"name: {en: " + b"x" * 300 + b"}"),
}


def assert_refused(result: Result, lines: str | tuple[str, ...]) -> None:
    expected = (lines,) if isinstance(lines, str) else lines
    errors = "1 error" if len(expected) == 1 else f"{len(expected)} errors"
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        *("sources/" + line for line in expected),
        f"hrgraph: {errors}; nothing was written",
    ]


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_hostile_value_is_refused_at_its_line(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit, line = REFUSED[case]
    edited_sources(tmp_path, edit)
    monkeypatch.chdir(tmp_path)
    assert_refused(run_cli(tmp_path, "validate"), line)


@pytest.mark.parametrize("case", ["id-ending-in-newline", "url-holding-nul", "lone-surrogate", "value-nan"])
def test_build_refuses_hostile_value_without_writing(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit, line = REFUSED[case]
    edited_sources(tmp_path, edit)
    monkeypatch.chdir(tmp_path)
    assert_refused(run_cli(tmp_path, "build"), line)
    assert not (tmp_path / "build" / "graph.nt").exists()


@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_unusual_but_carriable_value_passes(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited_sources(tmp_path, ACCEPTED[case])
    monkeypatch.chdir(tmp_path)
    result = run_cli(tmp_path, "validate")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.startswith("ok: 13 records in 5 files, ")
