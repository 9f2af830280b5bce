"""Statements (issue 14): who said what, when, where, about what, with the quote, through every
output: the dumps, the saved query, the readers' site, the network view and `hrgraph diff`; and
a broken statement reported at its file and line."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from graph.analyst.api import KnowledgeGraph
from graph.cli import main
from graph.core.vocab import DEFAULT_DATA_BASE, HRG, XSD
from graph.pipeline import Checked
from graph.view.build import to_networkx
from tests.test_site_pages import read

from .conftest import GOLDEN, ONTOLOGY, REPO, VALID

FIXTURES = REPO / "tests" / "fixtures" / "statements"
STATEMENT = URIRef(DEFAULT_DATA_BASE + "statement/ana-briefing")
GOLDEN_ARGS = ["--sources", str(GOLDEN / "sources"), "--ontology", str(ONTOLOGY)]
GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]


def _id(short: str) -> URIRef:
    return URIRef(DEFAULT_DATA_BASE + short)


# ---------------------------------------------------------------- the graph and its dumps


@pytest.mark.parametrize("fmt", ["nt", "ttl", "jsonld"])
def test_a_statement_round_trips_through_every_dump(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"graph.{fmt}"
    result = CliRunner().invoke(main, ["export", *GOLDEN_ARGS, "--format", fmt, "-o", str(target)])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(target, format={"nt": "nt", "ttl": "turtle", "jsonld": "json-ld"}[fmt])
    assert (STATEMENT, HRG.statedBy, _id("person/ana")) in graph
    assert (STATEMENT, HRG.statedOn, Literal("2020-05-01", datatype=XSD.date)) in graph
    assert (STATEMENT, HRG.saidAt, _id("meeting/m1")) in graph
    assert (STATEMENT, HRG.saidIn, _id("src/gazette-1")) in graph
    assert (STATEMENT, HRG.statementPlace, _id("place/capital")) in graph
    assert set(graph.objects(STATEMENT, HRG.concerns)) == {_id("country/atlantis"), _id("commitment/c1")}
    assert (
        STATEMENT,
        HRG.statementText,
        Literal("Ana described the state of the accord.", lang="en"),
    ) in graph
    kind = URIRef("https://w3id.org/hrgraph/statement-kind/briefing")
    assert (STATEMENT, HRG.statementKind, kind) in graph
    citation = graph.value(STATEMENT, HRG.citation)
    assert graph.value(citation, HRG.quote) == Literal("perjanjian berjalan baik", lang="id")


def test_the_statement_kinds_are_listed_by_vocab() -> None:
    result = CliRunner().invoke(main, ["vocab", "--ontology", str(ONTOLOGY), "--scheme", "statement-kind"])
    assert result.exit_code == 0, result.output
    ids = [line.split()[0] for line in result.stdout.splitlines()[2:] if line.strip()]
    assert ids == ["statement-kind/briefing", "statement-kind/public-statement", "statement-kind/rejection"]


# ---------------------------------------------------------------- the saved query


def test_statements_of_a_speaker_a_subject_a_meeting_and_a_document() -> None:
    kg = KnowledgeGraph.from_sources(GOLDEN / "sources", ONTOLOGY)
    expected = [
        (
            "2020-05-01",
            "statement:ana-briefing",
            "Ana described the state of the accord.",
            "Briefing",
            "Ana Example",
            "meeting:m1",
            "First meeting",
            "perjanjian berjalan baik",
        )
    ]
    for entity in ("person/ana", "commitment/c1", "country/atlantis", "meeting/m1", "src/gazette-1"):
        rows = kg.saved("statements-of", entity=entity)
        found = [
            (
                r["date"],
                r["statement"],
                r["said"],
                r["kind"],
                r["byName"],
                r["where"],
                r["whereName"],
                r["quote"],
            )
            for r in rows
        ]
        assert found == expected, entity
    assert kg.saved("statements-of", entity="org/ministry") == []


def test_the_statement_query_on_statements_without_a_meeting(tmp_path: Path) -> None:
    """Where is the document a statement was made in when no meeting is named, else its place."""
    sources = tmp_path / "sources"
    shutil.copytree(VALID, sources)
    text = (FIXTURES / "statements.yaml").read_text(encoding="utf-8")
    text = text.replace("    at: meeting/2025-01-15-test\n", "    in: src/test-source\n")
    (sources / "statements.yaml").write_text(text, encoding="utf-8")
    kg = KnowledgeGraph.from_sources(sources, ONTOLOGY)
    [row] = kg.saved("statements-of", entity="country/testland-b")
    assert (row["where"], row["whereName"], row["byName"]) == (
        "src:test-source",
        "Test Source A",
        "Test Person A",
    )
    assert row["quote"] == "Test A: the workers are safe"


# ---------------------------------------------------------------- the readers' site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site") / "site"
    result = CliRunner().invoke(main, ["site", *GOLDEN_ARGS, "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def test_a_statement_has_a_page_with_each_value_cited(site: Path) -> None:
    page = read(site, "en", "statement/ana-briefing.html")
    said = page.text("prose")
    assert "What was said" in said
    assert "Ana described the state of the accord. 1" in said
    assert "Ana menjelaskan keadaan perjanjian. (id) 1" in said  # marked: not the page's language
    facts = page.text("facts")
    for caption, value in [
        ("Kind of statement", "Briefing 1"),
        ("Said by", "Ana Example 1"),
        ("Said on", "1 May 2020 1"),
        ("Said at", "First meeting 1"),
        ("Said in the place", "Capital City 1"),
        ("Concerning", "To meet again , Atlantis 1"),
    ]:
        assert f"{caption} {value}" in facts
    assert "perjanjian berjalan baik" in page.text("sources")
    assert "person/ana.html" in " ".join(page.links)


def test_the_statement_page_speaks_each_reader_language(site: Path) -> None:
    km = read(site, "km", "statement/ana-briefing.html")
    assert "សេចក្តីថ្លែងការណ៍" in " ".join(km.sections.get("", []))  # the kind, from the ontology
    assert "ថ្លែងដោយ" in km.text("facts")
    indonesian = read(site, "id", "statement/ana-briefing.html")
    assert "Disampaikan oleh" in indonesian.text("facts")


@pytest.mark.parametrize(
    ("page", "row"),
    [
        (
            "person/ana.html",
            ["Ana described the state of the accord. 3", "Said by", "Briefing", "1 May 2020"],
        ),
        (
            "country/atlantis.html",
            ["Ana described the state of the accord. 2", "Concerning", "Briefing", "1 May 2020"],
        ),
        (
            "commitment/c1.html",
            ["Ana described the state of the accord. 2", "Concerning", "Briefing", "1 May 2020"],
        ),
        (
            "meeting/m1.html",
            ["Ana described the state of the accord. 2", "Ana Example", "Briefing", "1 May 2020"],
        ),
        (
            "topic/peace-process.html",
            ["Ana described the state of the accord. 2", "Ana Example", "Briefing", "1 May 2020"],
        ),
    ],
)
def test_the_speaker_the_subjects_the_meeting_and_the_topic_list_the_statement(
    site: Path, page: str, row: list[str]
) -> None:
    assert read(site, "en", page).rows["statements"] == [row]


def test_the_timeline_shows_a_statement_on_its_date_with_its_speaker(site: Path) -> None:
    rows = read(site, "en", "timeline/2020.html").rows["events"]
    said = [row for row in rows if row[1] == "Statement"]
    assert [row[:3] for row in said] == [
        ["1 May 2020", "Statement", "Ana described the state of the accord. , Ana Example"]
    ]
    assert said[0][3].isdigit(), "the event says who says so"


# ---------------------------------------------------------------- the network view


def test_the_network_view_draws_a_statement_and_its_links(golden: Checked) -> None:
    view = to_networkx(golden.assembly.graph)
    node = view.nodes[str(STATEMENT)]
    assert node["kind"] == "Statement"
    assert node["label"] == "Ana described the state of the accord."
    edges = {
        (v[len(DEFAULT_DATA_BASE) :], d["label"]) for _, v, d in view.out_edges(str(STATEMENT), data=True)
    }
    assert edges == {
        ("person/ana", "said by"),
        ("meeting/m1", "said at"),
        ("place/capital", "said in the place"),
        ("country/atlantis", "concerning"),
        ("commitment/c1", "concerning"),
    }


# ---------------------------------------------------------------- hrgraph diff


def _git(repo: Path, *args: str) -> None:
    subprocess.run([*GIT, "-C", str(repo), *args], check=True, capture_output=True)


def test_diff_names_an_added_statement(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(GOLDEN / "sources", tmp_path / "sources")
    shutil.copytree(ONTOLOGY, tmp_path / "ontology")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "golden")
    path = tmp_path / "sources" / "golden.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\n  - id: statement/ana-rejects\n    kind: statement-kind/rejection\n    by: person/ana\n"
        "    date: 2021\n    about: [commitment/c2]\n    text: {en: Ana rejected the second gazette.}\n"
        "    cites: [src/gazette-1]\n",
        encoding="utf-8",
    )
    _git(tmp_path, "commit", "-q", "-am", "a statement")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["diff", "HEAD~1", "HEAD"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "+ Statement “Ana rejected the second gazette.” (statement/ana-rejects)"
    ]
    data = json.loads(CliRunner().invoke(main, ["diff", "HEAD~1", "HEAD", "--format", "json"]).stdout)
    assert [item["id"] for item in data["added"]] == ["statement/ana-rejects"]


# ---------------------------------------------------------------- broken statements


def _validate(tmp_path: Path, statements: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    shutil.copytree(VALID, tmp_path / "sources")
    shutil.copy(statements, tmp_path / "sources" / "statements.yaml")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--sources", "sources", "--ontology", str(ONTOLOGY)])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def test_a_valid_statement_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = _validate(tmp_path, FIXTURES / "statements.yaml", monkeypatch)
    assert (code, err) == (0, "")
    assert out.startswith("ok: 14 records in 6 files, ")


def test_each_broken_statement_is_reported_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = _validate(tmp_path, FIXTURES / "broken" / "statements.yaml", monkeypatch)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "sources/statements.yaml:3: statement/no-speaker: 'by' is required (add by: person/...)",
        "sources/statements.yaml:9: statement/said-by-a-meeting: 'by' must name a person, organisation"
        " or country, but 'meeting/2025-01-15-test' is a meeting (give the id of a person,"
        " organisation or country)",
        "sources/statements.yaml:17: statement/at-an-unknown-meeting:"
        " 'meeting/2099-01-01-no-such-meeting' is not defined (define it under 'meetings:' in a"
        " sources file)",
        "sources/statements.yaml:22: statement/unknown-kind: unknown statement-kind"
        " 'statement-kind/breifing' (did you mean 'statement-kind/briefing'? Or add it to the"
        " ontology's SKOS vocabularies)",
        "sources/statements.yaml:28: statement/uncited: cites no source (add cites: [src/...]; every"
        " fact must say where it comes from)",
        "hrgraph: 5 errors; nothing was written",
    ]


def test_a_statements_page_leads_with_the_text_in_its_language(site: Path) -> None:
    said = read(site, "id", "statement/ana-briefing.html").text("prose")
    indonesian, english = "Ana menjelaskan keadaan perjanjian.", "Ana described the state of the accord."
    assert said.index(indonesian) < said.index(english)
    assert "Ana described the state of the accord. (en)" in said
