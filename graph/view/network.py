"""The networkx view of the RDF graph: one node per entity, one edge per link.

What the view shows is DATA in this module, not code in the HTML writer:

- `KINDS`: which classes become nodes, their names by language (the legend's order), which
  dates a node of the kind shows and which years the page's year filter counts for it;
- `LINKS`: which predicates become an edge between two drawn nodes, and the words on it;
- `NARY`: the n-ary facts drawn as one edge each (tenures, participations, instrument
  events): which node the edge starts and ends at, the words on it and the sentence it reads
  as ("Natalius Pigai — attended as Minister of Human Rights → Meeting, 24 Nov 2025, ...");
- `FACT_ROWS`: the details listed for a node of each kind;
- `TOPIC_LINKS`, `COUNTRY_LINKS`: what the page's topic and country filters look at.

`viz.py` only draws the view; `select` and `neighbourhood` are the filters that both the
command line (`hrgraph viz --topic ...`) and the page apply, with the same rule.
"""

from __future__ import annotations

import difflib
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from graph.core.errors import UsageError
from graph.core.vocab import HRG, SCHEMA, VOCABULARY_BASE
from graph.rdf.triples import GraphLike

Words = Mapping[str, str]
"""A text by language tag; `words_in` picks one with a fallback to English."""


@dataclass(frozen=True)
class Inverse:
    """A step from the object of `predicate` back to its subject."""

    predicate: URIRef


Step = URIRef | Inverse
Route = tuple[Step, ...]


@dataclass(frozen=True)
class Kind:
    """A class drawn as nodes.

    `when`: paths to the dates shown for a node (the first that gives a date wins; `()` is the
    node's own dates). `years`: paths to every date the year filter counts for it; a kind with
    none (people, organisations, places) has no years and follows its neighbours."""

    rdf_type: URIRef
    name: str
    words: Words
    when: tuple[Route, ...] = ((),)
    years: tuple[Route, ...] = ()


@dataclass(frozen=True)
class Link:
    """A predicate drawn as an edge from its subject to its object."""

    predicate: URIRef
    words: Words


@dataclass(frozen=True)
class Nary:
    """An n-ary fact (a node of type `fact`) drawn as one edge from `start` to `end`.

    `slots` name further values by the path from the fact to them (shown by their label);
    `when` is the path to the node whose dates the edge carries (`()`: the fact's own).
    `words` (on the edge) and `sentence` (on hover and click) are templates: `{start}`,
    `{end}`, `{end_summary}`, `{dates}` and the slots are filled in, and a `[...]` part is
    left out when a value in it is unknown."""

    name: str
    fact: URIRef
    start: Route
    end: Route
    words: Words
    sentence: Words
    slots: Mapping[str, Route] = field(default_factory=dict)
    when: Route = ()


@dataclass(frozen=True)
class Row:
    """One line of a node's details: a caption and the values at the end of `path`."""

    words: Words
    path: Route
    form: str = "label"  # label | date | text | number


KINDS: tuple[Kind, ...] = (
    Kind(HRG.Person, "Person", {"en": "Person", "id": "Orang"}, when=()),
    Kind(HRG.Organization, "Organisation", {"en": "Organisation", "id": "Organisasi"}, when=()),
    Kind(HRG.Country, "Country", {"en": "Country", "id": "Negara"}, when=()),
    Kind(HRG.Place, "Place", {"en": "Place", "id": "Tempat"}, when=()),
    Kind(HRG.Post, "Post", {"en": "Post", "id": "Jabatan"}, when=()),
    Kind(HRG.Meeting, "Meeting", {"en": "Meeting", "id": "Pertemuan"}, years=((),)),
    Kind(
        HRG.MeetingSeries,
        "Meeting series",
        {"en": "Meeting series", "id": "Rangkaian pertemuan"},
        when=(),
        years=((Inverse(HRG.inSeries),),),
    ),
    Kind(
        HRG.Commitment,
        "Commitment",
        {"en": "Commitment", "id": "Komitmen"},
        when=((HRG.madeAt,), (HRG.madeIn,)),
        years=((HRG.madeAt,), (HRG.madeIn,), (HRG.dueDate,), (HRG.statusReport,)),
    ),
    Kind(
        HRG.Instrument,
        "Instrument",
        {"en": "Instrument", "id": "Instrumen"},
        years=((), (HRG.instrumentEvent,)),
    ),
    Kind(HRG.Observation, "Figure", {"en": "Figure", "id": "Angka"}, years=((), (HRG.periodStart,))),
)

