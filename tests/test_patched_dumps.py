"""The dumps written from the last build's dumps and a change (graph.rdf.patched_dumps, issue 16):
the same bytes as the whole writers, and the same index as a cold build's (so patches chain), for
random graphs and random edits (triples of a subject added or removed, subjects new or gone, the
first and the last, blank nodes, escapes, other prefixes); a previous build that is missing,
damaged, edited, of another pyoxigraph or not the change's base means the whole path, same bytes."""

from __future__ import annotations

import json
import random
import re
import shutil
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from benchmarks import synthetic
from graph.core.errors import DataInvalid
from graph.pipeline import Checked, check
from graph.rdf.change import TripleChange, triple_change
from graph.rdf.dumps import DUMPS, to_jsonld, to_turtle
from graph.rdf.dumps_index import MAGIC, DumpsIndex
from graph.rdf.patched_dumps import (
    INDEX_PATH,
    PATCHED,
    PreviousDumps,
    WrittenDumps,
    read_previous_dumps,
    write_dumps,
)
from graph.rdf.triples import GraphLike, Triples

from .conftest import REPO

EX = "http://example.org/"
NAMESPACES = {"ex": EX, "exv": f"{EX}vocab#", "other": "http://other.example/"}


def _subjects() -> list[Node]:
    iris: list[Node] = [URIRef(f"{EX}{name}") for name in ("a", "a/b", "a-b", "b", "z", "ü")]
    iris += [URIRef(f"{EX}vocab#C"), URIRef("http://other.example/x"), URIRef("urn:x:unbound")]
    return [*iris, BNode("b1"), BNode("b10"), BNode("list")]


SUBJECTS = _subjects()
PREDICATES: list[Node] = [RDF.type, RDF.first, RDF.rest, URIRef(f"{EX}vocab#p"), URIRef(f"{EX}q")]
OBJECTS: list[Node] = [
    *SUBJECTS[:4],
    RDF.nil,
    BNode("b1"),
    Literal("plain"),
    Literal('two\nlines\r\tand a "quote" and \\'),
    Literal("Hồ Chí Minh", lang="vi"),
    Literal("x", lang="en"),
    Literal("7", datatype=XSD.integer),
    Literal("7.50", datatype=XSD.decimal),
    Literal("true", datatype=XSD.boolean),
    Literal("1e3", datatype=XSD.double),
    Literal("1957-11", datatype=XSD.gYearMonth),
    Literal("a b", datatype=URIRef(f"{EX}vocab#T")),
]
TRIPLES = [(s, p, o) for s in SUBJECTS for p in PREDICATES for o in OBJECTS]


def graph_of(triples: set[int], prefixes: frozenset[str]) -> tuple[Triples, bytes]:
    graph = Triples((prefix, URIRef(ns)) for prefix, ns in NAMESPACES.items() if prefix in prefixes)
    for number in sorted(triples):
        graph.add(TRIPLES[number])
    return graph, graph.ntriples()


def cold(graph: GraphLike, ntriples: bytes) -> WrittenDumps:
    written = write_dumps(graph, ntriples)
    assert written.files["ttl"] == DUMPS["ttl"].write(graph, ntriples) == to_turtle(graph, ntriples)
    assert written.files["jsonld"] == to_jsonld(graph, ntriples)
    assert written.files["nt"] == ntriples
    return written


def previous_of(written: WrittenDumps) -> PreviousDumps:
    return PreviousDumps(written.files["ttl"], written.files["jsonld"], DumpsIndex.from_bytes(written.index))


def assert_patched_as_cold(
    old: tuple[GraphLike, bytes], new: tuple[GraphLike, bytes], patch_expected: bool | None = True
) -> WrittenDumps:
    """The new dumps written from the old ones equal the cold ones, index included; patched or
    written whole as expected (None: either)."""
    before = cold(*old)
    expected = cold(*new)
    patched = write_dumps(*new, previous_of(before), triple_change(old[1], new[1]))
    assert patched.files == expected.files
    assert patched.index == expected.index
    assert patch_expected is None or patched.patched is patch_expected, patched.how
    return patched


