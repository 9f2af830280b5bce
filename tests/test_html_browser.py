"""The HTML view in a real browser (headless Chromium driven by Playwright), offline.

The page must work with every outside request refused, draw every node of the networkx view,
find a name, filter exactly as graph.view.filters.select does, say who says so on hover and click,
and show hostile text as text. Fails when Chromium is missing (scripts/test installs Debian's
chromium); no browser is ever downloaded. Screenshots are kept in test-artifacts/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import playwright.sync_api as playwright_sync
import pytest

from graph.pipeline import Built, build, check
from graph.view.build import to_networkx
from graph.view.dates import human_date
from graph.view.filters import Filters, select, subview
from graph.view.interface import ui_text
from graph.view.layout import layout
from graph.view.page import LANDMARKS, render_html
from graph.view.style import LABEL_INSIDE, STYLE, groups
from tests.axe_check import serious_violations

REPO = Path(__file__).resolve().parent.parent
XSS_SOURCES = Path(__file__).resolve().parent / "fixtures" / "xss" / "sources"
GOLDEN_SOURCES = Path(__file__).resolve().parent / "fixtures" / "golden" / "sources"
ID = "https://w3id.org/hrgraph/id/"
TOPIC = "https://w3id.org/hrgraph/topic/"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path(os.environ.get("HRGRAPH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 900}
PAGE_SCRIPTS = 3
"""The network page's scripts: vis-network, graph-common.js and graph.js; the data adds none."""
# a real browser: slow (deselect with -m "not slow"); on one xdist worker, that launches it once
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser")]

GOLDEN_TITLE = "Gazette number one"
NAME_PAYLOAD = '</script><img src=x onerror="window.__pwned=1">'
QUOTE_PAYLOAD = "<img src=x onerror=window.__pwned=2>"


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: run scripts/test (it installs Debian's chromium), "
            "or set HRGRAPH_CHROMIUM"
        )
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The real curated sources/, built into a temporary folder."""
    out = tmp_path_factory.mktemp("html-browser")
    return build(REPO / "sources", REPO / "ontology", out)


@pytest.fixture(scope="module")
def real_view(real_build: Built) -> nx.MultiDiGraph:
    return to_networkx(real_build.assembly.graph)


@pytest.fixture(scope="module")
def real_html(real_build: Built) -> Path:
    path = next(p for p in real_build.outputs if p.suffix == ".html")
    assert path.exists()
    return path


@dataclass
class Opened:
    """A page loaded offline, with everything it tried to fetch and every error it raised."""

    page: Any
    outside: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def outside_request(self, url: str) -> None:
        if url not in self.outside:
            self.outside.append(url)

    def assert_clean(self) -> None:
        assert self.outside == [], f"the page tried to reach outside: {self.outside}"
        assert self.page_errors == [], f"uncaught errors in the page: {self.page_errors}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.page.evaluate("() => window.__pwned") is None, "a hostile payload ran"


def offline_page(browser: Any, contexts: list[Any]) -> Opened:
    """A page in a fresh context (kept in `contexts`, for the caller to close) where every
    non-file: request is refused and recorded, and page and console errors are collected."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    contexts.append(context)
    page = context.new_page()
    opened = Opened(page)

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            opened.outside_request(r.request.url)
            r.abort()

    context.route("**/*", route)
    # Requests the router does not see (none expected) are still recorded.
    page.on("request", lambda req: None if req.url.startswith("file:") else opened.outside_request(req.url))
    page.on("pageerror", lambda exc: opened.page_errors.append(str(exc)))
    page.on("console", lambda msg: opened.console_errors.append(msg.text) if msg.type == "error" else None)
    return opened


@pytest.fixture
def open_offline(browser: Any) -> Iterator[Any]:
    """Open a local HTML file, at an address in it (`#focus=...`, or none), in a fresh context
    where every non-file: request is aborted; once its script is ready and it has drawn."""
    contexts: list[Any] = []

    def opener(path: Path, address: str = "") -> Opened:
        opened = offline_page(browser, contexts)
        page = opened.page
        page.goto(path.as_uri() + address, wait_until="load")
        # Functions, not expressions: the page's CSP forbids eval, which Playwright would use.
        page.wait_for_function("() => window.hrgraph && window.hrgraph.timing.ready")
        wait_drawn(page)
        return opened

    yield opener
    for context in contexts:
        context.close()


def wait_drawn(page: Any) -> None:
    """Wait until vis has painted something on its canvas."""
    page.wait_for_function(
        """() => {
            const c = document.querySelector('#graph canvas');
            if (!c || !c.width || !c.height) return false;
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) return true; }
            return false;
        }"""
    )


