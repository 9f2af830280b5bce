"""The network view of a rebuild made from the last build's, where the change reaches.

A build records, for each node of the view and each group of edges (a direct link, an n-ary
fact's edges), its attributes and what they read of the graph (graph.rdf.reads), and keeps
them in OUT/.state/ (`KeptView`). The next build, given the change since (graph.rdf.change),
makes again only the nodes whose reads meet it, and the edge groups whose reads meet it or
whose ends were made again (their sentences name their ends); the rest is taken as kept, in
the order a cold `to_networkx` adds it, so the view is the same, attribute for attribute.

Which nodes and links exist is read by questions over the whole graph (`subjects(rdf:type,
kind)`, `subject_objects(link)`): a change with an rdf:type triple or a direct link's triple,
a blank node, kept state of other code, another language or another graph means the cold view.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import URIRef

from graph.core.fingerprint import PACKAGE, files_digest, library_versions
from graph.core.vocab import HRG, RDF
from graph.rdf.change import TripleChange
from graph.rdf.reads import ChangedTerms, Reads, RecordingGraph, reached
from graph.rdf.triples import GraphLike
from graph.view.build import (
    Edge,
    Sources,
    add_edges,
    link_edge,
    link_pairs,
    name_topics_and_countries,
    nary_edges,
    node_attributes,
    view_members,
)
from graph.view.rules import KINDS, LINKS, NARY

VIEW_STATE = Path(".state") / "view.pickle"
"""Where a build keeps its view's records, under OUT."""


@dataclass
class NodeRecord:
    iri: str
    kind: int  # its index in KINDS
    attributes: dict[str, Any]
    topics: list[tuple[str, str]]
    reads: bytes  # Reads.hashes of what it read
    everything: bool = False  # it read the whole graph


@dataclass
class EdgeGroup:
    """The edges of a direct link (`rule` -1 - the link's index in LINKS, `ends` its subject
    and object) or of an n-ary fact (`rule` its index in NARY, `ends` the fact)."""

    rule: int
    ends: tuple[str, ...]
    edges: list[Edge]
    reads: bytes  # Reads.hashes of what they read
    named: frozenset[str]  # the nodes whose attributes the edges name
    everything: bool = False  # they read the whole graph


@dataclass
class KeptView:
    code: str
    lang: str
    ntriples_sha256: str  # of the graph the records were made from
    nodes: list[NodeRecord]
    groups: list[EdgeGroup]


@cache
def code_digest() -> str:
    """A digest of the code the records depend on (this folder and graph/rdf/reads.py)."""
    files = [*Path(__file__).parent.glob("*.py"), PACKAGE / "rdf" / "reads.py"]
    return files_digest(files, library_versions(("networkx", "pyvis", "Babel", "rdflib")))


def recorded_view(
    graph: GraphLike, lang: str = "en"
) -> tuple[nx.MultiDiGraph, list[NodeRecord], list[EdgeGroup]]:
    """`to_networkx(graph, lang)` with what each node and edge group read of the graph."""
    recording = RecordingGraph(graph)
    view = nx.MultiDiGraph(lang=lang)
    country_nodes = set(graph.subjects(RDF.type, HRG.Country))
    sources = Sources(recording, lang)
    nodes: list[NodeRecord] = []
    kind_index = {kind.rdf_type: i for i, kind in enumerate(KINDS)}
    for node, kind in view_members(graph):
        with recording.recording() as reads:
            attributes, topics = node_attributes(recording, node, kind, lang, country_nodes, sources)
        view.add_node(str(node), **attributes)
        nodes.append(NodeRecord(str(node), kind_index[kind.rdf_type], attributes, topics, *_compact(reads)))
    groups: list[EdgeGroup] = []
    link_index = {link.predicate: i for i, link in enumerate(LINKS)}
    for link, subject, obj in link_pairs(graph, view):
        with recording.recording() as reads:
            edges = [link_edge(view, link, subject, obj, sources, lang)]
        add_edges(view, edges)
        ends = (str(subject), str(obj))
        hashes, everything = _compact(reads)
        groups.append(
            EdgeGroup(-1 - link_index[link.predicate], ends, edges, hashes, frozenset(ends), everything)
        )
    for r, rule in enumerate(NARY):
        for fact in sorted(graph.subjects(RDF.type, rule.fact), key=str):
            with recording.recording() as reads:
                edges = nary_edges(view, recording, rule, fact, lang)
            add_edges(view, edges)
            named = frozenset(end for edge in edges for end in edge[:2])
            hashes, everything = _compact(reads)
            groups.append(EdgeGroup(r, (str(fact),), edges, hashes, named, everything))
    name_topics_and_countries(view, {iri: label for record in nodes for iri, label in record.topics})
    return view, nodes, groups


