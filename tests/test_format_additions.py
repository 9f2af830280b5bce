"""Facts the format could not hold before issue 14: a participant's capacities (several posts, or
the source's words where no post is recorded), aliases for posts, organisations' founding and
dissolution dates, and a meeting's time of day. Each goes through every output of the golden
fixture (dumps, readers' site, network page, saved query, search, suggest, reconciliation,
diff), and each broken value is refused at its file and line with a hint."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from graph.analyst.api import KnowledgeGraph
from graph.analyst.diff import diff_graphs
from graph.analyst.reconcile import Reconciler, checked_batch
from graph.cli import main
from graph.core.errors import DataInvalid, Problem
from graph.core.ontology import load_ontology
from graph.core.vocab import HRG, SKOS, XSD
from graph.curation.entities import build_index, find_entities
from graph.ingest.load import load_sources
from graph.pipeline import check
from graph.sparql.store import store_from_ntriples
from tests.conftest import GOLDEN, ONTOLOGY, REPO
from tests.test_site_pages import read

ID = "https://w3id.org/hrgraph/id/"
PARTICIPATION = URIRef(ID + "meeting/m1/participant/1")
MEETING = URIRef(ID + "meeting/m1")
AGENCY = URIRef(ID + "org/agency")
MINISTER = URIRef(ID + "post/minister")
AGENCY_HEAD = URIRef(ID + "post/agency-head")
EXPECTED = {
    (PARTICIPATION, HRG.capacity, MINISTER),
    (PARTICIPATION, HRG.capacity, AGENCY_HEAD),
    (PARTICIPATION, HRG.capacityDescription, Literal("speaker for the region", lang="en")),
    (MEETING, HRG.startTime, Literal("09:30:00", datatype=XSD.time)),
    (MEETING, HRG.partOfDay, URIRef("https://w3id.org/hrgraph/part-of-day/morning")),
    (AGENCY, HRG.foundingDate, Literal("2019", datatype=XSD.gYear)),
    (AGENCY, HRG.dissolutionDate, Literal("2021-03", datatype=XSD.gYearMonth)),
    (MINISTER, SKOS.altLabel, Literal("Examples Minister", lang="en")),
    (MINISTER, SKOS.altLabel, Literal("Menteri Contoh", lang="id")),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden-build")
    args = ["build", "--sources", str(GOLDEN / "sources"), "--ontology", str(ONTOLOGY), "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize(
    ("dump", "form"), [("graph.nt", "nt"), ("graph.ttl", "turtle"), ("graph.jsonld", "json-ld")]
)
def test_every_dump_holds_the_new_facts(built: Path, dump: str, form: str) -> None:
    graph = Graph().parse(built / dump, format=form)
    assert {t for t in EXPECTED if t not in graph} == set()


def test_one_id_still_reads_as_one_capacity(tmp_path: Path) -> None:
    participants = _load_extra(
        tmp_path,
        """
meetings:
  - id: meeting/one
    name: {en: One capacity}
    date: 2020-03
    participants:
      - {person: person/ana, as: post/minister}
    cites: [src/gazette-1]
