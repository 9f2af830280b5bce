"""The assembled graph as plain dictionaries, for the build's fast path.

rdflib's in-memory Graph keeps three indexes per triple and costs about 5 KB a triple at a
million triples (docs/benchmark.md). The build only needs to add triples, look up a node's
objects, find subjects of a predicate and object (for the network view), and write sorted
N-Triples, so `Triples` keeps one index (subject → predicate → objects) plus, built on first use,
an inverse index per predicate. Terms are rdflib's, so code reading it works on an rdflib Graph
too; `to_rdflib()` gives a real Graph when a caller needs one (pySHACL, tests).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.serializers.nt import _quoteLiteral
from rdflib.term import Node

Triple = tuple[Node, Node, Node]
_NO_PREDICATES: dict[Node, list[Node]] = {}  # never written to


class GraphLike(Protocol):
    """What the network view and the writers read: rdflib's Graph, or Triples."""

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]: ...
    def subjects(self, predicate: Node | None = None, object: Node | None = None) -> Iterator[Node]: ...
    def value(self, subject: Node | None = None, predicate: Node = ...) -> Node | None: ...
    def subject_objects(self, predicate: Node | None = None) -> Iterator[tuple[Node, Node]]: ...
    def namespaces(self) -> Iterator[tuple[str, URIRef]]: ...
    def __len__(self) -> int: ...
    def __contains__(self, triple: Triple) -> bool: ...


class Triples:
    """A set of triples indexed by subject, then predicate; objects in the order added."""

    def __init__(self, namespaces: Iterable[tuple[str, URIRef]] = ()):
        self._out: dict[Node, dict[Node, list[Node]]] = {}
        self._in: dict[Node, dict[Node, list[Node]]] = {}  # predicate → object → subjects, lazily
        self._count = 0
        self._namespaces = dict(namespaces)

    def add(self, triple: Triple) -> None:
        subject, predicate, obj = triple
        objects = self._out.setdefault(subject, {}).setdefault(predicate, [])
        if obj in objects:
            return
        objects.append(obj)
        self._count += 1
        inverse = self._in.get(predicate)
        if inverse is not None:
            inverse.setdefault(obj, []).append(subject)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Triple]:
        for subject, predicates in self._out.items():
            for predicate, objects in predicates.items():
                for obj in objects:
                    yield subject, predicate, obj

    def __contains__(self, triple: Triple) -> bool:
        subject, predicate, obj = triple
        return obj in self._out.get(subject, _NO_PREDICATES).get(predicate, ())

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        """Objects of (subject, predicate); either may be None for any."""
        if subject is not None:
            predicates = self._out.get(subject, _NO_PREDICATES)
            if predicate is not None:
                yield from predicates.get(predicate, ())
            else:
                for objects in predicates.values():
                    yield from objects
            return
        for _, obj in self.subject_objects(predicate):
            yield obj

    def subjects(self, predicate: Node | None = None, object: Node | None = None) -> Iterator[Node]:
        """Subjects of (predicate, object); a subject is given once per matching triple."""
        if predicate is None:
            for subject, predicates in self._out.items():
                for objects in predicates.values():
                    if object is None or object in objects:
                        yield subject
            return
        inverse = self._inverse(predicate)
        if object is not None:
            yield from inverse.get(object, ())
        else:
            for subjects in inverse.values():
                yield from subjects

    def subjects_in_order(self) -> Iterator[Node]:
        """Each subject once, in the order it was first added."""
        return iter(self._out)

    def value(self, subject: Node | None = None, predicate: Node | None = None) -> Node | None:
        """One object of (subject, predicate): the first added, or None."""
        if subject is None or predicate is None:
            raise ValueError("Triples.value needs a subject and a predicate")
        objects = self._out.get(subject, _NO_PREDICATES).get(predicate, [])
        return objects[0] if objects else None

    def subject_objects(self, predicate: Node | None = None) -> Iterator[tuple[Node, Node]]:
        """(subject, object) pairs of a predicate (of any, if None)."""
        for subject, predicates in self._out.items():
            if predicate is None:
                for objects in predicates.values():
                    for obj in objects:
                        yield subject, obj
            else:
                for obj in predicates.get(predicate, ()):
                    yield subject, obj

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from self._namespaces.items()

    def _inverse(self, predicate: Node) -> dict[Node, list[Node]]:
        inverse = self._in.get(predicate)
        if inverse is None:
            inverse = {}
            for subject, obj in self.subject_objects(predicate):
                inverse.setdefault(obj, []).append(subject)
            self._in[predicate] = inverse
        return inverse

    def ntriples(self) -> bytes:
        """Sorted N-Triples, byte for byte what rdflib's writer gives once sorted."""
        written: dict[Node, str] = {}

        def term(node: Node) -> str:
            text = written.get(node)
            if text is None:
                text = _quoteLiteral(node) if isinstance(node, Literal) else node.n3()
                written[node] = text
            return text

        # UTF-8 keeps code point order, so sorting the text sorts the bytes the same way
        lines = sorted(f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in self)
        written.clear()
        text = "".join(lines)
        del lines  # a million lines weigh more than their text: let them go before encoding
        return text.encode("utf-8")

    def to_rdflib(self) -> Graph:
        """The same triples and prefixes in an rdflib Graph."""
        graph = Graph(bind_namespaces="core")
        for prefix, namespace in self._namespaces.items():
            graph.bind(prefix, namespace, override=True)
        for triple in self:
            graph.add(triple)
        return graph
