"""The network view of a rebuild made from the last build's, where the change reaches.

A build records, for each node of the view and each group of edges (a direct link, an n-ary
fact's edges), its attributes and what they read of the graph (graph.rdf.reads), and keeps
them in OUT/.state/ (`KeptView`). The next build, given the change since (graph.rdf.change),
makes again only the nodes whose reads meet it, and the edge groups whose reads meet it or
whose ends were made again (their sentences name their ends); the rest is taken as kept, in
the order a cold `to_networkx` adds it, so the view is the same, attribute for attribute.

The state is one file of blobs (`Blobs`): each record pickled on its own, and what each read
as its hashes, so a rebuild reads the file without unpickling it whole and writes the next one
from the kept records' own bytes, pickling only those made again. With them, what the view's
consumers ask of it as a whole (`ViewIndex`: its nodes in order, each node's degree and edge
groups, the number of edges, the topics and countries, the layout's shape), so that a rebuild
gives a `KeptNetwork`: a networkx view whose nodes' attributes and edges are unpickled when
asked for (the large page's patched parts and the site's sketches ask for a few).

Which nodes and links exist is read by questions over the whole graph (`subjects(rdf:type,
kind)`, `subject_objects(link)`): a change with an rdf:type triple or a direct link's triple,
a blank node, kept state of other code, another language or another graph means the cold view.
"""

from __future__ import annotations

import gc
import hashlib
import mmap
import pickle
import struct
import weakref
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, chain
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx
from rdflib import URIRef
from rdflib.term import Node

from graph.core.fingerprint import PACKAGE, files_digest, frozen, library_versions
from graph.core.languages import DEFAULT_LANGUAGE
from graph.core.vocab import HRG, RDF
from graph.rdf.change import TripleChange
from graph.rdf.reads import ChangedTerms, Reads, RecordingGraph
from graph.rdf.triples import GraphLike
from graph.view.build import (
    COUNTRY,
    Edge,
    Sources,
    link_edge,
    link_pairs,
    name_topics_and_countries,
    nary_edges,
    node_attributes,
    view_members,
)
from graph.view.layout_cache import KNOWN_SHAPES, layout_shape, pair_item
from graph.view.rules import KINDS, LINKS, NARY

VIEW_STATE = Path(".state") / "view.pickle"
"""Where a build keeps its view's records, under OUT (the default language's: `view_state`)."""


def view_state(lang: str) -> Path:
    """Where a build keeps the records of its view in `lang`, under OUT."""
    return VIEW_STATE if lang == DEFAULT_LANGUAGE else VIEW_STATE.with_name(f"view-{lang}.pickle")


MAGIC = b"hrgraph view state 3\n"
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


