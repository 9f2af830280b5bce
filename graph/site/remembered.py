"""The graph as the pages of one task read it: each node's objects, values and subjects are
looked up once and kept, as the page of a thing is built in three languages from the same
questions. Kept while a task runs, forgotten when the next one starts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import URIRef
from rdflib.term import Node

from graph.rdf.part_triples import pairs_of
from graph.rdf.triples import GraphLike, Triple

_UNKNOWN = URIRef("urn:hrgraph:unknown")  # not yet asked (None is an answer)
_NO_PREDICATE = URIRef("")


class Remembered:
    """A GraphLike that keeps its answers about given nodes while `remembering` (else asks the
    graph each time); a question with an unknown part (None) always goes to the graph."""

    def __init__(self, graph: GraphLike) -> None:
        self.graph = graph
        self.remembering = False
        self._objects: dict[tuple[Node, Node], tuple[Node, ...]] = {}
        self._values: dict[tuple[Node, Node], Node | None] = {}
        self._subjects: dict[tuple[Node, Node], tuple[Node, ...]] = {}

    def forget(self, remembering: bool) -> None:
        """Forget every answer kept; keep the next ones only if `remembering`."""
        self._objects.clear()
        self._values.clear()
        self._subjects.clear()
        self.remembering = remembering

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        if subject is None or predicate is None or not self.remembering:
            return self.graph.objects(subject, predicate)
        key = (subject, predicate)
        found = self._objects.get(key)
        if found is None:
            found = self._objects[key] = tuple(self.graph.objects(subject, predicate))
        return iter(found)

    def unordered_pairs(self, predicate: Node) -> Iterable[tuple[Node, Node]]:
        """The graph's pairs of `predicate` in no given order (graph.rdf.part_triples.pairs_of)."""
        return pairs_of(self.graph, predicate)

    def subjects(self, predicate: Node | None = None, object: Node | None = None) -> Iterator[Node]:
        if predicate is None or object is None or not self.remembering:
            return self.graph.subjects(predicate, object)
        key = (predicate, object)
        found = self._subjects.get(key)
        if found is None:
            found = self._subjects[key] = tuple(self.graph.subjects(predicate, object))
        return iter(found)

    def value(self, subject: Node | None = None, predicate: Node = _NO_PREDICATE) -> Node | None:
        if subject is None or not self.remembering:
            return self.graph.value(subject, predicate)
        key = (subject, predicate)
        found: Node | None = self._values.get(key, _UNKNOWN)
        if found is _UNKNOWN:
            found = self._values[key] = self.graph.value(subject, predicate)
        return found

    def subject_objects(self, predicate: Node | None = None) -> Iterator[tuple[Node, Node]]:
        return self.graph.subject_objects(predicate)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        return self.graph.namespaces()

    def __len__(self) -> int:
        return len(self.graph)

    def __contains__(self, triple: Triple) -> bool:
        return triple in self.graph
