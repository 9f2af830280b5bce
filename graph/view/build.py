"""The networkx view of the RDF graph: one node per entity, one edge per link, as `rules.py` says.

Values stay as data (ISO dates, ids, numbers as written in the sources); texts for readers
(names, summaries, sentences, the captions of the details) are in the view's language.
"""

from __future__ import annotations

from typing import Any, TypedDict

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.core.vocab import HRG, RDF
from graph.rdf.reads import Reads, RecordingGraph
from graph.rdf.triples import GraphLike
from graph.view.dates import human_dates
from graph.view.read import (
    dates_of,
    follow,
    label_and_language,
    label_of,
    sources_of,
    text_and_language,
    text_in,
    years_of,
)
from graph.view.rules import (
    COUNTRY_DEPTH,
    COUNTRY_LINKS,
    FACT_ROWS,
    KINDS,
    LINK_SENTENCE,
    LINKS,
    LONG_LABEL,
    NARY,
    TOPIC_LINKS,
    Kind,
    Link,
    Nary,
    RowForm,
    local_name,
)
from graph.view.words import fill, human_number, words_in

COUNTRY = local_name(HRG.Country)


class Fact(TypedDict):
    """One line of a node's details: `values` are labels, texts, ISO dates or numbers as
    written, as `form` says; the page words dates and numbers for its readers."""

    caption: str
    form: RowForm
    values: list[str]


def to_networkx(graph: GraphLike, lang: str = "en") -> nx.MultiDiGraph:
    """Entities as nodes; direct links and n-ary facts (tenures, participations, instrument
    events) as edges.

    Node attributes: kind (the class's local name: `Organization`), label, summary, dates (ISO
    8601-2 text, graph.view.dates), facts (caption, form and values of each detail: dates in
    ISO, numbers as written), sources (id, title, publisher, ISO date, url, quote), topics and
    countries (IRIs), years. Edge attributes: link (the predicate's or the n-ary fact's local
    name: `postIn`, `Participation`), label, sentence, dates, years, sources. The graph's
    attributes name the language and the topics and countries present."""
    view = nx.MultiDiGraph(lang=lang)
    country_nodes = set(graph.subjects(RDF.type, HRG.Country))
    topics: dict[str, str] = {}
    sources = Sources(graph, lang)  # an edge's sources are its subject's
    for node, kind in view_members(graph):
        attributes, node_topics = node_attributes(graph, node, kind, lang, country_nodes, sources)
        topics.update(node_topics)
        view.add_node(str(node), **attributes)
    for link, subject, obj in link_pairs(graph, view):
        add_edges(view, [link_edge(view, link, subject, obj, sources, lang)])
    for rule in NARY:
        for fact in sorted(graph.subjects(RDF.type, rule.fact), key=str):
            add_edges(view, nary_edges(view, graph, rule, fact, lang))
    name_topics_and_countries(view, topics)
    return view


Edge = tuple[str, str, str, dict[str, Any]]
"""An edge of the view: its start, end, key and attributes."""


def add_edges(view: nx.MultiDiGraph, edges: list[Edge]) -> None:
    for start, end, key, attributes in edges:
        view.add_edge(start, end, key=key, **attributes)


class Sources:
    """sources_of each node, made once; on a RecordingGraph each is made in a frame of its own,
    noted again where it is used again."""

    def __init__(self, graph: GraphLike, lang: str) -> None:
        self.graph, self.lang = graph, lang
        self.made: dict[Node, tuple[list[dict[str, str]], Reads | None]] = {}

    def __call__(self, node: Node) -> list[dict[str, str]]:
        found = self.made.get(node)
        if found is None:
            if isinstance(self.graph, RecordingGraph):
                with self.graph.recording() as reads:
                    found = sources_of(self.graph, node, self.lang), reads
            else:
                found = sources_of(self.graph, node, self.lang), None
            self.made[node] = found
        elif found[1] is not None and isinstance(self.graph, RecordingGraph):
            self.graph.note(found[1])
        return found[0]


