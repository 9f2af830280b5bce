"""The network view of a rebuild made from the last build's, where the change reaches.

A build records, for each node of the view and each group of edges (a direct link, an n-ary
fact's edges), its attributes and what they read of the graph (graph.rdf.reads), and keeps
them in OUT/.state/ (`KeptView`). The next build, given the change since (graph.rdf.change),
makes again only the nodes whose reads meet it, and the edge groups whose reads meet it or
whose ends were made again (their sentences name their ends); the rest is taken as kept, in
the order a cold `to_networkx` adds it, so the view is the same, attribute for attribute.

The state is one file of blobs (`Blobs`): each record pickled on its own, and what each read
as its hashes, so a rebuild reads the file without unpickling it whole and writes the next one
from the kept records' own bytes, pickling only those made again.

Which nodes and links exist is read by questions over the whole graph (`subjects(rdf:type,
kind)`, `subject_objects(link)`): a change with an rdf:type triple or a direct link's triple,
a blank node, kept state of other code, another language or another graph means the cold view.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import struct
import weakref
from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, chain
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import URIRef
from rdflib.term import Node

from graph.core.fingerprint import PACKAGE, files_digest, library_versions
from graph.core.vocab import HRG, RDF
from graph.rdf.change import TripleChange
from graph.rdf.reads import ChangedTerms, Reads, RecordingGraph
from graph.rdf.triples import GraphLike
from graph.view.build import (
    Edge,
    Sources,
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

MAGIC = b"hrgraph view state 2\n"
"""The state file's first bytes (an older format is not read: the cold view)."""

_PICKLE = pickle.HIGHEST_PROTOCOL
_SHAPE_BITS = 128


@cache
def code_digest() -> str:
    """A digest of the code the records depend on (this folder and graph/rdf/reads.py)."""
    files = [*Path(__file__).parent.glob("*.py"), PACKAGE / "rdf" / "reads.py"]
    return files_digest(files, library_versions(("networkx", "pyvis", "Babel", "rdflib")))


# the records: a node is the pickle of (iri, kind's index in KINDS, attributes, topics); an edge
# group the pickle of (rule, ends, edges): `rule` -1 - a direct link's index in LINKS (`ends`
# its subject and object) or an n-ary rule's index in NARY (`ends` the fact)

NodeRecord = tuple[str, int, dict[str, Any], list[tuple[str, str]]]
GroupRecord = tuple[int, tuple[str, ...], list[Edge]]


def _group_bytes(rule: int, ends: tuple[str, ...], edges: list[Edge]) -> bytes:
    """An edge group's record; a direct link's edge kept without its sources, its subject's."""
    if rule < 0:
        edges = [(start, end, key, {**attributes, "sources": None}) for start, end, key, attributes in edges]
    return pickle.dumps((rule, ends, edges), protocol=_PICKLE)


def _group_of(record: bytes | memoryview, nodes: dict[str, dict[str, Any]]) -> GroupRecord:
    """An edge group from its record, a direct link's sources its subject's in `nodes` (the
    view's node attributes): the same list, as in a cold view."""
    rule, ends, edges = pickle.loads(record)
    if rule < 0:
        for start, _, _, attributes in edges:
            attributes["sources"] = nodes[start]["sources"]
    return rule, ends, edges


class Blobs:
    """A run of byte strings read from one buffer, each by its number."""

    def __init__(self, data: memoryview, ends: array[int]) -> None:
        self.data, self.ends = data, ends

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, number: int) -> memoryview:
        start = self.ends[number - 1] if number else 0
        return self.data[start : self.ends[number]]

    def each(self) -> list[bytes | memoryview]:
        """Every blob, in order."""
        data = self.data
        return [data[start:end] for start, end in zip(chain((0,), self.ends), self.ends, strict=False)]

    def reached(self, change: set[int]) -> set[int]:
        """The numbers of the blobs (`Reads.hashes`) holding a hash of the change's."""
        if not change or not self.ends:
            return set()
        import numpy as np  # here: the query command's start-up does not load it

        every = np.frombuffer(self.data, dtype=np.uint32)
        hits = np.flatnonzero(np.isin(every, np.fromiter(change, dtype=np.uint32, count=len(change))))
        ends = np.frombuffer(self.ends, dtype=np.uint64) // 4
        return {int(owner) for owner in np.unique(np.searchsorted(ends, hits, side="right"))}


@dataclass
class KeptView:
    """The last build's view records, as read from its state file."""

    code: str
    lang: str
    ntriples_sha256: str  # of the graph the records were made from
    shape: int  # `shape_of` the view
    countries: list[str]  # the subjects of rdf:type hrg:Country
    nodes: Blobs
    node_reads: Blobs
    node_everything: frozenset[int]  # the numbers of those that read the whole graph
    groups: Blobs
    group_reads: Blobs
    group_everything: frozenset[int]