def _group_of(record: bytes | memoryview, nodes: Mapping[str, dict[str, Any]]) -> GroupRecord:
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

    def span(self, first: int, end: int) -> memoryview:
        """Blobs `first` to `end` (not included), as one."""
        return self.data[self.ends[first - 1] if first else 0 : self.ends[end - 1] if end else 0]

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
class ViewIndex:
    """What the view's consumers ask of it as a whole, kept with its records."""

    iris: list[str]  # the nodes, in the view's order (that of the node records)
    degrees: array[int]  # each node's degree, as networkx counts it
    incident: list[bytes | memoryview]  # each node's edge groups (array "I" of their numbers, rising)
    edges: int  # how many edges the view has
    topics: dict[str, str]  # every node's topics (IRI → label), merged in node order
    countries: dict[str, str]  # the country nodes' labels, in node order
    layout_shape: int  # graph.view.layout_cache.layout_shape of the view

    @staticmethod
    def of(view: nx.MultiDiGraph, group_ends: list[set[str]], topics: dict[str, str]) -> ViewIndex:
        """The index of a view filled whole, whose edge groups (in order) end at `group_ends`."""
        iris = list(view)
        number = {iri: n for n, iri in enumerate(iris)}
        incident: list[list[int]] = [[] for _ in iris]
        for group, ends in enumerate(group_ends):
            for end in ends:
                incident[number[end]].append(group)
        return ViewIndex(
            iris,
            array("I", (degree for _, degree in view.degree())),
            [array("I", groups).tobytes() for groups in incident],
            view.number_of_edges(),
            dict(topics),
            {node: data["label"] for node, data in view.nodes(data=True) if data["kind"] == COUNTRY},
            layout_shape(view),
        )

    def copy(self) -> ViewIndex:
        return ViewIndex(
            self.iris,
            array("I", self.degrees),
            list(self.incident),
            self.edges,
            dict(self.topics),
            dict(self.countries),
            self.layout_shape,
        )

    def groups_at(self, number: int) -> memoryview:
        """The numbers of the edge groups with an edge at node `number`, rising."""
        return memoryview(self.incident[number]).cast("B").cast("I")


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
    index: ViewIndex
    incident: Blobs | None = None  # those of `index.incident`, as read


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
    index: ViewIndex | None = None  # set once the view is made
    kept: tuple[tuple[Blobs, list[bytes | memoryview]], ...] = ()
    """Of the runs made from the last build's (nodes, node reads, groups, group reads, edge
    groups by node), each one's kept blobs and records as read: those still the same object
    are written as spans of the kept buffer, not one by one."""

    @staticmethod
    def of(kept: KeptView) -> StateWriter:
        """The kept records as they were, to be replaced where made again."""
        runs = (kept.nodes, kept.node_reads, kept.groups, kept.group_reads)
        records = [run.each() for run in runs]
        incident = () if kept.incident is None else ((kept.incident, list(kept.index.incident)),)
        return StateWriter(
            kept.lang,
            kept.countries,
            records[0],
            records[1],
            set(kept.node_everything),
            records[2],
            records[3],
            set(kept.group_everything),
            index=kept.index.copy(),
            kept=(*((run, list(each)) for run, each in zip(runs, records, strict=True)), *incident),
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

    def pieces(self, sha256: str, shape: int) -> list[bytes | memoryview]:
        """The state file, for the graph whose N-Triples' digest is `sha256` (empty when the
        records cannot serve: a blank node in them), in pieces written one after the other: the
        kept records that are unchanged as spans of the last state's buffer, not joined into one
        (that copy cost 0.19 s at 100k records)."""
        if self.blank or self.index is None:
            return []
        index = self.index
        runs = (self.nodes, self.node_reads, self.groups, self.group_reads, index.incident)
        header = frozen(  # without pickle's memo: the same values make the same bytes
            (
                code_digest(),
                self.lang,
                sha256,
                shape,
                self.countries,
                sorted(self.node_everything),
                sorted(self.group_everything),
                [_ends(run).tobytes() for run in runs],
                index.iris,
                index.degrees.tobytes(),
                index.edges,
                index.topics,
                index.countries,
                index.layout_shape,
            )
        )
        kept = dict(enumerate(self.kept))
        pieces: list[bytes | memoryview] = [MAGIC, struct.pack("<Q", len(header)), header]
        for number, run in enumerate(runs):
            if number in kept:
                pieces.extend(_spans(run, *kept[number]))
            else:
                pieces.extend(run)
        return pieces


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


def _spans(
    run: list[bytes | memoryview], blobs: Blobs, read: list[bytes | memoryview]
) -> Iterator[bytes | memoryview]:
    """The run's records, those still the kept ones (`read` from `blobs`) as spans of the
    kept buffer where they follow one another."""
    start: int | None = None  # the first record of the span of kept ones being gathered
    for number, record in enumerate(run):
        if number < len(read) and record is read[number]:
            if start is None:
                start = number
            continue
        if start is not None:
            yield blobs.span(start, number)
            start = None
        yield record
    if start is not None:
        yield blobs.span(start, len(run))


def _ends(run: list[bytes | memoryview]) -> array[int]:
    return array("Q", accumulate(map(len, run)))


def read_kept(out: Path, lang: str, ntriples_sha256: str) -> KeptView | None:
    """The last build's records, if they are of this code, language and graph."""
    try:
        return _kept_view(_mapped(out / view_state(lang)), lang, ntriples_sha256)
    except Exception:  # missing, damaged or foreign state: the cold view
        return None


def _mapped(path: Path) -> memoryview:
    """The file's bytes, mapped: read from the disk where asked for (a rebuild reads few of
    the records; the kept ones go to the next state file from here). A kept file is never
    modified in place (a build writes a new one, switched in by a rename)."""
    with path.open("rb") as file:
        if not file.seek(0, 2):
            return memoryview(b"")
        return memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))


