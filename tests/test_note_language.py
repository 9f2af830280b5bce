"""A curator's note has a language, as a name has (issue 12: a reader of a Khmer page is told
that the note is in English): `note:` as plain text is English, or it is written by language;
the graph tags it, the shapes accept it, and the site shows the note in the page's language,
else marked "(en)" with lang="en" on it. Data: tests/fixtures/note-languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from graph.cli import main
from graph.core.vocab import HRG
from graph.ingest.read_file import load_file
from graph.pipeline import Checked, check
from tests.conftest import FIXTURES, ONTOLOGY

SOURCES = FIXTURES / "note-languages" / "sources"
BASE = "https://w3id.org/hrgraph/id/"
MEETING = URIRef(BASE + "meeting/2025-01-15-noted")
PERSON = URIRef(BASE + "person/test-noted")

PERSON_YAML = """\
people:
  - id: person/p
    name: {en: P}
    note: %s
    cites: [src/a]
"""


def problems_of(tmp_path: Path, note: str) -> list[tuple[int, str, str]]:
    path = tmp_path / "people.yaml"
    path.write_text(PERSON_YAML % note, encoding="utf-8")
    return [(p.line, p.message, p.hint) for p in load_file(path, "people.yaml").problems]


# ---------------------------------------------------------------- how a curator writes it


@pytest.mark.parametrize("note", ["Known from one report.", "{en: Known., id: Diketahui., km: ដឹង។}"])
def test_a_note_is_plain_text_or_text_by_language(tmp_path: Path, note: str) -> None:
    assert problems_of(tmp_path, note) == []


@pytest.mark.parametrize(
    ("note", "words"),
    [
        ("[one, two]", "text is expected, got list"),
        ("{english: Known.}", "'english' is not a language tag"),
        ("{en: ''}", "the en text must be non-empty text"),
        ("''", "the text is empty"),
    ],
)
def test_a_note_in_another_form_is_refused_on_its_line(tmp_path: Path, note: str, words: str) -> None:
    [(line, message, _)] = problems_of(tmp_path, note)
    assert line == 4
    assert words in message, message


# ---------------------------------------------------------------- the graph


@pytest.fixture(scope="module")
def checked() -> Checked:
    return check(SOURCES, ONTOLOGY)  # the shapes accept tagged notes, or it raises


def test_a_plain_note_is_tagged_english(checked: Checked) -> None:
    graph = checked.assembly.graph
    assert set(graph.objects(MEETING, HRG.curatorNote)) == {
        Literal("The end date is not confirmed.", lang="en")
    }


def test_a_note_by_language_is_one_literal_per_language(checked: Checked) -> None:
    graph = checked.assembly.graph
    assert set(graph.objects(PERSON, HRG.curatorNote)) == {
        Literal("Named in the reports only.", lang="en"),
        Literal("Disebut hanya dalam laporan.", lang="id"),
    }


# ---------------------------------------------------------------- the site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("note-languages") / "site"
    result = CliRunner().invoke(
        main, ["site", "--sources", str(SOURCES), "--ontology", str(ONTOLOGY), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def note_row(site: Path, lang: str, page: str) -> str:
    """The value of the "Curator's note" row of a page's facts (the last row of its About)."""
    html = (site / lang / f"{page}.html").read_text(encoding="utf-8")
    rows = re.findall(r"<dt>[^<]*</dt><dd>(.*?)</dd></div>", html, re.S)
    return str(rows[-1])


def test_an_english_note_on_a_khmer_page_is_marked_and_tagged(site: Path) -> None:
    row = note_row(site, "km", "meeting/2025-01-15-noted")
    assert row.startswith('<span lang="en">The end date is not confirmed.</span> ')
    assert re.search(r'<span class="fallback" lang="en" title="[^"]+">\(en\)</span>$', row), row


def test_a_note_in_the_pages_language_is_shown_unmarked(site: Path) -> None:
    assert note_row(site, "id", "person/test-noted") == "Disebut hanya dalam laporan."
    assert note_row(site, "en", "person/test-noted") == "Named in the reports only."
    assert note_row(site, "en", "meeting/2025-01-15-noted") == "The end date is not confirmed."


def test_a_page_in_a_language_the_note_lacks_shows_the_english_one_marked(site: Path) -> None:
    row = note_row(site, "km", "person/test-noted")
    assert row.startswith('<span lang="en">Named in the reports only.</span> ')
    assert "(en)" in row


def test_a_commitments_note_is_shown_once_not_under_each_of_its_texts(site: Path) -> None:
    for lang in ("en", "id"):
        html = (site / lang / "commitment/2025-01-15-noted-pledge.html").read_text(encoding="utf-8")
        assert html.count("The report&#39;s date was not given.") == 1, lang
        assert "Testland A will send a test report." in html and "laporan uji" in html


def promised(site: Path, lang: str) -> list[str]:
    """The paragraphs of a commitment's "What was promised", as written, without their sources."""
    html = (site / lang / "commitment/2025-01-15-noted-pledge.html").read_text(encoding="utf-8")
    prose = html[
        html.index('<section class="prose">') : html.index("</section>", html.index('class="prose"'))
    ]
    return [re.sub(r"<sup.*?</sup>", "", p).strip() for p in re.findall(r"<p[^>]*>(.*?)</p>", prose, re.S)]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "id",
            [
                "Testland A akan mengirim laporan uji.",
                'Testland A will send a test report. <span class="fallback" lang="en">(en)</span>',
            ],
        ),
        (
            "en",
            [
                "Testland A will send a test report.",
                'Testland A akan mengirim laporan uji. <span class="fallback" lang="id">(id)</span>',
            ],
        ),
    ],
)
def test_a_commitments_text_in_the_pages_language_comes_first_and_the_others_are_marked(
    site: Path, lang: str, expected: list[str]
) -> None:
    """The Indonesian page leads with the Indonesian text; the English one follows, marked as
    English (not as missing from the page's language: the page has its own)."""
    assert promised(site, lang) == expected


def test_a_commitments_texts_none_in_the_pages_language_are_each_marked_as_standing_in(site: Path) -> None:
    texts = promised(site, "km")
    assert [re.sub(r' title="[^"]+"', "", text) for text in texts] == [
        'Testland A will send a test report. <span class="fallback" lang="en">(en)</span>',
        'Testland A akan mengirim laporan uji. <span class="fallback" lang="id">(id)</span>',
    ]
    assert all(' title="' in text for text in texts)  # "not in this language"


def kind_row(site: Path, lang: str, source: str) -> str:
    """The value of the source kind's row of a source's page."""
    html = (site / lang / f"src/{source}.html").read_text(encoding="utf-8")
    caption = {"en": "Kind of source", "id": "Jenis sumber"}[lang]
    return str(re.findall(rf"<dt>{caption}</dt><dd>(.*?)</dd>", html)[0])


def test_a_sources_kind_is_text_by_language_plain_text_english(site: Path) -> None:
    """`kind: report` is English: on an Indonesian page it is marked so; `kind: {en: report,
    id: laporan}` gives each page its own."""
    assert kind_row(site, "en", "test-report-1") == "report"
    assert re.fullmatch(
        r'<span lang="en">report</span> <span class="fallback" lang="en"[^>]*>\(en\)</span>',
        kind_row(site, "id", "test-report-1"),
    )
    assert kind_row(site, "id", "test-report-2") == "laporan"
    assert kind_row(site, "en", "test-report-2") == "report"
