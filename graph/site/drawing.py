"""A small drawing on each page of what is one link away, at the network page's own positions
(computed once for the whole graph, no physics), as inline SVG: it works with scripts off,
prints, and needs nothing from outside."""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

from graph.view.style import FALLBACK_STYLE, STYLE

WIDTH, HEIGHT = 760.0, 320.0
RADII = (170.0, 125.0)
"""The ellipse the neighbours sit on: room for a label of `LABEL` characters on each side."""
LABEL = 26
MOST = 24
"""At most this many neighbours are drawn; the page says how many more there are."""


@dataclass(frozen=True)
class Spot:
    """A node in the drawing: its IRI, kind, place in the box and colour."""

    iri: str
    kind: str
    x: float
    y: float
    colour: str

    @property
    def anchor(self) -> str:
        """Where its label goes: to the right of a node on the right half, else to the left."""
        return "middle" if abs(self.x - WIDTH / 2) < 1 else "start" if self.x > WIDTH / 2 else "end"


@dataclass(frozen=True)
class Sketch:
    """What one page draws: the node itself first, its neighbours, the lines, and how many
    neighbours were left out."""

    spots: list[Spot]
    lines: list[tuple[int, int]]
    left_out: int
    width: float = WIDTH
    height: float = HEIGHT
    label: int = LABEL


class Drawing:
    """The network view and its layout, from which each page's sketch is cut."""

    def __init__(self, view: nx.MultiDiGraph, positions: dict[str, tuple[float, float]]) -> None:
        self.view = view
        self.positions = positions
        self.degrees: dict[str, int] = dict(view.degree())  # once: networkx counts them each time

    def around(self, iri: str) -> Sketch | None:
        """The node and its neighbours, fitted into the box; None when it is not drawn."""
        if iri not in self.view or iri not in self.positions:
            return None
        neighbours = sorted(set(self.view.predecessors(iri)) | set(self.view.successors(iri)))
        neighbours = [n for n in neighbours if n != iri and n in self.positions]
        kept = sorted(neighbours, key=lambda n: (-self.degrees[n], n))[:MOST]
        centre_x, centre_y = self.positions[iri]
        # each neighbour keeps its direction from the node in the network's layout, and the
        # directions are then spread evenly around an ellipse so that no two labels overlap
        by_angle = sorted(kept, key=lambda n: (_angle(self.positions[n], (centre_x, centre_y)), n))
        spots = [Spot(iri, self._kind(iri), WIDTH / 2, HEIGHT / 2, self._colour(iri))]
        if by_angle:
            start = _angle(self.positions[by_angle[0]], (centre_x, centre_y))
            for index, node in enumerate(by_angle):
                angle = start + 2 * math.pi * index / len(by_angle)
                x = WIDTH / 2 + RADII[0] * math.cos(angle)
                y = HEIGHT / 2 + RADII[1] * math.sin(angle)
                spots.append(Spot(node, self._kind(node), round(x, 1), round(y, 1), self._colour(node)))
        return Sketch(spots, [(0, i) for i in range(1, len(spots))], len(neighbours) - len(kept))

    def _kind(self, iri: str) -> str:
        return str(self.view.nodes[iri].get("kind", ""))

    def _colour(self, iri: str) -> str:
        return STYLE.get(self._kind(iri), FALLBACK_STYLE)[0]


def _angle(point: tuple[float, float], centre: tuple[float, float]) -> float:
    return math.atan2(point[1] - centre[1], point[0] - centre[0]) % (2 * math.pi)
