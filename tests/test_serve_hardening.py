"""Issue 15, the SPARQL endpoint and query path: SERVICE and updates are recognised on the
parsed query, and `hrgraph serve` holds up against bad framing, huge answers and crowds.
Every server here is a real one on 127.0.0.1, started by the test."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main

TRIPLES = "".join(f"<urn:s{i}> <urn:p> <urn:o{i % 7}> .\n" for i in range(300))


class _Recorder(HTTPServer):
    """An HTTP listener that counts the requests it receives (and answers them with 500)."""

    contacted = 0


class _RecordingHandler(BaseHTTPRequestHandler):
    server: _Recorder

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _record(self) -> None:
        self.server.contacted += 1
        self.send_error(500)

    do_GET = do_POST = _record


@pytest.fixture
def listener() -> Iterator[_Recorder]:
    """A local HTTP listener that records whether anything reached it."""
    server = _Recorder(("127.0.0.1", 0), _RecordingHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def small_graph(tmp_path: Path) -> Path:
    """A 300-triple dump (the default prefixes apply: no Turtle dump beside it)."""
    dump = tmp_path / "graph.nt"
    dump.write_text(TRIPLES, encoding="utf-8")
    return dump


def _cli_query(dump: Path, sparql: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["query", sparql, "--graph", str(dump), "--format", "csv"])
    return result.exit_code, result.stdout, result.stderr


SERVICE_REFUSED = (
    "hrgraph: the query calls a remote SERVICE: that is off by default so no query reaches "
    "the network unasked (pass --allow-service to permit it)\n"
)


@pytest.mark.parametrize(
    "pattern",
    [
        "SERVICE <{url}> {{ ?a ?b ?c }}",
    ],
)
def test_service_is_found_in_the_parsed_query_and_nothing_reaches_the_network(
    small_graph: Path, listener: _Recorder, pattern: str
) -> None:
    port = listener.server_address[1]
    url = f"http://127.0.0.1:{port}/sparql"
    sparql = "SELECT ?a WHERE { " + pattern.format(url=url) + " }"
    code, out, err = _cli_query(small_graph, sparql)
    assert (code, out, err) == (2, "", SERVICE_REFUSED)
    assert listener.contacted == 0


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT ?a WHERE { OPTIONAL { ?s ?p rdfs:x\\# } SERVICE <{url}> { ?a ?b ?c } }",
        'SELECT * WHERE { { ?s ?p rdfs:x\\#, """\n} SERVICE <{url}> { ?a ?b ?c } # """ }\n}',
    ],
)
def test_an_escaped_hash_the_engine_reads_as_a_comment_is_refused_unrun(
    small_graph: Path, listener: _Recorder, sparql: str
) -> None:
    url = f"http://127.0.0.1:{listener.server_address[1]}/sparql"
    code, out, err = _cli_query(small_graph, sparql.replace("{url}", url))
    assert (code, out, err) == (
        2,
        "",
        "hrgraph: the query writes \\# (an escaped # in a prefixed name): the query engine takes it "
        "for the start of a comment, so it cannot be checked; write the IRI in full as <...#...>\n",
    )
    assert listener.contacted == 0


def test_a_variable_named_service_is_not_a_service_call(small_graph: Path) -> None:
    code, out, err = _cli_query(small_graph, "SELECT (COUNT(?service) AS ?n) WHERE { ?service ?p <urn:o0> }")
    assert (code, out, err) == (0, "n\n43\n", "")


@pytest.mark.parametrize(
    ("sparql", "message"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT is a SPARQL update"),
        ("PREFIX x: <urn:x#> # DELETE\nDELETE WHERE { ?s ?p ?o }", "DELETE is a SPARQL update"),
        ("BASE <urn:b#> CLEAR ALL", "CLEAR is a SPARQL update"),
    ],
)
def test_updates_are_refused_from_the_parsed_request(small_graph: Path, sparql: str, message: str) -> None:
    code, out, err = _cli_query(small_graph, sparql)
    assert (code, out) == (2, "")
    assert err == (
        f"hrgraph: {message}: hrgraph query is read-only "
        "(change the facts in sources/ and run hrgraph build)\n"
    )
