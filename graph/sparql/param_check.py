"""A saved query's parameters checked against the graph before the query runs.

An id that names nothing in the graph, or names a thing of another kind than the parameter
declares (`# param: post iri type=Post ...`), would only give an empty answer: it is a
ParameterError instead, worded with the closest ids and names of the right kind ("did you mean
person/natalius-pigai?"). So is a text that is none of the values the parameter declares
(`# param: unit text values=unit ...`: "did you mean people?"). The graph is asked through
`run`, a function that runs a SELECT on the local store or on a remote endpoint alike.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable

import pyoxigraph as ox
from rdflib import URIRef

from graph.core.errors import ParameterError
from graph.core.ontology import shipped_ontology
from graph.core.suggest import closest
from graph.sparql.saved import (
    COMMAND_LINE,
    Param,
    SavedQuery,
    Term,
    Wording,
    bind_params,
    get_saved_query,
    with_values_block,
)

HRG = "https://w3id.org/hrgraph/ontology#"
NAME_PREDICATES = (
    "<http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#prefLabel>"
)
SUGGESTIONS = 3
CUTOFF = 0.6
NEAR_THE_BEST = 0.1
LISTED_VALUES = 12
"""A text parameter's values are listed in its error when there are no more than this."""

Runner = Callable[[str], object]


def check_params(
    query: SavedQuery,
    bound: dict[str, Term],
    run: Runner,
    prefixes: dict[str, str],
    words: Wording = COMMAND_LINE,
) -> None:
    """Raise ParameterError for the first id parameter that is not in the graph or not of its
    kind, or text parameter that is none of its declared values."""
    for param in query.params:
        term = bound.get(param.name)
        if param.kind == "iri" and isinstance(term, ox.NamedNode):
            check_id(param, term, run, prefixes, words)
        elif param.values and isinstance(term, ox.Literal):
            check_value(param, term.value, run, words)


def check_value(param: Param, given: str, run: Runner, words: Wording = COMMAND_LINE) -> None:
    """One text: a value of the parameter's property somewhere in the graph."""
    known = sorted(
        {
            row["value"].value
            for row in _rows(run(f"SELECT DISTINCT ?value WHERE {{ ?s <{HRG}{param.values}> ?value }}"))
        }
    )
    if given in known:
        return
    close = closest(given, known, SUGGESTIONS)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    listed = f"; it has {', '.join(known)}" if known and not close and len(known) <= LISTED_VALUES else ""
    what = _class_name(HRG + param.values)
    raise ParameterError(f"{words.named(param.name)}: the graph has no {what} {given!r}{hint}{listed}")


def check_id(
    param: Param, term: ox.NamedNode, run: Runner, prefixes: dict[str, str], words: Wording = COMMAND_LINE
) -> None:
    """One id: in the graph, and of one of the declared kinds."""
    types = {row["type"].value for row in _rows(run(f"SELECT DISTINCT ?type WHERE {{ {term} a ?type }}"))}
    found = bool(types) or bool(_rows(run(f"SELECT ?p WHERE {{ {term} ?p ?o }} LIMIT 1")))
    shown = id_text(term.value, prefixes)
    if not found:
        hint = did_you_mean(shown, candidates(param, run, prefixes))
        raise ParameterError(f"{words.named(param.name)}: there is no {shown} in the graph{hint}")
    wanted = {HRG + name for name in param.types}
    if wanted and not types & wanted:
        kinds = " or ".join(_class_name(HRG + name) for name in param.types)
        found_as = " and ".join(sorted(_class_name(t) for t in types))
        raise ParameterError(f"{words.named(param.name)}: {shown} is {_a(found_as)}, not {_a(kinds)}")


def candidates(param: Param, run: Runner, prefixes: dict[str, str]) -> dict[str, list[str]]:
    """Id → names (every language) of the entities the parameter may name."""
    kinds = " ".join(f"<{HRG}{name}>" for name in param.types)
    restrict = f"VALUES ?type {{ {kinds} }} ?entity a ?type ." if kinds else "?entity a ?type ."
    text = f"SELECT ?entity ?name WHERE {{ {restrict} OPTIONAL {{ ?entity {NAME_PREDICATES} ?name }} }}"
    found: dict[str, list[str]] = {}
    for row in _rows(run(text)):
        entity, name = row["entity"], row["name"]
        if isinstance(entity, ox.NamedNode):
            names = found.setdefault(id_text(entity.value, prefixes), [])
            if isinstance(name, ox.Literal):
                names.append(name.value)
    return found


def did_you_mean(given: str, found: dict[str, list[str]]) -> str:
    """' (did you mean a, b?)' with the ids closest to what was given, by id or by name: those
    near the best score only, so a clear match is not drowned by distant ones."""
    scores = {entity: _score(given, entity, names) for entity, names in found.items()}
    floor = max(CUTOFF, max(scores.values(), default=0.0) - NEAR_THE_BEST)
    best = sorted((e for e, s in scores.items() if s >= floor), key=lambda e: (-scores[e], e))
    return f" (did you mean {', '.join(best[:SUGGESTIONS])}?)" if best else ""


def id_text(iri: str, prefixes: dict[str, str]) -> str:
    """An IRI as the id the sources write (person/keo-remy) when a prefix names its kind, else
    the IRI in angle brackets."""
    for prefix, namespace in sorted(prefixes.items(), key=lambda item: -len(item[1])):
        kind = namespace.rstrip("/").rsplit("/", 1)[-1]
        if namespace.endswith("/") and iri.startswith(namespace) and prefix == kind.replace("-", ""):
            return f"{kind}/{iri[len(namespace) :]}"
    return f"<{iri}>"


def _score(given: str, entity: str, names: Iterable[str]) -> float:
    """How close what was given is to an id or to one of its names (0 to 1)."""
    local = given.rsplit("/", 1)[-1].lower()
    words = _words(local)
    by_id = _ratio(local, entity.rsplit("/", 1)[-1].lower())  # the kind's own prefix says nothing
    by_name = 0.0
    for name in names:
        if words and words <= _words(name):
            by_name = max(by_name, 0.9)  # every word given is a word of the name
        by_name = max(by_name, _ratio(" ".join(sorted(words)), " ".join(sorted(_words(name)))))
    return max(by_id, by_name)


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[\W_]+", text.lower()) if w}


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def _class_name(iri: str) -> str:
    return shipped_ontology().label(URIRef(iri), "en")


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _rows(result: object) -> list[ox.QuerySolution]:
    return list(result) if isinstance(result, ox.QuerySolutions) else []


def checked_saved_query_text(name: str, values: dict[str, str], prefixes: dict[str, str], run: Runner) -> str:
    """The text of a saved query with its parameters bound, once each is checked: its form
    (bind_params) and, for an id or a declared text, the graph (check_params)."""
    query = get_saved_query(name)
    bound = bind_params(query, values, prefixes)
    check_params(query, bound, run, prefixes)
    return with_values_block(query.text, bound, prefixes)
