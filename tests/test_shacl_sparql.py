"""The shapes compiled to SPARQL report exactly what pySHACL reports, constraint by constraint
(on the graph of tests/shape_breaks.py, where each constraint is broken on a node of its own)."""

from __future__ import annotations

import pytest

from graph.checks.shapes import compile_shapes, validate_with_sparql
from graph.core.errors import Problem
from graph.core.ontology import Ontology
from graph.pipeline import Checked
from graph.rdf.assemble import Assembly
from graph.rdf.dumps import to_ntriples
from graph.sparql.store import store_from_ntriples
from tests.shape_breaks import CONSTRAINTS, Breaks, Constraint


def compiled(assembly: Assembly, ontology: Ontology) -> list[Problem]:
    """hrgraph's own shape checks, on a store of the graph, as the pipeline runs them."""
    return validate_with_sparql(assembly, ontology, store_from_ntriples(to_ntriples(assembly.graph)))


@pytest.fixture(scope="module")
def compiled_on_breaks(shape_breaks: Breaks, ontology: Ontology) -> list[Problem]:
    return compiled(shape_breaks.assembly, ontology)


def test_every_shape_compiles(ontology: Ontology) -> None:
    assert len(compile_shapes(ontology.shapes)) >= 100


@pytest.mark.parametrize("case", CONSTRAINTS, ids=[c.name for c in CONSTRAINTS])
def test_same_violations_as_pyshacl(
    shape_breaks: Breaks,
    pyshacl_on_breaks: list[Problem],
    compiled_on_breaks: list[Problem],
    case: Constraint,
) -> None:
    assert case.name in shape_breaks.subjects
    reference = [str(p) for p in shape_breaks.problems_of(case.name, pyshacl_on_breaks)]
    ours = [str(p) for p in shape_breaks.problems_of(case.name, compiled_on_breaks)]
    assert reference, "the broken graph must violate something"
    assert ours == reference


def test_same_violations_as_pyshacl_on_the_whole_graph_of_breaks(
    pyshacl_on_breaks: list[Problem], compiled_on_breaks: list[Problem]
) -> None:
    assert sorted(str(p) for p in compiled_on_breaks) == sorted(str(p) for p in pyshacl_on_breaks)


def test_no_violations_on_the_golden_and_curated_data(
    golden: Checked,
    seed_checked: Checked,
    ontology: Ontology,
    pyshacl_on_golden_and_seed: tuple[list[Problem], ...],
) -> None:
    assert pyshacl_on_golden_and_seed == ([], [])
    assert compiled(golden.assembly, ontology) == []
    assert compiled(seed_checked.assembly, ontology) == []