NODE_CLASSES: dict[URIRef, str] = {kind.rdf_type: kind.name for kind in KINDS}
KIND_BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}

LINKS: tuple[Link, ...] = (
    Link(HRG.postIn, {"en": "post in", "id": "jabatan di"}),
    Link(HRG.nationality, {"en": "national of", "id": "warga negara"}),
    Link(HRG.birthPlace, {"en": "born in", "id": "lahir di"}),
    Link(HRG.country, {"en": "country", "id": "negara"}),
    Link(HRG.parentOrganization, {"en": "part of", "id": "bagian dari"}),
    Link(HRG.locatedIn, {"en": "located in", "id": "terletak di"}),
    Link(HRG.location, {"en": "held in", "id": "diadakan di"}),
    Link(HRG.host, {"en": "hosted by", "id": "tuan rumah"}),
    Link(HRG.inSeries, {"en": "in series", "id": "bagian dari rangkaian"}),
    Link(HRG.ledTo, {"en": "led to", "id": "menghasilkan"}),
    Link(HRG.recalls, {"en": "recalled", "id": "mengingat kembali"}),
    Link(HRG.committedBy, {"en": "made by", "id": "oleh"}),
    Link(HRG.committedTo, {"en": "made to", "id": "kepada"}),
    Link(HRG.counterpart, {"en": "with", "id": "bersama"}),
    Link(HRG.madeAt, {"en": "made at", "id": "dibuat di"}),
    Link(HRG.about, {"en": "about", "id": "tentang"}),
    Link(HRG.reportedBy, {"en": "reported by", "id": "dilaporkan oleh"}),
    Link(HRG.statedAt, {"en": "stated at", "id": "disampaikan di"}),
)
EDGE_LABELS: dict[URIRef, str] = {link.predicate: link.words["en"] for link in LINKS}

LINK_SENTENCE: Words = {"en": "{start} — {words} → {end}", "id": "{start} — {words} → {end}"}

NARY: tuple[Nary, ...] = (
    Nary(
        "tenure",
        HRG.Tenure,
        start=(HRG.holder,),
        end=(HRG.post,),
        words={"en": "served as", "id": "menjabat"},
        sentence={
            "en": "{start} — served as {end}[ ({dates})]",
            "id": "{start} — menjabat {end}[ ({dates})]",
        },
    ),
    Nary(
        "participation",
        HRG.Participation,
        start=(HRG.participant,),
        end=(HRG.meeting,),
        slots={"capacity": (HRG.capacity,), "role": (HRG.role,)},
        when=(HRG.meeting,),
        words={"en": "attended[ as {capacity}]", "id": "hadir[ sebagai {capacity}]"},
        sentence={
            "en": "{start} — attended[ as {capacity}][ ({role})] → {end_summary}",
            "id": "{start} — hadir[ sebagai {capacity}][ ({role})] → {end_summary}",
        },
    ),
    Nary(
        "instrument-event",
        HRG.InstrumentEvent,
        start=(HRG.party,),
        end=(Inverse(HRG.instrumentEvent),),
        slots={"event": (HRG.eventKind,)},
        words={"en": "[{event}][ ({dates})]", "id": "[{event}][ ({dates})]"},
        sentence={
            "en": "{start} — [{event} of ]{end}[, {dates}]",
            "id": "{start} — [{event} ]{end}[, {dates}]",
        },
    ),
)

TOPIC_LINKS: tuple[URIRef, ...] = (HRG.topic,)
"""A node's topics are the objects of these predicates."""

COUNTRY_LINKS: tuple[URIRef, ...] = (
    HRG.nationality,
    HRG.country,
    HRG.locatedIn,
    HRG.location,
    HRG.postIn,
    HRG.parentOrganization,
    HRG.host,
    HRG.committedBy,
    HRG.committedTo,
    HRG.counterpart,
    HRG.about,
    HRG.instrumentEvent,
    HRG.party,
)
"""A node's countries: itself if it is a country, else the countries reached by following
these predicates (at most `COUNTRY_DEPTH` steps): a person's nationality, a place's country,
an organisation's, a meeting's place and host, a commitment's makers and addressees, ..."""
COUNTRY_DEPTH = 4

