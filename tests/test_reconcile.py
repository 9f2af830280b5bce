"""`hrgraph serve` answers the W3C Reconciliation Service API at /reconcile over real HTTP on
127.0.0.1, with OpenRefine's request shapes, on the small graph of tests/fixtures/reconcile."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from graph.analyst.reconcile import MAX_QUERIES, folded
from graph.sparql.query import Prefixes
from graph.sparql.store import open_store, read_prefixes

from .conftest import FIXTURES
from .serving import fetch_text, started_servers

GRAPH = FIXTURES / "reconcile" / "graph.ttl"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    """The /reconcile URL of a server on the fixture graph."""
    with started_servers(lambda: open_store(GRAPH), Prefixes(read_prefixes(GRAPH))) as start:
        yield start().url.removesuffix("/sparql") + "/reconcile"


def _reconcile(service: str, queries: object) -> dict[str, Any]:
    """OpenRefine's request: a form whose field `queries` holds the batch as JSON."""
    form = urllib.parse.urlencode({"queries": json.dumps(queries)}).encode()
    status, media, body = fetch_text(service, form, FORM)
    assert (status, media) == (200, "application/json"), body
    answer: dict[str, Any] = json.loads(body)
    return answer


def _ids(result: dict[str, Any]) -> list[str]:
    return [candidate["id"] for candidate in result["result"]]


def test_manifest(service: str) -> None:
    status, media, body = fetch_text(service)
    assert (status, media) == (200, "application/json")
    manifest = json.loads(body)
    assert manifest["name"] == "hrgraph"
    assert manifest["identifierSpace"] == "https://w3id.org/hrgraph/id/"
    assert manifest["schemaSpace"] == "https://w3id.org/hrgraph/ontology#"
    assert manifest["view"]["url"] == "https://w3id.org/hrgraph/id/{{id}}"
    types = {t["id"]: t["name"] for t in manifest["defaultTypes"]}
    assert types["Person"] == "Person" and types["Organization"] == "Organisation"
    assert {"Post", "Place", "Country", "Meeting"} <= set(types)


def test_batch_of_three_with_misspelling(service: str) -> None:
    answer = _reconcile(
        service,
        {
            "q0": {"query": "Keo Remi", "type": "Person", "limit": 3},
            "q1": {"query": "pigay"},
            "q2": {"query": "jose ramos horta"},
        },
    )
    assert sorted(answer) == ["q0", "q1", "q2"]
    best = answer["q0"]["result"][0]
    assert best["id"] == "person/keo-remy" and best["name"] == "Keo Remy"
    assert best["type"] == [{"id": "Person", "name": "Person"}]
    assert best["match"] is True and 85 <= best["score"] < 100
    assert len(answer["q0"]["result"]) <= 3
    assert _ids(answer["q1"])[0] == "person/natalius-pigai"  # by the alias Pigai
    top = answer["q2"]["result"][0]
    assert (top["id"], top["score"], top["match"]) == ("person/jose-ramos-horta", 100.0, True)


def test_other_languages_and_case(service: str) -> None:
    answer = _reconcile(service, {"km": {"query": "កែវ រ៉េមី"}, "upper": {"query": "KEO REMY"}})
    assert _ids(answer["km"])[0] == _ids(answer["upper"])[0] == "person/keo-remy"
    assert answer["upper"]["result"][0]["match"] is True


def test_type_excludes_other_kinds(service: str) -> None:
    untyped = _reconcile(service, {"q": {"query": "Keo Remy"}})["q"]
    assert "org/keo-remy-foundation" in _ids(untyped)
    typed = _reconcile(service, {"q": {"query": "Keo Remy", "type": "Person"}})["q"]
    assert "org/keo-remy-foundation" not in _ids(typed)
    assert all(c["type"][0]["id"] == "Person" for c in typed["result"])
    organisations = _reconcile(service, {"q": {"query": "Keo Remy", "type": ["Organization"]}})["q"]
    assert _ids(organisations) == ["org/keo-remy-foundation"]


def test_a_single_common_word_is_not_a_match_for_a_longer_name(service: str) -> None:
    found = _reconcile(service, {"q": {"query": "Jakarta"}})["q"]["result"]
    assert [(c["id"], c["score"], c["match"]) for c in found] == [
        ("place/jakarta", 100.0, True),
        ("org/jakarta-legal-aid", 80.0, False),  # one word of its name: at most 80
    ]
    organisations = _reconcile(service, {"q": {"query": "Jakarta", "type": "Organization"}})["q"]
    assert [(c["id"], c["match"]) for c in organisations["result"]] == [("org/jakarta-legal-aid", False)]
    surname = _reconcile(service, {"q": {"query": "Keo", "type": "Person"}})["q"]["result"]
    assert {c["id"] for c in surname} == {"person/keo-remy", "person/keo-sothea"}
    assert not any(c["match"] for c in surname)
    misspelt = _reconcile(service, {"q": {"query": "Horti", "type": "Person"}})["q"]["result"]
    assert [(c["id"], c["match"]) for c in misspelt] == [("person/jose-ramos-horta", False)]


