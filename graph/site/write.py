"""The readers' site as files: every page in every language, the lists, the search index and
the assets."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.core.languages import LANGUAGES
from graph.core.messages import translations
from graph.core.ontology import Ontology
from graph.core.vocab import DCTERMS, HRG, RDF, SKOS
from graph.rdf.triples import GraphLike
from graph.site.addresses import kind_of
from graph.site.drawing import Drawing
from graph.site.entities import Context, Entities, Page
from graph.site.facts import Reader
from graph.site.listings import Listing, Listings
from graph.site.render import ASSETS, Renderer, Site
from graph.site.search import INDEX_FILE, SearchEntry, search_index_script
from graph.view.read import short_id
from graph.view.rules import LABEL_PREDICATES

SITE_FOLDER = "site"
"""The site's folder in a build."""


def pages_of(graph: GraphLike) -> Iterator[tuple[Node, URIRef]]:
    """Every thing that has a page, with the class that gives it one, in id order."""
    candidates = {s for s, _ in graph.subject_objects(RDF.type)} | set(graph.objects(None, HRG.topic))
    for node in sorted(candidates, key=str):
        kind = kind_of(graph, node)
        if kind is not None:
            yield node, kind


def latest_date(graph: GraphLike) -> str:
    """The data's date: the latest date on which a source was issued (ISO text, '' when none)."""
    return max((str(o) for o in graph.objects(None, DCTERMS.issued)), default="")


def write_site(
    graph: GraphLike,
    ontology: Ontology,
    folder: Path,
    title: str,
    network: str | None,
    drawing: Drawing | None = None,
) -> int:
    """Write the whole site into `folder` (new or empty); the number of pages written. With the
    network view's `drawing`, each page shows what is one link away."""
    site = Site(title, latest_date(graph), network)
    shutil.copytree(ASSETS, folder / "assets", dirs_exist_ok=True)
    pages = list(pages_of(graph))
    names = {node: all_names(graph, node) for node, _ in pages}
    written = sum(
        _write_language(graph, ontology, folder, site, lang, pages, names, drawing) for lang in LANGUAGES
    )
    (folder / "index.html").write_text(_redirect(LANGUAGES[0]), encoding="utf-8")
    return written


def all_names(graph: GraphLike, node: Node) -> tuple[str, ...]:
    """Every name and alias of a thing, in every language, for the search."""
    found = (
        str(o)
        for p in (*LABEL_PREDICATES, SKOS.altLabel, DCTERMS.title)
        for o in graph.objects(node, p)
        if isinstance(o, Literal)
    )
    return tuple(sorted(set(found)))


def _write_language(
    graph: GraphLike,
    ontology: Ontology,
    folder: Path,
    site: Site,
    lang: str,
    pages: list[tuple[Node, URIRef]],
    names: dict[Node, tuple[str, ...]],
    drawing: Drawing | None,
) -> int:
    language = translations(lang)
    renderer = Renderer(lang, language)
    context = Context(site.data_date)
    out = folder / lang
    entries: list[SearchEntry] = []
    for node, kind in pages:
        reader = Reader(graph, lang, ontology, language.gettext)
        page = Entities(reader, context).page(node, kind)
        sketch = drawing.around(str(node)) if drawing is not None else None
        html = renderer.render(
            "entity.html.j2",
            page.path,
            site,
            page.sections,
            page=page,
            focus=short_id(str(node)),
            sketch=sketch,
            sketch_names=[reader.named(URIRef(spot.iri)) for spot in sketch.spots] if sketch else [],
        )
        _put(out / page.path, html)
        entries.append(SearchEntry(page.path, page.kind, page.title.text, names[node]))
    written = len(pages)
    _put(out / INDEX_FILE, search_index_script(entries))
    for make in ("kind_lists", "timeline", "tracker"):
        reader = Reader(graph, lang, ontology, language.gettext)
        listings = Listings(Entities(reader, context), pages)
        for listing in getattr(listings, make)():
            _put(out / listing.page.path, _listing_html(renderer, site, listing, language.gettext))
            written += 1
    reader = Reader(graph, lang, ontology, language.gettext)
    home = Listings(Entities(reader, context), pages).home(site.title)
    _put(out / home.path, renderer.render("home.html.j2", home.path, site, home.sections, page=home))
    if (ASSETS.parent / "templates" / "search.html.j2").exists():
        _put(out / "search.html", renderer.render("search.html.j2", "search.html", site, []))
    return written + 2


def _listing_html(renderer: Renderer, site: Site, listing: Listing, gettext: Callable[[str], str]) -> bytes:
    return renderer.render(
        "listing.html.j2",
        listing.page.path,
        site,
        listing.page.sections,
        page=listing.page,
        listing=listing,
        filter_words={
            "country": gettext("Country"),
            "topic": gettext("Topic"),
            "status": gettext("Status"),
            "overdue": gettext("Overdue"),
        },
        filter_value_words={"yes": gettext("Overdue"), "no": gettext("Not overdue")},
    )


def _put(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _redirect(lang: str) -> str:
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={lang}/index.html"><title>hrgraph</title></head>'
        f'<body><a href="{lang}/index.html">{lang}/index.html</a></body></html>\n'
    )


__all__ = ["SITE_FOLDER", "Page", "pages_of", "write_site"]
