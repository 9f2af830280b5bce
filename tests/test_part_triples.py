"""PartTriples answers every question about a subject, and subjects(p, o), as the whole graph's
Triples does, in the same order, assembling only the files it needs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from benchmarks.synthetic import write
from graph.core.ontology import Ontology, load_ontology
from graph.ingest.cache import SourceCache
from graph.ingest.dataset import Dataset
from graph.ingest.load import read_sources
from graph.pipeline import build
from graph.rdf.dumps import to_ntriples
from graph.rdf.part_triples import PartTriples, pairs_in, pairs_of, part_assembly, type_counts
from graph.rdf.parts import whole_triples
from graph.rdf.reads import RecordingGraph
from graph.rdf.triples import Triples
from graph.site.remembered import Remembered
from graph.sparql.store import store_from_ntriples
from graph.sparql.store_graph import StoreSubjects

from .conftest import REPO
from .test_incremental_build import assert_same_outputs

ONTOLOGY = REPO / "ontology"
BASE = "https://example.org/hr/"


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return load_ontology(ONTOLOGY)


@pytest.fixture(scope="module", params=["synthetic", "valid"])
def dataset(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, ontology: Ontology
) -> Dataset:
    if request.param == "synthetic":
        sources = tmp_path_factory.mktemp("parts") / "sources"
        write(sources, 300, seed=11, ontology_dir=ONTOLOGY)
    else:
        sources = REPO / "tests" / "fixtures" / "valid"
    loaded, problems = read_sources(sources, ontology)
    assert not problems
    return loaded


def _answering(dataset: Dataset, ontology: Ontology, whole: Triples) -> PartTriples:
    triples = part_assembly(dataset, ontology, BASE, to_ntriples(whole)).triples
    assert isinstance(triples, PartTriples)
    triples.answer_subjects_from(StoreSubjects(store_from_ntriples(to_ntriples(whole))))
    return triples


def _pairs(triples: Triples, subject: Node) -> list[tuple[Node, Node]]:
    return [(p, o) for s, p, o in triples if s == subject]


def test_questions_about_a_subject_have_the_whole_graphs_answers_in_its_order(
    dataset: Dataset, ontology: Ontology
) -> None:
    whole = whole_triples(dataset, ontology, BASE)
    parts = _answering(dataset, ontology, whole)
    subjects = list(dict.fromkeys(subject for subject, _, _ in whole))
    assert len(subjects) > 50
    for subject in [*subjects, URIRef(BASE + "person/nobody"), URIRef(BASE + "x")]:
        assert list(parts.objects(subject)) == list(whole.objects(subject))
        for predicate in dict.fromkeys(p for p, _ in _pairs(whole, subject)):
            assert list(parts.objects(subject, predicate)) == list(whole.objects(subject, predicate))
            assert parts.value(subject, predicate) == whole.value(subject, predicate)
    for triple in list(whole)[::7]:
        assert triple in parts
    assert len(parts) == len(whole)
    assert not parts.whole_assembled


def test_subjects_of_a_predicate_and_object_come_in_the_whole_graphs_order(
    dataset: Dataset, ontology: Ontology
) -> None:
    whole = whole_triples(dataset, ontology, BASE)
    parts = _answering(dataset, ontology, whole)
    questions = dict.fromkeys((p, o) for _, p, o in whole if not isinstance(o, BNode))
    for predicate, obj in questions:
        assert list(parts.subjects(predicate, obj)) == list(whole.subjects(predicate, obj)), (predicate, obj)
    assert not parts.whole_assembled


def test_a_question_about_one_node_assembles_only_its_record(dataset: Dataset, ontology: Ontology) -> None:
    whole = whole_triples(dataset, ontology, BASE)
    parts = _answering(dataset, ontology, whole)
    record = next(iter(dataset.records.values()))
    node = URIRef(BASE + record.id)
    assert list(parts.objects(node)) == list(whole.objects(node))
    assert parts.records_assembled == 1 and parts.parts_assembled == 0


def test_a_record_others_say_something_of_is_answered_by_its_file(
    dataset: Dataset, ontology: Ontology
) -> None:
    """When the N-Triples hold more lines about a record's nodes than the record gives alone
    (another record of its file would have said something of them), its file's part answers."""
    whole = whole_triples(dataset, ontology, BASE)
    record = next(iter(dataset.records.values()))
    node = URIRef(BASE + record.id)
    extra = f"<{node}> <https://example.org/said> <https://example.org/more> .\n".encode()
    ntriples = b"".join(sorted([*to_ntriples(whole).splitlines(keepends=True), extra]))
    parts = part_assembly(dataset, ontology, BASE, ntriples).triples
    assert isinstance(parts, PartTriples)
    assert list(parts.objects(node)) == list(whole.objects(node))
    assert parts.records_assembled == 1 and parts.parts_assembled == 1


