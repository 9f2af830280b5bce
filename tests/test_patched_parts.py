"""A large page patched after a change: the parts holding the nodes the change touched are made
again from the last build's part files, the others linked; the page and every part equal what a
cold render makes of the new view, and a change that moves what the page numbers (a node added,
a group changed, a new source, one more link between two nodes) makes the page whole."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

import graph.view.big
import graph.view.page
from graph.view.kept_parts import PARTS_STATE, LastParts, nothing_kept, write_parts
from graph.view.page import PARTS_FOLDER, NetworkPage, render_page
from graph.view.patched_parts import Touched
from tests.big_views import ID, people_and_meetings

Positions = dict[str, tuple[float, float]]


@pytest.fixture(autouse=True)
def big_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(graph.view.page, "BIG_PAGE", 10)
    monkeypatch.setattr(graph.view.big, "PART_NODES", 12)  # many parts in a small view


def _view() -> nx.MultiDiGraph:
    view = people_and_meetings(150, 20)
    p0, m1 = f"{ID}person/p0", f"{ID}meeting/m1"
    view.add_edge(p0, m1, label="attended", sentence="attended (b)", years=[2001])  # parallel edges
    view.add_edge(p0, m1, label="attended", sentence="attended (a)", years=[2002])
    source = {"id": f"{ID}source/s1", "title": "B", "publisher": "P", "date": "2020-01-02", "url": ""}
    view.nodes[f"{ID}person/p3"]["sources"] = [{**source, "quote": "q"}]
    return view


def _positions(view: nx.MultiDiGraph) -> Positions:
    return {node: (float(i), float(i % 7)) for i, node in enumerate(sorted(view))}


def _written(page: NetworkPage, out: Path, last: LastParts | None) -> LastParts:
    """The page's parts written in `out` as a build leaves them; the record read back."""
    folder = out / PARTS_FOLDER
    folder.mkdir(parents=True)
    record = write_parts(folder, page.parts, page.keys, page.fingerprints, last, page.state)
    (out / PARTS_STATE).parent.mkdir()
    (out / PARTS_STATE).write_bytes(record.to_bytes())
    found = LastParts.read(out, PARTS_FOLDER)
    assert found is not None
    return found


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((out / PARTS_FOLDER).iterdir())}


def _touched(old: nx.MultiDiGraph, new: nx.MultiDiGraph, by_pair: bool = True) -> Touched:
    """What differs, as the network view reports it: the nodes whose attributes differ, and the
    pairs of nodes whose edges differ (with `by_pair`; else both ends with the nodes)."""
    nodes = {n for n in set(old) | set(new) if n not in old or n not in new or old.nodes[n] != new.nodes[n]}
    pairs = set()
    for u in set(old) & set(new):
        for v in set(old._succ[u]) | set(new._succ[u]):
            if old._succ[u].get(v) != new._succ[u].get(v):
                pairs.add((u, v))
    pairs |= {(u, v) for u, v in (*old.edges(), *new.edges()) if u in nodes or v in nodes}
    if by_pair:
        return Touched(frozenset(nodes), frozenset(pairs))
    return Touched(frozenset(nodes | {end for pair in pairs for end in pair}))


def _rename(view: nx.MultiDiGraph) -> None:
    meeting = f"{ID}meeting/m4"
    view.nodes[meeting]["label"] = "Renamed meeting"
    for _, _, data in view.in_edges(meeting, data=True):
        data["sentence"] = "attended Renamed meeting"


def _edge_dates(view: nx.MultiDiGraph) -> None:
    view[f"{ID}person/p7"][f"{ID}country/c1"][0]["years"] = [1999]


def _swap_parallel(view: nx.MultiDiGraph) -> None:
    edges = view[f"{ID}person/p0"][f"{ID}meeting/m1"]
    keys = [k for k in edges if edges[k]["sentence"].startswith("attended (")]
    edges[keys[0]]["sentence"], edges[keys[1]]["sentence"] = "attended (c)", "attended (0)"


def _years(view: nx.MultiDiGraph) -> None:
    view.nodes[f"{ID}meeting/m2"]["years"] = [1990]  # the years' range widens


def _quote(view: nx.MultiDiGraph) -> None:
    view.nodes[f"{ID}person/p3"]["sources"][0]["quote"] = "another quote"


def _new_source(view: nx.MultiDiGraph) -> None:
    source = {"id": f"{ID}source/s9", "title": "New", "publisher": "", "date": "", "url": "", "quote": ""}
    view.nodes[f"{ID}person/p5"]["sources"] = [source]


def _kind(view: nx.MultiDiGraph) -> None:
    view.nodes[f"{ID}person/p9"]["kind"] = "Organization"


def _country(view: nx.MultiDiGraph) -> None:
    view.nodes[f"{ID}person/p9"]["countries"] = [f"{ID}country/c2", f"{ID}country/c0"]


