"""`hrgraph publish` against a real Oxigraph server (the `oxigraph` package from PyPI) started on
127.0.0.1, and against small stub servers on 127.0.0.1 that refuse, hang, drop the connection or
record the credentials they are sent. No test reaches beyond the loopback address."""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graph.cli import main
from graph.output.publish import DEFAULT_GRAPH, credentials_for, graph_store_url
from graph.pipeline import Checked
from graph.rdf.dumps import to_ntriples
from tests.polling import wait_until

GRAPH = "https://example.org/graph/hrgraph-test"
# the tests that talk to the module's Oxigraph server run on one xdist worker (one server)
ON_OXIGRAPH = pytest.mark.xdist_group("oxigraph")
PASSWORD = "s3cret-Pa55word"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def oxigraph_executable() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).is_file():
        pytest.fail("the oxigraph server is missing: install the test extras (pip install -e '.[test]')")
    return found


class Oxigraph:
    """A real `oxigraph serve` on a free loopback port, with its data in a folder."""

    def __init__(self, location: Path):
        self.location = location
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                oxigraph_executable(),
                "serve",
                "--location",
                str(self.location),
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until(self.answers, "oxigraph serve answers on its port")
        except BaseException:
            self.stop()
            raise

    def answers(self) -> bool:
        """Whether the server answers HTTP yet (a test fails if it exited instead)."""
        assert self.process is not None
        if self.process.poll() is not None:
            pytest.fail(f"oxigraph serve exited with {self.process.returncode}")
        try:
            with urllib.request.urlopen(f"{self.url}/", timeout=1):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def count(self, graph: str | None = GRAPH) -> int:
        """Triples in a graph, asked through the SPARQL endpoint."""
        pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        data = urllib.parse.urlencode({"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"}).encode()
        request = urllib.request.Request(
            f"{self.url}/query",
            data=data,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json",
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(json.load(response)["results"]["bindings"][0]["n"]["value"])

    def ask(self, triple: str, graph: str = GRAPH) -> bool:
        query = urllib.parse.urlencode({"query": f"ASK {{ GRAPH <{graph}> {{ {triple} }} }}"})
        request = urllib.request.Request(
            f"{self.url}/query?{query}", headers={"Accept": "application/sparql-results+json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return bool(json.load(response)["boolean"])


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    server = Oxigraph(tmp_path_factory.mktemp("oxigraph") / "store")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def golden_nt(golden: Checked, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("publish") / "graph.nt"
    path.write_bytes(to_ntriples(golden.assembly.graph))
    return path


@pytest.fixture(scope="module")
def big_nt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A graph of a few megabytes, so that an upload can be cut in the middle."""
    path = tmp_path_factory.mktemp("publish") / "big.nt"
    lines = (
        f'<https://example.org/s/{i}> <https://example.org/p> "value number {i}, padded to be long" .\n'
        for i in range(60_000)
    )
    path.write_text("".join(lines), encoding="utf-8")
    return path


def lines_of(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def publish(*args: str, env: dict[str, str] | None = None) -> Result:
    base_env = {"HRGRAPH_USER": "", "HRGRAPH_PASSWORD": "", "NETRC": "/nonexistent/netrc"}
    return CliRunner().invoke(main, ["publish", *args], env={**base_env, **(env or {})})


def assert_clean_failure(result: Result, code: int = 1) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# ---------------------------------------------------------------- against a real Oxigraph server


@ON_OXIGRAPH
@pytest.mark.slow
def test_publish_then_publish_again_never_duplicates(oxigraph: Oxigraph, golden_nt: Path) -> None:
    endpoint = f"{oxigraph.url}/store"
    first = publish("--endpoint", endpoint, "--graph", GRAPH, "--graph-file", str(golden_nt))
    assert first.exit_code == 0, first.output
    triples = lines_of(golden_nt)
    assert f"Published {triples} triples" in first.stdout and f"<{GRAPH}>" in first.stdout
    assert (
        f"(created); read back: {triples}\n" in first.stdout
        or f"(replaced); read back: {triples}\n" in first.stdout
    )
    assert first.stderr == ""
    assert "Virtuoso" not in first.stderr  # Oxigraph keeps 2020-05 and 2020-05-01 apart
    assert oxigraph.count() == triples
    again = publish("--endpoint", endpoint, "--graph", GRAPH, "--graph-file", str(golden_nt))
    assert again.exit_code == 0, again.output
    assert "(replaced)" in again.stdout
    assert oxigraph.count() == triples


@ON_OXIGRAPH
@pytest.mark.slow
def test_publish_replaces_the_graph(oxigraph: Oxigraph, golden_nt: Path, tmp_path: Path) -> None:
    graph = "https://example.org/graph/replaced"
    endpoint = f"{oxigraph.url}/store"
    assert publish("--endpoint", endpoint, "--graph", graph, "--graph-file", str(golden_nt)).exit_code == 0
    smaller = tmp_path / "small.nt"
    smaller.write_text('<https://example.org/a> <https://example.org/b> "only this" .\n', encoding="utf-8")
    result = publish("--endpoint", endpoint, "--graph", graph, "--graph-file", str(smaller))
    assert result.exit_code == 0, result.output
    assert oxigraph.count(graph) == 1
    assert not oxigraph.ask("?s a <https://w3id.org/hrgraph/ontology#Person>", graph)


@ON_OXIGRAPH
@pytest.mark.slow
def test_graph_named_in_the_endpoint_and_the_default_name(oxigraph: Oxigraph, golden_nt: Path) -> None:
    named = f"{oxigraph.url}/store?graph={urllib.parse.quote('https://example.org/graph/in-url', safe='')}"
    result = publish("--endpoint", named, "--graph-file", str(golden_nt))
    assert result.exit_code == 0, result.output
    assert oxigraph.count("https://example.org/graph/in-url") == lines_of(golden_nt)
    result = publish("--endpoint", f"{oxigraph.url}/store", "--graph-file", str(golden_nt))
    assert result.exit_code == 0, result.output
    assert oxigraph.count(DEFAULT_GRAPH) == lines_of(golden_nt)


@ON_OXIGRAPH
@pytest.mark.slow
def test_the_default_graph(oxigraph: Oxigraph, golden_nt: Path) -> None:
    result = publish(
        "--endpoint", f"{oxigraph.url}/store", "--graph", "default", "--graph-file", str(golden_nt)
    )
    assert result.exit_code == 0, result.output
    assert "the default graph" in result.stdout
    query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    request = urllib.request.Request(
        f"{oxigraph.url}/query?{query}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert int(json.load(response)["results"]["bindings"][0]["n"]["value"]) == lines_of(golden_nt)


@ON_OXIGRAPH
@pytest.mark.slow
def test_a_connection_cut_mid_upload_leaves_the_previous_graph(
    oxigraph: Oxigraph, golden_nt: Path, big_nt: Path
) -> None:
    """The upload of a large graph goes through a proxy that drops both connections after
    half of the body: the client reports it, and the real server still holds the old graph."""
    endpoint = f"{oxigraph.url}/store"
    assert publish("--endpoint", endpoint, "--graph", GRAPH, "--graph-file", str(golden_nt)).exit_code == 0
    before = oxigraph.count()
    with CuttingProxy(oxigraph.port, cut_after=big_nt.stat().st_size // 2) as proxy:
        result = publish(
            "--endpoint",
            f"http://127.0.0.1:{proxy.port}/store",
            "--graph",
            GRAPH,
            "--graph-file",
            str(big_nt),
        )
    assert_clean_failure(result)
    assert "broke during the upload" in result.output or "closed the connection" in result.output
    assert "the previous graph should be as it was" in result.output  # what stores do, checked below
    assert proxy.forwarded >= big_nt.stat().st_size // 2  # the server did receive half a graph
    # and it is done with it: it refused the short body and closed the connection
    assert proxy.upstream_closed and not proxy.upstream_answer.startswith(b"HTTP/1.1 2"), (
        proxy.upstream_answer
    )
    assert oxigraph.count() == before
    assert not oxigraph.ask("<https://example.org/s/1> ?p ?o")


@ON_OXIGRAPH
@pytest.mark.slow
def test_a_server_killed_before_the_upload(tmp_path: Path, golden_nt: Path) -> None:
    server = Oxigraph(tmp_path / "store")
    server.start()
    endpoint = f"{server.url}/store"
    try:
        assert (
            publish("--endpoint", endpoint, "--graph", GRAPH, "--graph-file", str(golden_nt)).exit_code == 0
        )
    finally:
        server.stop()
    result = publish("--endpoint", endpoint, "--graph", GRAPH, "--graph-file", str(golden_nt))
    assert_clean_failure(result)
    assert "cannot reach the store" in result.output and "connection refused" in result.output
    server.start()  # same port, same data
    try:
        assert server.count() == lines_of(golden_nt)
    finally:
        server.stop()


# ---------------------------------------------------------------- failures, with stub servers


def test_an_unreachable_server(golden_nt: Path) -> None:
    port = free_port()  # nothing listens there
    result = publish("--endpoint", f"http://127.0.0.1:{port}/store", "--graph-file", str(golden_nt))
    assert_clean_failure(result)
    assert result.output.startswith(f"hrgraph: cannot reach the store at http://127.0.0.1:{port}/store")
    assert "is the server running" in result.output


@pytest.mark.parametrize(
    ("status", "words"),
    [(500, "HTTP 500"), (503, "HTTP 503"), (404, "check the endpoint"), (405, "does not accept PUT")],
)
def test_a_refusal_shows_the_status_and_a_hint(golden_nt: Path, status: int, words: str) -> None:
    with Stub(status=status, body=b"something went wrong") as stub:
        result = publish("--endpoint", f"{stub.url}/store", "--graph-file", str(golden_nt))
    assert_clean_failure(result)
    assert f"refused the graph: HTTP {status}" in result.output
    assert words in result.output and "something went wrong" in result.output


def test_a_web_server_that_is_no_store_is_told_apart_and_its_page_shown_as_text(golden_nt: Path) -> None:
    """A web server's error page (python -m http.server answers a PUT with 501 and HTML): the
    hint asks whether the address is a Graph Store's, and the page is shown as its text."""
    page = (
        b'<!DOCTYPE HTML>\n<html lang="en"><head><meta charset="utf-8"><title>Error response</title>'
        b"<style>p { color: red }</style></head><body><h1>Error response</h1>"
        b"<p>Message: Unsupported method (&#x27;PUT&#x27;).</p></body></html>"
    )
    with Stub(status=501, body=page) as stub:
        result = publish("--endpoint", f"{stub.url}/store", "--graph-file", str(golden_nt))
    assert_clean_failure(result)
    assert "HTTP 501" in result.output and "is it a Graph Store endpoint?" in result.output
    assert "Message: Unsupported method ('PUT')." in result.output
    assert "<" not in result.output.split("HTTP 501", 1)[1].split("(the server", 1)[0]
    assert "color: red" not in result.output


@pytest.mark.parametrize("seconds", ["nan", "inf", "1e12", "0"])
def test_a_timeout_that_is_no_number_of_seconds_is_a_usage_error(golden_nt: Path, seconds: str) -> None:
    result = publish(
        "--endpoint", "http://127.0.0.1:9/store", "--graph-file", str(golden_nt), "--timeout", seconds
    )
    assert result.exit_code == 2, result.output
    assert "--timeout" in result.output and "Traceback" not in result.output


def test_a_server_that_drops_the_connection(golden_nt: Path) -> None:
    with Stub(drop=True) as stub:
        result = publish("--endpoint", f"{stub.url}/store", "--graph-file", str(golden_nt))
    assert_clean_failure(result)
    assert "broke during the upload" in result.output


def test_a_server_that_does_not_answer_times_out(golden_nt: Path) -> None:
    with Stub(hang=True) as stub:
        result = publish(
            "--endpoint", f"{stub.url}/store", "--graph-file", str(golden_nt), "--timeout", "0.5"
        )
        assert not stub.answered  # the client gave up first: the stub answers only when released
    assert_clean_failure(result)
    assert "did not answer within 0.5 s" in result.output
    assert "publish again to be sure which graph the store holds" in result.output  # it may still apply it
    assert len(stub.requests) == 1


# ---------------------------------------------------------------- the graph read back


def test_a_server_that_answers_the_upload_but_keeps_nothing_is_an_error(golden_nt: Path) -> None:
    """A "200 OK" is not a graph kept: asked for the graph after the upload, the server has none
    (a store's address that is not its Graph Store's may answer so)."""
    with Stub(status=200, read_back=(200, "application/n-triples", b"")) as stub:
        result = publish("--endpoint", f"{stub.url}/store", "--graph-file", str(golden_nt))
    assert_clean_failure(result)
    assert "Published" not in result.output
    assert "answered the upload with HTTP 200 but holds no triple in <https://w3id.org/hrgraph/graph>" in (
        result.output
    )
    assert "is it a Graph Store endpoint?" in result.output
    assert [r["method"] for r in stub.requests] == ["PUT", "GET"]
    assert stub.requests[1]["path"] == stub.requests[0]["path"]  # the same graph
    assert stub.requests[1]["accept"] == "application/n-triples"


def test_a_graph_read_back_with_another_count_is_a_warning(golden_nt: Path) -> None:
    one = b'<https://example.org/a> <https://example.org/b> "c" .\n# a comment\n\n'
    with Stub(status=204, read_back=(200, "application/n-triples; charset=utf-8", one)) as stub:
        result = publish("--endpoint", f"{stub.url}/store", "--graph-file", str(golden_nt))
    assert result.exit_code == 0, result.output
    sent = lines_of(golden_nt)
    assert f"Published {sent} triples" in result.stdout and "read back: 1\n" in result.stdout
    held = f"the store holds 1 triples in <{DEFAULT_GRAPH}> after the upload, where {sent} were expected"
    assert f"warning: {held}" in result.stderr


@pytest.mark.parametrize(
    ("read_back", "why"),
    [
        (None, "HTTP 501"),
        ((200, "text/html", b"<html><body>stored!</body></html>"), "it answered text/html, not N-Triples"),
    ],
)
def test_a_graph_that_cannot_be_read_back_is_a_warning(
    golden_nt: Path, read_back: tuple[int, str, bytes] | None, why: str
) -> None:
    with Stub(status=204, read_back=read_back) as stub:
        result = publish("--endpoint", f"{stub.url}/store", "--graph-file", str(golden_nt))
    assert result.exit_code == 0, result.output
    assert "read back" not in result.stdout
    assert f"warning: the graph could not be read back from the store ({why}" in result.stderr


def test_a_graph_read_back_cut_at_the_stores_row_limit_is_no_count(golden_nt: Path) -> None:
    """Virtuoso cuts a graph it answers at its ResultSetMaxRows, saying so only in a header: the
    count would be the limit's, not the graph's."""
    two = b'<https://example.org/a> <https://example.org/b> "c" .\n' * 2
    with Stub(status=204, read_back=(200, "text/plain", two), max_rows=2) as stub:
        result = publish("--endpoint", f"{stub.url}/store", "--graph-file", str(golden_nt))
    assert result.exit_code == 0, result.output
    assert "read back" not in result.stdout
    assert "could not be read back from the store (it cut its answer at 2 triples, its X-SPARQL-MaxRows" in (
        result.stderr
    )


def test_the_graph_is_read_back_in_pieces(tmp_path: Path) -> None:
    """Counted as it comes, a line cut between two reads counted once."""
    lines = [
        f'<https://example.org/s{i}> <https://example.org/p> "{"x" * (i % 97)}" .' for i in range(40_000)
    ]
    body = ("\n".join(lines) + "\n").encode()
    dump = tmp_path / "graph.nt"
    dump.write_bytes(body)
    assert len(body) > 2 * (1 << 20)  # more than two reads
    with Stub(status=204, read_back=(200, "application/n-triples", body)) as stub:
        result = publish("--endpoint", f"{stub.url}/store", "--graph-file", str(dump))
    assert result.exit_code == 0, result.output
    assert "read back: 40000\n" in result.stdout and result.stderr == ""


# ---------------------------------------------------------------- credentials


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_credentials_from_the_environment_are_sent_and_never_shown(golden_nt: Path) -> None:
    with Stub(status=204) as stub:
        result = publish(
            "--endpoint",
            f"{stub.url}/store",
            "--graph-file",
            str(golden_nt),
            env={"HRGRAPH_USER": "alice", "HRGRAPH_PASSWORD": PASSWORD},
        )
    assert result.exit_code == 0, result.output
    assert stub.requests[0]["authorization"] == basic("alice", PASSWORD)
    assert stub.requests[0]["method"] == "PUT" and stub.requests[0]["content-type"] == "application/n-triples"
    assert stub.requests[1]["method"] == "GET" and stub.requests[1]["authorization"] == basic(
        "alice", PASSWORD
    )
    assert PASSWORD not in result.output and basic("alice", PASSWORD) not in result.output


def test_credentials_are_not_shown_when_the_server_echoes_them(golden_nt: Path) -> None:
    with Stub(status=403, echo_authorization=True) as stub:
        result = publish(
            "--endpoint",
            f"{stub.url}/store",
            "--graph-file",
            str(golden_nt),
            env={"HRGRAPH_USER": "alice", "HRGRAPH_PASSWORD": PASSWORD},
        )
    assert_clean_failure(result)
    assert "HTTP 403" in result.output and "credentials were refused" in result.output
    token = basic("alice", PASSWORD).split()[1]
    assert PASSWORD not in result.output and token not in result.output
    assert "***" in result.output  # the echoed header, redacted


def test_credentials_from_netrc(golden_nt: Path, tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login bob password {PASSWORD}\n", encoding="utf-8")
    with Stub(status=201) as stub:
        result = publish(
            "--endpoint", f"{stub.url}/store", "--graph-file", str(golden_nt), env={"NETRC": str(netrc)}
        )
    assert result.exit_code == 0, result.output
    assert "(created)" in result.stdout
    assert stub.requests[0]["authorization"] == basic("bob", PASSWORD)
    assert PASSWORD not in result.output


def test_no_credentials_no_header(golden_nt: Path) -> None:
    with Stub(status=204) as stub:
        assert publish("--endpoint", f"{stub.url}/store", "--graph-file", str(golden_nt)).exit_code == 0
    assert stub.requests[0]["authorization"] is None


def test_a_broken_netrc_does_not_leak_its_content(tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login bob password {PASSWORD} bogus\n", encoding="utf-8")
    from graph.core.errors import UsageError

    with pytest.raises(UsageError) as caught:
        credentials_for("http://127.0.0.1:1/store", {"NETRC": str(netrc)})
    assert PASSWORD not in str(caught.value) and "not a valid netrc file" in str(caught.value)


def test_half_the_credentials_is_a_usage_error(golden_nt: Path) -> None:
    result = publish(
        "--endpoint",
        "http://127.0.0.1:1/store",
        "--graph-file",
        str(golden_nt),
        env={"HRGRAPH_USER": "alice"},
    )
    assert_clean_failure(result, 2)
    assert "set both HRGRAPH_USER and HRGRAPH_PASSWORD" in result.output


# ---------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    ("endpoint", "words"),
    [
        ("ftp://127.0.0.1/store", "must be an http(s):// address"),
        ("127.0.0.1:7878/store", "must be an http(s):// address"),
        (f"http://alice:{PASSWORD}@127.0.0.1:7878/store", "must not hold credentials"),
        ("http://127.0.0.1:7878/store?graph=https://a.example/x", "give one"),
    ],
)
def test_bad_endpoints_are_usage_errors(golden_nt: Path, endpoint: str, words: str) -> None:
    result = publish("--endpoint", endpoint, "--graph", GRAPH, "--graph-file", str(golden_nt))
    assert_clean_failure(result, 2)
    assert words in result.output and PASSWORD not in result.output


def test_a_graph_name_must_be_an_iri(golden_nt: Path) -> None:
    result = publish(
        "--endpoint", "http://127.0.0.1:1/store", "--graph", "not an iri", "--graph-file", str(golden_nt)
    )
    assert_clean_failure(result, 2)
    assert "is not an absolute IRI" in result.output


def test_no_build_is_a_usage_error(tmp_path: Path) -> None:
    result = publish("--endpoint", "http://127.0.0.1:1/store", "--graph-file", str(tmp_path / "graph.nt"))
    assert_clean_failure(result, 2)
    assert "run 'hrgraph build' first" in result.output


def test_graph_store_urls() -> None:
    assert graph_store_url("http://h:7878/store", None) == (
        f"http://h:7878/store?graph={urllib.parse.quote(DEFAULT_GRAPH, safe='')}",
        DEFAULT_GRAPH,
    )
    assert graph_store_url("http://h:3030/ds/data", "default") == ("http://h:3030/ds/data?default", "default")
    url, name = graph_store_url("http://h:7200/repositories/r/rdf-graphs/service?x=1", "urn:g:1")
    assert (
        url == "http://h:7200/repositories/r/rdf-graphs/service?x=1&graph=urn%3Ag%3A1" and name == "urn:g:1"
    )


# ---------------------------------------------------------------- helpers: stub and proxy


class Stub:
    """An HTTP server on 127.0.0.1 that records each request and answers as told; told to
    hang, it answers only once the `with` block ends (or after 60 s)."""

    def __init__(
        self,
        status: int = 204,
        body: bytes = b"",
        hang: bool = False,
        drop: bool = False,
        echo_authorization: bool = False,
        read_back: tuple[int, str, bytes] | None = None,
        max_rows: int | None = None,
    ):
        """`read_back`: how a GET (the graph read back) is answered, its status, Content-Type
        and body (None: as Python's server answers a method it does not know, 501), with an
        X-SPARQL-MaxRows header when `max_rows` is given."""
        self.requests: list[dict[str, str | None]] = []
        self.released = threading.Event()
        self.answered = False
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self) -> None:
                stub.requests.append(
                    {
                        "method": "PUT",
                        "path": self.path,
                        "authorization": self.headers.get("Authorization"),
                        "content-type": self.headers.get("Content-Type"),
                    }
                )
                if drop:
                    self.rfile.read(10)
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if hang:
                    stub.released.wait(timeout=60)
                stub.answered = True
                payload = body
                if echo_authorization:
                    payload = f"denied for {self.headers.get('Authorization')}".encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass

            def do_GET(self) -> None:
                stub.requests.append(
                    {
                        "method": "GET",
                        "path": self.path,
                        "authorization": self.headers.get("Authorization"),
                        "accept": self.headers.get("Accept"),
                    }
                )
                if read_back is None:
                    self.send_error(501, f"Unsupported method ({self.command!r})")
                    return
                status, kind, payload = read_back
                self.send_response(status)
                self.send_header("Content-Type", kind)
                if max_rows is not None:
                    self.send_header("X-SPARQL-MaxRows", str(max_rows))
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # shutdown() waits for the serving loop to look at its flag, once per poll interval
        # (0.5 s by default): look often, so that each test does not wait half a second
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    def __enter__(self) -> Stub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


class CuttingProxy:
    """Forwards one connection to a real server, and cuts it once `cut_after` bytes of the
    request have gone through: the server's side ends there (it has half a graph), and once
    the server is done with it and has closed, the client's side is dropped too."""

    def __init__(self, upstream_port: int, cut_after: int):
        self.upstream_port = upstream_port
        self.cut_after = cut_after
        self.forwarded = 0
        self.upstream_answer = b""  # what the server said about the short request
        self.upstream_closed = False
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        self.listener.settimeout(30)
        try:
            client, _ = self.listener.accept()
        except OSError:
            return
        upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
        with client, upstream:
            while self.forwarded < self.cut_after:
                chunk = client.recv(min(65536, self.cut_after - self.forwarded))
                if not chunk:
                    break
                upstream.sendall(chunk)
                self.forwarded += len(chunk)
            upstream.shutdown(socket.SHUT_WR)  # the request ends here for the server
            self._read_until_closed(upstream)
            client.shutdown(socket.SHUT_RDWR)

    def _read_until_closed(self, upstream: socket.socket) -> None:
        """Wait (30 s at most) for the server to answer if it does, then close its side."""
        upstream.settimeout(30)
        try:
            while chunk := upstream.recv(65536):
                self.upstream_answer += chunk
            self.upstream_closed = True
        except TimeoutError:
            return
        except ConnectionError:
            self.upstream_closed = True

    def __enter__(self) -> CuttingProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.thread.join(timeout=30)
        self.listener.close()
