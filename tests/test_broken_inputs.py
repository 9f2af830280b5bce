"""Broken curated data, through the real CLI.

Each folder tests/fixtures/broken/<case>/sources holds only the file (or the two files) that
carry one flaw; laid over a copy of tests/fixtures/valid/sources (conftest.overlaid_sources)
they make a sources folder with exactly that flaw. `hrgraph validate` must exit with code 1
without a traceback, and print exactly the located problems listed in EXPECTED, then its
one-line summary. A failed `build` must leave the previous build's files byte-for-byte as they were.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graph.cli import main

from .conftest import BROKEN, ONTOLOGY, REPO, VALID, broken_cases, overlaid_sources

# case -> the error lines, in the order printed, each "file:line: message (hint)" with the
# file relative to the sources/ folder (the CLI prints sources/ before it, as the tests run
# from the folder that holds it).
EXPECTED: dict[str, list[str]] = {
    # people.yaml: `cites: &cited [...]` on line 6, reused as `cites: *cited` on line 11.
    "anchor-and-alias": [
        "people.yaml:11: the YAML alias '*cited' (its anchor is on line 6) is not supported (write the value out in full instead of '&name' / '*name')",
    ],
    # meetings.yaml: value: "1200"
    "count-as-string": [
        "meetings.yaml:38: obs/2025-01-15-test-visitors: 'value': a number is expected, got str '1200' (write the number without quotes or thousands separators, e.g. 130000)",
    ],
    # meetings.yaml: date: 15/01/2025
    "date-wrong-form": [
        "meetings.yaml:5: meeting/2025-01-15-test: 'date': '15/01/2025' is not a date in a form hrgraph reads (write 2025-01-15: the year first)",
    ],
    # an extra file with nothing in it
    "empty-file": [
        "empty.yaml:1: the file is empty (add records, or delete the file)",
    ],
    # people.yaml: the tenure ends in 2023 but starts in 2024
    "end-before-start": [
        "people.yaml:18: tenure/test-a-minister: ends (2023-12-31) before it starts (2024-03-01) (check both dates against the source)",
    ],
    # person/test-a again, in more-people.yaml
    "id-defined-twice": [
        "people.yaml:3: the id 'person/test-a' is defined twice (first at sources/more-people.yaml:3) (ids must be unique: if both are the same thing, merge this one into the first and delete it; if not, rename this one)",
    ],
    # meetings.yaml: a valid meeting whose id starts with person/: the fix is to rename it
    "id-prefix-mismatch": [
        "meetings.yaml:3: 'person/2025-01-15-test' is listed under 'meetings:', whose ids start with meeting/ (rename it 'meeting/2025-01-15-test')",
    ],
    # a-new-report.yaml, read before sources.yaml: a newcomer's source with src/test-source's
    # address (and a slash more), cited by one fact: the advice keeps the source eight facts cite
    "same-document-twice": [
        "a-new-report.yaml:8: src/test-source-again: the same document as src/test-source, already defined at sources/sources.yaml:3 and cited by 8 facts (define each document once: delete src/test-source-again, moving what it adds into src/test-source, and cite src/test-source instead)",
    ],
    # meetings.yaml: role: guest, the tail of role/guest
    "bare-word-for-id": [
        "meetings.yaml:10: meeting/2025-01-15-test: 'participants.role': 'guest' is not an id (did you mean 'role/guest'? An id starts with its kind)",
    ],
    # meetings.yaml: a participant's 'as:' indented as a key of the meeting
    "key-indented-wrong": [
        "meetings.yaml:13: meeting/2025-01-15-test: unknown key 'as' (did you mean to indent it under 'participants:', as a key of one of its items?)",
    ],
    # report.yaml cannot be read, and it alone cites src/test-report (sources.yaml): no warning
    # that src/test-report is cited by no fact, which follows only from the file's own error
    "failed-file-no-cascade": [
        "report.yaml:6: YAML syntax error: mapping values are not allowed here (text that contains ': ' must be in quotes, e.g. title: \"Cambodia: a report\")",
    ],
    # the same, when the one record citing src/test-report does not load
    "failed-record-no-cascade": [
        "report.yaml:6: person/test-c: unknown key 'nationalty' (did you mean 'nationality'?)",
    ],
    # people.yaml: the tenure's quote written plain, then ' #appointed': YAML drops it as a comment
    "quote-cut-by-comment": [
        "people.yaml:21: the quote is cut short: YAML reads '#appointed' as a comment, not as the source's words (put the whole quote in single quotes; write each ' inside it twice)",
    ],
    # people.yaml: nationality: org/test-ministry ("an organisation", never "a organisation")
    "wrong-kind-article": [
        "people.yaml:10: person/test-b: 'nationality' must name a country, but 'org/test-ministry' is an organisation (give the id of a country)",
    ],
    # people.yaml: id: person/test b
    "id-with-spaces": [
        "people.yaml:8: person/test b: 'id': 'person/test b' is not an id (ids look like kind/short-name: lowercase letters, digits, '-', '.' and '_', e.g. person/keo-remy)",
    ],
    # meetings.yaml: date: 2025-02-30
    "impossible-date": [
        "meetings.yaml:5: meeting/2025-01-15-test: 'date': '2025-02-30' is not a real date: February 2025 has 28 days (check the source for the right day)",
    ],
    # people.yaml: name: {english: Test Person A}
    "language-tag-not-a-tag": [
        "people.yaml:4: person/test-a: 'name': 'english' is not a language tag (use a BCP 47 tag such as en, id, km, fr or zh-Hant)",
    ],
    # sources.yaml: title: [Test Source A]
    "list-instead-of-text": [
        "sources.yaml:4: src/test-source: 'title': text is expected, got list ['Test Source A'] (write plain text, without [ ])",
    ],
    # people.yaml: person/test-b has no cites:
    "missing-cites": [
        "people.yaml:8: person/test-b: cites no source (add cites: [src/...]; every fact must say where it comes from)",
    ],
    # meetings.yaml: value: -1200
    "negative-count": [
        "meetings.yaml:38: obs/2025-01-15-test-visitors: 'value': -1200 is negative (a count is zero or more)",
    ],
    "record-in-wrong-section": [
        "meetings.yaml:16: 'person/test-b' is a person listed under 'meetings:' (move it to 'people:')",
    ],
    # people.yaml: nationality: twice in person/test-b
    "repeated-key": [
        "people.yaml:11: the key 'nationality' is repeated in this mapping (first on line 10) (keep one of them: YAML would silently keep only the last)",
    ],
    # places.yaml: a tab indents `iso: XB`
    "tab-indentation": [
        "places.yaml:9: YAML syntax error: a tab character is used for indentation (YAML allows only spaces for indentation: replace the tab with spaces)",
    ],
    # people.yaml: post: post/no-such-post
    "undefined-reference": [
        "people.yaml:16: tenure/test-a-minister: 'post/no-such-post' is not defined (define it under 'posts:' in a sources file)",
    ],
    # people.yaml: cites: [src/no-such-source]
    "undefined-source": [
        "people.yaml:11: person/test-b: 'src/no-such-source' is not defined (did you mean 'src/test-source'?)",
    ],
    # meetings.yaml: dtae: instead of date:
    "unknown-key": [
        "meetings.yaml:5: meeting/2025-01-15-test: unknown key 'dtae' (did you mean 'date'?)",
    ],
    # people.yaml: tenure: instead of tenures:
    "unknown-section": [
        "people.yaml:13: unknown section 'tenure' (did you mean 'tenures'?)",
    ],
    # meetings.yaml: topic/capacity-buildng
    "unknown-topic": [
        "meetings.yaml:13: meeting/2025-01-15-test: unknown topic 'topic/capacity-buildng' (did you mean 'topic/capacity-building'? Or add it to the ontology's SKOS vocabularies)",
    ],
    # sources.yaml: url: example.org/a
    "url-not-a-url": [
        "sources.yaml:8: src/test-source: 'url': 'example.org/a' is not a web address (write the full address, starting with https:// or http://)",
    ],
    # meetings.yaml: a meeting given as a participant's person
    "wrong-kind-reference": [
        "meetings.yaml:11: meeting/2025-01-15-test: 'person' must name a person, organisation or country, but 'meeting/2025-01-15-test' is a meeting (give the id of a person, organisation or country)",
    ],
    # people.yaml: an unquoted ': ' inside the quote on line 21
    "yaml-syntax-error": [
        "people.yaml:21: YAML syntax error: mapping values are not allowed here (text that contains ': ' must be in quotes, e.g. title: \"Cambodia: a report\")",
    ],
}


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def summary(errors: int) -> str:
    return f"hrgraph: {errors} error{'s' * (errors != 1)}; nothing was written"


def assert_fails_with(result: Result, lines: list[str]) -> None:
    """Exit code 1 from hrgraph's own error handling, and exactly these lines on stderr."""
    assert "Traceback" not in result.output
    # CliRunner turns an uncaught exception into exit code 1 too: insist on a clean exit.
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [*lines, summary(len(lines))]


