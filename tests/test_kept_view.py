"""The network view of a rebuild made from the last build's records (graph.view.kept_view)
equals the cold view, attribute for attribute and in the same order; a change to which nodes or
links exist, or records that cannot be trusted, mean the cold view."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from benchmarks.synthetic import write
from graph.ingest.cache import SourceCache
from graph.pipeline import Checked, build, check
from graph.rdf.triples import GraphLike
from graph.site.drawing import Drawing
from graph.site.kept_pages import drawing_digest
from graph.view import kept_view
from graph.view.build import to_networkx
from graph.view.kept_view import (
    VIEW_STATE,
    KeptNetwork,
    MadeView,
    network_view,
    read_kept,
    recorded_view,
    shape_of,
    view_after,
    view_state,
)
from graph.view.layout_cache import layout_key

from .conftest import REPO

ONTOLOGY = REPO / "ontology"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic tree (sources/) and its build (build/), with the view's records."""
    folder = tmp_path_factory.mktemp("kept-view")
    write(folder / "sources", 200, seed=5, ontology_dir=ONTOLOGY)
    out = folder / "build"
    build(folder / "sources", ONTOLOGY, out, cache=SourceCache(out / ".cache" / "sources"))
    return folder


def _copy(built: Path, into: Path) -> tuple[Path, Path]:
    shutil.copytree(built, into, dirs_exist_ok=True)
    return into / "sources", into / "build"


def _meeting(sources: Path) -> Path:
    return sorted(sources.glob("meetings/**/*.yaml"))[3]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _rename_meeting(sources: Path) -> None:
    _replace(_meeting(sources), 'name: {en: "', 'name: {en: "Renamed ')


def _move_date(sources: Path) -> None:
    path = _meeting(sources)
    date = re.search(r"\n    date: (\d{4})-", path.read_text(encoding="utf-8"))
    assert date is not None
    _replace(path, f"date: {date.group(1)}-", f"date: {int(date.group(1)) - 1}-")


def _change_participant(sources: Path) -> None:
    """The meeting's last participant (a delegate, holding no post) is another person."""
    path = _meeting(sources)
    text = path.read_text(encoding="utf-8")
    people = re.findall(r"person: (person/[a-z0-9-]+)", text)
    other = re.findall(r"id: (person/[a-z0-9-]+)", sorted(sources.glob("people/**/*.yaml"))[0].read_text())
    newcomer = next(person for person in other if person not in people)
    last = text.rindex(f"person: {people[-1]}")
    path.write_text(text[:last] + text[last:].replace(people[-1], newcomer, 1), encoding="utf-8")


def _rename_person(sources: Path) -> None:
    path = sorted(sources.glob("people/**/*.yaml"))[0]
    _replace(path, 'name: {en: "', 'name: {en: "Renamed ')


