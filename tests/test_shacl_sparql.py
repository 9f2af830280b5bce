"""The shapes compiled to SPARQL report exactly what pySHACL reports, constraint by constraint."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from graph.checks.shapes import compile_shapes, validate_with_sparql
from graph.core.ontology import Ontology
from graph.pipeline import Checked, check
from graph.rdf.dumps import to_ntriples
from graph.sparql.store import store_from_ntriples
from tests.shacl_reference import validate_graph

from .conftest import REPO
from .test_shapes import CONSTRAINTS, _broken


def _both(assembly, ontology: Ontology) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    reference = sorted(str(p) for p in validate_graph(assembly, ontology))
    compiled = validate_with_sparql(assembly, ontology, store_from_ntriples(to_ntriples(assembly.graph)))
    return reference, sorted(str(p) for p in compiled)


def test_every_shape_compiles(ontology: Ontology) -> None:
    assert len(compile_shapes(ontology.shapes)) >= 100


@pytest.mark.parametrize(
    ("target", "path", "message", "how"), [c[1:] for c in CONSTRAINTS], ids=[c[0] for c in CONSTRAINTS]
)
def test_same_violations_as_pyshacl(
    golden: Checked, ontology: Ontology, target: URIRef, path: URIRef, message: str, how: str
) -> None:
    broken = _broken(golden.assembly, target, path, how)
    assert broken is not None
    reference, compiled = _both(broken, ontology)
    assert reference, "the broken graph must violate something"
    assert compiled == reference


def test_no_violations_on_the_golden_and_curated_data(golden: Checked, ontology: Ontology) -> None:
    assert _both(golden.assembly, ontology) == ([], [])
    seed = check(REPO / "sources", REPO / "ontology")
    assert _both(seed.assembly, ontology) == ([], [])
