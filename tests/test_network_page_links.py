"""The network page (graph.html) and the readers' site: its view kept in the address's fragment,
a node's page offered on click, a hub's neighbours counted by kind before they are all shown,
and a printout without the controls. In headless Chromium, offline, on the golden fixture.
"""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph.pipeline import Built, build, check
from graph.rdf.pages import PAGE_KINDS
from graph.view.build import to_networkx
from graph.view.filters import Filters, select, selected_view
from graph.view.interface import ui_text
from graph.view.page import KINDS_WITH_PAGES, kind_words, network_in_site, render_html
from graph.view.read import short_id
from graph.view.rules import KINDS, local_name
from tests.conftest import ARTIFACTS, ONTOLOGY, VALID, CuratedBuild, keep_screenshot
from tests.test_html_browser import (
    PAGE_SCRIPTS,
    PHONE,
    Opened,
    browser,  # noqa: F401  (a fixture)
    node_on_screen,
    offline_page,
    wait_drawn,
)
from tests.test_network import embedded

REPO = Path(__file__).resolve().parent.parent
GOLDEN_SOURCES = REPO / "tests" / "fixtures" / "golden" / "sources"
ID = "https://w3id.org/hrgraph/id/"
TOPIC = "https://w3id.org/hrgraph/topic/"

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser")]


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def view() -> nx.MultiDiGraph:
    return to_networkx(check(GOLDEN_SOURCES, REPO / "ontology").assembly.graph)