def node_on_screen(page: Any, node_id: str) -> tuple[float, float]:
    """The page coordinates of a node's centre."""
    point = page.evaluate(
        """(id) => {
            const net = window.hrgraph.network;
            const n = window.hrgraph.id(id);
            const dom = net.canvasToDOM(net.getPositions([n])[n]);
            const box = document.querySelector('#graph canvas').getBoundingClientRect();
            return [box.left + dom.x, box.top + dom.y];
        }""",
        node_id,
    )
    return float(point[0]), float(point[1])


def node_id_ending(view: nx.MultiDiGraph, suffix: str) -> str:
    (found,) = [str(n) for n in view if str(n).endswith(suffix)]
    return found


def edge_on_screen(page: Any, edge_id: int) -> tuple[float, float]:
    """A point of the page on the edge, on no node and on no other edge (for hover and click).
    vis-network's tooltip goes to any edge passing within its reach of the pointer, not to the
    nearest one as getEdgeAt does: a point near two edges would make the test depend on how the
    data happens to be drawn."""
    point = page.evaluate(
        """(id) => {
            const net = window.hrgraph.network;
            const edge = window.hrgraph.edges.get(id);
            const pos = net.getPositions([edge.from, edge.to]);
            const box = document.querySelector('#graph canvas').getBoundingClientRect();
            const only = (c) => net.body.edgeIndices.every((other) => {
                const drawn = net.body.edges[other];
                const at = {left: c.x, right: c.x, top: c.y, bottom: c.y};
                return String(other) === String(id) || !drawn.connected || !drawn.isOverlappingWith(at);
            });
            const steps = [0.5];
            for (let k = 1; k <= 45; k++) steps.push(0.5 - k * 0.01, 0.5 + k * 0.01);
            for (const t of steps) {
                const c = {
                    x: pos[edge.from].x + t * (pos[edge.to].x - pos[edge.from].x),
                    y: pos[edge.from].y + t * (pos[edge.to].y - pos[edge.from].y),
                };
                const dom = net.canvasToDOM(c);
                if (net.getNodeAt(dom) === undefined && net.getEdgeAt(dom) === id && only(c)) {
                    return [box.left + dom.x, box.top + dom.y];
                }
            }
            return null;
        }""",
        edge_id,
    )
    assert point is not None, f"no free point on edge {edge_id}"
    return float(point[0]), float(point[1])


def edge_id_between(page: Any, source: str, target: str) -> int:
    ids = page.evaluate(
        """([a, b]) => {
            const [from, to] = [window.hrgraph.id(a), window.hrgraph.id(b)];
            return window.hrgraph.edges.getIds({filter: e => e.from === from && e.to === to});
        }""",
        [source, target],
    )
    assert len(ids) == 1, ids
    return int(ids[0])


def tooltip_at(page: Any, x: float, y: float) -> str:
    """Move the mouse there and return the text of the tooltip vis-network shows."""
    page.mouse.move(1, 1)
    page.mouse.move(x, y)
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    # vis sets a string title with innerText: line breaks become <br>, nothing else is an element.
    assert tooltip.locator(":not(br)").count() == 0
    return str(tooltip.inner_text())


def shown(page: Any) -> set[str]:
    """The nodes the page shows: by its own count and by the vis DataSet's hidden flags."""
    by_page = set(page.evaluate("() => window.hrgraph.shown()"))
    by_dataset = set(
        page.evaluate("() => window.hrgraph.nodes.getIds({filter: n => !n.hidden}).map(window.hrgraph.iri)")
    )
    assert by_page == by_dataset
    return by_page


# ---------------------------------------------------------------- the real graph
# Only what no valid new fact can break: counts come from the view of the same build. What the
# data holds and how it is drawn is asserted on the golden data below.


def test_real_page_loads_offline_without_errors(open_offline: Any, real_html: Path) -> None:
    opened = open_offline(real_html)
    assert opened.page.title() == "hrgraph"
    opened.assert_clean()


def test_every_node_of_the_view_is_drawn(
    open_offline: Any, real_html: Path, real_view: nx.MultiDiGraph
) -> None:
    opened = open_offline(real_html)
    page = opened.page
    expected = len(real_view)
    assert expected > 0
    assert page.evaluate("() => window.hrgraph.nodes.length") == expected
    assert page.evaluate("() => window.hrgraph.edges.length") == real_view.number_of_edges()
    positions = page.evaluate(
        "() => Object.keys(window.hrgraph.network.getPositions()).map(k => window.hrgraph.iri(Number(k)))"
    )
    assert set(positions) == set(real_view.nodes)
    assert page.locator("#graph canvas").count() == 1
    box = page.locator("#graph canvas").bounding_box()
    assert box is not None
    assert box["width"] > 300
    assert box["height"] > 300
    opened.assert_clean()