def test_a_question_about_the_whole_graph_assembles_it(dataset: Dataset, ontology: Ontology) -> None:
    whole = whole_triples(dataset, ontology, BASE)
    parts = _answering(dataset, ontology, whole)
    predicate = next(p for _, p, _ in whole)
    assert list(parts.subject_objects(predicate)) == list(whole.subject_objects(predicate))
    assert parts.whole_assembled
    subject = next(s for s, _, _ in whole)
    assert list(parts.objects(subject)) == list(whole.objects(subject))


def test_without_an_index_subjects_are_the_whole_graphs(dataset: Dataset, ontology: Ontology) -> None:
    whole = whole_triples(dataset, ontology, BASE)
    parts = part_assembly(dataset, ontology, BASE).triples
    _, predicate, obj = next(iter(whole))
    assert list(parts.subjects(predicate, obj)) == list(whole.subjects(predicate, obj))
    assert isinstance(parts, PartTriples) and parts.whole_assembled


def test_the_store_index_finds_subjects_of_literals_and_iris() -> None:
    text = (
        b'<http://a/s1> <http://a/p> "x"@en .\n'
        b'<http://a/s2> <http://a/p> "2025-01"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> .\n'
        b"<http://a/s3> <http://a/p> <http://a/o> .\n"
        b'<http://a/s4> <http://a/p> "plain" .\n'
    )
    index = StoreSubjects(store_from_ntriples(text))
    p = URIRef("http://a/p")
    assert index(p, Literal("x", lang="en")) == [URIRef("http://a/s1")]
    assert index(p, Literal("2025-01", datatype=XSD.gYearMonth)) == [URIRef("http://a/s2")]
    assert index(p, URIRef("http://a/o")) == [URIRef("http://a/s3")]
    assert index(p, Literal("plain")) == [URIRef("http://a/s4")]
    assert index(p, BNode()) is None


def test_unordered_pairs_are_the_whole_graphs_pairs(dataset: Dataset, ontology: Ontology) -> None:
    whole = whole_triples(dataset, ontology, BASE)
    parts = _answering(dataset, ontology, whole)
    for predicate in dict.fromkeys(p for _, p, _ in whole):
        expected = sorted(whole.subject_objects(predicate))
        found = parts.unordered_pairs(predicate)
        if found is None:  # only where a line is not plain to read: a blank node, an escape
            assert any(
                isinstance(node, BNode) or set(str(node)) & set('"\\\n\r')
                for pair in expected
                for node in pair
            )
        else:
            assert found is not None and sorted(found) == expected, predicate
            assert [str(o) for _, o in sorted(found)] == [str(o) for _, o in expected]
    assert not parts.whole_assembled


def test_pairs_of_notes_the_predicate_and_looks_through_wrappers(
    dataset: Dataset, ontology: Ontology
) -> None:
    whole = whole_triples(dataset, ontology, BASE)
    parts = _answering(dataset, ontology, whole)
    recording = RecordingGraph(Remembered(parts))
    with recording.recording() as reads:
        found = sorted(pairs_of(recording, RDF.type))
    assert found == sorted(whole.subject_objects(RDF.type))
    assert reads.predicates == {str(RDF.type)} and not reads.everything
    assert not parts.whole_assembled
    assert sorted(pairs_of(whole, RDF.type)) == found  # any other graph: its own pairs