def _compact(reads: Reads) -> tuple[bytes, bool]:
    return reads.hashes(), reads.everything


def _reached(records: Sequence[NodeRecord | EdgeGroup], change: ChangedTerms) -> set[int]:
    """The numbers of the records whose reads the change meets."""
    if not change:
        return set()
    everything = {number for number, record in enumerate(records) if record.everything}
    return everything | reached([record.reads for record in records], change.hashes())


def kept_bytes(nodes: list[NodeRecord], groups: list[EdgeGroup], lang: str, sha256: str) -> bytes:
    """The records to keep for the next build, made from the graph whose N-Triples' digest is
    `sha256` ('' when they cannot serve: a blank node in them)."""
    if _has_blank(nodes, groups):
        return b""
    return pickle.dumps(
        KeptView(code_digest(), lang, sha256, nodes, groups), protocol=pickle.HIGHEST_PROTOCOL
    )


def _has_blank(nodes: list[NodeRecord], groups: list[EdgeGroup]) -> bool:
    # the text of a blank node has no ":", an IRI's always has
    return any(":" not in r.iri for r in nodes) or any(":" not in g.ends[0] for g in groups)


def read_kept(out: Path, lang: str, ntriples_sha256: str) -> KeptView | None:
    """The last build's records, if they are of this code, language and graph."""
    try:
        kept = pickle.loads((out / VIEW_STATE).read_bytes())
    except Exception:  # missing, damaged or foreign state: the cold view
        return None
    if (
        not isinstance(kept, KeptView)
        or kept.code != code_digest()
        or kept.lang != lang
        or kept.ntriples_sha256 != ntriples_sha256
    ):
        return None
    return kept


def view_after(
    graph: GraphLike, kept: KeptView, change: TripleChange
) -> tuple[nx.MultiDiGraph, list[NodeRecord], list[EdgeGroup]] | None:
    """The view of `graph` from the last build's records and the change since, or None where
    the change reaches which nodes and links exist (then made cold)."""
    terms = ChangedTerms.of(change)
    membership = {str(RDF.type), *(str(link.predicate) for link in LINKS)}
    if terms.blank or not membership.isdisjoint(terms.predicates):
        return None
    lang = kept.lang
    recording = RecordingGraph(graph)
    sources = Sources(recording, lang)
    view = nx.MultiDiGraph(lang=lang)
    country_nodes: set[Any] | None = None
    remade: set[str] = set()
    nodes: list[NodeRecord] = []
    nodes_reached = _reached(kept.nodes, terms)
    for number, record in enumerate(kept.nodes):
        if number in nodes_reached:
            if country_nodes is None:
                country_nodes = set(graph.subjects(RDF.type, HRG.Country))
            node = URIRef(record.iri)
            with recording.recording() as reads:
                attributes, topics = node_attributes(
                    recording, node, KINDS[record.kind], lang, country_nodes, sources
                )
            record = NodeRecord(record.iri, record.kind, attributes, topics, *_compact(reads))
            remade.add(record.iri)
        view.add_node(record.iri, **record.attributes)
        nodes.append(record)
    groups: list[EdgeGroup] = []
    groups_reached = _reached(kept.groups, terms)
    for number, group in enumerate(kept.groups):
        if number in groups_reached or not remade.isdisjoint(group.named):
            with recording.recording() as reads:
                if group.rule < 0:
                    subject, obj = (URIRef(end) for end in group.ends)
                    link = LINKS[-1 - group.rule]
                    edges = [link_edge(view, link, subject, obj, sources, lang)]
                    named = group.named
                else:
                    edges = nary_edges(view, recording, NARY[group.rule], URIRef(group.ends[0]), lang)
                    named = frozenset(end for edge in edges for end in edge[:2])
            hashes, everything = _compact(reads)
            group = EdgeGroup(group.rule, group.ends, edges, hashes, named, everything)
        add_edges(view, group.edges)
        groups.append(group)
    name_topics_and_countries(view, {iri: label for record in nodes for iri, label in record.topics})
    return view, nodes, groups


def network_view(
    graph: GraphLike, out: Path, change: TripleChange | None, last_sha256: str | None, sha256: str
) -> tuple[nx.MultiDiGraph, bytes]:
    """The build's view (from the last build's records in `out` after a change, where they
    serve; else cold) and the records to keep for the next build, whose graph.nt's digest is
    `sha256`."""
    made = None
    if change is not None and last_sha256 is not None:
        kept = read_kept(out, "en", last_sha256)
        made = view_after(graph, kept, change) if kept is not None else None
    view, nodes, groups = made if made is not None else recorded_view(graph)
    return view, kept_bytes(nodes, groups, "en", sha256)
