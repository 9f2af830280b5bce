"""The kept store made from the last build's by a change (issue 16): update_store and
scratch_store give a store holding exactly what a cold write_store of the new N-Triples holds,
trusted for the new dump, while the last build's store stays as it was and answers as before;
a missing, damaged, foreign or unmatched last store, or a change it cannot take, means the cold
path; a killed update leaves the last store usable."""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from benchmarks import synthetic
from graph.core.errors import DataInvalid
from graph.pipeline import check
from graph.rdf.change import TripleChange, triple_change
from graph.sparql.kept_store import (
    DATABASE,
    MOST_CHANGED,
    STAMP,
    STORE_FOLDER,
    open_kept,
    scratch_store,
    update_store,
    write_store,
)

from .conftest import REPO
from .polling import wait_until

PREFIXES = {"ex": "http://example.org/"}
EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _universe() -> list[bytes]:
    """The triples the random graphs are made of: IRIs, plain, tagged and typed literals, escapes."""
    objects = [f"<{EX}s{i}>" for i in range(6)]
    objects += ['"v0"', '"v1"@en', '"v1"@ms', f'"7"^^<{XSD}integer>', f'"1957-11"^^<{XSD}gYearMonth>']
    objects += ['"quote \\" and \\\\ and \\n"', '"Hồ Chí Minh"@vi']
    return sorted(
        f"<{EX}s{s}> <{EX}p{p}> {o} .\n".encode() for s in range(6) for p in range(3) for o in objects
    )


UNIVERSE = _universe()
# unchanged triples in every graph, so that a small random change stays under 1/MOST_CHANGED
BULK = [f'<{EX}bulk{i:04d}> <{EX}p0> "unchanged {i}" .\n'.encode() for i in range(300)]


def ntriples(lines: Iterable[bytes]) -> bytes:
    return b"".join(sorted(lines))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def kept_build(folder: Path, dump: bytes) -> Path:
    """folder/graph.nt and its store, as a build leaves them (the dump written first)."""
    (folder / STORE_FOLDER).mkdir(parents=True)
    (folder / "graph.nt").write_bytes(dump)
    write_store(folder / STORE_FOLDER, dump, PREFIXES)
    return folder


def updated_build(previous: Path, folder: Path, old: bytes, new: bytes) -> bool:
    """folder/graph.nt and its store made by update_store from the build in `previous`."""
    (folder / STORE_FOLDER).mkdir(parents=True)
    (folder / "graph.nt").write_bytes(new)
    change = triple_change(old, new)
    return update_store(
        previous / STORE_FOLDER, folder / STORE_FOLDER, change, new, PREFIXES, base_sha256=sha256(old)
    )


def parsed(dump: bytes) -> set[pyoxigraph.Quad]:
    return set(pyoxigraph.parse(dump, format=pyoxigraph.RdfFormat.N_TRIPLES))


def trusted_quads(build: Path) -> set[pyoxigraph.Quad]:
    """Every quad of the store kept beside build/graph.nt, which open_kept must trust."""
    verdict = open_kept(build / "graph.nt")
    assert verdict.store is not None, verdict.why_not
    assert verdict.prefixes == PREFIXES
    return set(verdict.store)


def cold_quads(folder: Path, dump: bytes) -> set[pyoxigraph.Quad]:
    """The quads of a cold write_store of the dump (the store a build without a last one makes)."""
    kept_build(folder, dump)
    return trusted_quads(folder)