def test_the_closest_of_similar_names_wins(service: str) -> None:
    sothea = _reconcile(service, {"q": {"query": "Keo Soth", "type": "Person"}})["q"]["result"]
    assert [c["id"] for c in sothea] == ["person/keo-sothea", "person/keo-remy"]
    assert sothea[0]["match"] is True and sothea[1]["match"] is False
    assert sothea[0]["score"] > sothea[1]["score"]


def test_date_hint_names_the_posts_held_then(service: str) -> None:
    def description(on: str, name: str = "Keo Remy") -> str | None:
        query = {"query": name, "type": "Person", "properties": [{"pid": "on", "v": on}]}
        best: dict[str, Any] = _reconcile(service, {"q": query})["q"]["result"][0]
        return best.get("description")

    assert description("2025-11-24") == "on 2025-11-24: Senior Minister for Human Rights"
    assert description("2020") == "on 2020: President of the Cambodian Human Rights Committee"
    both = "on 2023-08: President of the Cambodian Human Rights Committee; Senior Minister for Human Rights"
    assert description("2023-08") == both
    assert description("2010") is None
    assert description("2025-11", "Natalius Pigai") == "on 2025-11: Minister of Human Rights"  # attested
    assert description("2024", "Natalius Pigai") is None
    plain = _reconcile(service, {"q": {"query": "Keo Remy"}})["q"]["result"][0]
    assert "description" not in plain


def test_json_body(service: str) -> None:
    body = json.dumps({"q0": {"query": "Keo Remy"}}).encode()
    status, _, text = fetch_text(service, body, {"Content-Type": "application/json"})
    assert status == 200 and json.loads(text)["q0"]["result"][0]["id"] == "person/keo-remy"


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"queries": "{not json"}, "not JSON"),
        ({"queries": "[1, 2]"}, "must be a JSON object"),
        ({"queries": json.dumps({f"q{i}": {"query": "x"} for i in range(MAX_QUERIES + 1)})}, "too many"),
        ({"queries": json.dumps({"q0": {"query": "x", "limit": 10**9}})}, "'limit'"),
        ({"queries": json.dumps({"q0": {"query": ""}})}, "'query'"),
        ({"queries": json.dumps({"q0": "Keo Remy"})}, "JSON object"),
        ({"queries": json.dumps({"q0": {"query": "x", "type": "Planet"}})}, "unknown type"),
        ({"queries": json.dumps({"q0": {"query": "x", "properties": [{"pid": "on", "v": "soon"}]}})}, "'on'"),
        (
            {"queries": json.dumps({"q0": {"query": "x", "properties": [{"pid": "born", "v": "1"}]}})},
            "property",
        ),
        ({"query": "Keo Remy"}, "'queries'"),
        ({"queries": "[" * 100_000 + "]" * 100_000}, "nested too deep"),
    ],
)
def test_bad_input_is_refused_and_the_server_stays_up(
    service: str, form: dict[str, str], message: str
) -> None:
    status, media, body = fetch_text(service, urllib.parse.urlencode(form).encode(), FORM)
    assert (status, media) == (400, "text/plain")
    assert message in body and "Traceback" not in body
    assert _reconcile(service, {"q": {"query": "Keo Remy"}})["q"]["result"][0]["match"] is True


def test_batch_in_the_url(service: str) -> None:
    url = service + "?" + urllib.parse.urlencode({"queries": json.dumps({"q0": {"query": "pigai"}})})
    status, media, body = fetch_text(url)
    assert (status, media) == (200, "application/json")
    assert json.loads(body)["q0"]["result"][0]["id"] == "person/natalius-pigai"
    status, _, body = fetch_text(service + "?queries=nope")
    assert status == 400 and "not JSON" in body


def test_other_body_type_is_refused(service: str) -> None:
    status, _, body = fetch_text(service, b"Keo Remy", {"Content-Type": "text/plain"})
    assert status == 400 and "queries" in body


def test_folded_drops_case_latin_diacritics_and_punctuation() -> None:
    assert folded("  José  Ramos-Horta ") == "jose ramos horta"
    assert folded("កែវ រ៉េមី") == "កែវ រ៉េមី"  # Khmer signs are part of the letters
