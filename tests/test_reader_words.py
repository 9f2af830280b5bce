"""Dates and numbers for readers, written by Babel the way each language writes them."""

from __future__ import annotations

import re

import networkx as nx
import pytest
from rdflib import Graph, URIRef

from graph.analyst.diff import _Words
from graph.core.languages import LANGUAGES, babel_locale
from graph.core.ontology import Ontology, shipped_ontology
from graph.core.vocab import DEFAULT_DATA_BASE, HRG
from graph.pipeline import Checked
from graph.view.build import to_networkx
from graph.view.dates import human_date, human_dates
from graph.view.interface import UI_WORDS, ui_text
from graph.view.page import kind_words, render_html
from graph.view.rules import FACT_ROWS, KINDS, LINKS, NARY
from graph.view.words import Words, human_number, words_in

ID = DEFAULT_DATA_BASE


def short(iri: str) -> str:
    return iri.removeprefix(ID)


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("2025-11-24", "en", "24 Nov 2025"),
        ("2025-11-24", "id", "24 Nov 2025"),
        ("2025-11-24", "km", "24 វិច្ឆិកា 2025"),
        ("2025-08-05", "id", "5 Agu 2025"),
        ("2025-05", "id", "Mei 2025"),
        ("2025-11", "en", "Nov 2025"),
        ("2025-11", "km", "វិច្ឆិកា 2025"),
        ("2025", "en", "2025"),
        ("2025", "km", "2025"),
        ("2025-11-24T09:30:00", "en", "24 Nov 2025"),
        (" 2025-11-24 ", "en", "24 Nov 2025"),
    ],
)
def test_a_date_at_each_precision_in_each_language(value: str, lang: str, expected: str) -> None:
    assert human_date(value, lang) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("-0044", "-0044"),
        ("-0044-03-15", "-0044-03-15"),
        ("0000", "0000"),
        ("2025-02-30", "2025-02-30"),
        ("2025-13", "2025-13"),
        ("2025-1", "2025-1"),
        ("not a date", "not a date"),
        ("", ""),
    ],
)
def test_what_the_calendar_cannot_hold_stays_as_written(value: str, lang: str, expected: str) -> None:
    assert human_date(value, lang) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_years_before_1000_are_written(lang: str) -> None:
    assert human_date("0044", lang) == "44"
    assert human_date("0999-03-15", lang).endswith(" 999")


def test_an_unknown_language_writes_english() -> None:
    assert human_date("2025-11-24", "fr") == "24 Nov 2025"
    assert human_number("2.5", "fr") == "2.5"
    assert str(babel_locale("../x")) == "en_001"


@pytest.mark.parametrize(
    ("dates", "lang", "expected"),
    [
        ("2019-10-21/2020-05", "km", "21 តុលា 2019 – ឧសភា 2020"),
        ("2019-10-21/..", "id", "sejak 21 Okt 2019"),
        ("../2020-05", "en", "until May 2020"),
    ],
)
def test_periods_are_worded_with_dates_in_the_language(dates: str, lang: str, expected: str) -> None:
    assert human_dates(dates, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("130000", "en", "130,000"),
        ("130000", "id", "130.000"),
        ("130000", "km", "130,000"),
        ("130000.0", "en", "130,000"),
        ("2.5", "id", "2,5"),
        ("2.12345", "en", "2.12345"),
        ("-1234567.5", "id", "-1.234.567,5"),
        ("1e3", "en", "1,000"),
        ("many", "en", "many"),
        ("nan", "en", "nan"),
        ("inf", "id", "inf"),
        ("", "km", ""),
    ],
)
def test_numbers_are_grouped_the_way_each_language_groups_them(value: str, lang: str, expected: str) -> None:
    assert human_number(value, lang) == expected


# ---------------------------------------------------------------- one home for every word


