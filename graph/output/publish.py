"""`hrgraph publish`: replace a named graph of a SPARQL 1.1 triple store with the built graph.

It speaks the SPARQL 1.1 Graph Store HTTP Protocol: one `PUT <endpoint>?graph=<IRI>` whose body
is the N-Triples dump (`build/graph.nt`). A PUT replaces the graph, so publishing twice never
duplicates a triple. Endpoint shapes:

    Oxigraph server     http://HOST:7878/store
    Apache Jena Fuseki  http://HOST:3030/DATASET/data
    GraphDB             http://HOST:7200/repositories/REPO/rdf-graphs/service

Nothing half-written: the whole graph goes in one request, and Oxigraph, Fuseki and GraphDB each
apply a Graph Store PUT in one transaction, so a request that fails (the connection drops, the
body is cut, the server refuses or dies) leaves the previous graph as it was. The tests check it
against a real Oxigraph server, whose connection is cut in the middle of the upload.

    Virtuoso            http://HOST:8890/sparql-graph-crud-auth

Virtuoso keeps a date as the instant it starts, so of "2020-05" and "2020-05-01" given for one
property of one thing it keeps one, silently: publishing to it says how many it dropped.

Read back: a store's "200 OK" is not proof that it holds the graph (a web server, or a store's
address that is not its Graph Store, may answer a PUT without keeping anything). After the PUT
the graph is asked for again (`GET <endpoint>?graph=<IRI>`, N-Triples) and its triples counted
(of Virtuoso, which answers that GET cut at its ResultSetMaxRows without saying so, its SPARQL
endpoint /sparql is asked for the count): a graph that comes back empty is an error, one that
holds another count than was sent (less what Virtuoso drops) is a warning, as is a store that
does not answer.

Credentials: HRGRAPH_USER and HRGRAPH_PASSWORD, or else the netrc file ($NETRC or ~/.netrc)
entry for the endpoint's host. A store that asks for HTTP Digest authentication (Virtuoso) is
found by a HEAD request sent first without them (a large upload refused with 401 is cut by the
server before its challenge can be read); any other gets HTTP Basic. They are never printed,
not even in errors, nor in any form a server may echo them back (HTML-, URL-, JSON-escaped,
or cut short at the end of what was read).
"""

from __future__ import annotations

import base64
import html
import http.client
import json
import netrc
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from graph.core.errors import HrgraphError, UsageError
from graph.output.date_twins import Twins, dropped_by_instant_stores, same_instant_twins

DEFAULT_GRAPH = "https://w3id.org/hrgraph/graph"
DEFAULT_TIMEOUT = 60.0
ENV_USER = "HRGRAPH_USER"
ENV_PASSWORD = "HRGRAPH_PASSWORD"
MEDIA_TYPE = "application/n-triples"
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
LOOPBACK = ("127.", "localhost", "[::1]", "::1")
SHOWN_BYTES = 500  # of a refusal's body, at most
ANSWER_BYTES = 65536  # of a store's answer to a PUT that succeeded: read this much, then hang up

ENDPOINTS = "Oxigraph .../store, Fuseki .../DATASET/data, GraphDB .../repositories/REPO/rdf-graphs/service"
"""The Graph Store endpoint of each store hrgraph is documented with, as a hint gives them."""

HINTS = {
    400: "the server could not read the upload as N-Triples; rebuild with 'hrgraph build'",
    401: "the server wants credentials: set HRGRAPH_USER and HRGRAPH_PASSWORD, or add the host to ~/.netrc",
    403: "the credentials were refused, or the store is read-only",
    404: f"check the endpoint: {ENDPOINTS}",
    405: "the endpoint does not accept PUT: give the Graph Store endpoint, not the query endpoint",
    413: "the graph is larger than the server accepts: raise the server's upload limit",
    415: "the server does not accept N-Triples at this address: is it a Graph Store endpoint?",
    501: f"the server does not take a PUT: is it a Graph Store endpoint? ({ENDPOINTS})",
}

AFTER_A_FAILURE = (
    "a Graph Store applies a PUT in one transaction (Oxigraph and Virtuoso are tested to), so the "
    "previous graph should be as it was: publish again to be sure which graph the store holds"
)
"""What a failed upload leaves in a store: hrgraph cannot see it, only say what stores do."""


