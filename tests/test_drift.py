"""The record models (graph/ingest/records.py, read as one table by graph.ingest.fields) and the
SHACL shapes (ontology/shapes.ttl) must state the same constraints: this test fails when one
changes without the other.

For every field that becomes a predicate: one property shape; required ↔ sh:minCount 1; one
value ↔ sh:maxCount 1; an enumeration ↔ sh:in; a pattern ↔ sh:pattern; how the value is written
(a date, text by language, a number, ...) ↔ sh:datatype / sh:node / sh:nodeKind and
sh:minInclusive; nested records ↔ sh:class; the record rules ↔ node-level sh:or. What an id may
name is checked by running both SHACL engines (pySHACL and ours) on a graph where each such field
names one thing of every kind: the shapes must refuse exactly the kinds the model refuses."""

from __future__ import annotations

import copy
import typing
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from pydantic import BaseModel
from pyshacl import validate as shacl_validate
from rdflib import OWL, RDF, SH, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from graph.checks.shapes import find_violations, validate_with_sparql
from graph.core.ontology import Ontology
from graph.core.vocab import CONCEPT_SCHEMES, HRG, PROV, RDFS, XSD
from graph.ingest.fields import FieldSpec, fields_by_predicate, fields_of
from graph.ingest.records import (
    NESTED_TYPES,
    PREFIXES,
    RECORD_TYPES,
    Aliases,
    Citation,
    Claim,
    ClockTime,
    Count,
    Date,
    FieldKey,
    Flag,
    LangTag,
    LangText,
    Nested,
    Note,
    PositiveCount,
    Record,
    Ref,
    Tenure,
    Text,
    Url,
    WikidataId,
)
from graph.pipeline import Checked
from graph.rdf.assemble import Assembly
from graph.rdf.dumps import to_ntriples
from graph.sparql.store import store_from_ntriples
from tests.shacl_reference import validate_graph

MODELS: tuple[type[BaseModel], ...] = (*RECORD_TYPES, *NESTED_TYPES, Claim, Citation)
SHAPES = "https://w3id.org/hrgraph/shapes#"
CITED_SHAPE = URIRef(SHAPES + "Cited")
# Links the assembler adds itself, so no curator writes them; and the citations of a node (its
# `cites:`), which hrgsh:Cited checks.
ASSEMBLED = {
    HRG.Participation: {HRG.meeting},
    HRG.Commitment: {HRG.currentStatus},
    HRG.Claim: {HRG.claimPredicate},
}
CITATIONS = {PROV.wasDerivedFrom, HRG.citation}
IRI = URIRef("urn:hrgraph:test:any-iri")  # stands for "an IRI" among the datatypes a shape accepts

# How each value type of the records is written in the graph: the datatypes of its literals (or
# IRI), and the smallest number it may be.
WRITTEN_AS: dict[object, tuple[frozenset[URIRef], int | None]] = {
    Date: (frozenset({XSD.date, XSD.gYearMonth, XSD.gYear}), None),
    ClockTime: (frozenset({XSD.time}), None),
    Text: (frozenset({XSD.string}), None),
    LangText: (frozenset({RDF.langString}), None),
    Note: (frozenset({RDF.langString}), None),
    Aliases: (frozenset({RDF.langString}), None),
    LangTag: (frozenset({XSD.language}), None),
    Url: (frozenset({IRI}), None),
    WikidataId: (frozenset({IRI}), None),
    Ref: (frozenset({IRI}), None),
    FieldKey: (frozenset({IRI}), None),  # a field's key, written as its property's IRI
    Count: (frozenset({XSD.integer, XSD.decimal}), 0),
    PositiveCount: (frozenset({XSD.integer}), 1),
    Flag: (frozenset({XSD.boolean}), None),
}


# ---------------------------------------------------------------- reading the shapes


