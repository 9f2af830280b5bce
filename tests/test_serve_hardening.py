"""Issue 15, the SPARQL endpoint and query path: SERVICE and updates are recognised on the
parsed query, and `hrgraph serve` holds up against bad framing, huge answers and crowds.
Every server here is a real one on 127.0.0.1, started by the test."""

from __future__ import annotations

import contextlib
import gc
import socket
import threading
import time
import urllib.parse
import weakref
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.analyst.serve import WAITING, WORKERS, SparqlHandler, SparqlServer
from graph.cli import main
from graph.sparql.query import Prefixes, check_read_only

from .polling import wait_until
from .serving import started_servers, store_of

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


NESTED_TOO_DEEP = "SELECT * WHERE " + "{ " * 3000 + "SERVICE <urn:x> { ?s ?p ?o }" + " }" * 3000
"""A query the checking grammar cannot read for recursion (it holds SERVICE, so it is checked)."""


def test_a_query_nested_too_deep_to_check_is_refused_in_one_line(small_graph: Path) -> None:
    code, out, err = _cli_query(small_graph, NESTED_TOO_DEEP)
    assert (code, out) == (2, "")
    assert err == (
        "hrgraph: the query could not be checked, so it is refused "
        "(RecursionError: maximum recursion depth exceeded)\n"
    )


BRACES_TOO_DEEP = "SELECT * WHERE " + "{ " * 10_000 + "?s ?p ?o" + " }" * 10_000
"""Nested deeper than Oxigraph's parser can go on an 8 MB stack: parsed in a process, it kills it."""

TOO_DEEP_REFUSED = (
    "hrgraph: the query engine cannot read the query: its parser died on it (10000 brackets, nested "
    "too deep); write it with fewer levels of brackets\n"
)


def test_a_query_nested_deeper_than_the_engine_reads_is_refused_in_one_line(small_graph: Path) -> None:
    assert _cli_query(small_graph, BRACES_TOO_DEEP) == (2, "", TOO_DEEP_REFUSED)


@pytest.mark.parametrize(("levels", "answered"), [(100, True), (600, False)])
def test_the_check_apart_leaves_this_process_room_to_spare(
    small_graph: Path, levels: int, answered: bool
) -> None:
    """600 nested braces would parse on this thread's stack, but not on the half of 2 MB (a
    thread's least) that the forked check parses on: refused, so that no thread here comes near
    the end of its stack. 100 levels, with more than 256 brackets in all, pass the check."""
    rows = " ".join(f"(<urn:s{i}>)" for i in range(200))
    group = "{ " * levels + f"VALUES (?s) {{ {rows} }} ?s ?p ?o" + " }" * levels
    code, out, err = _cli_query(small_graph, f"SELECT (COUNT(*) AS ?n) WHERE {group}")
    if answered:
        assert (code, out, err) == (0, "n\n200\n", "")
    else:
        assert (code, out) == (2, "") and "its parser died on it (804 brackets, nested too deep)" in err


def test_a_query_of_many_brackets_not_nested_deep_is_answered(small_graph: Path) -> None:
    rows = " ".join(f"(<urn:s{i}>)" for i in range(400))  # more brackets than are read in process
    code, out, err = _cli_query(
        small_graph, f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES (?s) {{ {rows} }} ?s ?p ?o }}"
    )
    assert (code, out, err) == (0, "n\n300\n", "")  # urn:s0 to urn:s299 are in the graph


class _Marker:
    """An object whose end can be watched (weakref)."""


def test_checking_a_query_leaves_its_caller_in_no_reference_cycle() -> None:
    """pyparsing's kept exceptions hold the frames that called it in cycles: the caller's later
    values (Oxigraph results, which belong to one thread) would wait for the cycle collector,
    which may run on another thread. The check runs apart, so they end with the caller."""

    def caller() -> weakref.ref[_Marker]:
        check_read_only("SELECT * WHERE { SERVICE <urn:x> { ?s ?p ?o } }", allow_service=True)
        kept = _Marker()
        return weakref.ref(kept)

    gc.collect()
    gc.disable()
    try:
        ended = caller()
        assert ended() is None
    finally:
        gc.enable()


