"""Where a problem found in the graph was written: the file and line of the YAML behind a node."""

from __future__ import annotations

from pydantic import BaseModel
from rdflib import URIRef
from rdflib.term import Node

from graph.core.errors import Problem, Severity
from graph.core.vocab import HRG
from graph.ingest.records import field_for_key, field_predicate, yaml_key
from graph.rdf.assemble import Assembly


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