@pytest.mark.parametrize(
    "line",
    [
        b'<http://a/s> <http://a/p> "say \\"no\\"" .\n',  # an escape
        b"_:b1 <http://a/p> <http://a/o> .\n",  # a blank subject
        b"<http://a/s> <http://a/p> _:b2 .\n",  # a blank object
        b'<http://a/s> <http://a/q> "x> <http://a/p> y" .\n',  # the predicate inside a literal
        b'<http://a/s> <http://a/q> "x <http://a/p> y" .\n',
        b"<http://a/s> <http://a/q> <http://a/p> .\n",  # the predicate as an object
    ],
)
def test_pairs_not_plain_to_read_are_left_to_the_graph(line: bytes) -> None:
    plain = b'<http://a/r> <http://a/p> "2025-01-02"^^<http://www.w3.org/2001/XMLSchema#date> .\n'
    assert pairs_in(plain, URIRef("http://a/p")) == [
        (URIRef("http://a/r"), Literal("2025-01-02", datatype=XSD.date))
    ]
    assert pairs_in(plain + line, URIRef("http://a/p")) is None


def test_type_counts_are_the_graphs(dataset: Dataset, ontology: Ontology) -> None:
    whole = whole_triples(dataset, ontology, BASE)
    namespace = "https://w3id.org/hrgraph/ontology#"
    expected = Counter(
        str(o)[len(namespace) :] for _, o in whole.subject_objects(RDF.type) if str(o).startswith(namespace)
    )
    assert type_counts(to_ntriples(whole), namespace) == expected and expected


@pytest.mark.parametrize(
    ("line", "counted"),
    [
        (b"_:b1 <%s> <http://a/ns#Thing> .\n", {"Thing": 2}),  # any subject counts
        (b'<http://a/s> <http://a/q> "x <%s> <http://a/ns#Thing> ." .\n', {"Thing": 1}),  # in a literal
        (b'<http://a/s> <http://a/q> "x"^^<http://a/ns#Thing> .\n', {"Thing": 1}),  # a datatype
        (b"<http://a/s> <http://a/q> <http://a/ns#Thing> .\n", {"Thing": 1}),  # another predicate
        (b"<http://a/s> <%s> <http://a/other#Thing> .\n", {"Thing": 1}),  # another namespace
        (b"<http://a/s> <%s> <http://a/ns#Th\\u0069ng> .\n", None),  # an escape: left to the graph
    ],
)
def test_type_counts_read_only_type_lines(line: bytes, counted: dict[str, int] | None) -> None:
    rdf_type = str(RDF.type).encode()
    plain = b"<http://a/r> <%s> <http://a/ns#Thing> .\n" % rdf_type
    found = type_counts(plain + (line % rdf_type if b"%s" in line else line), "http://a/ns#")
    assert found == (Counter(counted) if counted is not None else None)


def test_a_rebuild_after_edits_never_assembles_the_whole_graph(tmp_path: Path) -> None:
    sources, out, cold = tmp_path / "sources", tmp_path / "out", tmp_path / "cold"
    write(sources, 200, seed=5, ontology_dir=ONTOLOGY)
    build(sources, ONTOLOGY, out, cache=SourceCache(out / ".cache" / "sources"))
    meeting = sorted(sources.glob("meetings/**/*.yaml"))[3]
    meeting.write_text(meeting.read_text("utf-8").replace('name: {en: "', 'name: {en: "Moved ', 1), "utf-8")
    people = sorted(sources.glob("people/**/*.yaml"))[0]
    people.write_text(people.read_text("utf-8").replace('name: {en: "', 'name: {en: "Renamed ', 1), "utf-8")
    built = build(sources, ONTOLOGY, out, cache=SourceCache(out / ".cache" / "sources"))
    triples = built.assembly.triples
    assert isinstance(triples, PartTriples) and built.change is not None
    counts = built.counts()  # the summary's, as the command prints it
    assert not triples.whole_assembled
    assembled = triples.parts_assembled + triples.records_assembled  # a record alone, or its file
    assert assembled > 0 and triples.parts_assembled < len(built.entries)
    cold_built = build(sources, ONTOLOGY, cold)
    assert_same_outputs(out, cold)
    assert counts == cold_built.counts() and counts["Meeting"] > 0