triple_sets = st.sets(st.integers(0, len(TRIPLES) - 1), min_size=1, max_size=60)
prefix_sets = st.frozensets(st.sampled_from(sorted(NAMESPACES)))


@settings(max_examples=150, deadline=None)
@given(old=triple_sets, removed=triple_sets, added=triple_sets, prefixes=prefix_sets)
def test_random_changes_of_random_graphs_give_the_cold_bytes(
    old: set[int], removed: set[int], added: set[int], prefixes: frozenset[str]
) -> None:
    new = (old - removed) | added
    if not new:
        new = {0}
    assert_patched_as_cold(graph_of(old, prefixes), graph_of(new, prefixes))


@settings(max_examples=60, deadline=None)
@given(old=triple_sets, added=triple_sets, prefixes=prefix_sets, others=prefix_sets)
def test_other_prefixes_mean_the_whole_path_with_the_cold_bytes(
    old: set[int], added: set[int], prefixes: frozenset[str], others: frozenset[str]
) -> None:
    if prefixes == others:
        others = prefixes ^ {"ex"}
    new = graph_of(old | added, others)
    patched = assert_patched_as_cold(graph_of(old, prefixes), new, patch_expected=False)
    assert "prefixes" in patched.how or "context" in patched.how


def test_the_premise_turtle_is_the_prefixes_then_one_block_per_subject() -> None:
    """Oxigraph's Turtle of the whole graph is its prefix lines and each subject's own Turtle,
    without the prefix lines, one after the other: what patching relies on."""
    graph, ntriples = graph_of(set(range(len(TRIPLES))), frozenset(NAMESPACES))
    whole = to_turtle(graph, ntriples)
    lines = ntriples.splitlines(keepends=True)
    blocks = []
    for subject in dict.fromkeys(line[: line.index(b" ")] for line in lines):
        alone = to_turtle(graph, b"".join(line for line in lines if line.startswith(subject + b" ")))
        blocks.append(alone[alone.index(b"\n", alone.rindex(b"@prefix ")) + 1 :])
        assert blocks[-1].count(b"\n") == blocks[-1].count(b"\n\t") + 1  # one unindented line
    assert whole.endswith(b"".join(blocks))
    assert whole[: -len(b"".join(blocks))].count(b"\n") == whole.count(b"@prefix ") == len(NAMESPACES)


def test_no_change_copies_the_dumps_and_an_empty_graph_is_written_whole() -> None:
    graph, ntriples = graph_of({1, 2, 300}, frozenset(NAMESPACES))
    assert_patched_as_cold((graph, ntriples), (graph, ntriples))
    empty = graph_of(set(), frozenset(NAMESPACES))
    written = write_dumps(*empty, previous_of(cold(graph, ntriples)), triple_change(ntriples, b""))
    assert written.files == cold(*empty).files and not written.patched
    assert write_dumps(*empty).index == b""  # refused by the next build: it writes whole


# ------------------------------------------------------------ a synthetic tree's graph


@pytest.fixture(scope="module")
def synthetic_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic") / "sources"
    synthetic.write(folder, 200)
    return folder


@pytest.fixture(scope="module")
def synthetic_checked(synthetic_tree: Path) -> Checked:
    return check(synthetic_tree, REPO / "ontology")


def _edited(ntriples: bytes, pick: random.Random, edits: list[str]) -> bytes:
    """The N-Triples with some edits: triples of subjects removed or added, subjects deleted
    or new, the first and the last subject deleted."""
    lines = ntriples.splitlines(keepends=True)
    subjects = list(dict.fromkeys(line[: line.index(b" ")] for line in lines))
    kept = set(lines)
    for edit in edits:
        line = pick.choice(lines)
        subject = line[: line.index(b" ")]
        if edit == "remove a triple":
            kept.discard(line)
        elif edit == "add a triple":
            kept.add(
                subject
                + b' <https://w3id.org/hrgraph/ontology#note> "added '
                + str(pick.random()).encode()
                + b'" .\n'
            )
        elif edit == "delete a subject":
            kept -= {found for found in lines if found.startswith(subject + b" ")}
        elif edit == "new subject":
            kept |= {
                subject[:-1] + b"-new" + found[len(subject) - 1 :]
                for found in lines
                if found.startswith(subject + b" ")
            }
        else:  # the first or the last subject changed
            end = subjects[0] if edit == "first" else subjects[-1]
            kept -= {found for found in lines if found.startswith(end + b" ") and pick.random() < 0.5}
            kept.add(end + b' <https://w3id.org/hrgraph/ontology#note> "edge" .\n')
    return b"".join(sorted(kept))


