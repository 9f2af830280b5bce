"""Saved SPARQL queries shipped with the package (graph/sparql/queries/*.rq), with declared parameters.

A query file starts with comment lines that describe it:

    # title: Who held a post on a date
    # description: ...
    # param: post iri type=Post  the post, e.g. post/id-minister-of-human-rights
    # param: on date default=today  the period to judge (a day, a month or a year)
    # param: instrument iri type=Instrument optional  one instrument (all when left out)

An id parameter's `type=` names the classes (hrg local names, `|` between them) its entity may
have; a text parameter's `values=` names the property (an hrg local name) whose values in the
graph are the texts it may be (`# param: unit text optional values=unit ...`: a unit some
measure is counted in). graph.sparql.param_check checks both against the graph before the query
runs, so that a typing mistake is refused with the closest values, not answered with nothing.

Parameter values are bound as RDF terms: each value is first made an RDF term of its declared
kind (an IRI checked by Oxigraph, a literal with its datatype), and the terms are joined to the
query in a VALUES block written by Oxigraph's term serialiser, which escapes them. The user's
text is never pasted into the query: a value cannot change the query's shape.

A query's hrg:earliest(?d) and hrg:latest(?d) are written out in standard SPARQL when it is
loaded (graph.sparql.partial_dates), so a remote endpoint runs it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import BinaryIO

import pyoxigraph as ox

from graph.core.errors import ParameterError, UsageError
from graph.core.suggest import closest
from graph.ingest.records import DATE_PATTERN, ID_PATTERN
from graph.sparql.partial_dates import expand_partial_dates
from graph.sparql.query import blank_literals, closing_bracket

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_KINDS = ("iri", "date", "text", "integer")
_HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*)$")
_FLAG = r"optional|default=\S+|type=\S+|values=\S+"
_PARAM = re.compile(rf"^(?P<name>[A-Za-z_]\w*)\s+(?P<kind>\w+)(?P<flags>(?:\s+(?:{_FLAG}))*)\s*(?P<help>.*)$")

Term = ox.NamedNode | ox.Literal


@dataclass(frozen=True)
class Param:
    """A declared parameter of a saved query."""

    name: str
    kind: str
    help: str
    default: str | None = None
    optional: bool = False
    types: tuple[str, ...] = ()  # the hrg classes an id may name (any when empty)
    values: str = ""  # the hrg property whose values in the graph a text may be (any when empty)

    def usage(self) -> str:
        extra = " (optional)" if self.optional else f" (default: {self.default})" if self.default else ""
        kinds = f" of kind {' or '.join(self.types)}" if self.types else ""
        among = f", a {self.values} in the graph" if self.values else ""
        return f"{self.name}: {self.kind}{kinds}{among}{extra}, {self.help}"


@dataclass(frozen=True)
class SavedQuery:
    """A query file of graph/sparql/queries/."""

    name: str
    title: str
    description: str
    text: str
    params: tuple[Param, ...] = field(default_factory=tuple)


def parse_saved_query(name: str, text: str) -> SavedQuery:
    """Read the header comments of a .rq file."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not line.startswith("#"):
            break
        if match is None:
            continue
        key, value = match.groups()
        if key != "param":
            fields[key] = value.strip()
            continue
        declared = _PARAM.match(value.strip())
        if declared is None or declared["kind"] not in PARAM_KINDS:
            raise ValueError(f"{name}.rq: bad parameter declaration {value!r}")
        flags = declared["flags"].split()
        default = next((f.split("=", 1)[1] for f in flags if f.startswith("default=")), None)
        types = next((tuple(f.split("=", 1)[1].split("|")) for f in flags if f.startswith("type=")), ())
        values = next((f.split("=", 1)[1] for f in flags if f.startswith("values=")), "")
        if values and declared["kind"] != "text":
            raise ValueError(f"{name}.rq: values= is for a text parameter: {value!r}")
        params.append(
            Param(
                declared["name"],
                declared["kind"],
                declared["help"].strip(),
                default,
                "optional" in flags,
                types,
                values,
            )
        )
    if "title" not in fields or "description" not in fields:
        raise ValueError(f"{name}.rq: a saved query needs '# title:' and '# description:' lines")
    text = expand_partial_dates(text)  # standard SPARQL, for every engine
    return SavedQuery(name, fields["title"], fields["description"], text, tuple(params))


