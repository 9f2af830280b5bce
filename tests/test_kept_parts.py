"""A large network page's parts after an edit: only the files whose data changed are new files
(the others hard-linked from the last build), and every file equals a cold build's; a record
or a part file that cannot be trusted means the parts are made again, silently."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import graph.view.page
from benchmarks.synthetic import write
from graph.ingest.cache import SourceCache
from graph.pipeline import build
from graph.view.kept_parts import PARTS_STATE, LastParts, fingerprint, nothing_kept
from graph.view.page import PARTS_FOLDER, render_page, write_page
from tests.big_views import people_and_meetings

from .conftest import REPO
from .test_incremental_build import (
    LIST_KINDS,
    ORDER_KINDS,
    VIEW_KINDS,
    _edit,
    _meeting_files,
    _rename_meeting,
    assert_same_outputs,
)

ONTOLOGY = REPO / "ontology"
PART = re.compile(r'^hrgraphPart\("([^"]*)","([^"]*)",(".*")\);\n$', re.S)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kept-parts") / "sources"
    write(folder, 200, seed=5, ontology_dir=ONTOLOGY)
    return folder


@pytest.fixture(autouse=True)
def big_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(graph.view.page, "BIG_PAGE", 10)  # the tree's page opens on an overview


def _build(sources: Path, out: Path) -> None:
    build(sources, ONTOLOGY, out, cache=SourceCache(out / ".cache" / "sources"))


def _parts(out: Path) -> dict[str, tuple[int, bytes]]:
    """Each part file's name → its inode and bytes."""
    return {p.name: (p.stat().st_ino, p.read_bytes()) for p in sorted((out / PARTS_FOLDER).iterdir())}


def _index(out: Path) -> dict[str, object]:
    match = PART.match((out / PARTS_FOLDER / "index.js").read_text(encoding="utf-8"))
    assert match
    value: dict[str, object] = json.loads(json.loads(match.group(3)))
    return value


def _built(tree: Path, tmp_path: Path) -> tuple[Path, Path]:
    sources = tmp_path / "sources"
    shutil.copytree(tree, sources)
    out = tmp_path / "build"
    _build(sources, out)
    return sources, out


def _cold(sources: Path, tmp_path: Path) -> Path:
    cold = tmp_path / "cold"
    build(sources, ONTOLOGY, cold)
    return cold


def test_a_rename_makes_new_files_of_only_the_parts_it_changes(tree: Path, tmp_path: Path) -> None:
    sources, out = _built(tree, tmp_path)
    before = _parts(out)
    assert len(before) > 5
    meeting = _meeting_files(sources)[2]
    _rename_meeting(meeting, "Renamed")
    _build(sources, out)
    after = _parts(out)
    assert sorted(after) == sorted(before)
    new_files = {name for name in after if after[name][0] != before[name][0]}
    changed = {name for name in after if after[name][1] != before[name][1]}
    assert new_files == changed  # a file is new exactly when its bytes change
    index = _index(out)
    ids, labels, parts = index["ids"], index["labels"], index["parts"]
    assert isinstance(ids, list) and isinstance(labels, list) and isinstance(parts, list)
    renamed = [i for i, label in enumerate(labels) if str(label).startswith("Renamed ")]
    assert len(renamed) == 1
    assert {"index.js", f"c{parts[renamed[0]]}.js"} <= changed
    assert len(changed) < len(after) / 2
    assert_same_outputs(out, _cold(sources, tmp_path))


EDITS = [
    "rename",
    "rename person",
    "source title",
    "add participant",
    "source language",
    "copy file",
    "delete file",
    *LIST_KINDS,  # a date, a name sorted first, a meeting moved, a participant replaced
    *(kind for kind in ORDER_KINDS if kind != "people reordered"),  # (makes this tree invalid)
    *VIEW_KINDS,
]


@pytest.mark.parametrize("kind", EDITS)
def test_parts_after_an_edit_equal_a_cold_builds(tree: Path, tmp_path: Path, kind: str) -> None:
    sources, out = _built(tree, tmp_path)
    for step, pick in enumerate((3, 8)):
        _edit(sources, kind, pick, step)
        _build(sources, out)
        assert_same_outputs(out, _cold(sources, tmp_path / str(step)))


@pytest.mark.parametrize("damage", ["record", "foreign record", "no record", "part file"])
def test_parts_that_cannot_be_trusted_are_made_again(tree: Path, tmp_path: Path, damage: str) -> None:
    sources, out = _built(tree, tmp_path)
    before = _parts(out)
    record = out / PARTS_STATE
    edited = "c0.js"
    if damage == "record":
        record.write_bytes(record.read_bytes()[:-7])
    elif damage == "foreign record":
        record.write_bytes(b"not a record")
    elif damage == "no record":
        record.unlink()
    else:  # a part edited in place: the build must not link it
        path = out / PARTS_FOLDER / edited
        path.write_text(path.read_text(encoding="utf-8").replace('"', "'", 4), encoding="utf-8")
    _rename_meeting(_meeting_files(sources)[0], "Again")
    _build(sources, out)
    after = _parts(out)
    if damage == "part file":
        assert after[edited][0] != before[edited][0]
        assert LastParts.read(out, PARTS_FOLDER) is not None
    else:
        assert all(after[name][0] != before[name][0] for name in after)
        assert LastParts.read(out, PARTS_FOLDER) is not None  # the next build may link again
    assert_same_outputs(out, _cold(sources, tmp_path))


def test_equal_data_has_equal_fingerprints_whatever_it_shares() -> None:
    text = "shared text"
    shared = [text, text, {"a": [1, 2.5, None, True]}]
    apart = ["shared " + "text", "shared text", {"a": [1, 2.5, None, True]}]
    assert fingerprint(shared) == fingerprint(apart)
    assert fingerprint([1]) != fingerprint([True]) != fingerprint([1.0])
    assert fingerprint({"a": 1, "b": 2}) != fingerprint({"b": 2, "a": 1})  # JSON keeps the order


def test_a_part_the_last_build_gives_is_not_made_and_the_page_is_the_same() -> None:
    view = people_and_meetings(60, 20)
    cold = render_page(view, title="big", reuse=nothing_kept)
    assert len(cold.keys) > 2 and len(cold.parts) == len(cold.keys)
    kept = {name: cold.keys[name] for name in cold.keys if name != "c0"}
    seen: dict[str, bytes] = {}

    def reuse(name: str, found: bytes) -> str | None:
        seen[name] = found
        return kept.get(name)

    warm = render_page(view, title="big", reuse=reuse)
    assert warm.html == cold.html and warm.keys == cold.keys
    assert warm.parts == {"c0.js": cold.parts["c0.js"]}
    assert seen == cold.fingerprints
    with pytest.raises(ValueError):
        write_page(warm, Path("never-written.html"))


def test_a_rename_patches_the_parts_it_reaches(tree: Path, tmp_path: Path) -> None:
    sources, out = _built(tree, tmp_path)
    _rename_meeting(_meeting_files(sources)[2], "Renamed")
    _build(sources, out)
    last = LastParts.read(out, PARTS_FOLDER)
    assert last is not None and last.record.page is not None
    made = {name for name, part in last.record.parts.items() if part.fingerprint == b""}
    assert "index" in made and 1 < len(made) < len(last.record.parts) / 2  # patched, not fingerprinted
    assert_same_outputs(out, _cold(sources, tmp_path))
