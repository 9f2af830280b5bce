"""Saved queries answer in a form people read: every id column has a label column beside it, no
raw IRI is printed, rows come in a stable order, and facts are told by their kind and subject."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from graph.analyst.api import KnowledgeGraph
from graph.core.ontology import shipped_ontology
from graph.sparql.param_check import checked_saved_query_text
from graph.sparql.query import blank_literals, format_result
from graph.sparql.saved import get_saved_query, saved_queries

from .conftest import GOLDEN, ONTOLOGY, REPO

HRG = "https://w3id.org/hrgraph/ontology#"

# one call of every saved query, on the curated data (structure only: no counts are asserted)
EXAMPLES = {
    "bilateral-contacts": {"a": "country/indonesia", "b": "country/cambodia"},
    "commitments-at-meeting": {"meeting": "meeting/2025-11-24-pigai-keo-remy"},
    "commitments-of-country": {"country": "country/cambodia"},
    "figure-over-time": {"measure": "measure/indonesians-in-cambodia"},
    "figures-about": {"about": "country/cambodia"},
    "instrument-status": {},
    "measures": {},
    "meeting-participants": {"meeting": "meeting/2025-11-24-pigai-keo-remy"},
    "meetings-of-person": {"person": "person/keo-remy"},
    "overdue-commitments": {"on": "2027"},
    "post-holder-on-date": {"post": "post/kh-senior-minister-for-human-rights", "on": "2025"},
    "single-source-facts": {},
    "sources-of": {"entity": "meeting/2025-11-24-pigai-keo-remy"},
    "statements-of": {"entity": "person/keo-remy"},
    "what-led-to": {"event": "series/jakarta-informal-meetings"},
}


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return KnowledgeGraph.from_sources(REPO / "sources", ONTOLOGY)


def answer(kg: KnowledgeGraph, name: str) -> ox.QuerySolutions:
    mapping = kg.prefixes.mapping
    text = checked_saved_query_text(
        name, EXAMPLES[name], mapping, lambda q: kg.store.query(q, prefixes=mapping)
    )
    result = kg.store.query(text, prefixes=mapping)
    assert isinstance(result, ox.QuerySolutions)
    return result


def test_every_saved_query_has_an_example() -> None:
    assert set(EXAMPLES) == set(saved_queries())


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_id_column_has_a_label_column_beside_it(kg: KnowledgeGraph, name: str) -> None:
    result = answer(kg, name)
    columns = [v.value for v in result.variables]
    rows = [[row[c] for c in columns] for row in result]
    assert rows, f"{name}: the example answers nothing, so it checks nothing"
    for index, column in enumerate(columns):
        if not any(isinstance(row[index], ox.NamedNode) for row in rows):
            continue
        assert index + 1 < len(columns), f"{name}: the id column {column} ends the row"
        beside = columns[index + 1]
        assert all(row[index + 1] is None or isinstance(row[index + 1], ox.Literal) for row in rows), (
            f"{name}: {column} is not followed by a label column ({beside} holds ids)"
        )
        assert all(row[index + 1] is not None for row in rows if row[index] is not None), (
            f"{name}: {beside} is empty where {column} is not"
        )


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_no_raw_iri_is_printed(kg: KnowledgeGraph, name: str) -> None:
    table = format_result(answer(kg, name), "table", kg.prefixes)
    assert not re.search(r"<https?://", table), f"{name} prints a raw IRI"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_saved_query_orders_its_rows_with_a_tie_break(name: str) -> None:
    text = blank_literals(get_saved_query(name).text)
    order = re.search(r"\bORDER\s+BY\b(.*)$", text, flags=re.IGNORECASE | re.DOTALL)
    assert order, f"{name} has no ORDER BY"
    keys = re.findall(r"\?\w+", order.group(1))
    assert len(keys) >= 2, f"{name} orders by {keys} only: rows that tie come in any order"


def test_a_date_column_is_named_as_a_date() -> None:
    columns = re.search(r"SELECT(.*?)WHERE", get_saved_query("commitments-of-country").text, re.DOTALL)
    assert columns and "?madeOn" in columns.group(1) and "?madeAt" not in columns.group(1)


@pytest.mark.parametrize("name", ["single-source-facts", "sources-of"])
def test_the_kinds_are_the_ontology_labels(name: str) -> None:
    """The kinds are written in the query (an engine sees no ontology): they must stay its labels."""
    pairs = re.findall(r"\(hrg:(\w+) \"([^\"]+)\"\)", get_saved_query(name).text)
    assert len(pairs) >= 11
    ontology = shipped_ontology()
    assert [(c, ontology.label(URIRef(HRG + c), "en")) for c, _ in pairs] == pairs


def test_single_source_facts_say_what_each_fact_is_on_the_golden_data() -> None:
    golden = KnowledgeGraph.from_sources(GOLDEN / "sources", ONTOLOGY)
    rows = [
        (r["kind"], r["subject"], r["subjectName"], r["detail"]) for r in golden.saved("single-source-facts")
    ]
    assert rows[:2] == [
        ("Claim", "person:ana", "Ana Example", "about 'born': 1970-03-01"),
        ("Claim", "person:ana", "Ana Example", "about 'born': 1970-06"),
    ]
    assert (
        "Instrument event",
        "instrument:accord",
        "Example Accord",
        "ratification by Atlantis, 2020-06",
    ) in rows
    assert ("Figure", "country:atlantis", "Atlantis", "Visitors, as of 2020-05-01") in rows
    assert ("Tenure", "person:ana", "Ana Example", "Minister of Examples") in rows
    assert rows == sorted(rows, key=lambda r: (r[0], r[2], r[1], r[3]))


def test_sources_of_an_entity_on_the_golden_data() -> None:
    golden = KnowledgeGraph.from_sources(GOLDEN / "sources", ONTOLOGY)
    rows = golden.saved("sources-of", entity="person/ana")
    assert [(r["kind"], r["detail"], r["quote"]) for r in rows] == [
        ("Claim", "about 'born': 1970-03-01", None),
        ("Claim", "about 'born': 1970-06", "lahir Juni 1970"),
        ("Participation", "at First meeting", None),
        ("Person", "", None),
        ("Statement", "Briefing, 2020-05-01", "perjanjian berjalan baik"),
        ("Tenure", "Head of the Agency of Examples", None),
        ("Tenure", "Minister of Examples", "Ana dilantik sebagai menteri"),
    ]
    assert {r["url"] for r in rows} == {"https://example.org/gazette/1"}
