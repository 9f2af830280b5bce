"""The graph as a task's pages read it answers as the graph does, and keeps only what it is told to."""

from __future__ import annotations

from rdflib import Literal, URIRef

from graph.rdf.triples import Triples
from graph.site.remembered import Remembered

A, B, C = URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c")
P, Q = URIRef("urn:p"), URIRef("urn:q")


def graph() -> Triples:
    triples = Triples()
    for triple in ((A, P, B), (A, P, C), (A, Q, Literal("x")), (C, P, B)):
        triples.add(triple)
    return triples


def test_answers_are_the_graphs_in_its_order() -> None:
    plain, kept = graph(), Remembered(graph())
    kept.forget(remembering=True)
    for _ in range(2):  # asked, then remembered
        assert list(kept.objects(A, P)) == list(plain.objects(A, P)) == [B, C]
        assert list(kept.subjects(P, B)) == list(plain.subjects(P, B)) == [A, C]
        assert kept.value(A, Q) == Literal("x")
        assert kept.value(B, Q) is None
        assert sorted(map(str, kept.objects(None, P))) == sorted(map(str, plain.objects(None, P)))
    assert (A, P, C) in kept and len(kept) == 4


def test_answers_are_kept_only_while_remembering() -> None:
    triples = graph()
    kept = Remembered(triples)
    kept.forget(remembering=True)
    assert list(kept.objects(C, P)) == [B]
    triples.add((C, P, A))  # the graph does not change while pages are written: this shows what is kept
    assert list(kept.objects(C, P)) == [B]
    kept.forget(remembering=False)
    assert list(kept.objects(C, P)) == [B, A]
    triples.add((C, P, C))
    assert list(kept.objects(C, P)) == [B, A, C]