@pytest.fixture(scope="module")
def build_folder(view: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """graph.html next to a stand-in of the site: a page of Ana linking back to the network
    (build/site/en/person/ana.html is three folders below build/graph.html)."""
    folder = tmp_path_factory.mktemp("linked")
    (folder / "graph.html").write_text(render_html(view), encoding="utf-8")
    person = folder / "site" / "en" / "person"
    person.mkdir(parents=True)
    (person / "ana.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ana</title></head><body>'
        '<h1>Ana</h1><a id="in-network" href="../../../graph.html#focus=person/ana&amp;depth=1">'
        "Show in the network</a></body></html>",
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def open_at(browser: Any) -> Iterator[Any]:  # noqa: F811  (the fixture imported above)
    """Open a local page, with a fragment, where every non-file: request is refused and
    recorded, and every dialog (an alert a payload would raise) is recorded and dismissed."""
    contexts: list[Any] = []

    def opener(path: Path, fragment: str = "", wait: bool = True) -> Opened:
        opened = offline_page(browser, contexts)
        page = opened.page

        def dialog(d: Any) -> None:
            opened.page_errors.append(f"a dialog was opened: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)
        page.goto(path.as_uri() + (f"#{fragment}" if fragment else ""), wait_until="load")
        if wait:
            ready(page)
        return opened

    yield opener
    for context in contexts:
        context.close()


def ready(page: Any) -> None:
    page.wait_for_function("() => window.hrgraph && window.hrgraph.timing.ready")
    wait_drawn(page)


def shown(page: Any) -> set[str]:
    return set(page.evaluate("() => window.hrgraph.shown()"))


def selected(page: Any) -> set[str]:
    return set(page.evaluate("() => window.hrgraph.selected()"))


def fragment(page: Any) -> str:
    return str(page.evaluate("() => location.hash"))


def go_to_fragment(page: Any, value: str) -> None:
    """Change the fragment as a reader editing the address would, and wait until the page has
    heard of it (its own hashchange listener runs before this one, added later)."""
    page.evaluate(
        """(value) => new Promise((resolve) => {
            window.addEventListener("hashchange", () => resolve(), {once: true});
            location.hash = value;
        })""",
        value,
    )


def resized(page: Any, size: dict[str, int]) -> None:
    """Give the window `size` and wait until the drawing has taken it: vis-network looks at its
    box's size about once a second, and a view fitted before it has is fitted to the old size."""
    page.set_viewport_size(size)
    page.wait_for_function(
        """() => {
            const canvas = document.querySelector("#graph canvas");
            return Math.abs(canvas.width / window.devicePixelRatio - canvas.clientWidth) < 1;
        }"""
    )


def around(view: nx.MultiDiGraph, focus: str, depth: int = 1, **options: Any) -> set[str]:
    """What `hrgraph viz --focus` draws: the page must show the same."""
    return set(selected_view(view, ID, focus, depth, **options).view)


# ---------------------------------------------------------------- the view in the address


def test_a_fragment_restores_the_focus_and_selects_it(
    open_at: Any, build_folder: Path, view: nx.MultiDiGraph
) -> None:
    opened = open_at(build_folder / "graph.html", "focus=person/ana&depth=1")
    page = opened.page
    assert selected(page) == {ID + "person/ana"}
    assert shown(page) == around(view, "person/ana")
    assert shown(page) != set(view)
    assert page.locator("#details h2").first.text_content() == view.nodes[ID + "person/ana"]["label"]
    assert page.locator("#focus-name").text_content() == view.nodes[ID + "person/ana"]["label"]
    assert page.locator("#depth").input_value() == "1"
    assert fragment(page) == "#focus=person/ana&depth=1"
    opened.assert_clean()


FOCUS_CASES: list[tuple[str, dict[str, Any]]] = [
    ("focus=org/agency&depth=1", {"focus": "org/agency"}),
    ("focus=meeting/m1&depth=2", {"focus": "meeting/m1", "depth": 2}),
    ("focus=person/ana&depth=0", {"focus": "person/ana", "depth": 0}),
    ("focus=person/ana&depth=2&from=2021", {"focus": "person/ana", "depth": 2, "year_from": 2021}),
    (
        "focus=meeting/m1&depth=1&topic=topic/capacity-building&country=country/atlantis",
        {"focus": "meeting/m1", "topic": "topic/capacity-building", "country": "country/atlantis"},
    ),
]


def test_fragments_show_what_hrgraph_viz_draws(
    open_at: Any, build_folder: Path, view: nx.MultiDiGraph
) -> None:
    opened = open_at(build_folder / "graph.html")
    page = opened.page
    assert shown(page) == set(view)
    for value, options in FOCUS_CASES:
        go_to_fragment(page, value)  # hashchange re-applies the view
        focus = options["focus"]
        expected = around(view, **options)
        assert shown(page) == expected, value
        assert selected(page) == {ID + focus}, value
        assert fragment(page) == f"#{value}"
    opened.assert_clean()


def test_changing_the_filters_rewrites_the_fragment_without_adding_history(
    open_at: Any, build_folder: Path, view: nx.MultiDiGraph
) -> None:
    opened = open_at(build_folder / "graph.html", "focus=person/ana&depth=1")
    page = opened.page
    history = page.evaluate("() => history.length")
    page.locator("#depth").fill("2")
    page.locator("#depth").press("Enter")
    assert fragment(page) == "#focus=person/ana&depth=2"
    assert shown(page) == around(view, "person/ana", 2)
    page.locator("#topic").select_option(label="Human-rights capacity building")
    assert fragment(page) == "#focus=person/ana&depth=2&topic=topic/capacity-building"
    page.locator("#year-from").fill("2020")
    page.locator("#year-from").press("Enter")
    page.locator('#kinds input[data-kind="Place"]').uncheck()
    assert fragment(page) == "#focus=person/ana&depth=2&hide=Place&topic=topic/capacity-building&from=2020"
    page.locator("#reset").click()
    assert fragment(page) == ""
    assert shown(page) == set(view)
    page.locator("#country").select_option(label="Atlantis")
    page.locator("#year-to").fill("2020")
    page.locator("#year-to").press("Enter")
    assert fragment(page) == "#country=country/atlantis&to=2020"
    assert shown(page) == select(view, Filters(country=ID + "country/atlantis", year_to=2020))
    assert page.evaluate("() => history.length") == history
    # The address, opened anew, gives the same view.
    again = open_at(build_folder / "graph.html", fragment(page)[1:])
    assert shown(again.page) == shown(page)
    assert again.page.locator("#country").input_value() == page.locator("#country").input_value()
    opened.assert_clean()
    again.assert_clean()


def test_a_topic_or_a_source_can_be_the_focus(
    open_at: Any, build_folder: Path, view: nx.MultiDiGraph, tmp_path: Path
) -> None:
    # A topic is not drawn: the view of it is its filter.
    opened = open_at(build_folder / "graph.html", "focus=topic/peace-process&depth=1")
    page = opened.page
    assert shown(page) == select(view, Filters(topic=TOPIC + "peace-process"))
    assert page.locator("#topic option:checked").text_content() == "Peace process and peacebuilding"
    assert fragment(page) == "#topic=topic/peace-process"
    # A source: what cites it, or whose link does, is the focus. The fixture cites one source
    # everywhere; here places, countries and their links cite none.
    uncited = {n for n, d in view.nodes(data=True) if d["kind"] in ("Place", "Country")}
    partial = view.copy()
    for node in uncited:
        partial.nodes[node]["sources"] = []
    for u, v, data in partial.edges(data=True):
        if {u, v} & uncited:
            data["sources"] = []
    citing = {n for n, d in partial.nodes(data=True) if d["sources"]}
    citing |= {end for u, v, d in partial.edges(data=True) if d["sources"] for end in (u, v)}
    assert citing and citing != set(view)
    path = tmp_path / "graph.html"
    path.write_text(render_html(partial), encoding="utf-8")
    by_source = open_at(path, "focus=src/gazette-1&depth=0")
    assert shown(by_source.page) == citing
    assert selected(by_source.page) == citing
    go_to_fragment(by_source.page, "focus=src/gazette-1&depth=1")
    assert shown(by_source.page) == set(view)
    opened.assert_clean()
    by_source.assert_clean()


HOSTILE_FRAGMENTS = [
    "focus=<img src=x onerror=alert(1)>",
    "focus=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&depth=1",
    "focus=__proto__&topic=constructor&country=toString&hide=__proto__,constructor",
    "focus=person/ana&depth=<script>alert(2)</script>&from=1e9&to=javascript:alert(3)&expand=__proto__",
    "focus=%E0%A4%A&topic=%&from=%zz",
    "focus=javascript:alert(4)//person/ana",
]


def test_a_hostile_fragment_runs_nothing_and_is_ignored(
    open_at: Any, build_folder: Path, view: nx.MultiDiGraph
) -> None:
    for value in HOSTILE_FRAGMENTS:
        opened = open_at(build_folder / "graph.html", value)
        page = opened.page
        assert page.evaluate("() => document.querySelectorAll('img').length") == 0, value
        assert page.evaluate("() => document.querySelectorAll('script').length") == PAGE_SCRIPTS, value
        assert page.evaluate("() => typeof window.__pwned") == "undefined"
        if "person/ana&" in value:  # the good part is kept, the rest dropped
            assert selected(page) == {ID + "person/ana"}
            assert fragment(page) == "#focus=person/ana&depth=1"
        else:
            assert selected(page) == set(), value
            assert shown(page) == set(view), value
            assert page.locator("#focus-row").is_hidden()
        assert "onerror" not in (page.locator("aside").inner_html())
        opened.assert_clean()


# ---------------------------------------------------------------- links both ways


def click_node(page: Any, node: str) -> None:
    x, y = node_on_screen(page, node)
    page.mouse.click(x, y)
    assert selected(page) == {node}


def test_a_clicked_node_offers_its_page_in_the_site(
    open_at: Any, build_folder: Path, view: nx.MultiDiGraph
) -> None:
    opened = open_at(build_folder / "graph.html")
    page = opened.page
    click_node(page, ID + "person/ana")
    link = page.locator("#node-actions a#open-page")
    assert link.text_content() == "Open its page"
    assert link.get_attribute("href") == "site/en/person/ana.html"
    # A figure has no page of its own.
    (figure,) = [n for n, d in view.nodes(data=True) if d["kind"] not in KINDS_WITH_PAGES]
    click_node(page, figure)
    assert page.locator("#node-actions a").count() == 0
    # Following the link opens the page; its link back focuses the network on Ana.
    click_node(page, ID + "person/ana")
    page.locator("#node-actions a#open-page").click()
    page.wait_for_url("**/site/en/person/ana.html")
    assert page.title() == "Ana"
    page.locator("#in-network").click()
    page.wait_for_url(re.compile(r".*/graph\.html#focus=person/ana&depth=1$"))
    ready(page)
    assert selected(page) == {ID + "person/ana"}
    assert shown(page) == around(view, "person/ana")
    opened.assert_clean()


def test_the_link_is_in_the_pages_language(view: nx.MultiDiGraph) -> None:
    golden = check(GOLDEN_SOURCES, REPO / "ontology").assembly.graph
    assert embedded(render_html(view), "SITE")["pages"] == "site/en/"
    assert embedded(render_html(to_networkx(golden, "id")), "SITE")["pages"] == "site/id/"
    assert embedded(render_html(view, lang="km"), "SITE")["pages"] == "site/km/"
    assert embedded(render_html(view, site=None), "SITE")["pages"] == ""
    assert embedded(render_html(view, site="../readers/"), "SITE")["pages"] == "../readers/en/"


def test_without_a_site_no_page_is_offered(open_at: Any, view: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "alone.html"
    path.write_text(render_html(view, site=None), encoding="utf-8")
    opened = open_at(path)
    click_node(opened.page, ID + "person/ana")
    assert opened.page.locator("#node-actions a").count() == 0
    assert opened.page.locator("#focus-here").is_visible()
    opened.assert_clean()


def test_the_kinds_with_pages_are_those_the_site_writes(
    curated_build: CuratedBuild, seed_build: Built
) -> None:
    drawn = {kind.id for kind in KINDS}
    assert drawn & {local_name(kind) for kind in PAGE_KINDS} == KINDS_WITH_PAGES
    view = to_networkx(seed_build.assembly.graph)
    linked = [node for node, data in view.nodes(data=True) if data["kind"] in KINDS_WITH_PAGES]
    assert linked
    for lang in ("en", "id", "km"):
        missing = [
            n for n in linked if not (curated_build.folder / "site" / lang / f"{short_id(n)}.html").is_file()
        ]
        assert missing == [], lang


def through_the_sites_network_and_back(page: Any, site: str, lang: str = "en") -> None:
    """From Keo Remy's page in `lang` in the site folder named `site`: "Show in the network"
    opens the site's own network page in `lang` focused on him, its controls in `lang`, whose
    "Open its page" leads back to his page."""
    network = network_in_site(lang)
    page.locator(f'a[href$="../{network}#focus=person/keo-remy&depth=1"]').first.click()
    page.wait_for_url(re.compile(rf".*/{site}/{re.escape(network)}#focus=person/keo-remy&depth=1$"))
    ready(page)
    assert selected(page) == {ID + "person/keo-remy"}
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("input#search").get_attribute("placeholder") == ui_text(lang)["search"]
    home = page.locator("header a#site-home")  # the way back to the site's home, in the header
    assert home.is_visible() and home.get_attribute("href") == f"{lang}/index.html"
    page.locator("#node-actions a#open-page").click()
    page.wait_for_url(re.compile(rf".*/{site}/{lang}/person/keo-remy\.html$"))


def test_the_built_network_and_site_link_both_ways(open_at: Any, curated_build: CuratedBuild) -> None:
    """build/graph.html leads to the site's page; the page's "Show in the network" to the same
    network page inside the site (site/network.html), whose links stay in the site."""
    keo = ID + "person/keo-remy"
    opened = open_at(curated_build.folder / "graph.html", "focus=person/keo-remy&depth=1")
    page = opened.page
    assert selected(page) == {keo}
    assert page.locator("header a#site-home").get_attribute("href") == "site/en/index.html"
    opened.assert_clean()
    page.locator("#node-actions a#open-page").click()
    page.wait_for_url(re.compile(r".*/site/en/person/keo-remy\.html$"))
    through_the_sites_network_and_back(page, "site")
    # The site page's own cleanliness is for the site's tests; nothing went outside, nothing threw.
    assert opened.outside == []
    assert opened.page_errors == []


@pytest.mark.parametrize("lang", ["id", "km"])
def test_each_languages_site_opens_the_network_in_its_language(
    open_at: Any, curated_build: CuratedBuild, lang: str
) -> None:
    """A reader of the Khmer site finds the network's controls in Khmer (issue 12), and its
    links lead back to the Khmer pages."""
    opened = open_at(curated_build.folder / "site" / lang / "person" / "keo-remy.html", wait=False)
    through_the_sites_network_and_back(opened.page, "site", lang)
    assert opened.outside == []
    assert opened.page_errors == []


def test_the_site_moved_alone_keeps_its_network_page(
    open_at: Any, curated_build: CuratedBuild, tmp_path: Path
) -> None:
    """The site can be zipped or mailed as it is: a copy of site/ alone still opens the network
    from a page, and the network's links lead back into the copy."""
    copy = tmp_path / "mailed"
    shutil.copytree(curated_build.folder / "site", copy)
    for lang in ("en", "km"):
        opened = open_at(copy / lang / "person" / "keo-remy.html", wait=False)
        through_the_sites_network_and_back(opened.page, "mailed", lang)
        assert opened.outside == []
        assert opened.page_errors == []


# ---------------------------------------------------------------- a focus drawn in rings


def positions(page: Any) -> dict[str, tuple[float, float]]:
    """Where each node is drawn, on the canvas, by IRI (in whole units)."""
    found = page.evaluate(
        """() => {
            const h = window.hrgraph, at = h.network.getPositions();
            return Object.keys(at).map((id) => [h.iri(id), at[id].x, at[id].y]);
        }"""
    )
    return {iri: (x, y) for iri, x, y in found}


def test_a_focus_on_few_nodes_draws_them_in_rings_around_it(
    open_at: Any, build_folder: Path, view: nx.MultiDiGraph
) -> None:
    """Spread over the whole layout, a few nodes are too small to be named: a focus draws
    them in rings around it (one for each link away, none crowding another), and showing
    everything puts them back in the whole layout."""
    opened = open_at(build_folder / "graph.html")
    page = opened.page
    whole = positions(page)
    go_to_fragment(page, "focus=meeting/m1&depth=2")
    page.wait_for_function("() => window.hrgraph.focus() === 'meeting/m1'")
    near, far = around(view, "meeting/m1", 1), around(view, "meeting/m1", 2)
    assert shown(page) == far and len(near) > 2 and len(far) > len(near)
    drawn = positions(page)
    centre = drawn[ID + "meeting/m1"]

    def distance(a: tuple[float, float], b: tuple[float, float]) -> float:
        return float(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5)

    # each ring at one distance from the centre (vis-network gives positions in whole units)
    first = [distance(drawn[n], centre) for n in near - {ID + "meeting/m1"}]
    second = [distance(drawn[n], centre) for n in far - near]
    assert max(first) - min(first) <= 2 and max(second) - min(second) <= 2, (first, second)
    assert min(second) - max(first) >= 250
    pairs = [(a, b) for a in far for b in far if a < b]
    assert min(distance(drawn[a], drawn[b]) for a, b in pairs) >= 240
    # a post's ellipse holds its name: on a ring it is written large enough to be read
    posts = [iri for iri in far if "/post/" in iri]
    assert posts
    for post in posts:
        size = page.evaluate(
            """(iri) => {
                const h = window.hrgraph, node = h.nodes.get(h.id(iri));
                return node.font ? node.font.size * h.network.getScale() : 0;
            }""",
            post,
        )
        assert size >= 8.5, (post, size)
    page.locator("#reset").click()
    assert shown(page) == set(view)
    assert positions(page) == whole
    opened.assert_clean()


def overlapping_names(page: Any) -> list[tuple[str, str]]:
    """The pairs of shown nodes whose drawings (shape and name) overlap on the canvas."""
    boxes = page.evaluate(
        """() => {
            const h = window.hrgraph, n = h.network;
            return h.nodes.get({filter: (x) => !x.hidden}).map((x) => [x.label, n.getBoundingBox(x.id)]);
        }"""
    )
    return [
        (a, b)
        for (a, one), (b, other) in itertools.combinations(boxes, 2)
        if one["left"] < other["right"]
        and other["left"] < one["right"]
        and one["top"] < other["bottom"]
        and other["top"] < one["bottom"]
    ]


@pytest.fixture(scope="module")
def crowded_ring(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build where Test Person A has 19 neighbours: posts' ellipses and statements, each with
    a long name (tests/fixtures/crowded-ring, laid over the valid fixture)."""
    folder = tmp_path_factory.mktemp("crowded-ring")
    shutil.copytree(VALID, folder / "sources")
    shutil.copy(REPO / "tests" / "fixtures" / "crowded-ring" / "ring.yaml", folder / "sources")
    build(folder / "sources", ONTOLOGY, folder / "out")
    return folder / "out"


@pytest.mark.parametrize("lang", ["en", "km"])
def test_names_on_a_crowded_ring_do_not_overlap(open_at: Any, crowded_ring: Path, lang: str) -> None:
    """Each node on a ring is given room for its name where it stands: a wide one near the
    top or the bottom, a tall one at the sides (evenly spaced, 6 pairs overlapped)."""
    opened = open_at(crowded_ring / "site" / network_in_site(lang), "focus=person/test-a&depth=1")
    page = opened.page
    assert len(shown(page)) == 20
    assert overlapping_names(page) == []
    opened.assert_clean()


def test_on_a_phone_a_crowded_ring_is_drawn_closer_so_that_its_names_hold(
    open_at: Any, crowded_ring: Path
) -> None:
    """A phone's screen fits the ring whole at about a third of the scale its names need, and
    they piled up (21 pairs overlapped): it is drawn closer, on the focus, in the middle of the
    screen, and the reader moves around it (3 pairs still touch, where the ring runs past the
    screen's sides). A desktop's screen still shows it whole (above)."""
    opened = open_at(crowded_ring / "graph.html")
    page = opened.page
    resized(page, PHONE)
    go_to_fragment(page, "focus=person/test-a&depth=1")
    page.wait_for_function("() => window.hrgraph.nodes.get({filter: (x) => !x.hidden}).length === 20")
    assert len(overlapping_names(page)) <= 3
    focus, screen = page.evaluate(
        """() => {
            const h = window.hrgraph, n = h.network, box = document.getElementById("graph");
            const at = n.getPositions([h.id("https://w3id.org/hrgraph/id/person/test-a")]);
            const place = Object.values(at)[0];
            return [n.canvasToDOM(place), [box.clientWidth, box.clientHeight]];
        }"""
    )
    assert abs(focus["x"] - screen[0] / 2) < 5 and abs(focus["y"] - screen[1] / 2) < 5
    opened.assert_clean()


def test_few_nodes_left_by_the_filters_are_pushed_apart_until_their_names_do_not_overlap(
    open_at: Any, crowded_ring: Path
) -> None:
    """The filters leave 24 of the 25 nodes, which stay where the whole layout has them but for
    the pushes that keep two names apart (in the layout alone, 3 pairs overlapped); showing
    everything puts them back."""
    opened = open_at(crowded_ring / "graph.html")
    page = opened.page
    whole = positions(page)
    go_to_fragment(page, "from=2020")
    page.wait_for_function("() => window.hrgraph.nodes.get({filter: (x) => !x.hidden}).length === 24")
    assert overlapping_names(page) == []
    page.locator("#reset").click()
    assert positions(page) == whole
    opened.assert_clean()


def test_on_a_phone_the_few_nodes_left_by_the_filters_keep_their_places(
    open_at: Any, crowded_ring: Path
) -> None:
    """A phone's screen has no room to push 24 names apart into: they stay as the layout has
    them (pushed into too small a screen, they crowded together worse than before)."""
    opened = open_at(crowded_ring / "graph.html")
    page = opened.page
    whole = positions(page)
    resized(page, PHONE)
    go_to_fragment(page, "from=2020")
    page.wait_for_function("() => window.hrgraph.nodes.get({filter: (x) => !x.hidden}).length === 24")
    drawn = positions(page)  # of the nodes shown
    assert len(drawn) == 24 and drawn == {node: whole[node] for node in drawn}
    opened.assert_clean()


def test_a_screenshot_of_keo_remy_in_the_khmer_network_for_the_readme(
    open_at: Any, curated_build: CuratedBuild
) -> None:
    """Kept in test-artifacts/; copied into docs/screenshots/ with HRGRAPH_SCREENSHOTS=1."""
    network = curated_build.folder / "site" / network_in_site("km")
    opened = open_at(network, "focus=person/keo-remy&depth=1")
    keep_screenshot(opened.page, "network-keo-remy-km")
    opened.assert_clean()


# ---------------------------------------------------------------- a hub's neighbours


def neighbours_by_kind(view: nx.MultiDiGraph, node: str, kept: set[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for other in set(view.successors(node)) | set(view.predecessors(node)):
        if other != node and other in kept:
            found.setdefault(view.nodes[other]["kind"], set()).add(other)
    return found


def test_a_hub_says_what_it_links_to_before_showing_it_all(
    open_at: Any, build_folder: Path, view: nx.MultiDiGraph
) -> None:
    ana = ID + "person/ana"
    opened = open_at(build_folder / "graph.html", "focus=meeting/m1&depth=1")
    page = opened.page
    before = shown(page)
    assert before == around(view, "meeting/m1")
    click_node(page, ana)
    by_kind = neighbours_by_kind(view, ana, set(view))
    order = [item.get_attribute("data-kind") for item in page.locator("#kinds input").all()]
    counts = ", ".join(f"{kind_words(k, 'en')} {len(by_kind[k])}" for k in order if k in by_kind)
    assert (
        page.locator("#node-actions .hub").text_content() == f"Linked to {view.nodes[ana]['label']}: {counts}"
    )
    hidden = set().union(*by_kind.values()) - before
    assert hidden, "the fixture's Ana has neighbours outside the meeting's"
    show_all = page.locator("#show-all")
    assert show_all.text_content() == f"Show all ({len(hidden)} hidden)"
    show_all.click()
    assert shown(page) == before | hidden
    assert fragment(page) == "#focus=meeting/m1&depth=1&expand=person/ana"
    assert page.locator("#show-all").count() == 0  # nothing of Ana's is hidden now
    # The expanded view comes back from its address.
    again = open_at(build_folder / "graph.html", fragment(page)[1:])
    assert shown(again.page) == before | hidden
    # "Show only what is around it" makes a node the focus.
    click_node(page, ID + "post/agency-head")
    page.locator("#focus-here").click()
    assert fragment(page) == "#focus=post/agency-head&depth=1"
    assert shown(page) == around(view, "post/agency-head")
    opened.assert_clean()
    again.assert_clean()


def test_the_hub_line_in_indonesian(open_at: Any, tmp_path: Path) -> None:
    golden = check(GOLDEN_SOURCES, REPO / "ontology").assembly.graph
    view_id = to_networkx(golden, "id")
    path = tmp_path / "graph.html"
    path.write_text(render_html(view_id), encoding="utf-8")
    opened = open_at(path, "focus=person/ana&depth=0")
    page = opened.page
    line = page.locator("#node-actions .hub").text_content() or ""
    assert line.startswith(f"Terhubung dengan {view_id.nodes[ID + 'person/ana']['label']}: ")
    assert f"{kind_words('Post', 'id')} 2" in line  # Ana held two posts
    assert page.locator("#node-actions a#open-page").get_attribute("href") == "site/id/person/ana.html"
    assert re.fullmatch(
        r"Tampilkan semua \(\d+ tersembunyi\)", page.locator("#show-all").text_content() or ""
    )
    opened.assert_clean()


# ---------------------------------------------------------------- print


NODES_OUTSIDE_THE_CANVAS = """() => {
    const net = window.hrgraph.network;
    const box = document.querySelector('#graph canvas').getBoundingClientRect();
    const ids = window.hrgraph.nodes.getIds({filter: n => !n.hidden});
    const at = net.getPositions(ids);
    return ids.map(id => net.canvasToDOM(at[id]))
        .filter(p => p.x < 0 || p.y < 0 || p.x > box.width || p.y > box.height).length;
}"""


def test_printed_the_drawing_fits_one_page_without_the_controls(open_at: Any, build_folder: Path) -> None:
    opened = open_at(build_folder / "graph.html", "focus=person/ana&depth=2")
    page = opened.page
    page.evaluate("() => window.hrgraph.network.moveTo({scale: 2, animation: false})")  # a reader zoomed in
    seen_from = page.evaluate("() => window.hrgraph.network.getViewPosition()")
    assert page.evaluate(NODES_OUTSIDE_THE_CANVAS) > 0
    page.emulate_media(media="print")
    # The drawing is fitted to the printed box (when the page next renders, in print).
    page.wait_for_function(f"() => ({NODES_OUTSIDE_THE_CANVAS})() === 0")
    for control in ("#search", "aside", "#kinds", "#filters", "#details"):
        assert page.locator(control).is_hidden(), control
    assert page.locator("header h1").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "graph-print.png"), full_page=True)
    pdf = page.pdf()
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    # Back on screen, the reader's zoom comes back.
    page.emulate_media(media="screen")
    page.wait_for_function("() => window.hrgraph.network.getScale() === 2")
    # ... and stays: vis-network looks for a changed canvas size every second and rescales.
    page.wait_for_timeout(1500)
    assert page.evaluate("() => window.hrgraph.network.getScale()") == 2
    seen_again_from = page.evaluate("() => window.hrgraph.network.getViewPosition()")
    assert seen_again_from == pytest.approx(seen_from, abs=0.5)
    opened.assert_clean()
