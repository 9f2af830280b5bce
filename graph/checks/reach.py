"""What a check looks at around the node it reports: its triple patterns, as far as they reach.

A check's query reports a node (its root variable, ?focus or what ?focus is bound to). Whether a
node is reported can only change when a triple some pattern of the query matches is added or
removed, and then only for nodes the query's other patterns join to that triple. graph.checks.
focused walks those joins from a changed triple back to the root; this module says what they are:
for the compiled shapes, as they are compiled (graph.checks.shapes); for the date rules, read from
the query's algebra (rdflib's SPARQL parser).

Each pattern has a scope: () for the patterns every answer matches, a longer tuple inside an
OPTIONAL, a UNION branch or an EXISTS. A walk from a changed triple matched in scope S may only
use patterns of S and of the scopes around it, which the answer it changes must also match.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import count

from rdflib import Variable
from rdflib.paths import Path
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
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


@cache
def reach_of_query(text: str) -> Reach:
    """The reach of a SELECT query reporting ?focus (or a variable BIND puts in ?focus)."""
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
