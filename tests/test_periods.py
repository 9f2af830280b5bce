"""The period rule of the saved queries that take a date: "at any time in the period" (a day, a
month or a year), for tenures whose dates have any precision or an open end, for dates a source
shows someone in office, and for due dates; and the coverage date a tenure with no known end is
judged "as of"."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.analyst.api import KnowledgeGraph

from .conftest import REPO

PREFIXES = """
@prefix hrg: <https://w3id.org/hrgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix status: <https://w3id.org/hrgraph/status/> .
@prefix post: <https://w3id.org/hrgraph/id/post/> .
@prefix person: <https://w3id.org/hrgraph/id/person/> .
@prefix tenure: <https://w3id.org/hrgraph/id/tenure/> .
@prefix commitment: <https://w3id.org/hrgraph/id/commitment/> .
@prefix src: <https://w3id.org/hrgraph/id/src/> .
"""

TENURES = (
    PREFIXES
    + """
post:chair a hrg:Post ; rdfs:label "Chair"@en .
src:early a hrg:Source ; dcterms:issued "2026-01"^^xsd:gYearMonth .
src:late a hrg:Source ; dcterms:issued "2026-02-05"^^xsd:date .
src:undated a hrg:Source .

tenure:year a hrg:Tenure ; hrg:post post:chair ; hrg:holder person:year ;
  hrg:startDate "2016"^^xsd:gYear ; hrg:endDate "2022"^^xsd:gYear .
tenure:month a hrg:Tenure ; hrg:post post:chair ; hrg:holder person:month ;
  hrg:startDate "2024-10"^^xsd:gYearMonth ; hrg:endDate "2025-03"^^xsd:gYearMonth .
tenure:day a hrg:Tenure ; hrg:post post:chair ; hrg:holder person:day ;
  hrg:startDate "2016-05-04"^^xsd:date ; hrg:endDate "2022-06-30"^^xsd:date .
tenure:open a hrg:Tenure ; hrg:post post:chair ; hrg:holder person:open ;
  hrg:startDate "2026-01-15"^^xsd:date .
tenure:no-start a hrg:Tenure ; hrg:post post:chair ; hrg:holder person:no-start ;
  hrg:endDate "2020"^^xsd:gYear .
tenure:seen a hrg:Tenure ; hrg:post post:chair ; hrg:holder person:seen ;
  hrg:attestedOn "2025-11-24"^^xsd:date, "2025-12-12"^^xsd:date .
tenure:seen-in-a-year a hrg:Tenure ; hrg:post post:chair ; hrg:holder person:seen-in-a-year ;
  hrg:attestedOn "2019"^^xsd:gYear .
tenure:both a hrg:Tenure ; hrg:post post:chair ; hrg:holder person:both ;
  hrg:startDate "2010"^^xsd:gYear ; hrg:endDate "2011-06"^^xsd:gYearMonth ;
  hrg:attestedOn "2011-02-01"^^xsd:date .

person:year a hrg:Person ; rdfs:label "year"@en .
person:month a hrg:Person ; rdfs:label "month"@en .
person:day a hrg:Person ; rdfs:label "day"@en .
person:open a hrg:Person ; rdfs:label "open"@en .
person:no-start a hrg:Person ; rdfs:label "no-start"@en .
person:seen a hrg:Person ; rdfs:label "seen"@en .
person:seen-in-a-year a hrg:Person ; rdfs:label "seen-in-a-year"@en .
person:both a hrg:Person ; rdfs:label "both"@en .
"""
)


def graph_of(turtle: str) -> KnowledgeGraph:
    store = ox.Store()
    store.bulk_load(turtle.encode(), format=ox.RdfFormat.TURTLE)
    prefixes = {
        line.split()[1].rstrip(":"): line.split()[2].strip("<>")
        for line in turtle.splitlines()
        if line.startswith("@prefix")
    }
    return KnowledgeGraph(store, prefixes)


@pytest.fixture(scope="module")
def tenures() -> KnowledgeGraph:
    return graph_of(TENURES)


def holders(kg: KnowledgeGraph, on: str) -> dict[str, dict[str, str]]:
    return {row["holderName"]: row for row in kg.saved("post-holder-on-date", post="post/chair", on=on)}


@pytest.mark.parametrize(
    ("holder", "on", "held"),
    [
        # a tenure known to the year: 2016-01-01 to 2022-12-31
        ("year", "2015-12-31", False),
        ("year", "2015-12", False),
        ("year", "2015", False),
        ("year", "2016-01-01", True),
        ("year", "2016-01", True),
        ("year", "2016", True),
        ("year", "2022-12-31", True),
        ("year", "2022-12", True),
        ("year", "2023-01-01", False),
        ("year", "2023", False),
        # known to the month: 2024-10-01 to 2025-03-31
        ("month", "2024-09-30", False),
        ("month", "2024-09", False),
        ("month", "2024-10-01", True),
        ("month", "2024-10", True),
        ("month", "2024", True),  # began in the year
        ("month", "2025-03-31", True),
        ("month", "2025-03", True),
        ("month", "2025-04-01", False),
        ("month", "2025-04", False),
        ("month", "2025", True),  # ended in the year
        # known to the day: 2016-05-04 to 2022-06-30
        ("day", "2016-05-03", False),
        ("day", "2016-05-04", True),
        ("day", "2016-05", True),
        ("day", "2016-04", False),
        ("day", "2022-06-30", True),
        ("day", "2022-07-01", False),
        ("day", "2022-07", False),
        ("day", "2022", True),
        # an open end: from 2026-01-15 on, past the latest source too
        ("open", "2026-01-14", False),
        ("open", "2025", False),
        ("open", "2026-01-15", True),
        ("open", "2026-01", True),
        ("open", "2030", True),
        # an unknown start: only the dates a source shows the holder in office count
        ("no-start", "2019", False),
        ("no-start", "2020", False),
        # seen in office on 2025-11-24 and 2025-12-12
        ("seen", "2025-11-23", False),
        ("seen", "2025-11-24", True),
        ("seen", "2025-11-25", False),
        ("seen", "2025-11", True),
        ("seen", "2025-12", True),
        ("seen", "2025-10", False),
        ("seen", "2025", True),
        ("seen", "2026", False),
        # seen in office at some time in 2019 (the source gives only the year)
        ("seen-in-a-year", "2019-06-01", True),
        ("seen-in-a-year", "2019", True),
        ("seen-in-a-year", "2018-12-31", False),
        ("seen-in-a-year", "2020-01", False),
    ],
)
def test_who_held_the_post_at_any_time_in_the_period(
    tenures: KnowledgeGraph, holder: str, on: str, held: bool
) -> None:
    assert (holder in holders(tenures, on)) is held


def test_each_row_says_its_basis_and_how_far_the_sources_reach(tenures: KnowledgeGraph) -> None:
    in_2025 = holders(tenures, "2025")
    assert set(in_2025) == {"month", "seen"}
    assert in_2025["seen"]["basis"] == "attested on 2 dates, 2025-11-24 to 2025-12-12"
    assert in_2025["seen"]["tenureEnd"] == "in office as of the latest source (2026-02-05)"
    assert in_2025["month"]["basis"] == "tenure dates"
    assert in_2025["month"]["tenureEnd"] == "ended 2025-03"
    assert holders(tenures, "2025-12-12")["seen"]["basis"] == "attested on 2025-12-12"
    assert holders(tenures, "2030")["open"]["tenureEnd"] == "in office as of the latest source (2026-02-05)"
    assert holders(tenures, "2011-02-01")["both"]["basis"] == "tenure dates"  # the dates suffice


def test_rows_come_in_a_stable_order(tenures: KnowledgeGraph) -> None:
    rows = tenures.saved("post-holder-on-date", post="post/chair", on="2016")
    assert [r["holderName"] for r in rows] == ["day", "year"]


def test_the_coverage_date_is_the_latest_date_a_source_was_issued(tenures: KnowledgeGraph) -> None:
    assert tenures.coverage_date == "2026-02-05"
    assert graph_of(PREFIXES).coverage_date is None


# ---------------------------------------------------------------- overdue at any time in a period

COMMITMENTS = (
    PREFIXES
    + """
