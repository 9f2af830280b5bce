"""The terms of hrgraph's own vocabularies a query names that they do not define: `hrg:Persn`,
`status:fulfiled`. Such a query runs and answers nothing where it meant something, so `hrgraph
query` warns of each, with the closest defined terms.

Watched are the namespaces the ontology folder defines terms in (hrg: and one per concept
scheme, status:, topic:, ...), never the ids of the data. The folder's Turtle is read with
pyoxigraph, which a query has loaded already (graph.core.ontology reads it with rdflib, which
a query does not load: tests/test_startup.py), and only when the query names a term under the
vocabularies' base."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from graph.core.iris import DEFAULT_DATA_BASE, VOCABULARY_BASE
from graph.core.ontology_dir import SHAPES_FILE  # its shapes are no terms a query names
from graph.core.suggest import closest
from graph.sparql.query import Prefixes

SUGGESTIONS = 3
_IRI = re.compile(r"<([a-z][\w+.-]*:[^<>\"{}|^`\\\s]*)>")
_LITERAL_IRI_OR_COMMENT = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    rf"|{_IRI.pattern}"
    r"|#[^\n]*",
)
_DECLARATION = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^<>\s]*)>", re.IGNORECASE)
_PREFIXED = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w.-]*)?:([\w-]+(?:\.[\w-]+)*)")


def unknown_term_warnings(text: str, prefixes: Prefixes, ontology_dir: Path) -> list[str]:
    """A line for each term of the vocabularies the query names and they do not define."""
    named = [iri for iri in named_iris(text, prefixes.mapping) if iri.startswith(VOCABULARY_BASE)]
    if not named:
        return []
    defined = defined_terms(ontology_dir)
    watched = {ns for ns in map(_namespace, defined) if not DEFAULT_DATA_BASE.startswith(ns)}  # never ids
    unknown = [iri for iri in named if _namespace(iri) in watched and iri not in defined | watched]
    return [_warning(iri, defined, prefixes) for iri in unknown]


def named_iris(text: str, prefixes: dict[str, str]) -> list[str]:
    """The IRIs a query names as prefixed names or in full, each once, in order; strings and
    comments are skipped, and the query's own PREFIX lines are read over the given prefixes."""
    bare = _LITERAL_IRI_OR_COMMENT.sub(
        lambda m: m.group(0) if m.group(0)[0] == "<" else " " * len(m.group(0)), text
    )
    declared = {**prefixes, **{(p or ""): ns for p, ns in _DECLARATION.findall(bare)}}
    bare = _DECLARATION.sub(lambda found: " " * len(found.group(0)), bare)
    found: dict[int, str] = {m.start(): m.group(1) for m in _IRI.finditer(bare)}
    bare = _IRI.sub(lambda m: " " * len(m.group(0)), bare)
    for match in _PREFIXED.finditer(bare):
        namespace = declared.get(match.group(1) or "")
        if namespace is not None:
            found[match.start()] = namespace + match.group(2)
    return list(dict.fromkeys(iri for _, iri in sorted(found.items())))


def defined_terms(ontology_dir: Path) -> set[str]:
    """Every IRI the ontology folder describes (the shapes apart)."""
    terms: set[str] = set()
    for path in sorted(ontology_dir.glob("*.ttl")):
        if path.name != SHAPES_FILE:
            terms.update(
                q.subject.value
                for q in ox.parse(path=path, format=ox.RdfFormat.TURTLE)
                if isinstance(q.subject, ox.NamedNode)
            )
    return terms


def _namespace(iri: str) -> str:
    """The IRI up to its last '#' or '/'."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _warning(iri: str, defined: set[str], prefixes: Prefixes) -> str:
    namespace = _namespace(iri)
    names = {term[len(namespace) :]: term for term in defined if _namespace(term) == namespace}
    near = [prefixes.shorten(names[name]) for name in closest(iri[len(namespace) :], names, SUGGESTIONS)]
    hint = f" (did you mean {', '.join(near)}?)" if near else ""
    return f"warning: the ontology defines no {prefixes.shorten(iri)}{hint}: the query matches nothing there"
