"""Pages in HTML: one Jinja environment per language, with its message catalogue and dates."""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from graph.core.languages import DEFAULT_LANGUAGE, LANGUAGES
from graph.site.addresses import up_to_root
from graph.site.drawing import Sketch
from graph.site.entities import Page
from graph.site.facts import Named
from graph.site.frames import Frames
from graph.site.html import Folders, Fragments, ListParts, PageHtml, Words, fallback_mark, link
from graph.site.sections import Section
from graph.view.dates import human_date

TEMPLATES = Path(__file__).parent / "templates"
ASSETS = Path(__file__).parent / "assets"

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'self'"
)
"""Nothing from outside: scripts, styles and images only from the site's own files."""

LANGUAGE_NAMES: dict[str, str] = {"en": "English", "id": "Bahasa Indonesia", "km": "ភាសាខ្មែរ"}
"""Each language by its own name, for the language switch."""


@dataclass(frozen=True)
class Site:
    """What every page of one site shares."""

    title: str
    data_date: str
    network: Mapping[str, str] | None
    """The network page of each language drawn, relative to the site folder ({'en':
    'network.html', 'km': 'network-km.html'}); the pages of a language without one lead to the
    default language's, marked. None: no network page."""


def environment(lang: str, translations: gettext.NullTranslations) -> jinja2.Environment:
    """Templates that speak `lang`, read once (not checked for changes before every page)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(_=_words(translations), gettext=_words(translations))
    env.globals.update(
        lang=lang,
        csp=CSP,
        languages=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        human_date=partial(human_date, lang=lang),
    )
    return env


def _words(translations: gettext.NullTranslations) -> Callable[..., Markup]:
    """The templates' `_`: what Jinja's newstyle gettext gives (the translation, trusted, then
    `% variables`), each translation looked up once: Jinja's own took 12 % of the site's time."""
    known: dict[str, Markup] = {}

    def words(message: str, **variables: Any) -> Markup:
        word = known.get(message)
        if word is None:
            word = known[message] = Markup(translations.gettext(message))
        return word % variables

    return words


class Renderer:
    """Writes the pages of one language: its templates, its catalogue's words and its dates."""

    def __init__(self, lang: str, translations: gettext.NullTranslations) -> None:
        self.lang = lang
        self.env = environment(lang, translations)
        self.words = Words(translations.gettext)
        self.frames = Frames(self.env)
        self.folders = Folders()
        self.fragments = Fragments()
        self.list_parts = ListParts()

    def network(self, site: Site, root: str) -> tuple[str, Markup]:
        """The address of the network page from a page whose way up to its language's folder is
        `root`, in the page's language where the site has one, else the default language's and
        its mark (' (en)'); ('', '') when the site has none."""
        if not site.network:
            return "", Markup("")
        own = site.network.get(self.lang)
        if own is not None:
            return f"{root}../{own}", Markup("")
        mark = fallback_mark(self.words, DEFAULT_LANGUAGE)
        return f"{root}../{site.network[DEFAULT_LANGUAGE]}", Markup(mark)

    def render(
        self,
        template: str,
        path: str,
        site: Site,
        sections: list[Section],
        sketch: Sketch | None = None,
        sketch_names: list[Named] | None = None,
        **values: Any,
    ) -> bytes:
        """The page at `path` (relative to its language folder) from `template`, with its
        sections, their sources as endnotes and the drawing written by graph.site.html."""
        html = PageHtml(path, self.lang, self.words, self.folders, self.fragments)
        sections_html = html.sections(sections)
        root = up_to_root(path)
        network, network_mark = self.network(site, root)
        focus = values.get("focus", "")
        return (
            self.env.get_template(template)
            .render(
                path=path,
                root=root,
                assets=f"{root}../assets/",
                link=partial(link, path),
                site_title=site.title,
                data_date=human_date(site.data_date, self.lang) if site.data_date else "",
                network=network,
                network_mark=network_mark,
                network_focus=f"{network}#focus={focus}&depth=1" if network and focus else "",
                sketch=sketch,
                sketch_html=html.sketch(sketch, sketch_names or []) if sketch else "",
                sections_html=sections_html,
                endnotes_html=html.sources_list(),
                **values,
            )
            .encode("utf-8")
        )

    def entity(
        self, page: Page, site: Site, sketch: Sketch | None, sketch_names: list[Named], focus: str
    ) -> bytes:
        """An entity's page: its frame (entity.html.j2 rendered once per depth and shape) with
        the page's title, kind, sections, drawing and endnotes put in."""
        html = PageHtml(page.path, self.lang, self.words, self.folders, self.fragments)
        sections_html = html.sections(page.sections)
        root = up_to_root(page.path)
        network, network_mark = self.network(site, root)
        settings = (
            ("root", root),
            ("assets", f"{root}../assets/"),
            ("site_title", site.title),
            ("data_date", human_date(site.data_date, self.lang) if site.data_date else ""),
            ("network", network),
            ("network_mark", network_mark),
            ("sketch_width", int(sketch.width) if sketch else 0),
            ("sketch_height", int(sketch.height) if sketch else 0),
        )
        values = {
            "path": page.path,
            "title": page.title.text,
            "title_fallback": page.title.fallback,
            "title_mark": Markup(html.fallback(page.title.fallback)) if page.title.fallback else "",
            "kind": page.kind,
            "subtitle": page.subtitle,
            "network_focus": f"{network}#focus={focus}&depth=1" if network and focus else "",
            "sections_html": sections_html,
            "sketch_html": html.sketch(sketch, sketch_names) if sketch else "",
            "left_out": sketch.left_out if sketch else 0,
            "endnotes_html": html.sources_list(),
        }
        return self.frames.render("entity.html.j2", settings, values).encode("utf-8")
