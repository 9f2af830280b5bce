"""Citations for some fields only (`for: [born]`, issue 12: who says so, per fact): refused like
a compiler error when a field is not the record's, written as hrg:citedFor in the graph, and
followed by the site, whose values carry only the citations for their field (or, when none
names it, those for no field in particular). Data: tests/fixtures/cited-for."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from graph.cli import main
from graph.core.vocab import HRG, PROV, RDF
from graph.ingest.cache import SourceCache
from graph.ingest.read_file import load_file
from graph.ingest.records import Person
from graph.pipeline import Checked, build, check
from tests.conftest import FIXTURES, ONTOLOGY, REPO
from tests.test_incremental_build import assert_same_outputs

SOURCES = FIXTURES / "cited-for" / "sources"
BASE = "https://w3id.org/hrgraph/id/"
PERSON = URIRef(BASE + "person/test-remy")
MEETING = URIRef(BASE + "meeting/2025-01-15-test")
BIRTH_PAGE = URIRef(BASE + "src/test-birth-page")

PERSON_YAML = """\
people:
  - id: person/p
    name: {en: P}
    born: 1963-09-13
    cites:
      - source: src/a
        quote: He was born on September 13, 1963
        for: [%s]
      - src/b
"""


def problems_of(tmp_path: Path, text: str) -> list[tuple[int, str, str]]:
    path = tmp_path / "people.yaml"
    path.write_text(text, encoding="utf-8")
    return [(p.line, p.message, p.hint) for p in load_file(path, "people.yaml").problems]


# ---------------------------------------------------------------- validation


def test_a_field_of_the_record_is_accepted(tmp_path: Path) -> None:
    assert problems_of(tmp_path, PERSON_YAML % "born") == []
    assert problems_of(tmp_path, PERSON_YAML.replace("for: [%s]", "for: born")) == []


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("shoe_size", "a citation is for 'shoe_size', which is not a field of a person"),
        ("date", "a citation is for 'date', which is not a field of a person"),  # a meeting's
        ("note", "a citation is for 'note', the curators' own field, which no source supports"),
        ("confidence", "a citation is for 'confidence', the curators' own field"),
    ],
)
def test_a_field_the_record_has_not_is_refused_on_its_line(tmp_path: Path, key: str, words: str) -> None:
    [(line, message, hint)] = problems_of(tmp_path, PERSON_YAML % f"born, {key}")
    assert line == 8  # the for: line
    assert message.startswith(f"person/p: 'cites.for': {words}")
    assert hint == "use one of: aliases, birth_place, born, name, nationality, wikidata"


def test_a_key_that_is_no_key_is_refused(tmp_path: Path) -> None:
    [(line, message, _)] = problems_of(tmp_path, PERSON_YAML % "Birth Date")
    assert (line, message) == (8, "person/p: 'cites.for': 'Birth Date' is not the key of a field")


def test_the_line_is_that_of_the_citation(tmp_path: Path) -> None:
    text = PERSON_YAML.replace(
        "      - src/b\n", "      - source: src/b\n        for:\n          - born\n          - shoe\n"
    )
    [(line, message, _)] = problems_of(tmp_path, text % "born")
    assert line == 12 and "'shoe'" in message


def test_a_claims_citation_takes_no_fields(tmp_path: Path) -> None:
    text = """\
people:
  - id: person/p
    name: {en: P}
    cites: [src/a]
    claims:
      - field: born
        value: 1975-12-25
        cites:
          - source: src/a
            for: [born]
"""
    [(line, message, hint)] = problems_of(tmp_path, text)
    assert line == 10
    assert "a claim's citation names fields, but it supports the claim's own value" in message
    assert hint == "delete for: (the claim is about field: born)"


def test_a_participants_own_citation_takes_no_fields(tmp_path: Path) -> None:
    text = """\
meetings:
  - id: meeting/m
    name: {en: M}
    date: 2025-01-15
    participants:
      - person: person/p
        cites:
          - source: src/a
            for: [role]
    cites: [src/a]
"""
    [(line, message, _)] = problems_of(tmp_path, text)
    assert line == 9
    assert "a participation's own citation names fields" in message


def test_a_participant_left_with_no_citation_is_refused(tmp_path: Path) -> None:
    text = """\
