"""The last build's state found from another folder (graph.ingest.reshown): its files were shown
as the build's folder showed them; a validate or rebuild run elsewhere, or naming the sources
another way, renames them and reads no unchanged file again, with the same result as a cold
check."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from benchmarks.synthetic import read_manifest, write
from graph.core.vocab import DEFAULT_DATA_BASE
from graph.ingest.cache import SourceCache
from graph.ingest.dataset import LazyRecords, display_paths, find_source_files
from graph.ingest.reshown import SAME, Reshown, sources_prefix
from graph.output.build_state import last_build
from graph.output.state_files import manifest_path
from graph.pipeline import build, check
from graph.rdf.part_order import PartOrder

from .conftest import REPO

ONTOLOGY = REPO / "ontology"


def test_sources_prefix_is_how_the_files_are_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = tmp_path / "work" / "sources"
    (sources / "people").mkdir(parents=True)
    (sources / "people" / "a.yaml").write_text("[]\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for here, named in [
        (tmp_path / "work", Path("sources")),
        (tmp_path / "work", sources),
        (sources, Path(".")),
        (elsewhere, sources),
        (elsewhere, Path("../work/sources")),
    ]:
        monkeypatch.chdir(here)
        shown = display_paths(find_source_files(named))
        assert shown == [f"{sources_prefix(named)}people/a.yaml"], (here, named)
    monkeypatch.chdir(sources / "people")  # its files shown as 'a.yaml', the others' '../x/b.yaml'
    assert display_paths(find_source_files(Path(".."))) == ["a.yaml"]
    assert sources_prefix(Path("..")) is None  # no one beginning: nothing renamed


def test_reshown_renames_what_was_under_the_old_prefix() -> None:
    reshown = Reshown("sources/", "/data/sources/")
    assert reshown("sources/people/a.yaml") == "/data/sources/people/a.yaml"
    assert reshown("other/a.yaml") == "other/a.yaml"  # not under it: read again, never misplaced
    assert Reshown("", "sources/")("people/a.yaml") == "sources/people/a.yaml"
    assert SAME("sources/a.yaml") == "sources/a.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of 300 records made from its own folder, the sources named `sources`."""
    root = tmp_path_factory.mktemp("reshown")
    write(root / "sources", 300, seed=3, ontology_dir=ONTOLOGY)
    here = Path.cwd()
    os.chdir(root)
    try:
        build(Path("sources"), ONTOLOGY, Path("out"), cache=SourceCache(Path("out/.cache/sources")))
    finally:
        os.chdir(here)
    return root


def test_the_state_says_how_its_files_were_shown(built: Path) -> None:
    manifest = json.loads(manifest_path(built / "out").read_bytes())
    assert manifest["shown_sources"] == "sources/"
    assert all(name.startswith("sources/") for name in manifest["files"])


@pytest.mark.parametrize("where", ["the sources folder", "elsewhere, the sources absolute"])
def test_a_check_from_another_folder_reads_no_unchanged_file(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    root = tmp_path / "copy"
    shutil.copytree(built, root, symlinks=True)
    if where == "the sources folder":
        monkeypatch.chdir(root / "sources")
        sources, out = Path("."), Path("../out")
    else:
        monkeypatch.chdir(tmp_path)
        sources, out = root / "sources", root / "out"
    shown = display_paths(find_source_files(sources))
    last = last_build(out, DEFAULT_DATA_BASE, ONTOLOGY, sources_prefix(sources))
    assert last is not None
    assert set(last.known) == set(last.entries) == set(shown)
    assert all(p.file in shown for p in last.report)
    order = PartOrder.read(out, DEFAULT_DATA_BASE, last.sha256, reshown=last.reshown)
    assert all(order.knows(name, last.entries[name].digest) for name in shown)  # each file's order

    warm = check(sources, ONTOLOGY, last=out)
    assert warm.change is not None  # made from the last build, not cold
    assert isinstance(warm.dataset.records, LazyRecords)
    assert set(warm.dataset.records.unread) == set(shown)  # nothing read again

    edit = read_manifest(root / "sources").edit  # the benchmark's one-file edit
    edited = root / "sources" / edit["file"]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace(edit["old"], edit["new"], 1), encoding="utf-8")
    warm = check(sources, ONTOLOGY, last=out)
    cold = check(sources, ONTOLOGY)
    assert warm.change is not None and len(warm.change.added) > 0
    assert isinstance(warm.dataset.records, LazyRecords)
    assert len(warm.dataset.records.unread) == len(shown) - 1
    assert warm.ntriples == cold.ntriples
    assert [str(p) for p in warm.warnings] == [str(p) for p in cold.warnings]


def test_a_rebuild_from_another_folder_writes_its_own_names(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "copy"
    shutil.copytree(built, root, symlinks=True)
    monkeypatch.chdir(tmp_path)
    sources, out = root / "sources", root / "out"
    rebuilt = build(sources, ONTOLOGY, out, cache=SourceCache(out / ".cache" / "sources"))
    assert rebuilt.change is not None  # from the last build, though it named its files otherwise
    manifest = json.loads(manifest_path(out).read_bytes())
    assert manifest["shown_sources"] == sources_prefix(sources) == "copy/sources/"
    assert set(manifest["files"]) == set(display_paths(find_source_files(sources)))
