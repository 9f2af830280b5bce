"""What a check looks at around the node it reports: its triple patterns, as far as they reach.

A check's query reports a node (its root variable, ?focus or what ?focus is bound to). Whether a
node is reported can only change when a triple some pattern of the query matches is added or
removed, and then only for nodes the query's other patterns join to that triple. graph.checks.
focused walks those joins from a changed triple back to the root; this module says what they are:
for the compiled shapes, as they are compiled (graph.checks.shapes); for the date rules, read from
the query's algebra (rdflib's SPARQL parser). Parsing costs about 0.5 s a run, so the reach of each
shipped rule is kept in a table beside the rules (rules/reach.json, by the SHA-256 of this module and
the query's text: a query or parser edited is a miss, parsed again; `write_reach_table` remakes it,
and a test says when it is stale).

Each pattern has a scope: () for the patterns every answer matches, a longer tuple inside an
OPTIONAL, a UNION branch or an EXISTS. A walk from a changed triple matched in scope S may only
use patterns of S and of the scopes around it, which the answer it changes must also match.
"""

from __future__ import annotations

import hashlib
import json
import pathlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import count

from rdflib import Variable
from rdflib.paths import Path
from rdflib.term import Node, URIRef

Scope = tuple[int, ...]
# Algebra operators whose second operand is matched only by some answers (or none)
OPTIONAL_SECOND = {"LeftJoin", "Minus"}
EXISTS = {"Builtin_EXISTS", "Builtin_NOTEXISTS"}
# rdflib leaves an EXISTS's pattern untranslated: the parse tree's groups matched by some answers
PARSED_OPTIONAL = {"OptionalGraphPattern", "MinusGraphPattern"}


@dataclass(frozen=True)
class Pattern:
    """A triple pattern: variables by name (None for a constant or a blank node), the predicates
    it matches (None for any: a variable predicate), and its scope."""

    subject: str | None
    predicates: frozenset[str] | None
    object: str | None
    scope: Scope = ()

    def usable_from(self, scope: Scope) -> bool:
        """Whether every answer that matches a pattern of `scope` matches this one too."""
        return scope[: len(self.scope)] == self.scope


@dataclass(frozen=True)
class Reach:
    """The root variable of a check (the node it reports), its patterns, and the predicates it
    follows in ways the patterns do not describe (a property path): a change of one of those
    concerns any node."""

    root: str
    patterns: tuple[Pattern, ...]
    opaque: frozenset[str] = frozenset()


REACH_TABLE = pathlib.Path(__file__).with_name("rules") / "reach.json"


@cache
def reach_of_query(text: str) -> Reach:
    """The reach of a SELECT query reporting ?focus (or a variable BIND puts in ?focus): from the
    table of the shipped rules' when it has the query, else parsed."""
    known = _reach_table().get(reach_key(text))
    if known is not None:
        try:
            return reach_from_json(known)
        except (ValueError, TypeError, KeyError):
            pass  # a damaged entry: parsed instead
    return parsed_reach(text)


@cache
def _parser_digest() -> bytes:
    return hashlib.sha256(pathlib.Path(__file__).read_bytes()).digest()


def reach_key(text: str) -> str:
    """The key of a query's reach in the table: this module's code and the query's text."""
    return hashlib.sha256(_parser_digest() + text.encode("utf-8")).hexdigest()


@cache
def _reach_table() -> dict[str, object]:
    try:
        table = json.loads(REACH_TABLE.read_bytes())
    except (OSError, ValueError):
        return {}
    return table if isinstance(table, dict) else {}


def reach_to_json(reach: Reach) -> dict[str, object]:
    patterns = [
        [p.subject, None if p.predicates is None else sorted(p.predicates), p.object, list(p.scope)]
        for p in reach.patterns
    ]
    return {"root": reach.root, "patterns": patterns, "opaque": sorted(reach.opaque)}


def reach_from_json(value: object) -> Reach:
    """A reach as reach_to_json wrote it; ValueError, TypeError or KeyError if it is not one."""
    if not isinstance(value, dict):
        raise TypeError("a reach is an object")
    patterns = []
    for subject, predicates, obj, scope in value["patterns"]:
        if not all(isinstance(v, str | None) for v in (subject, obj)):
            raise TypeError("a pattern's subject and object are names or null")
        kept = None if predicates is None else frozenset(str(iri) for iri in predicates)
        patterns.append(Pattern(subject, kept, obj, tuple(int(at) for at in scope)))
    return Reach(str(value["root"]), tuple(patterns), frozenset(str(iri) for iri in value["opaque"]))


