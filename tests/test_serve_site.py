"""`hrgraph serve` serves the readers' site beside the query page (issue 13), so that a result's
link opens its page: the site's files and nothing else, over real HTTP on 127.0.0.1, whatever
the path tries (.., escaped dots and slashes, NUL, hidden files, a link out of the folder);
and `hrgraph site --out DIR` writes the query page into the site, as `hrgraph build` does."""

from __future__ import annotations

import http.client
import json
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import graph.analyst.serve
import graph.querypage.page
from graph.analyst.serve import SparqlServer
from graph.cli import main
from graph.querypage.page import FOLDER, PAGE
from graph.site.render import CSP as SITE_CSP
from graph.sparql.query import Prefixes

from .conftest import GOLDEN, ONTOLOGY
from .serving import started_servers

PAGE_TEXT = b"<!DOCTYPE html><title>Keo Remy</title>"
PREFIXES = {"person": "https://w3id.org/hrgraph/id/person/", "hrg": "https://w3id.org/hrgraph/ontology#"}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A small site: en/ with an index and a person's page, assets, its own query page (the file
    version, never served), a note of another kind, a hidden file and a link out of it."""
    root = tmp_path / "site"
    (root / "en" / "person").mkdir(parents=True)
    (root / "en" / "index.html").write_bytes(b"<!DOCTYPE html><title>home</title>")
    (root / "en" / "person" / "keo-remy.html").write_bytes(PAGE_TEXT)
    (root / "en" / "person" / ".hidden.html").write_bytes(b"hidden")
    (root / "assets").mkdir()
    (root / "assets" / "site.css").write_bytes(b"body {}")
    (root / "notes.md").write_bytes(b"# notes")
    (root / PAGE).write_bytes(b"the file version")
    (root / FOLDER).mkdir()
    (root / FOLDER / "data.js").write_bytes(b"window.hrgraphData = '';")
    (tmp_path / "secret.html").write_bytes(b"secret")
    (root / "en" / "outside.html").symlink_to(tmp_path / "secret.html")
    (root / "en" / "elsewhere").symlink_to(tmp_path)
    return root


@pytest.fixture
def serving() -> Iterator[Callable[..., SparqlServer]]:
    with started_servers(ox.Store, Prefixes(dict(PREFIXES))) as start:
        yield start


def _get(server: SparqlServer, path: str) -> tuple[int, dict[str, str], bytes]:
    """GET the path exactly as written (no client normalising it first)."""
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(str(host), int(port), timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_the_site_is_served_with_its_types_and_policy(
    serving: Callable[..., SparqlServer], site: Path
) -> None:
    server = serving(site=site)
    status, headers, body = _get(server, "/en/person/keo-remy.html")
    assert (status, body) == (200, PAGE_TEXT)
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Content-Security-Policy"] == SITE_CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert _get(server, "/assets/site.css")[1]["Content-Type"] == "text/css; charset=utf-8"
    assert _get(server, "/en/")[2].startswith(b"<!DOCTYPE html><title>home")  # a folder: its index
    status, headers, _ = _get(server, "/en")  # so that the index's relative links resolve
    assert (status, headers["Location"]) == (301, "/en/")


def test_the_query_page_is_the_served_one_and_links_to_the_site(
    serving: Callable[..., SparqlServer], site: Path
) -> None:
    server = serving(site=site)
    status, _, page = _get(server, "/" + PAGE)
    assert status == 200 and b"the file version" not in page and b"/query/query.js" in page
    assert b'href="en/index.html"' in page
    status, _, config = _get(server, f"/{FOLDER}/config.js")
    rule = json.loads(config.decode().removeprefix("window.hrgraphQuery = ").rstrip(";\n"))["pages"]
    assert rule["namespaces"] == {PREFIXES["person"]: "person"} and rule["suffix"] == ".html"
    assert _get(server, f"/{FOLDER}/data.js")[0] == 404  # the file version's graph is not served


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.html",
        "/en/../../secret.html",
        "/en/%2e%2e/%2e%2e/secret.html",
        "/%2E%2E/secret.html",
        "/en%2f..%2f..%2fsecret.html",
        "/en/person%2fkeo-remy.html",
        "/en\\..\\..\\secret.html",
        "/en//index.html",
        "/en/person/keo-remy.html%00.css",
        "/en/person/keo-remy.html%ff",
        "/en/person/.hidden.html",
        "/en/outside.html",
        "/en/elsewhere/secret.html",
        "/notes.md",
        "/en/person/nobody.html",
        "en/index.html",
        "/en/person/keo-remy.html/",  # a page as a folder: its relative links would all miss
    ],
)
def test_no_path_reaches_past_the_site_or_past_what_it_serves(
    serving: Callable[..., SparqlServer], site: Path, path: str
) -> None:
    server = serving(site=site)
    status, _, body = _get(server, path)
    assert status in (400, 404), (path, status)
    assert b"secret" not in body and b"hidden" not in body


@pytest.mark.parametrize("path", ["//en/index.html", "http://127.0.0.1/en/index.html"])
def test_the_forms_http_allows_for_a_path_name_the_same_file(
    serving: Callable[..., SparqlServer], site: Path, path: str
) -> None:
    """A request line's absolute form, and leading slashes (the standard library's handler
    reads '//x' as '/x'), still name a file of the site."""
    server = serving(site=site)
    assert _get(server, path)[2] == (site / "en" / "index.html").read_bytes()


def test_without_a_site_only_the_query_page_and_the_endpoint_answer(
    serving: Callable[..., SparqlServer],
) -> None:
    server = serving()
    assert _get(server, "/")[0] == 200
    assert _get(server, "/en/index.html")[0] == 404
    config = _get(server, f"/{FOLDER}/config.js")[2]
    assert json.loads(config.decode().removeprefix("window.hrgraphQuery = ").rstrip(";\n"))["pages"] is None


@pytest.fixture
def started_with(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What `hrgraph serve` would start its server with (the server itself is not started)."""
    seen: dict[str, Any] = {}

    class Recorded:
        def __init__(self, *args: Any, **options: Any):
            seen.update(options)
            self.url = "http://127.0.0.1:0/sparql"
            self.page_url = "http://127.0.0.1:0/"

        def serve_forever(self) -> None:
            raise KeyboardInterrupt

        def server_close(self) -> None:
            pass

    monkeypatch.setattr(graph.analyst.serve, "SparqlServer", Recorded)
    return seen


