"""graph/core/vocab.py lists exactly the terms and concept schemes the ontology declares."""

from __future__ import annotations

from rdflib import Graph, Literal

from graph.core.ontology import Ontology
from graph.core.vocab import CONCEPT_SCHEMES, HRG, ONTOLOGY_IRI, RDF, SKOS, VOCABULARY_BASE


def test_vocab_matches_the_ontology(ontology: Ontology) -> None:
    declared = {
        str(s)[len(ONTOLOGY_IRI) :]
        for s in ontology.terms.subjects()
        if str(s).startswith(ONTOLOGY_IRI) and str(s) != ONTOLOGY_IRI
    }
    in_python = set(HRG.__annotations__)
    assert declared - in_python == set(), "declared in ontology/hrgraph.ttl but missing from graph/vocab.py"
    assert in_python - declared == set(), "listed in graph/vocab.py but not declared in the ontology"


def test_concept_schemes_are_the_schemes_of_the_vocabularies(ontology: Ontology) -> None:
    """CONCEPT_SCHEMES (a prefix is bound for each) names the SKOS schemes of ontology/*.ttl,
    and every concept's id starts with one of them."""
    declared = {
        str(scheme).removeprefix(VOCABULARY_BASE)
        for scheme in ontology.vocabularies.subjects(RDF.type, SKOS.ConceptScheme)
    }
    assert declared == set(CONCEPT_SCHEMES)
    assert len(CONCEPT_SCHEMES) == len(declared)  # no scheme listed twice
    assert ontology.concept_kinds() == declared


def test_every_hrg_term_used_by_the_shapes_is_declared(ontology: Ontology) -> None:
    used = {
        str(term)[len(ONTOLOGY_IRI) :]
        for triple in ontology.shapes
        for term in triple
        if str(term).startswith(ONTOLOGY_IRI)
    }
    assert used <= set(HRG.__annotations__)


def test_every_class_and_property_has_an_english_and_indonesian_label_for_classes(
    ontology: Ontology,
) -> None:
    from rdflib import OWL, RDF, RDFS

    graph: Graph = ontology.terms
    for cls in graph.subjects(RDF.type, OWL.Class):
        languages = {label.language for label in graph.objects(cls, RDFS.label) if isinstance(label, Literal)}
        assert {"en", "id"} <= languages, f"{cls} needs labels in en and id"
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in graph.subjects(RDF.type, kind):
            assert graph.value(prop, RDFS.label) is not None, f"{prop} has no label"