def test_screenshot_of_the_real_graph(open_offline: Any, real_html: Path) -> None:
    opened = open_offline(real_html)
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "graph.png"
    opened.page.screenshot(path=str(target), full_page=False)
    assert target.stat().st_size > 10_000
    opened.assert_clean()


PHONE = {"width": 375, "height": 800}


def test_on_a_phone_the_drawing_spans_the_screen_and_nothing_is_wider(
    open_offline: Any, real_html: Path
) -> None:
    """At 375 px the drawing is across the screen above the controls (it was squeezed to a
    strip beside them), and no text, a source's long address included, runs past the edge."""
    opened = open_offline(real_html)
    page = opened.page
    page.set_viewport_size(PHONE)
    page.wait_for_function(
        "() => document.querySelector('#graph canvas').getBoundingClientRect().width > 300", timeout=5_000
    )
    box = page.locator("#graph canvas").bounding_box()
    assert box is not None and box["width"] >= PHONE["width"] * 0.9 and box["height"] >= 400
    controls = page.locator("aside").bounding_box()
    assert controls is not None and controls["y"] >= box["y"] + box["height"] - 1  # below it
    page.locator("#search").fill("Keo Remy")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.hrgraph.selected().length === 1")
    assert page.locator("#details .source").count() > 0
    wider = page.evaluate(
        """() => Array.from(document.querySelectorAll('body *'))
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map(e => `${e.tagName}.${e.className}: ${(e.textContent || '').slice(0, 60)}`)"""
    )
    assert wider == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "graph-phone.png"), full_page=False)
    opened.assert_clean()


def test_an_address_naming_what_the_graph_lacks_says_so(open_offline: Any, real_html: Path) -> None:
    """A shared link to a thing no longer in the graph shows everything, and says why."""
    opened = open_offline(real_html, "#focus=person/nobody&depth=1")
    page = opened.page
    assert page.inner_text("#search-status") == "person/nobody is not in the graph"
    assert page.evaluate("() => window.hrgraph.focus()") is None
    page.evaluate("() => { location.hash = '#focus=topic/migrant-workers'; }")
    page.wait_for_function("() => document.getElementById('search-status').textContent === ''")
    opened.assert_clean()


def test_axe_finds_nothing_serious_in_the_network_page(open_offline: Any, real_html: Path) -> None:
    """The page as it opens, and with a person picked (their details and sources beside it)."""
    opened = open_offline(real_html)
    page = opened.page
    assert serious_violations(page, inline=True) == []  # its CSP allows inline scripts only
    page.locator("#search").fill("Keo Remy")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.hrgraph.selected().length === 1")
    assert serious_violations(page, inline=True) == []
    opened.assert_clean()


def test_legend_shows_each_kind_with_its_colour_and_shape(
    open_offline: Any, real_html: Path, real_view: nx.MultiDiGraph
) -> None:
    opened = open_offline(real_html)
    items = opened.page.evaluate(
        """() => Array.from(document.querySelectorAll('#kinds li'), li => ({
            kind: li.querySelector('input').dataset.kind,
            fill: li.querySelector('svg').getAttribute('fill'),
            shapes: Array.from(li.querySelector('svg').children, c => c.tagName),
            count: Number(li.querySelector('.count').textContent),
        }))"""
    )
    kinds = {data["kind"] for _, data in real_view.nodes(data=True)}
    assert {item["kind"] for item in items} == kinds
    expected_shape = {"dot": ["circle"], "diamond": ["polygon"], "star": ["polygon"], "box": ["rect"]}
    for item in items:
        colour, shape = STYLE[item["kind"]]
        assert item["fill"] == colour
        assert len(item["shapes"]) == 1
        if shape in expected_shape:
            assert item["shapes"] == expected_shape[shape], item
        assert item["count"] == sum(data["kind"] == item["kind"] for _, data in real_view.nodes(data=True))
    opened.assert_clean()


def test_screenshot_of_a_filtered_graph(open_offline: Any, real_html: Path) -> None:
    opened = open_offline(real_html)
    page = opened.page
    page.locator("#topic").select_option(label="Migrant workers")
    page.locator("#year-from").fill("2025")
    page.locator("#year-from").press("Enter")  # the view fits what is shown
    wait_drawn(page)
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "graph-filtered.png"
    page.screenshot(path=str(target), full_page=False)
    assert target.stat().st_size > 10_000
    opened.assert_clean()


# ---------------------------------------------------------------- the golden data


@pytest.fixture(scope="module")
def golden_view() -> nx.MultiDiGraph:
    return to_networkx(check(GOLDEN_SOURCES, REPO / "ontology").assembly.graph)