def _one_more_link(view: nx.MultiDiGraph) -> None:
    view.add_edge(f"{ID}person/p2", f"{ID}meeting/m3", label="attended", sentence="attended", years=[])


def _new_node(view: nx.MultiDiGraph) -> None:
    view.add_node(f"{ID}person/new", kind="Person", label="New", sources=[], years=[], countries=[])


def _removed_node(view: nx.MultiDiGraph) -> None:
    view.remove_node(f"{ID}person/p11")


PATCHED: dict[str, Callable[[nx.MultiDiGraph], None]] = {
    "rename": _rename,
    "edge dates": _edge_dates,
    "parallel edges reordered": _swap_parallel,
    "years": _years,
    "quote": _quote,
}
WHOLE: dict[str, Callable[[nx.MultiDiGraph], None]] = {
    "new source": _new_source,
    "kind": _kind,
    "first country": _country,
    "one more link": _one_more_link,
    "new node": _new_node,
    "removed node": _removed_node,
}


@pytest.mark.parametrize("by_pair", [True, False])
@pytest.mark.parametrize("edit", [*PATCHED, *WHOLE])
def test_a_patched_page_equals_a_cold_one(edit: str, by_pair: bool, tmp_path: Path) -> None:
    view = _view()
    first = render_page(view, title="t", positions=_positions(view), reuse=nothing_kept)
    last = _written(first, tmp_path / "first", None)
    edited = copy.deepcopy(view)
    (PATCHED | WHOLE)[edit](edited)
    touched = _touched(view, edited, by_pair)
    assert touched.nodes or touched.pairs
    positions = _positions(edited)
    page = render_page(edited, title="t", positions=positions, reuse=last.key, last=last, touched=touched)
    _written(page, tmp_path / "second", last)
    cold = render_page(edited, title="t", positions=positions)
    assert page.html == cold.html and page.keys == cold.keys
    assert _files(tmp_path / "second") == {name: text.encode() for name, text in cold.parts.items()}
    made = {name for name, found in page.fingerprints.items() if found == b""}
    if edit in PATCHED:  # patched: no part fingerprinted, few made again
        assert made == {file.removesuffix(".js") for file in page.parts}
        assert 0 < len(page.parts) < len(cold.parts)
    else:
        assert not made


def test_a_patched_page_can_be_patched_again(tmp_path: Path) -> None:
    view = _view()
    page = render_page(view, title="t", positions=_positions(view), reuse=nothing_kept)
    last = _written(page, tmp_path / "0", None)
    for step, edit in enumerate([_rename, _years, _quote, _edge_dates]):
        edited = copy.deepcopy(view)
        edit(edited)
        page = render_page(
            edited, positions=_positions(edited), reuse=last.key, last=last, touched=_touched(view, edited)
        )
        last = _written(page, tmp_path / str(step + 1), last)
        cold = render_page(edited, positions=_positions(edited))
        assert page.html == cold.html
        assert _files(tmp_path / str(step + 1)) == {name: text.encode() for name, text in cold.parts.items()}
        view = edited


def test_nothing_touched_links_every_part(tmp_path: Path) -> None:
    view = _view()
    first = render_page(view, title="t", positions=_positions(view), reuse=nothing_kept)
    last = _written(first, tmp_path / "first", None)
    page = render_page(view, title="t", positions=_positions(view), last=last, touched=Touched(frozenset()))
    assert page.parts == {} and page.keys == first.keys and page.html == first.html


def test_a_moved_node_makes_the_page_whole(tmp_path: Path) -> None:
    view = _view()
    first = render_page(view, title="t", positions=_positions(view), reuse=nothing_kept)
    last = _written(first, tmp_path / "first", None)
    moved = _positions(view)
    moved[f"{ID}person/p1"] = (-5.0, -5.0)
    page = render_page(
        view, title="t", positions=moved, reuse=last.key, last=last, touched=Touched(frozenset())
    )
    cold = render_page(view, title="t", positions=moved)
    assert page.html == cold.html and page.keys == cold.keys and "index.js" in page.parts


def test_a_part_file_changed_since_is_not_linked(tmp_path: Path) -> None:
    view = _view()
    first = render_page(view, title="t", positions=_positions(view), reuse=nothing_kept)
    last = _written(first, tmp_path / "first", None)
    damaged = tmp_path / "first" / PARTS_FOLDER / "c1.js"
    damaged.write_text(damaged.read_text(encoding="utf-8").replace('"', "'", 4), encoding="utf-8")
    edited = copy.deepcopy(view)
    _rename(edited)
    touched = _touched(view, edited)
    page = render_page(edited, positions=_positions(edited), reuse=last.key, last=last, touched=touched)
    assert "c1.js" in page.parts  # made whole: the damaged part made again
    _written(page, tmp_path / "second", last)
    cold = render_page(edited, positions=_positions(edited))
    assert _files(tmp_path / "second") == {name: text.encode() for name, text in cold.parts.items()}