@st.composite
def graphs_and_changes(draw: st.DrawFn, steps: int = 1) -> list[set[bytes]]:
    """A graph, then `steps` graphs each made from the one before by removing and adding a few triples."""
    current = set(BULK) | set(draw(st.lists(st.sampled_from(UNIVERSE), max_size=40)))
    graphs = [current]
    for _ in range(steps):
        removed = draw(st.sets(st.sampled_from(sorted(current)), max_size=8))
        added = draw(st.sets(st.sampled_from(UNIVERSE), max_size=8)) - current
        current = (current - removed) | added
        graphs.append(current)
    return graphs


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs=graphs_and_changes())
def test_an_updated_store_holds_what_a_cold_one_holds_and_the_last_one_is_kept(
    graphs: list[set[bytes]],
) -> None:
    old, new = ntriples(graphs[0]), ntriples(graphs[1])
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        previous = kept_build(work / "old", old)
        held = open_kept(previous / "graph.nt").store  # a reader holding the last store open
        assert held is not None
        assert updated_build(previous, work / "new", old, new) is True
        assert trusted_quads(work / "new") == cold_quads(work / "cold", new) == parsed(new)
        assert set(held) == parsed(old)  # the reader's store answers as before
        del held
        assert trusted_quads(previous) == parsed(old)  # and the last build's store is still trusted


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs=graphs_and_changes(steps=4))
def test_stores_updated_one_from_another_hold_what_cold_ones_hold(graphs: list[set[bytes]]) -> None:
    """Each update starts from the last one's store: what it wrote is all in its files."""
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        previous = kept_build(work / "0", ntriples(graphs[0]))
        for step, (old, new) in enumerate(itertools.pairwise(graphs), start=1):
            old_dump, new_dump = ntriples(old), ntriples(new)
            assert updated_build(previous, work / str(step), old_dump, new_dump) is True
            assert trusted_quads(work / str(step)) == parsed(new_dump)
            previous = work / str(step)
        for step, graph in enumerate(graphs):
            assert trusted_quads(work / str(step)) == parsed(ntriples(graph))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs=graphs_and_changes())
def test_a_scratch_store_holds_the_changed_graph_and_the_build_is_untouched(graphs: list[set[bytes]]) -> None:
    old, new = ntriples(graphs[0]), ntriples(graphs[1])
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        previous = kept_build(work / "old", old)
        stamp = (previous / STORE_FOLDER / STAMP).read_bytes()
        into = Path(tempfile.mkdtemp(dir=work))
        store = scratch_store(previous / STORE_FOLDER, triple_change(old, new), into, base_sha256=sha256(old))
        assert store is not None
        assert set(store) == parsed(new)
        store.add(next(iter(parsed(f"<{EX}more> <{EX}p0> <{EX}s0> .\n".encode()))))  # writable
        del store
        shutil.rmtree(into)
        assert (previous / STORE_FOLDER / STAMP).read_bytes() == stamp
        assert trusted_quads(previous) == parsed(old)


def test_a_scratch_store_is_none_when_the_last_store_cannot_be_used(tmp_path: Path) -> None:
    old = ntriples(set(BULK))
    previous = kept_build(tmp_path / "old", old)
    change = TripleChange(added=f"<{EX}s0> <{EX}p0> <{EX}s1> .\n".encode())
    into = tmp_path / "scratch"
    into.mkdir()
    assert scratch_store(previous / STORE_FOLDER, change, into, base_sha256=sha256(b"other")) is None
    assert scratch_store(tmp_path / "missing", change, into, base_sha256=sha256(old)) is None


# ------------------------------------------------------------ real edits of a synthetic tree


@pytest.fixture(scope="module")
def synthetic_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic") / "sources"
    synthetic.write(folder, 200)
    return folder


SOURCE = re.compile(r"src/syn-[0-9]+")


def _source_in(line: str) -> str:
    found = SOURCE.search(line)
    assert found is not None
    return found.group()


def _yaml_files(tree: Path) -> list[Path]:
    return sorted(tree.rglob("*.yaml"))