def _new_person(sources: Path) -> None:
    path = sorted(sources.glob("people/**/*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    copy = path.with_name("new-people.yaml")
    copy.write_text(re.sub(r"(\bid: person/)", r"\1new-", text), encoding="utf-8")


def _checked(sources: Path, out: Path) -> Checked:
    return check(sources, ONTOLOGY, cache=SourceCache(out / ".cache" / "sources", read_only=True), last=out)


def _view_after(built: Path, tmp_path: Path, edit: Callable[[Path], None]) -> tuple[GraphLike, MadeView]:
    """The edited graph and its view made from the last build's kept records."""
    sources, out = _copy(built, tmp_path)
    edit(sources)
    checked = _checked(sources, out)
    assert checked.change is not None and checked.last is not None
    graph = checked.assembly.triples
    return graph, network_view(graph, out, checked.change, checked.last.sha256, "new")


def assert_same_view(made: nx.MultiDiGraph, cold: nx.MultiDiGraph) -> None:
    assert list(made.nodes(data=True)) == list(cold.nodes(data=True))
    assert list(made.edges(keys=True, data=True)) == list(cold.edges(keys=True, data=True))
    assert all(list(made.pred[node]) == list(cold.pred[node]) for node in cold)
    assert made.graph == cold.graph


@pytest.mark.parametrize(
    "edit", [_rename_meeting, _move_date, _change_participant, _rename_person], ids=lambda edit: edit.__name__
)
def test_a_view_made_from_the_last_one_equals_the_cold_view(built: Path, tmp_path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    sources, out = _copy(built, tmp_path)
    before = to_networkx(_checked(sources, out).assembly.triples)
    edit(sources)
    checked = _checked(sources, out)
    assert checked.change is not None and checked.last is not None
    kept = read_kept(out, "en", checked.last.sha256)
    assert kept is not None
    graph = checked.assembly.triples
    made = view_after(graph, kept, checked.change)
    if edit is _change_participant and made is None:
        pytest.fail("a participant changed: the view should be made from the last one")
    assert made is not None
    cold = to_networkx(graph)
    assert_same_view(made.view, cold)
    assert made.shape == shape_of(cold)
    assert made.touched is not None and _differing(before, cold) <= made.touched
    assert made.remade is not None and made.pairs is not None  # what the large page patches
    assert {node for node in cold if cold.nodes[node] != before.nodes[node]} <= made.remade
    assert _differing_pairs(before, cold) <= made.pairs


def _differing_pairs(before: nx.MultiDiGraph, after: nx.MultiDiGraph) -> set[tuple[str, str]]:
    """The (start, end) pairs whose edges (with their attributes) differ."""

    def edges(view: nx.MultiDiGraph, start: str, end: str) -> list[str]:
        return sorted(repr(data) for data in view._succ[start].get(end, {}).values())

    pairs = {(u, v) for view in (before, after) for u, v in view.edges()}
    return {(u, v) for u, v in pairs if edges(before, u, v) != edges(after, u, v)}


def _differing(before: nx.MultiDiGraph, after: nx.MultiDiGraph) -> set[str]:
    """The nodes whose attributes or edges (in or out, with their attributes) differ."""

    def around(view: nx.MultiDiGraph, node: str) -> object:
        edges = [*view.in_edges(node, keys=True, data=True), *view.out_edges(node, keys=True, data=True)]
        return view.nodes[node], sorted(edges, key=repr)

    differing = {node for node in after if around(after, node) != around(before, node)}
    assert differing  # the edit changed the view
    return differing


def test_a_change_to_which_nodes_exist_means_the_cold_view(built: Path, tmp_path: Path) -> None:
    sources, out = _copy(built, tmp_path)
    _new_person(sources)
    checked = _checked(sources, out)
    assert checked.change is not None and checked.last is not None
    kept = read_kept(out, "en", checked.last.sha256)
    assert kept is not None
    assert view_after(checked.assembly.triples, kept, checked.change) is None


def test_records_of_another_graph_or_damaged_are_not_read(built: Path, tmp_path: Path) -> None:
    _, out = _copy(built, tmp_path)
    checked = _checked(tmp_path / "sources", out)
    assert checked.last is not None
    assert read_kept(out, "en", checked.last.sha256) is not None
    assert read_kept(out, "en", "0" * 64) is None
    assert read_kept(out, "id", checked.last.sha256) is not None  # each language's own records
    state = (out / VIEW_STATE).read_bytes()
    (out / view_state("id")).write_bytes(state)  # the English records where the Indonesian go
    assert read_kept(out, "id", checked.last.sha256) is None
    (out / VIEW_STATE).write_bytes(state[:-1])
    assert read_kept(out, "en", checked.last.sha256) is None
    (out / VIEW_STATE).write_bytes(b"not a pickle")
    assert read_kept(out, "en", checked.last.sha256) is None


@pytest.mark.parametrize(
    "edit", [_rename_meeting, _change_participant, _new_person], ids=lambda e: e.__name__
)
def test_builds_after_an_edit_equal_cold_builds(built: Path, tmp_path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    """Chained: the edit then a second (a meeting renamed), each build equal to a cold one."""
    from .test_incremental_build import assert_same_outputs

    sources, out = _copy(built, tmp_path / "work")
    for step, change in enumerate((edit, _rename_person)):
        change(sources)
        build(sources, ONTOLOGY, out, cache=SourceCache(out / ".cache" / "sources"))
        cold = tmp_path / f"cold-{step}"
        build(sources, ONTOLOGY, cold)
        assert_same_outputs(out, cold)


@pytest.mark.parametrize("edit", [_rename_meeting, _change_participant], ids=lambda edit: edit.__name__)
def test_the_state_kept_after_an_edit_is_a_cold_builds(built: Path, tmp_path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    """The records kept from the last build's bytes and those made again make the state file a
    cold view of the edited graph would write."""
    graph, made = _view_after(built, tmp_path, edit)
    assert made.remade is not None  # made from the last build's records
    cold_view, cold_state = recorded_view(graph)
    assert b"".join(made.state) == b"".join(cold_state.pieces("new", shape_of(cold_view)))


def test_the_drawing_digest_follows_the_views_shape(built: Path, tmp_path: Path) -> None:
    """A view made from the last one hashes as the cold view of the same graph; a participant
    changed (an edge's end) changes it."""
    sources, out = _copy(built, tmp_path)
    checked = _checked(sources, out)
    before = to_networkx(checked.assembly.triples)
    positions = {node: (float(at), -float(at)) for at, node in enumerate(before)}
    _change_participant(sources)
    checked = _checked(sources, out)
    assert checked.change is not None and checked.last is not None
    graph = checked.assembly.triples
    made = network_view(graph, out, checked.change, checked.last.sha256, "new")
    assert made.remade is not None
    digest = drawing_digest(Drawing(made.view, positions))
    assert digest == drawing_digest(Drawing(to_networkx(graph), positions))
    assert digest != drawing_digest(Drawing(before, positions))
    moved = {node: (x, y + 1.0) for node, (x, y) in positions.items()}
    assert digest != drawing_digest(Drawing(made.view, moved))


@pytest.mark.parametrize(
    "edit", [_rename_meeting, _change_participant, _rename_person], ids=lambda edit: edit.__name__
)
def test_a_view_read_by_need_answers_as_the_view_filled_whole(
    built: Path, tmp_path: Path, edit: Callable[[Path], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a change, the view read from the kept records by need (a KeptNetwork) gives what
    the cold view gives: nodes, edges, degrees, the number of edges, the layout's key, and the
    same state for the next build as the view filled whole."""
    sources, out = _copy(built, tmp_path)
    edit(sources)
    checked = _checked(sources, out)
    assert checked.change is not None and checked.last is not None
    graph = checked.assembly.triples
    by_need = network_view(graph, out, checked.change, checked.last.sha256, "new")
    assert isinstance(by_need.view, KeptNetwork)
    cold = to_networkx(graph)
    assert_same_view(by_need.view, cold)
    assert dict(by_need.view.degree()) == dict(cold.degree())
    assert all(by_need.view.degree[node] == cold.degree[node] for node in cold)
    assert by_need.view.number_of_edges() == cold.number_of_edges()
    assert layout_key(by_need.view) == layout_key(cold)
    assert_same_view(kept_view.filled(by_need.view), cold)
    monkeypatch.setattr(kept_view, "_read_by_need", lambda *_: None)  # as when a node's topics change
    whole = network_view(graph, out, checked.change, checked.last.sha256, "new")
    assert not isinstance(whole.view, KeptNetwork)
    assert_same_view(whole.view, cold)
    assert (b"".join(whole.state), whole.remade, whole.touched, whole.pairs) == (
        b"".join(by_need.state),
        by_need.remade,
        by_need.touched,
        by_need.pairs,
    )


def test_a_view_read_by_need_reads_only_what_is_asked(built: Path, tmp_path: Path) -> None:
    """A rename unpickles the records it reaches, not every node's."""
    _, made = _view_after(built, tmp_path, _rename_meeting)
    assert isinstance(made.view, KeptNetwork)
    records = made.view._records
    assert made.remade and len(records.attributes) < len(made.view) / 4
    assert len(records.edges) < made.view.number_of_edges() / 4


def test_a_rebuilds_state_is_written_from_spans_of_the_kept_one(built: Path, tmp_path: Path) -> None:
    """After a rename, the kept records that did not change are written as a few spans of the
    last state file, not one piece per record; the bytes are a cold view's."""
    graph, made = _view_after(built, tmp_path, _rename_meeting)
    assert isinstance(made.view, KeptNetwork) and made.remade
    records = len(made.view) * 3 + len(made.view._records.state.groups) * 2  # those of the 5 runs
    assert len(made.state) < records / 10  # 50 pieces for 787 records
    cold_view, cold_state = recorded_view(graph)
    assert b"".join(made.state) == b"".join(cold_state.pieces("new", shape_of(cold_view)))