def _own_shapes(shapes: Graph, model: type[BaseModel]) -> set[Node]:
    """The node shapes that target the model's class, or the subjects of one of its predicates."""
    predicates = {spec.predicate for spec in fields_of(model).values()}
    return set(shapes.subjects(SH.targetClass, model.rdf_type)) | {  # type: ignore[attr-defined]
        s for p in predicates for s in shapes.subjects(SH.targetSubjectsOf, p)
    }


def _inherited_shapes(shapes: Graph, ontology: Ontology, model: type[BaseModel]) -> set[Node]:
    """The node shapes that target a superclass of the model's class (hrgsh:Place for a country)."""
    rdf_type = model.rdf_type  # type: ignore[attr-defined]
    above = set(ontology.terms.transitive_objects(rdf_type, RDFS.subClassOf)) - {rdf_type}
    return {s for c in above for s in shapes.subjects(SH.targetClass, c)}


def _applying_shapes(shapes: Graph, ontology: Ontology, model: type[BaseModel]) -> set[Node]:
    return _own_shapes(shapes, model) | _inherited_shapes(shapes, ontology, model)


def _property_shapes(shapes: Graph, node_shapes: set[Node]) -> dict[URIRef, list[Node]]:
    """The property shapes of some node shapes, by path."""
    found: dict[URIRef, list[Node]] = {}
    for shape in node_shapes:
        for prop in shapes.objects(shape, SH.property):
            path = shapes.value(prop, SH.path)
            assert isinstance(path, URIRef), f"{shape}: only predicate paths are used"
            found.setdefault(path, []).append(prop)
    return found


def _accepted(shapes: Graph, shape: Node) -> frozenset[URIRef] | None:
    """The datatypes (and IRI) a value may have under `shape`'s constraints; None: any."""
    accepted: frozenset[URIRef] | None = None

    def narrow(to: frozenset[URIRef] | None) -> None:
        nonlocal accepted
        if to is not None:
            accepted = to if accepted is None else accepted & to

    for datatype in shapes.objects(shape, SH.datatype):
        narrow(frozenset({URIRef(str(datatype))}))
    if (shape, SH.nodeKind, SH.IRI) in shapes or (shape, SH["class"], None) in shapes:
        narrow(frozenset({IRI}))
    for allowed in shapes.objects(shape, SH["in"]):
        narrow(frozenset(_datatype_of(v) for v in Collection(shapes, allowed)))
    for either in shapes.objects(shape, SH["or"]):
        members = [_accepted(shapes, m) for m in Collection(shapes, either)]
        narrow(None if None in members else frozenset().union(*members))  # type: ignore[arg-type]
    for node in shapes.objects(shape, SH.node):
        narrow(_accepted(shapes, node))
    return accepted


def _datatype_of(term: Node) -> URIRef:
    if isinstance(term, Literal):
        return term.datatype or (RDF.langString if term.language else XSD.string)
    return IRI


def _minimum(shapes: Graph, shape: Node) -> int | None:
    low = shapes.value(shape, SH.minInclusive)
    return int(low) if isinstance(low, Literal) else None


# ---------------------------------------------------------------- reading the models


def _written_as(model: type[BaseModel], spec: FieldSpec) -> tuple[frozenset[URIRef], int | None] | None:
    """How the model writes a field's values in the graph; None for a value of any type."""
    info = model.model_fields[spec.name]
    if spec.part is not None:
        return frozenset({IRI}), None
    if spec.choices:
        return frozenset({XSD.string}), None
    if spec.lang_from:
        return frozenset({RDF.langString}), None
    if info.annotation is typing.Any:
        return None
    validators = set(_validators(info.annotation, info.metadata))
    found = [written for alias, written in WRITTEN_AS.items() if set(_validators(alias, [])) & validators]
    if not found and spec.pattern:  # a plain str with a pydantic pattern
        return frozenset({XSD.string}), None
    assert len(found) == 1, f"{model.__name__}.{spec.name}: add its value type to WRITTEN_AS"
    return found[0]