def _kept_view(data: memoryview, lang: str, ntriples_sha256: str) -> KeptView | None:
    if data[: len(MAGIC)] != MAGIC:
        return None
    at = len(MAGIC) + 8
    (length,) = struct.unpack("<Q", data[len(MAGIC) : at])
    header = pickle.loads(data[at : at + length])
    code, kept_lang, sha256, shape, countries, node_everything, group_everything, ends, *kept_index = header
    if code != code_digest() or kept_lang != lang or sha256 != ntriples_sha256:
        return None
    iris, degrees, edges, topics, country_labels, layout = kept_index
    at += length
    runs: list[Blobs] = []
    for packed in ends:
        run_ends = array("Q", packed)
        size = run_ends[-1] if run_ends else 0
        runs.append(Blobs(data[at : at + size], run_ends))
        at += size
    if at != len(data):
        return None
    nodes, node_reads, groups, group_reads, incident = runs
    index = ViewIndex(iris, array("I", degrees), incident.each(), edges, topics, country_labels, layout)
    if not len(nodes) == len(node_reads) == len(iris) == len(index.degrees) == len(incident):
        return None
    if len(groups) != len(group_reads):
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
        index,
        incident,
    )


@dataclass(frozen=True)
class MadeView:
    """A build's view, with what the next build keeps of it."""

    view: nx.MultiDiGraph
    state: list[bytes | memoryview]
    """The state file for the next build, in pieces (`StateWriter.pieces`)."""
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
    group_ends: list[set[str]] = []
    for link, subject, obj in link_pairs(graph, view):
        with recording.recording() as reads:
            edges = [link_edge(view, link, subject, obj, sources, lang)]
        filler.edges(edges)
        group_ends.append(_ends_of(edges))
        state.group(_group_bytes(-1 - link_index[link.predicate], (str(subject), str(obj)), edges), reads)
    for r, rule in enumerate(NARY):
        for fact in sorted(graph.subjects(RDF.type, rule.fact), key=str):
            with recording.recording() as reads:
                edges = nary_edges(view, recording, rule, fact, lang)
            filler.edges(edges)
            group_ends.append(_ends_of(edges))
            state.blank = state.blank or _blank(str(fact))
            state.group(_group_bytes(r, (str(fact),), edges), reads)
    name_topics_and_countries(view, topics)
    state.index = ViewIndex.of(view, group_ends, topics)
    return view, state


def _ends_of(edges: list[Edge]) -> set[str]:
    return {end for edge in edges for end in edge[:2]}


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
    return MadeView(view, state.pieces(kept.ntriples_sha256, shape), remade, touched, shape, pairs)


Made = tuple[nx.MultiDiGraph, StateWriter, frozenset[str], frozenset[str], frozenset[tuple[str, str]], int]


def _view_after(graph: GraphLike, kept: KeptView, change: TripleChange) -> Made | None:
    terms = ChangedTerms.of(change)
    membership = {str(RDF.type), *(str(link.predicate) for link in LINKS)}
    if terms.blank or not membership.isdisjoint(terms.predicates):
        return None
    made = _read_by_need(graph, kept, terms)
    return made if made is not None else _filled_whole(graph, kept, terms)


def _filled_whole(graph: GraphLike, kept: KeptView, terms: ChangedTerms) -> Made:
    """The view after the change, every record unpickled into a networkx view."""
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
    group_ends: list[set[str]] = []
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
        group_ends.append(_ends_of(edges))
    name_topics_and_countries(view, topics)
    state.index = ViewIndex.of(view, group_ends, topics)
    touched |= remade
    return view, state, frozenset(remade), frozenset(touched), frozenset(pairs), shape % (1 << _SHAPE_BITS)