def test_serve_serves_the_site_beside_the_dump_unless_told_another(
    tmp_path: Path, site: Path, started_with: dict[str, Any]
) -> None:
    dump = tmp_path / "graph.nt"
    dump.write_bytes(b"")
    result = CliRunner().invoke(main, ["serve", "--graph", str(dump)])
    assert result.exit_code == 0, result.output
    assert started_with["site"] == site
    result = CliRunner().invoke(main, ["serve", "--graph", str(dump), "--site", str(site / "en")])
    assert result.exit_code == 0 and started_with["site"] == site / "en"
    result = CliRunner().invoke(main, ["serve", "--graph", str(dump), "--site", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "--site" in result.stderr and "is not a folder" in result.stderr


def test_serve_without_a_site_beside_the_dump_serves_none(
    tmp_path: Path, started_with: dict[str, Any]
) -> None:
    dump = tmp_path / "graph.nt"
    dump.write_bytes(b"")
    assert CliRunner().invoke(main, ["serve", "--graph", str(dump)]).exit_code == 0
    assert started_with["site"] is None


def _site_command(out: Path) -> None:
    arguments = ["site", "--sources", str(GOLDEN / "sources"), "--ontology", str(ONTOLOGY), "--out", str(out)]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output


def test_site_writes_the_query_page_with_the_graph_in_it(tmp_path: Path) -> None:
    out = tmp_path / "site"
    _site_command(out)
    page = (out / PAGE).read_text(encoding="utf-8")
    assert 'src="query/data.js"' in page and 'href="en/index.html"' in page
    assert "<https://w3id.org/hrgraph/id/person/" in (out / FOLDER / "data.js").read_text(encoding="utf-8")
    config = (out / FOLDER / "config.js").read_text(encoding="utf-8")
    rule = json.loads(config.removeprefix("window.hrgraphQuery = ").rstrip(";\n"))["pages"]
    assert rule["namespaces"]["https://w3id.org/hrgraph/id/person/"] == "person"
    home = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert 'href="../query.html#lang=en"' in home  # every page links to it


def test_site_offers_the_file_version_up_to_the_same_size_as_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(graph.querypage.page, "MAX_TRIPLES_IN_FILE", 10)
    out = tmp_path / "site"
    _site_command(out)
    assert "hrgraph serve" in (out / PAGE).read_text(encoding="utf-8")
    assert not (out / FOLDER / "data.js").exists()


def test_the_network_page_beside_the_site_is_served_and_reaches_the_site(
    serving: Callable[..., SparqlServer], site: Path
) -> None:
    """hrgraph build writes graph.html beside site/: the site's pages link up to it
    (../../../graph.html is /graph.html when served) and it links down to site/en/...; both
    resolve, the network page under the policy in its own head (its scripts are inline)."""
    network = b"<!DOCTYPE html><title>network</title>"
    assert _get(serving(site=site), "/graph.html")[0] == 404  # none beside this site yet
    (site.parent / "graph.html").write_bytes(network)
    server = serving(site=site)
    status, headers, body = _get(server, "/graph.html")
    assert (status, body) == (200, network) and "Content-Security-Policy" not in headers
    assert _get(server, "/site/en/person/keo-remy.html")[2] == PAGE_TEXT
    assert (
        urllib.parse.urljoin("http://h/en/person/keo-remy.html", "../../../graph.html")
        == "http://h/graph.html"
    )
    for path in ("/site/../secret.html", "/site/query/data.js", "/site/", "/graph.html/", "/site/graph.html"):
        assert _get(server, path)[0] in (301, 404), path


def test_the_parts_a_large_network_page_loads_are_served_beside_it(
    serving: Callable[..., SparqlServer], site: Path
) -> None:
    """A large graph's graph.html loads scripts from graph-parts/ beside it: served as scripts
    under the page's own policy; nothing else there, and nothing without the page."""
    parts = site.parent / "graph-parts"
    parts.mkdir()
    script = b"window.hrgraphPart = 1;\n"
    (parts / "part-0.js").write_bytes(script)
    (parts / "notes.txt").write_bytes(b"not a script")
    (parts / ".hidden.js").write_bytes(script)
    (parts / "elsewhere.js").symlink_to(site / "en" / "index.html")
    assert _get(serving(site=site), "/graph-parts/part-0.js")[0] == 404  # no page beside the site
    (site.parent / "graph.html").write_bytes(b"<!DOCTYPE html><title>network</title>")
    server = serving(site=site)
    status, headers, body = _get(server, "/graph-parts/part-0.js")
    assert (status, body) == (200, script) and "Content-Security-Policy" not in headers
    assert headers["Content-Type"] == "text/javascript; charset=utf-8"
    for path in (
        "/graph-parts/notes.txt",
        "/graph-parts/.hidden.js",
        "/graph-parts/elsewhere.js",
        "/graph-parts/../graph.html",
        "/graph-parts/%2e%2e%2fgraph.html",
        "/graph-parts/",
        "/graph-parts/missing.js",
    ):
        assert _get(server, path)[0] == 404, path