FACT_ROWS: dict[str, tuple[Row, ...]] = {
    "Person": (
        Row({"en": "Born", "id": "Lahir"}, (HRG.birthDate,), "date"),
        Row({"en": "Born in", "id": "Tempat lahir"}, (HRG.birthPlace,)),
        Row({"en": "Nationality", "id": "Kewarganegaraan"}, (HRG.nationality,)),
    ),
    "Organisation": (
        Row({"en": "Kind", "id": "Jenis"}, (HRG.orgKind,)),
        Row({"en": "Country", "id": "Negara"}, (HRG.country,)),
        Row({"en": "Part of", "id": "Bagian dari"}, (HRG.parentOrganization,)),
    ),
    "Place": (Row({"en": "In", "id": "Di"}, (HRG.locatedIn,)),),
    "Post": (Row({"en": "In", "id": "Di"}, (HRG.postIn,)),),
    "Meeting": (
        Row({"en": "Place", "id": "Tempat"}, (HRG.location,)),
        Row({"en": "Venue", "id": "Lokasi"}, (HRG.venue,), "text"),
        Row({"en": "Host", "id": "Tuan rumah"}, (HRG.host,)),
        Row({"en": "Series", "id": "Rangkaian"}, (HRG.inSeries,)),
        Row({"en": "Topics", "id": "Topik"}, (HRG.topic,)),
    ),
    "Meeting series": (Row({"en": "Topics", "id": "Topik"}, (HRG.topic,)),),
    "Commitment": (
        Row({"en": "What", "id": "Isi"}, (HRG.text,), "text"),
        Row({"en": "Kind", "id": "Jenis"}, (HRG.commitmentKind,)),
        Row({"en": "Made by", "id": "Oleh"}, (HRG.committedBy,)),
        Row({"en": "Made to", "id": "Kepada"}, (HRG.committedTo,)),
        Row({"en": "With", "id": "Bersama"}, (HRG.counterpart,)),
        Row({"en": "Made at", "id": "Dibuat di"}, (HRG.madeAt,)),
        Row({"en": "Due", "id": "Tenggat"}, (HRG.dueDate,), "date"),
        Row({"en": "Status", "id": "Status"}, (HRG.currentStatus,)),
        Row({"en": "Status as of", "id": "Status per"}, (HRG.asOf,), "date"),
        Row({"en": "Confidence", "id": "Keyakinan"}, (HRG.confidence,)),
        Row({"en": "Topics", "id": "Topik"}, (HRG.topic,)),
    ),
    "Instrument": (
        Row({"en": "Kind", "id": "Jenis"}, (HRG.instrumentKind,)),
        Row({"en": "Adopted", "id": "Disahkan"}, (HRG.adopted,), "date"),
    ),
    "Figure": (
        Row({"en": "Measure", "id": "Ukuran"}, (HRG.measure,)),
        Row({"en": "Value", "id": "Nilai"}, (HRG.value,), "number"),
        Row({"en": "Stated as", "id": "Dinyatakan"}, (HRG.qualifier,), "text"),
        Row({"en": "About", "id": "Tentang"}, (HRG.about,)),
        Row({"en": "Period from", "id": "Periode sejak"}, (HRG.periodStart,), "date"),
        Row({"en": "Reported by", "id": "Dilaporkan oleh"}, (HRG.reportedBy,)),
    ),
}

MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
}
DATE_WORDS: dict[str, Words] = {
    "range": {"en": "{start} – {end}"},
    "from": {"en": "from {start}", "id": "sejak {start}"},
    "until": {"en": "until {end}", "id": "hingga {end}"},
    "attested": {"en": "in office on {dates}", "id": "menjabat pada {dates}"},
}
DECIMAL_COMMA = {"id"}
"""Languages that write 130.000 for 130,000."""
OWN_DATES: tuple[URIRef, ...] = (HRG.date, HRG.adopted, HRG.asOf, DCTERMS.issued)
"""Single dates a node may carry itself, in order of preference (after start/end)."""

LABEL_PREDICATES: tuple[URIRef, ...] = (RDFS.label, SKOS.prefLabel)
LONG_LABEL = 48


# ---------------------------------------------------------------- words and dates


def words_in(words: Words, lang: str) -> str:
    """The text in `lang`, else in English."""
    return words.get(lang) or words["en"]


