"""`hrgraph serve` answers the SPARQL 1.1 Protocol over real HTTP on 127.0.0.1, and
`hrgraph query --endpoint` queries it."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.analyst.serve import negotiate
from graph.cli import main
from graph.sparql.query import Prefixes
from graph.sparql.store import open_store, read_prefixes

from .conftest import CuratedBuild
from .serving import fetch_text, started_servers

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def built(curated_build: CuratedBuild) -> Path:
    """The folder of `hrgraph build` on the real sources (shared, read-only)."""
    return curated_build.folder


@pytest.fixture(scope="module")
def endpoint(built: Path) -> Iterator[str]:
    dump = built / "graph.nt"
    with started_servers(lambda: open_store(dump), Prefixes(read_prefixes(built / "graph.ttl"))) as start:
        yield start().url


def _triples(built: Path) -> int:
    return len((built / "graph.nt").read_text(encoding="utf-8").splitlines())


def test_get_with_content_negotiation(endpoint: str, built: Path) -> None:
    url = endpoint + "?" + urllib.parse.urlencode({"query": COUNT})
    status, media, body = fetch_text(url, headers={"Accept": "text/csv"})
    assert (status, media) == (200, "text/csv")
    assert body.splitlines() == ["n", str(_triples(built))]
    status, media, body = fetch_text(url)  # no Accept: SPARQL JSON
    assert (status, media) == (200, "application/sparql-results+json")
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(_triples(built))
    status, media, _ = fetch_text(
        url, headers={"Accept": "application/sparql-results+xml;q=0.9, text/csv;q=0.1"}
    )
    assert media == "application/sparql-results+xml"


def test_post_form_and_direct(endpoint: str) -> None:
    ask = "ASK { ?p a hrg:Person }"
    status, _, body = fetch_text(
        endpoint,
        data=urllib.parse.urlencode({"query": ask}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 200 and json.loads(body)["boolean"] is True
    status, _, body = fetch_text(
        endpoint,
        data=ask.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/json"},
    )
    assert status == 200 and json.loads(body)["boolean"] is True


def test_construct_returns_a_graph_format(endpoint: str) -> None:
    query = "CONSTRUCT { ?m rdfs:label ?l } WHERE { ?m a hrg:Meeting ; rdfs:label ?l }"
    status, media, body = fetch_text(
        endpoint + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": "application/n-triples"}
    )
    assert (status, media) == (200, "application/n-triples")
    assert "<https://w3id.org/hrgraph/id/meeting/2025-11-24-pigai-keo-remy>" in body


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        (b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", "application/sparql-update", 403),
        (urllib.parse.urlencode({"update": "CLEAR ALL"}).encode(), "application/x-www-form-urlencoded", 403),
        (b"DROP ALL", "application/sparql-query", 403),
        (b"SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }", "application/sparql-query", 400),
        (b"SELECT * WHERE {", "application/sparql-query", 400),
    ],
)
def test_updates_service_and_bad_queries_are_refused(
    endpoint: str, built: Path, data: bytes, content_type: str, status: int
) -> None:
    got, _, body = fetch_text(endpoint, data=data, headers={"Content-Type": content_type})
    assert got == status, body
    _, _, csv = fetch_text(
        endpoint + "?" + urllib.parse.urlencode({"query": COUNT}), headers={"Accept": "text/csv"}
    )
    assert csv.splitlines()[1] == str(_triples(built))


def test_unacceptable_format_and_wrong_path(endpoint: str) -> None:
    url = endpoint + "?" + urllib.parse.urlencode({"query": COUNT})
    assert fetch_text(url, headers={"Accept": "image/png"})[0] == 406
    assert fetch_text(endpoint.replace("/sparql", "/other"))[0] == 404


def test_query_endpoint_option_gives_the_same_answers_as_local(endpoint: str, built: Path) -> None:
    args = [
        "--saved",
        "post-holder-on-date",
        "--param",
        "post=post/id-minister-of-human-rights",
        "--param",
        "on=2025-11-24",
        "--format",
        "csv",
    ]
    local = CliRunner().invoke(main, ["query", *args, "--graph", str(built / "graph.nt")])
    remote = CliRunner().invoke(main, ["query", *args, "--endpoint", endpoint])
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout
    assert "Natalius Pigai" in remote.stdout
    result = CliRunner().invoke(main, ["query", COUNT, "--endpoint", endpoint, "--format", "table"])
    assert result.stdout.splitlines()[2] == str(_triples(built))


def test_query_endpoint_answers_end_their_line_and_refuse_a_results_format_for_a_graph(endpoint: str) -> None:
    json_answer = CliRunner().invoke(main, ["query", COUNT, "--endpoint", endpoint, "--format", "json"])
    assert json_answer.exit_code == 0, json_answer.output
    assert json_answer.stdout.endswith("}\n")
    construct = "CONSTRUCT WHERE { ?s hrg:startDate ?d } LIMIT 1"
    refused = CliRunner().invoke(main, ["query", construct, "--endpoint", endpoint, "--format", "csv"])
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert "--format csv is for the results of SELECT and ASK" in refused.stderr


def test_query_endpoint_errors_are_clear(endpoint: str) -> None:
    result = CliRunner().invoke(main, ["query", "SELECT * WHERE {", "--endpoint", endpoint])
    assert result.exit_code == 2
    assert "the endpoint refused the query: HTTP 400" in result.stderr
    closed = CliRunner().invoke(main, ["query", COUNT, "--endpoint", "http://127.0.0.1:9/sparql"])
    assert closed.exit_code == 1  # nothing wrong with the query: as publish to a store it cannot reach
    assert "cannot reach the endpoint http://127.0.0.1:9/sparql" in closed.stderr
    assert "(is the server running, and is the address right?)" in closed.stderr
    assert "Traceback" not in closed.output


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv;q=0, image/png", None),
    ],
)
def test_negotiate(accept: str, expected: str | None) -> None:
    offered = {"application/sparql-results+json": 1, "application/sparql-results+xml": 2, "text/csv": 3}
    assert negotiate(accept, offered, "application/sparql-results+json") == expected