@pytest.fixture(scope="module")
def golden_html(golden_view: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("golden") / "graph.html"
    path.write_text(render_html(golden_view), encoding="utf-8")
    return path


def test_few_nodes_spread_far_apart_are_each_named_readably(
    open_offline: Any, golden_view: nx.MultiDiGraph, tmp_path: Path
) -> None:
    """Fifteen nodes laid out over the breadth of a large graph's drawing (as a filter leaves
    them in one): fitted to the screen, their names were a few pixels high. Every shown node
    whose name is written beside it is now named at 11 px or more on screen, and the hint to
    zoom in is gone; a shape holding its name (a post, an organisation) keeps its size, as it
    would otherwise grow over its neighbours."""
    spread = {node: (x * 40.0, y * 40.0) for node, (x, y) in layout(golden_view).items()}
    path = tmp_path / "graph.html"
    path.write_text(render_html(golden_view, positions=spread), encoding="utf-8")
    opened = open_offline(path)
    page = opened.page
    scale, sizes = page.evaluate(
        """() => {
            const h = window.hrgraph;
            return [h.network.getScale(), h.nodes.get().map(n => [n.group, n.font ? n.font.size : null])];
        }"""
    )
    inside = {kind for kind, (_, shape) in STYLE.items() if shape in LABEL_INSIDE}
    beside = [size * scale for kind, size in sizes if kind not in inside]
    held = [(kind, size) for kind, size in sizes if kind in inside]
    assert len(sizes) == len(golden_view) and beside and held
    assert min(beside) >= 10.5, beside
    assert all(size in (None, groups()[kind]["font"]["size"]) for kind, size in held), held
    assert page.locator("#zoom-hint").is_hidden()
    opened.assert_clean()


def set_filters(
    page: Any,
    topic: str = "",
    country: str = "",
    year_from: str = "",
    year_to: str = "",
    unticked: tuple[str, ...] = (),
) -> None:
    page.locator("#reset").click()
    for kind in unticked:
        page.locator(f'#kinds input[data-kind="{kind}"]').uncheck()
    if topic:
        page.locator("#topic").select_option(label=topic)
    if country:
        page.locator("#country").select_option(label=country)
    for selector, value in (("#year-from", year_from), ("#year-to", year_to)):
        if value:
            page.locator(selector).fill(value)
            page.locator(selector).press("Enter")


KINDS = frozenset(STYLE)
FILTER_CASES: list[tuple[dict[str, Any], Filters]] = [
    ({}, Filters()),
    ({"topic": "Human-rights capacity building"}, Filters(topic=TOPIC + "capacity-building")),
    ({"topic": "Peace process and peacebuilding"}, Filters(topic=TOPIC + "peace-process")),
    ({"country": "Atlantis"}, Filters(country=ID + "country/atlantis")),
    ({"year_from": "2021"}, Filters(year_from=2021)),
    ({"year_from": "2020", "year_to": "2020"}, Filters(year_from=2020, year_to=2020)),
    ({"year_to": "2019"}, Filters(year_to=2019)),
    (
        {"unticked": ("Place", "Country", "Observation")},
        Filters(kinds=KINDS - {"Place", "Country", "Observation"}),
    ),
    (
        {"topic": "Human-rights capacity building", "year_from": "2020", "unticked": ("Place",)},
        Filters(topic=TOPIC + "capacity-building", year_from=2020, kinds=KINDS - {"Place"}),
    ),
]


def test_filters_show_exactly_what_graph_network_selects(
    open_offline: Any, golden_html: Path, golden_view: nx.MultiDiGraph
) -> None:
    opened = open_offline(golden_html)
    page = opened.page
    for controls, filters in FILTER_CASES:
        set_filters(page, **controls)
        expected = select(golden_view, filters)
        assert shown(page) == expected, controls
        assert (
            page.locator("#filter-status").text_content() == f"Showing {len(expected)} of {len(golden_view)}"
        )
        # the links drawn: between two shown nodes, and not dated out of the year range
        drawn = page.evaluate(
            """() => {
                const shown = new Set(window.hrgraph.shown());
                const iri = window.hrgraph.iri;
                const drawn = e => !e.hidden && shown.has(iri(e.from)) && shown.has(iri(e.to));
                return window.hrgraph.edges.get({filter: drawn}).length;
            }"""
        )
        assert drawn == subview(golden_view, expected, filters).number_of_edges(), controls
    set_filters(page)
    assert shown(page) == set(golden_view)
    opened.assert_clean()


def test_a_few_filters_by_hand(open_offline: Any, golden_html: Path) -> None:
    opened = open_offline(golden_html)
    page = opened.page
    set_filters(page, topic="Human-rights capacity building")
    names = {n[len(ID) :] for n in shown(page)}
    assert "meeting/m1" in names and "person/ana" in names  # the match, and who attended it
    assert "series/talks" not in names  # its topic is another
    set_filters(page, year_from="2021")
    names = {n[len(ID) :] for n in shown(page)}
    assert {"instrument/protocol", "commitment/c2", "person/ana"} <= names
    assert "meeting/m1" not in names
    # A name hidden by the filters is not selected, and the status says why.
    page.locator("#search").fill("First meeting")
    page.locator("#search").press("Enter")
    assert page.locator("#search-status").text_content() == "1 matching names are hidden by the filters"
    assert page.evaluate("() => window.hrgraph.selected()") == []
    opened.assert_clean()


BROKEN_WORDS = """() => Array.from(document.querySelectorAll('#kinds label')).flatMap(label => {
  const broken = [], walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of node.data.matchAll(/[A-Za-z0-9]+/g)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const lines = new Set(Array.from(range.getClientRects(), r => Math.round(r.top)));
      if (lines.size > 1) { broken.push(word[0]); }
    }
  }
  return broken;
})"""
"""The words (and counts) of the legend written over two lines, each cut inside."""


@pytest.mark.parametrize("lang", ["en", "id"])
def test_on_a_small_phone_no_kind_or_count_in_the_legend_is_cut_in_two(
    open_offline: Any, real_build: Built, tmp_path: Path, lang: str
) -> None:
    """At 320 px the legend's two columns cut "Organisation" into "Organisatio" and "n", its
    count "39" into "3" and "9": a name is broken between its words, a count never."""
    path = tmp_path / f"{lang}.html"
    path.write_text(render_html(to_networkx(real_build.assembly.graph, lang)), encoding="utf-8")
    opened = open_offline(path)
    page = opened.page
    page.set_viewport_size({"width": 320, "height": 700})
    assert page.locator("#kinds label").count() > 5
    assert page.evaluate(BROKEN_WORDS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    opened.assert_clean()


def test_a_page_in_indonesian(open_offline: Any, golden_view: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "id.html"
    golden = check(GOLDEN_SOURCES, REPO / "ontology").assembly.graph
    path.write_text(render_html(to_networkx(golden, "id")), encoding="utf-8")
    opened = open_offline(path)
    page = opened.page
    assert page.evaluate("() => document.documentElement.lang") == "id"
    assert page.locator("#search").get_attribute("placeholder") == "Cari nama…"
    legend = page.locator("#kinds").text_content() or ""
    assert "Orang" in legend and "Pertemuan" in legend
    opened.assert_clean()


def test_a_name_in_another_language_than_the_pages_is_marked_in_the_details(
    open_offline: Any, tmp_path: Path
) -> None:
    """On the Indonesian page the ministry, named in English only, is headed 'Ministry of
    Examples (en)', the mark saying (as the readers' site does) that Indonesian has no name for
    it; on the English page it is not marked."""
    golden = check(GOLDEN_SOURCES, REPO / "ontology").assembly.graph
    path = tmp_path / "id.html"
    path.write_text(render_html(to_networkx(golden, "id")), encoding="utf-8")
    opened = open_offline(path)
    page = opened.page
    heading = page.locator("#details h2")
    page.locator("#search").fill("Ministry of Examples")
    page.locator("#search").press("Enter")
    page.wait_for_function("() => window.hrgraph.selected().length === 1")
    assert heading.evaluate("h => [h.firstChild.textContent, h.lang]") == ["Ministry of Examples", "en"]
    mark = heading.locator(".fallback")
    assert (mark.text_content(), mark.get_attribute("lang")) == ("(en)", "en")
    assert mark.get_attribute("title") == ui_text("id")["not_here"] == "Tidak tersedia dalam bahasa ini"
    page.evaluate("() => { location.hash = '#focus=org/ministry'; }")  # "Around: Ministry of Examples (en)"
    focus = page.locator("#focus-name")
    page.wait_for_function("() => !document.getElementById('focus-row').hidden")
    assert focus.evaluate("f => [f.firstChild.textContent, f.lang]") == ["Ministry of Examples", "en"]
    assert focus.locator(".fallback").text_content() == "(en)"
    english = tmp_path / "en.html"
    english.write_text(render_html(to_networkx(golden, "en")), encoding="utf-8")
    page.goto(english.as_uri())
    page.wait_for_function("() => window.hrgraph && window.hrgraph.network")
    page.locator("#search").fill("Ministry of Examples")
    page.locator("#search").press("Enter")
    page.wait_for_function("() => window.hrgraph.selected().length === 1")
    assert heading.locator(".fallback").count() == 0 and heading.text_content() == "Ministry of Examples"
    opened.assert_clean()


def test_search_selects_and_explains_a_person(
    open_offline: Any, golden_html: Path, golden_view: nx.MultiDiGraph
) -> None:
    ana = node_id_ending(golden_view, "/person/ana")
    opened = open_offline(golden_html)
    page = opened.page
    page.locator("#search").click()
    page.keyboard.type("Ana Example")
    page.keyboard.press("Enter")
    assert page.evaluate("() => window.hrgraph.selected()") == [ana]
    details = page.locator("#details")
    assert details.locator("h2").first.text_content() == "Ana Example"
    assert GOLDEN_TITLE in (details.text_content() or "")
    # The statement's words name her too ("Ana described ..."), but not as "Ana Example".
    assert page.locator("#search-status").text_content() == "1 match"
    wait_drawn(page)
    assert page.locator("#zoom-hint").is_hidden()  # names are readable at this zoom
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "graph-search.png"), full_page=False)
    opened.assert_clean()


def test_no_node_is_drawn_huge(open_offline: Any, golden_html: Path) -> None:
    """The golden data has a label inside a shape (a statement's words), where a long label
    once made a node 170-200 units tall."""
    opened = open_offline(golden_html)
    heights = opened.page.evaluate(
        """() => {
            const net = window.hrgraph.network;
            const plain = net.body.nodeIndices.filter(id => !window.hrgraph.nodes.get(id).font);
            return Object.fromEntries(plain.map(id => {
                const b = net.getBoundingBox(id);
                return [window.hrgraph.iri(id), b.bottom - b.top];
            }));
        }"""
    )
    assert len(heights) == opened.page.evaluate("() => window.hrgraph.nodes.length")
    tall = {node: round(h) for node, h in heights.items() if h > 100}
    assert tall == {}, f"nodes drawn over 100 units tall (shape and label): {tall}"
    opened.assert_clean()


def test_the_meeting_says_who_on_hover_and_click(
    open_offline: Any, golden_html: Path, golden_view: nx.MultiDiGraph
) -> None:
    meeting = node_id_ending(golden_view, "/meeting/m1")
    opened = open_offline(golden_html)
    page = opened.page
    # The view keeps dates in ISO 8601; the page words them for readers.
    assert golden_view.nodes[meeting]["dates"] == "2020/2020-12"
    assert [source["date"] for source in golden_view.nodes[meeting]["sources"]] == ["2020-05"]
    x, y = node_on_screen(page, meeting)
    text = tooltip_at(page, x, y)
    assert "Meeting, 2020 – Dec 2020, Capital City" in text
    assert "Says who?" in text
    assert GOLDEN_TITLE in text
    assert human_date("2020-05") in text
    assert "2020-05" not in text
    page.mouse.click(x, y)
    details = page.locator("#details")
    assert details.locator("h2").first.text_content() == "First meeting"
    assert human_date("2020-05") in (details.text_content() or "")
    links = details.locator("a")
    assert links.count() >= 1
    assert all(
        (links.nth(i).get_attribute("href") or "").startswith("https://") for i in range(links.count())
    )
    assert "Place" in (details.locator("dl.facts").text_content() or "")
    # A statement cites its source with a quote.
    statement = node_id_ending(golden_view, "/statement/ana-briefing")
    page.mouse.click(*node_on_screen(page, statement))
    assert page.evaluate("() => window.hrgraph.selected()") == [statement]
    assert details.locator(".quote").text_content() == "“perjanjian berjalan baik”"
    opened.assert_clean()


def test_a_participation_reads_as_a_sentence_on_hover_and_click(
    open_offline: Any, golden_html: Path, golden_view: nx.MultiDiGraph
) -> None:
    ana = node_id_ending(golden_view, "/person/ana")
    meeting = node_id_ending(golden_view, "/meeting/m1")
    (sentence,) = [d["sentence"] for u, v, d in golden_view.edges(data=True) if (u, v) == (ana, meeting)]
    assert sentence == (
        "Ana Example — attended as Head of the Agency of Examples, Minister of Examples, "
        "speaker for the region (host) → Meeting, 2020 – Dec 2020, Capital City"
    )
    opened = open_offline(golden_html)
    page = opened.page
    edge = edge_id_between(page, ana, meeting)
    x, y = edge_on_screen(page, edge)
    text = tooltip_at(page, x, y)
    assert text.startswith(sentence + "\n")
    assert GOLDEN_TITLE in text
    page.mouse.click(x, y)
    assert page.evaluate("() => window.hrgraph.network.getSelectedEdges()") == [edge]
    details = page.locator("#details")
    assert details.locator("h2").first.text_content() == sentence
    assert GOLDEN_TITLE in (details.text_content() or "")
    opened.assert_clean()


# ---------------------------------------------------------------- graphs made here


def people_who_met(people: int, meetings: int) -> nx.MultiDiGraph:
    """A view of people and the meetings between two of them, at random but always the same."""
    graph = nx.gnm_random_graph(people, meetings, seed=5)
    view = nx.MultiDiGraph(lang="en", topics={}, countries={})
    for node in graph:
        view.add_node(f"{ID}person/p{node}", kind="Person", label=f"Person {node}", sources=[], years=[])
    for u, v in graph.edges():
        view.add_edge(f"{ID}person/p{u}", f"{ID}person/p{v}", label="met", sentence="met", years=[])
    return view


@pytest.fixture(scope="module")
def large_view() -> nx.MultiDiGraph:
    return people_who_met(1500, 2500)


@pytest.fixture(scope="module")
def large_html(large_view: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("large") / "large.html"
    path.write_text(render_html(large_view), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def landmarks_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A graph too big on screen for names, small enough for its landmarks' names to be read."""
    path = tmp_path_factory.mktemp("landmarks") / "landmarks.html"
    path.write_text(render_html(people_who_met(300, 500)), encoding="utf-8")
    return path


def test_a_large_graph_draws_every_node(
    open_offline: Any, large_html: Path, large_view: nx.MultiDiGraph
) -> None:
    opened = open_offline(large_html)
    positions = opened.page.evaluate("() => window.hrgraph.network.getPositions()")
    assert len(positions) == len(large_view)
    opened.assert_clean()


def test_landmarks_are_named_in_the_whole_graph(open_offline: Any, landmarks_html: Path) -> None:
    opened = open_offline(landmarks_html)
    page = opened.page
    fonts = page.evaluate("() => window.hrgraph.nodes.get({filter: n => !!n.font}).map(n => n.font.size)")
    scale = page.evaluate("() => window.hrgraph.network.getScale()")
    assert scale * 18 < 7, "the whole graph is drawn too small for names: landmarks are needed"
    assert 0 < len(fonts) <= LANDMARKS
    assert min(fonts) * scale >= 5, "landmark names are drawn (vis leaves out labels under 5 px)"
    # Zoomed in (here by the search), landmarks are named at their kind's usual size.
    page.locator("#search").fill("Person 0")
    page.locator("#search").press("Enter")
    sizes = page.evaluate(
        """() => window.hrgraph.nodes.get({filter: n => !!n.font})
            .map(n => [n.font.size, window.hrgraph.network.groups.get(n.group).font.size])"""
    )
    assert sizes and all(size == usual for size, usual in sizes), sizes
    opened.assert_clean()


# ---------------------------------------------------------------- hostile text


@pytest.fixture(scope="module")
def xss_view() -> nx.MultiDiGraph:
    return to_networkx(check(XSS_SOURCES, REPO / "ontology").assembly.graph)


@pytest.fixture(scope="module")
def xss_html(xss_view: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xss") / "graph.html"
    path.write_text(render_html(xss_view), encoding="utf-8")
    return path


def test_fixture_carries_the_payloads(xss_view: nx.MultiDiGraph) -> None:
    hostile = xss_view.nodes[node_id_ending(xss_view, "/person/hostile")]
    assert hostile["label"] == NAME_PAYLOAD
    quote = hostile["sources"][0]["quote"]
    assert QUOTE_PAYLOAD in quote
    assert '"' in quote
    assert "'" in quote
    assert "\\" in quote


def assert_not_pwned(page: Any) -> None:
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.evaluate("() => document.querySelectorAll('img').length") == 0
    assert page.evaluate("() => document.querySelectorAll('script').length") == PAGE_SCRIPTS
    handlers = page.evaluate(
        """() => Array.from(document.querySelectorAll('*')).flatMap(
            e => Array.from(e.attributes, a => a.name).filter(n => n.startsWith('on')))"""
    )
    assert handlers == []


def test_hostile_text_stays_text(open_offline: Any, xss_html: Path, xss_view: nx.MultiDiGraph) -> None:
    hostile = node_id_ending(xss_view, "/person/hostile")
    quote = xss_view.nodes[hostile]["sources"][0]["quote"]
    source = xss_view.nodes[hostile]["sources"][0]
    opened = open_offline(xss_html)
    page = opened.page
    assert_not_pwned(page)
    assert (
        page.evaluate("(id) => window.hrgraph.nodes.get(window.hrgraph.id(id)).label", hostile)
        == NAME_PAYLOAD
    )
    assert page.title() == "hrgraph"

    # Hover: vis shows the title as a plain-text tooltip.
    x, y = node_on_screen(page, hostile)
    page.mouse.move(x, y)
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert NAME_PAYLOAD in (tooltip.text_content() or "")
    assert QUOTE_PAYLOAD in (tooltip.text_content() or "")
    # vis sets the string with innerText: line breaks become <br>, nothing else is an element.
    assert tooltip.locator(":not(br)").count() == 0
    assert_not_pwned(page)

    # Click: the details panel shows every string as text.
    page.mouse.click(x, y)
    assert page.evaluate("() => window.hrgraph.selected()") == [hostile]
    details = page.locator("#details")
    text = details.text_content() or ""
    assert NAME_PAYLOAD in text
    assert quote in text
    assert source["title"] in text
    assert source["publisher"] in text
    assert details.locator("h2").first.text_content() == NAME_PAYLOAD
    assert details.locator(".quote").text_content() == f"“{quote}”"
    assert details.locator("img, script, b").count() == 0
    assert_not_pwned(page)

    # Reset, then search for the hostile name.
    page.evaluate("() => document.getElementById('details').replaceChildren()")
    page.evaluate("() => window.hrgraph.network.unselectAll()")
    page.locator("#search").fill(NAME_PAYLOAD)
    page.locator("#search").press("Enter")
    assert page.evaluate("() => window.hrgraph.selected()") == [hostile]
    assert quote in (details.text_content() or "")
    assert details.locator("img, script, b").count() == 0
    # The datalist offers the name as a literal option value.
    options = page.evaluate("Array.from(document.querySelectorAll('#names option'), o => o.value)")
    assert NAME_PAYLOAD in options
    assert_not_pwned(page)
    opened.assert_clean()


POST_PAYLOAD = "Minister </script><script>window.__pwned=6</script>"
COUNTRY_PAYLOAD = "<img src=x onerror=window.__pwned=4>Hostilia"
PLACE_PAYLOAD = "Hostile City'); window.__pwned=8; ('"
MEETING_PAYLOAD = 'Meeting "quoted" & <b>bold</b> \\ backslash ${window.__pwned=9}'


def test_fixture_carries_payloads_into_links_and_menus(xss_view: nx.MultiDiGraph) -> None:
    labels = {data["label"] for _, data in xss_view.nodes(data=True)}
    assert {POST_PAYLOAD, COUNTRY_PAYLOAD, PLACE_PAYLOAD, MEETING_PAYLOAD} <= labels
    assert COUNTRY_PAYLOAD in xss_view.graph["countries"].values()
    sentences = {data["sentence"] for _, _, data in xss_view.edges(data=True)}
    assert (
        f"{NAME_PAYLOAD} — attended as {POST_PAYLOAD} (guest) → Meeting, 1 May 2020, {PLACE_PAYLOAD}"
        in sentences
    )


def test_hostile_text_stays_text_in_filters_and_links(
    open_offline: Any, xss_html: Path, xss_view: nx.MultiDiGraph
) -> None:
    hostile = node_id_ending(xss_view, "/person/hostile")
    meeting = node_id_ending(xss_view, "/meeting/2020-05-01-hostile")
    hostilia = node_id_ending(xss_view, "/country/hostilia")
    opened = open_offline(xss_html)
    page = opened.page
    assert_not_pwned(page)

    # The country menu offers the hostile name as the text of an option; choosing it filters.
    options = page.evaluate("() => Array.from(document.querySelectorAll('#country option'), o => o.text)")
    assert COUNTRY_PAYLOAD in options
    page.locator("#country").select_option(label=COUNTRY_PAYLOAD)
    assert shown(page) == select(xss_view, Filters(country=hostilia))
    assert_not_pwned(page)
    page.locator("#reset").click()
    assert shown(page) == set(xss_view)

    # Hover and click on the participation: its sentence carries three payloads, as text.
    (sentence,) = [d["sentence"] for u, v, d in xss_view.edges(data=True) if (u, v) == (hostile, meeting)]
    edge = edge_id_between(page, hostile, meeting)
    x, y = edge_on_screen(page, edge)
    assert tooltip_at(page, x, y).startswith(sentence + "\n")
    assert_not_pwned(page)
    page.mouse.click(x, y)
    details = page.locator("#details")
    assert details.locator("h2").first.text_content() == sentence
    assert details.locator("img, script, b, svg").count() == 0
    assert_not_pwned(page)

    # Hover and click on the meeting: its name and its quote, as text.
    x, y = node_on_screen(page, meeting)
    text = tooltip_at(page, x, y)
    assert text.startswith(MEETING_PAYLOAD + "\n")
    assert "“<script>window.__pwned=7</script>”" in text
    page.mouse.click(x, y)
    assert details.locator("h2").first.text_content() == MEETING_PAYLOAD
    assert details.locator(".quote").text_content() == "“<script>window.__pwned=7</script>”"
    assert details.locator("img, script, b, svg").count() == 0
    assert_not_pwned(page)

    # The title and the legend are the page's own; the filter status counts every node.
    assert page.locator("#filter-status").text_content() == f"Showing {len(xss_view)} of {len(xss_view)}"
    opened.assert_clean()
