"""The pyvis HTML view: one self-contained file, offline, every text shown as text.

The page is drawn from the networkx view (graph.view.build), at positions computed before
drawing (graph.view.layout; physics stays off), so even a graph of thousands of nodes is usable
as soon as it is drawn. Dates and numbers are worded here, in the page's language. Filters,
search and the details panel run in the page (templates/graph.js, with graph-common.js), on the
data embedded in it as JSON; nothing is ever inserted as HTML.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import networkx as nx

from graph.core.languages import DEFAULT_LANGUAGE
from graph.rdf.pages import PAGE_KINDS, language_folder
from graph.sparql.names import NETWORK_IN_SITE
from graph.sparql.store import NETWORK_PARTS
from graph.view.big import BIG_PAGE, BigData, big_data
from graph.view.interface import big_ui_text, ui_text
from graph.view.kept_parts import LastParts, PageState, Reuse
from graph.view.kept_view import filled
from graph.view.page_rows import KindNames, SourceNumbers, clip, edge_key, edge_row, node_row
from graph.view.page_rows import kind_words as kind_words  # the page's words for kinds, for its tests
from graph.view.patched_parts import Touched, patched_parts, years_of
from graph.view.rules import KINDS
from graph.view.style import BASE_OPTIONS, FALLBACK_STYLE, LABEL_INSIDE, STYLE, groups, swatch

if TYPE_CHECKING:
    from pyvis.network import Network


def _package_folder(name: str) -> Path:
    """Where an installed package lies, found without importing it (pyvis imports IPython:
    0.35 s, and a page patched from the last build's only reads vis-network's files)."""
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(name)
    return Path(next(iter(spec.submodule_search_locations)))


TEMPLATES = Path(__file__).parent / "templates"
VIS_DIR = _package_folder("pyvis") / "templates" / "lib" / "vis-9.1.2"
COMMON_JS = TEMPLATES / "graph-common.js"
"""What both network pages' scripts (graph.js, big.js) share, inlined before each."""

BIG_GRAPH = 1000
"""From this many nodes the page draws edges without labels or arrows (their words and
direction are in the tooltips and the details panel) and hides them while dragging or zooming,
so that it loads and moves quickly."""

KINDS_WITH_PAGES = frozenset(kind.id for kind in KINDS if kind.rdf_type in PAGE_KINDS)
"""The kinds of node that have a page in the readers' site (graph.rdf.pages, the rule the site
writes its pages by): the page offers a link to it when one is clicked."""


# ---------------------------------------------------------------- the page


def _nodes_in_order(view: nx.MultiDiGraph) -> list[tuple[str, dict[str, Any]]]:
    return sorted(view.nodes(data=True))


def _edges_in_order(view: nx.MultiDiGraph) -> list[tuple[str, str, dict[str, Any]]]:
    return sorted(view.edges(data=True), key=_edge_key)


_edge_key = edge_key


@dataclass(frozen=True)
class Ordered:
    """A view's nodes and edges in the page's fixed order, sorted once for all of the page's
    steps (to_pyvis, page_data, the large page's edge labels)."""

    nodes: list[tuple[str, dict[str, Any]]]
    edges: list[tuple[str, str, dict[str, Any]]]

    @classmethod
    def of(cls, view: nx.MultiDiGraph) -> Ordered:
        return cls(_nodes_in_order(view), _edges_in_order(view))


_clip = clip