def view_members(graph: GraphLike) -> list[tuple[Node, Kind]]:
    """The view's nodes in the order they are added: by kind as KINDS lists them, then IRI;
    each once, with its first kind."""
    members: list[tuple[Node, Kind]] = []
    seen: set[str] = set()
    for kind in KINDS:
        for node in sorted(graph.subjects(RDF.type, kind.rdf_type), key=str):
            if str(node) not in seen and kind_of(graph, node) is kind:
                seen.add(str(node))
                members.append((node, kind))
    return members


def node_attributes(
    graph: GraphLike, node: Node, kind: Kind, lang: str, country_nodes: set[Node], sources: Sources
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A node's attributes in the view, and its topics (IRI, label)."""
    dates = _node_dates(graph, node, kind)
    node_topics = sorted({t for p in TOPIC_LINKS for t in graph.objects(node, p)}, key=str)
    years: set[int] = set()
    for path in kind.years:
        for term in follow(graph, node, path):
            years |= years_of(graph, term)
    label, written = _node_label(graph, node, kind, lang)
    attributes = {
        "kind": kind.id,
        "label": label,
        "summary": _summary(graph, node, kind, dates, lang),
        "dates": dates,
        "facts": _facts(graph, node, kind, lang),
        "sources": sources(node),
        "topics": [str(t) for t in node_topics],
        "countries": countries_of(graph, node, country_nodes),
        "years": sorted(years),
    }
    if written and written != lang:  # a name in another language: the page marks it
        attributes["label_lang"] = written
    return attributes, [(str(t), label_of(graph, t, lang)) for t in node_topics]


def link_pairs(graph: GraphLike, view: nx.MultiDiGraph) -> list[tuple[Link, Node, Node]]:
    """The direct links between nodes of the view, in the order they are added."""
    return [
        (link, subject, obj)
        for link in LINKS
        for subject, obj in sorted(graph.subject_objects(link.predicate), key=str)
        if str(subject) in view and str(obj) in view
    ]


def link_edge(
    view: nx.MultiDiGraph, link: Link, subject: Node, obj: Node, sources: Sources, lang: str
) -> Edge:
    """The edge of a direct link (its sentence names its ends as the view does)."""
    words = words_in(link.words, lang)
    sentence = fill(
        words_in(LINK_SENTENCE, lang),
        {"start": _name(view, subject), "words": words, "end": _name(view, obj)},
    )
    attributes = {
        "link": local_name(link.predicate),
        "label": words,
        "sentence": sentence,
        "dates": "",
        "years": [],
        "sources": sources(subject),
    }
    return str(subject), str(obj), f"{subject} {link.predicate} {obj}", attributes


def name_topics_and_countries(view: nx.MultiDiGraph, topics: dict[str, str]) -> None:
    """The view's `topics` and `countries` (IRI → label, by label)."""
    view.graph["topics"] = dict(sorted(topics.items(), key=lambda item: item[1].lower()))
    countries = [(node, data["label"]) for node, data in view.nodes(data=True) if data["kind"] == COUNTRY]
    view.graph["countries"] = dict(sorted(countries, key=lambda item: item[1].lower()))


def kind_of(graph: GraphLike, node: Node) -> Kind | None:
    """The first kind in `KINDS` the node is an instance of."""
    types = set(graph.objects(node, RDF.type))
    for kind in KINDS:
        if kind.rdf_type in types:
            return kind
    return None


def nary_edges(view: nx.MultiDiGraph, graph: GraphLike, rule: Nary, fact: Node, lang: str) -> list[Edge]:
    """The edges of an n-ary fact: one from each of its starts to each of its ends in the view."""
    starts = [s for s in follow(graph, fact, rule.start) if str(s) in view]
    ends = [e for e in follow(graph, fact, rule.end) if str(e) in view]
    when = follow(graph, fact, rule.when)
    dates = dates_of(graph, when[0]) if when else ""
    years = sorted(set().union(*(years_of(graph, w) for w in when))) if when else []
    values = {
        name: ", ".join(label_of(graph, t, lang) for t in follow(graph, fact, path))
        for name, path in rule.slots.items()
    }
    for name, predicate in rule.texts.items():
        text = text_in(graph, fact, predicate, lang)
        if text:
            values[name] = ", ".join(value for value in (values.get(name, ""), text) if value)
    values["dates"] = human_dates(dates, lang)
    edges: list[Edge] = []
    for start in starts:
        for end in ends:
            values.update(
                start=_name(view, start), end=_name(view, end), end_summary=view.nodes[str(end)]["summary"]
            )
            attributes = {
                "link": rule.id,
                "label": fill(words_in(rule.words, lang), values).strip(),
                "sentence": fill(words_in(rule.sentence, lang), values),
                "dates": dates,
                "years": years,
                "sources": sources_of(graph, fact, lang),
            }
            edges.append((str(start), str(end), str(fact), attributes))
    return edges


def _name(view: nx.MultiDiGraph, node: Node) -> str:
    return str(view.nodes[str(node)]["label"])


TEXT_LABELS: dict[URIRef, URIRef] = {HRG.Commitment: HRG.text, HRG.Statement: HRG.statementText}
"""Kinds labelled by a text of theirs (what was promised, what was said), cut to `LONG_LABEL`."""


def _node_label(graph: GraphLike, node: Node, kind: Kind, lang: str) -> tuple[str, str]:
    """The node's name in the view, and the language it is written in ("" for none)."""
    if kind.rdf_type in TEXT_LABELS:
        text, written = text_and_language(graph, node, TEXT_LABELS[kind.rdf_type], lang)
        if not text:
            text, written = label_and_language(graph, node, lang)
        return (text if len(text) <= LONG_LABEL else text[: LONG_LABEL - 3] + "…"), written
    if kind.rdf_type == HRG.Observation:
        measure = graph.value(node, HRG.measure)
        name, written = (
            label_and_language(graph, measure, lang)
            if measure is not None
            else (words_in(kind.words, lang), lang)
        )
        value = graph.value(node, HRG.value)
        return f"{name}: {human_number(str(value), lang) if value is not None else '?'}", written
    return label_and_language(graph, node, lang)


def _node_dates(graph: GraphLike, node: Node, kind: Kind) -> str:
    for path in kind.when:
        for term in follow(graph, node, path):
            dates = str(term) if isinstance(term, Literal) else dates_of(graph, term)
            if dates:
                return dates
    return ""


def _summary(graph: GraphLike, node: Node, kind: Kind, dates: str, lang: str) -> str:
    """'Meeting, 24 Nov 2025, Phnom Penh': the kind, the dates and the place, where known."""
    places = [label_of(graph, p, lang) for p in follow(graph, node, (HRG.location,))]
    return ", ".join(x for x in (words_in(kind.words, lang), human_dates(dates, lang), *places) if x)


def _facts(graph: GraphLike, node: Node, kind: Kind, lang: str) -> list[Fact]:
    """The node's details (`FACT_ROWS`): each row's caption, form and values, when it has any."""
    facts: list[Fact] = []
    for row in FACT_ROWS.get(kind.rdf_type, ()):
        if row.form == "text":
            step = row.path[0] if len(row.path) == 1 else None
            text = text_in(graph, node, step, lang) if isinstance(step, URIRef) else ""
            values = [text] if text else []
        elif row.form == "label":
            values = sorted(label_of(graph, t, lang) for t in follow(graph, node, row.path))
        else:
            values = [str(t) for t in follow(graph, node, row.path)]
        if values:
            facts.append(Fact(caption=words_in(row.words, lang), form=row.form, values=values))
    return facts


def countries_of(graph: GraphLike, node: Node, countries: set[Node]) -> list[str]:
    """The countries (IRIs, among `countries`) a node belongs to: itself, or those reached by
    the country links (a person's nationality, a meeting's place and host, ...)."""
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