def fill(template: str, values: Mapping[str, str]) -> str:
    """Fill `{name}`s; a `[...]` part is left out when one of its values is empty."""

    def part(match: re.Match[str]) -> str:
        names = re.findall(r"{(\w+)}", match.group(1))
        return match.group(1) if all(values.get(name) for name in names) else ""

    return re.sub(r"\[([^\[\]]*)\]", part, template).format_map(_Blank(values))


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def human_date(value: str, lang: str = "en") -> str:
    """'2025-11-24' → '24 Nov 2025', '2025-11' → 'Nov 2025', '2025' → '2025'."""
    match = re.fullmatch(r"(-?\d{4})(?:-(\d\d))?(?:-(\d\d))?", value.strip()[:10])
    if match is None:
        return value
    year, month, day = match.groups()
    months = MONTHS.get(lang, MONTHS["en"])
    if month is None or not 1 <= int(month) <= 12:
        return year
    if day is None:
        return f"{months[int(month) - 1]} {year}"
    return f"{int(day)} {months[int(month) - 1]} {year}"


def _year(value: Node) -> int | None:
    match = re.match(r"(-?\d{4})", str(value))
    return int(match.group(1)) if match else None


# looked up once: attribute access on rdflib's namespaces is slow in loops over 100,000 nodes
TYPE, CITATION, SOURCE, QUOTE = RDF.type, HRG.citation, HRG.source, HRG.quote
ISSUED, TITLE, PUBLISHER, URL = DCTERMS.issued, DCTERMS.title, DCTERMS.publisher, SCHEMA.url
START_DATE, END_DATE, ATTESTED_ON = HRG.startDate, HRG.endDate, HRG.attestedOn


# ---------------------------------------------------------------- reading the RDF graph


def follow(graph: GraphLike, node: Node, path: Route) -> list[Node]:
    """Every term at the end of `path` from `node`, sorted."""
    current: list[Node] = [node]
    for step in path:
        found: set[Node] = set()
        for term in current:
            if isinstance(step, Inverse):
                found.update(graph.subjects(step.predicate, term))
            else:
                found.update(graph.objects(term, step))
        current = sorted(found, key=str)
    return current


def label_of(graph: GraphLike, node: Node, lang: str = "en") -> str:
    """The node's name in `lang`, else English, else Indonesian, else any, else its id."""
    found = (o for p in LABEL_PREDICATES for o in graph.objects(node, p) if isinstance(o, Literal))
    labels = sorted(found, key=_text_order)
    for wanted in (lang, "en", "id"):
        for label in labels:
            if label.language == wanted:
                return str(label)
    if labels:
        return str(labels[0])
    return short_id(str(node))


def text_in(graph: GraphLike, node: Node, predicate: URIRef, lang: str) -> str:
    """A language-tagged text of `node` in `lang`, else English, else Indonesian, else any."""
    texts = sorted((o for o in graph.objects(node, predicate) if isinstance(o, Literal)), key=_text_order)
    for wanted in (lang, "en", "id"):
        for text in texts:
            if text.language == wanted:
                return str(text)
    return str(texts[0]) if texts else ""


def _text_order(text: Literal) -> tuple[str, str]:
    """Texts by their letters, then language: what rdflib's ordering gives for them, at the
    cost of comparing two strings (rdflib compares Literals in Python)."""
    return (str(text), text.language or "")


def short_id(iri: str) -> str:
    """'https://w3id.org/hrgraph/id/person/keo-remy' → 'person/keo-remy'."""
    parts = iri.rstrip("/").rsplit("/", 2)
    return "/".join(parts[-2:]) if len(parts) >= 2 else iri


def sources_of(graph: GraphLike, node: Node, lang: str = "en") -> list[dict[str, str]]:
    """The citations of a node: title, publisher, date, url and quote of each source."""
    result = []
    for citation in sorted(graph.objects(node, CITATION), key=str):
        source = graph.value(citation, SOURCE)
        if source is None:
            continue
        quote = graph.value(citation, QUOTE)
        issued = graph.value(source, ISSUED)
        result.append(
            {
                "id": str(source),
                "title": text_in(graph, source, TITLE, lang),
                "publisher": str(graph.value(source, PUBLISHER) or ""),
                "date": human_date(str(issued), lang) if issued is not None else "",
                "url": str(graph.value(source, URL) or ""),
                "quote": str(quote) if quote is not None else "",
            }
        )
    return result


