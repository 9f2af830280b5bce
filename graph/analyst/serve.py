"""`hrgraph serve`: a read-only SPARQL 1.1 Protocol endpoint over the built graph.

GET /sparql?query=..., POST application/x-www-form-urlencoded (query=...) and POST
application/sparql-query are answered; the results format follows the Accept header. Updates
are refused with 403, and SERVICE with 400 unless the server was started with --allow-service.
GET / is the query page; any other path a file of the readers' site, when one is served.
"""

from __future__ import annotations

import contextlib
import functools
import socket
import threading
import urllib.parse
from collections import deque
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from graph.analyst.lingering import LingeringCloser
from graph.analyst.reconcile import RECONCILE_PATH, ReconcileError, Reconciler, as_json, read_batch
from graph.core.errors import HrgraphError, QueryError
from graph.querypage.page import ServedPage
from graph.querypage.serving import SiteFiles, send_page, send_site_file
from graph.sparql.apart import QueryStopped, ReaderGone, TimeLimit
from graph.sparql.evaluators import Evaluator
from graph.sparql.query import Prefixes, checked_query, run_query

ENDPOINT_PATH = "/sparql"
RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
MAX_QUERY_BYTES = 1_000_000
MAX_ANSWER_BYTES = 50_000_000  # an answer is gathered up to this size, then refused
ANSWER_SECONDS = 30.0  # time to produce an answer; past it, its process is killed (0: no limit)
SOCKET_TIMEOUT = 10.0  # seconds a client may stay silent (idle, or in the middle of a request)
WORKERS = 8  # requests answered at once
WAITING = 64  # requests accepted and waiting for a worker; beyond that the answer is 503
BACKLOG = 256  # connections the kernel holds before they are accepted (bursts)
CHECKED_KEPT = 1024  # query texts whose check (parse, updates, SERVICE) is remembered
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
_BUSY = b"the server is busy: retry in a moment\n"
BUSY_ANSWER = (
    b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\n"
    + f"Content-Length: {len(_BUSY)}\r\n\r\n".encode()
    + _BUSY
)


class AnswerTooLarge(Exception):
    """The answer grew past the server's byte limit."""


class Client:
    """A client waiting for its answer, and whether it has hung up.

    Its socket turns readable when it closes, but also when it only half-closes (shuts its
    sending side and still reads, as some HTTP/1.0 clients do): the two look alike until
    something is sent. An HTTP/1.1 client is then sent an interim "100 Continue" (which
    HTTP/1.1 clients skip); a closed one answers with a reset, seen as a socket error on the
    next look. An HTTP/1.0 client cannot be sent one, so its query runs to its time limit."""

    def __init__(self, connection: socket.socket, probe: bool):
        self.connection = connection
        self.probe = probe
        self.probed = False

    def fileno(self) -> int:
        return self.connection.fileno()

    def gone(self) -> bool:
        try:
            if self.connection.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                return True
            peeked = self.connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except BlockingIOError:
            return False
        except OSError:
            return True
        if peeked or not self.probe or self.probed:
            return False
        self.probed = True
        try:
            self.connection.send(CONTINUE, socket.MSG_NOSIGNAL)
        except OSError:
            return True
        return False


def negotiate(accept: str, offered: Mapping[str, object], default: str) -> str | None:
    """The first offered media type the Accept header allows, by quality; None if none."""
    if not accept.strip():
        return default
    choices = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        choices.append((-quality, position, media.lower()))
    for neg_quality, _, media in sorted(choices):
        if neg_quality == 0:
            continue
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return default
    return None