def _read_by_need(graph: GraphLike, kept: KeptView, terms: ChangedTerms) -> Made | None:
    """The view after the change as a `KeptNetwork`: only the records the change reaches are
    unpickled and made again, and the index updated by them; None where a node made again
    names other topics (the view's topics are merged from every node's: filled whole)."""
    lang = kept.lang
    recording = RecordingGraph(graph)
    sources = Sources(recording, lang)
    state = StateWriter.of(kept)
    index = state.index
    assert index is not None
    records = _Records(state, index)
    view = KeptNetwork(lang, records)
    country_nodes: set[Node] = {URIRef(country) for country in kept.countries}
    changed = terms.hashes() if terms else set()
    remade: set[str] = set()
    nodes_reached = kept.node_reads.reached(changed) | (kept.node_everything if changed else set())
    for number in sorted(nodes_reached):
        iri, kind, _, old_topics = records.node(number)
        with recording.recording() as reads:
            attributes, node_topics = node_attributes(
                recording, URIRef(iri), KINDS[kind], lang, country_nodes, sources
            )
        if node_topics != old_topics:
            return None
        state.node_at(number, pickle.dumps((iri, kind, attributes, node_topics), protocol=_PICKLE), reads)
        records.attributes[number] = attributes
        if attributes["kind"] == COUNTRY:
            index.countries[iri] = attributes["label"]
        remade.add(iri)
    groups_reached = kept.group_reads.reached(changed) | (kept.group_everything if changed else set())
    groups_reached |= {g for iri in remade for g in index.groups_at(records.number[iri])}
    shape = kept.shape
    touched: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    before: Counter[tuple[str, str]] = Counter()  # the edges made again, old and new, by ends
    after: Counter[tuple[str, str]] = Counter()
    for number in sorted(groups_reached):
        rule, ends, edges = _group_of(state.groups[number], records.nodes)
        with recording.recording() as reads:
            new_edges = _group_edges(view, recording, sources, rule, ends, lang)
        shape += _edges_sum(new_edges) - _edges_sum(edges)
        touched.update(end for edge in (*edges, *new_edges) for end in edge[:2])
        pairs.update((edge[0], edge[1]) for edge in (*edges, *new_edges))
        before.update((edge[0], edge[1]) for edge in edges)
        after.update((edge[0], edge[1]) for edge in new_edges)
        records.replace_group(number, edges, new_edges)
        state.group_at(number, _group_bytes(rule, ends, new_edges), reads)
    for start, end in before.keys() | after.keys():
        if start != end:
            now = records.count(start, end)
            if (now > 0) != (now - after[start, end] + before[start, end] > 0):
                index.layout_shape += pair_item(start, end) if now else -pair_item(start, end)
    index.layout_shape %= 1 << _SHAPE_BITS
    view.graph["topics"] = dict(sorted(index.topics.items(), key=lambda item: item[1].lower()))
    view.graph["countries"] = dict(sorted(index.countries.items(), key=lambda item: item[1].lower()))
    touched |= remade
    return view, state, frozenset(remade), frozenset(touched), frozenset(pairs), shape % (1 << _SHAPE_BITS)


class _Records:
    """A view's records by need: the kept ones unpickled when first asked for, with the index."""

    def __init__(self, state: StateWriter, index: ViewIndex) -> None:
        self.state, self.index = state, index
        self.number = {iri: n for n, iri in enumerate(index.iris)}
        self.attributes: dict[int, dict[str, Any]] = {}
        self.edges: dict[int, list[Edge]] = {}
        self.nodes = _Nodes(self)

    def node(self, number: int) -> NodeRecord:
        record: NodeRecord = pickle.loads(self.state.nodes[number])
        return record

    def attributes_of(self, iri: str) -> dict[str, Any]:
        number = self.number[iri]
        attributes = self.attributes.get(number)
        if attributes is None:
            attributes = self.attributes[number] = self.node(number)[2]
        return attributes

    def group_edges(self, number: int) -> list[Edge]:
        edges = self.edges.get(number)
        if edges is None:
            edges = self.edges[number] = _group_of(self.state.groups[number], self.nodes)[2]
        return edges

    def replace_group(self, number: int, old: list[Edge], new: list[Edge]) -> None:
        """Group `number`'s edges `old` made again as `new`: the degrees, edge count and each
        end's groups follow."""
        index = self.index
        self.edges[number] = new
        for edges, step in ((old, -1), (new, 1)):
            for start, end, _, _ in edges:
                index.degrees[self.number[start]] += step
                index.degrees[self.number[end]] += step
        index.edges += len(new) - len(old)
        old_ends, new_ends = _ends_of(old), _ends_of(new)
        for end in old_ends ^ new_ends:
            at = self.number[end]
            groups = set(index.groups_at(at)) ^ {number}
            index.incident[at] = array("I", sorted(groups)).tobytes()

    def count(self, start: str, end: str) -> int:
        """How many edges go from `start` to `end`."""
        shared = set(self.index.groups_at(self.number[start])) & set(self.index.groups_at(self.number[end]))
        return sum(
            1 for group in shared for edge in self.group_edges(group) if edge[0] == start and edge[1] == end
        )

    def adjacency(self, iri: str, outward: bool) -> dict[str, dict[str, dict[str, Any]]]:
        """The node's successors (or predecessors), each with its edges by key, in the order a
        view filled whole has them."""
        near: dict[str, dict[str, dict[str, Any]]] = {}
        for group in self.index.groups_at(self.number[iri]):
            for start, end, key, attributes in self.group_edges(group):
                if (start if outward else end) == iri:
                    near.setdefault(end if outward else start, {})[key] = attributes
        return near


_Value = TypeVar("_Value")


