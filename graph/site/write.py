"""The readers' site as files: every page in every language, the assets, and the index pages."""

from __future__ import annotations

import gettext
import shutil
from collections.abc import Iterator
from pathlib import Path

from rdflib import URIRef
from rdflib.term import Node

from graph.core.ontology import Ontology
from graph.core.vocab import DCTERMS, HRG, RDF
from graph.rdf.triples import GraphLike
from graph.site.addresses import LANGUAGES, kind_of
from graph.site.entities import Context, Entities
from graph.site.facts import Reader
from graph.site.render import ASSETS, Site, environment, render
from graph.view.read import short_id

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


def translations_for(lang: str) -> gettext.NullTranslations:
    """The interface words in `lang`."""
    return gettext.NullTranslations()


def write_site(graph: GraphLike, ontology: Ontology, folder: Path, title: str, network: str | None) -> int:
    """Write the whole site into `folder` (which must be new or empty); the number of pages."""
    site = Site(title, latest_date(graph), network)
    context = Context(site.data_date)
    shutil.copytree(ASSETS, folder / "assets", dirs_exist_ok=True)
    entities = list(pages_of(graph))
    written = 0
    for lang in LANGUAGES:
        translations = translations_for(lang)
        env = environment(lang, translations)
        for node, kind in entities:
            reader = Reader(graph, lang, ontology, translations.gettext)
            page = Entities(reader, context).page(node, kind)
            target = folder / lang / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(
                render(
                    env,
                    "entity.html.j2",
                    page.path,
                    site,
                    page=page,
                    endnotes=reader.endnotes.notes,
                    focus=short_id(str(node)),
                )
            )
            written += 1
    (folder / "index.html").write_text(_redirect(LANGUAGES[0]), encoding="utf-8")
    return written


def _redirect(lang: str) -> str:
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={lang}/index.html"><title>hrgraph</title></head>'
        f'<body><a href="{lang}/index.html">{lang}/index.html</a></body></html>\n'
    )
