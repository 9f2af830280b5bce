"""The saved queries (graph.sparql.saved) as the page's gallery: titles, descriptions,
parameters, and each query's text with its parameters bound to stand-ins by
`with_values_block`, the function `hrgraph query --saved` binds with. The page replaces each
stand-in by the value's term, so the text it runs is the one the command line runs."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pyoxigraph as ox

from graph.querypage.words import in_language
from graph.sparql.saved import SavedQuery, Term, saved_queries, with_values_block

HRG = "https://w3id.org/hrgraph/ontology#"
VIEW_COMMENT = re.compile(r"^\s*#\s*defaultView:\s*(\w+)", re.MULTILINE)


def stand_in(name: str, kind: str) -> Term:
    """A term in the place of a parameter's value: an IRI where the value is an IRI, else a
    literal (both parse wherever a value of the kind does)."""
    if kind == "iri":
        return ox.NamedNode(f"urn:hrgraph:parameter:{name}")
    return ox.Literal(f"hrgraph:parameter:{name}")


def templates(query: SavedQuery, prefixes: dict[str, str]) -> dict[str, str]:
    """The query's text with stand-ins, for each set of parameters that can be bound (optional
    ones may be left out), keyed by the bound names in declared order, joined by commas."""
    optional = [p.name for p in query.params if p.optional]
    found = {}
    for count in range(len(optional) + 1):
        for left_out in itertools.combinations(optional, count):
            bound = {p.name: stand_in(p.name, p.kind) for p in query.params if p.name not in left_out}
            found[",".join(bound)] = with_values_block(query.text, bound, prefixes)
    return found


def gallery(prefixes: dict[str, str]) -> list[dict[str, Any]]:
    """Every saved query as the page shows and runs it."""
    entries = []
    for query in saved_queries().values():
        view = VIEW_COMMENT.search(query.text)
        entries.append(
            {
                "name": query.name,
                "title": in_language(query.title),
                "description": in_language(query.description),
                "params": [
                    {
                        "name": p.name,
                        "kind": p.kind,
                        "help": p.help,
                        "default": p.default,
                        "optional": p.optional,
                        "types": [HRG + name for name in p.types],
                        "values": HRG + p.values if p.values else "",
                    }
                    for p in query.params
                ],
                "templates": templates(query, prefixes),
                "standIns": {p.name: str(stand_in(p.name, p.kind)) for p in query.params},
                "view": view.group(1) if view else None,
            }
        )
    return entries