""",
    )
    assert participants == [(URIRef(ID + "meeting/one/participant/1"), HRG.capacity, MINISTER)]


def _load_extra(tmp_path: Path, extra: str) -> list[tuple[object, ...]]:
    shutil.copytree(GOLDEN / "sources", tmp_path / "sources")
    (tmp_path / "sources" / "extra.yaml").write_text(extra, encoding="utf-8")
    graph = check(tmp_path / "sources", ONTOLOGY).assembly.graph
    return sorted(graph.triples((URIRef(ID + "meeting/one/participant/1"), HRG.capacity, None)))


def test_the_meeting_page_shows_its_time_and_every_capacity(built: Path) -> None:
    page = read(built / "site", "en", "meeting/m1.html")
    about = page.text("facts")
    assert "09:30" in about and "in the morning" in about
    (ana,) = [row for row in page.rows["participants"] if row and row[0].startswith("Ana Example")]
    assert all(part in ana[1] for part in ("Minister of Examples", "Head of the Agency of Examples"))
    assert "speaker for the region" in ana[1]
    assert "pagi hari" in read(built / "site", "id", "meeting/m1.html").text("facts")
    assert "ពេលព្រឹក" in read(built / "site", "km", "meeting/m1.html").text("facts")


def test_the_person_page_shows_the_capacities_in_words(built: Path) -> None:
    (row,) = read(built / "site", "en", "person/ana.html").rows["meetings"]
    assert "Minister of Examples" in row[2] and "speaker for the region" in row[2]


def test_the_organisation_page_shows_its_founding_and_dissolution(built: Path) -> None:
    about = read(built / "site", "en", "org/agency.html").text("facts")
    assert "Founded 2019" in about
    assert "Dissolved Mar 2021" in about


def test_the_post_page_shows_its_aliases_and_search_finds_them(built: Path) -> None:
    assert "Also known as Examples Minister, Menteri Contoh" in read(
        built / "site", "en", "post/minister.html"
    ).text("facts")
    parts = (built / "site" / "en").glob("search-index-*.js")
    index = "".join(part.read_text(encoding="utf-8") for part in parts)
    assert '["contoh",' in index  # a word of the alias alone: "Menteri Contoh"


def test_the_network_says_every_capacity_and_the_founding_date(built: Path) -> None:
    page = (built / "graph.html").read_text(encoding="utf-8")
    assert "attended as Head of the Agency of Examples, Minister of Examples, speaker for the region" in page
    assert '[\\"Founded\\",\\"2019\\"]' in page or '["Founded","2019"]' in page


def test_the_saved_query_prints_every_capacity() -> None:
    kg = KnowledgeGraph.from_sources(GOLDEN / "sources", ONTOLOGY)
    (row,) = kg.saved("meeting-participants", meeting="meeting/m1")
    assert sorted(row["attendedAs"].split(", ")) == [
        "Head of the Agency of Examples",
        "Minister of Examples",
        "speaker for the region",
    ]
    (row,) = kg.saved("meetings-of-person", person="person/ana")
    assert "speaker for the region" in row["attendedAs"]


def test_a_co_participant_is_listed_with_every_capacity(tmp_path: Path) -> None:
    """meetings-of-person of someone who met Ana: her two posts and her words beside her name
    (the query joins them in its SELECT: a UNION there made Oxigraph read every participation),
    and a co-participant with none, with an empty cell."""
    sources = tmp_path / "sources"
    shutil.copytree(GOLDEN / "sources", sources)
    golden = sources / "golden.yaml"
    text = golden.read_text(encoding="utf-8")
    text = text.replace(
        "        role: role/host\n",
        "        role: role/host\n      - person: person/bo\n",
        1,
    )
    text = text.replace(
        "people:\n",
        "people:\n  - id: person/bo\n    name: {en: Bo Example}\n    cites: [src/gazette-1]\n\n",
        1,
    )
    golden.write_text(text, encoding="utf-8")
    kg = KnowledgeGraph.from_sources(sources, ONTOLOGY)
    (row,) = kg.saved("meetings-of-person", person="person/bo")
    assert row["coParticipant"] == "Ana Example"
    assert sorted(row["coAttendedAs"].split(", ")) == [
        "Head of the Agency of Examples",
        "Minister of Examples",
        "speaker for the region",
    ]
    (row,) = kg.saved("meetings-of-person", person="person/ana")
    assert row["coParticipant"] == "Bo Example" and row.get("coAttendedAs") in (None, "")


def test_suggest_and_reconciliation_know_a_posts_alias(built: Path) -> None:
    ontology = load_ontology(ONTOLOGY)
    index = build_index(load_sources(GOLDEN / "sources", ontology), ontology)
    found = find_entities(index, "The Examples Minister spoke first.")
    assert [m.id for m in found] == ["post/minister"]
    reconciler = Reconciler(store_from_ntriples((built / "graph.nt").read_bytes()))
    answer = reconciler.answer(checked_batch({"q": {"query": "Menteri Contoh"}}))
    assert answer["q"]["result"][0]["id"] == "post/minister"


def test_diff_words_a_change_of_capacity() -> None:
    checked = check(GOLDEN / "sources", ONTOLOGY)
    new = checked.assembly.graph
    old = Graph()
    for triple in new:
        if triple[1] != HRG.capacityDescription:
            old.add(triple)
    lines = diff_graphs(old, new, checked.ontology).lines()
    words = (
        "Ana Example as Head of the Agency of Examples and Minister of Examples and speaker for the region"
    )
    assert any(f"participation added {words}" in line for line in lines), lines


def _problems(tmp_path: Path, extra: str) -> list[Problem]:
    shutil.copytree(GOLDEN / "sources", tmp_path / "sources")
    (tmp_path / "sources" / "extra.yaml").write_text(extra, encoding="utf-8")
    with pytest.raises(DataInvalid) as caught:
        check(tmp_path / "sources", REPO / "ontology")
    return [p for p in caught.value.problems if p.severity == "error"]


MEETING_WITH = """
meetings:
  - id: meeting/broken
    name: {{en: Broken}}
    date: 2020-03
    {field}
    participants:
      - person: person/ana
        {participant}
    cites: [src/gazette-1]
