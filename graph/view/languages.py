"""The network page in each of the site's languages, for a graph small enough to draw in each:
a larger one is drawn in the default language only, the other languages' pages leading to it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.core.languages import DEFAULT_LANGUAGE, LANGUAGES
from graph.rdf.change import TripleChange
from graph.rdf.triples import GraphLike
from graph.view.kept_view import filled, network_view, view_state
from graph.view.page import network_in_site, render_html

EVERY_LANGUAGE_UP_TO = 2000
"""A network of at most this many nodes has its page in every language of the site: about 0.1 s
a language at 600 nodes (measured at 1k records). A larger one is drawn in the default
language only: at 6,000 nodes (10k records) each language would add 1.5 s to a cold build, at
60,000 about 26 s."""

OTHER_LANGUAGES = tuple(lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE)


def drawn_languages(nodes: int) -> tuple[str, ...]:
    """The languages the network page of a graph of `nodes` nodes is drawn in."""
    return LANGUAGES if nodes <= EVERY_LANGUAGE_UP_TO else (DEFAULT_LANGUAGE,)


def site_networks(languages: tuple[str, ...]) -> dict[str, str]:
    """The network page of each of `languages`, by its name inside the site."""
    return {lang: network_in_site(lang) for lang in languages}


@dataclass(frozen=True)
class LanguagePage:
    """The network page in one language other than the default, and its view's records."""

    lang: str
    name: str
    """Its name inside the site."""
    html: bytes
    state: Path
    """Where the records of its view are kept, under OUT (graph.view.kept_view.view_state)."""
    pieces: list[bytes | memoryview]


@dataclass(frozen=True)
class LastBuild:
    """What a build's view is made from: the last build's records in `out` and the change
    since, and the digest of the new graph.nt (graph.view.kept_view.network_view)."""

    out: Path
    change: TripleChange | None
    last_sha256: str | None
    sha256: str


def other_language_pages(
    graph: GraphLike,
    languages: tuple[str, ...],
    title: str,
    positions: dict[str, tuple[float, float]],
    site: str,
    last: LastBuild,
) -> Iterator[LanguagePage]:
    """The network page in each of `languages` but the default (whose page the build has made),
    drawn at the default page's `positions`, its view made from the last build's where the
    change leaves it (a rebuild reads only what the change reaches). `site`: the site's folder
    name, as the build's own page names it."""
    for lang in languages:
        if lang == DEFAULT_LANGUAGE:
            continue
        made = network_view(graph, last.out, last.change, last.last_sha256, last.sha256, lang)
        html = render_html(filled(made.view), title=title, lang=lang, positions=positions, site=site)
        yield LanguagePage(lang, network_in_site(lang), html.encode("utf-8"), view_state(lang), made.state)
