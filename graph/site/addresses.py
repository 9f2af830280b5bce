"""Where each thing's page is: `person/keo-remy` → `person/keo-remy.html` in a language folder."""

from __future__ import annotations

import posixpath

from rdflib import URIRef
from rdflib.term import Node

from graph.core.vocab import HRG, RDF
from graph.rdf.triples import GraphLike
from graph.view.read import short_id

PAGE_KINDS: tuple[URIRef, ...] = (
    HRG.Person,
    HRG.Meeting,
    HRG.Commitment,
    HRG.Organization,
    HRG.Post,
    HRG.Country,
    HRG.Place,
    HRG.Instrument,
    HRG.Measure,
    HRG.MeetingSeries,
    HRG.Source,
)
"""The classes whose members have a page of their own, in the order a reader looks for them
(the home page lists them so); a country comes before a place, as a country is a place too."""

TOPIC_SCHEME = "topic/"
"""Topics are SKOS concepts; they have pages too (their ids start with this)."""


def kind_of(graph: GraphLike, node: Node) -> URIRef | None:
    """The class that gives `node` its page, or None when it has none."""
    types = set(graph.objects(node, RDF.type))
    for kind in PAGE_KINDS:
        if kind in types:
            return kind
    if isinstance(node, URIRef) and short_id(str(node)).startswith(TOPIC_SCHEME):
        return HRG.topic
    return None


def page_path(node: Node) -> str:
    """The page of a thing, relative to its language folder: 'person/keo-remy.html'."""
    return f"{short_id(str(node))}.html"


def relative(from_page: str, to_page: str) -> str:
    """The link from one page to another, both relative to the same folder."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def up_to_root(page: str) -> str:
    """From a page to its language folder: 'person/keo-remy.html' → '../'."""
    return "../" * page.count("/")