class SparqlHandler(BaseHTTPRequestHandler):
    """Answers SPARQL queries from the server's store."""

    server: SparqlServer
    server_version = "hrgraph"
    timeout = SOCKET_TIMEOUT
    wbufsize = -1  # the status line, headers and a short body leave in one write, flushed per request

    def log_message(self, format: str, *args: object) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)

    def do_OPTIONS(self) -> None:
        self.send_response(HTTPStatus.NO_CONTENT)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.end_headers()

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path == RECONCILE_PATH:  # the manifest, or a batch in the URL (?queries=...)
            if "queries" in urllib.parse.parse_qs(url.query):
                self._reconcile(url.query, "application/x-www-form-urlencoded")
            else:
                self._json(HTTPStatus.OK, as_json(self.server.reconciler.manifest()))
            return
        if url.path != ENDPOINT_PATH:
            site = self.server.site
            if send_page(self, url.path, self.server.page):  # the query page, at /
                return
            if site is None or not send_site_file(self, url.path, site):  # the readers' site
                self._text(HTTPStatus.NOT_FOUND, f"the SPARQL endpoint is {ENDPOINT_PATH}\n")
            return
        params = urllib.parse.parse_qs(url.query)
        if "update" in params:
            self._text(HTTPStatus.FORBIDDEN, "this endpoint is read-only\n")
            return
        queries = params.get("query", [])
        if len(queries) != 1:
            self._text(HTTPStatus.BAD_REQUEST, "give exactly one query parameter\n")
            return
        self._answer(queries[0])

    def do_POST(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path not in (ENDPOINT_PATH, RECONCILE_PATH):
            self._text(HTTPStatus.NOT_FOUND, f"the SPARQL endpoint is {ENDPOINT_PATH}\n")
            return
        declared = self.headers.get("Content-Length", "0").strip()
        if not (declared.isascii() and declared.isdigit()):
            self.close_connection = True
            self._text(HTTPStatus.BAD_REQUEST, "Content-Length must be a whole number of bytes\n")
            return
        length = int(declared)
        if length > MAX_QUERY_BYTES:
            self.close_connection = True
            self._text(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"the query is too large (at most {MAX_QUERY_BYTES} bytes)\n",
            )
            return
        try:
            raw = self.rfile.read(length)
        except TimeoutError:
            raw = b""
        if len(raw) != length:
            self.close_connection = True
            self._text(HTTPStatus.REQUEST_TIMEOUT, "the request body did not arrive in time\n")
            return
        body = raw.decode("utf-8", errors="replace")
        content_type = self.headers.get_content_type()
        if path == RECONCILE_PATH:
            self._reconcile(body, content_type)
            return
        if content_type == "application/sparql-update":
            self._text(HTTPStatus.FORBIDDEN, "this endpoint is read-only\n")
            return
        if content_type == "application/sparql-query":
            self._answer(body)
            return
        if content_type == "application/x-www-form-urlencoded":
            params = urllib.parse.parse_qs(body)
            if "update" in params:
                self._text(HTTPStatus.FORBIDDEN, "this endpoint is read-only\n")
                return
            queries = params.get("query", [])
            if len(queries) == 1:
                self._answer(queries[0])
                return
            self._text(HTTPStatus.BAD_REQUEST, "give exactly one query parameter\n")
            return
        self._text(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send application/sparql-query or a form\n")

    def _answer(self, sparql: str) -> None:
        server = self.server
        try:
            kind = server.checked(sparql)
        except QueryError as exc:
            status = HTTPStatus.FORBIDDEN if "read-only" in str(exc) else HTTPStatus.BAD_REQUEST
            self._text(status, f"{exc}\n")
            return
        offered: Mapping[str, ox.RdfFormat | ox.QueryResultsFormat]
        offered, default = (
            (GRAPH_TYPES, "text/turtle")
            if kind is ox.QueryTriples
            else (RESULT_TYPES, "application/sparql-results+json")
        )
        media = negotiate(self.headers.get("Accept", ""), offered, default)
        if media is None:
            self._text(HTTPStatus.NOT_ACCEPTABLE, "offered: " + ", ".join(offered) + "\n")
            return
        try:
            body = self._evaluate(sparql, media)
        except AnswerTooLarge:
            limit = server.max_answer_bytes
            self._text(
                HTTPStatus.BAD_REQUEST,
                f"the answer is larger than {limit} bytes: add a LIMIT or ask for less\n",
            )
            return
        except TimeLimit:
            self._text(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the query took longer than {server.answer_seconds:g} s and was stopped\n",
            )
            return
        except ReaderGone:
            self.close_connection = True
            self.log_message("the client went away: its query was stopped")
            return
        except QueryStopped as exc:  # its process died (out of memory?)
            self._text(HTTPStatus.SERVICE_UNAVAILABLE, f"{exc}\n")
            return
        except HrgraphError as exc:
            self._text(HTTPStatus.BAD_REQUEST, f"{exc}\n")
            return
        self.send_response(HTTPStatus.OK)
        self._cors()
        self.send_header("Content-Type", f"{media}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _evaluate(self, sparql: str, media: str) -> bytes:
        """The whole answer, evaluated by a process of the server's (an Evaluator) that is
        killed at the time limit, when the client hangs up, or once the answer outgrows the
        byte limit: only a complete answer is sent (with its length), never a cut one."""
        server = self.server
        answer = bytearray()

        def collect(chunk: bytes) -> None:
            if len(answer) + len(chunk) > server.max_answer_bytes:
                raise AnswerTooLarge
            answer.extend(chunk)

        client = Client(self.connection, probe=self.request_version >= "HTTP/1.1")
        evaluator = server.take_evaluator()
        try:
            evaluator.evaluate(
                {"sparql": sparql, "media": media}, collect, server.answer_seconds or None, client
            )
        finally:
            server.give_back(evaluator)
        return bytes(answer)

    def _reconcile(self, body: str, content_type: str) -> None:
        """A batch of the Reconciliation Service API, answered from the server's name index."""
        try:
            batch = read_batch(body, content_type)
        except ReconcileError as exc:
            self._text(HTTPStatus.BAD_REQUEST, f"{exc}\n")
            return
        self._json(HTTPStatus.OK, as_json(self.server.reconciler.answer(batch)))

    def _json(self, status: HTTPStatus, body: bytes) -> None:
        self.send_response(status)
        self._cors()
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _cors(self) -> None:
        """Cross-origin use only for the one origin the server was started with (--cors)."""
        if self.server.cors_origin:
            self.send_header("Access-Control-Allow-Origin", self.server.cors_origin)
            self.send_header("Vary", "Origin, Accept")
        else:
            self.send_header("Vary", "Accept")

    def _text(self, status: HTTPStatus, message: str) -> None:
        body = message.encode("utf-8")
        self.send_response(status)
        self._cors()
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class SparqlServer(HTTPServer):
    """An HTTP server holding the store it answers from, answering on a bounded pool of
    workers: at most WORKERS at once and WAITING more in line; beyond that, 503 at once."""

    request_queue_size = BACKLOG

    def __init__(
        self,
        address: tuple[str, int],
        store: ox.Store,
        prefixes: Prefixes,
        allow_service: bool = False,
        quiet: bool = False,
        cors_origin: str | None = None,
        answer_seconds: float = ANSWER_SECONDS,
        site: Path | None = None,
    ):
        super().__init__(address, SparqlHandler, bind_and_activate=False)
        try:  # bound before anything is started, so that a refusal leaves nothing running
            self.server_bind()
            self.server_activate()
        except OSError:
            self.socket.close()
            raise
        self.site = SiteFiles(site) if site is not None else None  # the readers' site, served too
        self.store = store
        self.prefixes = prefixes
        self.allow_service = allow_service
        self.quiet = quiet
        self.cors_origin = cors_origin
        self.max_answer_bytes = MAX_ANSWER_BYTES
        self.answer_seconds = answer_seconds
        self.reconciler = Reconciler(store)  # the name index of /reconcile, built once
        self.evaluations: deque[int] = deque(maxlen=64)  # process ids of the latest evaluations
        self._workers = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="sparql")
        self._places = threading.BoundedSemaphore(WORKERS + WAITING)
        self._closer = LingeringCloser()  # so a client refused before being read still reads why
        self._evaluators: deque[Evaluator] = deque()  # idle, at most WORKERS; the last used first
        for _ in range(WORKERS):  # forked now, before any thread, not in the first burst of queries
            self._evaluators.append(Evaluator(self._run_job))
        # the kind of a query text sent before (its check: parse, updates, SERVICE); refusals not kept
        self.checked = functools.lru_cache(maxsize=CHECKED_KEPT)(self._check)

    @functools.cached_property
    def page(self) -> ServedPage:
        """The query page, made when first asked for (its results link to the served site)."""
        return ServedPage(self.prefixes.mapping, site_folders=self.site.folders if self.site else ())

    def process_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        """Hand the connection to a worker, or answer 503 when all places are taken."""
        if not self._places.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(BUSY_ANSWER)
            self.shutdown_request(request)
            return
        self._workers.submit(self._work, request, client_address)

    def shutdown_request(self, request: socket.socket) -> None:  # type: ignore[override]
        """Close the connection once the client has read the answer (no reset on unread bytes)."""
        self._closer.close(request)

    def _check(self, sparql: str) -> type[ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples]:
        return checked_query(sparql, self.prefixes, allow_service=self.allow_service)

    def take_evaluator(self) -> Evaluator:
        """An idle evaluating process, or a new one forked from this process (holding the store)."""
        evaluator = None
        while evaluator is None or not evaluator.usable():
            try:
                evaluator = self._evaluators.pop()
            except IndexError:
                evaluator = Evaluator(self._run_job)
        self.evaluations.append(evaluator.pid)
        return evaluator

    def give_back(self, evaluator: Evaluator) -> None:
        if evaluator.alive:
            self._evaluators.append(evaluator)

    def _run_job(self, job: dict[str, str], stream: BinaryIO) -> dict[str, str]:
        """In an evaluator: the query's answer in the negotiated format, written as it comes."""
        result = run_query(self.store, job["sparql"], self.prefixes, built_in=True)
        media = job["media"]
        if isinstance(result, ox.QueryTriples):
            ox.serialize(result, stream, format=GRAPH_TYPES[media])
        else:
            result.serialize(stream, format=RESULT_TYPES[media])
        return {}

    def _work(self, request: socket.socket, client_address: object) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            self._places.release()

    def server_close(self) -> None:
        super().server_close()
        self._workers.shutdown(wait=False, cancel_futures=True)
        self._closer.stop()
        while self._evaluators:
            self._evaluators.pop().kill()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = host.decode() if isinstance(host, bytes) else host
        return f"http://{shown}:{port}{ENDPOINT_PATH}"

    @property
    def page_url(self) -> str:
        """The query page's address (the server's root), where a reader starts."""
        return self.url.removesuffix(ENDPOINT_PATH) + "/"
