"""What the site is an index of (graph/site/site_index.py): read from the graph, and the last
build's kept after a change none of whose triples has a predicate it is read from."""

from __future__ import annotations

from rdflib import Literal, URIRef

from graph.core.vocab import DCTERMS, HRG, RDF, RDFS
from graph.rdf.change import TripleChange
from graph.rdf.reads import ChangedTerms
from graph.rdf.triples import Triples
from graph.site.site_index import SiteIndex

ID = "https://w3id.org/hrgraph/id/"
KEO = URIRef(f"{ID}person/keo-remy")
MEETING = URIRef(f"{ID}meeting/2025-11-24-upr")
TENURE = URIRef(f"{ID}tenure/keo-remy-chair")
SOURCE = URIRef(f"{ID}source/metrotvnews")
TOPIC = URIRef(f"{ID}topic/torture")


def _graph() -> Triples:
    graph = Triples()
    for triple in (
        (KEO, RDF.type, HRG.Person),
        (KEO, RDFS.label, Literal("Keo Remy")),
        (MEETING, RDF.type, HRG.Meeting),
        (MEETING, HRG.topic, TOPIC),
        (TENURE, RDF.type, HRG.Tenure),
        (SOURCE, RDF.type, HRG.Source),
        (SOURCE, DCTERMS.issued, Literal("2025-11-25")),
    ):
        graph.add(triple)
    return graph


def _change(line: str) -> ChangedTerms:
    return ChangedTerms.of(TripleChange(added=f"{line} .\n".encode()))


def test_the_index_holds_the_pages_the_listed_classes_the_date_and_the_filters_names() -> None:
    index = SiteIndex.of(_graph())
    pages = [(MEETING, HRG.Meeting), (KEO, HRG.Person), (SOURCE, HRG.Source), (TOPIC, HRG.topic)]
    assert index.pages == pages  # in id order
    assert index.typed[HRG.Tenure] == [TENURE] and index.typed[HRG.Meeting] == [MEETING]
    assert index.data_date == "2025-11-25"
    assert index.by_short == {"topic/torture": TOPIC}


def test_a_change_of_no_predicate_it_is_read_from_keeps_the_index() -> None:
    index = SiteIndex.of(_graph())
    renamed = _change(f'<{KEO}> <{RDFS.label}> "Keo R."')
    assert index.after(renamed, Triples()) is index  # not read again: the empty graph is not asked


def test_a_change_of_a_type_a_topic_a_date_or_a_status_reads_the_index_again() -> None:
    index = SiteIndex.of(_graph())
    graph = _graph()
    graph.add((TENURE, HRG.topic, URIRef(f"{ID}topic/detention")))
    for line in (
        f"<{TENURE}> <{RDF.type}> <{HRG.Tenure}>",
        f"<{TENURE}> <{HRG.topic}> <{ID}topic/detention>",
        f'<{SOURCE}> <{DCTERMS.issued}> "2026-01-01"',
        f"<{ID}commitment/c1> <{HRG.currentStatus}> <{ID}status/open>",
    ):
        again = index.after(_change(line), graph)
        assert again is not index
        assert again == SiteIndex.of(graph)
    assert (URIRef(f"{ID}topic/detention"), HRG.topic) in again.pages