meetings:
  - id: meeting/m
    name: {en: M}
    date: 2025-01-15
    participants:
      - person: person/p
    cites:
      - source: src/a
        for: [date]
"""
    [(line, message, hint)] = problems_of(tmp_path, text)
    assert line == 2
    assert "each citation of a meeting is for other fields than 'participants'" in message
    assert "add participants to a citation's for:" in hint


# ---------------------------------------------------------------- the graph


@pytest.fixture(scope="module")
def checked() -> Checked:
    return check(SOURCES, ONTOLOGY)


def citations(checked: Checked, node: URIRef) -> dict[str, set[URIRef]]:
    """Each citation of `node`: its source's id, and the properties it is cited for."""
    graph = checked.assembly.graph
    found: dict[str, set[URIRef]] = {}
    for cite in graph.objects(node, HRG.citation):
        source = str(graph.value(cite, HRG.source)).removeprefix(BASE)
        found.setdefault(source, set()).update(graph.objects(cite, HRG.citedFor))  # type: ignore[arg-type]
    return found


def test_a_citation_names_the_property_of_each_field_it_is_for(checked: Checked) -> None:
    assert citations(checked, PERSON) == {
        "src/test-news-a": set(),
        "src/test-birth-page": {HRG.birthDate},
        "src/test-news-b": set(),
    }
    assert citations(checked, MEETING) == {"src/test-news-a": set(), "src/test-birth-page": {HRG.startDate}}
    graph = checked.assembly.graph
    assert (PERSON, PROV.wasDerivedFrom, BIRTH_PAGE) in graph  # still one of the record's sources


def test_a_part_takes_the_records_citations_for_no_field(checked: Checked) -> None:
    graph = checked.assembly.graph
    [participant] = graph.objects(MEETING, HRG.participation)
    assert isinstance(participant, URIRef)
    assert citations(checked, participant) == {"src/test-news-a": set()}
    cite = URIRef(f"{participant}/cite/1")
    assert (cite, RDF.type, HRG.Citation) in graph
    # located at the record's first citation, the one it copies
    record, path = checked.assembly.origins[cite]
    assert (record.id, path) == ("meeting/2025-01-15-test", ("cites", 0))


def test_a_citation_for_no_field_writes_no_property(checked: Checked) -> None:
    graph = checked.assembly.graph
    cited_for = {(s, o) for s, _, o in graph.triples((None, HRG.citedFor, None))}
    assert cited_for == {
        (URIRef(f"{PERSON}/cite/2"), HRG.birthDate),
        (URIRef(f"{MEETING}/cite/2"), HRG.startDate),
    }


