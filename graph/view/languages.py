"""The network page in each of the site's languages, for a graph small enough to draw in each:
a larger one is drawn in the default language only, the other languages' pages leading to it."""

from __future__ import annotations

from collections.abc import Iterator

from graph.core.languages import DEFAULT_LANGUAGE, LANGUAGES
from graph.rdf.pages import network_in_site
from graph.rdf.triples import GraphLike
from graph.view.build import to_networkx
from graph.view.page import render_html

EVERY_LANGUAGE_UP_TO = 2000
"""A network of at most this many nodes has its page in every language of the site: about 0.1 s
a language at 600 nodes (measured at 1k records). A larger one is drawn in the default
language only: at 6,000 nodes (10k records) each language would add 1.5 s to every rebuild, at
60,000 about 26 s."""


def drawn_languages(nodes: int) -> tuple[str, ...]:
    """The languages the network page of a graph of `nodes` nodes is drawn in."""
    return LANGUAGES if nodes <= EVERY_LANGUAGE_UP_TO else (DEFAULT_LANGUAGE,)


def site_networks(languages: tuple[str, ...]) -> dict[str, str]:
    """The network page of each of `languages`, by its name inside the site."""
    return {lang: network_in_site(lang) for lang in languages}


def other_language_pages(
    graph: GraphLike,
    languages: tuple[str, ...],
    title: str,
    positions: dict[str, tuple[float, float]],
    site: str,
) -> Iterator[tuple[str, bytes]]:
    """The network page in each of `languages` but the default (whose page the build has
    made), drawn at the default page's `positions`: its name inside the site and its bytes.
    `site`: the site's folder name, as the build's own page names it."""
    for lang in languages:
        if lang == DEFAULT_LANGUAGE:
            continue
        view = to_networkx(graph, lang)
        html = render_html(view, title=title, lang=lang, positions=positions, site=site)
        yield network_in_site(lang), html.encode("utf-8")