def _validators(annotation: object, metadata: list[object]) -> Iterator[object]:
    """The pydantic validators of a type, through unions, lists and Annotated."""
    for item in metadata:
        if hasattr(item, "func"):
            yield item
    if typing.get_origin(annotation) is typing.Annotated:
        inner, *extras = typing.get_args(annotation)
        yield from _validators(inner, extras)
    else:
        for arg in typing.get_args(annotation):
            yield from _validators(arg, [])


def _fields_with_predicates() -> Iterator[tuple[type[BaseModel], FieldSpec]]:
    for model in MODELS:
        for spec in fields_of(model).values():
            if spec.predicate is not None:
                yield model, spec


FIELDS = list(_fields_with_predicates())


def _field_id(item: tuple[type[BaseModel], FieldSpec]) -> str:
    return f"{item[0].__name__}.{item[1].key}"


# ---------------------------------------------------------------- one field, one shape, same constraints


@pytest.mark.parametrize("field", FIELDS, ids=_field_id)
def test_each_field_has_one_property_shape_that_agrees(
    field: tuple[type[BaseModel], FieldSpec], ontology: Ontology
) -> None:
    model, spec = field
    shapes = ontology.shapes
    assert spec.predicate is not None
    own = _property_shapes(shapes, _own_shapes(shapes, model)).get(spec.predicate, [])
    assert len(own) == 1, f"{len(own)} property shapes for {spec.predicate} on {model.__name__}"
    inherited = _property_shapes(shapes, _inherited_shapes(shapes, ontology, model)).get(spec.predicate, [])
    for prop in own + inherited:
        _agrees(shapes, prop, model, spec)


def _agrees(shapes: Graph, prop: Node, model: type[BaseModel], spec: FieldSpec) -> None:

    low = shapes.value(prop, SH.minCount)
    required_in_shape = isinstance(low, Literal) and int(low) >= 1
    assert required_in_shape == (spec.required or spec.defaulted), "required in one, optional in the other"

    high = shapes.value(prop, SH.maxCount)
    assert (isinstance(high, Literal) and int(high) == 1) == (not spec.many), (
        "one value ↔ sh:maxCount 1; a list or text by language ↔ no sh:maxCount"
    )

    allowed = shapes.value(prop, SH["in"])
    in_shape = {str(v) for v in Collection(shapes, allowed)} if allowed is not None else set()
    assert in_shape == set(spec.choices), "the enumeration differs"

    pattern = shapes.value(prop, SH.pattern)
    assert (str(pattern) if pattern is not None else None) == spec.pattern, "the pattern differs"

    written = _written_as(model, spec)
    if written is not None:
        datatypes, minimum = written
        assert _accepted(shapes, prop) == datatypes, "the shape accepts other datatypes than the model writes"
        assert _minimum(shapes, prop) == minimum, "the smallest number differs"
    if spec.part is not None:
        assert shapes.value(prop, SH["class"]) == spec.part.rdf_type  # type: ignore[attr-defined]
    if not spec.targets and spec.part is None:
        assert (prop, SH["class"], None) not in shapes, "a class on a field that names no id"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_property_shape_is_a_field(model: type[BaseModel], ontology: Ontology) -> None:
    """A model's shapes constrain only its fields (or links the assembler adds); a superclass's
    shape may constrain others, but require none (hrgsh:Place's in: on a country)."""
    shapes = ontology.shapes
    in_model = set(fields_by_predicate(model))
    own = _own_shapes(shapes, model)
    assembled = ASSEMBLED.get(model.rdf_type, set())  # type: ignore[attr-defined]
    # a shape targeting the subjects of several predicates constrains them all
    subjects_of = {p for shape in own for p in shapes.objects(shape, SH.targetSubjectsOf)}
    assert set(_property_shapes(shapes, own)) - in_model - assembled - CITATIONS - subjects_of == set()
    inherited = _property_shapes(shapes, _inherited_shapes(shapes, ontology, model))
    required = {p for p, props in inherited.items() if any(shapes.value(q, SH.minCount) for q in props)}
    assert required - in_model == set()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_record_rules_agree(model: type[BaseModel], ontology: Ontology) -> None:
    """Each rule "at least one of these fields" ↔ a node-level sh:or of [sh:path P ; sh:minCount 1]."""
    shapes = ontology.shapes
    in_shapes = set()
    for shape in _applying_shapes(shapes, ontology, model):
        for either in shapes.objects(shape, SH["or"]):
            members = list(Collection(shapes, either))
            in_shapes.add(frozenset(shapes.value(m, SH.path) for m in members))
            assert all(shapes.value(m, SH.minCount) == Literal(1) for m in members)
    fields = fields_of(model)
    in_model = {
        frozenset(fields[name].predicate for name in rule.fields) for rule in getattr(model, "rules", ())
    }
    assert in_shapes == in_model