class PublishError(HrgraphError):
    """The store could not be reached, refused the graph, or did not answer in time."""


@dataclass(frozen=True)
class Credentials:
    """HTTP Basic credentials; the password never appears in repr()."""

    user: str
    password: str = field(repr=False)
    origin: str = ""

    def header(self) -> str:
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"

    def secrets(self) -> list[str]:
        """What must never be shown: the password and the encoded header, in every form a
        server may echo them back in (longest first, so a longer form is hidden whole)."""
        plain = [self.password, f"{self.user}:{self.password}", self.header().split(" ", 1)[1]]
        forms = {form for secret in plain if secret for form in _escaped_forms(secret)}
        return sorted((form for form in forms if form), key=len, reverse=True)


@dataclass(frozen=True)
class Published:
    """What was sent where."""

    url: str
    graph: str
    triples: int
    created: bool
    warnings: list[str] = field(default_factory=list)
    held: int | None = None
    """The triples the store holds in the graph after the upload, read back (None: not read)."""


def credentials_for(
    endpoint: str, environ: Mapping[str, str] | None = None, netrc_file: Path | None = None
) -> Credentials | None:
    """HRGRAPH_USER/HRGRAPH_PASSWORD, else the netrc entry of the endpoint's host, else None."""
    environ = os.environ if environ is None else environ
    user, password = environ.get(ENV_USER), environ.get(ENV_PASSWORD)
    if user or password:
        if not (user and password):
            raise UsageError(f"set both {ENV_USER} and {ENV_PASSWORD}, or neither (to use ~/.netrc)")
        return Credentials(user, password, "the environment")
    path = netrc_file or Path(environ.get("NETRC") or Path("~/.netrc").expanduser())
    if not path.is_file():
        return None
    host = urllib.parse.urlsplit(endpoint).hostname or ""
    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except netrc.NetrcParseError as exc:
        # the parser's message can quote a token of the file, which may be a password
        raise UsageError(f"cannot read {path} (line {exc.lineno}): it is not a valid netrc file") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    if entry is None:
        return None
    login, _, secret = entry
    if not login or not secret:
        return None
    return Credentials(login, secret, str(path))


def graph_store_url(endpoint: str, graph: str | None) -> tuple[str, str]:
    """The PUT address for the graph, and the graph's name ('default' for the default graph)."""
    try:
        parts = urllib.parse.urlsplit(endpoint)
    except ValueError as error:  # e.g. an unclosed IPv6 bracket
        raise UsageError(f"--endpoint is not a valid address ({error})") from None
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise UsageError("--endpoint has a port that is not a number") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            f"--endpoint {_shown(endpoint)!r} must be an http(s):// address, e.g. http://127.0.0.1:7878/store"
        )
    if parts.username is not None or parts.password is not None:
        raise UsageError(
            f"--endpoint must not hold credentials: set {ENV_USER} and {ENV_PASSWORD}, or use ~/.netrc"
        )
    params = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    given = [v for k, v in params if k == "graph"] + ["default" for k, _ in params if k == "default"]
    if given and graph is not None and given[0] != graph:
        raise UsageError(f"the endpoint names graph {given[0]!r} and --graph names {graph!r}: give one")
    name = graph or (given[0] if given else DEFAULT_GRAPH)
    if name != "default" and not IRI.match(name):
        raise UsageError(f"--graph {name!r} is not an absolute IRI (or 'default' for the default graph)")
    kept = [(k, v) for k, v in params if k not in ("graph", "default")]
    query = urllib.parse.urlencode([*kept, ("graph", name)] if name != "default" else kept)
    if name == "default":
        query = f"{query}&default" if query else "default"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, "")), name


def count_triples(data: bytes) -> int:
    """Triples in an N-Triples document (one per non-empty, non-comment line)."""
    return sum(1 for line in data.splitlines() if _triple_line(line))