@pytest.fixture
def serving(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., SparqlServer]]:
    """Start SparqlServers on 127.0.0.1 over the 300 triples (idle clients cut after 2 s)."""
    monkeypatch.setattr(SparqlHandler, "timeout", 2.0)
    with started_servers(store_of(TRIPLES), Prefixes({})) as start:
        yield start


SPARQL_POST = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"


def _exchange(server: SparqlServer, raw: bytes, hold_open: bool = False, body: bytes = b"") -> bytes:
    """Send raw bytes to the server, then `body` as a client does however early the server
    answers, and read its whole answer (until it closes)."""
    with socket.create_connection(server.server_address[:2], timeout=10) as conn:  # type: ignore[arg-type]
        conn.sendall(raw)
        with contextlib.suppress(BrokenPipeError):  # the server may shut its side once it answered
            conn.sendall(body)
        if not hold_open:
            conn.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    return answer


def _status_and_body(answer: bytes) -> tuple[str, bytes]:
    head, _, body = answer.partition(b"\r\n\r\n")
    return head.split(b"\r\n")[0].decode(), body


@pytest.mark.parametrize(
    ("length", "status", "body"),
    [
        ("-1", "HTTP/1.0 400 Bad Request", b"Content-Length must be a whole number of bytes\n"),
        ("abc", "HTTP/1.0 400 Bad Request", b"Content-Length must be a whole number of bytes\n"),
        (
            "2000000",
            "HTTP/1.0 413 Request Entity Too Large",
            b"the query is too large (at most 1000000 bytes)\n",
        ),
    ],
)
def test_bad_content_length_is_answered_before_the_body_is_read(
    serving: Callable[..., SparqlServer], length: str, status: str, body: bytes
) -> None:
    server = serving()
    request = SPARQL_POST + f"Content-Length: {length}\r\n\r\n".encode()
    answer = _exchange(server, request + b"ASK {}", hold_open=True)
    assert _status_and_body(answer) == (status, body)


def test_a_body_that_never_arrives_is_answered_408_and_the_server_stays_up(
    serving: Callable[..., SparqlServer],
) -> None:
    server = serving()
    request = SPARQL_POST + b"Content-Length: 100\r\n\r\nASK"
    answer = _exchange(server, request, hold_open=True)
    assert _status_and_body(answer) == (
        "HTTP/1.0 408 Request Timeout",
        b"the request body did not arrive in time\n",
    )
    assert _still_answers(server)


def _still_answers(server: SparqlServer) -> bool:
    """Whether the server answers a plain query (after a bad request: it stayed up)."""
    ok = _exchange(server, b"GET /sparql?query=ASK%7B%7D HTTP/1.0\r\nAccept: text/csv\r\n\r\n")
    return _status_and_body(ok)[0] == "HTTP/1.0 200 OK"


def _headers(answer: bytes) -> dict[str, str]:
    head = answer.partition(b"\r\n\r\n")[0].decode().split("\r\n")[1:]
    return dict(line.split(": ", 1) for line in head)


@pytest.mark.parametrize(
    ("query", "refusal"),
    [
        (NESTED_TOO_DEEP, b"the query could not be checked, so it is refused (RecursionError"),
        (BRACES_TOO_DEEP, TOO_DEEP_REFUSED.removeprefix("hrgraph: ").encode()),
    ],
    ids=["for the checking grammar", "for the engine's parser"],
)
def test_a_query_nested_too_deep_is_answered_400_and_the_server_stays_up(
    serving: Callable[..., SparqlServer], query: str, refusal: bytes
) -> None:
    server = serving()
    body = query.encode()
    answer = _exchange(server, SPARQL_POST + f"Content-Length: {len(body)}\r\n\r\n".encode(), body=body)
    status, text = _status_and_body(answer)
    assert status == "HTTP/1.0 400 Bad Request"
    assert text.startswith(refusal)
    assert _still_answers(server)


