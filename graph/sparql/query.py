"""SPARQL over the built graph: read-only, offline unless asked, results in W3C formats."""

from __future__ import annotations

import contextlib
import io
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, TypeVar

import pyoxigraph as ox

from graph.core.errors import QueryError, StoreUnreachable
from graph.sparql.apart import QueryStopped
from graph.sparql.names import RESULT_FORMATS as RESULT_FORMATS

UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
W3C_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}
_PARSER_LOCK = threading.Lock()  # rdflib's pyparsing grammar is not safe to share between threads
_STRIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
)


@dataclass(frozen=True)
class Prefixes:
    """Prefix → namespace, used to parse queries and to shorten IRIs in tables."""

    mapping: dict[str, str]

    def shorten(self, iri: str) -> str:
        best = ""
        for prefix, namespace in self.mapping.items():
            if iri.startswith(namespace) and len(namespace) > len(self.mapping.get(best, "")):
                rest = iri[len(namespace) :]
                if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", rest or "_") and not rest.endswith("."):
                    best = prefix
        return f"{best}:{iri[len(self.mapping[best]) :]}" if best else f"<{iri}>"

    def prologue(self) -> str:
        """PREFIX lines for every prefix, for engines that are not given them apart."""
        return "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in sorted(self.mapping.items()))


def blank_literals(text: str) -> str:
    """The text at the same length, with comments, strings and IRIs blanked, so that positions
    found in it are positions in the text."""
    return _STRIP.sub(lambda m: " " * len(m.group(0)), text)


def closing_bracket(blanked: str, opening: int) -> int:
    """Where the bracket opened at `opening` ( "(" or "{" ) closes in a text whose literals are
    blanked (blank_literals), or -1 if it does not."""
    pair = {"(": ")", "{": "}"}
    open_, close = blanked[opening], pair[blanked[opening]]
    depth = 0
    for index in range(opening, len(blanked)):
        if blanked[index] == open_:
            depth += 1
        elif blanked[index] == close:
            depth -= 1
            if depth == 0:
                return index
    return -1


def _keywords_outside_literals(text: str) -> str:
    """The query with strings, IRIs and comments blanked out, upper-cased."""

    def blank(match: re.Match[str]) -> str:
        token = match.group(0)
        return " <> " if token.startswith("<") else " " if token.startswith("#") else ' "" '

    return _STRIP.sub(blank, text).upper()


def _parse_tree_names(tree: object) -> Iterator[str]:
    """The names of every rule node in an rdflib SPARQL parse tree."""
    from pyparsing import ParseResults  # with rdflib's parser, only when a query is checked
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node.name
            stack.extend(node.values())
        elif isinstance(node, ParseResults | list | tuple):
            stack.extend(node)


def _update_keyword(text: str) -> str:
    """The first keyword of an update, for the message (the query is known to be one)."""
    bare = _keywords_outside_literals(text)
    body = re.sub(r"^\s*((BASE\s*<>|PREFIX\s+[^\s:]*:\s*<>)\s*)*", "", bare)
    first = re.match(r"\s*([A-Z]+)", body)
    return first.group(1) if first and first.group(1) in UPDATE_KEYWORDS else "this"


def check_read_only(
    text: str, allow_service: bool = False, prefixes: Prefixes | None = None, local: bool = True
) -> None:
    """Refuse updates, and SERVICE calls unless they were allowed.

    Decided on the parsed query (rdflib's SPARQL grammar), never on patterns over its text: a
    query that grammar cannot read is refused when it would run here (`local`), so nothing
    unchecked reaches the local engine; a remote endpoint judges such a query itself."""
    if "\\#" in text:
        raise QueryError(
            "the query writes \\# (an escaped # in a prefixed name): the query engine takes it for "
            "the start of a comment, so it cannot be checked; write the IRI in full as <...#...>"
        )
    with _PARSER_LOCK:
        read = _on_a_thread_of_its_own(lambda: _read_with_grammar(text))
        if read.tree is None and not read.update:
            if not local:
                return
            _refuse_unreadable(text, prefixes, read.error)
    if read.update:
        raise QueryError(
            f"{_update_keyword(text)} is a SPARQL update: hrgraph query is read-only "
            "(change the facts in sources/ and run hrgraph build)"
        )
    if not allow_service and "ServiceGraphPattern" in _parse_tree_names(read.tree):
        raise QueryError(
            "the query calls a remote SERVICE: that is off by default so no query reaches the "
            "network unasked (pass --allow-service to permit it)"
        )


@dataclass(frozen=True)
class _Read:
    """What rdflib's SPARQL grammar made of a text: a query's parse tree, or none and the
    query grammar's error, with `update` set when the update grammar reads it."""

    tree: object | None
    error: str = ""
    update: bool = False


