"""Loading with what the last build read of each file (graph.ingest.summary): a file whose bytes
are unchanged is not read, and the problems, warnings and records are exactly those of reading
every file, after edits that reach across files."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from benchmarks.synthetic import write
from graph.core.ontology import Ontology, load_ontology
from graph.core.vocab import DEFAULT_DATA_BASE
from graph.ingest.cache import KnownFile
from graph.ingest.dataset import Dataset, LazyRecords, display_path
from graph.ingest.load import read_sources
from graph.ingest.summary import FileSummary
from graph.output.build_state import last_build
from graph.output.state_files import manifest_path
from graph.pipeline import build
from graph.rdf.parts import file_entries

from .conftest import REPO

ONTOLOGY = REPO / "ontology"


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return load_ontology(ONTOLOGY)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("known") / "sources"
    write(folder, 300, seed=5, ontology_dir=ONTOLOGY)
    return folder


def known_of(dataset: Dataset) -> dict[str, KnownFile]:
    """What a build's manifest keeps of each file, through its JSON."""
    return {
        shown: KnownFile(
            dataset.digests[shown],
            tuple(ids),
            FileSummary.from_json(json.loads(json.dumps(dataset.summaries[shown].to_json()))),
        )
        for shown, ids in dataset.ids_by_file().items()
    }


def _meeting(sources: Path) -> Path:
    return sorted(sources.glob("meetings/**/*.yaml"))[3]


def _named_person_file(sources: Path) -> tuple[Path, str]:
    """A people file defining a person whom a meeting names."""
    person = re.search(r"person: (person/[a-z0-9-]+)", _meeting(sources).read_text(encoding="utf-8"))
    assert person is not None
    for path in sorted(sources.glob("people/**/*.yaml")):
        if f"id: {person.group(1)}\n" in path.read_text(encoding="utf-8"):
            return path, person.group(1)
    raise AssertionError("no file defines the person")


def _sub(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text, count=1)
    assert changed != text, pattern
    path.write_text(changed, encoding="utf-8")


def _edit(sources: Path, kind: str) -> None:
    meeting = _meeting(sources)
    if kind == "rename a meeting":
        _sub(meeting, r'name: \{en: "', 'name: {en: "Renamed ')
    elif kind == "remove an id another file names":
        people, person = _named_person_file(sources)
        _sub(people, f"id: {person}\n", f"id: {person}-gone\n")
    elif kind == "an id defined again in a later file":
        shutil.copyfile(meeting, sources / "zz-twin.yaml")
    elif kind == "an id defined again in an earlier file":
        shutil.copyfile(meeting, sources / "aa-twin.yaml")
    elif kind == "delete a file of sources":
        sorted(sources.glob("documents/**/*.yaml"))[0].unlink()
    elif kind == "a source cited no more":
        _sub(meeting, r"source: (src/[a-z0-9-]+)", "source: src/syn-000000")
    elif kind == "a source's address taken again":
        url = re.search(r'url: "([^"]+)"', sorted(sources.glob("documents/**/*.yaml"))[1].read_text())
        assert url is not None
        _sub(sorted(sources.glob("documents/**/*.yaml"))[0], r'url: "[^"]+"', f'url: "{url.group(1)}/"')
    elif kind == "a source's language changed":
        _sub(sorted(sources.glob("documents/**/*.yaml"))[0], r"language: \w+", "language: km")
    elif kind == "a broken file":
        meeting.write_text("meetings:\n  - id: meeting/broken\n    name: [\n", encoding="utf-8")


EDITS = (
    "rename a meeting",
    "remove an id another file names",
    "an id defined again in a later file",
    "an id defined again in an earlier file",
    "delete a file of sources",
    "a source cited no more",
    "a source's address taken again",
    "a source's language changed",
    "a broken file",
)


@pytest.mark.parametrize("kind", EDITS)
def test_loading_with_known_files_finds_what_reading_every_file_finds(
    tree: Path, tmp_path: Path, ontology: Ontology, kind: str
) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(tree, sources)
    before, problems = read_sources(sources, ontology)
    assert not problems
    known = known_of(before)
    _edit(sources, kind)
    cold, cold_problems = read_sources(sources, ontology)
    warm, warm_problems = read_sources(sources, ontology, known=known)
    assert warm_problems == cold_problems
    assert warm.warnings == cold.warnings
    assert list(warm.records) == list(cold.records)
    assert warm.source_languages() == cold.source_languages()
    assert warm.ids_by_file() == cold.ids_by_file()
    assert file_entries(warm, ontology, "https://example.org/id/") == file_entries(
        cold, ontology, "https://example.org/id/"
    )
    assert all(warm.records[i].model_dump() == cold.records[i].model_dump() for i in cold.records)
    if not cold_problems:  # what the next build's manifest keeps (a failed build keeps none)
        assert warm.summaries == cold.summaries


def test_files_known_unchanged_are_not_read(tree: Path, tmp_path: Path, ontology: Ontology) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(tree, sources)
    before, _ = read_sources(sources, ontology)
    _edit(sources, "rename a meeting")
    warm, problems = read_sources(sources, ontology, known=known_of(before))
    assert not problems
    assert isinstance(warm.records, LazyRecords)
    unread = warm.records.unread
    assert display_path(_meeting(sources)) not in unread
    # the meeting is named by no other file: only its own file was read
    assert len(unread) == len(warm.ids_by_file()) - 1


def test_a_manifest_whose_summaries_are_damaged_is_not_trusted(tree: Path, tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(tree, sources)
    out = tmp_path / "out"
    build(sources, ONTOLOGY, out)
    base = DEFAULT_DATA_BASE
    last = last_build(out, base, ONTOLOGY)
    assert last is not None and last.known and set(last.known) == set(last.entries)
    manifest = json.loads(manifest_path(out).read_bytes())
    first = next(iter(manifest["files"].values()))
    first["summary"]["sources"] = {"src/x": ["one", None, "en"]}  # a line that is no number
    manifest_path(out).write_text(json.dumps(manifest), encoding="utf-8")
    assert last_build(out, base, ONTOLOGY) is None
