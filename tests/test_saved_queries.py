"""Saved queries on the curated data: each answers correctly; parameters are bound as RDF terms
(the period rule: test_periods.py; parameters checked: test_param_checks.py)."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.analyst.api import KnowledgeGraph
from graph.core.errors import UsageError
from graph.sparql.saved import bind_params, get_saved_query, saved_queries, with_values_block

from .conftest import GOLDEN, REPO, VALID


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return KnowledgeGraph.from_sources(REPO / "sources", REPO / "ontology")


@pytest.fixture(scope="module")
def golden_kg() -> KnowledgeGraph:
    return KnowledgeGraph.from_sources(GOLDEN / "sources", REPO / "ontology")


def test_there_are_at_least_ten_saved_queries_each_described() -> None:
    queries = saved_queries()
    assert len(queries) >= 10
    for query in queries.values():
        assert query.title and query.description and query.text.strip()


def test_meeting_participants(kg: KnowledgeGraph) -> None:
    rows = kg.saved("meeting-participants", meeting="meeting/2025-11-24-pigai-keo-remy")
    assert [(r["name"], r["attendedAs"], r["role"]) for r in rows] == [
        (
            "Keo Remy",
            "Senior Minister for Human Rights of Cambodia, President of the Cambodian Human Rights Committee",
            "host",
        ),
        ("Natalius Pigai", "Minister of Human Rights of Indonesia", "guest"),
        ("Santo Darmosumarto", "Ambassador of Indonesia to Cambodia", "accompanying"),
        ("Thomas Harming Suwarta", "Special Staff to the Minister of Human Rights", "accompanying"),
    ]
    assert all("Penguatan Kerja Sama HAM Indonesia Dan Kamboja" in r["sources"] for r in rows)


def test_meetings_of_a_person_with_co_participants(kg: KnowledgeGraph) -> None:
    rows = kg.saved("meetings-of-person", person="person/keo-remy")
    on_the_day = [r for r in rows if r["date"] == "2025-11-24"]
    assert {r["coParticipant"] for r in on_the_day} == {
        "Natalius Pigai",
        "Santo Darmosumarto",
        "Thomas Harming Suwarta",
    }
    assert {r["attendedAs"] for r in on_the_day} == {
        "Senior Minister for Human Rights of Cambodia, President of the Cambodian Human Rights Committee"
    }
    assert {r["place"] for r in on_the_day} == {"Phnom Penh"}


def test_post_holder_on_the_meeting_date(kg: KnowledgeGraph) -> None:
    rows = kg.saved("post-holder-on-date", post="post/id-minister-of-human-rights", on="2025-11-24")
    assert [(r["holderName"], r["basis"]) for r in rows] == [("Natalius Pigai", "tenure dates")]


def test_commitments_of_a_country(kg: KnowledgeGraph) -> None:
    rows = kg.saved("commitments-of-country", country="country/cambodia")
    by_id = {(r["commitment"], r["direction"]) for r in rows}
    assert ("commitment:2025-11-24-kh-coordinate-on-online-scams", "made by") in by_id
    assert ("commitment:2025-11-24-id-invites-kh-to-high-level-meeting-2026", "made to") in by_id
    assert ("commitment:2025-11-24-kh-to-take-part-in-high-level-meeting", "made by") in by_id  # via Keo Remy


def test_commitments_at_a_meeting(kg: KnowledgeGraph) -> None:
    rows = kg.saved("commitments-at-meeting", meeting="meeting/2025-11-24-pigai-keo-remy")
    assert len(rows) >= 6
    invitation = next(r for r in rows if r["commitment"].endswith("high-level-meeting-2026"))
    assert (invitation["kind"], invitation["by"], invitation["due"]) == ("Invitation", "Indonesia", "2026")


MORE_COMMITMENTS = """
commitments:
  - id: commitment/2025-01-15-test-joint-visit
    kind: commitment-kind/pledge
    by: person/test-a
    to: [country/testland-b, person/test-b]
    made_at: meeting/2025-01-15-test
    text: {en: Test Person A will visit both.}
    status: {value: status/open, as_of: 2025-01-16}
    cites: [src/test-source]

  - id: commitment/2025-01-15-test-to-no-one
    kind: commitment-kind/pledge
    by: country/testland-b
    made_at: meeting/2025-01-15-test
    text: {en: Testland B will think it over.}
    status: {value: status/open, as_of: 2025-01-16}
    cites: [src/test-source]
