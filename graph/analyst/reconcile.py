"""The W3C Reconciliation Service API (0.2, the one OpenRefine speaks) over the served graph.

`GET /reconcile` answers the service manifest; `POST /reconcile` (form field `queries`, or the
same JSON object as the body) answers a batch of name queries with scored candidates. Names are
every rdfs:label, skos:prefLabel and skos:altLabel (en, id, km and aliases), compared without
case, Latin diacritics or punctuation by rapidfuzz's token_sort_ratio: unlike WRatio (90 and
token_set_ratio 100 for "Jakarta" against "Jakarta Informal Meetings") it does not score a single
common word high against a longer name. A one-word query is also compared with each word of a
name at 0.8 of its score, so a surname ("Pigay") finds its person but is never a match by itself
(measured on the curated graph of sources/). A property `on` (a date, month or year) adds to a
person's description the posts held then, judged as the saved query post-holder-on-date judges
them (hrg:overlaps, graph/sparql/partial_dates.py). The name index is built once, at start.
"""

from __future__ import annotations

import json
import unicodedata
import urllib.parse
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rapidfuzz import fuzz, process

from graph.core.ontology import shipped_ontology
from graph.core.vocab import DEFAULT_DATA_BASE, HRG, ONTOLOGY_IRI
from graph.ingest.records import DATE_PATTERN
from graph.sparql.partial_dates import expand_partial_dates

RECONCILE_PATH = "/reconcile"
# The kinds of entity a spreadsheet cell may name, by the local name of their class
KINDS = ("Person", "Organization", "Post", "Place", "Country", "Meeting", "MeetingSeries", "Instrument")
MAX_QUERIES = 100  # queries in one batch
MAX_LIMIT = 100  # candidates asked for one query
DEFAULT_LIMIT = 5
MAX_QUERY_CHARS = 500
LOWEST_SCORE = 50.0  # candidates scoring less are left out
MATCH_SCORE = 85.0  # the best candidate is a match from this score ...
MATCH_LEAD = 10.0  # ... when it leads the next one by this much
WORD_WEIGHT = 0.8  # a one-word query against one word of a name scores at most 80
DATE_PROPERTY = "on"