def dates_of(graph: GraphLike, node: Node, lang: str = "en") -> str:
    """The node's own dates in words: a range, a start, an end, attested days or one date."""
    start = graph.value(node, START_DATE)
    end = graph.value(node, END_DATE)
    values = {
        "start": human_date(str(start), lang) if start is not None else "",
        "end": human_date(str(end), lang) if end is not None else "",
    }
    if start is not None and end is not None:
        return fill(words_in(DATE_WORDS["range"], lang), values)
    if start is not None:
        if (node, TYPE, HRG.Tenure) in graph:
            return fill(words_in(DATE_WORDS["from"], lang), values)
        return values["start"]
    if end is not None:
        return fill(words_in(DATE_WORDS["until"], lang), values)
    attested = sorted(str(d) for d in graph.objects(node, ATTESTED_ON))
    if attested:
        days = ", ".join(human_date(d, lang) for d in attested)
        return fill(words_in(DATE_WORDS["attested"], lang), {"dates": days})
    for predicate in OWN_DATES:
        value = graph.value(node, predicate)
        if value is not None:
            return human_date(str(value), lang)
    return ""


def years_of(graph: GraphLike, term: Node) -> set[int]:
    """The years a date literal names, or that a node's own dates span."""
    if isinstance(term, Literal):
        year = _year(term)
        return set() if year is None else {year}
    start, end = graph.value(term, START_DATE), graph.value(term, END_DATE)
    first = _year(start) if start is not None else None
    last = _year(end) if end is not None else None
    years: set[int] = set()
    if first is not None and last is not None and 0 <= last - first <= 200:
        years.update(range(first, last + 1))
    else:
        years.update(y for y in (first, last) if y is not None)
    for predicate in (ATTESTED_ON, *OWN_DATES):
        years.update(y for y in map(_year, graph.objects(term, predicate)) if y is not None)
    return years


def _kind(graph: GraphLike, node: Node) -> Kind | None:
    types = set(graph.objects(node, TYPE))
    for kind in KINDS:
        if kind.rdf_type in types:
            return kind
    return None


def _number(value: Node | None, lang: str = "en") -> str:
    """130000 → '130,000' (in Indonesian '130.000')."""
    if value is None:
        return "?"
    try:
        number = float(str(value))
    except ValueError:
        return str(value)
    text = f"{int(number):,}" if number.is_integer() else f"{number:,}"
    return text.translate(str.maketrans(",.", ".,")) if lang in DECIMAL_COMMA else text


def _node_label(graph: GraphLike, node: Node, kind: Kind, lang: str) -> str:
    if kind.name == "Commitment":
        text = text_in(graph, node, HRG.text, lang) or label_of(graph, node, lang)
        return text if len(text) <= LONG_LABEL else text[: LONG_LABEL - 3] + "…"
    if kind.name == "Figure":
        measure = graph.value(node, HRG.measure)
        name = label_of(graph, measure, lang) if measure is not None else words_in(kind.words, lang)
        return f"{name}: {_number(graph.value(node, HRG.value), lang)}"
    return label_of(graph, node, lang)


def _node_dates(graph: GraphLike, node: Node, kind: Kind, lang: str) -> str:
    for path in kind.when:
        for term in follow(graph, node, path):
            text = human_date(str(term), lang) if isinstance(term, Literal) else dates_of(graph, term, lang)
            if text:
                return text
    return ""


def _summary(graph: GraphLike, node: Node, kind: Kind, dates: str, lang: str) -> str:
    """'Meeting, 24 Nov 2025, Phnom Penh': the kind, the dates and the place, where known."""
    places = [label_of(graph, p, lang) for p in follow(graph, node, (HRG.location,))]
    return ", ".join(x for x in (words_in(kind.words, lang), dates, *places) if x)


def _rows(graph: GraphLike, node: Node, kind: Kind, lang: str) -> list[list[str]]:
    rows = []
    for row in FACT_ROWS.get(kind.name, ()):
        if row.form == "text":
            step = row.path[0] if len(row.path) == 1 else None
            text = text_in(graph, node, step, lang) if isinstance(step, URIRef) else ""
            values = [text] if text else []
        else:
            terms = follow(graph, node, row.path)
            if row.form == "date":
                values = [human_date(str(t), lang) for t in terms]
            elif row.form == "number":
                values = [_number(t, lang) for t in terms]
            else:
                values = sorted(label_of(graph, t, lang) for t in terms)
        if values:
            rows.append([words_in(row.words, lang), ", ".join(values)])
    return rows


def _countries(graph: GraphLike, node: Node, countries: set[Node]) -> list[str]:
    if node in countries:
        return [str(node)]
    found: set[str] = set()
    seen = {node}
    frontier = [node]
    for _ in range(COUNTRY_DEPTH):
        step: list[Node] = []
        for term in frontier:
            for predicate in COUNTRY_LINKS:
                for obj in graph.objects(term, predicate):
                    if obj in countries:
                        found.add(str(obj))
                    elif obj not in seen:
                        seen.add(obj)
                        step.append(obj)
        frontier = step
    return sorted(found)


