"""The network page of a large graph in a real browser (headless Chromium, offline).

A view just over graph.view.big.BIG_PAGE nodes: the page opens on the overview without loading
any part, finds any name and draws what is around it, opens what `#focus=` names (the readers'
site links there), draws the nodes of a picked overview node, shows hostile text as text and
refuses parts from another build. Opened as test_html_browser.py opens pages (its fixtures);
fails, as it does, when Chromium is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph.view.big import BIG_PAGE
from graph.view.interface import big_ui_text
from graph.view.page import NetworkPage, render_page, write_page
from tests.big_views import HOSTILE_NAME, HOSTILE_QUOTE, ID, people_and_meetings
from tests.test_html_browser import (
    Opened,
    browser,  # noqa: F401  (a fixture, used by open_offline)
    open_offline,  # noqa: F401  (a fixture)
)

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser")]
UI = big_ui_text("en")


@pytest.fixture(scope="module")
def view() -> nx.MultiDiGraph:
    view = people_and_meetings(BIG_PAGE, 400)
    assert len(view) >= BIG_PAGE
    return view


@pytest.fixture(scope="module")
def page_file(view: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "graph.html"
    page: NetworkPage = render_page(view, title="big")
    assert page.parts
    write_page(page, path)
    return path


@dataclass
class BigPage:
    """The page opened offline (test_html_browser's open_offline), with what its views show."""

    opened: Opened

    @property
    def page(self) -> Any:
        return self.opened.page

    def assert_clean(self) -> None:
        self.opened.assert_clean()

    def settled(self, mode: str) -> None:
        """Wait until the page shows a view of this mode and loads nothing more."""
        self.page.wait_for_function(
            "(mode) => window.hrgraph.mode() === mode && !window.hrgraph.busy()", arg=mode
        )

    def shown(self) -> set[str]:
        return set(self.page.evaluate("() => window.hrgraph.shown()"))


@pytest.fixture
def open_page(open_offline: Any) -> Callable[..., BigPage]:  # noqa: F811  (the fixture imported above)
    """Open a page from disk at an address, every non-file: request refused and recorded."""

    def opener(path: Path, address: str = "") -> BigPage:
        return BigPage(open_offline(path, address))

    return opener


def around(view: nx.MultiDiGraph, node: str, depth: int) -> set[str]:
    """What is at most `depth` links away from `node`, links taken both ways."""
    return set(nx.single_source_shortest_path_length(view.to_undirected(as_view=True), node, cutoff=depth))


def test_it_opens_on_the_overview_with_no_part_loaded(
    open_page: Any, page_file: Path, view: nx.MultiDiGraph
) -> None:
    opened = open_page(page_file)
    opened.settled("overview")
    page = opened.page
    drawn = page.evaluate("() => window.hrgraph.nodes.getIds()")
    groups = [d for d in drawn if str(d).startswith("g")]
    assert 0 < len(groups) <= 12 and len(drawn) < 30  # three kinds by three countries and none, headers
    assert page.evaluate("() => window.hrgraph.parts()") == []
    assert opened.shown() == set()
    assert page.locator("#overview-note").inner_text().startswith(f"{len(view)} ")
    opened.assert_clean()


def test_search_finds_a_name_and_draws_what_is_around_it(
    open_page: Any, page_file: Path, view: nx.MultiDiGraph
) -> None:
    opened = open_page(page_file)
    page = opened.page
    page.locator("#search").fill("person 4321")
    page.locator("#search").press("Enter")
    opened.settled("focus")
    node = f"{ID}person/p4321"
    assert opened.shown() == around(view, node, 1)
    assert page.evaluate("() => window.hrgraph.selected()") == [node]
    assert page.locator("#details h2").inner_text() == "Person 4321"
    assert page.locator("#search-status").inner_text() == UI["one_match"]
    assert page.url.endswith("#focus=person/p4321&depth=1")
    loaded = page.evaluate("() => window.hrgraph.parts()")
    assert "index" in loaded and len(loaded) < 10  # the index and the parts of what is drawn
    opened.assert_clean()


def test_the_address_opens_a_focus_and_follows_changes(
    open_page: Any, page_file: Path, view: nx.MultiDiGraph
) -> None:
    opened = open_page(page_file, "#focus=meeting/m5&depth=2&hide=Country")
    opened.settled("focus")
    page = opened.page
    assert page.evaluate("() => window.hrgraph.focus()") == "meeting/m5"
    no_countries = view.subgraph(n for n, d in view.nodes(data=True) if d["kind"] != "Country")
    assert opened.shown() == around(no_countries, f"{ID}meeting/m5", 2)
    page.evaluate("() => { location.hash = '#focus=person/p7&depth=1'; }")
    page.wait_for_function("() => window.hrgraph.focus() === 'person/p7' && !window.hrgraph.busy()")
    assert opened.shown() == around(view, f"{ID}person/p7", 1)
    page.evaluate("() => { location.hash = '#focus=person/nobody'; }")
    opened.settled("overview")
    assert page.inner_text("#search-status") == "person/nobody is not in the graph"  # a stale link, said
    page.evaluate("() => { location.hash = '#focus=person/p7&depth=1'; }")
    page.wait_for_function("() => window.hrgraph.focus() === 'person/p7' && !window.hrgraph.busy()")
    assert page.inner_text("#search-status") == ""
    opened.assert_clean()


def test_a_name_in_another_language_is_marked_in_the_details(open_page: Any, page_file: Path) -> None:
    """Meeting 3 is named in Indonesian only: its details say so, as the page of a graph drawn
    whole does (its parts carry the name's language)."""
    opened = open_page(page_file, "#focus=meeting/m3")
    opened.settled("focus")
    heading = opened.page.locator("#details h2")
    assert heading.evaluate("h => [h.firstChild.textContent, h.lang]") == ["Rapat 3", "id"]
    assert heading.locator(".fallback").text_content() == "(id)"
    assert heading.locator(".fallback").get_attribute("title") == UI["not_here"]
    focus = opened.page.locator("#focus-name")  # "Around: Rapat 3 (id)"
    assert focus.evaluate("f => [f.firstChild.textContent, f.lang]") == ["Rapat 3", "id"]
    assert focus.locator(".fallback").text_content() == "(id)"
    opened.assert_clean()


def test_a_hub_is_drawn_with_its_most_linked_neighbours(
    open_page: Any, page_file: Path, view: nx.MultiDiGraph
) -> None:
    opened = open_page(page_file, "#focus=country/c1")
    opened.settled("focus")
    limit = opened.page.evaluate("() => window.hrgraph.drawLimit")
    everything = around(view, f"{ID}country/c1", 1)
    assert len(everything) > limit
    shown = opened.shown()
    assert len(shown) == limit and shown <= everything
    meetings = {n for n in everything if view.nodes[n]["kind"] == "Meeting"}
    assert meetings <= shown  # more linked than any person
    status = opened.page.locator("#filter-status").inner_text()
    assert status == UI["showing"].format(shown=limit, total=len(everything))
    opened.assert_clean()


def test_picking_an_overview_node_draws_its_nodes(
    open_page: Any, page_file: Path, view: nx.MultiDiGraph
) -> None:
    opened = open_page(page_file)
    opened.settled("overview")
    page = opened.page
    point = page.evaluate(
        """() => {
            const h = window.hrgraph;
            const group = h.overview.nodes.find(g => g.kind === 'Meeting' && g.country === 1);
            const dom = h.network.canvasToDOM(h.network.getPositions([group.id])[group.id]);
            const box = document.querySelector('#graph canvas').getBoundingClientRect();
            return [box.left + dom.x, box.top + dom.y];
        }"""
    )
    page.mouse.click(point[0], point[1])
    opened.settled("group")
    meetings = {
        n
        for n, d in view.nodes(data=True)
        if d["kind"] == "Meeting" and d["countries"] == [f"{ID}country/c1"]
    }
    assert opened.shown() == meetings
    page.locator("#back").click()
    opened.settled("overview")
    opened.assert_clean()


def test_hostile_text_stays_text(open_page: Any, page_file: Path) -> None:
    opened = open_page(page_file, "#focus=person/hostile")
    opened.settled("focus")
    page = opened.page
    assert page.locator("#details h2").inner_text() == HOSTILE_NAME
    page.evaluate("() => { location.hash = '#focus=meeting/m0'; }")
    page.wait_for_function("() => window.hrgraph.focus() === 'meeting/m0' && !window.hrgraph.busy()")
    assert page.locator("#details .quote").inner_text() == f"\u201c{HOSTILE_QUOTE}\u201d"
    assert page.locator("#details img").count() == 0
    opened.assert_clean()


def test_parts_of_another_build_are_refused(open_page: Any, page_file: Path, tmp_path: Path) -> None:
    shutil.copy(page_file, tmp_path / "graph.html")
    shutil.copytree(page_file.parent / "graph-parts", tmp_path / "graph-parts")
    index = tmp_path / "graph-parts" / "index.js"
    text = index.read_text(encoding="utf-8")
    key = text.split(",", 2)[1]
    index.write_text(text.replace(key, '"0000000000000000"', 1), encoding="utf-8")
    opened = open_page(tmp_path / "graph.html")
    page = opened.page
    page.locator("#search").fill("Person 12")
    page.locator("#search").press("Enter")
    page.wait_for_function(
        "(text) => document.querySelector('#search-status').textContent === text", arg=UI["missing_parts"]
    )
    assert page.evaluate("() => window.hrgraph.mode()") == "overview"
    opened.assert_clean()
