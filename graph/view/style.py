"""How each kind of node looks on the page: colour, shape and label size, drawn by vis-network
and in the legend. Keyed by kind id (the ontology class's local name, as in the view)."""

from __future__ import annotations

from typing import Any

STYLE: dict[str, tuple[str, str]] = {  # kind → (colour, vis-network shape)
    "Person": ("#f4a261", "dot"),
    "Organization": ("#2a9d8f", "box"),
    "Country": ("#264653", "diamond"),
    "Place": ("#8ab17d", "triangle"),
    "Post": ("#e9c46a", "ellipse"),
    "Meeting": ("#e76f51", "star"),
    "MeetingSeries": ("#b5838d", "hexagon"),
    "Commitment": ("#6d597a", "square"),
    "Instrument": ("#457b9d", "box"),
    "Observation": ("#a8dadc", "triangleDown"),
    "Statement": ("#9c6644", "square"),
}
FALLBACK_STYLE = ("#cccccc", "dot")
FONT_SIZE: dict[str, int] = {
    "Meeting": 24,
    "MeetingSeries": 22,
    "Person": 22,
    "Country": 20,
    "Commitment": 16,
    "Statement": 16,
}
"""Label sizes: the kinds a reader looks for first are written larger (default 18)."""
LABEL_INSIDE = {"box", "ellipse", "database", "circle", "text"}
WHITE_LABEL = {"Organization", "Instrument"}
"""Kinds whose label, inside a dark shape, is written in white."""
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
"""vis-network's options for every page: no physics (positions are computed), how links look."""


def swatch(kind: str) -> str:
    """The legend's drawing of a kind: its shape on the canvas (dashed if its border is)."""
    _, shape = STYLE.get(kind, FALLBACK_STYLE)
    if shape not in SWATCH:
        return SWATCH["dot"]
    return SWATCH["dashed box" if kind in DASHED else shape]


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
            group["font"].update(size=14, color="#ffffff" if kind in WHITE_LABEL else "#1f2933")
        if kind in DASHED:
            group["shapeProperties"] = {"borderDashes": [5, 3]}
            group["borderWidth"] = 2
        result[kind] = group
    return result
