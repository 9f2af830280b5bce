"""The page's positions kept between builds (graph.view.layout_cache): always what a cold
layout computes, read back only for a graph of the same shape, recomputed from anything else."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.view import layout_cache
from graph.view.layout import layout
from graph.view.layout_cache import cached_layout, layout_key
from tests.big_views import ID, people_and_meetings


@pytest.fixture
def view() -> nx.MultiDiGraph:
    return people_and_meetings(400, 30)  # over 300 nodes: the fast layout


def no_layout(view: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    raise AssertionError("computed again")


def test_the_kept_layout_is_the_cold_one_and_is_read_back(
    view: nx.MultiDiGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = layout(view)
    assert cached_layout(view, tmp_path) == cold
    monkeypatch.setattr(layout_cache, "layout", no_layout)
    assert cached_layout(view, tmp_path) == cold


def test_names_and_details_do_not_change_the_key(view: nx.MultiDiGraph) -> None:
    key = layout_key(view)
    view.nodes[f"{ID}person/p1"]["label"] = "Someone else"
    u, v = next((u, v) for u, v in view.edges() if u == f"{ID}person/p1")
    view.add_edge(u, v, label="again", sentence="again", years=[])
    assert layout_key(view) == key  # a second link between the same two nodes: the same shape


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_a_changed_shape_is_laid_out_again(data: st.DataObject) -> None:
    view = people_and_meetings(60, 8)
    nodes = sorted(view)
    before = layout_key(view)
    edit = data.draw(st.sampled_from(["add node", "remove node", "add link", "remove link"]))
    if edit == "add node":
        view.add_node(f"{ID}person/new", kind="Person", label="New", countries=[], sources=[], years=[])
    elif edit == "remove node":
        view.remove_node(data.draw(st.sampled_from(nodes)))
    elif edit == "add link":
        u, v = data.draw(st.sampled_from(nodes)), data.draw(st.sampled_from(nodes))
        if u == v or view.has_edge(u, v) or view.has_edge(v, u):
            return
        view.add_edge(u, v, label="x", sentence="x", years=[])
    else:
        u, v, key = data.draw(st.sampled_from(sorted(view.edges(keys=True), key=str)))
        view.remove_edge(u, v, key)
        if view.has_edge(u, v):
            return
    assert layout_key(view) != before


def test_a_damaged_or_foreign_entry_is_computed_again(view: nx.MultiDiGraph, tmp_path: Path) -> None:
    cold = layout(view)
    entry = tmp_path / f"layout-{layout_key(view)}{layout_cache.SUFFIX}"
    cached_layout(view, tmp_path)
    whole = entry.read_bytes()
    flipped = bytearray(whole)
    flipped[len(whole) // 2] ^= 1
    foreign = layout_cache._entry({"a": (1.0, 2.0)})
    assert foreign is not None
    for damage in (b"", b"{not json", whole[:-1], whole[:-40], bytes(flipped), foreign, whole + b"x"):
        entry.write_bytes(damage)
        assert cached_layout(view, tmp_path) == cold
    assert len(list(tmp_path.iterdir())) == 1  # no temporary file left


def test_only_the_newest_entries_are_kept(tmp_path: Path) -> None:
    for size in (400, 410, 420, 430):
        cached_layout(people_and_meetings(size, 5), tmp_path)
    assert len(list(tmp_path.glob(f"layout-*{layout_cache.SUFFIX}"))) == layout_cache.KEEP


def test_an_entry_holds_the_same_numbers_in_the_same_order() -> None:
    positions = {"https://example.org/é": (0.1, -2.5e-300), "b": (float("inf"), 3.0), "": (1 / 3, 0.0)}
    entry = layout_cache._entry(positions)
    assert entry is not None
    back = layout_cache._positions(entry)
    assert back == positions and list(back) == list(positions)
    assert layout_cache._entry({"a\nb": (0.0, 0.0)}) is None  # not kept: computed each time


def test_a_folder_that_cannot_be_written_is_no_error(view: nx.MultiDiGraph, tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    assert cached_layout(view, blocked / "cache") == layout(view)