"""
ORGANISATION_WITH = """
organizations:
  - id: org/broken
    name: {{en: Broken}}
    kind: org-kind/ministry
    {field}
    cites: [src/gazette-1]
"""


@pytest.mark.parametrize(
    ("extra", "line", "message", "hint"),
    [
        (
            MEETING_WITH.format(field="time: '9.30'", participant="role: role/host"),
            6,
            "'9.30' is not a time of day",
            "24-hour clock, in quotes",
        ),
        (
            MEETING_WITH.format(field="time: 10:30", participant="role: role/host"),
            6,
            "'10:30' is a base-60 number (YAML reads it as 630)",
            "put it in quotes",
        ),
        (
            MEETING_WITH.format(field="part_of_day: morning", participant="role: role/host"),
            6,
            "'morning' is not an id",
            "did you mean 'part-of-day/morning'?",
        ),
        (
            MEETING_WITH.format(field="part_of_day: part-of-day/dawn", participant="role: role/host"),
            6,
            "part-of-day/dawn",
            "SKOS vocabularies",
        ),
        (
            MEETING_WITH.format(field="topics: [topic/capacity-building]", participant="as_words: judge"),
            9,
            "text by language is expected",
            "{en: ",
        ),
        (
            MEETING_WITH.format(
                field="topics: [topic/capacity-building]", participant="as: [post/minister, person/ana]"
            ),
            9,
            "'as' must name a post, but 'person/ana' is a person",
            "give the id of a post",
        ),
        (ORGANISATION_WITH.format(field="founded: 2019-13"), 6, "there is no month 13", "the precision"),
        (
            ORGANISATION_WITH.format(field="dissolved: 2019\n    founded: 2020-05"),
            6,
            "org/broken: is dissolved (2019) before it was founded (2020-05)",
            "founded is the earlier",
        ),
    ],
    ids=[
        "time-not-a-time",
        "time-unquoted",
        "part-of-day-not-an-id",
        "part-of-day-unknown",
        "capacity-words-not-by-language",
        "capacity-not-a-post",
        "founded-not-a-date",
        "dissolved-before-founded",
    ],
)
def test_a_broken_value_fails_at_its_line_with_a_hint(
    tmp_path: Path, extra: str, line: int, message: str, hint: str
) -> None:
    problems = _problems(tmp_path, extra)
    assert problems, "no error"
    first = problems[0]
    assert first.file.endswith("extra.yaml"), problems
    assert (first.line, message in first.message, hint in first.hint) == (line, True, True), problems


def test_post_aliases_must_be_names_by_language(tmp_path: Path) -> None:
    (problem,) = _problems(
        tmp_path,
        """
posts:
  - id: post/broken
    name: {en: Broken}
    aliases: [Broken Post]
    in: org/ministry
    cites: [src/gazette-1]
""",
    )
    assert (problem.line, problem.message) == (5, "post/broken: 'aliases': aliases by language are expected")
    assert "{en: [CHRC]" in problem.hint