def publish(
    graph_file: Path,
    endpoint: str,
    graph: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    credentials: Credentials | None = None,
) -> Published:
    """PUT the N-Triples file to the named graph; raise PublishError with a hint on failure."""
    url, name = graph_store_url(endpoint, graph)
    if not graph_file.is_file():
        raise UsageError(f"no graph at {graph_file}: run 'hrgraph build' first (or pass --graph-file FILE)")
    data = graph_file.read_bytes()
    host = urllib.parse.urlsplit(url).hostname or ""
    warnings = []
    if credentials is not None and url.startswith("http://") and not host.startswith(LOOPBACK):
        warnings.append(f"credentials are sent to {host} over plain http: prefer https://")
    headers = {"Content-Type": MEDIA_TYPE, "Content-Length": str(len(data))}
    request = urllib.request.Request(url, data=data, headers=headers, method="PUT")
    secrets = credentials.secrets() if credentials is not None else []
    try:
        if credentials is not None:
            request.add_unredirected_header("Authorization", _authorization(request, credentials, timeout))
        status, server = _put(request, timeout, secrets)
    except PublishError as error:
        raise PublishError(_redact(str(error), secrets)) from None
    sent = expected = count_triples(data)
    if "virtuoso" in server.lower():
        twins = same_instant_twins(data)
        warnings.extend(_instant_store_warning(twins))
        expected -= dropped_by_instant_stores(twins)
        # it gives a graph back cut at its ResultSetMaxRows, unsaid: its SPARQL counts it
        held, unread = _virtuoso_count(url, name, timeout, secrets)
    else:
        held, unread = _read_back(url, timeout, credentials, secrets)
    target = "the default graph" if name == "default" else f"<{name}>"
    if held == 0 and expected > 0:
        raise PublishError(
            f"the store at {_shown(url)} answered the upload with HTTP {status} but holds no triple in "
            f"{target} when asked for it: is it a Graph Store endpoint? ({ENDPOINTS})"
        )
    if held is None:
        warnings.append(f"the graph could not be read back from the store ({unread}): is it all there?")
    elif held != expected:
        warnings.append(
            f"the store holds {held} triples in {target} after the upload, where {expected} were expected"
        )
    return Published(url, name, sent, created=status == 201, warnings=warnings, held=held)


NTRIPLES_TYPES = ("application/n-triples", "text/plain")
"""What a store may call N-Triples when it answers a GET (text/plain: N-Triples' first type)."""

READ_BYTES = 1 << 20


def _read_back(
    url: str, timeout: float, credentials: Credentials | None, secrets: list[str]
) -> tuple[int | None, str]:
    """The triples the store answers a GET of the graph with, counted as they come; or None
    and why it could not be read."""
    request = urllib.request.Request(url, headers={"Accept": NTRIPLES_TYPES[0]}, method="GET")
    try:
        if credentials is not None:
            request.add_unredirected_header("Authorization", _authorization(request, credentials, timeout))
        with _opener().open(request, timeout=timeout) as response:
            kind = str(response.headers.get("Content-Type", "")).split(";", 1)[0].strip().lower()
            if kind not in NTRIPLES_TYPES:
                return None, f"it answered {kind or 'without a type'}, not N-Triples"
            held = _count_lines(response)
            limit = str(response.headers.get("X-SPARQL-MaxRows", "")).strip()
            if limit.isdigit() and held >= int(limit):  # Virtuoso's ResultSetMaxRows
                return None, f"it cut its answer at {held} triples, its X-SPARQL-MaxRows limit"
            return held, ""
    except urllib.error.HTTPError as exc:
        exc.close()
        return None, f"HTTP {exc.code} {_redact(str(exc.reason), secrets)}"
    except (http.client.HTTPException, OSError, PublishError) as exc:
        return None, _unanswered(exc, timeout, secrets)


VIRTUOSO_SPARQL = "/sparql"
"""Where a Virtuoso server answers SPARQL, beside its Graph Store (/sparql-graph-crud-auth)."""