# ---------------------------------------------------------------- the view


def to_networkx(graph: GraphLike, lang: str = "en") -> nx.MultiDiGraph:
    """Entities as nodes; direct links and n-ary facts (tenures, participations, instrument
    events) as edges. Node attributes: kind, kind_label, label, summary, dates, facts, sources,
    topics, countries, years. Edge attributes: link, label, sentence, dates, years, sources.
    The graph's attributes name the language and the topics and countries present."""
    view = nx.MultiDiGraph(lang=lang)
    country_nodes = set(graph.subjects(TYPE, HRG.Country))
    topics: dict[str, str] = {}
    sources = cache(lambda node: sources_of(graph, node, lang))  # an edge's sources are its subject's
    for kind in KINDS:
        for node in sorted(graph.subjects(TYPE, kind.rdf_type), key=str):
            if str(node) in view or _kind(graph, node) is not kind:
                continue
            dates = _node_dates(graph, node, kind, lang)
            node_topics = sorted({t for p in TOPIC_LINKS for t in graph.objects(node, p)}, key=str)
            topics.update((str(t), label_of(graph, t, lang)) for t in node_topics)
            years: set[int] = set()
            for path in kind.years:
                for term in follow(graph, node, path):
                    years |= years_of(graph, term)
            view.add_node(
                str(node),
                kind=kind.name,
                kind_label=words_in(kind.words, lang),
                label=_node_label(graph, node, kind, lang),
                summary=_summary(graph, node, kind, dates, lang),
                dates=dates,
                facts=_rows(graph, node, kind, lang),
                sources=sources(node),
                topics=[str(t) for t in node_topics],
                countries=_countries(graph, node, country_nodes),
                years=sorted(years),
            )
    for link in LINKS:
        words = words_in(link.words, lang)
        for subject, obj in sorted(graph.subject_objects(link.predicate), key=str):
            if str(subject) in view and str(obj) in view:
                sentence = fill(
                    words_in(LINK_SENTENCE, lang),
                    {"start": _name(view, subject), "words": words, "end": _name(view, obj)},
                )
                view.add_edge(
                    str(subject),
                    str(obj),
                    key=f"{subject} {link.predicate} {obj}",
                    link=_local_name(link.predicate),
                    label=words,
                    sentence=sentence,
                    dates="",
                    years=[],
                    sources=sources(subject),
                )
    for rule in NARY:
        for fact in sorted(graph.subjects(TYPE, rule.fact), key=str):
            _add_nary(view, graph, rule, fact, lang)
    view.graph["topics"] = dict(sorted(topics.items(), key=lambda item: item[1].lower()))
    view.graph["countries"] = {
        node: data["label"]
        for node, data in sorted(view.nodes(data=True), key=lambda item: item[1]["label"].lower())
        if data["kind"] == "Country"
    }
    return view


def _add_nary(view: nx.MultiDiGraph, graph: GraphLike, rule: Nary, fact: Node, lang: str) -> None:
    starts = [s for s in follow(graph, fact, rule.start) if str(s) in view]
    ends = [e for e in follow(graph, fact, rule.end) if str(e) in view]
    when = follow(graph, fact, rule.when)
    dates = dates_of(graph, when[0], lang) if when else ""
    years = sorted(set().union(*(years_of(graph, w) for w in when))) if when else []
    values = {
        name: ", ".join(label_of(graph, t, lang) for t in follow(graph, fact, path))
        for name, path in rule.slots.items()
    }
    values["dates"] = dates
    for start in starts:
        for end in ends:
            values.update(
                start=_name(view, start), end=_name(view, end), end_summary=view.nodes[str(end)]["summary"]
            )
            view.add_edge(
                str(start),
                str(end),
                key=str(fact),
                link=rule.name,
                label=fill(words_in(rule.words, lang), values).strip(),
                sentence=fill(words_in(rule.sentence, lang), values),
                dates=dates,
                years=years,
                sources=sources_of(graph, fact, lang),
            )


def _name(view: nx.MultiDiGraph, node: Node) -> str:
    return str(view.nodes[str(node)]["label"])


def _local_name(iri: URIRef) -> str:
    return re.split(r"[#/]", str(iri))[-1]


# ---------------------------------------------------------------- filters


