"""Each SHACL constraint is shown to fail on a graph that breaks it, and every violation is
reported in plain words at the file and line of the record it concerns (by pySHACL, the
reference implementation; tests/shape_breaks.py makes the graph that breaks them all)."""

from __future__ import annotations

import copy

import pytest
from rdflib import URIRef

from graph.core.errors import Problem
from graph.core.ontology import Ontology
from graph.pipeline import Checked
from graph.rdf.assemble import Assembly
from tests.shacl_reference import validate_graph
from tests.shape_breaks import CONSTRAINTS, Breaks, Constraint

from .conftest import GOLDEN


@pytest.mark.parametrize("case", CONSTRAINTS, ids=[c.name for c in CONSTRAINTS])
def test_each_constraint_fails_on_a_graph_that_breaks_it(
    shape_breaks: Breaks, pyshacl_on_breaks: list[Problem], case: Constraint
) -> None:
    if case.name not in shape_breaks.subjects:
        pytest.fail(f"the golden dataset has no {case.target} with {case.path}: extend tests/fixtures/golden")
    problems = shape_breaks.problems_of(case.name, pyshacl_on_breaks)
    matching = [p for p in problems if case.message in p.message]
    assert matching, f"expected '{case.message}', got {[str(p) for p in problems]}"
    for problem in matching:
        assert problem.file.endswith("golden.yaml"), str(problem)
        assert problem.line > 1
        assert "_:" not in problem.message and "http" not in problem.message.split(":", 1)[0]


def test_only_the_broken_copies_violate(shape_breaks: Breaks, pyshacl_on_breaks: list[Problem]) -> None:
    """Every problem found is one case's: the golden records beside the copies stay valid."""
    assert pyshacl_on_breaks
    each_case = [
        p for case in shape_breaks.subjects for p in shape_breaks.problems_of(case, pyshacl_on_breaks)
    ]
    assert sorted(each_case) == sorted(pyshacl_on_breaks)


def test_the_golden_and_seed_graphs_conform(pyshacl_on_golden_and_seed: tuple[list[Problem], ...]) -> None:
    golden, seed = pyshacl_on_golden_and_seed
    assert golden == []
    assert seed == []


def test_a_missing_citation_points_at_the_record(golden: Checked, ontology: Ontology) -> None:
    graph = copy.deepcopy(golden.assembly.graph)
    person = URIRef("https://w3id.org/hrgraph/id/person/ana")
    graph.remove((person, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None))
    problems = validate_graph(Assembly(graph, golden.assembly.base, golden.assembly.origins), ontology)
    lines = (GOLDEN / "sources" / "golden.yaml").read_text().splitlines()
    (problem,) = problems
    assert problem.message == "person/ana: cites no source"
    assert problem.hint.startswith("add cites:")
    assert lines[problem.line - 1].strip().startswith("cites:")
