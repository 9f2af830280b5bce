"""The pyvis HTML view: one self-contained file, offline, every text shown as text.

The page is drawn from the networkx view (`network.py`), with positions computed here before
drawing (deterministic, seeded; physics stays off), so even a graph of thousands of nodes is
usable as soon as it is drawn. Filters, search and the details panel run in the page, on the
data embedded in it as JSON; nothing is ever inserted as HTML.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
import numpy as np
import pyvis
from pyvis.network import Network
from scipy import sparse
from scipy.sparse.csgraph import shortest_path
from scipy.spatial import cKDTree

from graph.view.network import KINDS

TEMPLATES = Path(__file__).parent / "templates"
VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"

STYLE: dict[str, tuple[str, str]] = {  # kind → (colour, vis-network shape)
    "Person": ("#f4a261", "dot"),
    "Organisation": ("#2a9d8f", "box"),
    "Country": ("#264653", "diamond"),
    "Place": ("#8ab17d", "triangle"),
    "Post": ("#e9c46a", "ellipse"),
    "Meeting": ("#e76f51", "star"),
    "Meeting series": ("#b5838d", "hexagon"),
    "Commitment": ("#6d597a", "square"),
    "Instrument": ("#457b9d", "box"),
    "Figure": ("#a8dadc", "triangleDown"),
}
FALLBACK_STYLE = ("#cccccc", "dot")
FONT_SIZE: dict[str, int] = {
    "Meeting": 24,
    "Meeting series": 22,
    "Person": 22,
    "Country": 20,
    "Commitment": 16,
}
"""Label sizes: the kinds a reader looks for first are written larger (default 18)."""
LABEL_INSIDE = {"box", "ellipse", "database", "circle", "text"}
DASHED = {"Instrument"}
"""Kinds drawn with a dashed border (an instrument is a box like an organisation, dashed)."""

# The legend's swatches: the same shape as on the canvas, as a 20×20 SVG drawing.
SWATCH: dict[str, str] = {
    "dot": '<circle cx="10" cy="10" r="7"/>',
    "box": '<rect x="2" y="5" width="16" height="10" rx="2"/>',
    "diamond": '<polygon points="10,2 18,10 10,18 2,10"/>',
    "triangle": '<polygon points="10,3 18,17 2,17"/>',
    "triangleDown": '<polygon points="2,3 18,3 10,17"/>',
    "ellipse": '<ellipse cx="10" cy="10" rx="8.5" ry="5.5"/>',
    "star": '<polygon points="10,1.5 12.4,7.3 18.5,7.6 13.8,11.5 15.3,17.6 10,14.3 4.7,17.6 6.2,11.5 '
    '1.5,7.6 7.6,7.3"/>',
    "square": '<rect x="3.5" y="3.5" width="13" height="13"/>',
    "hexagon": '<polygon points="10,2 17,6 17,14 10,18 3,14 3,6"/>',
    "database": '<path d="M3,5 a7,2.5 0 0,0 14,0 v10 a7,2.5 0 0,1 -14,0 z M3,5 a7,2.5 0 0,1 14,0"/>',
    "dashed box": '<rect x="2" y="5" width="16" height="10" rx="2" stroke-dasharray="2.5 1.5"/>',
}

BASE_OPTIONS: dict[str, Any] = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False, "randomSeed": 7},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "smooth": False,
        "font": {"size": 13, "align": "middle", "color": "#52606d", "strokeWidth": 3},
        "color": {"color": "#9fb3c8", "highlight": "#334e68", "hover": "#334e68"},
        "width": 1,
    },
    "nodes": {"font": {"size": 18}, "borderWidth": 1},
}
BIG_GRAPH = 1000
"""From this many nodes the page draws edges without labels or arrows (their words and
direction are in the tooltips and the details panel) and hides them while dragging or zooming,
so that it loads and moves quickly."""

UI: dict[str, dict[str, str]] = {
    "en": {
        "search": "Find a name…",
        "no_match": "No match",
        "one_match": "1 match",
        "matches": "{n} matches; showing the first",
        "hidden_matches": "{n} matching names are hidden by the filters",
        "legend": "Legend",
        "legend_note": "Untick a kind to hide it.",
        "filters": "Filters",
        "topic": "Topic",
        "all_topics": "All topics",
        "country": "Country",
        "all_countries": "All countries",
        "years": "Years",
        "year_from": "from",
        "year_to": "to",
        "reset": "Show everything",
        "showing": "Showing {shown} of {total}",
        "filter_note": "A filter keeps what matches, and what is linked to it and has no topic, "
        "country or date of its own (a person at a matching meeting).",
        "help": "Click a node or a link to see what it is and who says so.",
        "zoom_hint": "Zoom in (mouse wheel or pinch), search or filter to read the names.",
        "says_who": "Says who?",
        "no_source": "No source cited",
        "link": "Link",
        "graph": "Network of people, organisations, meetings and commitments",
        "selection": "Showing",
    },
    "id": {
        "search": "Cari nama…",
        "no_match": "Tidak ditemukan",
        "one_match": "1 hasil",
        "matches": "{n} hasil; menampilkan yang pertama",
        "hidden_matches": "{n} nama yang cocok tersembunyi oleh filter",
        "legend": "Keterangan",
        "legend_note": "Hapus centang untuk menyembunyikan jenisnya.",
        "filters": "Filter",
        "topic": "Topik",
        "all_topics": "Semua topik",
        "country": "Negara",
        "all_countries": "Semua negara",
        "years": "Tahun",
        "year_from": "dari",
        "year_to": "sampai",
        "reset": "Tampilkan semua",
        "showing": "Menampilkan {shown} dari {total}",
        "filter_note": "Filter menyimpan yang cocok, dan yang terhubung dengannya tanpa topik, negara "
        "atau tanggal sendiri (orang yang hadir di pertemuan yang cocok).",
        "help": "Klik simpul atau garis untuk melihat apa itu dan siapa sumbernya.",
        "zoom_hint": "Perbesar (roda tetikus atau cubit), cari atau saring untuk membaca nama.",
        "says_who": "Siapa sumbernya?",
        "no_source": "Tidak ada sumber",
        "link": "Hubungan",
        "graph": "Jaringan orang, organisasi, pertemuan dan komitmen",
        "selection": "Menampilkan",
    },
}


def ui_text(lang: str) -> dict[str, str]:
    """The page's own words in `lang` (English where there is no translation)."""
    return {**UI["en"], **UI.get(lang, {})}


