"""Where a problem found in the graph was written: the file and line of the YAML behind a node,
and the fix hint of the field (or record rule) it concerns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from pydantic import BaseModel
from rdflib import URIRef
from rdflib.term import Node

from graph.core.errors import Problem, Severity
from graph.core.vocab import HRG, PROV
from graph.ingest.fields import FieldSpec, fields_by_key, fields_by_predicate, fields_of
from graph.rdf.assemble import Assembly

# The predicates the citations of a node become, all written under its `cites:`
CITATION_PREDICATES = (HRG.citation, PROV.wasDerivedFrom)


def located_problem(
    assembly: Assembly, focus: Node | None, path: Node | None, text: str, hint: str, severity: Severity
) -> Problem:
    """A problem about a graph node, placed at the file and line of the YAML it came from:
    the line of the field whose predicate is `path`, else the record's (or part's) line. With no
    `hint`, the field's own hint is given (for no `path`, the hint of the record's rules)."""
    nodes = frozenset({str(focus)}) if isinstance(focus, URIRef) else frozenset()
    origin = assembly.origins.get(focus) if isinstance(focus, URIRef) else None
    if origin is None:
        return Problem("(graph)", 0, f"<{focus}>: {text}", hint, severity, nodes)
    record, where = origin
    owner = _object_at(record, where)
    spec = _field_for(type(owner), path) if isinstance(path, URIRef) else None
    line = record.line_of(*where, spec.key) if spec else record.line_of(*where)
    noun = getattr(owner, "noun", record.noun)
    subject = record.id if not where else f"{record.id} ({noun})"
    if not hint:
        hint = spec.hint if spec else _rules_hint(owner) if path is None else ""
    return Problem(record.file, line, f"{subject}: {text}", hint, severity, nodes)


def merged_problems(problems: Iterable[Problem]) -> list[Problem]:
    """The problems, each once and in order, a problem found at several nodes naming them all."""
    found: dict[Problem, Problem] = {}
    for problem in problems:
        known = found.get(problem)
        found[problem] = problem if known is None else replace(known, nodes=known.nodes | problem.nodes)
    return sorted(found.values())


def _object_at(record: BaseModel, where: tuple[str | int, ...]) -> BaseModel:
    """The record, or the nested part of it (a participant, a citation) at a YAML path."""
    obj: object = record
    for part in where:
        if isinstance(part, int):
            obj = obj[part]  # type: ignore[index]
        else:
            assert isinstance(obj, BaseModel)
            obj = getattr(obj, fields_by_key(type(obj))[part].name)
    assert isinstance(obj, BaseModel)
    return obj


def _field_for(model: type[BaseModel], predicate: URIRef) -> FieldSpec | None:
    """The field whose values become `predicate` (a node's citations: its `cites`)."""
    if predicate in CITATION_PREDICATES:
        return fields_of(model).get("cites")
    return fields_by_predicate(model).get(predicate)


def _rules_hint(owner: BaseModel) -> str:
    """The hint of the record rules a node-level constraint stands for (see Record.rules)."""
    return "; ".join(rule.hint for rule in getattr(owner, "rules", ()))