class _ByNode(Mapping[str, _Value]):
    """A mapping over the view's nodes, in their order, whose values are read when asked for."""

    records: _Records

    def __iter__(self) -> Iterator[str]:
        return iter(self.records.number)

    def __len__(self) -> int:
        return len(self.records.number)

    def __contains__(self, iri: object) -> bool:
        return iri in self.records.number


class _Nodes(_ByNode[dict[str, Any]]):
    """The view's nodes' attributes, by IRI, unpickled when asked for."""

    def __init__(self, records: _Records) -> None:
        self.records = records

    def __getitem__(self, iri: str) -> dict[str, Any]:
        return self.records.attributes_of(iri)


class _Adjacency(_ByNode[dict[str, dict[str, dict[str, Any]]]]):
    """The view's successors (or predecessors) by node, made when asked for."""

    def __init__(self, records: _Records, outward: bool) -> None:
        self.records, self.outward = records, outward
        self.made: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}

    def __getitem__(self, iri: str) -> dict[str, dict[str, dict[str, Any]]]:
        near = self.made.get(iri)
        if near is None:
            near = self.made[iri] = self.records.adjacency(iri, self.outward)
        return near


class _Degrees:
    """`view.degree` of a KeptNetwork: each node's from the index."""

    def __init__(self, view: KeptNetwork, records: _Records) -> None:
        self.view, self.records = view, records

    def __getitem__(self, iri: str) -> int:
        return int(self.records.index.degrees[self.records.number[iri]])

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return zip(self.records.index.iris, self.records.index.degrees, strict=True)

    def __len__(self) -> int:
        return len(self.records.number)

    def __call__(self, nbunch: Any = None, weight: Any = None) -> Any:
        if nbunch is None and weight is None:
            return self
        return nx.MultiDiGraph.degree.func(self.view)(nbunch, weight)


class KeptNetwork(nx.MultiDiGraph):  # type: ignore[misc]
    """A view read from the kept records by need, for reading only: its nodes, their
    attributes and edges are those of the view filled whole, in the same order, but a node's
    attributes are unpickled, and its edges gathered from its edge groups, when first asked for;
    its degrees and number of edges are the index's."""

    def __init__(self, lang: str, records: _Records) -> None:
        super().__init__(lang=lang)
        self._records = records
        self._node = records.nodes
        self._adj = _Adjacency(records, outward=True)  # networkx sets _succ with it
        self._pred = _Adjacency(records, outward=False)

    @property
    def degree(self) -> _Degrees:
        return _Degrees(self, self._records)

    def number_of_edges(self, u: Any = None, v: Any = None) -> int:
        if u is None:
            return self._records.index.edges
        return int(super().number_of_edges(u, v))

    def filled(self) -> nx.MultiDiGraph:
        """The same view as a plain networkx view, every record unpickled."""
        records = self._records
        view = nx.MultiDiGraph()
        view.graph.update(self.graph)
        filler = _Filler(view)
        with _kept_long() if gc.isenabled() else nullcontext():
            for iri in records.index.iris:
                filler.node(iri, records.attributes_of(iri))
            for number in range(len(records.state.groups)):
                filler.edges(records.group_edges(number))
        return view


def filled(view: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """`view` filled whole, for a reader of every node and edge (a page drawn whole): a
    KeptNetwork's records unpickled at once, faster than one by one as they are asked for."""
    return view.filled() if isinstance(view, KeptNetwork) else view


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
    graph: GraphLike,
    out: Path,
    change: TripleChange | None,
    last_sha256: str | None,
    sha256: str,
    lang: str = DEFAULT_LANGUAGE,
) -> MadeView:
    """The build's view in `lang` (from the last build's records in `out` after a change, where
    they serve; else cold) and the records to keep for the next build, whose graph.nt's digest
    is `sha256`."""
    made = None
    if change is not None and last_sha256 is not None:
        kept = read_kept(out, lang, last_sha256)
        if kept is not None:
            with _kept_long() if gc.isenabled() else nullcontext():
                made = _view_after(graph, kept, change)
    if made is not None:
        view, state, remade, touched, pairs, shape = made
        result = MadeView(view, state.pieces(sha256, shape), remade, touched, shape, pairs)
    else:
        view, state = recorded_view(graph, lang)
        shape = shape_of(view)
        result = MadeView(view, state.pieces(sha256, shape), None, None, shape)
    _SHAPES[view] = shape
    if state.index is not None:
        KNOWN_SHAPES[view] = state.index.layout_shape
    return result
