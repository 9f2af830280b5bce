"""Dumps: parse back in rdflib and in a second parser (Oxigraph), identical across hash seeds,
and written atomically."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import to_isomorphic

from graph.cli import main
from graph.core.errors import SystemFailure
from graph.output.staged import StagedFiles, write_atomically
from graph.pipeline import Built

from .conftest import GOLDEN, REPO, CuratedBuild


def test_turtle_parses_in_oxigraph_to_the_same_number_of_triples(seed_build: Built) -> None:
    out = seed_build.outputs[0].parent
    quads = list(pyoxigraph.parse(path=str(out / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE))
    lines = (out / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert len(quads) == len(lines) == len(seed_build.assembly.graph)


@pytest.mark.parametrize(
    ("name", "fmt"), [("graph.ttl", "turtle"), ("graph.nt", "nt"), ("graph.jsonld", "json-ld")]
)
def test_every_dump_parses_back_to_the_built_graph(seed_build: Built, name: str, fmt: str) -> None:
    out = seed_build.outputs[0].parent
    parsed = Graph().parse(out / name, format=fmt)
    assert to_isomorphic(parsed) == to_isomorphic(seed_build.assembly.graph)


def test_ntriples_are_sorted_and_unique(seed_build: Built) -> None:
    lines = (seed_build.outputs[0].parent / "graph.nt").read_bytes().splitlines()
    assert lines == sorted(set(lines))


@pytest.mark.slow
def test_builds_with_different_hash_seeds_are_byte_identical(
    curated_build: CuratedBuild, tmp_path: Path
) -> None:
    """A build in a new process with a fixed hash seed writes the bytes of the shared build,
    made in this test run's processes with another seed (a random one, or PYTHONHASHSEED + 1)."""
    ours = os.environ.get("PYTHONHASHSEED", "random")
    seed = str(int(ours) + 1) if ours.isdigit() else "4242"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "graph",
            "build",
            "--sources",
            str(REPO / "sources"),
            "--ontology",
            str(REPO / "ontology"),
            "--out",
            str(tmp_path),
        ],
        check=True,
        env={**os.environ, "PYTHONHASHSEED": seed},
        capture_output=True,
    )
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.html"):
        assert (tmp_path / name).read_bytes() == (curated_build.folder / name).read_bytes(), name


def test_atomic_write_replaces_all_files(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("old a")
    write_atomically({tmp_path / "a": b"new a", tmp_path / "sub" / "b": b"new b"})
    assert (tmp_path / "a").read_text() == "new a"
    assert (tmp_path / "sub" / "b").read_text() == "new b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "sub"]


def test_atomic_write_replaces_nothing_when_one_file_fails(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("old")
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "x").mkdir()  # a directory where a file should go: os.replace fails
    (blocked / "x" / "notes.txt").write_text("someone's")
    with pytest.raises(SystemFailure, match=r"^cannot write .*/blocked/x: Is a directory$"):
        write_atomically({good: b"new", blocked / "x": b"data"})
    assert good.read_text() == "old"
    assert (blocked / "x" / "notes.txt").read_text() == "someone's"  # the folder, not removed
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("command", [["schema", "-o"], ["export", "--format", "nt", "--output"]])
def test_a_file_output_named_as_a_folder_leaves_the_folder_as_it_was(
    tmp_path: Path, command: list[str]
) -> None:
    folder = tmp_path / "Documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("someone's")
    ontology = ["--ontology", str(REPO / "ontology")]
    sources = [] if command[0] == "schema" else ["--sources", str(GOLDEN / "sources")]
    result = CliRunner().invoke(main, [*command, str(folder), *ontology, *sources])
    assert result.exit_code == 3, result.output
    assert result.stderr == f"hrgraph: cannot write {folder}: Is a directory\n"
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert (folder / "notes.txt").read_text() == "someone's"


def test_staged_files_are_not_put_in_place_when_the_build_fails_between_them(tmp_path: Path) -> None:
    (tmp_path / "graph.ttl").write_text("old ttl")
    with pytest.raises(RuntimeError), StagedFiles() as staged:
        staged.add(tmp_path / "graph.ttl", b"new ttl")
        assert len(list(tmp_path.iterdir())) == 2  # already on disk, under a temporary name
        raise RuntimeError("the HTML could not be drawn")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
    assert (tmp_path / "graph.ttl").read_text() == "old ttl"