"""


def test_commitments_at_a_meeting_say_to_whom(tmp_path: Path) -> None:
    """Each commitment once, with every recipient named (its description says "to whom"; the
    query named none), and a commitment made to no one kept."""
    sources = tmp_path / "sources"
    shutil.copytree(VALID, sources)
    (sources / "more-commitments.yaml").write_text(MORE_COMMITMENTS, encoding="utf-8")
    kg = KnowledgeGraph.from_sources(sources, REPO / "ontology")
    rows = kg.saved("commitments-at-meeting", meeting="meeting/2025-01-15-test")
    to = {r["commitment"].split(":", 1)[1]: (r["by"], r["to"]) for r in rows}
    assert len(rows) == len(to) == 3
    assert to["2025-01-15-test-pledge"] == ("Testland A", "Testland B")
    by, both = to["2025-01-15-test-joint-visit"]
    assert (by, sorted(both.split(", "))) == ("Test Person A", ["Test Person B", "Testland B"])
    by, no_one = to["2025-01-15-test-to-no-one"]
    assert by == "Testland B" and not no_one


def test_overdue_commitments(kg: KnowledgeGraph) -> None:
    def overdue(on: str) -> set[str]:
        return {r["commitment"] for r in kg.saved("overdue-commitments", on=on)}

    due_2026 = {
        "commitment:2025-11-24-id-invites-kh-to-high-level-meeting-2026",
        "commitment:2025-11-24-kh-to-take-part-in-high-level-meeting",
    }
    due_april = "commitment:2026-02-kh-eradicate-scam-networks-by-april-2026"
    assert not due_2026 & overdue("2026-12-31")  # due in 2026: not overdue during 2026
    assert due_2026 <= overdue("2027-01-01")
    assert due_april not in overdue("2026-04-30") and due_april in overdue("2026-05-01")
    # a date given to the month or the year judges from its first day
    assert due_april not in overdue("2026-04") and due_april in overdue("2026-05")
    assert not due_2026 & overdue("2026") and due_2026 <= overdue("2027")
    rows = kg.saved("overdue-commitments", on="2027-01-01")
    assert all(r["sources"] for r in rows)
    assert any("https://infoindokamboja.com/" in r["sources"] for r in rows)


def test_figure_over_time(kg: KnowledgeGraph) -> None:
    rows = kg.saved("figure-over-time", measure="measure/indonesians-in-cambodia")
    seed = [r for r in rows if r["asOf"] == "2025-11-24"]
    assert [(r["value"], r["qualifier"], r["reportedBy"]) for r in seed] == [
        (130000, "about", "Natalius Pigai")
    ]
    assert [r["asOf"] for r in rows] == sorted(r["asOf"] for r in rows)


def test_measures(kg: KnowledgeGraph) -> None:
    rows = {r["measure"]: r for r in kg.saved("measures")}
    assert rows["measure:online-scam-cases-indonesians-in-cambodia"]["unit"] == "cases"


def test_single_source_facts(kg: KnowledgeGraph) -> None:
    rows = {(r["kind"], r["subject"]): r for r in kg.saved("single-source-facts")}
    assert rows["Commitment", "commitment:2025-11-24-kh-coordinate-on-online-scams"]["why"] in {
        "cited from one source",
        "marked single-source",
    }
    assert ("Meeting", "meeting:2025-11-24-pigai-keo-remy") not in rows


def test_bilateral_contacts(kg: KnowledgeGraph) -> None:
    rows = kg.saved("bilateral-contacts", a="country/indonesia", b="country/cambodia")
    meeting = next(r for r in rows if r["meeting"] == "meeting:2025-11-24-pigai-keo-remy")
    assert "Natalius Pigai" in meeting["sideA"] and "Keo Remy" in meeting["sideB"]


def test_sources_of_an_entity(kg: KnowledgeGraph) -> None:
    rows = kg.saved("sources-of", entity="person/keo-remy")
    titles = {r["title"] for r in rows}
    assert "Penguatan Kerja Sama HAM Indonesia Dan Kamboja" in titles
    assert any(r["quote"] and "Keo Remy" in r["quote"] for r in rows)


def test_instrument_status_and_what_led_to_on_the_golden_data(golden_kg: KnowledgeGraph) -> None:
    rows = golden_kg.saved("instrument-status", instrument="instrument/accord")
    assert [(r["event"], r["party"], r["date"]) for r in rows] == [("ratification", "Atlantis", "2020-06")]
    assert len(golden_kg.saved("instrument-status")) == 2  # both instruments when none is given
    chain = golden_kg.saved("what-led-to", event="meeting/m1")
    assert [(r["fromName"], r["toName"]) for r in chain] == [
        ("First meeting", "Example Accord"),
        ("Example Accord", "Example Protocol"),
    ]


# The date rule at its boundaries: tests/test_periods.py


# ---------------------------------------------------------------- safety of parameters


@pytest.mark.parametrize(
    "payload",
    [
        'en") } } DELETE WHERE { ?s ?p ?o } #',
        "en' } UNION { ?s ?p ?o } #",
        'en\\" } SELECT * WHERE { ?s ?p ?o',
        "en\\u0022 } # unicode escape",
        "en\n} LIMIT 0",
    ],
)
def test_an_injection_attempt_stays_a_harmless_value(kg: KnowledgeGraph, payload: str) -> None:
    before = len(kg.store)
    rows = kg.saved("meeting-participants", meeting="meeting/2025-11-24-pigai-keo-remy", lang=payload)
    assert len(rows) == 4  # the same four people: the payload only ever matched as a language
    assert {r["name"] for r in rows} == {
        "Keo Remy",
        "Natalius Pigai",
        "Santo Darmosumarto",
        "Thomas Harming Suwarta",
    }  # English fallback
    assert len(kg.store) == before


def test_the_payload_is_written_as_one_escaped_literal() -> None:
    query = get_saved_query("meeting-participants")
    bound = bind_params(query, {"meeting": "urn:m", "lang": 'x" } #'}, {})
    text = with_values_block(query.text, bound)
    assert 'VALUES (?meeting ?lang) { (<urn:m> "x\\" } #") }' in text


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"meeting": "urn:m> } ; DROP ALL ; <urn:x"}, "is not an id like person/keo-remy or a full IRI"),
        ({"meeting": "meeting/x y"}, "is not an id like person/keo-remy or a full IRI"),
        ({}, "meeting-participants needs --param meeting=..."),
        ({"meeting": "urn:m", "colour": "red"}, "meeting-participants has no parameter 'colour'"),
    ],
)
def test_bad_parameters_are_usage_errors(values: dict[str, str], words: str) -> None:
    with pytest.raises(UsageError, match=words.replace("(", r"\(").replace("?", r"\?")):
        bind_params(get_saved_query("meeting-participants"), values, {"meeting": "https://x/meeting/"})


def test_a_date_parameter_defaults_to_today() -> None:
    bound = bind_params(get_saved_query("overdue-commitments"), {}, {}, today=date(2026, 11, 25))
    assert str(bound["on"]) == '"2026-11-25"^^<http://www.w3.org/2001/XMLSchema#date>'


# ---------------------------------------------------------------- the curated history and figures


def test_what_the_jakarta_informal_meetings_led_to(kg: KnowledgeGraph) -> None:
    rows = kg.saved("what-led-to", event="series/jakarta-informal-meetings")
    assert [(r["fromName"], r["toName"]) for r in rows] == [
        ("Jakarta Informal Meetings", "Paris Conference on Cambodia"),
        ("Paris Conference on Cambodia", "Paris Peace Agreements"),
        ("Paris Peace Agreements", "United Nations Transitional Authority in Cambodia"),
    ]


def test_figures_on_indonesians_in_cambodia_over_time_by_reporter(kg: KnowledgeGraph) -> None:
    rows = kg.saved("figures-about", about="country/cambodia", unit="people")
    assert [r["asOf"] for r in rows] == sorted(r["asOf"] for r in rows)
    found = {(r["measureName"], r["value"], r["reportedBy"]) for r in rows}
    assert ("Indonesian citizens in Cambodia", 130000, "Natalius Pigai") in found
    assert ("Indonesian workers in Cambodia (government estimate)", 100000, "Muhaimin Iskandar") in found
    assert (
        "Indonesian citizens legally resident in Cambodia",
        131000,
        "Embassy of Indonesia in Phnom Penh",
    ) in found
    assert {r["qualifier"] for r in rows} >= {"about", "more-than", "exact"}
    assert not [r for r in rows if r["measureName"].startswith("Online-scam cases")]  # cases are not people


def test_ratifications_of_actip(kg: KnowledgeGraph) -> None:
    rows = kg.saved("instrument-status", instrument="instrument/actip")
    assert ("ratification", "Cambodia", "2016-01-25") in {(r["event"], r["party"], r["date"]) for r in rows}


def test_the_2026_high_level_meeting_has_no_report_of_taking_place(kg: KnowledgeGraph) -> None:
    rows = kg.saved("commitments-at-meeting", meeting="meeting/2025-11-24-pigai-keo-remy")
    invitation = next(r for r in rows if r["commitment"].endswith("invites-kh-to-high-level-meeting-2026"))
    assert (invitation["status"], invitation["statusAsOf"]) == ("Unknown", "2026-02-25")


EXAMPLES = [
    ("meeting-participants", {"meeting": "meeting/2025-11-24-pigai-keo-remy"}),
    ("meetings-of-person", {"person": "person/keo-remy"}),
    ("post-holder-on-date", {"post": "post/id-minister-of-human-rights", "on": "2025-11-24"}),
    ("commitments-of-country", {"country": "country/cambodia"}),
    ("commitments-at-meeting", {"meeting": "meeting/2025-11-24-pigai-keo-remy"}),
    ("overdue-commitments", {"on": "2027-01-01"}),
    ("figure-over-time", {"measure": "measure/indonesians-in-cambodia"}),
    ("bilateral-contacts", {"a": "country/indonesia", "b": "country/cambodia"}),
    ("sources-of", {"entity": "person/keo-remy"}),
    ("what-led-to", {"event": "series/jakarta-informal-meetings"}),
    ("figures-about", {"about": "country/cambodia", "unit": "people"}),
    ("instrument-status", {"instrument": "instrument/actip"}),
]


@pytest.mark.parametrize(("name", "values"), EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_parameters_written_in_place_give_the_same_rows_as_values_alone(
    kg: KnowledgeGraph, name: str, values: dict[str, str]
) -> None:
    """The constants written in place of the variables (for Oxigraph's optimiser) change no answer."""
    query = get_saved_query(name)
    bound = bind_params(query, values, kg.prefixes.mapping)
    in_place = with_values_block(query.text, bound, kg.prefixes.mapping)
    values_only = with_values_block(query.text, bound)
    assert in_place != values_only  # every example has a parameter used in its WHERE clause

    def rows(text: str) -> list[list[list[str]]]:
        """Each row's values; a GROUP_CONCAT's parts sorted (SPARQL leaves their order open)."""
        result = kg.store.query(text, prefixes=kg.prefixes.mapping)
        assert isinstance(result, ox.QuerySolutions)
        return sorted(
            [sorted(re.split(r" \| |, ", row[v].value)) if row[v] else [] for v in result.variables]
            for row in result
        )

    assert rows(in_place) == rows(values_only)
    assert rows(in_place)


def test_a_parameter_is_not_written_where_a_constant_cannot_go() -> None:
    text = "SELECT ?x ?y WHERE { ?x <urn:p> ?y . BIND(1 AS ?y) }"
    bound: dict[str, ox.NamedNode | ox.Literal] = {"y": ox.Literal("2")}
    assert with_values_block(text, bound, {}) == with_values_block(text, bound)  # BIND target: VALUES only
    nested = "SELECT ?x WHERE { { SELECT ?x ?y WHERE { ?x <urn:p> ?y } } }"
    assert with_values_block(nested, bound, {}) == with_values_block(nested, bound)  # a subquery: VALUES only
    plain = "SELECT ?x WHERE { ?x <urn:p> ?y }"
    assert '?x <urn:p> "2"' in with_values_block(plain, bound, {})


def test_a_parameter_is_written_outside_a_subquery_that_does_not_name_it() -> None:
    text = "SELECT ?x ?n WHERE { ?x <urn:p> ?y . { SELECT (COUNT(*) AS ?n) WHERE { ?a <urn:q> ?b } } }"
    bound: dict[str, ox.NamedNode | ox.Literal] = {"y": ox.Literal("2")}
    assert '?x <urn:p> "2" .' in with_values_block(text, bound, {})
    named = "SELECT ?x WHERE { ?x <urn:p> ?y . { SELECT ?y WHERE { ?y <urn:q> ?b } } }"
    assert with_values_block(named, bound, {}) == with_values_block(named, bound)  # the subquery names ?y


def test_names_in_the_language_asked_reach_into_nested_optionals(kg: KnowledgeGraph) -> None:
    """Bound only through VALUES, ?lang was unbound inside the nested OPTIONAL (SPARQL evaluates
    a group on its own) and the posts came out in English; written in place, they come in Indonesian."""
    rows = kg.saved("meeting-participants", meeting="meeting/2025-11-24-pigai-keo-remy", lang="id")
    posts = {r["name"]: r["attendedAs"] for r in rows}
    assert posts["Keo Remy"].startswith("Menteri Senior HAM Kamboja, ")
    assert posts["Natalius Pigai"] == "Menteri Hak Asasi Manusia"
