"""The pydantic models and the SHACL shapes must describe the same classes and required
properties: this test fails when one changes without the other."""

from __future__ import annotations

import pytest
from pydantic import BaseModel
from rdflib import RDF, SH, Graph, Literal, URIRef

from graph.core.ontology import Ontology
from graph.core.vocab import HRG
from graph.ingest.records import NESTED_TYPES, RECORD_TYPES, Citation, Claim, Nested, Record, field_predicate

MODELS: tuple[type[BaseModel], ...] = (*RECORD_TYPES, *NESTED_TYPES, Claim, Citation)
# Links the assembler adds itself, so no curator writes them.
ASSEMBLED = {HRG.Participation: {HRG.meeting}}
CITED_SHAPE = URIRef("https://w3id.org/hrgraph/shapes#Cited")


def _shape_for(shapes: Graph, rdf_type: URIRef) -> URIRef | None:
    found = [s for s in shapes.subjects(SH.targetClass, rdf_type) if s != CITED_SHAPE]
    assert len(found) <= 1, f"several node shapes target {rdf_type}"
    return found[0] if found else None  # type: ignore[return-value]


def _required_in_shape(shapes: Graph, shape: URIRef) -> set[URIRef]:
    required = set()
    for prop in shapes.objects(shape, SH.property):
        count = shapes.value(prop, SH.minCount)
        if isinstance(count, Literal) and int(count) >= 1:
            required.add(URIRef(str(shapes.value(prop, SH.path))))
    return required


def _required_in_model(model: type[BaseModel]) -> set[URIRef]:
    required = set()
    for name, info in model.model_fields.items():
        predicate = field_predicate(model, name)
        always_there = info.is_required() or info.default is not None
        if predicate is not None and always_there:
            required.add(predicate)
    return required


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_required_properties_agree(model: type[BaseModel], ontology: Ontology) -> None:
    rdf_type = model.rdf_type  # type: ignore[attr-defined]
    shape = _shape_for(ontology.shapes, rdf_type)
    assert shape is not None, f"no SHACL node shape targets {rdf_type} (model {model.__name__})"
    in_shape = _required_in_shape(ontology.shapes, shape) - ASSEMBLED.get(rdf_type, set())
    in_model = _required_in_model(model)
    assert in_model - in_shape == set(), f"{model.__name__}: required in the model, optional in SHACL"
    assert in_shape - in_model == set(), f"{model.__name__}: required in SHACL, optional in the model"


def test_every_node_shape_has_a_model(ontology: Ontology) -> None:
    modelled = {m.rdf_type for m in MODELS}  # type: ignore[attr-defined]
    targets = {o for s, o in ontology.shapes.subject_objects(SH.targetClass) if s != CITED_SHAPE}
    assert targets - modelled == set(), "a SHACL shape targets a class no model produces"


def test_citation_requirement_agrees(ontology: Ontology) -> None:
    cited_in_shapes = set(ontology.shapes.objects(CITED_SHAPE, SH.targetClass))
    cited_in_models = {
        m.rdf_type  # type: ignore[attr-defined]
        for m in MODELS
        if (issubclass(m, Record) and m.cites_required)
        or issubclass(m, Nested)
        or ("cites" in m.model_fields and m.model_fields["cites"].is_required())
    }
    assert cited_in_shapes == cited_in_models


def test_every_model_class_is_declared_in_the_ontology(ontology: Ontology) -> None:
    from rdflib import OWL

    for model in MODELS:
        rdf_type = model.rdf_type  # type: ignore[attr-defined]
        assert (rdf_type, RDF.type, OWL.Class) in ontology.terms, f"{rdf_type} is not an owl:Class"
