"""Every word for a class, a property or a concept has one home, the ontology's labels, in each
language readers are offered; `Ontology.label` reads them with a fallback to English."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, Literal, URIRef

from graph.core.languages import LANGUAGES
from graph.core.ontology import Ontology, load_ontology, shipped_ontology
from graph.core.vocab import HRG, RDF, RDFS, SKOS

KINDS_OF_TERM = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def _terms(ontology: Ontology) -> list[tuple[URIRef, URIRef]]:
    """Every class and property with rdfs:label, every scheme and concept with skos:prefLabel."""
    terms = [(term, RDFS.label) for kind in KINDS_OF_TERM for term in ontology.terms.subjects(RDF.type, kind)]
    terms += [
        (term, SKOS.prefLabel)
        for kind in (SKOS.Concept, SKOS.ConceptScheme)
        for term in ontology.vocabularies.subjects(RDF.type, kind)
    ]
    return [(term, predicate) for term, predicate in terms if isinstance(term, URIRef)]


def test_every_class_property_and_concept_is_named_in_each_language(ontology: Ontology) -> None:
    terms = _terms(ontology)
    assert len(terms) > 100
    missing = []
    for term, predicate in terms:
        graph = ontology.terms if predicate == RDFS.label else ontology.vocabularies
        labels = [o for o in graph.objects(term, predicate) if isinstance(o, Literal)]
        languages = [label.language or "" for label in labels]
        if sorted(languages) != sorted(LANGUAGES) or not all(str(label).strip() for label in labels):
            missing.append(f"{term}: {sorted(languages)}")
    assert missing == [], "each needs exactly one label in each of en, id and km"


def test_a_label_in_each_language(ontology: Ontology) -> None:
    assert [ontology.label(HRG.Observation, lang) for lang in LANGUAGES] == ["Figure", "Angka", "តួលេខ"]
    assert ontology.label(HRG.capacity, "km") == "ចូលរួមក្នុងនាមជា"
    status = URIRef("https://w3id.org/hrgraph/status/fulfilled")
    assert ontology.label(status, "id") == "Terpenuhi"


def test_a_missing_language_falls_back_to_english_then_to_the_local_name(tmp_path: Path) -> None:
    (tmp_path / "hrgraph.ttl").write_text(
        "@prefix hrg: <https://w3id.org/hrgraph/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'hrg:Person a owl:Class ; rdfs:label "Person"@en , "Orang"@id .\n'
        'hrg:host a owl:ObjectProperty ; rdfs:label "host" .\n'
        "hrg:postIn a owl:ObjectProperty .\n",
        encoding="utf-8",
    )
    ontology = load_ontology(tmp_path)
    assert ontology.label(HRG.Person, "id") == "Orang"
    assert ontology.label(HRG.Person, "km") == "Person"
    assert ontology.label(HRG.host, "km") == "host"  # no language tag reads as English
    assert ontology.label(HRG.postIn, "en") == "postIn"
    assert ontology.label(URIRef("https://w3id.org/hrgraph/status/"), "en") == "status"


def test_the_labels_are_read_once() -> None:
    shipped = shipped_ontology()
    assert shipped is shipped_ontology()
    assert shipped.labels is shipped.labels


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_shipped_ontology_names_the_code_s_terms(lang: str) -> None:
    assert shipped_ontology().label(HRG.Meeting, lang) == shipped_ontology().labels[HRG.Meeting][lang]
