"""Publishing to and querying a second real store, Virtuoso (Debian's virtuoso-opensource,
started here on 127.0.0.1 ports with its own database), whose Graph Store needs HTTP Digest
authentication and which cuts every SELECT at ResultSetMaxRows rows, saying so only in the
X-SPARQL-MaxRows header; and a real Oxigraph server started with --timeout-s, which answers a
query it stopped with HTTP 200 and a body ending "The SPARQL operation has been cancelled".
`hrgraph query --endpoint` reports both cut answers as errors (issue 13)."""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graph.cli import main
from graph.pipeline import Checked
from graph.rdf.dumps import to_ntriples

from .polling import wait_until
from .test_publish import Oxigraph, free_port, oxigraph_executable

GRAPH = "https://example.org/graph/hrgraph-virtuoso"
MAX_ROWS = 100  # the test instance's ResultSetMaxRows (Debian's default is 10,000)
SYSTEM_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
ON_VIRTUOSO = pytest.mark.xdist_group("virtuoso")  # one instance: its tests on one worker


class Virtuoso:
    """A private virtuoso-t on free loopback ports, its database in a folder of its own."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.http_port = free_port()
        self.sql_port = free_port()
        self.url = f"http://127.0.0.1:{self.http_port}"
        self.process: subprocess.Popen[bytes] | None = None

    def configure(self) -> Path:
        """Debian's ini with the database, the ports and the row limit changed."""
        ini = SYSTEM_INI.read_text(encoding="utf-8", errors="replace")
        ini = ini.replace("/var/lib/virtuoso-opensource-7/db", str(self.folder))
        lines = []
        section = ""
        for line in ini.splitlines():
            if line.startswith("["):
                section = line.strip()
            key = line.split("=", 1)[0].strip()
            if key == "ServerPort" and section == "[Parameters]":
                line = f"ServerPort = 127.0.0.1:{self.sql_port}"
            elif key == "ServerPort" and section == "[HTTPServer]":
                line = f"ServerPort = 127.0.0.1:{self.http_port}"
            elif key == "ResultSetMaxRows":
                line = f"ResultSetMaxRows = {MAX_ROWS}"
            lines.append(line)
        path = self.folder / "virtuoso.ini"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def start(self) -> None:
        executable = shutil.which("virtuoso-t")
        if executable is None or not SYSTEM_INI.is_file():
            pytest.fail("Virtuoso is missing: scripts/test installs it (apt-get install virtuoso-opensource)")
        self.process = subprocess.Popen(
            [executable, "+configfile", str(self.configure()), "+foreground"],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until(self.answers, "Virtuoso answers on its HTTP port", timeout=90)
        except BaseException:
            self.stop()
            raise

    def answers(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            log = self.folder / "virtuoso.log"
            pytest.fail(f"virtuoso-t exited with {self.process.returncode}: {log.read_text()[-2000:]}")
        try:
            return self.count() >= 0
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def count(self, graph: str = GRAPH) -> int:
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        data = urllib.parse.urlencode({"query": query}).encode()
        request = urllib.request.Request(
            f"{self.url}/sparql", data=data, headers={"Accept": "application/sparql-results+json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def golden_nt(golden: Checked, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("second-store") / "graph.nt"
    path.write_bytes(to_ntriples(golden.assembly.graph))
    return path


def hrgraph(*args: str, env: dict[str, str] | None = None) -> Result:
    base_env = {"HRGRAPH_USER": "", "HRGRAPH_PASSWORD": "", "NETRC": "/nonexistent/netrc"}
    return CliRunner().invoke(main, list(args), env={**base_env, **(env or {})})


DBA = {"HRGRAPH_USER": "dba", "HRGRAPH_PASSWORD": "dba"}


@ON_VIRTUOSO
@pytest.mark.slow
def test_publish_to_virtuoso_with_digest_authentication_and_again(
    virtuoso: Virtuoso, golden_nt: Path
) -> None:
    triples = len(golden_nt.read_text(encoding="utf-8").splitlines())
    endpoint = f"{virtuoso.url}/sparql-graph-crud-auth"
    args = ("publish", "--endpoint", endpoint, "--graph", GRAPH, "--graph-file", str(golden_nt))
    first = hrgraph(*args, env=DBA)
    assert first.exit_code == 0, first.output
    # Virtuoso stores partial dates as datetimes, so the golden tenure attested on "2020-05"
    # (xsd:gYearMonth) and on "2020-05-01" (xsd:date) keeps one of the two: one triple fewer,
    # which publish says, and finds when it reads the graph back
    assert first.stdout == (
        f"Published {triples} triples from {golden_nt} to <{GRAPH}> at {endpoint} (created); "
        f"read back: {triples - 1}\n"
    )
    assert virtuoso.count() == triples - 1
    assert first.stderr.startswith("hrgraph: warning: Virtuoso keeps a date as the instant it starts")
    assert "holds 1 triple(s) fewer than sent" in first.stderr
    assert '"2020-05" and "2020-05-01"' in first.stderr
    assert first.stderr.count("warning") == 1  # what it holds is what was expected
    again = hrgraph(*args, env=DBA)
    assert again.exit_code == 0, again.output
    assert again.stdout.endswith(f"(replaced); read back: {triples - 1}\n")
    assert virtuoso.count() == triples - 1  # replaced, never duplicated


@ON_VIRTUOSO
@pytest.mark.slow
def test_a_graph_larger_than_what_virtuoso_reads_before_its_challenge(
    virtuoso: Virtuoso, tmp_path: Path
) -> None:
    """Virtuoso answers an upload without credentials with 401 and resets the connection before
    reading it: a multi-megabyte PUT must carry its Digest answer the first time."""
    big = tmp_path / "big.nt"
    big.write_text(
        "".join(
            f'<https://example.org/s/{i}> <https://example.org/p> "value {i}, padded long" .\n'
            for i in range(60_000)
        ),
        encoding="utf-8",
    )
    graph = f"{GRAPH}/big"
    result = hrgraph(
        "publish",
        "--endpoint",
        f"{virtuoso.url}/sparql-graph-crud-auth",
        "--graph",
        graph,
        "--graph-file",
        str(big),
        env=DBA,
    )
    assert result.exit_code == 0, result.output
    assert virtuoso.count(graph) == 60_000


@ON_VIRTUOSO
@pytest.mark.slow
def test_a_wrong_password_is_refused_and_never_shown(virtuoso: Virtuoso, golden_nt: Path) -> None:
    result = hrgraph(
        "publish",
        "--endpoint",
        f"{virtuoso.url}/sparql-graph-crud-auth",
        "--graph",
        f"{GRAPH}/refused",
        "--graph-file",
        str(golden_nt),
        env={"HRGRAPH_USER": "dba", "HRGRAPH_PASSWORD": "not-the-Pa55word"},
    )
    assert result.exit_code == 1
    assert "HTTP 401" in result.stderr and "the server wants credentials" in result.stderr
    assert "not-the-Pa55word" not in result.output
    assert virtuoso.count(f"{GRAPH}/refused") == 0


@ON_VIRTUOSO
@pytest.mark.slow
def test_a_select_virtuoso_cut_at_its_row_limit_is_an_error(virtuoso: Virtuoso, golden_nt: Path) -> None:
    published = hrgraph(
        "publish",
        "--endpoint",
        f"{virtuoso.url}/sparql-graph-crud-auth",
        "--graph",
        GRAPH,
        "--graph-file",
        str(golden_nt),
        env=DBA,
    )
    assert published.exit_code == 0, published.output
    every = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"
    cut = hrgraph("query", "--endpoint", f"{virtuoso.url}/sparql", every, "--format", "csv")
    assert (cut.exit_code, cut.stdout) == (1, "")
    assert cut.stderr == (
        f"hrgraph: the endpoint cut the answer at {MAX_ROWS} rows (its X-SPARQL-MaxRows limit is "
        f"{MAX_ROWS}), so it is incomplete: page through it with ORDER BY, LIMIT and OFFSET, or "
        "raise the server's ResultSetMaxRows\n"
    )
    page = hrgraph("query", "--endpoint", f"{virtuoso.url}/sparql", every + " LIMIT 40", "--format", "csv")
    assert page.exit_code == 0, page.output
    assert len(page.stdout.splitlines()) == 1 + 40


# ---------------------------------------------------------------- Oxigraph server's cut answer

RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class HastyOxigraph(Oxigraph):
    """A real `oxigraph serve` that stops every query after a second (--timeout-s 1)."""

    def start(self) -> None:
        command = [oxigraph_executable(), "serve", "--location", str(self.location)]
        self.process = subprocess.Popen(
            [*command, "--bind", f"127.0.0.1:{self.port}", "--timeout-s", "1"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until(self.answers, "oxigraph serve answers on its port")
        except BaseException:
            self.stop()
            raise


@pytest.fixture(scope="module")
def hasty_oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    """A real `oxigraph serve --timeout-s 1` holding 300 triples in its default graph."""
    server = HastyOxigraph(tmp_path_factory.mktemp("oxigraph-timeout") / "store")
    server.start()
    data = "".join(f"<urn:s{i}> <urn:p> <urn:o{i % 7}> .\n" for i in range(300)).encode()
    request = urllib.request.Request(
        f"{server.url}/store?default",
        data=data,
        method="PUT",
        headers={"Content-Type": "application/n-triples"},
    )
    urllib.request.urlopen(request, timeout=30).close()
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.slow
def test_an_answer_oxigraph_cancelled_is_an_error_not_a_table(hasty_oxigraph: Oxigraph) -> None:
    result = hrgraph("query", "--endpoint", f"{hasty_oxigraph.url}/query", RUNAWAY, "--format", "csv")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "hrgraph: the endpoint stopped the query at its own time limit and sent only part of the "
        "answer (it ends with 'The SPARQL operation has been cancelled'): ask for less, or raise "
        "the server's limit\n"
    )
    quick = hrgraph(
        "query", "--endpoint", f"{hasty_oxigraph.url}/query", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    )
    assert (quick.exit_code, quick.stdout) == (0, "n\n---\n300\n(1 row)\n")