def _virtuoso_count(url: str, name: str, timeout: float, secrets: list[str]) -> tuple[int | None, str]:
    """The triples of the graph as Virtuoso's SPARQL endpoint counts them (its Graph Store
    answers a GET with at most ResultSetMaxRows of them, and says nothing of the cut)."""
    parts = urllib.parse.urlsplit(url)
    graph = "" if name == "default" else f"GRAPH <{name}> "
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {graph}{{ ?s ?p ?o }} }}"
    address = urllib.parse.urlunsplit(
        (parts.scheme, parts.netloc, VIRTUOSO_SPARQL, urllib.parse.urlencode({"query": query}), "")
    )
    request = urllib.request.Request(address, headers={"Accept": "application/sparql-results+json"})
    try:
        with _opener().open(request, timeout=timeout) as response:
            answer = json.loads(response.read(ANSWER_BYTES))
        return int(answer["results"]["bindings"][0]["n"]["value"]), ""
    except urllib.error.HTTPError as exc:
        exc.close()
        return None, f"its SPARQL endpoint {VIRTUOSO_SPARQL} answered HTTP {exc.code}"
    except (ValueError, KeyError, IndexError, TypeError):
        return None, f"its SPARQL endpoint {VIRTUOSO_SPARQL} gave no count"
    except (http.client.HTTPException, OSError) as exc:
        return None, _unanswered(exc, timeout, secrets)


def _unanswered(error: Exception, timeout: float, secrets: list[str]) -> str:
    """Why a question asked after the upload got no answer (the connection, a timeout)."""
    if isinstance(error, TimeoutError):
        return f"no answer within {timeout:g} s"
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    return _redact(_reason(reason), secrets)


def _count_lines(stream: BinaryIO) -> int:
    """The lines of N-Triples read from `stream` that are not blank or a comment."""
    count, line_start = 0, b""  # the beginning of the line the last chunk ended in
    while chunk := stream.read(READ_BYTES):
        lines = (line_start + chunk).split(b"\n")
        line_start = lines.pop()[:64]  # its beginning is enough to tell blank or comment
        count += sum(1 for line in lines if _triple_line(line))
    return count + _triple_line(line_start)


def _triple_line(line: bytes) -> bool:
    text = line.lstrip()
    return bool(text) and not text.startswith(b"#")


def _instant_store_warning(twins: list[Twins]) -> list[str]:
    """What Virtuoso dropped: of dates of one property that start at the same instant, it keeps one."""
    if not twins:
        return []
    first = twins[0]
    return [
        f"Virtuoso keeps a date as the instant it starts, so it kept one of each pair of dates of a "
        f"property that start together and holds {dropped_by_instant_stores(twins)} triple(s) fewer "
        f"than sent, e.g. {first.subject} {first.predicate} " + " and ".join(f'"{v}"' for v in first.values)
    ]


def _authorization(request: urllib.request.Request, credentials: Credentials, timeout: float) -> str:
    """The Authorization header for the PUT: Digest if the store challenges for it (asked with
    a HEAD carrying no credentials, which stores answer at once), else Basic."""
    probe = urllib.request.Request(request.full_url, method="HEAD")
    try:
        with _opener().open(probe, timeout=timeout):
            return credentials.header()
    except urllib.error.HTTPError as exc:
        challenge = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
        exc.close()
    except (urllib.error.URLError, http.client.HTTPException, OSError):
        return credentials.header()  # the PUT will say what is wrong
    scheme, _, fields = challenge.partition(" ")
    if scheme.lower() != "digest":
        return credentials.header()
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, request.full_url, credentials.user, credentials.password)
    digest = urllib.request.HTTPDigestAuthHandler(manager)
    try:
        answer = digest.get_authorization(
            request, urllib.request.parse_keqv_list([f for f in urllib.request.parse_http_list(fields) if f])
        )
    except ValueError as error:  # e.g. an algorithm urllib does not know
        raise PublishError(
            f"the store asks for a Digest authentication hrgraph cannot give ({error})"
        ) from None
    if answer is None:
        raise PublishError("the store's Digest challenge could not be answered (no realm or nonce in it)")
    return f"Digest {answer}"


