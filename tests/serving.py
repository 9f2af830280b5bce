"""SPARQL servers started by the tests on 127.0.0.1, in threads of the test's own process."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pyoxigraph as ox

from graph.analyst.serve import SparqlServer
from graph.sparql.query import Prefixes


def store_of(ntriples: str) -> Callable[[], ox.Store]:
    """A maker of fresh stores holding these N-Triples."""

    def make() -> ox.Store:
        store = ox.Store()
        store.bulk_load(ntriples.encode(), format=ox.RdfFormat.N_TRIPLES)
        return store

    return make


@contextmanager
def started_servers(
    store: Callable[[], ox.Store], prefixes: Prefixes
) -> Iterator[Callable[..., SparqlServer]]:
    """`start(**options)` serves a new store on a free port; every server started is stopped at the end."""
    started: list[SparqlServer] = []

    def start(**options: Any) -> SparqlServer:
        server = SparqlServer(("127.0.0.1", 0), store(), prefixes, quiet=True, **options)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()
        started.append(server)
        return server

    try:
        yield start
    finally:
        for server in started:
            server.shutdown()
            server.server_close()


def fetch_text(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """A request's status, media type and text, also for an error status."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_content_type(), exc.read().decode()