def _edited(tree: Path, into: Path, kind: str, pick: random.Random) -> Path:
    """A copy of the tree with one edit of `kind`: a value changed, a record or a file deleted,
    a reference to a source changed."""
    shutil.copytree(tree, into)
    files = _yaml_files(into)
    target = pick.choice(files)
    if kind == "file":
        target.unlink()
        return into
    text = target.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    if kind == "record":
        starts = [i for i, line in enumerate(lines) if line.startswith("  - id: ")]
        assume(starts)
        start = pick.choice(starts)
        end = next((i for i in starts if i > start), len(lines))
        lines[start:end] = []
    elif kind == "value":
        named = [i for i, line in enumerate(lines) if 'name: {en: "' in line]
        assume(named)
        i = pick.choice(named)
        lines[i] = lines[i].replace('{en: "', '{en: "Edited ', 1)
    else:  # a reference: a citation of one source of the file made one of another
        cited = [i for i, line in enumerate(lines) if SOURCE.search(line)]
        assume(len(cited) >= 2)
        i, j = pick.sample(cited, 2)
        current, other = _source_in(lines[i]), _source_in(lines[j])
        assume(current != other)
        lines[i] = lines[i].replace(current, other, 1)
    target.write_text("".join(lines), encoding="utf-8")
    return into


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(["value", "record", "file", "reference"]), seed=st.integers(0, 10_000))
def test_real_edits_of_a_synthetic_tree_update_the_store_as_a_cold_build_makes_it(
    synthetic_tree: Path, kind: str, seed: int
) -> None:
    """Both ways: the edit (a removal) and its undoing (an addition)."""
    ontology = REPO / "ontology"
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        edited = _edited(synthetic_tree, work / "edited", kind, random.Random(seed))
        try:
            before, after = check(synthetic_tree, ontology).ntriples, check(edited, ontology).ntriples
        except DataInvalid:
            assume(False)  # an edit that breaks a reference: no build to keep
            return
        assume(before != after)
        first = kept_build(work / "before", before)
        assert updated_build(first, work / "after", before, after) is True
        assert trusted_quads(work / "after") == cold_quads(work / "cold-after", after)
        assert updated_build(work / "after", work / "undone", after, before) is True
        assert trusted_quads(work / "undone") == trusted_quads(first) == parsed(before)


# ------------------------------------------------------------ the cold path, silently correct


OLD = ntriples(set(BULK) | set(UNIVERSE[:30]))
NEW = ntriples(set(BULK) | set(UNIVERSE[5:40]))


def _no_stamp(store: Path) -> None:
    (store / STAMP).unlink()


def _foreign(store: Path) -> None:
    stamp = json.loads((store / STAMP).read_bytes())
    stamp["pyoxigraph"] = "0.0.1"
    (store / STAMP).write_text(json.dumps(stamp))


def _truncated(store: Path) -> None:
    biggest = max((store / DATABASE).glob("*.sst"), key=lambda path: path.stat().st_size)
    biggest.write_bytes(biggest.read_bytes()[:100])


def _garbled(store: Path) -> None:
    """Every table file overwritten with as many zeros: the listing still matches the stamp."""
    for table in (store / DATABASE).glob("*.sst"):
        table.write_bytes(bytes(table.stat().st_size))


def _missing(store: Path) -> None:
    shutil.rmtree(store)


@pytest.mark.parametrize("damage", [_no_stamp, _foreign, _truncated, _garbled, _missing])
def test_a_damaged_foreign_or_missing_last_store_means_a_cold_store(tmp_path: Path, damage: object) -> None:
    previous = kept_build(tmp_path / "old", OLD)
    assert callable(damage)
    damage(previous / STORE_FOLDER)
    assert updated_build(previous, tmp_path / "new", OLD, NEW) is False
    assert trusted_quads(tmp_path / "new") == parsed(NEW)


def test_a_last_store_of_another_graph_means_a_cold_store(tmp_path: Path) -> None:
    """The last store was made for other N-Triples than those the change starts from."""
    other = ntriples(set(BULK) | set(UNIVERSE[:29]))
    previous = kept_build(tmp_path / "old", other)
    assert updated_build(previous, tmp_path / "new", OLD, NEW) is False
    assert trusted_quads(tmp_path / "new") == parsed(NEW)