def test_every_broken_fixture_has_expectations() -> None:
    assert set(broken_cases()) == set(EXPECTED)
    assert len(EXPECTED) >= 20


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_each_broken_fixture_holds_only_its_flawed_files(case: str) -> None:
    """What a case lays over the valid tree changes it: no file is a plain copy of a valid one."""
    files = sorted((BROKEN / case / "sources").iterdir())
    assert 1 <= len(files) <= 2
    for path in files:
        valid = VALID / path.name
        assert not valid.exists() or valid.read_bytes() != path.read_bytes(), path.name


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_broken_fixture_is_reported(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    overlaid_sources(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", "--sources", "sources", "--ontology", str(ONTOLOGY))
    assert_fails_with(result, ["sources/" + line for line in EXPECTED[case]])


# Written by the test rather than committed, so that no editor or git filter can re-encode them.
NOT_UTF8 = {
    # saved as UTF-16 (with its byte-order mark) by a Windows editor
    "utf-16": (
        b"\xff\xfe" + "people:\n  - id: person/test-c\n".encode("utf-16-le"),
        "the file is not UTF-8 (byte 0xff in column 1) (save the file as UTF-8)",
        1,
    ),
    # saved as Latin-1: the first non-ASCII letter is on line 3
    "latin-1": (
        "people:\n  - id: person/test-c\n    name: {en: Test Person É}\n"
        "    cites: [src/test-source]\n".encode("latin-1"),
        "the file is not UTF-8 (byte 0xc9 in column 28) (save the file as UTF-8)",
        3,
    ),
}


@pytest.mark.parametrize("encoding", sorted(NOT_UTF8))
def test_file_not_utf8_is_reported(encoding: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content, message, line = NOT_UTF8[encoding]
    shutil.copytree(VALID, tmp_path / "sources")
    (tmp_path / "sources" / "more-people.yaml").write_bytes(content)
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", "--sources", "sources", "--ontology", str(ONTOLOGY))
    assert_fails_with(result, [f"sources/more-people.yaml:{line}: {message}"])


def test_valid_fixture_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = run_cli("validate", "--sources", str(VALID), "--ontology", str(ONTOLOGY))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.startswith("ok: 13 records in 5 files, ")


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """out/ of `hrgraph build` on the valid tree, run from the folder that holds sources/ and
    out/ (as a curator would, so its cache of unchanged files fits the broken trees too)."""
    project = tmp_path_factory.mktemp("good")
    shutil.copytree(VALID, project / "sources")
    with contextlib.chdir(project):
        good = run_cli("build", "--sources", "sources", "--ontology", str(ONTOLOGY), "--out", "out")
    assert good.exit_code == 0, good.output
    return project / "out"


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_failed_build_leaves_previous_build_untouched(
    case: str, good_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    shutil.copytree(good_build, out)  # the previous, good build
    # the outputs; out/.cache/ holds the loader's cache of unchanged files, not an output
    before = {path.name: path.read_bytes() for path in sorted(out.iterdir()) if path.is_file()}
    assert {"graph.ttl", "graph.nt", "graph.jsonld", "graph.html"} <= set(before)

    overlaid_sources(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    bad = run_cli("build", "--sources", "sources", "--ontology", str(ONTOLOGY), "--out", "out")

    assert_fails_with(bad, ["sources/" + line for line in EXPECTED[case]])
    after = {path.name: path.read_bytes() for path in sorted(out.iterdir()) if path.is_file()}
    assert after == before
    # "nothing was written": not even the cache (no entry of the good build evicted or added)
    assert all_files(out / ".cache") == all_files(good_build / ".cache")
    assert all_files(out / ".cache")


def all_files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its path in it."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()
    }
