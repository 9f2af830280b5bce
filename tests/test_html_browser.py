"""The HTML view in a real browser (headless Chromium driven by Playwright), offline.

The page must work with every outside request refused, draw every node of the networkx view,
find a name, and show hostile text as text. Fails when Chromium is missing (scripts/test
installs Debian's chromium); no browser is ever downloaded.
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

from graph.network import to_networkx
from graph.pipeline import Built, build, check
from graph.viz import render_html

REPO = Path(__file__).resolve().parent.parent
XSS_SOURCES = Path(__file__).resolve().parent / "fixtures" / "xss" / "sources"
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

SEED_TITLE = "Penguatan Kerja Sama HAM Indonesia Dan Kamboja"
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


@pytest.fixture
def open_offline(browser: Any) -> Iterator[Any]:
    """Open a local HTML file in a fresh context where every non-file: request is aborted."""
    contexts: list[Any] = []

    def opener(path: Path) -> Opened:
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
        page.on(
            "request",
            lambda req: None if req.url.startswith("file:") else opened.outside_request(req.url),
        )
        page.on("pageerror", lambda exc: opened.page_errors.append(str(exc)))
        page.on(
            "console",
            lambda msg: opened.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function("window.hrgraph && window.hrgraph.network")
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
            const dom = net.canvasToDOM(net.getPositions([id])[id]);
            const box = document.querySelector('#graph canvas').getBoundingClientRect();
            return [box.left + dom.x, box.top + dom.y];
        }""",
        node_id,
    )
    return float(point[0]), float(point[1])


def node_id_ending(view: nx.MultiDiGraph, suffix: str) -> str:
    (found,) = [n for n in view if n.endswith(suffix)]
    return found


# ---------------------------------------------------------------- the real graph


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
    assert page.evaluate("window.hrgraph.nodes.length") == expected
    assert page.evaluate("window.hrgraph.edges.length") == real_view.number_of_edges()
    positions = page.evaluate("window.hrgraph.network.getPositions()")
    assert set(positions) == set(real_view.nodes)
    assert page.locator("#graph canvas").count() == 1
    box = page.locator("#graph canvas").bounding_box()
    assert box is not None
    assert box["width"] > 300
    assert box["height"] > 300
    opened.assert_clean()


def test_search_selects_and_explains_a_person(
    open_offline: Any, real_html: Path, real_view: nx.MultiDiGraph
) -> None:
    keo = node_id_ending(real_view, "/person/keo-remy")
    opened = open_offline(real_html)
    page = opened.page
    page.locator("#search").click()
    page.keyboard.type("Keo Remy")
    page.keyboard.press("Enter")
    assert page.evaluate("window.hrgraph.network.getSelectedNodes()") == [keo]
    details = page.locator("#details")
    assert details.locator("h2").first.text_content() == "Keo Remy"
    assert SEED_TITLE in (details.text_content() or "")
    # Other labels may mention the name too (a commitment does); the exact match comes first.
    hits = sum("keo remy" in data["label"].lower() for _, data in real_view.nodes(data=True))
    status = "1 match" if hits == 1 else f"{hits} matches; showing the first"
    assert page.locator("#search-status").text_content() == status
    opened.assert_clean()


def test_screenshot_of_the_real_graph(open_offline: Any, real_html: Path) -> None:
    opened = open_offline(real_html)
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "graph.png"
    opened.page.screenshot(path=str(target), full_page=False)
    assert target.stat().st_size > 10_000
    opened.assert_clean()


def test_no_node_is_drawn_huge(open_offline: Any, real_html: Path) -> None:
    opened = open_offline(real_html)
    heights = opened.page.evaluate(
        """() => {
            const net = window.hrgraph.network;
            return Object.fromEntries(net.body.nodeIndices.map(id => {
                const b = net.getBoundingBox(id);
                return [id, b.bottom - b.top];
            }));
        }"""
    )
    tall = {node: round(h) for node, h in heights.items() if h > 100}
    assert tall == {}, f"nodes drawn over 100 units tall (shape and label): {tall}"


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
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 2


def test_hostile_text_stays_text(open_offline: Any, xss_html: Path, xss_view: nx.MultiDiGraph) -> None:
    hostile = node_id_ending(xss_view, "/person/hostile")
    quote = xss_view.nodes[hostile]["sources"][0]["quote"]
    source = xss_view.nodes[hostile]["sources"][0]
    opened = open_offline(xss_html)
    page = opened.page
    assert_not_pwned(page)
    assert page.evaluate("(id) => window.hrgraph.nodes.get(id).label", hostile) == NAME_PAYLOAD
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
    assert page.evaluate("window.hrgraph.network.getSelectedNodes()") == [hostile]
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
    page.evaluate("document.getElementById('details').replaceChildren()")
    page.evaluate("window.hrgraph.network.unselectAll()")
    page.locator("#search").fill(NAME_PAYLOAD)
    page.locator("#search").press("Enter")
    assert page.evaluate("window.hrgraph.network.getSelectedNodes()") == [hostile]
    assert quote in (details.text_content() or "")
    assert details.locator("img, script, b").count() == 0
    # The datalist offers the name as a literal option value.
    options = page.evaluate("Array.from(document.querySelectorAll('#names option'), o => o.value)")
    assert NAME_PAYLOAD in options
    assert_not_pwned(page)
    opened.assert_clean()