_PREFIXES = (
    f"PREFIX hrg: <{ONTOLOGY_IRI}>\n"
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
_NAMES_QUERY = (
    _PREFIXES
    + "SELECT ?entity ?class ?property ?name WHERE {\n"
    + "  VALUES ?class { "
    + " ".join(f"hrg:{kind}" for kind in KINDS)
    + " }\n"
    + "  VALUES ?property { rdfs:label skos:prefLabel skos:altLabel }\n"
    + "  ?entity a ?class ; ?property ?name .\n"
    + "}"
)
# The posts each holder held at any time in the period ?on: a tenure whose dates overlap it, or
# one a source shows in office on a date in it (as the saved query post-holder-on-date).
_POSTS_HELD = expand_partial_dates(
    _PREFIXES
    + """SELECT DISTINCT ?holder ?post ?postName WHERE {
  VALUES ?holder { %s }
  VALUES ?on { %s }
  ?tenure a hrg:Tenure ; hrg:holder ?holder ; hrg:post ?post .
  OPTIONAL { ?post rdfs:label ?postName FILTER(lang(?postName) = "en") }
  OPTIONAL { ?tenure hrg:startDate ?start }
  OPTIONAL { ?tenure hrg:endDate ?end }
  OPTIONAL { ?tenure hrg:attestedOn ?seen FILTER(hrg:overlaps(?seen, ?seen, ?on)) }
  FILTER((BOUND(?start) && hrg:overlaps(?start, ?end, ?on)) || BOUND(?seen))
}
ORDER BY ?holder ?postName"""
)


class ReconcileError(ValueError):
    """A reconciliation request that cannot be answered (answered 400 with its message)."""


def folded(text: str) -> str:
    """Text to compare: case-folded, Latin diacritics dropped (é → e; Khmer signs are kept),
    punctuation made a space (Ramos-Horta → ramos horta), runs of spaces made one."""
    kept: list[str] = []
    for char in unicodedata.normalize("NFD", text.casefold()):
        if unicodedata.combining(char) and kept and kept[-1] < "\u0250":
            continue
        kept.append(" " if unicodedata.category(char).startswith("P") else char)
    return " ".join(unicodedata.normalize("NFC", "".join(kept)).split())


@dataclass
class Entity:
    """A name-bearing entity of the graph: its id, kind, display name and folded names."""

    iri: str
    id: str
    kind: str
    name: str
    names: set[str]


@dataclass(frozen=True)
class Query:
    """One checked query of a batch."""

    text: str
    kinds: tuple[str, ...]
    limit: int
    on: str | None


class Reconciler:
    """The name index of a store, built once, answering manifest and batch requests."""

    def __init__(self, store: ox.Store, data_base: str = DEFAULT_DATA_BASE):
        self.store = store
        self.data_base = data_base
        labels = shipped_ontology().labels
        self.kind_names = {kind: labels.get(getattr(HRG, kind), {}).get("en", kind) for kind in KINDS}
        self.entities = self._index()
        self._names = _flat(self.entities, lambda name: [name])
        self._words = _flat(self.entities, lambda name: sorted(set(name.split())))

    def _index(self) -> list[Entity]:
        found: dict[str, Entity] = {}
        english: dict[str, str] = {}
        solutions = self.store.query(_NAMES_QUERY)
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            entity, cls, prop, name = (row[v] for v in ("entity", "class", "property", "name"))
            assert isinstance(entity, ox.NamedNode) and isinstance(name, ox.Literal)
            iri, text = entity.value, name.value
            kind = str(cls.value)[len(ONTOLOGY_IRI) :]
            short = iri[len(self.data_base) :] if iri.startswith(self.data_base) else iri
            current = found.setdefault(iri, Entity(iri, short, kind, text, set()))
            current.names.add(folded(text))
            if name.language == "en" and not str(prop.value).endswith("altLabel"):
                english.setdefault(iri, text)
        for iri, entity in found.items():
            entity.name = english.get(iri, entity.name)
        return sorted(found.values(), key=lambda e: e.iri)

    def manifest(self) -> dict[str, Any]:
        """The service manifest (Reconciliation Service API 0.2)."""
        return {
            "versions": ["0.2"],
            "name": "hrgraph",
            "identifierSpace": self.data_base,
            "schemaSpace": ONTOLOGY_IRI,
            "defaultTypes": [{"id": kind, "name": name} for kind, name in self.kind_names.items()],
            "view": {"url": self.data_base + "{{id}}"},
        }

    def answer(self, batch: dict[str, Query]) -> dict[str, Any]:
        """Each query's candidates, best first."""
        return {key: {"result": self._candidates(query)} for key, query in batch.items()}

    def _scores(self, wanted: str) -> dict[int, float]:
        """The best score of each entity scoring at least LOWEST_SCORE, by its position. A
        one-word query is also compared with each word of the names, at WORD_WEIGHT: a surname
        ("Pigay") finds its person, and never counts as a match on its own."""
        best: dict[int, float] = {}
        lookups = [(self._names, fuzz.token_sort_ratio, 1.0)]
        if " " not in wanted:
            lookups.append((self._words, fuzz.ratio, WORD_WEIGHT))
        for (texts, owners), scorer, weight in lookups:
            found = process.extract(
                wanted, texts, scorer=scorer, score_cutoff=LOWEST_SCORE / weight, limit=None
            )
            for _, score, position in found:
                owner = owners[position]
                best[owner] = max(best.get(owner, 0.0), score * weight)
        return best

    def _candidates(self, query: Query) -> list[dict[str, Any]]:
        scored = [
            (round(score, 1), self.entities[owner])
            for owner, score in self._scores(folded(query.text)).items()
            if not query.kinds or self.entities[owner].kind in query.kinds
        ]
        scored.sort(key=lambda pair: (-pair[0], pair[1].iri))
        chosen = scored[: query.limit]
        held = self._posts_held([e for _, e in chosen if e.kind == "Person"], query.on) if query.on else {}
        results = []
        for rank, (score, entity) in enumerate(chosen):
            runner_up = scored[1][0] if len(scored) > 1 else 0.0
            result: dict[str, Any] = {
                "id": entity.id,
                "name": entity.name,
                "type": [{"id": entity.kind, "name": self.kind_names[entity.kind]}],
                "score": score,
                "match": rank == 0 and score >= MATCH_SCORE and score - runner_up >= MATCH_LEAD,
            }
            if entity.iri in held:
                result["description"] = f"on {query.on}: " + "; ".join(held[entity.iri])
            results.append(result)
        return results

    def _posts_held(self, people: list[Entity], on: str | None) -> dict[str, list[str]]:
        """The names of the posts each person held at any time in the period `on`."""
        if not people or on is None:
            return {}
        holders = " ".join(str(ox.NamedNode(p.iri)) for p in people)
        solutions = self.store.query(_POSTS_HELD % (holders, ox.Literal(on)))  # terms written by Oxigraph
        assert isinstance(solutions, ox.QuerySolutions)
        held: dict[str, list[str]] = defaultdict(list)
        for row in solutions:
            holder, post, name = row["holder"], row["post"], row["postName"]
            assert isinstance(holder, ox.NamedNode) and isinstance(post, ox.NamedNode)
            held[holder.value].append(name.value if name is not None else post.value)
        return held


def _flat(entities: list[Entity], parts: Callable[[str], list[str]]) -> tuple[list[str], list[int]]:
    """The parts of every name of the entities, with the position of the entity of each."""
    texts: list[str] = []
    owners: list[int] = []
    for position, entity in enumerate(entities):
        for text in sorted({part for name in entity.names for part in parts(name)}):
            texts.append(text)
            owners.append(position)
    return texts, owners


def read_batch(body: str, content_type: str) -> dict[str, Query]:
    """The checked batch of a POST body: a form with `queries` (0.2), or that JSON object itself."""
    if content_type == "application/x-www-form-urlencoded":
        fields = urllib.parse.parse_qs(body)
        given = fields.get("queries", [])
        if len(given) != 1:
            raise ReconcileError("give exactly one form field 'queries' holding a JSON object")
        body = given[0]
    elif content_type != "application/json":
        raise ReconcileError("send a form with the field 'queries', or a JSON object")
    try:
        batch = json.loads(body)
    except ValueError as exc:
        raise ReconcileError(f"'queries' is not JSON: {exc}") from None
    except RecursionError:
        raise ReconcileError("'queries' is nested too deep to read: send a flat JSON object") from None
    return checked_batch(batch)


def checked_batch(batch: object) -> dict[str, Query]:
    """The queries of a decoded batch, or ReconcileError naming the first mistake."""
    if not isinstance(batch, dict):
        raise ReconcileError('the queries must be a JSON object, e.g. {"q0": {"query": "Keo Remy"}}')
    if len(batch) > MAX_QUERIES:
        raise ReconcileError(f"too many queries: at most {MAX_QUERIES} in one request")
    return {str(key): checked_query(str(key), value) for key, value in batch.items()}


def checked_query(key: str, value: object) -> Query:
    """One query: its text, kinds (type), limit and the date of its `on` property."""
    if not isinstance(value, dict):
        raise ReconcileError(f"{key}: a query must be a JSON object with 'query'")
    text = value.get("query")
    if not isinstance(text, str) or not text.strip():
        raise ReconcileError(f"{key}: 'query' must be a non-empty text")
    if len(text) > MAX_QUERY_CHARS:
        raise ReconcileError(f"{key}: 'query' is too long (at most {MAX_QUERY_CHARS} characters)")
    limit = value.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ReconcileError(f"{key}: 'limit' must be a whole number from 1 to {MAX_LIMIT}")
    return Query(text, _kinds(key, value.get("type")), limit, _date(key, value.get("properties", [])))


def _kinds(key: str, given: object) -> tuple[str, ...]:
    names = [given] if isinstance(given, str) else given if isinstance(given, list) else None
    if given is None:
        return ()
    if names is None or not all(isinstance(n, str) for n in names):
        raise ReconcileError(f"{key}: 'type' must be a type id or a list of them")
    unknown = [n for n in names if n not in KINDS]
    if unknown:
        raise ReconcileError(f"{key}: unknown type {unknown[0]!r}; the types are {', '.join(KINDS)}")
    return tuple(names)


def _date(key: str, properties: object) -> str | None:
    if not isinstance(properties, list):
        raise ReconcileError(f"{key}: 'properties' must be a list of {{'pid': ..., 'v': ...}}")
    on = None
    for prop in properties:
        if not isinstance(prop, dict) or prop.get("pid") != DATE_PROPERTY:
            raise ReconcileError(f"{key}: the one property understood is {{'pid': 'on', 'v': a date}}")
        value = prop.get("v")
        if not isinstance(value, str) or not DATE_PATTERN.match(value):
            raise ReconcileError(f"{key}: 'on' must be a date, month or year: 2025-11-24, 2025-11 or 2025")
        on = value
    return on


def as_json(answer: dict[str, Any]) -> bytes:
    return json.dumps(answer, ensure_ascii=False).encode("utf-8")
