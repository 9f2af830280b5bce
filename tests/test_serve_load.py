"""What keeps `hrgraph serve` quick under a burst of simple queries (issue 15, finding 14; the
load itself is measured by scripts/load_serve.py, not timed here): its evaluating processes are
forked at start, a query text checked once is not parsed again, and a long query gives way."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from unittest import mock

import pytest

from graph.analyst import serve
from graph.analyst.serve import WORKERS, SparqlServer
from graph.sparql import evaluators, query
from graph.sparql.evaluators import LONG_NICE

from .polling import wait_until
from .test_serve_limits import SILENT_RUNAWAY, alive, ask, serving  # noqa: F401 - the fixture


def test_the_evaluating_processes_are_forked_at_start_and_used_first(
    serving: Callable[..., SparqlServer],  # noqa: F811
) -> None:
    server = serving()
    idle = [evaluator.pid for evaluator in server._evaluators]
    assert len(idle) == WORKERS and all(map(alive, idle))
    with mock.patch.object(serve, "Evaluator", side_effect=AssertionError("forked during a query")):
        for _ in range(3):
            assert ask(server, "ASK { <urn:s1> <urn:p> <urn:o1> }") == (200, "text/csv", b"true")
    assert set(server.evaluations) == {idle[-1]}  # the last one in line, used again


def test_a_query_text_is_checked_once_and_a_refused_one_every_time(
    serving: Callable[..., SparqlServer],  # noqa: F811
) -> None:
    server = serving()
    with mock.patch.object(serve, "checked_query", wraps=query.checked_query) as checks:
        for _ in range(3):
            assert ask(server, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")[0] == 200
        assert checks.call_count == 1
        service = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
        for _ in range(2):
            status, _, body = ask(server, service)
            assert status == 400 and b"remote SERVICE" in body
        assert checks.call_count == 3


def test_a_long_query_yields_the_cpu_and_its_process_is_not_reused(
    serving: Callable[..., SparqlServer],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past LONG_QUERY seconds a query's process is niced (a runaway gives way to the short
    queries beside it); a niced process cannot be raised again, so it ends with its query."""
    monkeypatch.setattr(evaluators, "LONG_QUERY", 0.05)
    server = serving(answer_seconds=3.0)
    runaway = threading.Thread(target=ask, args=(server, SILENT_RUNAWAY), daemon=True)
    runaway.start()
    wait_until(lambda: bool(server.evaluations) and _nice(server.evaluations[-1]) == LONG_NICE, "niced")
    demoted = server.evaluations[-1]
    runaway.join(timeout=30)
    assert not runaway.is_alive() and not alive(demoted)
    monkeypatch.setattr(evaluators, "LONG_QUERY", 0.0)  # every query is long now
    for _ in range(2):
        assert ask(server, "ASK { <urn:s1> <urn:p> <urn:o1> }") == (200, "text/csv", b"true")
    first, second = list(server.evaluations)[-2:]
    assert first != second and not alive(first)


def _nice(pid: int) -> int | None:
    try:
        return os.getpriority(os.PRIO_PROCESS, pid)
    except OSError:
        return None
