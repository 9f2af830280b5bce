"""The kept store as an index of the whole graph for graph.rdf.part_triples: which subjects
hold a triple (?, predicate, object), found in the store's predicate-object index without
assembling the graph."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph
from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.sparql.kept_store import DATABASE


class StoreSubjects:
    """subjects_of(predicate, object) over a store (graph.rdf.part_triples.SubjectsOf)."""

    def __init__(self, store: pyoxigraph.Store):
        self.store = store

    @classmethod
    def of_folder(cls, folder: Path) -> StoreSubjects | None:
        """Over the kept store written in `folder` (opened read-only), or None if it cannot be."""
        try:
            return cls(pyoxigraph.Store.read_only(str(folder / DATABASE)))
        except (OSError, RuntimeError):
            return None

    def __call__(self, predicate: Node, object: Node) -> Iterable[Node] | None:
        """The IRIs of the subjects of (?, predicate, object); None for a question it cannot
        put to the store (a blank node, a term it does not know) or a subject it cannot give."""
        fixed_predicate, fixed_object = _term(predicate), _term(object)
        if not isinstance(fixed_predicate, pyoxigraph.NamedNode) or fixed_object is None:
            return None
        found: list[Node] = []
        for quad in self.store.quads_for_pattern(None, fixed_predicate, fixed_object, None):
            if not isinstance(quad.subject, pyoxigraph.NamedNode):
                return None
            found.append(URIRef(quad.subject.value))
        return found


def _term(node: Node) -> pyoxigraph.NamedNode | pyoxigraph.Literal | None:
    """The store's term for an IRI or a literal (None for anything else)."""
    if isinstance(node, URIRef):
        return pyoxigraph.NamedNode(str(node))
    if isinstance(node, Literal):
        if node.language is not None:
            return pyoxigraph.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return pyoxigraph.Literal(str(node), datatype=pyoxigraph.NamedNode(str(node.datatype)))
        return pyoxigraph.Literal(str(node))
    return None