@dataclass
class StateWriter:
    """The records of a view in the making, written as the next build's state file."""

    lang: str
    countries: list[str]
    nodes: list[bytes | memoryview] = field(default_factory=list)
    node_reads: list[bytes | memoryview] = field(default_factory=list)
    node_everything: set[int] = field(default_factory=set)
    groups: list[bytes | memoryview] = field(default_factory=list)
    group_reads: list[bytes | memoryview] = field(default_factory=list)
    group_everything: set[int] = field(default_factory=set)
    blank: bool = False  # a record names a blank node: no state is kept

    @staticmethod
    def of(kept: KeptView) -> StateWriter:
        """The kept records as they were, to be replaced where made again."""
        return StateWriter(
            kept.lang,
            kept.countries,
            kept.nodes.each(),
            kept.node_reads.each(),
            set(kept.node_everything),
            kept.groups.each(),
            kept.group_reads.each(),
            set(kept.group_everything),
        )

    def node(self, record: bytes, reads: Reads) -> None:
        self.node_at(len(self.nodes), record, reads)

    def node_at(self, number: int, record: bytes, reads: Reads) -> None:
        """The node record `number`, new (one past the last) or made again."""
        _put(self.nodes, self.node_reads, self.node_everything, number, record, reads)

    def group(self, record: bytes, reads: Reads) -> None:
        self.group_at(len(self.groups), record, reads)

    def group_at(self, number: int, record: bytes, reads: Reads) -> None:
        """The edge group record `number`, new (one past the last) or made again."""
        _put(self.groups, self.group_reads, self.group_everything, number, record, reads)

    def to_bytes(self, sha256: str, shape: int) -> bytes:
        """The state file, for the graph whose N-Triples' digest is `sha256` (empty when the
        records cannot serve: a blank node in them)."""
        if self.blank:
            return b""
        runs = (self.nodes, self.node_reads, self.groups, self.group_reads)
        header = pickle.dumps(
            (
                code_digest(),
                self.lang,
                sha256,
                shape,
                self.countries,
                sorted(self.node_everything),
                sorted(self.group_everything),
                [_ends(run).tobytes() for run in runs],
            ),
            protocol=_PICKLE,
        )
        return b"".join(
            [MAGIC, struct.pack("<Q", len(header)), header, *(blob for run in runs for blob in run)]
        )


def _put(
    records: list[bytes | memoryview],
    reads_of: list[bytes | memoryview],
    everything: set[int],
    number: int,
    record: bytes,
    reads: Reads,
) -> None:
    if number == len(records):
        records.append(record)
        reads_of.append(reads.hashes())
    else:
        records[number], reads_of[number] = record, reads.hashes()
    if reads.everything:
        everything.add(number)
    else:
        everything.discard(number)


def _ends(run: list[bytes | memoryview]) -> array[int]:
    return array("Q", accumulate(map(len, run)))


def read_kept(out: Path, lang: str, ntriples_sha256: str) -> KeptView | None:
    """The last build's records, if they are of this code, language and graph."""
    try:
        return _kept_view(memoryview((out / VIEW_STATE).read_bytes()), lang, ntriples_sha256)
    except Exception:  # missing, damaged or foreign state: the cold view
        return None


def _kept_view(data: memoryview, lang: str, ntriples_sha256: str) -> KeptView | None:
    if data[: len(MAGIC)] != MAGIC:
        return None
    at = len(MAGIC) + 8
    (length,) = struct.unpack("<Q", data[len(MAGIC) : at])
    code, kept_lang, sha256, shape, countries, node_everything, group_everything, ends = pickle.loads(
        data[at : at + length]
    )
    if code != code_digest() or kept_lang != lang or sha256 != ntriples_sha256:
        return None
    at += length
    runs: list[Blobs] = []
    for packed in ends:
        run_ends = array("Q", packed)
        size = run_ends[-1] if run_ends else 0
        runs.append(Blobs(data[at : at + size], run_ends))
        at += size
    if at != len(data):
        return None
    nodes, node_reads, groups, group_reads = runs
    if len(nodes) != len(node_reads) or len(groups) != len(group_reads):
        return None
    return KeptView(
        code,
        kept_lang,
        sha256,
        shape,
        countries,
        nodes,
        node_reads,
        frozenset(node_everything),
        groups,
        group_reads,
        frozenset(group_everything),
    )


@dataclass(frozen=True)
class MadeView:
    """A build's view, with what the next build keeps of it."""

    view: nx.MultiDiGraph
    state: bytes
    """The state file for the next build."""
    remade: frozenset[str] | None
    """The nodes made again after a change (None: every node, a cold view)."""
    touched: frozenset[str] | None
    """The nodes whose attributes or edges may differ from the last build's view: those made
    again and both ends of every edge, old and new, of the edge groups made again (None: a
    cold view)."""
    shape: int
    """`shape_of` the view."""
    pairs: frozenset[tuple[str, str]] | None = None
    """(start, end) of every edge, old and new, of the edge groups made again (None: a cold
    view): with `remade`, what the large page's parts patch (graph.view.patched_parts)."""


