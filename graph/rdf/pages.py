"""Which things have a page in the readers' site, and where: the one home of the rule the site
writes its pages by, the network page links to them by and the query page links its results by.

A thing's page is `<site>/<lang>/<short id>.html`: `https://w3id.org/hrgraph/id/person/keo-remy`
→ `site/en/person/keo-remy.html`. It sits in the rdf stage, the first that knows both the
records' ids (graph.ingest.records) and the graph's terms, so every later stage can use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import URIRef
from rdflib.term import Node

from graph.core.vocab import HRG, RDF
from graph.ingest.records import ID_PATTERN
from graph.rdf.triples import GraphLike

PAGE_KINDS: tuple[URIRef, ...] = (
    HRG.Person,
    HRG.Meeting,
    HRG.Commitment,
    HRG.Statement,
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

PAGE_SUFFIX = ".html"


def short_id(iri: str) -> str:
    """'https://w3id.org/hrgraph/id/person/keo-remy' → 'person/keo-remy'."""
    parts = iri.rstrip("/").rsplit("/", 2)
    return "/".join(parts[-2:]) if len(parts) >= 2 else iri


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
    return f"{short_id(str(node))}{PAGE_SUFFIX}"


def language_folder(site: str, lang: str) -> str:
    """The folder of the pages in `lang`, from the site's folder: ('site', 'en') → 'site/en/'."""
    return f"{site.rstrip('/')}/{lang}/"


def page_rule(prefixes: Mapping[str, str], folders: Iterable[str]) -> dict[str, object]:
    """page_path for a script that holds only an IRI (the query page's results): each namespace
    whose things have pages, with the folder short_id gives its things; the shape of a record's
    name (records.py's ids, as JavaScript writes the pattern); the suffix. An IRI `namespace +
    name` of that shape has the page `folder/name` + suffix; `folders` are those the site has."""
    present = set(folders)
    namespaces = {}
    for namespace in prefixes.values():
        folder = short_id(f"{namespace}name").split("/")[0]
        if namespace.endswith(f"/{folder}/") and folder in present:
            namespaces[namespace] = folder
    name = ID_PATTERN.pattern.split("/", 1)[1].replace(r"\Z", "$")
    return {"namespaces": dict(sorted(namespaces.items())), "name": f"^{name}", "suffix": PAGE_SUFFIX}
