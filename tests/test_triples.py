"""graph.rdf.triples.Triples, the build's light graph, answers as rdflib's Graph does, and the
writers that read it give the same dumps as rdflib's own writers."""

from __future__ import annotations

import json

import pyoxigraph
import pytest
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import to_isomorphic
from rdflib.term import Node

from graph.analyst.api import KnowledgeGraph
from graph.core.errors import UsageError
from graph.core.vocab import HRG, ONTOLOGY_IRI
from graph.pipeline import Checked
from graph.rdf.dumps import to_jsonld, to_ntriples
from graph.rdf.triples import Triples
from graph.view.build import to_networkx

from .conftest import ONTOLOGY, REPO, VALID

SCHEMA = Namespace("https://schema.org/")  # any terms will do here


@pytest.fixture(scope="module")
def pair(golden: Checked) -> tuple[Triples, Graph]:
    triples = golden.assembly.triples
    assert isinstance(triples, Triples)
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return triples, graph


def test_the_same_triples_as_an_rdflib_graph(pair: tuple[Triples, Graph]) -> None:
    triples, graph = pair
    assert len(triples) == len(graph) > 100
    assert set(triples) == set(graph)
    assert all(t in triples for t in graph)
    assert (URIRef("urn:x"), RDF.type, HRG.Person) not in triples


def test_lookups_answer_as_rdflib_does(pair: tuple[Triples, Graph]) -> None:
    triples, graph = pair
    subjects = sorted(set(graph.subjects()), key=str)
    predicates = sorted(set(graph.predicates()), key=str)
    for subject in subjects[::7]:
        assert sorted(triples.objects(subject), key=repr) == sorted(graph.objects(subject), key=repr)
        for predicate in predicates:
            expected = sorted(graph.objects(subject, predicate), key=repr)
            assert sorted(triples.objects(subject, predicate), key=repr) == expected
            assert (triples.value(subject, predicate) is None) == (not expected)
            allowed: list[Node | None] = [*expected] if expected else [None]
            assert triples.value(subject, predicate) in allowed
    for predicate in predicates:
        assert sorted(triples.objects(None, predicate), key=repr) == sorted(
            graph.objects(None, predicate), key=repr
        )
        assert sorted(triples.subject_objects(predicate), key=repr) == sorted(
            graph.subject_objects(predicate), key=repr
        )
        assert sorted(triples.subjects(predicate), key=repr) == sorted(graph.subjects(predicate), key=repr)
    for kind in set(graph.objects(None, RDF.type)):
        assert sorted(triples.subjects(RDF.type, kind), key=repr) == sorted(
            graph.subjects(RDF.type, kind), key=repr
        )


def test_the_inverse_index_follows_later_additions() -> None:
    triples = Triples()
    a, b, knows = URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:knows")
    triples.add((a, knows, b))
    assert list(triples.subjects(knows, b)) == [a]  # builds the inverse index for `knows`
    triples.add((b, knows, b))
    triples.add((b, knows, b))  # a duplicate changes nothing
    assert sorted(triples.subjects(knows, b), key=repr) == [a, b]
    assert len(triples) == 2


def test_ntriples_are_byte_for_byte_rdflibs(pair: tuple[Triples, Graph]) -> None:
    triples, graph = pair
    assert triples.ntriples() == to_ntriples(graph)


def test_ntriples_of_awkward_literals_are_rdflibs() -> None:
    triples = Triples()
    node = URIRef("https://example.org/x")
    for literal in (
        Literal('a "quoted"\nline\\ with tab\t and \r'),
        Literal("Phnom Penh ភ្នំពេញ", lang="km"),
        Literal("12", datatype=XSD.integer),
        Literal("2025-11", datatype=XSD.gYearMonth),
        Literal(True),
    ):
        triples.add((node, SCHEMA.name, literal))
    graph = triples.to_rdflib()
    assert triples.ntriples() == to_ntriples(graph)
    parsed = list(pyoxigraph.parse(triples.ntriples(), format=pyoxigraph.RdfFormat.N_TRIPLES))
    assert len(parsed) == 5


def test_the_network_view_is_the_same_from_either(golden: Checked, pair: tuple[Triples, Graph]) -> None:
    triples, _ = pair
    from_triples = to_networkx(triples)
    from_rdflib = to_networkx(golden.assembly.graph)
    assert dict(from_triples.nodes(data=True)) == dict(from_rdflib.nodes(data=True))
    assert sorted(from_triples.edges(data="label")) == sorted(from_rdflib.edges(data="label"))


def test_jsonld_round_trips_every_kind_of_term() -> None:
    graph = Graph()
    graph.bind("schema", SCHEMA)
    graph.bind("ex", "https://example.org/")
    graph.bind("hrg", ONTOLOGY_IRI)
    person, cite = URIRef("https://example.org/p"), URIRef("https://example.org/p/cite/1")
    blank = BNode("b1")
    for triple in (
        (person, RDF.type, SCHEMA.Person),
        (person, RDF.type, HRG.Person),
        (person, SCHEMA.name, Literal("Keo Remy")),
        (person, SCHEMA.name, Literal("កែវ រ៉េមី", lang="km")),
        (person, SCHEMA.description, Literal('say "no"\nnewline')),
        (person, HRG.citation, cite),
        (person, SCHEMA.birthDate, Literal("1975", datatype=XSD.gYear)),
        (person, SCHEMA.height, Literal("172", datatype=XSD.integer)),
        (person, SCHEMA.knows, blank),
        (blank, SCHEMA.name, Literal("nobody")),
        (URIRef("urn:isbn:123"), SCHEMA.url, URIRef("https://example.org/a b".replace(" ", "%20"))),
    ):
        graph.add(triple)
    data = to_jsonld(graph)
    body = json.loads(data)
    nodes = {node["@id"]: node for node in body["@graph"]}
    assert nodes["ex:p"]["@type"] == ["hrg:Person", "schema:Person"]
    assert nodes["ex:p"]["hrg:citation"] == {"@id": "https://example.org/p/cite/1"}
    assert nodes["ex:p"]["schema:height"] == {"@type": "xsd:integer", "@value": "172"}
    back = Graph().parse(data=data, format="json-ld")
    assert to_isomorphic(back) == to_isomorphic(graph)
    from_oxigraph = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.JSON_LD))
    assert len(from_oxigraph) == len(graph)
    assert to_jsonld(graph) == data


def test_the_python_api_draws_the_same_view_before_and_after_making_rdflibs_graph() -> None:
    kg = KnowledgeGraph.from_sources(REPO / "sources", REPO / "ontology")
    from_triples = kg.network()  # drawn from the assembled triples: no rdflib Graph is made
    rdf = kg.rdf
    assert len(rdf) == len(kg.store)
    assert dict(to_networkx(rdf).nodes(data=True)) == dict(from_triples.nodes(data=True))
    assert kg.network().number_of_edges() == from_triples.number_of_edges()


def test_the_python_apis_view_is_named_in_a_language_hrgraph_has() -> None:
    kg = KnowledgeGraph.from_sources(VALID, ONTOLOGY)
    names = {kg.network(lang).graph["lang"] for lang in ("en", "id", "km")}
    assert names == {"en", "id", "km"}
    with pytest.raises(UsageError, match="no language 'fr': the view is named in en, id, km"):
        kg.network("fr")
