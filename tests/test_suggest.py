"""hrgraph suggest on fixed data: the entities of tests/fixtures/suggest/sources, articles written
in the style of the press (id, en, km) and the seed article, each with what a reader finds in
it; precision and recall of entities, dates and figures; the candidate file behind the review
gate, its quotes the article's own sentences at the characters its locators give."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from graph.cli import main
from graph.core.ontology import load_ontology
from graph.curation.candidates import Found, find_all, guess_language, outside
from graph.curation.dates import DateMention, find_dates
from graph.curation.entities import EntityIndex, Mention, _outermost, build_index
from graph.curation.figures import FigureMention, find_figures
from graph.curation.sentences import sentence_around, sentence_spans
from graph.ingest.load import load_sources
from graph.ingest.records import PartialDate

from .conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "suggest"
KNOWN = FIXTURES / "sources"
SEED = REPO / "tests" / "fixtures" / "seed-article-infoindokamboja-2025-11-25.txt"
ARTICLES = sorted(
    p.name.removesuffix(".expected.yaml") for p in (FIXTURES / "articles").glob("*.expected.yaml")
)
ONTOLOGY = REPO / "ontology"


@cache
def _index() -> EntityIndex:
    ontology = load_ontology(ONTOLOGY)
    return build_index(load_sources(KNOWN, ontology), ontology)


@dataclass(frozen=True)
class Article:
    text: str
    expected: dict[str, object]

    def found(self) -> Found:
        published = self.expected["published"]
        assert isinstance(published, date)
        return find_all(_index(), self.text, str(self.expected["language"]), published)


def _article(name: str) -> Article:
    text_path = FIXTURES / "articles" / f"{name}.txt"
    text = (text_path if text_path.exists() else SEED).read_text(encoding="utf-8")
    return Article(text, yaml.safe_load((FIXTURES / "articles" / f"{name}.expected.yaml").read_text()))


def _precision_recall(found: set[object], expected: set[object]) -> tuple[float, float]:
    right = len(found & expected)
    return (right / len(found) if found else 1.0, right / len(expected) if expected else 1.0)


def test_the_articles_cover_three_languages_and_the_seed() -> None:
    languages = {_article(name).expected["language"] for name in ARTICLES}
    assert languages == {"id", "en", "km"}
    assert "seed-infoindokamboja-2025-11-25" in ARTICLES


@pytest.mark.parametrize("name", ARTICLES)
def test_entities_dates_and_figures_found_with_precision_and_recall(name: str) -> None:
    article = _article(name)
    found = article.found()
    entities = _precision_recall({m.id for m in found.entities}, set(article.expected["entities"]))  # type: ignore[call-overload]
    dates = _precision_recall({str(d.date) for d in found.dates}, {str(d) for d in article.expected["dates"]})  # type: ignore[attr-defined]
    figures = _precision_recall(
        {(f.value, f.qualifier, f.unit) for f in found.figures},
        {(f["value"], f["qualifier"], f["unit"]) for f in article.expected["figures"]},  # type: ignore[attr-defined]
    )
    assert entities[0] == 1.0, "an entity found that the article does not name"
    assert entities[1] >= 0.85
    assert dates == (1.0, 1.0)
    assert figures == (1.0, 1.0)


def test_precision_and_recall_over_all_articles() -> None:
    right = found_count = expected_count = 0
    for name in ARTICLES:
        article = _article(name)
        found = {m.id for m in article.found().entities}
        expected = set(article.expected["entities"])  # type: ignore[call-overload]
        right += len(found & expected)
        found_count += len(found)
        expected_count += len(expected)
    assert right / found_count == 1.0
    assert right / expected_count >= 0.95


def test_misspelt_names_are_found_and_common_words_are_not() -> None:
    found = _article("id-kemenham-2025-12-15").found()
    misspelt = {(m.surface, m.id) for m in found.entities if not m.exact}
    assert misspelt == {
        ("Pigay", "person/natalius-pigai"),
        ("Natalius Pigay", "person/natalius-pigai"),
        ("Keo Remi", "person/keo-remy"),
    }
    ids = {m.id for m in found.entities}
    for distractor in ("place/langkawi", "country/japan", "person/arrmanatha-nasir", "person/ali-alatas"):
        assert distractor not in ids


def test_a_mention_keeps_its_characters_in_the_article() -> None:
    article = _article("km-chrc-2025-11-25")
    for mention in article.found().entities:
        assert article.text[mention.start : mention.end] == mention.surface
    keo = next(m for m in article.found().entities if m.id == "person/keo-remy")
    assert keo.surface == "កែវ រ៉េមី"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jakarta, Senin (24/11) - rapat", "2025-11-24"),
        ("Selasa, 16/12 lalu", "2024-12-16"),
        ("pada 24 November 2025", "2025-11-24"),
        ("on November 24, 2025", "2025-11-24"),
        ("on 24 Nov 2025", "2025-11-24"),
        ("(24/11/2025)", "2025-11-24"),
        ("ថ្ងៃទី២៤ ខែវិច្ឆិកា ឆ្នាំ២០២៥", "2025-11-24"),
        ("ក្នុងខែធ្នូ ឆ្នាំ២០២៥", "2025-12"),
        ("sejak Agustus 2024", "2024-08"),
    ],
)
def test_dates_as_the_press_writes_them(text: str, expected: str) -> None:
    found = find_dates(text, date(2025, 11, 25))
    assert [str(d.date) for d in found] == [expected]
    assert text[found[0].start : found[0].end] == found[0].surface


def test_a_day_without_a_year_needs_the_article_date() -> None:
    assert find_dates("Senin (24/11)", None) == []
    assert find_dates("31/02/2025", None) == []


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("sekitar 130 ribu WNI", "id", (130000, "about", "people")),
        ("3.000 kasus", "id", (3000, "exact", "cases")),
        ("1,5 juta orang", "id", (1500000, "exact", "people")),
        ("more than 1,200 people", "en", (1200, "more-than", "people")),
        ("2.5 million cases", "en", (2500000, "exact", "cases")),
        ("ប្រហែល ១៣០.០០០ នាក់", "km", (130000, "about", "people")),
        ("ជាង ៣ ពាន់ករណី", "km", (3000, "more-than", "cases")),
    ],
)
def test_figures_as_the_press_writes_them(text: str, language: str, expected: tuple[object, ...]) -> None:
    [figure] = find_figures(text, language)
    assert (figure.value, figure.qualifier, figure.unit) == expected


def test_a_number_counting_nothing_is_no_figure() -> None:
    assert find_figures("pada tahun 2025, pasal 5 ayat 3", "id") == []


def test_the_language_is_guessed_from_the_text() -> None:
    assert guess_language(_article("km-chrc-2025-11-25").text) == "km"
    assert guess_language(_article("en-chrc-2026-02-03").text) == "en"
    assert guess_language(SEED.read_text(encoding="utf-8")) == "id"


def _run(*args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--ontology", str(ONTOLOGY)], input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    shutil.copytree(KNOWN, folder)
    return folder


def test_candidates_wait_behind_the_review_gate_then_validate(sources: Path) -> None:
    article = FIXTURES / "articles" / "id-kemenham-2025-12-15.txt"
    out = sources / "candidates.yaml"
    code, stdout, err = _run(
        "suggest", str(article), "--source", "src/test-kemenham", "--date", "2025-12-16",
        "--sources", str(sources), "-o", str(out),
    )  # fmt: skip
    assert (code, stdout) == (0, "")
    assert "found 13 known entities (2 spelt differently), 3 dates and 2 figures" in err
    text = out.read_text(encoding="utf-8")
    pending = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "review: pending"]
    # the source, the meeting, its three participants, two observations
    assert len(pending) == 7

    code, _, err = _run("validate", "--sources", str(sources))
    assert code == 1
    for line in pending:
        assert f"{out}:{line}: " in err
    assert err.count("a suggested fact is still pending review") == 7

    data = yaml.safe_load(text)
    article_text = article.read_text(encoding="utf-8")
    quotes = [
        c
        for record in data["meetings"] + data["observations"]
        for part in [record, *record.get("participants", [])]
        for c in part["cites"]
    ]
    for citation in quotes:
        first, last = map(int, citation["locator"].removeprefix("characters ").split("-"))
        assert article_text[first:last] == citation["quote"]
    [meeting] = data["meetings"]
    assert meeting["date"] == date(2025, 12, 15)
    assert meeting["place"] == "place/jakarta"
    people = [p["person"] for p in meeting["participants"]]
    assert people == ["person/natalius-pigai", "person/keo-remy", "person/thomas-harming-suwarta"]
    assert [o["value"] for o in data["observations"]] == [130000, 3000]
    assert data["observations"][0]["about"] == "country/cambodia"

    # the curator checks every candidate, names the publisher, deletes the review lines
    reviewed = text.replace("    # publisher: the outlet", "    publisher: Example News  # the outlet")
    reviewed = "\n".join(line for line in reviewed.splitlines() if line.strip() != "review: pending")
    out.write_text(reviewed + "\n", encoding="utf-8")
    code, stdout, err = _run("validate", "--sources", str(sources))
    assert code == 0, err
    assert stdout.startswith("ok: 29 records")  # 25 known, the source, the meeting, 2 figures


def test_suggest_reads_standard_input_and_writes_standard_output(sources: Path) -> None:
    code, stdout, err = _run(
        "suggest", "--source", "src/test-registry", "--sources", str(sources),
        stdin="Menteri Pigay bertemu Keo Remi di Phnom Penh, Senin (24/11). Sekitar 3.000 kasus.",
    )  # fmt: skip
    assert code == 0
    assert "in standard input (en)" in err  # the source's language, as its record gives it
    data = yaml.safe_load(stdout)
    assert "sources" not in data  # src/test-registry is defined already
    assert data["meetings"][0]["date"] == date(2024, 11, 24)  # the year that puts it before 2025-01-01
    assert data["meetings"][0]["place"] == "place/phnom-penh"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--source", "person/x"], 2, "--source 'person/x' is not a source id"),
        (["--source", "src/x", "--date", "2025-02-30"], 2, "--date '2025-02-30' is not a date"),
        (["--source", "src/x", "missing.txt"], 3, "cannot read missing.txt"),
    ],
)
def test_suggest_refuses_mistakes_in_plain_words(
    sources: Path, args: list[str], code: int, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result, _, err = _run("suggest", *args, "--sources", str(sources), stdin="Pigai")
    assert (result, message in err, "Traceback" in err) == (code, True, False)


def test_suggest_never_overwrites_a_file_and_reads_only_utf8(sources: Path, tmp_path: Path) -> None:
    existing = sources / "known.yaml"
    code, _, err = _run(
        "suggest", "--source", "src/x", "--sources", str(sources), "-o", str(existing), stdin="Pigai"
    )
    assert code == 2
    assert "exists: give a new file" in err
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Caf\xe9 Pigai".encode("latin-1"))
    code, _, err = _run("suggest", str(latin1), "--source", "src/x", "--sources", str(sources))
    assert code == 3
    assert "it is not UTF-8 text" in err
    code, _, err = _run("suggest", "--source", "src/x", "--sources", str(sources), stdin="  \n")
    assert code == 2
    assert "is empty" in err


# ---------------------------------------------------------------- found by bisection, as by scanning
# A long report (a megabyte of text) found its sentences and mentions by scanning every one for
# each figure: minutes. The bisections must find what those scans found.

_SENTENCE_TEXT = st.text(alphabet=st.sampled_from("ab .!?\n\u17d4"), max_size=80)


@given(text=_SENTENCE_TEXT, data=st.data())
def test_the_sentence_around_a_span_is_the_one_a_scan_finds(text: str, data: st.DataObject) -> None:
    spans = sentence_spans(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    scanned_first = next((s for s, e in spans if s <= start < e), start)
    scanned_last = next((e for s, e in reversed(spans) if s < end <= e), end)
    assert sentence_around(spans, start, end) == (scanned_first, max(scanned_last, end))


_MENTIONS = st.lists(
    st.builds(
        lambda start, length, kind, score: Mention(start, start + length, f"{kind}/x", "x", score),
        st.integers(0, 30),
        st.integers(1, 8),
        st.sampled_from(["person", "org", "post"]),
        st.sampled_from([100.0, 90.0, 85.0]),
    ),
    max_size=25,
)


def _outermost_by_scanning(mentions: list[Mention]) -> list[Mention]:
    """The rule of `_outermost`, each mention compared with every one kept before it."""
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start), -m.score, m.id)):
        inside = any(
            k.start <= m.start and m.end <= k.end and k.end - k.start > m.end - m.start and k.kind == m.kind
            for k in kept
        )
        better = any((k.start, k.end) == (m.start, m.end) and k.score > m.score for k in kept)
        overlapped = not m.exact and any(k.exact and k.start < m.end and m.start < k.end for k in kept)
        if not (inside or better or overlapped):
            kept.append(m)
    return sorted(kept)


@given(mentions=_MENTIONS)
def test_the_outermost_mentions_are_those_a_scan_of_every_pair_keeps(mentions: list[Mention]) -> None:
    assert _outermost(mentions) == _outermost_by_scanning(mentions)


_SPANS = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 6)), max_size=15)


@given(dates=_SPANS, figures=_SPANS)
def test_the_dates_no_figure_overlaps_are_those_a_scan_keeps(
    dates: list[tuple[int, int]], figures: list[tuple[int, int]]
) -> None:
    found_dates = sorted(DateMention(s, s + n, PartialDate.parse("2025"), "x") for s, n in dates)
    found_figures = sorted(FigureMention(s, s + n, 1, "exact", None, "1") for s, n in figures)
    scanned = [d for d in found_dates if not any(f.start < d.end and d.start < f.end for f in found_figures)]
    assert outside(found_dates, found_figures) == scanned


MEETINGS_KNOWN = """\
meetings:
  - id: meeting/2025-12-14-pigai-keo-remy
    name: {en: Pigai and Keo Remy in Jakarta}
    date: 2025-12-14
    place: place/jakarta
    participants:
      - person: person/natalius-pigai
      - person: person/keo-remy
    cites: [src/test-registry]

  - id: meeting/2025-11-01-pigai-keo-remy
    name: {en: An earlier meeting}
    date: 2025-11-01
    participants:
      - person: person/natalius-pigai
      - person: person/keo-remy
    cites: [src/test-registry]
"""


def test_a_meeting_already_curated_is_named_where_the_article_seems_to_report_it(sources: Path) -> None:
    """The article reports Pigai and Keo Remy meeting on 15 Dec 2025; a curated meeting of the
    two a day before may be the same one (articles date meetings loosely): the candidate names
    it, with its file and line, and says what to do. One six weeks before is not named."""
    known = sources / "meetings.yaml"
    known.write_text(MEETINGS_KNOWN, encoding="utf-8")
    article = FIXTURES / "articles" / "id-kemenham-2025-12-15.txt"
    code, stdout, err = _run(
        "suggest", str(article), "--source", "src/test-kemenham", "--date", "2025-12-16",
        "--sources", str(sources),
    )  # fmt: skip
    assert code == 0, err
    notes = [line.strip() for line in stdout.splitlines() if line.strip().startswith("# maybe")]
    assert notes == [
        f"# maybe meeting/2025-12-14-pigai-keo-remy (2025-12-14, at {known}:2), with the same people: "
        "if so, cite src/test-kemenham there and delete this"
    ]
