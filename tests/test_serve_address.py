"""`hrgraph serve` prints where a reader starts, the query page at `/`, beside the SPARQL
endpoint it answers at `/sparql`: the address the file query page of a large graph sends
readers to."""

from __future__ import annotations

import http.client
import re
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.analyst.serve import ENDPOINT_PATH, SparqlServer
from graph.cli import main
from graph.sparql.query import Prefixes


def test_the_page_address_is_the_servers_root_and_answers_the_query_page() -> None:
    server = SparqlServer(("127.0.0.1", 0), ox.Store(), Prefixes({}), quiet=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        assert server.page_url == f"http://127.0.0.1:{port}/"
        assert server.url == f"http://127.0.0.1:{port}{ENDPOINT_PATH}"
        connection = http.client.HTTPConnection(str(host), int(port), timeout=10)
        connection.request("GET", "/")
        response = connection.getresponse()
        body = response.read()
        connection.close()
        assert response.status == 200
        assert response.getheader("Content-Type", "").startswith("text/html")
        assert b"<!DOCTYPE html>" in body and b"query" in body
    finally:
        server.shutdown()
        server.server_close()


def test_serve_prints_the_query_pages_address_and_the_endpoints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SparqlServer, "serve_forever", lambda self, *args, **kwargs: None)
    dump = tmp_path / "graph.nt"
    dump.write_bytes(b"")
    result = CliRunner().invoke(main, ["serve", "--graph", str(dump), "--port", "0"])
    assert result.exit_code == 0, result.output
    match = re.fullmatch(
        r"Serving .*graph\.nt read-only: the query page at (http://127\.0\.0\.1:(\d+)/),"
        r" SPARQL at (http://127\.0\.0\.1:(\d+)/sparql) \(Ctrl-C to stop\)\n",
        result.stderr,
    )
    assert match, result.stderr
    assert match.group(2) == match.group(4) != "0"
