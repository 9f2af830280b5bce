"""`hrgraph publish` against hostile stores on 127.0.0.1 (issue 15, findings 4 and 13): a
password echoed back in any form (the reason phrase, a Location header, HTML-, URL- or
JSON-escaped, cut at the end of what was read) is never printed, and a store's endless answer
is not read into memory."""

from __future__ import annotations

import base64
import html
import json
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graph.cli import main
from graph.output.publish import SHOWN_BYTES

PASSWORD = 'pa&ss<wo"rd/é+1 x'
USER = "alice"
TOKEN = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
FORMS = {
    "as sent": PASSWORD,
    "HTML-escaped": html.escape(PASSWORD),
    "URL-encoded": urllib.parse.quote(PASSWORD, safe=""),
    "form-encoded": urllib.parse.quote_plus(PASSWORD),
    "URL-encoded, lower-case hex": urllib.parse.quote(PASSWORD, safe="").replace("%2F", "%2f"),
    "JSON-escaped": json.dumps(PASSWORD)[1:-1],
    "JSON-escaped, ASCII": json.dumps(PASSWORD, ensure_ascii=True)[1:-1],
    "the Basic token": TOKEN,
    "user:password": f"{USER}:{PASSWORD}",
}


def leaks(output: str) -> list[str]:
    """Each form of the secret of which a piece of 6 characters or more was printed."""
    found = []
    for name, form in {**FORMS, "password alone": PASSWORD}.items():
        if any(form[i : i + 6] in output for i in range(len(form) - 5)):
            found.append(name)
    return found


Answer = Callable[[BaseHTTPRequestHandler], None]


@pytest.fixture
def store() -> Iterator[Callable[[Answer], str]]:
    """Start a store on 127.0.0.1 that answers every PUT with `answer`; gives its endpoint."""
    servers: list[ThreadingHTTPServer] = []

    def start(answer: Answer) -> str:
        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                answer(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/store"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    path = tmp_path / "graph.nt"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    return path


def publish(endpoint: str, graph_file: Path) -> Result:
    env = {"HRGRAPH_USER": USER, "HRGRAPH_PASSWORD": PASSWORD, "NETRC": "/nonexistent/netrc"}
    return CliRunner().invoke(
        main, ["publish", "--endpoint", endpoint, "--graph-file", str(graph_file)], env=env
    )


def refuse_with(
    status: int, body: str = "", reason: str | None = None, headers: dict[str, str] | None = None
) -> Answer:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        data = body.encode("utf-8")
        handler.send_response(status, reason)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return answer


@pytest.mark.parametrize("form", sorted(FORMS))
def test_an_echoed_secret_in_the_body_is_hidden_in_every_form(
    store: Callable[[Answer], str], graph_file: Path, form: str
) -> None:
    body = f"<p>refused: you sent {FORMS[form]} which is wrong</p>"
    result = publish(store(refuse_with(403, body)), graph_file)
    assert result.exit_code == 1
    assert "HTTP 403" in result.stderr and "which is wrong" in result.stderr and "***" in result.stderr
    assert leaks(result.output) == []


def test_an_echoed_secret_in_the_reason_phrase_is_hidden(
    store: Callable[[Answer], str], graph_file: Path
) -> None:
    reason = f"Forbidden for {USER}:{PASSWORD}".encode().decode("latin-1")  # as the status line carries it
    result = publish(store(refuse_with(403, reason=f"Forbidden for {PASSWORD}")), graph_file)
    assert result.exit_code == 1 and "HTTP 403 Forbidden for ***" in result.stderr
    assert leaks(result.output) == [] and reason not in result.output


def test_an_echoed_secret_in_a_location_header_is_hidden(
    store: Callable[[Answer], str], graph_file: Path
) -> None:
    location = "https://store.example/login?password=" + urllib.parse.quote_plus(PASSWORD)
    result = publish(store(refuse_with(302, headers={"Location": location})), graph_file)
    assert result.exit_code == 1
    assert (
        "the server redirected to https://store.example/login?password=***: use that address" in result.stderr
    )
    assert leaks(result.output) == []


@pytest.mark.parametrize("cut", [1, 5, 10, len(TOKEN) - 1])
def test_a_token_across_the_end_of_what_is_read_is_hidden(
    store: Callable[[Answer], str], graph_file: Path, cut: int
) -> None:
    """The token starts `cut` characters before the end of the part shown."""
    body = "x" * (SHOWN_BYTES - cut) + TOKEN + " and more"
    result = publish(store(refuse_with(401, body)), graph_file)
    assert result.exit_code == 1
    assert leaks(result.output) == []


@pytest.mark.parametrize("kept", [6, 12, len(TOKEN) - 1])
def test_a_token_the_server_cut_short_is_hidden(
    store: Callable[[Answer], str], graph_file: Path, kept: int
) -> None:
    result = publish(store(refuse_with(401, "denied for " + TOKEN[:kept])), graph_file)
    assert result.exit_code == 1
    assert "denied for ***" in result.stderr
    assert leaks(result.output) == []


def test_an_endless_answer_to_a_put_is_not_read_whole(
    store: Callable[[Answer], str], graph_file: Path
) -> None:
    """Finding 13: publish read the store's whole answer (a 2 GB answer took 2.1 GB)."""
    sent = [0]

    def endless(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(201)
        handler.send_header("Content-Length", str(1 << 40))
        handler.end_headers()
        chunk = b"x" * 65536
        try:
            while sent[0] < 1 << 30:  # a gigabyte at most, should the client read on
                handler.wfile.write(chunk)
                sent[0] += len(chunk)
        except OSError:
            pass  # the client hung up, as it should

    result = publish(store(endless), graph_file)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("(created)\n")
    assert sent[0] < 50_000_000  # it read the start and hung up; the kernel's buffers took the rest