def write_reach_table(texts: Iterable[str], path: pathlib.Path = REACH_TABLE) -> None:
    """Write the table of these queries' reaches, parsed."""
    table = {reach_key(text): reach_to_json(parsed_reach(text)) for text in texts}
    path.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8")


@cache
def parsed_reach(text: str) -> Reach:
    """The reach of a query, read from its algebra by rdflib's SPARQL parser."""
    from rdflib.plugins.sparql.algebra import translateQuery  # a quarter second to import
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    algebra = translateQuery(parseQuery(text)).algebra
    patterns: list[Pattern] = []
    opaque: set[str] = set()
    aliases: dict[str, str] = {}
    scopes = count(1)

    def walk(node: object, scope: Scope) -> None:
        if isinstance(node, list | tuple):
            for item in node:
                walk(item, scope)
            return
        if not isinstance(node, CompValue):
            return
        if node.name == "BGP":
            for triple in node["triples"]:
                patterns.append(_pattern(triple, scope, opaque))
        elif node.name == "TriplesBlock":  # in the parse tree: runs of terms, three a triple
            for terms in node["triples"]:
                for at in range(0, len(terms), 3):
                    patterns.append(_pattern(tuple(terms[at : at + 3]), scope, opaque))
        elif node.name in PARSED_OPTIONAL:
            walk(node["graph"], (*scope, next(scopes)))
        elif node.name == "GroupOrUnionGraphPattern" and len(node["graph"]) > 1:
            for branch in node["graph"]:
                walk(branch, (*scope, next(scopes)))
        elif node.name in OPTIONAL_SECOND:
            walk(node["p1"], scope)
            inner = (*scope, next(scopes))
            walk(node["p2"], inner)
            walk(node.get("expr"), inner)
        elif node.name == "Union":
            walk(node["p1"], (*scope, next(scopes)))
            walk(node["p2"], (*scope, next(scopes)))
        elif node.name in EXISTS:
            walk(node["graph"], (*scope, next(scopes)))
        else:
            if node.name == "Extend" and isinstance(node["expr"], Variable):
                aliases[str(node["var"])] = str(node["expr"])
            for value in node.values():
                walk(value, scope)

    walk(algebra, ())
    return Reach(_root(patterns, aliases), tuple(patterns), frozenset(opaque))


def _pattern(triple: tuple[Node, Node, Node], scope: Scope, opaque: set[str]) -> Pattern:
    subject, predicate, obj = triple
    if isinstance(predicate, Path):
        opaque.update(_iris(predicate))
        return Pattern(None, frozenset(), None, scope)  # matches no changed triple by itself
    if not isinstance(predicate, URIRef | Variable):
        raise ValueError(f"a predicate {predicate!r} is not analysed")
    predicates = frozenset({str(predicate)}) if isinstance(predicate, URIRef) else None
    return Pattern(_variable(subject), predicates, _variable(obj), scope)


def _variable(term: Node) -> str | None:
    return str(term) if isinstance(term, Variable) else None


def _iris(path: object) -> Iterator[str]:
    if isinstance(path, URIRef):
        yield str(path)
        return
    for name in ("args", "path", "arg"):
        inner = getattr(path, name, None)
        for part in inner if isinstance(inner, list) else [inner] if inner is not None else []:
            yield from _iris(part)


def _root(patterns: list[Pattern], aliases: dict[str, str]) -> str:
    """The variable of the patterns the reported ?focus is: ?focus, or what a BIND copies into it.
    It must be the subject of a pattern every answer matches (so a node, never a literal)."""
    root, seen = "focus", set()
    while not any(p.subject == root for p in patterns) and root in aliases and root not in seen:
        seen.add(root)
        root = aliases[root]
    if not any(p.subject == root and p.scope == () for p in patterns):
        raise ValueError(f"the query reports ?{root}, which no pattern every answer matches has as subject")
    return root
