"""The seed dataset: the meeting of 24 Nov 2025 as the seed article and its companions tell it.

The questions ask for what the seed article's records say (facts derived from it), so that a
valid new fact from another source, about the same meeting, leaves the answers as they are."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
import pytest

from graph.pipeline import Built
from graph.sparql.query import Prefixes, rows_as_dicts, run_query
from graph.sparql.store import store_from_ntriples

from .conftest import FIXTURES

ARTICLE = (FIXTURES / "seed-article-infoindokamboja-2025-11-25.txt").read_text(encoding="utf-8")
Ask = Callable[[str], list[dict[str, str]]]


@pytest.fixture(scope="module")
def ask(seed_build: Built) -> Ask:
    graph = seed_build.assembly.graph
    store = store_from_ntriples(seed_build.ntriples)
    prefixes = Prefixes({p: str(ns) for p, ns in graph.namespaces() if p})

    def run(sparql: str) -> list[dict[str, str]]:
        result = run_query(store, sparql, prefixes)
        assert isinstance(result, ox.QuerySolutions)
        return rows_as_dicts(result, prefixes)

    return run


def test_the_meeting_when_where_and_who(ask: Ask) -> None:
    (meeting,) = ask("""SELECT ?date ?place ?venue ?host WHERE {
        meeting:2025-11-24-pigai-keo-remy hrg:startDate ?date ; hrg:location/rdfs:label ?place ;
            hrg:venue ?venue ; hrg:host ?host .
        FILTER(lang(?place) = "en" && lang(?venue) = "id") }""")
    assert meeting == {
        "date": "2025-11-24",
        "place": "Phnom Penh",
        "venue": "Kantor Komite HAM Kamboja",
        "host": "org:chrc",
    }
    rows = ask("""SELECT ?who ?as ?role WHERE {
        ?p hrg:meeting meeting:2025-11-24-pigai-keo-remy ; hrg:participant ?who ; hrg:capacity ?as ;
           hrg:role ?role ; prov:wasDerivedFrom src:infoindokamboja-2025-11-25 } ORDER BY ?who ?as""")
    assert rows == [
        {"who": "person:keo-remy", "as": "post:kh-chrc-president", "role": "role:host"},
        {"who": "person:keo-remy", "as": "post:kh-senior-minister-for-human-rights", "role": "role:host"},
        {"who": "person:natalius-pigai", "as": "post:id-minister-of-human-rights", "role": "role:guest"},
        {
            "who": "person:santo-darmosumarto",
            "as": "post:id-ambassador-to-cambodia",
            "role": "role:accompanying",
        },
        {
            "who": "person:thomas-harming-suwarta",
            "as": "post:id-special-staff-to-minister-of-human-rights",
            "role": "role:accompanying",
        },
    ]


def test_participants_held_their_posts_on_the_day(ask: Ask) -> None:
    rows = ask("""SELECT DISTINCT ?who WHERE {
        ?p hrg:meeting meeting:2025-11-24-pigai-keo-remy ; hrg:participant ?who ; hrg:capacity ?post ;
           prov:wasDerivedFrom src:infoindokamboja-2025-11-25 .
        ?t hrg:holder ?who ; hrg:post ?post .
        { ?t hrg:attestedOn "2025-11-24"^^xsd:date }
        UNION { ?t hrg:startDate ?start FILTER(STR(?start) <= "2025-11-24")
                FILTER NOT EXISTS { ?t hrg:endDate ?e } }
    }""")
    assert len(rows) == 4


def test_topics(ask: Ask) -> None:
    rows = ask("SELECT ?t WHERE { meeting:2025-11-24-pigai-keo-remy hrg:topic ?t } ORDER BY ?t")
    assert {r["t"] for r in rows} >= {
        "topic:migrant-workers",
        "topic:online-scams-and-trafficking",
        "topic:capacity-building",
        "topic:peace-process",
    }


def test_commitments(ask: Ask) -> None:
    (invitation,) = ask("""SELECT ?due ?to WHERE {
        ?c hrg:commitmentKind commitmentkind:invitation ; hrg:committedBy country:indonesia ;
           hrg:committedTo ?to ; hrg:dueDate ?due ; hrg:madeAt meeting:2025-11-24-pigai-keo-remy ;
           prov:wasDerivedFrom src:infoindokamboja-2025-11-25 }""")
    assert invitation == {"due": "2026", "to": "country:cambodia"}
    rows = ask("""SELECT ?with WHERE {
        commitment:2025-11-24-kh-coordinate-on-online-scams hrg:committedBy country:cambodia ;
            hrg:counterpart ?with ; hrg:currentStatus status:open } ORDER BY ?with""")
    # the counterparts the article names (a later source may name more)
    assert {r["with"] for r in rows} >= {"org:id-ministry-of-foreign-affairs", "org:id-ministry-of-manpower"}


def test_figures_are_dated_observations(ask: Ask) -> None:
    rows = ask("""SELECT ?value ?asOf ?q WHERE { ?o a hrg:Observation ; hrg:value ?value ; hrg:asOf ?asOf ;
        hrg:qualifier ?q ; hrg:statedAt meeting:2025-11-24-pigai-keo-remy ;
        prov:wasDerivedFrom src:infoindokamboja-2025-11-25 } ORDER BY ?value""")
    assert rows == [
        {"value": "3000", "asOf": "2025-11-24", "q": "about"},
        {"value": "130000", "asOf": "2025-11-24", "q": "about"},
    ]


def test_the_jakarta_informal_meeting_is_recalled(ask: Ask) -> None:
    rows = ask("""SELECT ?name WHERE { meeting:2025-11-24-pigai-keo-remy hrg:recalls ?s .
        ?s a hrg:MeetingSeries ; rdfs:label ?name FILTER(lang(?name) = "en") }""")
    assert {"name": "Jakarta Informal Meetings"} in rows


def test_every_quote_from_the_seed_article_is_in_it_verbatim(ask: Ask) -> None:
    rows = ask("SELECT ?quote WHERE { ?c hrg:source src:infoindokamboja-2025-11-25 ; hrg:quote ?quote }")
    assert len(rows) >= 20
    for row in rows:
        assert row["quote"] in ARTICLE, row["quote"]


def test_the_seed_articles_facts_cite_it(ask: Ask) -> None:
    facts = [
        "meeting:2025-11-24-pigai-keo-remy",
        "series:jakarta-informal-meetings",
        "commitment:2025-11-24-kh-coordinate-on-online-scams",
        "commitment:2025-11-24-id-invites-kh-to-high-level-meeting-2026",
        "obs:2025-11-24-indonesians-in-cambodia",
        "obs:2025-11-24-online-scam-cases-indonesians-in-cambodia",
        "person:natalius-pigai",
        "person:keo-remy",
        "person:thomas-harming-suwarta",
        "person:santo-darmosumarto",
    ]
    rows = ask("SELECT ?fact WHERE { ?fact prov:wasDerivedFrom src:infoindokamboja-2025-11-25 }")
    assert set(facts) <= {r["fact"] for r in rows}
    participations = ask("""SELECT ?p WHERE { ?p hrg:meeting meeting:2025-11-24-pigai-keo-remy ;
        hrg:participant ?who
        VALUES ?who { person:natalius-pigai person:keo-remy person:thomas-harming-suwarta
                      person:santo-darmosumarto }
        FILTER NOT EXISTS { ?p prov:wasDerivedFrom src:infoindokamboja-2025-11-25 } }""")
    assert participations == []
