"""pySHACL, the reference implementation of SHACL, run on an assembled graph: the tests compare
hrgraph's own shape checks (graph.checks.shapes) with it. pySHACL is a test dependency only."""

from __future__ import annotations

from pyshacl import validate as shacl_validate
from rdflib import RDF, SH, Graph, Literal
from rdflib.term import Node

from graph.checks.locate import located_problem
from graph.core.errors import Problem, Severity
from graph.core.ontology import Ontology
from graph.core.vocab import HRG
from graph.rdf.assemble import Assembly


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
    # one problem per node, field and message, as hrgraph lists them: a value breaking two
    # constraints of one property shape (sh:class and sh:node) is one problem
    return sorted({_problem(report, result, assembly, ontology) for result in results})


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
