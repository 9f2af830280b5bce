"""`hrgraph serve` prints where a reader starts, the query page at `/`, beside the SPARQL
endpoint it answers at `/sparql`: the address the file query page of a large graph sends
readers to; that page links the README only where there is one (build/site/)."""

from __future__ import annotations

import http.client
import re
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import graph.querypage.page
from graph.analyst.serve import ENDPOINT_PATH, SparqlServer
from graph.cli import main
from graph.querypage.page import INSTRUCTIONS, PAGE, build_prefixes, write_query_page
from graph.sparql.query import Prefixes
from tests.conftest import GOLDEN, ONTOLOGY

REPO = Path(__file__).resolve().parent.parent


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


def test_a_large_graphs_query_page_links_the_readme_only_from_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """build/site/query.html reaches the project's README two folders up; a site written
    anywhere else (`hrgraph site --out DIR`) has no README there, so it offers no such link."""
    monkeypatch.setattr(graph.querypage.page, "MAX_TRIPLES_IN_FILE", 10)
    prefixes = build_prefixes("https://w3id.org/hrgraph/id/")
    built = tmp_path / "build" / "site"
    built.mkdir(parents=True)
    write_query_page(built, b"", 11, prefixes, "t")
    page = (built / PAGE).read_text(encoding="utf-8")
    assert f'<a href="{INSTRUCTIONS}">How to query the graph</a>' in page
    readme, anchor = INSTRUCTIONS.split("#")
    assert (REPO / "build" / "site" / readme).resolve() == REPO / "README.md"
    assert "\n### Query in the browser\n" in (REPO / "README.md").read_text(encoding="utf-8")
    assert anchor == "query-in-the-browser"
    out = tmp_path / "elsewhere"
    result = CliRunner().invoke(
        main, ["site", "--sources", str(GOLDEN / "sources"), "--ontology", str(ONTOLOGY), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = (out / PAGE).read_text(encoding="utf-8")
    assert "open the query page at the address it prints" in page
    assert "README" not in page and "<a " not in page