# ---------------------------------------------------------------- what an id may name, run by both engines


def _one_of_each_kind(golden: Checked, ontology: Ontology) -> dict[str, Node]:
    """A node of every kind an id may name (a record of each section, a concept of each scheme),
    and a plain text, which no id field accepts."""
    base = golden.assembly.base
    found: dict[str, Node] = {"(text)": Literal("not an id")}
    for prefix in sorted(PREFIXES):
        nodes = sorted(str(n) for n in golden.assembly.origins if str(n).startswith(f"{base}{prefix}/"))
        records = [n for n in nodes if n.count("/") == base.count("/") + 1]
        assert records, f"the golden data has no {prefix}/ record: extend tests/fixtures/golden"
        found[prefix] = URIRef(records[0])
    for scheme in CONCEPT_SCHEMES:
        concepts = sorted(iri for short, iri in ontology.concepts.items() if short.startswith(scheme + "/"))
        assert concepts, f"no concept of the {scheme} scheme"
        found[scheme] = concepts[0]
    return found


@pytest.fixture(scope="module")
def every_kind_named(
    golden: Checked, ontology: Ontology
) -> tuple[Graph, dict[tuple[URIRef, URIRef], set[str]]]:
    """The golden graph where each id field of each model names one thing of every kind: (the
    graph, the kinds each (node, predicate) must refuse)."""
    graph = copy.deepcopy(golden.assembly.graph)
    kinds = _one_of_each_kind(golden, ontology)
    refused: dict[tuple[URIRef, URIRef], set[str]] = {}
    for model, spec in FIELDS:
        if not spec.targets:
            continue
        assert spec.predicate is not None
        focus = min(graph.subjects(RDF.type, model.rdf_type), key=str)  # type: ignore[attr-defined]
        assert isinstance(focus, URIRef)
        graph.remove((focus, spec.predicate, None))
        for node in kinds.values():
            graph.add((focus, spec.predicate, node))
        refused[focus, spec.predicate] = {kind for kind in kinds if kind not in spec.targets}
    return graph, refused


def _refused_by(
    results: Iterator[tuple[Node | None, Node | None, Node | None]], kinds: dict[str, Node]
) -> dict[tuple[URIRef, URIRef], set[str]]:
    by_node = {node: kind for kind, node in kinds.items()}
    found: dict[tuple[URIRef, URIRef], set[str]] = {}
    for focus, path, value in results:
        if value in by_node:
            if not (isinstance(focus, URIRef) and isinstance(path, URIRef)):
                continue  # a node-level result: no field to compare
            found.setdefault((focus, path), set()).add(by_node[value])
    return found


def test_ids_name_only_the_kinds_the_model_allows_under_pyshacl(
    every_kind_named: tuple[Graph, dict[tuple[URIRef, URIRef], set[str]]], golden: Checked, ontology: Ontology
) -> None:
    graph, expected = every_kind_named
    _, report, _ = shacl_validate(
        graph, shacl_graph=ontology.shapes, ont_graph=ontology.terms, inference="none", allow_warnings=True
    )
    assert isinstance(report, Graph)
    results = (
        (report.value(r, SH.focusNode), report.value(r, SH.resultPath), report.value(r, SH.value))
        for r in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(r, SH.sourceConstraintComponent)
        in (SH.ClassConstraintComponent, SH.NodeConstraintComponent, SH.OrConstraintComponent)
    )
    refused = _refused_by(results, _one_of_each_kind(golden, ontology))
    assert {k: refused.get(k, set()) for k in expected} == expected


