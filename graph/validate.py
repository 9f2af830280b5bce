"""SHACL validation against ontology/shapes.ttl, each violation mapped to a file and line."""

from __future__ import annotations

from pydantic import BaseModel
from pyshacl import validate as shacl_validate
from rdflib import RDF, SH, Graph, Literal, URIRef
from rdflib.term import Node

from .assemble import Assembly
from .errors import Problem, Severity
from .model import field_for_key, field_predicate, yaml_key
from .ontology import Ontology
from .vocab import HRG


def validate_graph(assembly: Assembly, ontology: Ontology) -> list[Problem]:
    """Run the shapes on the assembled graph; return plain-words problems at file:line."""
    conforms, report, _ = shacl_validate(
        assembly.graph,
        shacl_graph=ontology.shapes,
        ont_graph=ontology.terms,
        inference="none",
        allow_warnings=True,
    )
    if conforms:
        return []
    assert isinstance(report, Graph)
    # only the report's own results: sh:detail results nested under them (e.g. why a value
    # failed sh:node) concern values, not records, and would print as unlocatable lines
    results = [
        r
        for report_node in report.subjects(RDF.type, SH.ValidationReport)
        for r in report.objects(report_node, SH.result)
    ]
    return sorted(_problem(report, result, assembly, ontology) for result in results)


def _problem(report: Graph, result: Node, assembly: Assembly, ontology: Ontology) -> Problem:
    focus = report.value(result, SH.focusNode)
    path = report.value(result, SH.resultPath)
    message = report.value(result, SH.resultMessage)
    shape = report.value(result, SH.sourceShape)
    value = report.value(result, SH.value)
    severity: Severity = "error" if report.value(result, SH.resultSeverity) == SH.Violation else "warning"
    hint = ontology.shapes.value(shape, HRG.hint) if shape is not None else None
    text = str(message) if message else "does not meet the ontology's constraints"
    if isinstance(value, Literal):
        text += f" (found {str(value)!r})"
    return located_problem(assembly, focus, path, text, str(hint or ""), severity)


def located_problem(
    assembly: Assembly, focus: Node | None, path: Node | None, text: str, hint: str, severity: Severity
) -> Problem:
    """A problem about a graph node, placed at the file and line of the YAML it came from:
    the line of the field whose predicate is `path`, else the record's (or part's) line."""
    origin = assembly.origins.get(focus) if isinstance(focus, URIRef) else None
    if origin is None:
        return Problem("(graph)", 0, f"<{focus}>: {text}", hint, severity)
    record, where = origin
    owner = _object_at(record, where)
    key = _key_for(type(owner), path) if isinstance(path, URIRef) else None
    line = record.line_of(*where, key) if key else record.line_of(*where)
    noun = getattr(owner, "noun", record.noun)
    subject = record.id if not where else f"{record.id} ({noun})"
    return Problem(record.file, line, f"{subject}: {text}", hint, severity)


def _object_at(record: BaseModel, where: tuple[str | int, ...]) -> BaseModel:
    """The record, or the nested part of it (a participant, a citation) at a YAML path."""
    obj: object = record
    for part in where:
        obj = obj[part] if isinstance(part, int) else getattr(obj, _field_name(type(obj), part))  # type: ignore[index, arg-type]
    assert isinstance(obj, BaseModel)
    return obj


def _field_name(model: type[BaseModel], key: str) -> str:
    return field_for_key(model, key) or key


def _key_for(model: type[BaseModel], predicate: URIRef) -> str | None:
    for name in model.model_fields:
        if field_predicate(model, name) == predicate:
            return yaml_key(model, name)
    if predicate in (HRG.citation, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")):
        return "cites"
    return None
