"""Each SHACL constraint is shown to fail on a graph that breaks it, and every violation is
reported in plain words at the file and line of the record it concerns."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest
from rdflib import RDF, SH, Graph, Literal, URIRef

from graph.core.ontology import Ontology, load_ontology
from graph.pipeline import Checked, check
from graph.rdf.assemble import Assembly
from tests.shacl_reference import validate_graph

from .conftest import GOLDEN, REPO

PARTIAL_DATE = URIRef("https://w3id.org/hrgraph/shapes#PartialDate")
SOURCE = URIRef("https://w3id.org/hrgraph/id/src/gazette-1")
COUNTRY = URIRef("https://w3id.org/hrgraph/id/country/atlantis")


def _constraints() -> Iterator[tuple[str, URIRef, URIRef, str, str]]:
    """(test id, target class, path, expected message, kind of break) for every constraint."""
    shapes = load_ontology(REPO / "ontology").shapes
    for shape, target in sorted(shapes.subject_objects(SH.targetClass)):
        for prop in sorted(shapes.objects(shape, SH.property), key=lambda p: str(shapes.value(p, SH.path))):
            path = shapes.value(prop, SH.path)
            assert isinstance(path, URIRef)
            name = f"{str(target).rsplit('#')[-1]}.{str(path).rsplit('/')[-1].rsplit('#')[-1]}"
            message = str(shapes.value(prop, SH.message))
            count = shapes.value(prop, SH.minCount)
            if count is not None and int(count) >= 1:
                yield f"{name}-missing", target, path, message, "missing"  # type: ignore[misc]
            if (prop, SH["class"], None) in shapes or (prop, SH.node, PARTIAL_DATE) in shapes:
                yield f"{name}-wrong-value", target, path, message, "wrong"  # type: ignore[misc]


def _broken(assembly: Assembly, target: URIRef, path: URIRef, how: str) -> Assembly | None:
    graph = assembly.graph
    nodes = [n for n in sorted(graph.subjects(RDF.type, target)) if (n, path, None) in graph]
    if not nodes:
        return None
    node = nodes[0]
    broken: Graph = copy.deepcopy(graph)
    broken.remove((node, path, None))
    if how == "wrong":
        wrong_kind = graph.value(node, path)
        if isinstance(wrong_kind, Literal):
            broken.add((node, path, Literal("some day")))
        else:
            broken.add((node, path, COUNTRY if wrong_kind == SOURCE else SOURCE))
    return Assembly(broken, assembly.base, assembly.origins)


CONSTRAINTS = list(_constraints())


@pytest.mark.parametrize(
    ("target", "path", "message", "how"), [c[1:] for c in CONSTRAINTS], ids=[c[0] for c in CONSTRAINTS]
)
def test_each_constraint_fails_on_a_graph_that_breaks_it(
    golden: Checked, ontology: Ontology, target: URIRef, path: URIRef, message: str, how: str
) -> None:
    broken = _broken(golden.assembly, target, path, how)
    if broken is None:
        pytest.fail(f"the golden dataset has no {target} with {path}: extend tests/fixtures/golden")
    problems = validate_graph(broken, ontology)
    matching = [p for p in problems if message in p.message]
    assert matching, f"expected '{message}', got {[str(p) for p in problems]}"
    for problem in matching:
        assert problem.file.endswith("golden.yaml"), str(problem)
        assert problem.line > 1
        assert "_:" not in problem.message and "http" not in problem.message.split(":", 1)[0]


def test_the_golden_and_seed_graphs_conform(golden: Checked, ontology: Ontology) -> None:
    assert validate_graph(golden.assembly, ontology) == []
    seed = check(REPO / "sources", REPO / "ontology")
    assert validate_graph(seed.assembly, ontology) == []


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