status:unknown skos:prefLabel "Unknown"@en .
status:fulfilled skos:prefLabel "Fulfilled"@en .
commitment:by-year a hrg:Commitment ; hrg:text "due in 2026"@en ; hrg:dueDate "2026"^^xsd:gYear ;
  hrg:currentStatus status:unknown ; hrg:asOf "2026-02"^^xsd:gYearMonth .
commitment:by-month a hrg:Commitment ; hrg:text "due in 2026-04"@en ; hrg:dueDate "2026-04"^^xsd:gYearMonth ;
  hrg:currentStatus status:unknown ; hrg:asOf "2026-02"^^xsd:gYearMonth .
commitment:by-day a hrg:Commitment ; hrg:text "due on 2026-04-15"@en ; hrg:dueDate "2026-04-15"^^xsd:date ;
  hrg:currentStatus status:unknown ; hrg:asOf "2026-02"^^xsd:gYearMonth .
commitment:kept a hrg:Commitment ; hrg:text "kept"@en ; hrg:dueDate "2020"^^xsd:gYear ;
  hrg:currentStatus status:fulfilled ; hrg:asOf "2021"^^xsd:gYear .
"""
)


@pytest.mark.parametrize(
    ("commitment", "on", "overdue"),
    [
        ("by-year", "2026-12-31", False),
        ("by-year", "2026-12", False),
        ("by-year", "2026", False),
        ("by-year", "2027-01-01", True),
        ("by-year", "2027-01", True),
        ("by-year", "2027", True),
        ("by-month", "2026-04-30", False),
        ("by-month", "2026-04", False),
        ("by-month", "2026-05-01", True),
        ("by-month", "2026-05", True),
        ("by-month", "2026", True),  # overdue from May: at some time in 2026
        ("by-month", "2025", False),
        ("by-day", "2026-04-15", False),
        ("by-day", "2026-04-16", True),
        ("by-day", "2026-04", True),
        ("by-day", "2026-03", False),
        ("kept", "2030", False),  # fulfilled: never overdue
    ],
)
def test_overdue_at_any_time_in_the_period(commitment: str, on: str, overdue: bool) -> None:
    rows = graph_of(COMMITMENTS).saved("overdue-commitments", on=on)
    assert (f"commitment:{commitment}" in {r["commitment"] for r in rows}) is overdue


# ---------------------------------------------------------------- the curated data, "at least"


def test_keo_remy_held_the_cambodian_post_in_2025_in_2025_11_and_on_the_meeting_day() -> None:
    kg = KnowledgeGraph.from_sources(REPO / "sources", REPO / "ontology")
    for on in ("2025", "2025-11", "2025-11-24"):
        rows = kg.saved("post-holder-on-date", post="post/kh-senior-minister-for-human-rights", on=on)
        keo_remy = [r for r in rows if r["holder"] == "person:keo-remy"]
        assert keo_remy, on
        assert keo_remy[0]["basis"].startswith("attested on ")
        assert keo_remy[0]["tenureEnd"].startswith("in office as of the latest source (")