@pytest.fixture(scope="module")
def khmer_view(golden: Checked) -> nx.MultiDiGraph:
    return to_networkx(golden.assembly.graph, "km")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_view_names_kinds_links_and_details_by_the_ontology_labels(lang: str) -> None:
    labels = shipped_ontology()
    for kind in KINDS:
        assert words_in(kind.words, lang) == labels.label(kind.rdf_type, lang)
        assert kind_words(kind.id, lang) == labels.label(kind.rdf_type, lang)
    for link in LINKS:
        assert words_in(link.words, lang) == labels.label(link.predicate, lang)
    for rows in FACT_ROWS.values():
        for row in rows:
            step = row.path[0]
            assert isinstance(step, URIRef)
            name = labels.label(step, lang)
            assert words_in(row.words, lang) == name[:1].upper() + name[1:]


def test_diff_names_properties_and_kinds_as_the_view_does(ontology: Ontology) -> None:
    words = _Words(Graph(), Graph(), ontology)
    for link in LINKS:
        assert words.property(link.predicate) == words_in(link.words, "en")
    for kind in KINDS:
        assert words.label(kind.rdf_type) == words_in(kind.words, "en")
    assert words.property(HRG.endDate) == "end date"
    assert words.property(URIRef("http://purl.org/dc/terms/title")) == "title"


def test_the_khmer_view_has_khmer_words(khmer_view: nx.MultiDiGraph) -> None:
    meeting = khmer_view.nodes[ID + "meeting/m1"]
    assert meeting["summary"].startswith("កិច្ចប្រជុំ, 2020 – ធ្នូ 2020")
    edges = {(short(u), short(v)): data for u, v, data in khmer_view.edges(data=True)}
    assert edges["person/ana", "country/atlantis"]["label"] == "សញ្ជាតិ"
    assert edges["person/ana", "meeting/m1"]["label"] == (
        "បានចូលរួម ក្នុងនាមជា Head of the Agency of Examples, Minister of Examples, speaker for the region"
    )
    assert edges["person/ana", "post/minister"]["sentence"] == (
        "អាណា — កាន់តំណែងជា Minister of Examples (21 តុលា 2019 – ឧសភា 2020)"
    )
    captions = [fact["caption"] for fact in khmer_view.nodes[ID + "commitment/c1"]["facts"]]
    assert "កាលកំណត់" in captions and "Due" not in captions


@pytest.mark.parametrize("lang", ["id", "km"])
def test_every_word_of_the_view_is_in_the_language(lang: str) -> None:
    """No rule of the view falls back to English in id or km: each label and message exists."""
    english = [words_in(w, "en") for w in _view_words()]
    translated = [words_in(w, lang) for w in _view_words()]
    words = [re.sub(r"{\w+}", "", e) for e, t in zip(english, translated, strict=True) if e == t]
    same = [w for w in words if re.search(r"[a-z]{3}", w)]
    assert same == []


def _view_words() -> list[Words]:
    words: list[Words] = [k.words for k in KINDS] + [link.words for link in LINKS]
    words += [rule.words for rule in NARY] + [rule.sentence for rule in NARY]
    words += [row.words for rows in FACT_ROWS.values() for row in rows]
    return words


@pytest.mark.parametrize("lang", ["id", "km"])
def test_the_network_page_controls_exist_in_each_language(lang: str) -> None:
    english, translated = ui_text("en"), ui_text(lang)
    assert english == UI_WORDS
    assert set(translated) == set(english)
    words = {key: re.sub(r"{\w+}", "", text) for key, text in english.items() if text == translated[key]}
    same = [key for key, text in words.items() if re.search(r"[a-z]{3}", text)]
    assert same == []
    assert ui_text("km")["legend"] == "សញ្ញាសម្គាល់"


def test_the_khmer_network_page_has_khmer_controls(khmer_view: nx.MultiDiGraph) -> None:
    html = render_html(khmer_view, lang="km")
    assert 'placeholder="ស្វែងរកឈ្មោះ…"' in html
    assert "<legend>សញ្ញាសម្គាល់</legend>" in html
    assert "Find a name" not in html and "Show everything" not in html
