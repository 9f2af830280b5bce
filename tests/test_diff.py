"""`hrgraph diff`: facts added, removed and changed, in words and as JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDF, Graph, URIRef

from graph.analyst.diff import _facts
from graph.cli import main
from graph.core.vocab import HRG

from .conftest import GOLDEN, REPO

ID = "https://w3id.org/hrgraph/id/"

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]


def _git(repo: Path, *args: str) -> None:
    subprocess.run([*GIT, "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding the golden sources and the ontology, with one commit."""
    shutil.copytree(GOLDEN / "sources", tmp_path / "sources")
    shutil.copytree(REPO / "ontology", tmp_path / "ontology")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "golden")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _edit(project: Path, old: str, new: str) -> None:
    path = project / "sources" / "golden.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_two_revisions_that_differ_by_one_edited_tenure(project: Path) -> None:
    _edit(
        project,
        "    attested: [2020-05-01, 2020-05]\n",
        "    attested: [2020-05-01, 2020-05]\n    end: 2020-12\n",
    )
    _git(project, "commit", "-q", "-am", "agency head: end date")
    result = CliRunner().invoke(main, ["diff", "HEAD~1", "HEAD"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "~ Tenure of Ana Example as Head of the Agency of Examples (tenure/ana-agency-head): "
        "end date added 2020-12"
    ]


def test_changed_dates_sources_and_quotes_in_words_and_json(project: Path) -> None:
    _edit(project, "    end: 2020-05\n", "    end: 2020-06-30\n")
    _edit(
        project,
        "        quote: Ana dilantik sebagai menteri\n",
        "        quote: Ana dilantik sebagai menteri\n"
        "      - source: src/gazette-2\n        quote: Ana berhenti\n",
    )
    _edit(
        project,
        "countries:\n",
        "  - id: src/gazette-2\n    title: Gazette number two\n    publisher: Example "
        "Gazette\n    language: id\n\ncountries:\n",
    )
    _git(project, "commit", "-q", "-am", "minister: end date and a second source")
    result = CliRunner().invoke(main, ["diff", "HEAD~1", "HEAD"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "+ Source Gazette number two (src/gazette-2)",
        "~ Tenure of Ana Example as Minister of Examples (tenure/ana-minister): end date changed from "
        "2020-05 to 2020-06-30; source added Gazette number two (src/gazette-2)",
    ]
    data = json.loads(CliRunner().invoke(main, ["diff", "HEAD~1", "HEAD", "--format", "json"]).stdout)
    assert data["added"] == [
        {"id": "src/gazette-2", "description": "Source Gazette number two (src/gazette-2)", "changes": []}
    ]
    assert data["changed"][0]["changes"][0] == {
        "property": "end date",
        "change": "changed",
        "old": "2020-05",
        "new": "2020-06-30",
    }


def test_a_note_given_another_language_says_which(project: Path) -> None:
    _edit(
        project,
        "    attested: [2020-05-01, 2020-05]\n",
        "    attested: [2020-05-01, 2020-05]\n    note: Acting.\n",
    )
    _git(project, "commit", "-q", "-am", "a note, in English")
    _edit(project, "    note: Acting.\n", "    note: {id: Acting.}\n")
    _git(project, "commit", "-q", "-am", "the note is Indonesian")
    result = CliRunner().invoke(main, ["diff", "HEAD~1", "HEAD"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "~ Tenure of Ana Example as Head of the Agency of Examples (tenure/ana-agency-head): "
        'curator\'s note changed from "Acting."@en to "Acting."@id'
    ]


def test_build_folders_and_removed_facts(project: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--out", "old"]).exit_code == 0
    _edit(project, "  - id: instrument/protocol\n", "  - id: instrument/protocol-renamed\n")
    _edit(project, "    led_to: [instrument/protocol]\n", "    led_to: [instrument/protocol-renamed]\n")
    assert runner.invoke(main, ["build", "--out", "new"]).exit_code == 0
    lines = runner.invoke(main, ["diff", "old", "new"]).stdout.splitlines()
    assert lines == [
        "+ Instrument Example Protocol (instrument/protocol-renamed)",
        "- Instrument Example Protocol (instrument/protocol)",
        "~ Instrument Example Accord (instrument/accord): led to changed from Example Protocol "
        "(instrument/protocol) to Example Protocol (instrument/protocol-renamed)",
    ]


def test_no_changes(project: Path) -> None:
    result = CliRunner().invoke(main, ["diff", "HEAD", "HEAD"])
    assert result.stdout == "No changes.\n"


def test_neither_a_folder_nor_a_revision_is_a_usage_error(project: Path) -> None:
    result = CliRunner().invoke(main, ["diff", "no-such-thing", "HEAD"])
    assert result.exit_code == 2
    assert "'no-such-thing' is neither a build folder nor a git revision of this project" in result.stderr
    assert "Traceback" not in result.output


_IRIS = st.lists(
    st.lists(st.sampled_from(["m", "m-1", "p", "1"]), min_size=1, max_size=4).map(
        lambda parts: ID + "/".join(parts)
    ),
    max_size=30,
)


@given(iris=_IRIS)
def test_the_facts_are_the_records_no_other_record_s_iri_continues(iris: list[str]) -> None:
    """A record nested in another (a meeting's participation, meeting/x/p1) is no fact of its
    own: the rule `_facts` finds among each IRI's own prefixes, held to every pair's comparison."""
    graph = Graph()
    for iri in iris:
        graph.add((URIRef(iri), RDF.type, HRG.Meeting))
    typed = {URIRef(iri) for iri in iris}
    by_pairs = {s for s in typed if not any(str(s).startswith(str(o) + "/") for o in typed if o != s)}
    assert _facts(graph) == by_pairs
