"""The networkx view of the RDF graph. Which predicates become edges, and how they read, is
data in this one module (EDGE_LABELS and the n-ary rules); the HTML writer only draws it."""

from __future__ import annotations

import networkx as nx
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from .vocab import HRG

# Classes drawn as nodes, in legend order.
NODE_CLASSES: dict[URIRef, str] = {
    HRG.Person: "Person",
    HRG.Organization: "Organisation",
    HRG.Country: "Country",
    HRG.Place: "Place",
    HRG.Post: "Post",
    HRG.Meeting: "Meeting",
    HRG.MeetingSeries: "Meeting series",
    HRG.Commitment: "Commitment",
    HRG.Instrument: "Instrument",
    HRG.Observation: "Figure",
}

# Direct links between drawn nodes: predicate → words on the edge.
EDGE_LABELS: dict[URIRef, str] = {
    HRG.postIn: "post in",
    HRG.nationality: "national of",
    HRG.birthPlace: "born in",
    HRG.country: "country",
    HRG.parentOrganization: "part of",
    HRG.locatedIn: "located in",
    HRG.location: "held in",
    HRG.host: "hosted by",
    HRG.inSeries: "in series",
    HRG.ledTo: "led to",
    HRG.recalls: "recalled",
    HRG.committedBy: "made by",
    HRG.committedTo: "made to",
    HRG.counterpart: "with",
    HRG.madeAt: "made at",
    HRG.about: "about",
    HRG.reportedBy: "reported by",
    HRG.statedAt: "stated at",
}


def label_of(graph: Graph, node: Node, lang: str = "en") -> str:
    """The node's name in `lang`, else English, else Indonesian, else any, else its id."""
    labels = [
        o for p in (RDFS.label, SKOS.prefLabel) for o in graph.objects(node, p) if isinstance(o, Literal)
    ]
    for wanted in (lang, "en", "id"):
        for label in sorted(labels):
            if label.language == wanted:
                return str(label)
    if labels:
        return str(sorted(labels)[0])
    return str(node).rstrip("/").rsplit("/", 2)[-2] + "/" + str(node).rsplit("/", 1)[-1]


def sources_of(graph: Graph, node: Node) -> list[dict[str, str]]:
    """The citations of a node: title, publisher, date, url and quote of each source."""
    result = []
    for citation in sorted(graph.objects(node, HRG.citation), key=str):
        source = graph.value(citation, HRG.source)
        if source is None:
            continue
        quote = graph.value(citation, HRG.quote)
        result.append(
            {
                "id": str(source),
                "title": str(graph.value(source, URIRef("http://purl.org/dc/terms/title")) or ""),
                "publisher": str(graph.value(source, URIRef("http://purl.org/dc/terms/publisher")) or ""),
                "date": str(graph.value(source, URIRef("http://purl.org/dc/terms/issued")) or ""),
                "url": str(graph.value(source, URIRef("https://schema.org/url")) or ""),
                "quote": str(quote) if quote is not None else "",
            }
        )
    return result


def _kind(graph: Graph, node: Node) -> str | None:
    types = set(graph.objects(node, RDF.type))
    for rdf_type, name in NODE_CLASSES.items():
        if rdf_type in types:
            return name
    return None


def _dates(graph: Graph, node: Node) -> str:
    start = graph.value(node, HRG.startDate)
    end = graph.value(node, HRG.endDate)
    if start is not None and end is not None:
        return f"{start} – {end}"
    if start is not None:
        return f"from {start}" if (node, RDF.type, HRG.Tenure) in graph else str(start)
    for predicate in (HRG.birthDate, HRG.adopted, HRG.asOf, HRG.dueDate):
        value = graph.value(node, predicate)
        if value is not None:
            return str(value)
    return ""


def _node_label(graph: Graph, node: Node, kind: str, lang: str) -> str:
    if kind == "Commitment":
        texts = {str(t.language): str(t) for t in graph.objects(node, HRG.text) if isinstance(t, Literal)}
        text = texts.get(lang) or texts.get("en") or next(iter(texts.values()), "commitment")
        return text if len(text) <= 60 else text[:57] + "…"
    if kind == "Figure":
        measure = graph.value(node, HRG.measure)
        value = graph.value(node, HRG.value)
        name = label_of(graph, measure, lang) if measure is not None else "figure"
        return f"{name}: {_number(value)}"
    return label_of(graph, node, lang)


def _number(value: Node | None) -> str:
    if value is None:
        return "?"
    number = float(str(value))
    return f"{int(number):,}" if number.is_integer() else f"{number:,}"


def to_networkx(graph: Graph, lang: str = "en") -> nx.MultiDiGraph:
    """Entities as nodes; direct links and n-ary facts (tenures, participations) as edges."""
    view = nx.MultiDiGraph()
    for rdf_type in NODE_CLASSES:
        for node in sorted(graph.subjects(RDF.type, rdf_type), key=str):
            kind = _kind(graph, node)
            if kind is None or str(node) in view:
                continue
            view.add_node(
                str(node),
                kind=kind,
                label=_node_label(graph, node, kind, lang),
                dates=_dates(graph, node),
                sources=sources_of(graph, node),
            )
    for predicate, words in EDGE_LABELS.items():
        for subject, obj in sorted(graph.subject_objects(predicate), key=str):
            if str(subject) in view and str(obj) in view:
                view.add_edge(
                    str(subject),
                    str(obj),
                    key=f"{predicate}",
                    label=words,
                    dates="",
                    sources=sources_of(graph, subject),
                )
    for tenure in sorted(graph.subjects(RDF.type, HRG.Tenure), key=str):
        holder, post = graph.value(tenure, HRG.holder), graph.value(tenure, HRG.post)
        if holder is not None and post is not None and str(holder) in view and str(post) in view:
            dates = _dates(graph, tenure)
            view.add_edge(
                str(holder),
                str(post),
                key=str(tenure),
                label="held" + (f" ({dates})" if dates else ""),
                dates=dates,
                sources=sources_of(graph, tenure),
            )
    for participation in sorted(graph.subjects(RDF.type, HRG.Participation), key=str):
        who, meeting = graph.value(participation, HRG.participant), graph.value(participation, HRG.meeting)
        if who is None or meeting is None or str(who) not in view or str(meeting) not in view:
            continue
        capacity = graph.value(participation, HRG.capacity)
        role = graph.value(participation, HRG.role)
        words = "attended" + (f" as {label_of(graph, capacity, lang)}" if capacity is not None else "")
        if role is not None:
            words += f" ({label_of(graph, role, lang)})"
        view.add_edge(
            str(who),
            str(meeting),
            key=str(participation),
            label=words,
            dates=_dates(graph, meeting),
            sources=sources_of(graph, participation),
        )
    for instrument in sorted(graph.subjects(RDF.type, HRG.Instrument), key=str):
        for event in sorted(graph.objects(instrument, HRG.instrumentEvent), key=str):
            party = graph.value(event, HRG.party)
            if party is None or str(party) not in view or str(instrument) not in view:
                continue
            event_kind = graph.value(event, HRG.eventKind)
            date = graph.value(event, HRG.date)
            words = (label_of(graph, event_kind, lang) if event_kind is not None else "event") + (
                f" ({date})" if date else ""
            )
            view.add_edge(
                str(party),
                str(instrument),
                key=str(event),
                label=words,
                dates=str(date or ""),
                sources=sources_of(graph, event),
            )
    return view