@dataclass(frozen=True)
class Filters:
    """What the page's filters (and `hrgraph viz`'s options) ask for; None: no filter."""

    kinds: frozenset[str] | None = None
    topic: str | None = None
    country: str | None = None
    year_from: int | None = None
    year_to: int | None = None

    @property
    def by_years(self) -> bool:
        return self.year_from is not None or self.year_to is not None

    def year_in_range(self, years: Iterable[int]) -> bool:
        low = self.year_from if self.year_from is not None else -(10**6)
        high = self.year_to if self.year_to is not None else 10**6
        return any(low <= y <= high for y in years)

    def state(self, data: Mapping[str, Any]) -> str:
        """'yes' when the node matches; 'no' when it does not; 'unknown' when it matches what
        it can but has no topics or countries (or years) for a filter that asks for them;
        'undated' when only its years are missing."""
        if self.kinds is not None and data["kind"] not in self.kinds:
            return "no"
        state = "yes"
        checks = (
            (self.topic is not None, data["topics"], lambda v: self.topic in v, "unknown"),
            (self.country is not None, data["countries"], lambda v: self.country in v, "unknown"),
            (self.by_years, data["years"], self.year_in_range, "undated"),
        )
        for active, values, matches, missing in checks:
            if not active:
                continue
            if not values:
                state = "unknown" if state == "unknown" else missing
            elif not matches(values):
                return "no"
        return state


def select(view: nx.MultiDiGraph, filters: Filters) -> set[str]:
    """The nodes the filters keep: those that match; and those that match except for having
    no topics, countries or years of their own, when linked to one that matches (a person
    follows the meeting they attended; a country the commitment made to it) or, for years, by
    a link dated in the range (a person and a post follow the tenure that links them)."""
    states = {node: filters.state(data) for node, data in view.nodes(data=True)}
    kept = {node for node, state in states.items() if state == "yes"}
    for node, state in states.items():
        if state not in ("unknown", "undated"):
            continue
        links = [(v, d) for _, v, d in view.out_edges(node, data=True)]
        links += [(u, d) for u, _, d in view.in_edges(node, data=True)]
        for other, data in links:
            dated = state == "undated" and bool(data["years"]) and filters.year_in_range(data["years"])
            if states[other] == "yes" or (dated and states[other] != "no"):
                kept.add(node)
                break
    return kept


def edge_kept(data: Mapping[str, Any], filters: Filters) -> bool:
    """An edge between two kept nodes stays unless the year filter excludes its own dates."""
    return not (filters.by_years and data["years"] and not filters.year_in_range(data["years"]))


def neighbourhood(view: nx.MultiDiGraph, focus: str, depth: int) -> set[str]:
    """The nodes at most `depth` links away from `focus`, whatever the links' direction."""
    lengths = nx.single_source_shortest_path_length(view.to_undirected(as_view=True), focus, cutoff=depth)
    return set(lengths)


def subview(view: nx.MultiDiGraph, nodes: Iterable[str], filters: Filters | None = None) -> nx.MultiDiGraph:
    """The view restricted to `nodes` (and to the edges the filters keep), with its attributes."""
    part = nx.MultiDiGraph(view.subgraph(nodes))
    if filters is not None:
        part.remove_edges_from(
            [(u, v, k) for u, v, k, data in part.edges(keys=True, data=True) if not edge_kept(data, filters)]
        )
    part.graph = dict(view.graph)
    present = set(part)
    part.graph["countries"] = {c: name for c, name in view.graph.get("countries", {}).items() if c in present}
    used = {t for _, data in part.nodes(data=True) for t in data["topics"]}
    part.graph["topics"] = {t: name for t, name in view.graph.get("topics", {}).items() if t in used}
    return part


# ---------------------------------------------------------------- Gephi