def test_cross_origin_use_is_off_unless_one_origin_is_given(serving: Callable[..., SparqlServer]) -> None:
    get = b"GET /sparql?query=ASK%7B%7D HTTP/1.0\r\nOrigin: https://evil.example\r\n\r\n"
    closed = _headers(_exchange(serving(), get))
    assert "Access-Control-Allow-Origin" not in closed
    opened = _headers(_exchange(serving(cors_origin="https://example.org"), get))
    assert opened["Access-Control-Allow-Origin"] == "https://example.org"


def test_when_every_worker_and_place_in_line_is_taken_the_answer_is_503(
    serving: Callable[..., SparqlServer],
) -> None:
    server = serving()
    idle = [socket.create_connection(server.server_address[:2], timeout=10) for _ in range(WORKERS + WAITING)]  # type: ignore[arg-type]
    try:
        answer = _exchange(server, b"GET /sparql?query=ASK%7B%7D HTTP/1.0\r\n\r\n")
        assert _status_and_body(answer) == (
            "HTTP/1.0 503 Service Unavailable",
            b"the server is busy: retry in a moment\n",
        )
    finally:
        for conn in idle:
            conn.close()
    wait_until(
        lambda: (
            _status_and_body(_exchange(server, b"GET /sparql?query=ASK%7B%7D HTTP/1.0\r\n\r\n"))[0]
            == "HTTP/1.0 200 OK"
        ),
        "the server answers again once the idle clients are gone",
    )


def test_a_client_refused_while_still_sending_reads_the_answer_not_a_reset(
    serving: Callable[..., SparqlServer],
) -> None:
    server = serving()
    head = SPARQL_POST + b"Content-Length: 2000000\r\n\r\n"
    for _ in range(5):
        too_large = _exchange(server, head, body=b"A" * 2_000_000)
        assert _status_and_body(too_large)[0] == "HTTP/1.0 413 Request Entity Too Large"
    idle = [socket.create_connection(server.server_address[:2], timeout=10) for _ in range(WORKERS + WAITING)]  # type: ignore[arg-type]
    try:
        for _ in range(5):
            busy = _exchange(server, head, body=b"A" * 200_000)
            assert _status_and_body(busy)[0] == "HTTP/1.0 503 Service Unavailable"
    finally:
        for conn in idle:
            conn.close()


def test_the_listen_backlog_is_sized_for_bursts(serving: Callable[..., SparqlServer]) -> None:
    assert serving().request_queue_size == 256


RUNAWAY = urllib.parse.quote("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")


def test_an_answer_past_the_byte_limit_is_refused_and_the_server_stays_up(
    serving: Callable[..., SparqlServer],
) -> None:
    server = serving()
    server.max_answer_bytes = 100_000
    answer = _exchange(server, f"GET /sparql?query={RUNAWAY} HTTP/1.0\r\nAccept: text/csv\r\n\r\n".encode())
    assert _status_and_body(answer) == (
        "HTTP/1.0 400 Bad Request",
        b"the answer is larger than 100000 bytes: add a LIMIT or ask for less\n",
    )
    ok = _exchange(server, b"GET /sparql?query=ASK%7B%7D HTTP/1.0\r\nAccept: text/csv\r\n\r\n")
    assert _status_and_body(ok) == ("HTTP/1.0 200 OK", b"true")


def test_a_runaway_query_is_stopped_at_the_time_limit(serving: Callable[..., SparqlServer]) -> None:
    server = serving()
    server.max_answer_bytes = 10**12
    server.answer_seconds = 0.5
    started = time.monotonic()
    answer = _exchange(server, f"GET /sparql?query={RUNAWAY} HTTP/1.0\r\nAccept: text/csv\r\n\r\n".encode())
    assert _status_and_body(answer) == (
        "HTTP/1.0 503 Service Unavailable",
        b"the query took longer than 0.5 s and was stopped\n",
    )
    assert time.monotonic() - started < 0.5 + 5.0  # the limit plus a margin (27 million rows in all)
