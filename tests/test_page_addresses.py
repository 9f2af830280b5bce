"""One rule for which thing has a page in the readers' site and where (graph.rdf.pages): the
network page (graph.html) offers exactly the pages the site wrote for what it draws, and the
query page's rule gives the same page for each of them. Read from a real build's files."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from rdflib import URIRef

from graph.core.languages import LANGUAGES
from graph.ingest.records import ID_PATTERN
from graph.rdf.pages import PAGE_SUFFIX, language_folder, page_path, short_id
from graph.view.page import TEMPLATES
from tests.conftest import CuratedBuild
from tests.test_network import embedded

GRAPH_JS = TEMPLATES / "graph-common.js"  # the network pages' shared script


def offered_pages(html: str) -> dict[str, str]:
    """What graph.js offers as "Open its page" for each node (graph-common.js's pageLink): the page in
    SITE.pages, for a node of one of SITE.kinds whose short id has a record's shape."""
    site, nodes, data = embedded(html, "SITE"), embedded(html, "NODES"), embedded(html, "DATA")
    shape = re.compile(script_short_id_pattern())
    offered = {}
    for node, iri in zip(nodes, data["iris"], strict=True):
        name = short_id(iri)
        if site["pages"] and node["group"] in site["kinds"] and shape.match(name):
            offered[iri] = f"{site['pages']}{name}{PAGE_SUFFIX}"
    return offered


def script_short_id_pattern() -> str:
    """graph-common.js's SHORT_ID, as a Python pattern."""
    match = re.search(r"var SHORT_ID = /(.*?)/;", GRAPH_JS.read_text(encoding="utf-8"))
    assert match
    return match.group(1).replace(r"\/", "/")


def query_page_rule(site: Path) -> dict[str, Any]:
    script = (site / "query" / "config.js").read_text(encoding="utf-8")
    config = json.loads(script.removeprefix("window.hrgraphQuery = ").rstrip().removesuffix(";"))
    rule: dict[str, Any] = config["pages"]
    return rule


def query_page_of(rule: dict[str, Any], iri: str) -> str | None:
    """query.js's pageOf, relative to a language folder."""
    for namespace, folder in rule["namespaces"].items():
        name = iri[len(namespace) :] if iri.startswith(namespace) else ""
        if re.search(rule["name"], name):
            return f"{folder}/{name}{rule['suffix']}"
    return None


def test_the_network_script_holds_the_rules_id_shape_and_suffix() -> None:
    """The network pages' script keeps its own copy of the id's shape and of the suffix
    (graph.html is one file); they are those of graph.rdf.pages."""
    assert script_short_id_pattern() == ID_PATTERN.pattern.replace(r"\Z", "$")
    assert f'sitePages(site) + id + "{PAGE_SUFFIX}"' in GRAPH_JS.read_text(encoding="utf-8")


def test_the_network_page_offers_exactly_the_pages_the_site_wrote(curated_build: CuratedBuild) -> None:
    folder = curated_build.folder
    html = (folder / "graph.html").read_text(encoding="utf-8")
    offered = offered_pages(html)
    assert len(offered) > 100
    assert embedded(html, "SITE")["pages"] == language_folder("site", LANGUAGES[0])
    missing = sorted(page for page in offered.values() if not (folder / page).is_file())
    assert missing == []
    drawn = [URIRef(iri) for iri in embedded(html, "DATA")["iris"]]
    written = {lang: folder / language_folder("site", lang) for lang in LANGUAGES}
    with_a_page = {str(iri) for iri in drawn if (written["en"] / page_path(iri)).is_file()}
    assert with_a_page == set(offered)
    assert len(drawn) > len(offered)  # figures are drawn, and have no page
    for lang in LANGUAGES:
        assert all((written[lang] / page_path(URIRef(iri))).is_file() for iri in offered), lang


def test_the_query_page_links_the_same_pages(curated_build: CuratedBuild) -> None:
    folder = curated_build.folder
    rule = query_page_rule(folder / "site")
    offered = offered_pages((folder / "graph.html").read_text(encoding="utf-8"))
    en = language_folder("site", "en")
    assert {iri: f"{en}{query_page_of(rule, iri)}" for iri in offered} == offered
