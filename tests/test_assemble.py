"""Assembly against a golden graph, compared as graphs (isomorphism) with a readable diff."""

from __future__ import annotations

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.compare import graph_diff, to_isomorphic

from graph.core.vocab import HRG
from graph.ingest.records import PartialDate
from graph.pipeline import Checked
from graph.rdf.assemble import assemble, date_literal

from .conftest import GOLDEN


def _data_only(checked: Checked) -> Graph:
    graph = Graph()
    for triple in checked.assembly.graph:
        if triple not in checked.ontology.vocabularies:
            graph.add(triple)
    return graph


def _readable_diff(expected: Graph, actual: Graph) -> str:
    _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    return (
        "missing from the built graph:\n"
        + "\n".join(sorted(f"  {t}" for t in missing.serialize(format="nt").splitlines() if t))
        + "\nnot expected in the built graph:\n"
        + "\n".join(sorted(f"  {t}" for t in extra.serialize(format="nt").splitlines() if t))
    )


def test_golden_graph_is_isomorphic(golden: Checked) -> None:
    expected = Graph().parse(GOLDEN / "expected.ttl")
    actual = _data_only(golden)
    assert to_isomorphic(actual) == to_isomorphic(expected), _readable_diff(expected, actual)


def test_dates_keep_the_precision_the_curator_gave() -> None:
    assert date_literal(PartialDate.parse(1988)) == Literal("1988", datatype=XSD.gYear)
    assert date_literal(PartialDate.parse("1988-07")) == Literal("1988-07", datatype=XSD.gYearMonth)
    assert date_literal(PartialDate.parse("1988-07-25")) == Literal("1988-07-25", datatype=XSD.date)


def test_iris_are_the_base_plus_the_curators_id(golden: Checked) -> None:
    other = assemble(golden.dataset, golden.ontology, base="https://example.org/kb/")
    person = URIRef("https://example.org/kb/person/ana")
    assert (person, HRG.nationality, URIRef("https://example.org/kb/country/atlantis")) in other.graph
    assert not any("w3id.org/hrgraph/id/" in str(s) for s in other.graph.subjects())


def test_the_latest_status_report_is_the_current_status(golden: Checked) -> None:
    graph = golden.assembly.graph
    commitment = URIRef("https://w3id.org/hrgraph/id/commitment/c1")
    assert graph.value(commitment, HRG.currentStatus) == URIRef("https://w3id.org/hrgraph/status/fulfilled")
    assert graph.value(commitment, HRG.asOf) == Literal("2021-03", datatype=XSD.gYearMonth)


def test_no_timestamps_or_blank_nodes_in_the_graph(golden: Checked) -> None:
    from rdflib import BNode

    graph = golden.assembly.graph
    assert not any(isinstance(term, BNode) for triple in graph for term in triple)
    assert not any(o.datatype == XSD.dateTime for o in graph.objects() if isinstance(o, Literal))