def to_pyvis(
    view: nx.MultiDiGraph,
    positions: dict[str, tuple[float, float]] | None = None,
    physics: bool = False,
    ordered: Ordered | None = None,
) -> Network:
    """Fill a pyvis Network directly (pyvis's from_nx is quadratic in the number of nodes).

    Only what vis-network draws goes in its nodes and edges (id, label, group, position);
    what the page shows on hover and click and filters on is in `page_data`. Nodes and edges
    are numbered in a fixed order (the IRIs are in `page_data`): a large page is smaller and
    loads faster than with IRIs as ids.
    `physics=True` leaves the nodes unplaced for vis-network's own physics, as pyvis does by
    default: very slow beyond a few hundred nodes, kept as the benchmark's baseline.
    `ordered`: the view's `Ordered.of`, when the caller has it."""
    from pyvis.network import Network  # here: a page patched from the last build's needs none

    ordered = ordered or Ordered.of(view)
    net = Network(directed=True)
    if positions is None and not physics:
        from graph.view.layout import layout  # here: numpy and scipy (0.2 s) only when laying out

        positions = layout(view)
    number: dict[str, int] = {}
    for node, data in ordered.nodes:
        number[node] = len(number)
        item: dict[str, Any] = {"id": number[node], "label": data["label"], "group": data["kind"]}
        if data["kind"] not in STYLE:
            item["color"], item["shape"] = FALLBACK_STYLE
        if positions is not None:
            item["x"], item["y"] = positions.get(node, (0.0, 0.0))
        net.nodes.append(item)
        net.node_ids.append(node)
    if positions:
        _landmarks(view, positions, net.nodes, ordered.nodes)
    labelled = len(view) < BIG_GRAPH
    for index, (source, target, data) in enumerate(ordered.edges):
        edge: dict[str, Any] = {"id": index, "from": number[source], "to": number[target]}
        if labelled:
            edge["label"] = _clip(data["label"], 40)
        net.edges.append(edge)
    options = json.loads(json.dumps(BASE_OPTIONS))
    options["groups"] = groups(wrap=labelled)
    if not labelled:  # a large graph: no edge labels or arrows (in the tooltips instead)
        options["interaction"].update(hideEdgesOnDrag=True, hideEdgesOnZoom=True)
        options["edges"]["arrows"] = {"to": {"enabled": False}}
    if physics:
        options["physics"] = {"enabled": True}
        del options["layout"]
    net.options = options
    return net


LANDMARKS = 12
"""How many of the most linked nodes keep a readable name when the whole graph is shown."""
CANVAS = 900.0
"""About the size, in screen pixels, of the drawing area the page fits the graph in."""
READABLE = 11.0
"""The smallest label, in screen pixels, that a landmark's name is drawn at."""


def _landmarks(
    view: nx.MultiDiGraph,
    positions: dict[str, tuple[float, float]],
    items: list[dict[str, Any]],
    ordered: list[tuple[str, dict[str, Any]]],
) -> None:
    """When the whole graph is too big on screen for names to be drawn (vis-network leaves out
    labels under 5 px), write the names of the most linked nodes large enough to be read: they
    are landmarks. vis-network caps a label at 30 px on screen, so they stay sober zoomed in."""
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    extent = max(max(xs) - min(xs), max(ys) - min(ys), 1.0) + 200.0
    scale = CANVAS / extent
    if scale * 18 >= READABLE:
        return
    size = min(round(READABLE / scale), 120)
    inside = {kind for kind, (_, shape) in STYLE.items() if shape in LABEL_INSIDE}
    degree = dict(view.degree())
    ranked = sorted(
        (i for i, (_, data) in enumerate(ordered) if data["kind"] not in inside),
        key=lambda i: (-degree[ordered[i][0]], i),
    )
    for i in ranked[:LANDMARKS]:
        items[i]["font"] = {"size": size}


def page_data(
    view: nx.MultiDiGraph, lang: str | None = None, ordered: Ordered | None = None
) -> dict[str, Any]:
    """What the page shows and filters on, in the order of the drawn nodes and edges, with
    dates and numbers worded in `lang` (by default the view's).

    Sources are listed once and cited by number with the quote; topics and countries are
    listed once and given by number per node. `ordered`: the view's `Ordered.of`, when the
    caller has it."""
    lang = lang or str(view.graph.get("lang", "en"))
    ordered = ordered or Ordered.of(view)
    numbers = SourceNumbers(lang)
    topics = list(view.graph.get("topics", {}).items())
    countries = list(view.graph.get("countries", {}).items())
    topic_index = {iri: i for i, (iri, _) in enumerate(topics)}
    country_index = {iri: i for i, (iri, _) in enumerate(countries)}
    kind_name = KindNames(lang)
    cites = numbers.cites
    nodes = [node_row(data, lang, kind_name, cites, topic_index, country_index) for _, data in ordered.nodes]
    edges = [edge_row(data, lang, cites) for _, _, data in ordered.edges]
    years = sorted({y for node in nodes for y in node["years"]})
    return {
        "iris": [node for node, _ in ordered.nodes],
        "nodes": nodes,
        "edges": edges,
        "sources": numbers.rows,
        "topics": [list(t) for t in topics],
        "countries": [list(c) for c in countries],
        "years": [years[0], years[-1]] if years else [],
    }