def _read_with_grammar(text: str) -> _Read:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return _Read(parseQuery(text))
    except ParseBaseException as error:
        query_error = str(error)
    try:
        parseUpdate(text)
    except ParseBaseException:
        return _Read(None, query_error)
    return _Read(None, query_error, update=True)


_Value = TypeVar("_Value")


def _on_a_thread_of_its_own(call: Callable[[], _Value]) -> _Value:
    """`call()`, run on a new thread. pyparsing backtracks by exceptions that it keeps, whose
    tracebacks hold the frames that called it in reference cycles: run here, they hold none of
    the caller's. Otherwise a caller's frame outlives it with its later values (Oxigraph's
    query results, which belong to one thread) until the cycle collector frees them, on
    whichever thread it runs."""
    outcome: list[_Value] = []
    failure: list[str] = []

    def run() -> None:
        try:
            outcome.append(call())
        except Exception as exc:  # e.g. RecursionError on a query nested too deep to read
            failure.append(f"{type(exc).__name__}: {exc}")

    thread = threading.Thread(target=run, name="sparql-grammar", daemon=True)  # Ctrl-C leaves it
    thread.start()
    thread.join()
    if failure:
        raise QueryError(f"the query could not be checked, so it is refused ({failure[0]})")
    return outcome[0]


BRACKETS_READ_HERE = 256
"""A query with at most this many brackets is parsed in this process. Oxigraph's parser goes
one level deeper in its stack for each nested bracket, and from about 2,200 nested braces (4,700
parentheses) it overflows a thread's 8 MB stack, which kills the whole process: `hrgraph serve`
with it (measured with pyoxigraph 0.5). The brackets are counted, not their nesting: a count
bounds the nesting whatever the strings, IRIs and escapes hold."""

PARSED_APART_ON = 1024 * 1024
"""The stack, in bytes, a query with more brackets is first parsed on, in a forked process: what
it reads there it reads here on any thread, with room to spare. A thread's stack is 8 MB with
the usual limit, 2 MB when the limit is off (glibc's default); the parser needs about 3.7 KB a
level of braces, so about 270 levels pass."""


def _refuse_if_too_deep(text: str, prefixes: Prefixes | None) -> None:
    """A query with more brackets than BRACKETS_READ_HERE is first parsed by a forked process
    (graph.sparql.apart) on a small stack: if that process dies, the query is refused, and this
    one lives on."""
    brackets = sum(map(text.count, "({[")) + text.count("\\u") + text.count("\\U")
    if brackets <= BRACKETS_READ_HERE:
        return
    from graph.sparql.apart import evaluate_apart

    def read() -> None:
        with contextlib.suppress(Exception):  # a mistake in the query: the caller's parse says it
            ox.Store().query(text, prefixes=prefixes.mapping if prefixes else None)

    def parse(_stream: BinaryIO) -> dict[str, str]:  # in the forked process: its stack size alone
        threading.stack_size(PARSED_APART_ON)
        _on_a_thread_of_its_own(read)
        return {}

    try:
        evaluate_apart(parse, lambda _chunk: None)
    except QueryStopped:
        raise QueryError(
            f"the query engine cannot read the query: its parser died on it ({brackets} brackets, "
            "nested too deep); write it with fewer levels of brackets"
        ) from None


def _cannot_call_service(text: str) -> bool:
    """True when no SPARQL parser could find a SERVICE keyword in the text: the word is not in
    it, in any case, and no \\u escape could spell it. Such a query runs on the local engine
    without the checking parse (8 ms a query, where Oxigraph answers in a fraction of one);
    Oxigraph's query() itself refuses updates, and a query it refuses is checked then, so an
    update is still worded as one."""
    lowered = text.lower()
    return "service" not in lowered and "\\u" not in lowered


def _refuse_unreadable(text: str, prefixes: Prefixes | None, query_error: str) -> None:
    """A query the checking grammar cannot read: Oxigraph's own syntax error if it has one
    (it names the position), else a refusal, since it could not be checked."""
    _refuse_if_too_deep(text, prefixes)
    try:
        # An empty store and no iteration: only the parser runs, nothing is evaluated.
        ox.Store().query(text, prefixes=prefixes.mapping if prefixes else None)
    except SyntaxError as exc:
        raise QueryError(syntax_error_words(str(exc), text, prefixes)) from None
    raise QueryError(
        f"the query could not be checked for updates and SERVICE calls, so it is refused: {query_error}"
    )


