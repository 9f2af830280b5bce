"""A saved query's parameters are checked before it runs: an id not in the graph (with a "did you
mean" from ids and names), an id of the wrong kind and an impossible date are usage mistakes,
exit 2 from the CLI and ParameterError from the Python API."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.analyst.api import KnowledgeGraph
from graph.analyst.serve import SparqlServer
from graph.cli import main
from graph.core.errors import ParameterError, UsageError
from graph.sparql.param_check import did_you_mean, id_text
from graph.sparql.query import Prefixes
from graph.sparql.saved import saved_queries
from graph.sparql.store import open_store, read_prefixes

from .conftest import GOLDEN, ONTOLOGY


@pytest.fixture(scope="module")
def golden_kg() -> KnowledgeGraph:
    return KnowledgeGraph.from_sources(GOLDEN / "sources", ONTOLOGY)


@pytest.fixture(scope="module")
def golden_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden-build")
    result = CliRunner().invoke(
        main, ["build", "--sources", str(GOLDEN / "sources"), "--ontology", str(ONTOLOGY), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out / "graph.nt"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"person": "person/an"},
            "argument person: there is no person/an in the graph (did you mean person/ana?)",
        ),
        (
            {"person": "person/example"},  # a word of the name "Ana Example"
            "argument person: there is no person/example in the graph (did you mean person/ana?)",
        ),
        ({"person": "person/zzzzzz"}, "argument person: there is no person/zzzzzz in the graph"),
        ({"person": "post/minister"}, "argument person: post/minister is a Post, not a Person"),
        ({"person": "org/ministry"}, "argument person: org/ministry is an Organisation, not a Person"),
    ],
)
def test_an_id_not_in_the_graph_or_of_the_wrong_kind_is_a_parameter_error(
    golden_kg: KnowledgeGraph, params: dict[str, str], message: str
) -> None:
    with pytest.raises(ParameterError) as caught:
        golden_kg.saved("meetings-of-person", **params)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("peoples", "argument unit: the graph has no unit 'peoples' (did you mean people?)"),
        ("zzz", "argument unit: the graph has no unit 'zzz'; it has people"),
    ],
)
def test_a_text_none_of_its_declared_values_is_a_parameter_error(
    golden_kg: KnowledgeGraph, unit: str, message: str
) -> None:
    with pytest.raises(ParameterError) as caught:
        golden_kg.saved("figures-about", about="country/atlantis", unit=unit)
    assert str(caught.value) == message
    assert golden_kg.saved("figures-about", about="country/atlantis", unit="people")  # a value it has


def test_a_parameter_error_is_a_usage_error() -> None:
    assert issubclass(ParameterError, UsageError)


@pytest.mark.parametrize(
    "impossible", ["2026-02-30", "2025-02-29", "2025-13", "2025-13-45", "2025-00", "20255"]
)
def test_an_impossible_date_is_a_parameter_error(golden_kg: KnowledgeGraph, impossible: str) -> None:
    with pytest.raises(ParameterError, match=f"argument on: '{impossible}' is not a date"):
        golden_kg.saved("post-holder-on-date", post="post/minister", on=impossible)


def test_a_real_date_and_the_right_kind_pass(golden_kg: KnowledgeGraph) -> None:
    rows = golden_kg.saved("post-holder-on-date", post="post/minister", on="2024-02-29")
    assert isinstance(rows, list)
    assert golden_kg.saved("meetings-of-person", person="person/ana")


def test_a_parameter_of_any_kind_takes_every_entity(golden_kg: KnowledgeGraph) -> None:
    assert golden_kg.saved("sources-of", entity="post/minister")
    with pytest.raises(
        ParameterError, match=r"there is no person/anna in the graph \(did you mean person/ana\?\)"
    ):
        golden_kg.saved("sources-of", entity="person/anna")


def test_unknown_and_missing_parameters_are_parameter_errors(golden_kg: KnowledgeGraph) -> None:
    with pytest.raises(ParameterError, match="meetings-of-person has no parameter 'who'"):
        golden_kg.saved("meetings-of-person", who="person/ana")
    with pytest.raises(ParameterError, match=r"meetings-of-person needs person=\.\.\. \(the person"):
        golden_kg.saved("meetings-of-person")


@pytest.mark.parametrize(
    ("name", "params", "api", "cli"),
    [
        (
            "meetings-of-person",
            {"person": "person/an"},
            "argument person: there is no person/an in the graph (did you mean person/ana?)",
            "--param person: there is no person/an in the graph (did you mean person/ana?)",
        ),
        (
            "post-holder-on-date",
            {"post": "post/minister", "on": "2025-13"},
            "argument on: '2025-13' is not a date (write YYYY-MM-DD, YYYY-MM or YYYY)",
            "--param on: '2025-13' is not a date (write YYYY-MM-DD, YYYY-MM or YYYY)",
        ),
        (
            "meetings-of-person",
            {},
            "meetings-of-person needs person=... ({help})",
            "meetings-of-person needs --param person=... ({help})",
        ),
        (
            "meetings-of-persn",
            {},
            "there is no saved query 'meetings-of-persn' (did you mean 'meetings-of-person'?)",
            "there is no saved query 'meetings-of-persn' (did you mean 'meetings-of-person'?)",
        ),
        (
            "nope",
            {},
            "there is no saved query 'nope' (see kg.saved_queries())",
            "there is no saved query 'nope' (see hrgraph query --list)",
        ),
    ],
    ids=["misspelt-id", "bad-date", "left-out", "misspelt-query", "unknown-query"],
)
def test_the_api_and_the_cli_say_the_same_mistake_in_their_own_words(
    golden_kg: KnowledgeGraph, golden_build: Path, name: str, params: dict[str, str], api: str, cli: str
) -> None:
    """The Python API spoke of --param and hrgraph query --list; the checks are the same."""
    help_of = {p.name: p.help for p in saved_queries()["meetings-of-person"].params}
    api, cli = api.format(help=help_of["person"]), cli.format(help=help_of["person"])
    with pytest.raises(UsageError) as caught:
        golden_kg.saved(name, **params)
    assert str(caught.value) == api
    args = ["query", "--graph", str(golden_build), "--saved", name]
    result = CliRunner().invoke(main, [*args, *(f"--param={k}={v}" for k, v in params.items())])
    assert (result.exit_code, result.stderr) == (2, f"hrgraph: {cli}\n")


def test_every_id_parameter_of_a_specific_kind_names_classes_of_the_ontology() -> None:
    from rdflib import URIRef

    from graph.core.ontology import shipped_ontology

    declared = {t for q in saved_queries().values() for p in q.params for t in p.types}
    assert declared >= {"Person", "Post", "Meeting", "Country", "Measure", "Instrument"}
    classes = {str(c) for c in shipped_ontology().labels if isinstance(c, URIRef)}
    assert not {t for t in declared if f"https://w3id.org/hrgraph/ontology#{t}" not in classes}


def test_suggestions_come_near_the_best_only() -> None:
    found = {"person/natalius-pigai": ["Natalius Pigai"], "person/mugiyanto": ["Mugiyanto"], "post/x": []}
    assert did_you_mean("person/pigai", found) == " (did you mean person/natalius-pigai?)"
    assert did_you_mean("nothing-like-it", {"person/keo-remy": ["Keo Remy"]}) == ""


def test_an_iri_is_shown_as_the_id_the_sources_write() -> None:
    prefixes = {"person": "https://w3id.org/hrgraph/id/person/", "hrg": "https://w3id.org/hrgraph/ontology#"}
    assert id_text("https://w3id.org/hrgraph/id/person/keo-remy", prefixes) == "person/keo-remy"
    assert id_text("urn:x", prefixes) == "<urn:x>"


# ---------------------------------------------------------------- the CLI


def query(graph: Path, *params: str) -> tuple[int, str, str]:
    args = ["query", "--graph", str(graph), "--saved", "meetings-of-person"]
    for param in params:
        args += ["--param", param]
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.stdout, result.stderr


def test_the_cli_exits_2_with_a_suggestion_for_a_misspelt_id(golden_build: Path) -> None:
    assert query(golden_build, "person=person/an") == (
        2,
        "",
        "hrgraph: --param person: there is no person/an in the graph (did you mean person/ana?)\n",
    )


def test_the_cli_exits_2_for_an_id_of_the_wrong_kind(golden_build: Path) -> None:
    assert query(golden_build, "person=post/minister") == (
        2,
        "",
        "hrgraph: --param person: post/minister is a Post, not a Person\n",
    )


def test_the_cli_answers_a_right_id(golden_build: Path) -> None:
    code, out, err = query(golden_build, "person=person/ana")
    assert (code, err) == (0, "")
    assert "meeting:m1" in out


@pytest.fixture(scope="module")
def golden_endpoint(golden_build: Path) -> Iterator[str]:
    server = SparqlServer(
        ("127.0.0.1", 0),
        open_store(golden_build),
        Prefixes(read_prefixes(golden_build.with_suffix(".ttl"))),
        quiet=True,
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield server.url
    server.shutdown()
    server.server_close()


def test_ids_are_checked_against_a_remote_endpoint_too(golden_build: Path, golden_endpoint: str) -> None:
    args = [
        "query",
        "--graph",
        str(golden_build),
        "--endpoint",
        golden_endpoint,
        "--saved",
        "meetings-of-person",
    ]
    misspelt = CliRunner().invoke(main, [*args, "--param", "person=person/an"])
    assert (misspelt.exit_code, misspelt.stderr) == (
        2,
        "hrgraph: --param person: there is no person/an in the graph (did you mean person/ana?)\n",
    )
    right = CliRunner().invoke(main, [*args, "--param", "person=person/ana"])
    assert right.exit_code == 0 and "meeting:m1" in right.stdout


def test_a_text_is_checked_against_a_remote_endpoint_too(golden_build: Path, golden_endpoint: str) -> None:
    args = ["query", "--graph", str(golden_build), "--endpoint", golden_endpoint, "--saved", "figures-about"]
    args += ["--param", "about=country/atlantis"]
    misspelt = CliRunner().invoke(main, [*args, "--param", "unit=peoples"])
    assert (misspelt.exit_code, misspelt.stderr) == (
        2,
        "hrgraph: --param unit: the graph has no unit 'peoples' (did you mean people?)\n",
    )
    right = CliRunner().invoke(main, [*args, "--param", "unit=people"])
    assert right.exit_code == 0 and "1200" in right.stdout


# ---------------------------------------------------------------- the notebooks extra


def test_dataframe_without_pandas_names_the_extra_to_install(
    golden_kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    with pytest.raises(ImportError, match=r"pip install 'hrgraph\[notebooks\]'"):
        golden_kg.dataframe("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")