# ---------------------------------------------------------------- layout

SMALL_GRAPH = 300
"""Up to this many nodes: Kamada-Kawai, slow but well spread. Beyond: pivot MDS."""
UNIT = 110.0
"""Distance in canvas pixels between two linked nodes in the large-graph layout."""
SMALL_UNIT = 150.0
"""The same in a small graph, where labels are read without zooming."""
PIVOTS = 40
SPREAD_STEPS = 50
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def layout(view: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Deterministic positions computed before drawing, so the page is usable at once.

    Each connected component is laid out on its own, and the components are packed in rows,
    biggest first (lone nodes end up in a grid below the rest). In a small graph, a
    component gets networkx's Kamada-Kawai layout. In a larger one, the nodes with more than
    one link get a pivot-MDS layout (breadth-first distances from a few pivots, projected on
    their two main axes: linear in the size of the graph), the others are set in rings around
    the node they hang from, and nodes too close are pushed apart (close pairs found with a
    k-d tree). 5,000 nodes take under a second, where spring_layout takes minutes. In both,
    the small random moves that separate coinciding nodes come from `seed`."""
    if not view:
        return {}
    simple = nx.Graph()
    simple.add_nodes_from(sorted(view))
    simple.add_edges_from(sorted((u, v) for u, v in view.edges() if u != v))
    rng = np.random.default_rng(seed)
    small = len(simple) <= SMALL_GRAPH
    components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    placed = [_component_layout(simple, nodes, rng, small) for nodes in components]
    return _pack(components, placed, SMALL_UNIT if small else UNIT)


def _component_layout(graph: nx.Graph, nodes: list[str], rng: np.random.Generator, small: bool) -> np.ndarray:
    """Positions (in units of one link) of one connected component, its corner at (0, 0)."""
    n = len(nodes)
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[0.0, 0.0], [1.0, 0.0]])
    if small:
        found = nx.kamada_kawai_layout(graph.subgraph(nodes))
        positions = np.array([found[node] for node in nodes], dtype=float)
        nearest, _ = cKDTree(positions).query(positions, k=2)
        positions /= max(float(np.median(nearest[:, 1])), 1e-9)
        positions = _spread(positions + rng.uniform(-0.01, 0.01, size=positions.shape))
        return positions - positions.min(axis=0)
    index = {node: i for i, node in enumerate(nodes)}
    degree = np.array([graph.degree(node) for node in nodes])
    leaves = [i for i in range(n) if degree[i] == 1]
    parent = {i: index[next(iter(graph[nodes[i]]))] for i in leaves}
    core = [i for i in range(n) if degree[i] != 1 or parent.get(i, -1) in parent]  # a lone pair stays
    positions = np.zeros((n, 2))
    if len(core) > 1:
        sub = {node: j for j, node in enumerate(nodes[i] for i in core)}
        edges = np.array(
            [(sub[u], sub[v]) for u, v in graph.subgraph([nodes[i] for i in core]).edges()], dtype=np.int64
        )
        shape = (len(core), len(core))
        adjacency = sparse.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=shape).tocsr()
        found = _pivot_mds(adjacency, len(core))
        spread = math.sqrt(float(found[:, 0].var() + found[:, 1].var()))
        found *= math.sqrt(len(core)) / max(spread, 1e-9)
        positions[core] = _unstack(found)
    in_core = set(core)
    children: dict[int, list[int]] = {}
    for leaf in leaves:
        if leaf not in in_core:
            children.setdefault(parent[leaf], []).append(leaf)
    for hub, around in children.items():  # leaves on rings around their node: 6, 12, 18, ...
        ring, slot, turn = 1, 0, rng.uniform(0, 2 * math.pi)
        for leaf in around:
            if slot == 6 * ring:
                ring, slot = ring + 1, 0
            angle = turn + 2 * math.pi * slot / (6 * ring)
            positions[leaf] = positions[hub] + ring * 0.9 * np.array([math.cos(angle), math.sin(angle)])
            slot += 1
    positions += rng.uniform(-0.05, 0.05, size=positions.shape)
    positions = _spread(positions, width=1.0, height=1.0, steps=SPREAD_STEPS)
    return positions - positions.min(axis=0)


def _unstack(positions: np.ndarray) -> np.ndarray:
    """Nodes at the same spot (the same distances to every pivot, as when many nodes link the
    same two hubs) set on a sunflower spiral around it, about one unit apart. Left stacked,
    tens of thousands of them made label spreading handle tens of millions of close pairs."""
    _, group, counts = np.unique(np.round(positions, 6), axis=0, return_inverse=True, return_counts=True)
    group = group.reshape(-1)
    order = np.argsort(group, kind="stable")
    rank = np.empty(len(positions), dtype=np.int64)
    rank[order] = np.arange(len(positions)) - np.repeat(np.cumsum(counts) - counts, counts)
    radius, angle = np.sqrt(rank), rank * GOLDEN_ANGLE
    return positions + np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)


def _pivot_mds(adjacency: sparse.csr_matrix, n: int) -> np.ndarray:
    """Pivot MDS (Brandes & Pich 2006), with pivots chosen far apart from the first node."""
    count = min(PIVOTS, n)
    distances = np.empty((count, n))
    nearest = np.full(n, np.inf)
    pivot = 0
    for i in range(count):
        distances[i] = shortest_path(adjacency, directed=False, unweighted=True, indices=pivot)
        nearest = np.minimum(nearest, distances[i])
        pivot = int(np.argmax(nearest))
    squared = distances.T**2
    centred = -0.5 * (squared - squared.mean(axis=0) - squared.mean(axis=1, keepdims=True) + squared.mean())
    left, values, _ = np.linalg.svd(centred, full_matrices=False)
    positions = left[:, :2] * values[:2]
    for axis in range(2):  # the sign of a singular vector is arbitrary: fix it
        if positions[np.argmax(np.abs(positions[:, axis])), axis] < 0:
            positions[:, axis] *= -1
    return positions


def _spread(positions: np.ndarray, width: float = 1.8, height: float = 0.8, steps: int = 40) -> np.ndarray:
    """Move apart the nodes whose labels would overlap: two nodes side by side need `width`
    units between them, one above the other `height` (labels are wider than tall)."""
    n = len(positions)
    stretch = np.array([height / width, 1.0])
    for _ in range(steps):
        squeezed = positions * stretch
        pairs = cKDTree(squeezed).query_pairs(height, output_type="ndarray")
        if not len(pairs):
            break
        a, b = pairs[:, 0], pairs[:, 1]
        delta = squeezed[a] - squeezed[b]
        distance = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1e-6)
        push = delta * ((height - distance) / distance / 2)[:, None] / stretch
        positions = positions + 0.5 * (_sum_at(a, push, n) - _sum_at(b, push, n))
    return positions


def _sum_at(index: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    return np.stack([np.bincount(index, values[:, 0], n), np.bincount(index, values[:, 1], n)], axis=1)


def _pack(
    components: list[list[str]], placed: list[np.ndarray], unit: float
) -> dict[str, tuple[float, float]]:
    """Components in rows, biggest first, one unit of margin; canvas coordinates, centred."""
    sizes = [p.max(axis=0) + 1.0 for p in placed]
    area = sum(float(w * h) for w, h in sizes)
    row_width = max(math.sqrt(area) * 1.2, max(float(w) for w, _ in sizes))
    x = y = row_height = 0.0
    result: dict[str, np.ndarray] = {}
    for nodes, positions, (width, height) in zip(components, placed, sizes, strict=True):
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, point in zip(nodes, positions, strict=True):
            result[node] = point + np.array([x, y])
        x += float(width)
        row_height = max(row_height, float(height))
    everything = np.array(list(result.values()))
    centre = (everything.min(axis=0) + everything.max(axis=0)) / 2
    return {
        node: (round(float((p[0] - centre[0]) * unit), 1), round(float((p[1] - centre[1]) * unit), 1))
        for node, p in sorted(result.items())
    }


# ---------------------------------------------------------------- the page


def _nodes_in_order(view: nx.MultiDiGraph) -> list[tuple[str, dict[str, Any]]]:
    return sorted(view.nodes(data=True))


def _edges_in_order(view: nx.MultiDiGraph) -> list[tuple[str, str, dict[str, Any]]]:
    return sorted(view.edges(data=True), key=_edge_key)


def _edge_key(edge: tuple[str, str, dict[str, Any]]) -> tuple[str, str, str, str]:
    return (edge[0], edge[1], str(edge[2].get("label")), str(edge[2].get("sentence")))


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def groups(wrap: bool = True) -> dict[str, dict[str, Any]]:
    """vis-network groups, one per kind: colour, shape and label size live here, not on each
    node (fewer options for vis to copy per node: a large graph loads faster). `wrap`: long
    names inside boxes wrap onto several lines (measuring words costs time in a large graph)."""
    result: dict[str, dict[str, Any]] = {}
    for kind, (colour, shape) in STYLE.items():
        group: dict[str, Any] = {
            "color": {"background": colour, "border": "#334e68"},
            "shape": shape,
            "font": {"size": FONT_SIZE.get(kind, 18)},
        }
        if shape in LABEL_INSIDE:
            if wrap:
                group["widthConstraint"] = {"maximum": 240}
            group["font"].update(
                size=14, color="#ffffff" if kind in ("Organisation", "Instrument") else "#1f2933"
            )
        if kind in DASHED:
            group["shapeProperties"] = {"borderDashes": [5, 3]}
            group["borderWidth"] = 2
        result[kind] = group
    return result


def to_pyvis(
    view: nx.MultiDiGraph,
    positions: dict[str, tuple[float, float]] | None = None,
    physics: bool = False,
) -> Network:
    """Fill a pyvis Network directly (pyvis's from_nx is quadratic in the number of nodes).

    Only what vis-network draws goes in its nodes and edges (id, label, group, position);
    what the page shows on hover and click and filters on is in `page_data`. Nodes and edges
    are numbered in a fixed order (the IRIs are in `page_data`): a large page is smaller and
    loads faster than with IRIs as ids.
    `physics=True` leaves the nodes unplaced for vis-network's own physics, as pyvis does by
    default: very slow beyond a few hundred nodes, kept as the benchmark's baseline."""
    net = Network(directed=True)
    if positions is None and not physics:
        positions = layout(view)
    number: dict[str, int] = {}
    for node, data in _nodes_in_order(view):
        number[node] = len(number)
        item: dict[str, Any] = {"id": number[node], "label": data["label"], "group": data["kind"]}
        if data["kind"] not in STYLE:
            item["color"], item["shape"] = FALLBACK_STYLE
        if positions is not None:
            item["x"], item["y"] = positions.get(node, (0.0, 0.0))
        net.nodes.append(item)
        net.node_ids.append(node)
    if positions:
        _landmarks(view, positions, net.nodes)
    labelled = len(view) < BIG_GRAPH
    for index, (source, target, data) in enumerate(_edges_in_order(view)):
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
    view: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], items: list[dict[str, Any]]
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
    ordered = _nodes_in_order(view)
    ranked = sorted(
        (i for i, (_, data) in enumerate(ordered) if data["kind"] not in inside),
        key=lambda i: (-degree[ordered[i][0]], i),
    )
    for i in ranked[:LANDMARKS]:
        items[i]["font"] = {"size": size}


def page_data(view: nx.MultiDiGraph) -> dict[str, Any]:
    """What the page shows and filters on, in the order of the drawn nodes and edges.

    Sources are listed once and cited by number with the quote; topics and countries are
    listed once and given by number per node."""
    sources: dict[str, int] = {}
    source_rows: list[list[str]] = []
    topics = list(view.graph.get("topics", {}).items())
    countries = list(view.graph.get("countries", {}).items())
    topic_index = {iri: i for i, (iri, _) in enumerate(topics)}
    country_index = {iri: i for i, (iri, _) in enumerate(countries)}

    def cites(items: list[dict[str, str]]) -> list[list[Any]]:
        result: list[list[Any]] = []
        for s in items:
            key = json.dumps([s["id"], s["title"], s["publisher"], s["date"], s["url"]])
            if key not in sources:
                sources[key] = len(source_rows)
                source_rows.append([s["id"], s["title"], s["publisher"], s["date"], s["url"]])
            result.append([sources[key], s["quote"]])
        return result

    nodes = [
        {
            "kind": data["kind"],
            "summary": data.get("summary", data["kind"]),
            "facts": data.get("facts", []),
            "cites": cites(data.get("sources", [])),
            "topics": [topic_index[t] for t in data.get("topics", []) if t in topic_index],
            "countries": [country_index[c] for c in data.get("countries", []) if c in country_index],
            "years": data.get("years", []),
        }
        for _, data in _nodes_in_order(view)
    ]
    edges = [
        {
            "sentence": data.get("sentence") or data["label"],
            "dates": data.get("dates", ""),
            "years": data.get("years", []),
            "cites": cites(data.get("sources", [])),
        }
        for _, _, data in _edges_in_order(view)
    ]
    years = sorted({y for node in nodes for y in node["years"]})
    return {
        "iris": [node for node, _ in _nodes_in_order(view)],
        "nodes": nodes,
        "edges": edges,
        "sources": source_rows,
        "topics": [list(t) for t in topics],
        "countries": [list(c) for c in countries],
        "years": [years[0], years[-1]] if years else [],
    }


def legend(view: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One entry per kind present, in KINDS order: name, colour, shape, swatch and count."""
    counts: dict[str, int] = {}
    labels: dict[str, str] = {}
    for _, data in view.nodes(data=True):
        counts[data["kind"]] = counts.get(data["kind"], 0) + 1
        labels.setdefault(data["kind"], data.get("kind_label", data["kind"]))
    entries = []
    for kind in [k.name for k in KINDS] + sorted(set(counts) - {k.name for k in KINDS}):
        if kind not in counts:
            continue
        colour, shape = STYLE.get(kind, FALLBACK_STYLE)
        entries.append(
            {
                "kind": kind,
                "label": labels[kind],
                "color": colour,
                "shape": shape,
                "swatch": SWATCH["dashed box" if kind in DASHED else shape]
                if shape in SWATCH
                else SWATCH["dot"],
                "count": counts[kind],
            }
        )
    return entries


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def render_html(
    view: nx.MultiDiGraph,
    title: str = "hrgraph",
    lang: str | None = None,
    selection: str = "",
    positions: dict[str, tuple[float, float]] | None = None,
    physics: bool = False,
) -> str:
    """The whole page as one string: vis-network inlined, the data embedded as JSON text in
    JavaScript string literals (escaped for HTML: no `</script>` can end the script early;
    read with JSON.parse, which is also the fastest way to load a large graph)."""
    lang = lang or str(view.graph.get("lang", "en"))
    net = to_pyvis(view, positions, physics)
    data = page_data(view)
    facets = {key: data[key] for key in ("topics", "countries", "years")}
    data_json = _compact(data)
    del data  # the page's structures go as soon as they are text: at 60,000 nodes they weigh more
    nodes_json, edges_json = _compact(net.nodes), _compact(net.edges)
    net.nodes, net.edges = [], []  # the template reads the JSON text, not these
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    env.globals.update(
        vis_js=(VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"),
        vis_css=(VIS_DIR / "vis-network.css").read_text(encoding="utf-8"),
        legend=legend(view),
        page_title=title,
        selection=selection,
        lang=lang,
        ui=ui_text(lang),
        facets=facets,
        nodes_json=nodes_json,
        edges_json=edges_json,
        data_json=data_json,
        ui_json=_compact(ui_text(lang)),
    )
    net.templateEnv = env
    net.path = "graph.html.j2"
    return str(net.generate_html())
