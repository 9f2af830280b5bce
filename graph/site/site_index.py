"""What the site is an index of: the things that have a page, the members of the classes the
lists walk, the data's date and what the lists' filters name. Read from the sorted N-Triples
(graph.rdf.part_triples.pairs_of: a few scans of the whole dump, 9 s at 100,000 records), so
kept with the lists' record and used again after a change none of whose triples has one of
the predicates it is read from (`READ_FROM`): the same graph gives the same index."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import BNode, URIRef
from rdflib.term import Node

from graph.core.data_date import latest_issued
from graph.core.vocab import DCTERMS, HRG, RDF
from graph.rdf.pages import PAGE_KINDS, kind_of
from graph.rdf.part_triples import pairs_of
from graph.rdf.reads import ChangedTerms
from graph.rdf.triples import GraphLike, Triples
from graph.view.read import short_id

LISTED = (*PAGE_KINDS, HRG.InstrumentEvent, HRG.Tenure, HRG.Observation)
"""The classes whose members the lists walk (the timeline's, the key figures')."""

READ_FROM = frozenset(
    str(predicate) for predicate in (RDF.type, HRG.topic, DCTERMS.issued, HRG.currentStatus)
)
"""The predicates the index is read from: a change of none of their triples leaves it as it was."""


def typed_nodes(graph: GraphLike) -> dict[Node, list[Node]]:
    """The members of each class (rdf:type), in no given order: read once, without asking the
    whole graph (graph.rdf.part_triples.pairs_of)."""
    typed: dict[Node, list[Node]] = {}
    for subject, rdf_type in pairs_of(graph, RDF.type):
        typed.setdefault(rdf_type, []).append(subject)
    return typed


def pages_of(graph: GraphLike, typed: dict[Node, list[Node]] | None = None) -> Iterator[tuple[Node, URIRef]]:
    """Every thing that has a page, with the class that gives it one, in id order (`typed`:
    the graph's `typed_nodes`, when known)."""
    types = Triples()  # kind_of reads a node's types only: no need to ask the whole graph
    for rdf_type, members in (typed_nodes(graph) if typed is None else typed).items():
        for subject in members:
            types.add((subject, RDF.type, rdf_type))
    candidates = {s for s, _ in types.subject_objects(RDF.type)} | {o for _, o in pairs_of(graph, HRG.topic)}
    for node in sorted(candidates, key=str):
        kind = kind_of(types, node)
        if kind is not None:
            yield node, kind


def latest_date(graph: GraphLike) -> str:
    """The data's date (graph.core.data_date), '' when no source gives one."""
    return latest_issued(str(o) for _, o in pairs_of(graph, DCTERMS.issued))


def short_names(graph: GraphLike, pages: list[tuple[Node, URIRef]]) -> dict[str, Node]:
    """The countries, topics and statuses the lists' filters name, by short id: the same in
    every language."""
    named = (
        {node for node, kind in pages if kind == HRG.Country}
        | {o for _, o in pairs_of(graph, HRG.topic)}  # sets: no need of the graph's order
        | {o for _, o in pairs_of(graph, HRG.currentStatus)}
    )
    return {short_id(str(node)): node for node in named}


@dataclass(frozen=True)
class SiteIndex:
    """The things that have a page (in id order, with the class giving each its page), the
    members of the `LISTED` classes (in no given order), the data's date, and what the lists'
    filters name by short id."""

    pages: list[tuple[Node, URIRef]]
    typed: dict[Node, list[Node]]
    data_date: str
    by_short: dict[str, Node]
    blank_pages: bool = False
    """Whether a page is a blank node's (no identity across builds: nothing is kept)."""
    blank_listed: bool = False
    """Whether a member of a listed class is a blank node."""

    @staticmethod
    def of(graph: GraphLike) -> SiteIndex:
        """The graph's index, read from it."""
        typed = typed_nodes(graph)
        pages = list(pages_of(graph, typed))
        listed: dict[Node, list[Node]] = {kind: typed[kind] for kind in LISTED if kind in typed}
        blank_pages = any(isinstance(node, BNode) for node, _ in pages)
        blank_listed = any(isinstance(node, BNode) for members in listed.values() for node in members)
        by_short = short_names(graph, pages)
        return SiteIndex(pages, listed, latest_date(graph), by_short, blank_pages, blank_listed)

    def after(self, change: ChangedTerms, graph: GraphLike) -> SiteIndex:
        """The index of the graph the change made of this one's: this one when no changed triple
        has a predicate it is read from, else read anew from `graph`."""
        return SiteIndex.of(graph) if change.predicates & READ_FROM else self