def to_gephi(view: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all strings or numbers, as GraphML and GEXF require: lists
    and the sources become JSON strings."""
    flat = nx.MultiDiGraph()
    for node, data in view.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in data.items()})
    for source, target, key, data in view.edges(keys=True, data=True):
        flat.add_edge(source, target, key=key, **{k: _flat(v) for k, v in data.items()})
    return flat


def _flat(value: Any) -> str | int | float:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def to_graphml(view: nx.MultiDiGraph) -> bytes:
    """GraphML for Gephi, yEd or Cytoscape; deterministic for a given view."""
    out = io.BytesIO()
    nx.write_graphml(to_gephi(view), out, encoding="utf-8", prettyprint=True)
    return out.getvalue()


def to_gexf(view: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 for Gephi, without the date networkx stamps in it (so builds are reproducible)."""
    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    writer.add_graph(to_gephi(view))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ---------------------------------------------------------------- a part of the view, by name


SELECTION_WORDS: dict[str, Words] = {
    "around one": {
        "en": "{name} and what is linked to it",
        "id": "{name} dan yang terhubung dengannya",
    },
    "around": {
        "en": "{name} and what is up to {depth} links away",
        "id": "{name} dan yang berjarak hingga {depth} hubungan",
    },
    "topic": {"en": "topic: {name}", "id": "topik: {name}"},
    "country": {"en": "country: {name}", "id": "negara: {name}"},
}
"""How the page's subtitle says what part of the graph `hrgraph viz` drew."""


@dataclass(frozen=True)
class Selection:
    """The part of the view `hrgraph viz` draws, and how to say what it is."""

    view: nx.MultiDiGraph
    description: str
    total: int


def selected_view(
    view: nx.MultiDiGraph,
    base: str,
    focus: str | None = None,
    depth: int = 1,
    topic: str | None = None,
    country: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> Selection:
    """The view filtered (as the page filters) and then cut to `depth` links around `focus`.

    Ids are given as in sources/ (person/keo-remy, topic/migrant-workers, country/cambodia) or
    as IRIs; a bad id, an empty range or an empty result raises UsageError with a hint."""
    if year_from is not None and year_to is not None and year_from > year_to:
        raise UsageError(f"--from {year_from} is after --to {year_to} (give the earlier year first)")
    topics: dict[str, str] = view.graph.get("topics", {})
    countries: dict[str, str] = view.graph.get("countries", {})
    topic_iri = _resolve(topic, "topic", VOCABULARY_BASE, topics, "--topic") if topic else None
    country_iri = _resolve(country, "country", base, countries, "--country") if country else None
    filters = Filters(topic=topic_iri, country=country_iri, year_from=year_from, year_to=year_to)
    kept = select(view, filters)
    lang = str(view.graph.get("lang", "en"))
    said = []
    if focus is not None:
        names = {n: short_id(n) for n in view}
        focus_iri = _resolve(focus, "", base, names, "--focus")
        if focus_iri not in kept:
            label = view.nodes[focus_iri]["label"]
            raise UsageError(f"--focus {focus}: {label!r} is not among what the other options keep")
        kept = neighbourhood(view.subgraph(kept), focus_iri, depth)
        said.append(
            fill(
                words_in(SELECTION_WORDS["around" if depth != 1 else "around one"], lang),
                {"name": view.nodes[focus_iri]["label"], "depth": str(depth)},
            )
        )
    if topic_iri:
        said.append(fill(words_in(SELECTION_WORDS["topic"], lang), {"name": topics[topic_iri]}))
    if country_iri:
        said.append(fill(words_in(SELECTION_WORDS["country"], lang), {"name": countries[country_iri]}))
    if filters.by_years:
        low = str(year_from) if year_from is not None else "…"
        high = str(year_to) if year_to is not None else "…"
        said.append(low if low == high else f"{low}–{high}")
    if not kept:
        raise UsageError("nothing in the graph matches these options; nothing was written")
    return Selection(subview(view, kept, filters), " · ".join(said), len(view))


def _resolve(text: str, kind: str, base: str, known: Mapping[str, str], option: str) -> str:
    """The IRI for an id such as `country/cambodia` (or `cambodia`), which must be in `known`."""
    if re.match(r"https?://", text):
        iri, wanted = text, short_id(text)
    else:
        wanted = text if not kind or text.startswith(f"{kind}/") else f"{kind}/{text}"
        iri = base + wanted
    if iri in known:
        return iri
    ids = sorted(short_id(k) for k in known)
    kind_of, _, word = wanted.rpartition("/")
    close = [i for i in ids if word in i.rsplit("/", 1)[-1] and (not kind_of or i.startswith(kind_of + "/"))]
    close = sorted(close, key=lambda i: (len(i.rsplit("/", 1)[-1]), i))[:3]  # the closest first
    close = close or difflib.get_close_matches(wanted, ids, n=3, cutoff=0.75)
    if close:
        hint = "did you mean " + " or ".join(close) + "?"
    elif len(ids) <= 12:
        hint = "the graph has " + ", ".join(ids) if ids else "the graph has none"
    else:
        hint = f"ids look like {ids[0]}"
    raise UsageError(f"{option} {text}: not in the graph ({hint})")