def extract_words(
    fileobj: BinaryIO, keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, None, str, list[str]]]:
    """The words readers see of a saved query, its title and description, for the message
    catalogues (a Babel extraction method: babel.cfg names it for graph/sparql/queries/*.rq)."""
    for number, line in enumerate(fileobj.read().decode("utf-8").splitlines(), start=1):
        if not line.startswith("#"):
            return
        match = _HEADER.match(line.strip())
        if match is not None and match.group(1) in ("title", "description"):
            yield number, None, match.group(2).strip(), []


def saved_queries() -> dict[str, SavedQuery]:
    """Every saved query, by name (the file name without .rq)."""
    folder = resources.files("graph.sparql") / "queries"
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name.removesuffix(".rq")
            found[name] = parse_saved_query(name, entry.read_text(encoding="utf-8"))
    return found


@dataclass(frozen=True)
class Wording:
    """How a caller's errors name a parameter and the list of saved queries: the checks are
    one, their words are those of the command line or of the Python API."""

    param: str  # a parameter, its name as {name}
    needs: str  # a parameter left out
    listing: str  # where the saved queries are listed

    def named(self, name: str) -> str:
        return self.param.format(name=name)


COMMAND_LINE = Wording("--param {name}", "--param {name}=...", "hrgraph query --list")
PYTHON_API = Wording("argument {name}", "{name}=...", "kg.saved_queries()")


def get_saved_query(name: str, words: Wording = COMMAND_LINE) -> SavedQuery:
    queries = saved_queries()
    if name not in queries:
        close = closest(name, queries)
        hint = f"did you mean '{close[0]}'?" if close else f"see {words.listing}"
        raise UsageError(f"there is no saved query '{name}' ({hint})")
    return queries[name]


def parse_param_options(options: tuple[str, ...]) -> dict[str, str]:
    """--param key=value options as a dict."""
    values = {}
    for option in options:
        key, sep, value = option.partition("=")
        if not sep or not key:
            raise UsageError(f"--param {option!r} must be written key=value")
        values[key.strip()] = value
    return values


