"""graph.rdf.reads: a change that meets nothing an output read leaves the output as it was."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.rdf.change import triple_change
from graph.rdf.reads import ChangedTerms, KeptReads, Reads, RecordingGraph, reached
from graph.rdf.triples import GraphLike, Triple, Triples

NODES = [URIRef(f"http://example.org/n{i}") for i in range(6)]
PREDICATES = [URIRef(f"http://example.org/p{i}") for i in range(3)]
VALUES: list[Node] = [*NODES, Literal("a"), Literal("b", lang="en")]

triples = st.tuples(st.sampled_from(NODES), st.sampled_from(PREDICATES), st.sampled_from(VALUES))


def graph_of(found: set[Triple]) -> Triples:
    graph = Triples()
    for triple in sorted(found, key=str):
        graph.add(triple)
    return graph


def name_of(graph: GraphLike, node: Node) -> str:
    """A page's way of naming a thing: its p0 value, else a p1 neighbour's p0."""
    own = graph.value(node, PREDICATES[0])
    if own is not None:
        return str(own)
    other = graph.value(node, PREDICATES[1])
    return f"via {graph.value(other, PREDICATES[0])}" if other is not None else "?"


OUTPUTS: list[Callable[[GraphLike], object]] = [
    lambda g: sorted(map(str, g.objects(NODES[0], PREDICATES[0]))),
    lambda g: sorted(map(str, g.subjects(PREDICATES[1], NODES[2]))),
    lambda g: sorted((str(s), str(o)) for s, o in g.subject_objects(PREDICATES[2])),
    lambda g: [name_of(g, node) for node in NODES[:3]],
    lambda g: sorted(name_of(g, s) for s in g.subjects(PREDICATES[2], Literal("a"))),
    lambda g: (NODES[1], PREDICATES[0], NODES[3]) in g,
    lambda g: sorted(map(str, g.objects(None, PREDICATES[1]))),
]


@settings(max_examples=300, deadline=None)
@given(
    st.sets(triples, max_size=14),
    st.sets(triples, max_size=4),
    st.sets(triples, max_size=4),
    st.sampled_from(range(len(OUTPUTS))),
)
def test_a_change_that_meets_no_read_leaves_the_output_unchanged(
    start: set[Triple], removed: set[Triple], added: set[Triple], which: int
) -> None:
    output = OUTPUTS[which]
    old, new = graph_of(start), graph_of((start - removed) | added)
    recording = RecordingGraph(old)
    with recording.recording() as reads:
        before = output(recording)
    change = ChangedTerms.of(triple_change(old.ntriples(), new.ntriples()))
    if not reads.meets(change):
        assert output(new) == before


def test_frames_nest_and_a_cached_answer_notes_what_it_read() -> None:
    graph = graph_of({(NODES[0], PREDICATES[0], NODES[1]), (NODES[1], PREDICATES[0], Literal("x"))})
    recording = RecordingGraph(graph)
    cache: dict[Node, tuple[str, Reads]] = {}

    def cached_name(node: Node) -> str:
        if node not in cache:
            with recording.recording() as reads:
                cache[node] = (name_of(recording, node), reads)
        else:
            recording.note(cache[node][1])
        return cache[node][0]

    with recording.recording() as first:
        cached_name(NODES[2])
    with recording.recording() as second:
        cached_name(NODES[2])  # from the cache: nothing asked of the graph
    assert first.subjects == second.subjects == {str(NODES[2])}
    with recording.recording() as outer, recording.recording():
        list(recording.subject_objects(PREDICATES[1]))
    assert outer.predicates == {str(PREDICATES[1])}


@given(st.lists(st.tuples(st.sampled_from(NODES), st.sampled_from(PREDICATES)), max_size=6))
def test_a_kept_answer_notes_in_a_later_frame_what_it_read(asked: list[tuple[Node, Node]]) -> None:
    """An answer kept with its reads made compact (`Reads.kept`) notes in the frame it is used
    in again exactly what it read when it was made."""
    graph = graph_of({(NODES[0], PREDICATES[0], NODES[1])})
    recording = RecordingGraph(graph)
    with recording.recording() as made:
        for subject, predicate in asked:
            list(recording.objects(subject, predicate))
            list(recording.subjects(predicate, subject))
    kept = made.kept()
    with recording.recording() as again:
        recording.note(kept)
    assert (again.subjects, again.objects, again.predicates, again.everything) == (
        made.subjects,
        made.objects,
        made.predicates,
        made.everything,
    )


def test_kept_reads_share_their_terms() -> None:
    """Kept reads hold each term's text once, whoever read it (a large site keeps hundreds of
    thousands), and nothing for a place read nowhere."""
    first = Reads(subjects={"http://example.org/" + "n0"}).kept()
    second = Reads(subjects={"".join(["http://example.org/", "n0"])}, predicates={str(PREDICATES[0])}).kept()
    assert first.subjects[0] is second.subjects[0]
    assert first.objects == first.predicates == ()
    assert isinstance(first, KeptReads)


def test_changed_terms_by_place() -> None:
    old = graph_of({(NODES[0], PREDICATES[0], NODES[1])})
    new = graph_of({(NODES[0], PREDICATES[0], Literal("y")), (NODES[2], PREDICATES[1], NODES[3])})
    change = ChangedTerms.of(triple_change(old.ntriples(), new.ntriples()))
    assert change.subjects == {str(NODES[0]), str(NODES[2])}
    assert change.objects == {str(NODES[1]), str(NODES[3])}
    assert change.predicates == {str(PREDICATES[0]), str(PREDICATES[1])}
    assert not change.blank
    assert not Reads(subjects={str(NODES[0])}).meets(ChangedTerms())
    assert Reads(everything=True).meets(change)
    assert Reads(objects={str(NODES[3])}).meets(change)
    assert not Reads(objects={str(NODES[0])}).meets(change)


terms = st.sets(st.sampled_from([str(node) for node in (*NODES, *PREDICATES)]), max_size=4)


@given(st.lists(st.tuples(terms, terms, terms), max_size=5), terms, terms, terms)
def test_compact_reads_meet_a_change_where_the_reads_do(
    outputs: list[tuple[set[str], set[str], set[str]]],
    subjects: set[str],
    objects: set[str],
    predicates: set[str],
) -> None:
    """`reached` over `Reads.hashes` finds the reads a change meets (a hash collision could add
    one; none among these few terms), each read's place kept apart."""
    change = ChangedTerms(frozenset(subjects), frozenset(objects), frozenset(predicates))
    reads = [Reads(*output) for output in outputs]
    expected = {number for number, read in enumerate(reads) if read.meets(change)}
    assert reached([read.hashes() for read in reads], change.hashes()) == expected
