"""`hrgraph serve` stops a query at its time limit even when it prints nothing, stops it when
its client hangs up, keeps answering others meanwhile, and answers CONSTRUCT in JSON-LD
(issue 13; issue 15, finding 8). Every server is a real one on 127.0.0.1, started here."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph.analyst.serve import SparqlHandler, SparqlServer
from graph.sparql.query import Prefixes

from .polling import wait_until
from .serving import started_servers, store_of

TRIPLES = "".join(f"<urn:s{i}> <urn:p> <urn:o{i % 7}> .\n" for i in range(300))
SILENT_RUNAWAY = (
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l "
    'FILTER(STR(?c) = CONCAT(STR(?f), STR(?i), "x")) }'
)


@pytest.fixture
def serving(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., SparqlServer]]:
    """Start SparqlServers on 127.0.0.1 over 300 triples."""
    monkeypatch.setattr(SparqlHandler, "timeout", 5.0)
    with started_servers(store_of(TRIPLES), Prefixes({})) as start:
        yield start


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def ask(server: SparqlServer, sparql: str, accept: str = "text/csv") -> tuple[int, str, bytes]:
    """One HTTP/1.1 GET (as browsers and libraries send it): status, media type, body."""
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(str(host), int(port), timeout=30)
    try:
        connection.request(
            "GET", "/sparql?" + urllib.parse.urlencode({"query": sparql}), headers={"Accept": accept}
        )
        response = connection.getresponse()
        return response.status, response.headers.get_content_type(), response.read()
    finally:
        connection.close()


def test_a_silent_runaway_gets_503_at_the_limit_and_its_evaluation_is_gone(
    serving: Callable[..., SparqlServer],
) -> None:
    server = serving(answer_seconds=1.0)
    threads_before = threading.active_count()
    started = time.monotonic()
    status, media, body = ask(server, SILENT_RUNAWAY)
    took = time.monotonic() - started
    assert (status, media, body) == (503, "text/plain", b"the query took longer than 1 s and was stopped\n")
    assert took < 1.0 + 1.0  # the limit plus a second, though nothing was ever written
    (evaluation,) = server.evaluations
    assert not alive(evaluation)  # the process that evaluated it was killed and reaped
    assert threading.active_count() <= threads_before + 1  # no thread left on it (+1: the idle worker)


def test_other_clients_are_answered_while_a_runaway_runs(serving: Callable[..., SparqlServer]) -> None:
    server = serving(answer_seconds=3.0)
    runaway: list[tuple[int, str, bytes]] = []
    thread = threading.Thread(target=lambda: runaway.append(ask(server, SILENT_RUNAWAY)), daemon=True)
    thread.start()
    wait_until(lambda: len(server.evaluations) == 1, "the runaway is being evaluated")
    assert ask(server, "ASK { <urn:s1> <urn:p> <urn:o1> }") == (200, "text/csv", b"true")
    assert runaway == []  # answered while the runaway was still running
    thread.join(timeout=30)
    assert runaway == [(503, "text/plain", b"the query took longer than 3 s and was stopped\n")]


def test_a_client_that_hangs_up_stops_its_query(serving: Callable[..., SparqlServer]) -> None:
    server = serving(answer_seconds=60.0)
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(str(host), int(port), timeout=30)
    connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": SILENT_RUNAWAY}))
    wait_until(lambda: len(server.evaluations) == 1, "the query is being evaluated")
    evaluation = server.evaluations[0]
    assert alive(evaluation)
    connection.close()  # hangs up long before the 60 s limit
    wait_until(lambda: not alive(evaluation), "the evaluation is stopped after the client left", timeout=5)
    assert ask(server, "ASK { <urn:s1> <urn:p> <urn:o1> }") == (200, "text/csv", b"true")


def test_a_client_that_only_half_closes_still_gets_its_answer(serving: Callable[..., SparqlServer]) -> None:
    """An HTTP/1.1 client may shut its sending side and still read: it is sent an interim
    100 Continue (to tell it from one that left) and then its whole answer."""
    server = serving(answer_seconds=20.0)
    sparql = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }")
    with socket.create_connection(server.server_address[:2], timeout=30) as conn:  # type: ignore[arg-type]
        head = "Host: x\r\nAccept: text/csv\r\nConnection: close\r\n"
        conn.sendall(f"GET /sparql?query={sparql} HTTP/1.1\r\n{head}\r\n".encode())
        conn.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    final = answer.split(b"HTTP/1.1 100 Continue\r\n\r\n")[-1]
    assert final.startswith(b"HTTP/1.0 200 OK\r\n")
    assert final.endswith(b"\r\n\r\nn\r\n90000\r\n")


def test_construct_in_json_ld_by_content_negotiation(serving: Callable[..., SparqlServer]) -> None:
    status, media, body = ask(
        serving(), "CONSTRUCT WHERE { ?s <urn:p> <urn:o3> } ", accept="application/ld+json"
    )
    assert (status, media) == (200, "application/ld+json")
    nodes = json.loads(body)
    subjects = sorted(node["@id"] for node in nodes)
    assert subjects == sorted(f"urn:s{i}" for i in range(300) if i % 7 == 3)
    assert all(node["urn:p"] == [{"@id": "urn:o3"}] for node in nodes)


def test_describe_in_json_ld_and_select_still_refuses_it(serving: Callable[..., SparqlServer]) -> None:
    server = serving()
    status, media, body = ask(server, "DESCRIBE <urn:s3>", accept="application/ld+json")
    assert (status, media, json.loads(body)) == (
        200,
        "application/ld+json",
        [{"@id": "urn:s3", "urn:p": [{"@id": "urn:o3"}]}],
    )
    status, _, body = ask(server, "SELECT * WHERE { ?s ?p ?o }", accept="application/ld+json")
    assert status == 406 and body.startswith(b"offered: application/sparql-results+json")


def test_simple_queries_reuse_one_evaluating_process(serving: Callable[..., SparqlServer]) -> None:
    """Forking per query cost most of a simple query's time: an evaluator is kept for the next."""
    server = serving()
    for _ in range(3):
        assert ask(server, "ASK { <urn:s1> <urn:p> <urn:o1> }") == (200, "text/csv", b"true")
    assert len(server.evaluations) == 3 and len(set(server.evaluations)) == 1
    status, _, body = ask(server, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 1")
    assert (status, body) == (200, b"s,p,o\r\nurn:s0,urn:p,urn:o0\r\n")
    assert set(server.evaluations) == {server.evaluations[0]}  # a fine answer keeps it too


def test_a_stopped_server_leaves_no_evaluation_running(tmp_path: Path) -> None:
    """A server ended by SIGTERM runs no clean-up: its evaluating processes end with it."""
    dump = tmp_path / "graph.nt"
    dump.write_text(TRIPLES, encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-c", "from graph.cli import run; run()", "serve", "--graph", str(dump)]
    server = subprocess.Popen([*command, "--port", str(port)], stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": SILENT_RUNAWAY})

        def started() -> bool:
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=1)
            except OSError:
                return False
            connection.close()
            return True

        wait_until(started, "hrgraph serve listens")
        client = threading.Thread(target=_get_quietly, args=(url,), daemon=True)
        client.start()
        busy = lambda: any(_running(child) for child in _children(server.pid))  # noqa: E731
        wait_until(busy, "the runaway is evaluated")
        evaluations = _children(server.pid)  # the busy one and the idle ones, forked at start
        server.terminate()
        server.wait(timeout=30)
        ended = lambda: not any(map(alive, evaluations))  # noqa: E731
        wait_until(ended, "the evaluations end with their server", timeout=5)
    finally:
        server.kill()
        server.wait()


def _get_quietly(url: str) -> None:
    with contextlib.suppress(OSError, http.client.HTTPException):
        urllib.request.urlopen(url, timeout=60).close()


def _running(pid: int) -> bool:
    """Whether the process is on a CPU or waiting for one (state R), not asleep."""
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "R"
    return False


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(FileNotFoundError):
            found += [int(child) for child in (task / "children").read_text().split()]
    return found