def run_query(
    store: ox.Store,
    text: str,
    prefixes: Prefixes,
    allow_service: bool = False,
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None = None,
    built_in: bool = False,
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a read-only query; parse errors become QueryError with the position. `built_in`
    queries (hrgraph's own rules, never user text) skip the read-only check."""
    if not built_in:
        if not _cannot_call_service(text):
            check_read_only(text, allow_service, prefixes)
        _refuse_if_too_deep(text, prefixes)
    try:
        return store.query(text, prefixes=prefixes.mapping, substitutions=substitutions)
    except SyntaxError as exc:
        refused = str(exc)
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the query failed: {exc}") from None
    if not built_in:  # an update, say, is worded as such (checked outside the handler above)
        check_read_only(text, allow_service, prefixes)
    raise QueryError(syntax_error_words(refused, text, prefixes))


ERROR_AT = re.compile(r"error at (\d+):(\d+): ")
PREFIXED_END = re.compile(r"([A-Za-z][\w.-]*)?:[\w.-]*$")
CHARACTER_RANGE = re.compile(r",?\s*\[[^\]]*\.\.=?[^\]]*\]")
"""One of the ranges of characters Oxigraph lists as what it expected ('\\u{00C0}'..='\\u{00D6}')."""


def syntax_error_words(said: str, text: str, prefixes: Prefixes | None) -> str:
    """Oxigraph's syntax error for a reader: an undeclared prefix named, with those hrgraph
    knows; elsewhere its message without the ranges of characters it could have read."""
    at = ERROR_AT.match(said)
    if at is not None and "Prefix not found" in said:
        line, column = int(at.group(1)), int(at.group(2))
        lines = text.splitlines()
        name = PREFIXED_END.search(lines[line - 1][: column - 1]) if 0 < line <= len(lines) else None
        if name is not None:
            prefix = name.group(1) or ""
            known = ", ".join(f"{p}:" for p in sorted(prefixes.mapping)) if prefixes else ""
            also = f"; hrgraph knows {known}" if known else ""
            return (
                f"the query is not valid SPARQL: at {line}:{column}, the prefix {prefix}: is not defined "
                f"(write PREFIX {prefix}: <...> before the query{also})"
            )
    plain = " ".join(CHARACTER_RANGE.sub("", said).split())
    return f"the query is not valid SPARQL: {plain}"


def checked_query(
    text: str,
    prefixes: Prefixes,
    allow_service: bool = False,
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None = None,
) -> type[ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples]:
    """Every refusal run_query would give, with nothing evaluated (the query runs on an empty
    store), and the kind of result it gives. For a query then evaluated apart
    (graph.sparql.apart), whose child must not take the checking parser's lock."""
    return type(run_query(ox.Store(), text, prefixes, allow_service, substitutions))


def write_result(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
    fmt: str,
    prefixes: Prefixes,
    stream: BinaryIO,
) -> None:
    """format_result's bytes written to a stream as they are produced (the W3C formats and
    Turtle are streamed, so memory stays bounded; the table is built whole to size its columns)."""
    if isinstance(result, ox.QueryTriples):
        ox.serialize(result, stream, format=ox.RdfFormat.TURTLE, prefixes=prefixes.mapping)
    elif fmt == "table":
        stream.write(format_result(result, fmt, prefixes).encode("utf-8"))
    else:
        result.serialize(stream, format=W3C_FORMATS[fmt])


def format_result(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, fmt: str, prefixes: Prefixes
) -> str:
    """SELECT/ASK as a table for people or W3C CSV/TSV/JSON; CONSTRUCT/DESCRIBE as Turtle."""
    if isinstance(result, ox.QueryTriples):
        turtle = ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=prefixes.mapping)
        return (turtle or b"").decode("utf-8")
    if fmt == "table":
        if isinstance(result, ox.QueryBoolean):
            return ("yes" if bool(result) else "no") + "\n"
        return _table(result, prefixes)
    return (result.serialize(format=W3C_FORMATS[fmt]) or b"").decode("utf-8")


def term_text(term: object, prefixes: Prefixes) -> str:
    """A term as a person reads it: prefixed IRIs, and literals as their bare text (the W3C
    formats keep datatypes and languages)."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return prefixes.shorten(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _table(solutions: ox.QuerySolutions, prefixes: Prefixes) -> str:
    """Columns as wide as a terminal shows their text (Khmer's combining marks take no column,
    Chinese characters two), each row on one line (a line break or tab in a value written \\n,
    \\t)."""
    names = [v.value for v in solutions.variables]
    head = [_sized(name) for name in names]
    rows = [
        [_sized(_one_line(term_text(solution[name], prefixes))) for name in names] for solution in solutions
    ]
    widths = [max(shown for _, shown in column) for column in zip(head, *rows, strict=True)]
    out = io.StringIO()
    out.write(_row(head, widths) + "\n" + "  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        out.write(_row(row, widths) + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
    return out.getvalue()


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _one_line(text: str) -> str:
    """Control characters as escapes, so that a value keeps to its row."""
    return _CONTROL.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


def _sized(text: str) -> tuple[str, int]:
    """The text and how many terminal columns it takes (its length where wcwidth cannot tell)."""
    from wcwidth import wcswidth  # only for a table

    shown = wcswidth(text)
    return text, shown if shown >= 0 else len(text)


def _row(cells: list[tuple[str, int]], widths: list[int]) -> str:
    return "  ".join(
        text + " " * (w - shown) for (text, shown), w in zip(cells, widths, strict=True)
    ).rstrip()


def rows_as_dicts(solutions: ox.QuerySolutions, prefixes: Prefixes) -> list[dict[str, str]]:
    """SELECT results as plain dicts of readable text (for scripts and tests)."""
    names = [v.value for v in solutions.variables]
    return [{n: term_text(s[n], prefixes) for n in names} for s in solutions]


def csv_rows(text: str) -> list[dict[str, str]]:
    """Parse W3C CSV results back into rows."""
    import csv

    return list(csv.DictReader(io.StringIO(text)))


REMOTE_ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "text/tab-separated-values;q=0.8, application/n-triples;q=0.7, text/turtle;q=0.6"
)


CANCELLED = b"The SPARQL operation has been cancelled"  # how Oxigraph server ends a timed-out answer


def run_remote(
    endpoint: str, text: str, allow_service: bool = False, timeout: float | None = 60.0
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a read-only query on a SPARQL 1.1 Protocol endpoint (POST, form-encoded), within
    `timeout` seconds in all (None: no limit). An answer the store says it cut (Virtuoso's
    X-SPARQL-MaxRows) or cut itself (Oxigraph's "cancelled" ending, sent with HTTP 200) raises
    QueryStopped: such a table would look complete and is not."""
    import urllib.error
    import urllib.parse
    import urllib.request

    check_read_only(text, allow_service, local=False)
    if not endpoint.startswith(("http://", "https://")):
        raise QueryError(f"--endpoint {endpoint!r} must be an http(s):// address")
    request = urllib.request.Request(
        endpoint,
        data=urllib.parse.urlencode({"query": text}).encode("utf-8"),
        headers={"Accept": REMOTE_ACCEPT, "Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = _read_within(response, deadline, timeout)
            content_type = response.headers.get_content_type()
            max_rows = response.headers.get("X-SPARQL-MaxRows")
    except urllib.error.HTTPError as exc:
        detail = exc.read(500).decode("utf-8", errors="replace").strip()
        raise QueryError(
            f"the endpoint refused the query: HTTP {exc.code} {exc.reason}"
            + (f": {detail}" if detail else "")
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(exc, TimeoutError) or isinstance(reason, TimeoutError):
            raise QueryStopped(f"the endpoint did not answer within {timeout} s (raise --timeout)") from None
        raise StoreUnreachable(
            f"cannot reach the endpoint {endpoint}: {reason} "
            "(is the server running, and is the address right?)"
        ) from None
    if body.rstrip().endswith(CANCELLED):
        raise QueryStopped(
            "the endpoint stopped the query at its own time limit and sent only part of the answer "
            f"(it ends with {CANCELLED.decode()!r}): ask for less, or raise the server's limit"
        )
    if max_rows is not None and max_rows.strip().isdigit():
        rows = _rows_in(body, content_type)
        if rows >= int(max_rows):
            raise QueryStopped(
                f"the endpoint cut the answer at {rows} rows (its X-SPARQL-MaxRows limit is "
                f"{max_rows.strip()}), so it is incomplete: page through it with ORDER BY, LIMIT "
                "and OFFSET, or raise the server's ResultSetMaxRows"
            )
    return _parse_remote(body, content_type)


def _rows_in(body: bytes, content_type: str) -> int:
    """How many rows an answer holds (0 for a graph or a boolean), counted in a frame of its
    own: the error raised when they are too many then holds no results in its traceback
    (Oxigraph's results belong to the thread that made them; one freed by the cycle
    collector on another thread is an error)."""
    result = _parse_remote(body, content_type)
    return sum(1 for _ in result) if isinstance(result, ox.QuerySolutions) else 0


def _read_within(response: BinaryIO, deadline: float | None, timeout: float | None) -> bytes:
    """The whole body, read in chunks; past the deadline, TimeoutError."""
    parts = []
    while chunk := response.read(65536):
        parts.append(chunk)
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError(timeout)
    return b"".join(parts)


def _parse_remote(body: bytes, content_type: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    results = {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    }
    graphs = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE}
    try:
        if content_type in results:
            return ox.parse_query_results(body, format=results[content_type])
        if content_type in graphs:
            store = ox.Store()
            store.bulk_load(body, format=graphs[content_type])
            return store.query("CONSTRUCT WHERE { ?s ?p ?o }")
    except SyntaxError as exc:
        raise QueryError(f"the endpoint's answer could not be read: {exc}") from None
    raise QueryError(f"the endpoint answered with {content_type}, not SPARQL results")