def legend(view: nx.MultiDiGraph, lang: str | None = None) -> list[dict[str, Any]]:
    """One entry per kind present, in KINDS order: id, name, colour, shape, swatch and count."""
    lang = lang or str(view.graph.get("lang", "en"))
    counts: dict[str, int] = {}
    for _, data in view.nodes(data=True):
        counts[data["kind"]] = counts.get(data["kind"], 0) + 1
    known = [kind.id for kind in KINDS]
    entries = []
    for kind in known + sorted(set(counts) - set(known)):
        if kind not in counts:
            continue
        colour, shape = STYLE.get(kind, FALLBACK_STYLE)
        entries.append(
            {
                "kind": kind,
                "label": kind_words(kind, lang),
                "color": colour,
                "shape": shape,
                "swatch": swatch(kind),
                "count": counts[kind],
            }
        )
    return entries


def network_in_site(lang: str) -> str:
    """The name inside the readers' site of the network page in `lang`: the build's own page
    (graph.html, in the default language) is `network.html`, another's `network-<lang>.html`."""
    return NETWORK_IN_SITE if lang == DEFAULT_LANGUAGE else f"network-{lang}.html"


def site_links(site: str | None, lang: str) -> dict[str, Any]:
    """What the page needs to link a node to its page in the site: the folder of the pages in
    `lang` ('site/en/'; '' for no links), the kinds that have one, and the page's name inside
    the site (`inside`: the same file there links to 'en/'; `network_in_site`)."""
    if site is None:
        return {"pages": "", "kinds": []}
    pages = language_folder(site, lang)
    return {"pages": pages, "kinds": sorted(KINDS_WITH_PAGES), "inside": network_in_site(lang)}


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def render_html(
    view: nx.MultiDiGraph,
    title: str = "hrgraph",
    lang: str | None = None,
    selection: str = "",
    positions: dict[str, tuple[float, float]] | None = None,
    physics: bool = False,
    site: str | None = "site",
) -> str:
    """The whole page as one string: vis-network and the page's own script and style
    (templates/graph-common.js, graph.js, graph.css) inlined, the data embedded as JSON text in
    JavaScript string literals (escaped for HTML: no `</script>` can end the script early; read
    with JSON.parse, which is also the fastest way to load a large graph).

    `site` is the folder of the readers' site relative to the page (`build/site` next to
    `build/graph.html`); a clicked node links to its page there, in the page's language.
    None: no such links."""
    lang = lang or str(view.graph.get("lang", "en"))
    ordered = Ordered.of(view)
    net = to_pyvis(view, positions, physics, ordered)
    data = page_data(view, lang, ordered)
    del ordered
    facets = {key: data[key] for key in ("topics", "countries", "years")}
    data_json = _compact(data)
    del data  # the page's structures go as soon as they are text: at 60,000 nodes they weigh more
    nodes_json, edges_json = _compact(net.nodes), _compact(net.edges)
    net.nodes, net.edges = [], []  # the template reads the JSON text, not these
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    env.globals.update(
        vis_js=(VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"),
        vis_css=(VIS_DIR / "vis-network.css").read_text(encoding="utf-8"),
        common_js=COMMON_JS.read_text(encoding="utf-8"),
        page_js=(TEMPLATES / "graph.js").read_text(encoding="utf-8"),
        page_css=(TEMPLATES / "graph.css").read_text(encoding="utf-8"),
        legend=legend(view, lang),
        label_inside=sorted(LABEL_INSIDE),
        readable=READABLE,
        page_title=title,
        selection=selection,
        lang=lang,
        ui=ui_text(lang),
        facets=facets,
        nodes_json=nodes_json,
        edges_json=edges_json,
        data_json=data_json,
        ui_json=_compact(ui_text(lang)),
        site_json=_compact(site_links(site, lang)),
    )
    net.templateEnv = env
    net.path = "graph.html.j2"
    return str(net.generate_html())


PARTS_FOLDER = NETWORK_PARTS
"""The folder beside a large graph's page holding the parts it loads (graph.view.big)."""


@dataclass(frozen=True)
class NetworkPage:
    """The network page, and for a large graph the files of the folder `parts_folder` beside
    it (file name → text), which the page loads as the reader asks: to be written with it.
    `keys`: every part's key by name ('index', 'c0': file `c0.js`), those reused included
    (not in `parts`); `fingerprints`: each part's data's, when asked to reuse parts."""

    html: str
    parts_folder: str = PARTS_FOLDER
    parts: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    fingerprints: dict[str, bytes] = field(default_factory=dict)
    state: PageState | None = None
    """What a large page was made of, for the next build's (graph.view.patched_parts)."""


def render_page(
    view: nx.MultiDiGraph,
    title: str = "hrgraph",
    lang: str | None = None,
    selection: str = "",
    positions: dict[str, tuple[float, float]] | None = None,
    site: str | None = "site",
    parts_folder: str = PARTS_FOLDER,
    reuse: Reuse | None = None,
    last: LastParts | None = None,
    touched: Touched | None = None,
) -> NetworkPage:
    """The network page of `view`: below `BIG_PAGE` nodes the one file of `render_html`, with no
    parts; from it, a page that opens on an overview and loads the rest from `parts_folder`
    (a folder name, beside the page), whose files are in `parts`. With `reuse` (a build's), the
    parts it gives a key for are left out of `parts`, to be linked from the last build. With
    the `last` build's parts and what of the view is `touched` since (a build's), only the
    parts holding it are made again (graph.view.patched_parts), when that can be."""
    if len(view) < BIG_PAGE:
        html = render_html(filled(view), title, lang, selection, positions, site=site)
        return NetworkPage(html, parts_folder)
    lang = lang or str(view.graph.get("lang", "en"))
    patched = None
    if last is not None and touched is not None:
        patched = patched_parts(view, positions, touched, last, lang)
    if patched is not None:
        state, keys, parts, fingerprints = patched.state, patched.keys, patched.texts, patched.fingerprints
    else:
        state, big = _whole_parts(filled(view), lang, positions, reuse)
        keys, parts, fingerprints = big.keys, big.parts, big.fingerprints
    years = sorted(state.years)
    facets = {
        "topics": state.topics,
        "countries": state.countries,
        "years": [years[0], years[-1]] if years else [],
    }
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    template = env.get_template("graph-big.html.j2")
    html = template.render(
        vis_js=(VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"),
        vis_css=(VIS_DIR / "vis-network.css").read_text(encoding="utf-8"),
        common_js=COMMON_JS.read_text(encoding="utf-8"),
        page_js=(TEMPLATES / "big.js").read_text(encoding="utf-8"),
        page_css=(TEMPLATES / "graph.css").read_text(encoding="utf-8"),
        legend=state.legend,
        page_title=title,
        selection=selection,
        lang=lang,
        ui=big_ui_text(lang),
        facets=facets,
        total=len(view),
        overview_json=_compact(state.overview),
        facets_json=_compact(facets),
        ui_json=_compact(big_ui_text(lang)),
        site_json=_compact(site_links(site, lang)),
        options_json=_compact(_big_options()),
        parts_json=_compact({"folder": parts_folder.rstrip("/") + "/", "keys": keys}),
    )
    return NetworkPage(html, parts_folder, parts, keys, fingerprints, state)


def _whole_parts(
    view: nx.MultiDiGraph, lang: str, positions: dict[str, tuple[float, float]] | None, reuse: Reuse | None
) -> tuple[PageState, BigData]:
    """A large page's parts made from the whole view (those `reuse` gives a key for left out),
    and the page's state."""
    ordered = Ordered.of(view)
    net = to_pyvis(view, positions, ordered=ordered)
    data = page_data(view, lang, ordered)
    entries = legend(view, lang)
    edge_labels = [_clip(edge["label"], 40) for _, _, edge in ordered.edges]
    del ordered
    kind_names = {e["kind"]: e["label"] for e in entries}
    other = big_ui_text(lang)["other"]
    big = big_data(view, data, net.nodes, net.edges, edge_labels, kind_names, other, reuse)
    years = years_of(data["nodes"])
    state = PageState(
        lang, other, data["iris"], big.index, data["topics"], data["countries"], years, big.overview, entries
    )
    return state, big


def _big_options() -> dict[str, Any]:
    """vis-network's options on a large page (edges hidden while moving, arrows as on any page)."""
    options: dict[str, Any] = json.loads(json.dumps(BASE_OPTIONS))
    options["groups"] = groups(wrap=True)
    options["interaction"].update(hideEdgesOnDrag=True, hideEdgesOnZoom=True)
    return options


def write_page(page: NetworkPage, path: Path) -> None:
    """Write the page at `path` and its parts, if any, in the folder beside it (outside a build:
    a build stages them with its other outputs): a page made without `reuse`, all its parts made."""
    if len(page.parts) != len(page.keys):
        raise ValueError("some of the page's parts were not made: write them with kept_parts.write_parts")
    path.write_text(page.html, encoding="utf-8")
    if page.parts:
        folder = path.parent / page.parts_folder
        folder.mkdir(exist_ok=True)
        for name, text in page.parts.items():
            (folder / name).write_text(text, encoding="utf-8")