# ---------------------------------------------------------------- the site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cited-for") / "site"
    result = CliRunner().invoke(
        main, ["site", "--sources", str(SOURCES), "--ontology", str(ONTOLOGY), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def marks(html: str, caption: str) -> list[str]:
    """The titles of the source marks of the value captioned `caption` on a page."""
    found = re.search(rf"<dt>{re.escape(caption)}</dt><dd>(.*?)</dd>", html)
    assert found is not None, caption
    return [
        title.split(" — ")[0] for title in re.findall(r'class="cite"[^>]* title="([^"]*)"', found.group(1))
    ]


def endnotes(html: str) -> list[str]:
    """The titles in the page's endnotes, in their order."""
    notes = html[html.index('id="sources"') :]
    return re.findall(r'<li id="n\d+">.*?<a [^>]*>([^<]*)</a>', notes)


def test_a_value_is_marked_with_its_fields_citations_only(site: Path) -> None:
    html = (site / "en" / "person" / "test-remy.html").read_text(encoding="utf-8")
    assert marks(html, "Birth date") == ["Test Biography Page"]
    assert marks(html, "Nationality") == ["Test News A", "Test News B"]
    # numbered as first cited: the facts' own, then the tables' (the office, the meeting)
    assert endnotes(html)[:3] == ["Test Biography Page", "Test News A", "Test News B"]


@pytest.mark.parametrize("lang", ["id", "km"])
def test_every_language_marks_the_same_sources(site: Path, lang: str) -> None:
    html = (site / lang / "person" / "test-remy.html").read_text(encoding="utf-8")
    values = re.findall(r"<dd>(.*?)</dd>", html)
    cited = [len(re.findall(r'class="cite"', value)) for value in values if 'class="cite"' in value]
    assert cited == [1, 2]


def test_a_table_of_facts_of_their_own_keeps_their_citations(site: Path) -> None:
    person = (site / "en" / "person" / "test-remy.html").read_text(encoding="utf-8")
    offices = person[person.index('id="offices"') : person.index("</table>", person.index('id="offices"'))]
    assert re.findall(r'class="cite"[^>]* title="([^"]*) — ', offices) == ["Test News B"]
    meeting = (site / "en" / "meeting" / "2025-01-15-test.html").read_text(encoding="utf-8")
    attended = meeting[meeting.index('id="participants"') :]
    attended = attended[: attended.index("</table>")]
    assert re.findall(r'class="cite"[^>]* title="([^"]*) — ', attended) == ["Test News A"]


def test_a_meetings_day_is_marked_with_the_sources_for_its_date(site: Path) -> None:
    html = (site / "en" / "meeting" / "2025-01-15-test.html").read_text(encoding="utf-8")
    assert marks(html, "Date") == ["Test Biography Page"]
    assert marks(html, "Place") == ["Test News A"]


def test_the_records_confidence_is_not_said_of_a_value_with_sources_of_its_own(site: Path) -> None:
    html = (site / "en" / "meeting" / "2025-01-15-test.html").read_text(encoding="utf-8")
    value = {caption: found for caption, found in re.findall(r"<dt>([^<]*)</dt><dd>(.*?)</dd>", html)}
    assert "one source only" in value["Place"]
    assert "one source only" not in value["Date"]


def test_the_source_page_names_each_fact_by_its_kind_and_name(site: Path) -> None:
    html = (site / "en" / "src" / "test-birth-page.html").read_text(encoding="utf-8")
    assert '<a href="../person/test-remy.html">Person: Test Remy</a>, Birth date' in html


def test_the_source_page_says_which_field_each_fact_cites_it_for(site: Path) -> None:
    html = (site / "en" / "src" / "test-birth-page.html").read_text(encoding="utf-8")
    facts = html[html.index('id="facts"') :]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", facts[: facts.index("</table>")]))
    assert "Test Remy , Birth date He was born on September 13, 1963" in text
    assert "Test Meeting , Start date on 15 January 2025" in text


# ---------------------------------------------------------------- the curators' guide


def test_the_guides_example_is_a_valid_record_citing_the_birth_date_alone(tmp_path: Path) -> None:
    guide = (REPO / "sources" / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", guide, re.S)
    [example] = [block for block in blocks if "for: [born]" in block]
    path = tmp_path / "people.yaml"
    path.write_text("people:\n" + example, encoding="utf-8")
    loaded = load_file(path, "people.yaml")
    assert loaded.problems == []
    [person] = loaded.records
    assert isinstance(person, Person)
    assert [c.source for c in person.citations_for("born")] == [
        "src/chrc-en-new-head-of-human-rights-committee"
    ]
    assert [c.source for c in person.citations_for("nationality")] == ["src/infoindokamboja-2025-11-25"]


# ---------------------------------------------------------------- a rebuild


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("        for: [born]\n", ""),  # the birth date's source now supports every value
        ("      - src/test-news-b\n", "      - source: src/test-news-b\n        for: [nationality]\n"),
    ],
    ids=["for-removed", "for-added"],
)
def test_a_rebuild_after_a_for_edit_equals_a_cold_build(tmp_path: Path, before: str, after: str) -> None:
    sources, out = tmp_path / "sources", tmp_path / "build"
    shutil.copytree(SOURCES, sources)
    build(sources, ONTOLOGY, out, cache=SourceCache(out / ".cache" / "sources"))
    page = out / "site" / "en" / "person" / "test-remy.html"
    shown = page.read_bytes()
    people = sources / "people.yaml"
    text = people.read_text(encoding="utf-8")
    assert text.count(before) == 1
    people.write_text(text.replace(before, after), encoding="utf-8")
    build(sources, ONTOLOGY, out, cache=SourceCache(out / ".cache" / "sources"))
    build(sources, ONTOLOGY, tmp_path / "cold")
    assert_same_outputs(out, tmp_path / "cold")
    assert page.read_bytes() != shown