# the shape: the view's nodes with their kinds and its edges' ends, as a sum of their hashes
# (a multiset's: an edge group made again changes it by its own edges' alone)


def _item(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=_SHAPE_BITS // 8).digest(), "little")


def _node_item(iri: str, kind: str) -> int:
    return _item(f"n\n{iri}\n{kind}")


def _edges_sum(edges: Iterable[Edge]) -> int:
    return sum(_item(f"e\n{start}\n{end}") for start, end, _, _ in edges)


def shape_of(view: nx.MultiDiGraph) -> int:
    """The view's nodes with their kinds and every edge's start and end, as one number."""
    nodes = sum(_node_item(str(node), str(data.get("kind", ""))) for node, data in view.nodes(data=True))
    edges = sum(_item(f"e\n{start}\n{end}") for start, end in view.edges())
    return (nodes + edges) % (1 << _SHAPE_BITS)


_SHAPES: weakref.WeakKeyDictionary[nx.MultiDiGraph, int] = weakref.WeakKeyDictionary()


def shape_digest(view: nx.MultiDiGraph) -> str:
    """`shape_of` the view as text: known for a view network_view made, else computed."""
    shape = _SHAPES.get(view)
    return f"{shape if shape is not None else shape_of(view):032x}"


# the views


class _Filler:
    """Fills a view with nodes and edges in order, as add_node and add_edge would (the same
    dictionaries in the same order) without their checks: each node is new, each edge between
    nodes already in the view."""

    def __init__(self, view: nx.MultiDiGraph) -> None:
        self.view = view
        self.attributes: dict[str, dict[str, Any]] = view._node
        self._succ, self._pred = view._succ, view._pred

    def node(self, iri: str, attributes: dict[str, Any]) -> None:
        self._succ[iri] = {}
        self._pred[iri] = {}
        self.attributes[iri] = attributes

    def edges(self, edges: list[Edge]) -> None:
        for start, end, key, attributes in edges:
            out = self._succ[start]
            keys = out.get(end)
            if keys is None:
                keys = out[end] = {}
                self._pred[end][start] = keys
            keys[key] = attributes


def recorded_view(graph: GraphLike, lang: str = "en") -> tuple[nx.MultiDiGraph, StateWriter]:
    """`to_networkx(graph, lang)` with what each node and edge group read of the graph."""
    recording = RecordingGraph(graph)
    view = nx.MultiDiGraph(lang=lang)
    country_nodes = set(graph.subjects(RDF.type, HRG.Country))
    state = StateWriter(lang, sorted(str(country) for country in country_nodes))
    state.blank = any(":" not in country for country in state.countries)
    filler = _Filler(view)
    sources = Sources(recording, lang)
    topics: dict[str, str] = {}
    kind_index = {kind.rdf_type: i for i, kind in enumerate(KINDS)}
    for node, kind in view_members(graph):
        with recording.recording() as reads:
            attributes, node_topics = node_attributes(recording, node, kind, lang, country_nodes, sources)
        iri = str(node)
        filler.node(iri, attributes)
        topics.update(node_topics)
        state.blank = state.blank or _blank(iri)
        record: NodeRecord = (iri, kind_index[kind.rdf_type], attributes, node_topics)
        state.node(pickle.dumps(record, protocol=_PICKLE), reads)
    link_index = {link.predicate: i for i, link in enumerate(LINKS)}
    for link, subject, obj in link_pairs(graph, view):
        with recording.recording() as reads:
            edges = [link_edge(view, link, subject, obj, sources, lang)]
        filler.edges(edges)
        state.group(_group_bytes(-1 - link_index[link.predicate], (str(subject), str(obj)), edges), reads)
    for r, rule in enumerate(NARY):
        for fact in sorted(graph.subjects(RDF.type, rule.fact), key=str):
            with recording.recording() as reads:
                edges = nary_edges(view, recording, rule, fact, lang)
            filler.edges(edges)
            state.blank = state.blank or _blank(str(fact))
            state.group(_group_bytes(r, (str(fact),), edges), reads)
    name_topics_and_countries(view, topics)
    return view, state


def _blank(iri: str) -> bool:
    return ":" not in iri  # the text of a blank node has no ":", an IRI's always has


def view_after(graph: GraphLike, kept: KeptView, change: TripleChange) -> MadeView | None:
    """The view of `graph` from the last build's records and the change since (its state for
    the graph whose N-Triples' digest is the kept one's: `network_view` writes the new one), or
    None where the change reaches which nodes and links exist (then made cold)."""
    made = _view_after(graph, kept, change)
    if made is None:
        return None
    view, state, remade, touched, pairs, shape = made
    return MadeView(view, state.to_bytes(kept.ntriples_sha256, shape), remade, touched, shape, pairs)


def _view_after(
    graph: GraphLike, kept: KeptView, change: TripleChange
) -> (
    tuple[nx.MultiDiGraph, StateWriter, frozenset[str], frozenset[str], frozenset[tuple[str, str]], int]
    | None
):
    terms = ChangedTerms.of(change)
    membership = {str(RDF.type), *(str(link.predicate) for link in LINKS)}
    if terms.blank or not membership.isdisjoint(terms.predicates):
        return None
    lang = kept.lang
    recording = RecordingGraph(graph)
    sources = Sources(recording, lang)
    view = nx.MultiDiGraph(lang=lang)
    filler = _Filler(view)
    state = StateWriter.of(kept)
    country_nodes: set[Node] = {URIRef(country) for country in kept.countries}
    changed = terms.hashes() if terms else set()
    topics: dict[str, str] = {}
    remade: set[str] = set()
    touched: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    nodes_reached = kept.node_reads.reached(changed) | (kept.node_everything if changed else set())
    for number, blob in enumerate(state.nodes):
        record: NodeRecord = pickle.loads(blob)
        if number in nodes_reached:
            iri, kind, _, _ = record
            with recording.recording() as reads:
                attributes, node_topics = node_attributes(
                    recording, URIRef(iri), KINDS[kind], lang, country_nodes, sources
                )
            record = (iri, kind, attributes, node_topics)
            state.node_at(number, pickle.dumps(record, protocol=_PICKLE), reads)
            remade.add(iri)
        filler.node(record[0], record[2])
        topics.update(record[3])
    shape = kept.shape
    groups_reached = kept.group_reads.reached(changed) | (kept.group_everything if changed else set())
    for number, blob in enumerate(state.groups):
        rule, ends, edges = _group_of(blob, filler.attributes)
        if number in groups_reached or (remade and _names(edges, remade)):
            with recording.recording() as reads:
                new_edges = _group_edges(view, recording, sources, rule, ends, lang)
            shape += _edges_sum(new_edges) - _edges_sum(edges)
            touched.update(end for edge in (*edges, *new_edges) for end in edge[:2])
            pairs.update((edge[0], edge[1]) for edge in (*edges, *new_edges))
            edges = new_edges
            state.group_at(number, _group_bytes(rule, ends, edges), reads)
        filler.edges(edges)
    name_topics_and_countries(view, topics)
    touched |= remade
    return view, state, frozenset(remade), frozenset(touched), frozenset(pairs), shape % (1 << _SHAPE_BITS)


@contextmanager
def _kept_long() -> Iterator[None]:
    """Unpickle the kept records without the collector scanning them as young objects: they
    are millions, in no cycle, and live until the build ends. The collector waits, then what
    was made joins the oldest generation unscanned (freeze moves every object out of the
    generations, unfreeze into the oldest), as objects surviving two scans would."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        gc.enable()


def _names(edges: list[Edge], nodes: set[str]) -> bool:
    """Whether an edge starts or ends at one of `nodes` (its sentence names its ends)."""
    return any(start in nodes or end in nodes for start, end, _, _ in edges)


def _group_edges(
    view: nx.MultiDiGraph,
    recording: RecordingGraph,
    sources: Sources,
    rule: int,
    ends: tuple[str, ...],
    lang: str,
) -> list[Edge]:
    if rule < 0:
        subject, obj = (URIRef(end) for end in ends)
        return [link_edge(view, LINKS[-1 - rule], subject, obj, sources, lang)]
    return nary_edges(view, recording, NARY[rule], URIRef(ends[0]), lang)


def network_view(
    graph: GraphLike, out: Path, change: TripleChange | None, last_sha256: str | None, sha256: str
) -> MadeView:
    """The build's view (from the last build's records in `out` after a change, where they
    serve; else cold) and the records to keep for the next build, whose graph.nt's digest is
    `sha256`."""
    made = None
    if change is not None and last_sha256 is not None:
        kept = read_kept(out, "en", last_sha256)
        if kept is not None:
            with _kept_long() if gc.isenabled() else nullcontext():
                made = _view_after(graph, kept, change)
    if made is not None:
        view, state, remade, touched, pairs, shape = made
        result = MadeView(view, state.to_bytes(sha256, shape), remade, touched, shape, pairs)
    else:
        view, state = recorded_view(graph)
        shape = shape_of(view)
        result = MadeView(view, state.to_bytes(sha256, shape), None, None, shape)
    _SHAPES[view] = shape
    return result