def bind_params(
    query: SavedQuery,
    values: dict[str, str],
    prefixes: dict[str, str],
    today: date | None = None,
    words: Wording = COMMAND_LINE,
) -> dict[str, Term]:
    """Turn the user's text values into RDF terms, checking names, kinds and required ones."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise ParameterError(f"{query.name} has no parameter {unknown[0]!r} (its parameters: {known})")
    bound: dict[str, Term] = {}
    for param in query.params:
        raw = values.get(param.name, param.default)
        if raw is None:
            if param.optional:
                continue
            raise ParameterError(f"{query.name} needs {words.needs.format(name=param.name)} ({param.help})")
        if raw == "today" and param.kind == "date":
            raw = (today or date.today()).isoformat()
        bound[param.name] = to_term(param, raw, prefixes, words)
    return bound


def to_term(param: Param, raw: str, prefixes: dict[str, str], words: Wording = COMMAND_LINE) -> Term:
    """One parameter value as an RDF term of its declared kind."""
    named = words.named(param.name)
    if param.kind == "iri":
        if ID_PATTERN.match(raw) and raw.split("/", 1)[0].replace("-", "") in prefixes:
            kind, name = raw.split("/", 1)
            return ox.NamedNode(prefixes[kind.replace("-", "")] + name)
        if raw.startswith(("http://", "https://", "urn:")):
            try:
                return ox.NamedNode(raw)
            except ValueError:
                pass
        raise ParameterError(f"{named}: {raw!r} is not an id like person/keo-remy or a full IRI")
    if param.kind == "date":
        match = DATE_PATTERN.match(raw)
        if match is None or not _on_the_calendar(raw):
            raise ParameterError(f"{named}: {raw!r} is not a date (write YYYY-MM-DD, YYYY-MM or YYYY)")
        datatype = "date" if match.group(3) else "gYearMonth" if match.group(2) else "gYear"
        return ox.Literal(raw, datatype=ox.NamedNode(XSD + datatype))
    if param.kind == "integer":
        if not re.fullmatch(r"-?\d+", raw):
            raise ParameterError(f"{named}: {raw!r} is not a whole number")
        return ox.Literal(raw, datatype=ox.NamedNode(XSD + "integer"))
    return ox.Literal(raw)


def _on_the_calendar(raw: str) -> bool:
    """YYYY-MM-DD, YYYY-MM or YYYY names a real day, month or year (not 2025-13-45)."""
    try:
        date.fromisoformat((raw + "-01-01")[:10])
    except ValueError:
        return False
    return True


def saved_query_text(name: str, values: dict[str, str], prefixes: dict[str, str]) -> str:
    """The text of a saved query with its parameters bound (see bind_params, with_values_block)."""
    query = get_saved_query(name)
    return with_values_block(query.text, bind_params(query, values, prefixes), prefixes)


def with_values_block(text: str, bound: dict[str, Term], prefixes: dict[str, str] | None = None) -> str:
    """The query with a VALUES block binding the parameters at the start of its WHERE clause.
    Terms are written in their N-Triples form, which escapes quotes, backslashes and newlines.

    Given the prefixes, the terms are also written in place of their variables inside the WHERE
    clause (never in a subquery, an `AS` target or `BOUND()`), when the result parses: a constant
    lets Oxigraph's optimiser start from it, where a VALUES binding hid it (meeting-participants:
    49 ms against 0.7 ms at 1.14M triples). The VALUES block still binds the variables for the
    projection. A variable that a subquery names too is left to the VALUES block. Either way the
    text added is a term written by Oxigraph, never the user's text."""
    if not bound:
        return text
    names = " ".join(f"?{name}" for name in bound)
    row = " ".join(str(term) for term in bound.values())
    block = f"\n  VALUES ({names}) {{ ({row}) }}\n"
    blanked = blank_literals(text)
    match = re.search(r"\bWHERE\s*\{", blanked, flags=re.IGNORECASE)
    if match is None:
        raise UsageError("cannot bind parameters: the query has no WHERE clause")
    with_block = text[: match.end()] + block + text[match.end() :]
    if prefixes is None:
        return with_block
    end = closing_bracket(blanked, match.end() - 1)
    if end < 0:
        return with_block
    body, blanked_body = text[match.end() : end], blanked[match.end() : end]
    blanked_body, subqueries = _without_subqueries(blanked_body)
    head, tail = text[: match.end()] + block, text[end:]
    for name, term in bound.items():
        variable = re.compile(rf"(?<![\w?$])(?<!AS )(?<!BOUND\()[?$]{re.escape(name)}(?!\w)", re.IGNORECASE)
        if variable.search(subqueries):  # a subquery's own variable of that name: VALUES only
            continue
        tried, tried_blanked = body, blanked_body
        for found in reversed(list(variable.finditer(blanked_body))):
            start, stop = found.span()
            tried = tried[:start] + str(term) + tried[stop:]
            tried_blanked = tried_blanked[:start] + " " * len(str(term)) + tried_blanked[stop:]
        if tried != body and _parses(head + tried + tail, prefixes):
            body, blanked_body = tried, tried_blanked
    return head + body + tail


def _without_subqueries(blanked_body: str) -> tuple[str, str]:
    """The blanked WHERE body with every subquery's group blanked too (a constant is never
    written inside one), and the text of those subqueries."""
    kept, removed = list(blanked_body), []
    for found in re.finditer(r"\bSELECT\b", blanked_body, flags=re.IGNORECASE):
        opening = blanked_body.rfind("{", 0, found.start())
        close = closing_bracket(blanked_body, opening) if opening >= 0 else -1
        if close < 0 or kept[found.start()] == " ":  # unbalanced, or inside one already blanked
            continue
        removed.append(blanked_body[opening : close + 1])
        kept[opening : close + 1] = " " * (close + 1 - opening)
    return "".join(kept), "\n".join(removed)


def _parses(text: str, prefixes: dict[str, str]) -> bool:
    try:
        ox.Store().query(text, prefixes=prefixes)  # an empty store: only parsing costs
    except (SyntaxError, ValueError, OSError, RuntimeError):
        return False
    return True