def test_ids_name_only_the_kinds_the_model_allows_under_our_sparql(
    every_kind_named: tuple[Graph, dict[tuple[URIRef, URIRef], set[str]]], golden: Checked, ontology: Ontology
) -> None:
    graph, expected = every_kind_named
    violations = find_violations(ontology, store_from_ntriples(to_ntriples(graph)))
    results = (
        (URIRef(v.focus.value), v.check.path, _term(v.value))
        for v in violations
        if v.value is not None and v.check.path is not None
    )
    refused = _refused_by(results, _one_of_each_kind(golden, ontology))
    assert {k: refused.get(k, set()) for k in expected} == expected


def _term(value: object) -> Node:
    if isinstance(value, ox.Literal):
        return Literal(value.value)
    if isinstance(value, ox.NamedNode):
        return URIRef(value.value)
    return BNode()


# ---------------------------------------------------------------- classes and citations


def _shape_for(shapes: Graph, rdf_type: URIRef) -> URIRef | None:
    found = [s for s in shapes.subjects(SH.targetClass, rdf_type) if s != CITED_SHAPE]
    assert len(found) <= 1, f"several node shapes target {rdf_type}"
    return found[0] if found else None  # type: ignore[return-value]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_has_a_node_shape(model: type[BaseModel], ontology: Ontology) -> None:
    rdf_type = model.rdf_type  # type: ignore[attr-defined]
    assert _shape_for(ontology.shapes, rdf_type) is not None, f"no SHACL node shape targets {rdf_type}"


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
    for model in MODELS:
        rdf_type = model.rdf_type  # type: ignore[attr-defined]
        assert (rdf_type, RDF.type, OWL.Class) in ontology.terms, f"{rdf_type} is not an owl:Class"


# ---------------------------------------------------------------- each hint in one place


def test_hints_live_on_fields_not_in_the_shapes(ontology: Ontology) -> None:
    """A property shape carries hrg:hint only for a link no curator writes (no field can carry it)."""
    shapes = ontology.shapes
    for prop, hint in shapes.subject_objects(HRG.hint):
        path = shapes.value(prop, SH.path)
        assert path is not None, f"node-level hint {hint!r}: put it on the model's rule instead"
        targets = [t for s in shapes.subjects(SH.property, prop) for t in shapes.objects(s, SH.targetClass)]
        assert all(path in ASSEMBLED.get(URIRef(str(t)), set()) for t in targets), (
            f"{hint!r}: put it on the field"
        )


def test_no_field_hint_is_copied_into_the_shapes(ontology: Ontology) -> None:
    in_shapes = {str(hint) for hint in ontology.shapes.objects(None, HRG.hint)}
    on_fields = {spec.hint for model in MODELS for spec in fields_of(model).values() if spec.hint}
    assert in_shapes & on_fields == set()


def test_a_broken_record_rule_is_told_with_the_rules_hint(golden: Checked, ontology: Ontology) -> None:
    """The node-level sh:or of a tenure carries no hint: both engines give the model rule's."""
    graph = copy.deepcopy(golden.assembly.graph)
    tenure = URIRef(golden.assembly.base + "tenure/ana-minister")
    graph.remove((tenure, HRG.startDate, None))
    broken = Assembly(graph, golden.assembly.base, golden.assembly.origins)
    ours = validate_with_sparql(broken, ontology, store_from_ntriples(to_ntriples(graph)))
    (problem,) = ours
    assert problem.message.startswith("tenure/ana-minister: a tenure needs its start")
    assert problem.hint == Tenure.rules[0].hint
    assert validate_graph(broken, ontology) == ours
