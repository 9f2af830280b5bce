"""Time the network view's stages on a built graph: to_networkx, the layout read back, and the
page's steps (to_pyvis, page_data, big_data, the whole render_page, writing its parts).

    python scripts/bench_view.py BUILD/graph.nt [LAYOUT_FOLDER]

CPU seconds of each step (time.process_time), one line each; the graph is parsed into an
rdflib Graph first (not timed). LAYOUT_FOLDER: a build's OUT/.cache/layout (read, never
written); without it, or when none there fits, the layout is computed (and timed)."""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rdflib import Graph

from graph.view.big import BIG_PAGE, big_data
from graph.view.build import to_networkx
from graph.view.layout import layout
from graph.view.layout_cache import PREFIX, layout_key
from graph.view.layout_cache import _read as read_layout
from graph.view.page import _clip, _edges_in_order, legend, page_data, render_page, to_pyvis, write_page

T = TypeVar("T")


def timed(name: str, make: Callable[[], T]) -> T:
    """`make()`, its CPU time printed under `name`."""
    start = time.process_time()
    value = make()
    print(f"{name:<28} {time.process_time() - start:8.2f} s", flush=True)
    return value


def main(ntriples: Path, layouts: Path | None) -> None:
    graph = Graph()
    graph.parse(ntriples, format="nt")
    view = timed("to_networkx", lambda: to_networkx(graph))
    print(f"{'nodes / edges':<28} {view.number_of_nodes():,} / {view.number_of_edges():,}")
    key = timed("layout key (shape hash)", lambda: layout_key(view))
    kept = read_layout(layouts / f"{PREFIX}{key}.json", view) if layouts else None
    positions = kept if kept is not None else timed("layout (computed)", lambda: layout(view))
    if len(view) >= BIG_PAGE:
        net = timed("  to_pyvis", lambda: to_pyvis(view, positions))
        data = timed("  page_data", lambda: page_data(view, "en"))
        labels = [_clip(edge["label"], 40) for _, _, edge in _edges_in_order(view)]
        names = {e["kind"]: e["label"] for e in legend(view, "en")}
        timed("  big_data", lambda: big_data(view, data, net.nodes, net.edges, labels, names))
        del net, data
    page = timed("render_page (whole)", lambda: render_page(view, positions=positions))
    with tempfile.TemporaryDirectory() as folder:
        timed(f"write page + {len(page.parts)} parts", lambda: write_page(page, Path(folder) / "graph.html"))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None)
