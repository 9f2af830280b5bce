"""What the view reads from the RDF graph: paths, names and texts by language, sources, dates
and years. Dates are kept as ISO text (graph.view.dates); nothing here is worded for readers."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.core.vocab import DCTERMS, HRG, RDF, SCHEMA
from graph.rdf.pages import short_id as short_id  # the one home of IRI → id (graph.rdf.pages)
from graph.rdf.triples import GraphLike
from graph.view.dates import days, period
from graph.view.rules import LABEL_PREDICATES, OWN_DATES, Inverse, Route


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
    return label_and_language(graph, node, lang)[0]


def label_and_language(graph: GraphLike, node: Node, lang: str = "en") -> tuple[str, str]:
    """`label_of` and the language it is written in ("" for a name with none, or the id)."""
    found = (o for p in LABEL_PREDICATES for o in graph.objects(node, p) if isinstance(o, Literal))
    return _in_language(found, lang) or (short_id(str(node)), "")


def text_in(graph: GraphLike, node: Node, predicate: URIRef, lang: str) -> str:
    """A language-tagged text of `node` in `lang`, else English, else Indonesian, else any."""
    return text_and_language(graph, node, predicate, lang)[0]


def text_and_language(graph: GraphLike, node: Node, predicate: URIRef, lang: str) -> tuple[str, str]:
    """`text_in` and the language it is written in ("" for a text with none, or none found)."""
    found = (o for o in graph.objects(node, predicate) if isinstance(o, Literal))
    return _in_language(found, lang) or ("", "")


def _in_language(texts: Iterable[Literal], lang: str) -> tuple[str, str] | None:
    """The text in `lang`, else English, else Indonesian, else the first; with its language."""
    ordered = sorted(texts, key=_text_order)
    for wanted in (lang, "en", "id"):
        for text in ordered:
            if text.language == wanted:
                return str(text), wanted
    return (str(ordered[0]), ordered[0].language or "") if ordered else None


def _text_order(text: Literal) -> tuple[str, str]:
    """Texts by their letters, then language: what rdflib's ordering gives for them, at the
    cost of comparing two strings (rdflib compares Literals in Python)."""
    return (str(text), text.language or "")


def sources_of(graph: GraphLike, node: Node, lang: str = "en") -> list[dict[str, str]]:
    """The citations of a node: id, title (in `lang` if the source has it), publisher, date
    (ISO, as the source gives it), url and quote of each source."""
    result = []
    for citation in sorted(graph.objects(node, HRG.citation), key=str):
        source = graph.value(citation, HRG.source)
        if source is None:
            continue
        quote = graph.value(citation, HRG.quote)
        issued = graph.value(source, DCTERMS.issued)
        result.append(
            {
                "id": str(source),
                "title": text_in(graph, source, DCTERMS.title, lang),
                "publisher": str(graph.value(source, DCTERMS.publisher) or ""),
                "date": str(issued) if issued is not None else "",
                "url": str(graph.value(source, SCHEMA.url) or ""),
                "quote": str(quote) if quote is not None else "",
            }
        )
    return result


def dates_of(graph: GraphLike, node: Node) -> str:
    """The node's own dates as ISO 8601-2 text (graph.view.dates): a period, the start of a
    tenure still open, an end, the days it is attested on, or one date; '' when none."""
    start = graph.value(node, HRG.startDate)
    end = graph.value(node, HRG.endDate)
    if start is not None and end is not None:
        return period(str(start), str(end))
    if start is not None:
        return period(str(start), None) if (node, RDF.type, HRG.Tenure) in graph else str(start)
    if end is not None:
        return period(None, str(end))
    attested = sorted(str(d) for d in graph.objects(node, HRG.attestedOn))
    if attested:
        return days(attested)
    for predicate in OWN_DATES:
        value = graph.value(node, predicate)
        if value is not None:
            return str(value)
    return ""


def years_of(graph: GraphLike, term: Node) -> set[int]:
    """The years a date literal names, or that a node's own dates span."""
    if isinstance(term, Literal):
        year = _year(term)
        return set() if year is None else {year}
    start, end = graph.value(term, HRG.startDate), graph.value(term, HRG.endDate)
    first = _year(start) if start is not None else None
    last = _year(end) if end is not None else None
    years: set[int] = set()
    if first is not None and last is not None and 0 <= last - first <= 200:
        years.update(range(first, last + 1))
    else:
        years.update(y for y in (first, last) if y is not None)
    for predicate in (HRG.attestedOn, *OWN_DATES):
        years.update(y for y in map(_year, graph.objects(term, predicate)) if y is not None)
    return years


def _year(value: Node) -> int | None:
    match = re.match(r"(-?\d{4})", str(value))
    return int(match.group(1)) if match else None
