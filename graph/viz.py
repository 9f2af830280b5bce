"""The pyvis HTML view: one self-contained file, offline, every text shown as text."""

from __future__ import annotations

import math
from pathlib import Path

import jinja2
import networkx as nx
import pyvis
from pyvis.network import Network

from .network import NODE_CLASSES

TEMPLATES = Path(__file__).parent / "templates"
VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"

STYLE: dict[str, tuple[str, str]] = {  # kind → (colour, vis-network shape)
    "Person": ("#f4a261", "dot"),
    "Organisation": ("#2a9d8f", "box"),
    "Country": ("#264653", "diamond"),
    "Place": ("#8ab17d", "triangle"),
    "Post": ("#e9c46a", "ellipse"),
    "Meeting": ("#e76f51", "star"),
    "Meeting series": ("#b5838d", "star"),
    "Commitment": ("#6d597a", "square"),
    "Instrument": ("#457b9d", "hexagon"),
    "Figure": ("#a8dadc", "triangleDown"),
}

OPTIONS = {
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "smooth": False,
        "font": {"size": 11, "align": "middle"},
        "color": {"color": "#9fb3c8"},
    },
    "nodes": {"font": {"size": 14}},
}


def tooltip(label: str, kind: str, dates: str, sources: list[dict[str, str]]) -> str:
    """Plain text shown on hover (vis-network shows a string title as text, never as HTML)."""
    lines = [label, " · ".join(x for x in (kind, dates) if x)]
    if sources:
        lines.append("Says who:")
        for s in sources:
            lines.append("• " + ", ".join(x for x in (s["title"], s["publisher"], s["date"]) if x))
            if s["quote"]:
                lines.append(f"  “{s['quote'][:200]}{'…' if len(s['quote']) > 200 else ''}”")
    return "\n".join(lines)


SMALL_GRAPH = 300  # nodes: up to this, the slower but better-spread Kamada-Kawai layout


def layout(view: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Deterministic positions computed before drawing, so the page is usable at once."""
    if not view:
        return {}
    simple = nx.Graph(view.to_undirected())
    scale = 100 * math.sqrt(len(simple))
    if len(simple) <= SMALL_GRAPH:
        positions = nx.kamada_kawai_layout(simple, scale=scale)
    else:
        positions = nx.spring_layout(simple, seed=seed, scale=scale, iterations=100)
    return {n: (round(float(p[0]), 1), round(float(p[1]), 1)) for n, p in positions.items()}


def to_pyvis(view: nx.MultiDiGraph) -> Network:
    """Fill a pyvis Network directly (pyvis's from_nx is quadratic in the number of nodes)."""
    net = Network(directed=True)
    positions = layout(view)
    for node, data in sorted(view.nodes(data=True)):
        colour, shape = STYLE.get(data["kind"], ("#cccccc", "dot"))
        x, y = positions.get(node, (0.0, 0.0))
        net.nodes.append(
            {
                "id": node,
                "label": data["label"],
                "kind": data["kind"],
                "dates": data["dates"],
                "sources": data["sources"],
                "color": colour,
                "shape": shape,
                "x": x,
                "y": y,
                "title": tooltip(data["label"], data["kind"], data["dates"], data["sources"]),
            }
        )
        net.node_ids.append(node)
    for index, (source, target, data) in enumerate(sorted(view.edges(data=True), key=_edge_key)):
        short = data["label"] if len(data["label"]) <= 40 else data["label"][:37] + "…"
        net.edges.append(
            {
                "id": f"e{index}",
                "from": source,
                "to": target,
                "label": short,
                "fullLabel": data["label"],
                "dates": data["dates"],
                "sources": data["sources"],
                "title": tooltip(data["label"], "Link", data["dates"], data["sources"]),
            }
        )
    net.options = OPTIONS
    return net


def _edge_key(edge: tuple[str, str, dict[str, object]]) -> tuple[str, str, str]:
    return (edge[0], edge[1], str(edge[2].get("label")))


def render_html(view: nx.MultiDiGraph, title: str = "hrgraph", lang: str = "en") -> str:
    """The whole page as one string: vis-network inlined, data embedded as escaped JSON."""
    net = to_pyvis(view)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    env.globals.update(
        vis_js=(VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"),
        vis_css=(VIS_DIR / "vis-network.css").read_text(encoding="utf-8"),
        legend=[
            {"kind": k, "color": STYLE[k][0]}
            for k in NODE_CLASSES.values()
            if any(data["kind"] == k for _, data in view.nodes(data=True))
        ],
        page_title=title,
        lang=lang,
    )
    net.templateEnv = env
    net.path = "graph.html.j2"
    return str(net.generate_html())