EDITS = ["remove a triple", "add a triple", "delete a subject", "new subject", "first", "last"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), edits=st.lists(st.sampled_from(EDITS), min_size=1, max_size=6))
def test_random_edits_of_a_synthetic_tree_graph_give_the_cold_bytes(
    synthetic_checked: Checked, seed: int, edits: list[str]
) -> None:
    graph, before = synthetic_checked.assembly.triples, synthetic_checked.ntriples
    after = _edited(before, random.Random(seed), edits)
    assert_patched_as_cold((graph, before), (graph, after))
    assert_patched_as_cold((graph, after), (graph, before))  # and back


# ------------------------------------------------------------ previous dumps on disk, not trusted


def _saved(folder: Path, written: WrittenDumps) -> Path:
    for fmt in DUMPS.values():
        (folder / f"graph{fmt.suffix}").write_bytes(written.files[fmt.name])
    (folder / INDEX_PATH).parent.mkdir(parents=True, exist_ok=True)
    (folder / INDEX_PATH).write_bytes(written.index)
    return folder


def _flipped(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def _foreign_index(path: Path) -> None:
    data = path.read_bytes()
    end = data.index(b"\n", len(MAGIC))
    header = json.loads(data[len(MAGIC) : end])
    header["pyoxigraph"] = "0.0.1"
    path.write_bytes(MAGIC + json.dumps(header).encode() + data[end:])


DAMAGES: dict[str, Callable[[Path], object]] = {
    "turtle edited": lambda folder: _flipped(folder / "graph.ttl", -5),
    "jsonld edited": lambda folder: _flipped(folder / "graph.jsonld", 300),
    "turtle missing": lambda folder: (folder / "graph.ttl").unlink(),
    "index missing": lambda folder: (folder / INDEX_PATH).unlink(),
    "index truncated": lambda folder: (folder / INDEX_PATH).write_bytes(
        (folder / INDEX_PATH).read_bytes()[:-9]
    ),
    "index body damaged": lambda folder: _flipped(folder / INDEX_PATH, -3),
    "index empty": lambda folder: (folder / INDEX_PATH).write_bytes(b""),
    "index of another pyoxigraph": lambda folder: _foreign_index(folder / INDEX_PATH),
    "index of another format": lambda folder: _flipped(folder / INDEX_PATH, len(MAGIC) - 2),
    "N-Triples of another size": lambda folder: (folder / "graph.nt").write_bytes(b""),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_or_foreign_previous_build_is_not_used(
    synthetic_checked: Checked, tmp_path: Path, damage: str
) -> None:
    graph, before = synthetic_checked.assembly.triples, synthetic_checked.ntriples
    after = _edited(before, random.Random(7), ["remove a triple", "new subject"])
    folder = _saved(tmp_path, cold(graph, before))
    assert read_previous_dumps(folder, "graph") is not None
    DAMAGES[damage](folder)
    assert read_previous_dumps(folder, "graph") is None
    written = write_dumps(graph, after, read_previous_dumps(folder, "graph"), triple_change(before, after))
    assert written.files == cold(graph, after).files and not written.patched


def test_a_change_not_from_the_last_build_means_the_whole_path(
    synthetic_checked: Checked, tmp_path: Path
) -> None:
    graph, before = synthetic_checked.assembly.triples, synthetic_checked.ntriples
    pick = random.Random(3)
    other = _edited(before, pick, ["add a triple"])  # what the change was made from
    after = _edited(before, pick, ["remove a triple", "add a triple"])
    previous = read_previous_dumps(_saved(tmp_path, cold(graph, before)), "graph")
    assert previous is not None
    for change in (triple_change(other, after), TripleChange(b"", after[:200]), TripleChange()):
        written = write_dumps(graph, after, previous, change)
        assert written.files == cold(graph, after).files and not written.patched
        assert "not from the last build" in written.how


def test_the_previous_dumps_read_from_disk_are_patched(synthetic_checked: Checked, tmp_path: Path) -> None:
    graph, before = synthetic_checked.assembly.triples, synthetic_checked.ntriples
    after = _edited(before, random.Random(11), ["delete a subject", "add a triple", "last"])
    previous = read_previous_dumps(_saved(tmp_path, cold(graph, before)), "graph")
    assert previous is not None
    written = write_dumps(graph, after, previous, triple_change(before, after))
    assert written.how == PATCHED
    assert written.files == cold(graph, after).files
    # the unchanged runs are the last dumps' bytes, never copied; the marks are of the whole files
    assert any(
        isinstance(piece, memoryview) and piece.obj is previous.turtle for piece in written.pieces["ttl"]
    )
    index = DumpsIndex.from_bytes(written.index)
    assert index.turtle_file.size == len(written.files["ttl"])
    assert index.jsonld_file.crc == zlib.crc32(written.files["jsonld"])


def test_the_index_is_small_and_checked(synthetic_checked: Checked) -> None:
    graph, ntriples = synthetic_checked.assembly.triples, synthetic_checked.ntriples
    written = cold(graph, ntriples)
    index = DumpsIndex.from_bytes(written.index)
    assert len(written.index) < len(written.files["ttl"]) / 3
    assert sum(index.triples) == ntriples.count(b"\n")
    assert index.turtle_file.size == len(written.files["ttl"])
    assert index.jsonld_file.crc == zlib.crc32(written.files["jsonld"])
    assert index.keys == sorted(index.keys) and len(set(index.keys)) == len(index.keys)


# ------------------------------------------------------------ real edits of a synthetic tree's files


def _edited_tree(tree: Path, into: Path, kind: str, pick: random.Random) -> Path:
    """A copy of the tree with one edit of a file, as a curator makes it: a record's name
    changed, a record deleted, a file deleted, or a citation made one of another source."""
    shutil.copytree(tree, into)
    target = pick.choice(sorted(into.rglob("*.yaml")))
    if kind == "file":
        target.unlink()
        return into
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    if kind == "record":
        starts = [i for i, line in enumerate(lines) if line.startswith("  - id: ")]
        assume(starts)
        start = pick.choice(starts)
        lines[start : next((i for i in starts if i > start), len(lines))] = []
    elif kind == "name":
        named = [i for i, line in enumerate(lines) if 'name: {en: "' in line]
        assume(named)
        i = pick.choice(named)
        lines[i] = lines[i].replace('{en: "', '{en: "Edited ', 1)
    else:
        cited = [(i, found.group()) for i, line in enumerate(lines) if (found := CITED.search(line))]
        assume(len({source for _, source in cited}) >= 2)
        (i, current), (_, other) = pick.sample(cited, 2)
        assume(current != other)
        lines[i] = lines[i].replace(current, other, 1)
    target.write_text("".join(lines), encoding="utf-8")
    return into


CITED = re.compile(r"src/syn-[0-9]+")


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(["name", "record", "file", "reference"]), seed=st.integers(0, 10**6))
def test_real_edits_of_a_synthetic_tree_give_the_cold_bytes(
    synthetic_tree: Path, synthetic_checked: Checked, kind: str, seed: int
) -> None:
    """Both ways: the edit, and its undoing."""
    before = synthetic_checked
    with tempfile.TemporaryDirectory() as temporary:
        edited = _edited_tree(synthetic_tree, Path(temporary) / "edited", kind, random.Random(seed))
        try:
            after = check(edited, REPO / "ontology")
        except DataInvalid:
            assume(False)  # an edit that breaks a reference: no build to patch
            return
    assume(before.ntriples != after.ntriples)
    old, new = (before.assembly.triples, before.ntriples), (after.assembly.triples, after.ntriples)
    # a deleted file may name more subjects than are patched (over 64 and 1/8 of the graph)
    expected = None if kind == "file" else True
    assert_patched_as_cold(old, new, patch_expected=expected)
    assert_patched_as_cold(new, old, patch_expected=expected)