def _put(request: urllib.request.Request, timeout: float, secrets: list[str]) -> tuple[int, str]:
    """Send the PUT; its status and the server's name (its Server header), or a PublishError
    saying what went wrong, with a hint."""
    where = f"the store at {_shown(request.full_url)}"
    try:
        with _opener().open(request, timeout=timeout) as response:
            status = int(response.status)
            server = str(response.headers.get("Server", ""))
            response.read(ANSWER_BYTES)  # a store's long answer is not read whole (finding 13)
    except urllib.error.HTTPError as exc:
        # read past the shown part by the longest secret, so that one across its end is seen whole
        longest = max((len(secret.encode()) for secret in secrets), default=0)
        detail = _redact(exc.read(SHOWN_BYTES + longest).decode("utf-8", errors="replace"), secrets)
        detail = _redact(_text_of(detail[:SHOWN_BYTES]).strip(), secrets)
        hint = HINTS.get(exc.code) or (
            f"the server failed: see its log; {AFTER_A_FAILURE}"
            if exc.code >= 500
            else f"the server redirected to {exc.headers.get('Location', '?')}: use that address"
            if 300 <= exc.code < 400
            else ""
        )
        raise PublishError(
            f"{where} refused the graph: HTTP {exc.code} {exc.reason}"
            + (f": {_one_line(detail)}" if detail else "")
            + (f" ({hint})" if hint else "")
        ) from None
    except TimeoutError:
        raise PublishError(
            f"{where} did not answer within {timeout:g} s (raise --timeout for a large graph or a slow "
            "server); the server may still apply the upload: publish again to be sure which graph "
            "the store holds"
        ) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise PublishError(f"{where} did not answer within {timeout:g} s (raise --timeout)") from None
        if isinstance(reason, BrokenPipeError | ConnectionResetError | ConnectionAbortedError):
            raise _broken(where, reason) from None
        raise PublishError(
            f"cannot reach {where}: {_reason(reason)} (is the server running, and is the address right?)"
        ) from None
    except (http.client.HTTPException, OSError) as exc:
        raise _broken(where, exc) from None
    return status, server


def _broken(where: str, reason: object) -> PublishError:
    return PublishError(
        f"the connection to {where} broke during the upload ({_reason(reason)}); {AFTER_A_FAILURE}"
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Never resend the graph (or the credentials) to another address."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _opener() -> urllib.request.OpenerDirector:
    # no proxy handler: the store is addressed directly, as the user gave it
    return urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def _reason(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return "unknown host"
    if isinstance(reason, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(reason, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(reason, BrokenPipeError):
        return "the server stopped reading"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return str(reason) or type(reason).__name__


def _escaped_forms(secret: str) -> set[str]:
    """The secret as a server may echo it: as sent, HTML-escaped, URL-encoded, JSON-escaped
    (_redact matches the hex digits of a URL encoding in either case)."""
    forms = {secret, html.escape(secret), html.escape(secret, quote=False)}
    forms |= {
        urllib.parse.quote(secret, safe=""),
        urllib.parse.quote_plus(secret),
        urllib.parse.quote(secret),
    }
    forms |= {json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]}
    return forms


MIN_SHOWN_PART = 4  # a secret's beginning this long or longer, left at the end of a text, is hidden


def _redact(text: str, secrets: list[str]) -> str:
    """The text with every form of every secret replaced by ***, and a secret's beginning at
    its very end too (a token cut where the reading stopped, or where the server stopped)."""
    for secret in secrets:
        text = _any_hex_case(secret).sub("***", text)
    for secret in secrets:
        for length in range(len(secret) - 1, MIN_SHOWN_PART - 1, -1):
            if text.endswith(secret[:length]):
                return text[:-length] + "***"
    return text


def _any_hex_case(form: str) -> re.Pattern[str]:
    """The form as a pattern in which each %XX escape matches with hex digits of either case."""
    parts = re.split(r"(%[0-9A-Fa-f]{2})", form)
    return re.compile(
        "".join(f"(?i:{re.escape(p)})" if p.startswith("%") else re.escape(p) for p in parts if p)
    )


def _text_of(body: str) -> str:
    """A refusal's body as text: an HTML page's tags and style taken out (a web server's error
    page, not a store's message)."""
    if not re.search(r"<(!DOCTYPE|html|body|head|p|h1)\b", body, flags=re.IGNORECASE):
        return body
    body = re.sub(r"<(style|script|title)\b.*?</\1>", " ", body, flags=re.IGNORECASE | re.DOTALL)
    return html.unescape(re.sub(r"<[^>]*>?", " ", body))


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(url: str) -> str:
    """The address without any user or password in it."""
    try:
        parts = urllib.parse.urlsplit(url)
        if parts.username is None and parts.password is None:
            return url
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
    except ValueError:
        return "(the address given)"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