def test_a_change_that_does_not_fit_the_last_store_means_a_cold_store(tmp_path: Path) -> None:
    """Stamped for the right graph, yet the change removes what it lacks or adds what it has."""
    previous = kept_build(tmp_path / "old", OLD)
    for name, change in {
        "removes": TripleChange(removed=UNIVERSE[50]),
        "adds": TripleChange(added=UNIVERSE[0]),
    }.items():
        folder = tmp_path / name / STORE_FOLDER
        folder.mkdir(parents=True)
        (tmp_path / name / "graph.nt").write_bytes(NEW)
        assert (
            update_store(previous / STORE_FOLDER, folder, change, NEW, PREFIXES, base_sha256=sha256(OLD))
            is False
        )
        assert trusted_quads(tmp_path / name) == parsed(NEW)


def test_a_change_of_blank_nodes_or_too_big_means_a_cold_store(tmp_path: Path) -> None:
    previous = kept_build(tmp_path / "old", OLD)
    blank = OLD + f"_:b1 <{EX}p0> <{EX}s0> .\n".encode()
    assert updated_build(previous, tmp_path / "blank", OLD, blank) is False
    verdict = open_kept(tmp_path / "blank" / "graph.nt")
    assert verdict.store is not None and len(verdict.store) == blank.count(b"\n")
    big = ntriples(set(BULK[: len(BULK) // 2]) | set(UNIVERSE))
    assert len(OLD) < MOST_CHANGED * len(triple_change(OLD, big).removed)
    assert updated_build(previous, tmp_path / "big", OLD, big) is False
    assert trusted_quads(tmp_path / "big") == parsed(big)
    assert trusted_quads(previous) == parsed(OLD)


# ------------------------------------------------------------ killed while updating

UPDATE_FOREVER = """
import sys
from pathlib import Path
from graph.rdf.change import triple_change
from graph.sparql.kept_store import update_store
import hashlib

work = Path(sys.argv[1])
old, new = (work / "old" / "graph.nt").read_bytes(), (work / "new.nt").read_bytes()
change, base = triple_change(old, new), hashlib.sha256(old).hexdigest()
for attempt in range(500):
    folder = work / f"new-{attempt}"
    (folder / "store").mkdir(parents=True)
    (folder / "graph.nt").write_bytes(new)
    prefixes = {"ex": "http://example.org/"}
    update_store(work / "old" / "store", folder / "store", change, new, prefixes, base_sha256=base)
"""


def _killed_update(work: Path, pick: random.Random) -> None:
    """Update after update of the store in work/old until killed, somewhere in its third to sixth."""
    child = subprocess.Popen([sys.executable, "-c", UPDATE_FOREVER, str(work)], cwd=REPO)
    reached = work / f"new-{pick.randint(2, 5)}"
    wait_until(lambda: reached.exists() or child.poll() is not None, f"the child reaches {reached.name}")
    child.kill()
    assert child.wait() == -9


@pytest.mark.slow
def test_an_update_killed_at_random_moments_leaves_the_last_store_usable(tmp_path: Path) -> None:
    old = ntriples({f'<{EX}n{i:05d}> <{EX}p{i % 3}> "value {i}" .\n'.encode() for i in range(4000)})
    new = ntriples(
        parsed_lines(old)[200:] + [f"<{EX}x{i}> <{EX}p0> <{EX}n{i:05d}> .\n".encode() for i in range(200)]
    )
    pick = random.Random(16)
    for attempt in range(4):
        work = tmp_path / str(attempt)
        previous = kept_build(work / "old", old)
        (work / "new.nt").write_bytes(new)
        _killed_update(work, pick)
        assert trusted_quads(previous) == parsed(old)
        for folder in sorted(work.glob("new-*")):  # each finished one is right, the killed one untrusted
            verdict = open_kept(folder / "graph.nt")
            assert verdict.store is None or set(verdict.store) == parsed(new), folder.name
        assert updated_build(previous, work / "after", old, new) is True
        assert trusted_quads(work / "after") == parsed(new)


def parsed_lines(dump: bytes) -> list[bytes]:
    return dump.splitlines(keepends=True)
