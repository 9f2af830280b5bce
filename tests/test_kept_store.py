"""The store a build keeps beside its dumps (build/store/, issue 16): query, serve and the API
open it instead of parsing graph.nt, and never trust one that does not match: another version,
an edited graph.nt, a damaged or deleted store is rebuilt (said once on stderr); where it cannot
be rebuilt, graph.nt is read as before."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner

from graph import KnowledgeGraph, __version__
from graph.cli import main
from graph.ingest.cache import SourceCache
from graph.output.build_store import open_built_graph
from graph.output.switch import lock_path, writer_lock
from graph.pipeline import check
from graph.sparql.kept_store import DATABASE, STAMP, STORE_FOLDER, open_kept
from graph.sparql.store import open_store

from .conftest import REPO, VALID, CuratedBuild, made_once

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
EVERYTHING = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"


def _build_valid(folder: Path) -> None:
    args = ["--sources", str(VALID), "--ontology", str(REPO / "ontology")]
    result = CliRunner().invoke(main, ["build", *args, "--out", str(folder / "build")])
    assert result.exit_code == 0, result.output


@pytest.fixture
def build(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    """A build of the valid fixture sources of this test's own (copied from one made once per run)."""
    made = made_once(tmp_path_factory, "kept-store-valid", _build_valid)
    shutil.copytree(made / "build", tmp_path / "build", symlinks=True)
    return tmp_path / "build"


def query(build: Path, sparql: str = COUNT) -> tuple[str, str]:
    """`hrgraph query` on the build as CSV: its output and what it said on stderr."""
    result = CliRunner().invoke(
        main, ["query", sparql, "--graph", str(build / "graph.nt"), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def parsed_answer(build: Path, sparql: str = EVERYTHING) -> list[tuple[str, ...]]:
    """The query's rows on graph.nt parsed into memory, as today's hrgraph did."""
    return rows(open_store(build / "graph.nt").query(sparql))


def kept_answer(build: Path, sparql: str = EVERYTHING) -> list[tuple[str, ...]]:
    verdict = open_kept(build / "graph.nt")
    assert verdict.store is not None, verdict.why_not
    return rows(verdict.store.query(sparql))


def rows(answer: object) -> list[tuple[str, ...]]:
    assert isinstance(answer, pyoxigraph.QuerySolutions)
    return [tuple(str(term) for term in row) for row in answer]


def test_a_build_keeps_a_store_stamped_with_the_version_and_the_dump(build: Path) -> None:
    stamp = json.loads((build / STORE_FOLDER / STAMP).read_bytes())
    dump = (build / "graph.nt").read_bytes()
    assert stamp["hrgraph"] == __version__ and stamp["pyoxigraph"] == pyoxigraph.__version__
    assert stamp["dump"] == {"size": len(dump), "sha256": hashlib.sha256(dump).hexdigest()}
    assert kept_answer(build) == parsed_answer(build)


def test_the_kept_store_answers_as_the_parsed_dump_on_the_curated_data(curated_build: CuratedBuild) -> None:
    dump = curated_build.folder / "graph.nt"
    verdict = open_kept(dump)  # a read-only build: opened read-only, nothing written (checked at the end)
    assert verdict.store is not None, verdict.why_not
    assert set(verdict.store) == set(open_store(dump))
    for sparql in (COUNT, "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"):
        assert kept_answer(curated_build.folder, sparql) == parsed_answer(curated_build.folder, sparql)


def test_query_opens_the_kept_store_and_says_nothing(build: Path) -> None:
    out, said = query(build)
    assert out.splitlines() == ["n", parsed_answer(build, COUNT)[0][0].split('"')[1]]
    assert said == ""


def test_a_copied_dump_of_the_same_bytes_is_hashed_once_and_trusted(build: Path) -> None:
    stamp = build / STORE_FOLDER / STAMP
    later = stamp.stat().st_mtime_ns + 10**6
    os.utime(build / "graph.nt", ns=(later, later))  # written after the store, as by cp
    assert open_kept(build / "graph.nt").store is not None
    assert stamp.stat().st_mtime_ns >= later  # touched: the next reader need not hash it
    assert query(build)[1] == ""


def _another_version(build: Path) -> None:
    stamp_path = build / STORE_FOLDER / STAMP
    stamp = json.loads(stamp_path.read_bytes())
    stamp_path.write_text(json.dumps({**stamp, "hrgraph": "0.0.1"}), encoding="utf-8")


def _truncated_file(build: Path) -> None:
    database = build / STORE_FOLDER / DATABASE
    biggest = max((p for p in database.iterdir() if p.suffix == ".sst"), key=lambda p: p.stat().st_size)
    biggest.write_bytes(biggest.read_bytes()[:100])


def _deleted(build: Path) -> None:
    shutil.rmtree(build / STORE_FOLDER)


def _no_stamp(build: Path) -> None:
    (build / STORE_FOLDER / STAMP).unlink()


def _edited_dump(build: Path) -> None:
    with (build / "graph.nt").open("ab") as dump:
        dump.write(b'<https://example.org/added> <http://www.w3.org/2000/01/rdf-schema#label> "added" .\n')


@pytest.mark.parametrize(
    ("spoil", "why"),
    [
        (_another_version, f"was made by hrgraph 0.0.1 with pyoxigraph {pyoxigraph.__version__}"),
        (_truncated_file, "is damaged (its files are not those it was made with)"),
        (_deleted, "is missing"),
        (_no_stamp, "is damaged (it has no stamp)"),
        (_edited_dump, "does not match graph.nt"),
    ],
)
def test_a_store_that_cannot_be_trusted_is_rebuilt_and_said_once(
    build: Path, spoil: object, why: str
) -> None:
    assert callable(spoil)
    spoil(build)
    out, said = query(build, EVERYTHING)
    assert said.count("\n") == 1 and why in said and "rebuilt it from" in said, said
    assert [tuple(line.split(",")) for line in out.splitlines()[1:]]  # answered
    assert kept_answer(build) == parsed_answer(build)  # from graph.nt as it is now
    if spoil is _edited_dump:
        assert any("added" in row[2] for row in kept_answer(build))
    again, said_again = query(build, EVERYTHING)
    assert again == out and said_again == ""
    assert not [p.name for p in build.iterdir() if p.name.startswith(f".{STORE_FOLDER}.")]


def test_a_store_a_build_is_writing_is_not_touched(build: Path) -> None:
    _another_version(build)
    before = (build / STORE_FOLDER / STAMP).read_bytes()
    said: list[str] = []
    with writer_lock(build):
        graph = open_built_graph(build / "graph.nt", said.append)
    assert not graph.kept and len(said) == 1 and "a build is writing it" in said[0]
    assert len(graph.store) == len(open_store(build / "graph.nt"))
    assert (build / STORE_FOLDER / STAMP).read_bytes() == before


def test_a_stale_store_that_cannot_be_rebuilt_is_read_from_graph_nt(build: Path) -> None:
    _another_version(build)
    lock_path(build).mkdir()  # the builds' lock cannot be taken: as in a read-only folder
    out, said = query(build)
    assert said.count("\n") == 1 and "cannot be rebuilt" in said, said
    assert out.splitlines()[1] == parsed_answer(build, COUNT)[0][0].split('"')[1]
    assert json.loads((build / STORE_FOLDER / STAMP).read_bytes())["hrgraph"] == "0.0.1"


def test_a_store_folder_of_someone_elses_files_is_never_replaced(build: Path) -> None:
    """A folder named store/ beside a build's dumps that hrgraph did not write is left as it is
    (a rebuild would replace it whole): the query reads graph.nt instead, and says so."""
    shutil.rmtree(build / STORE_FOLDER)
    (build / STORE_FOLDER).mkdir()
    (build / STORE_FOLDER / "notes.txt").write_text("mine")
    out, said = query(build)
    store, dump = f"{build / STORE_FOLDER}/", build / "graph.nt"
    assert said == f"hrgraph: {store} holds files hrgraph did not write: using {dump}, {store} untouched\n"
    assert out.splitlines()[1] == parsed_answer(build, COUNT)[0][0].split('"')[1]
    assert [p.name for p in (build / STORE_FOLDER).iterdir()] == ["notes.txt"]


@pytest.mark.parametrize("name", ["other.nt", "graph.nt"])
def test_a_dump_not_written_by_a_build_is_parsed_as_before(build: Path, tmp_path: Path, name: str) -> None:
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copyfile(build / "graph.nt", alone / name)
    said: list[str] = []
    graph = open_built_graph(alone / name, said.append)
    assert not graph.kept and said == [] and sorted(p.name for p in alone.iterdir()) == [name]
    assert len(graph.store) == len(open_store(build / "graph.nt"))


def test_the_python_api_loads_the_kept_store(build: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kg = KnowledgeGraph.load(build)
    assert kg.query(COUNT) == [{"n": len(open_store(build / "graph.nt"))}]
    assert capsys.readouterr().err == ""
    _deleted(build)
    assert KnowledgeGraph.load(build).query(COUNT) == kg.query(COUNT)
    assert "is missing: rebuilt it from" in capsys.readouterr().err


def fingerprint(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Every entry under the folder: its mode, mtime and (for files) a digest of its bytes."""
    return {
        path.relative_to(folder).as_posix(): (
            path.stat().st_mode,
            path.stat().st_mtime_ns,
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "",
        )
        for path in sorted(folder.rglob("*"))
    }


def test_validate_reads_the_builds_cache_and_never_changes_the_build(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(VALID, project / "sources")
    shutil.copytree(REPO / "ontology", project / "ontology")
    with contextlib.chdir(project):
        assert CliRunner().invoke(main, ["build"]).exit_code == 0
        edited = sorted((project / "sources").rglob("*.yaml"))[0]
        edited.write_text(
            edited.read_text(encoding="utf-8") + "\n# edited after the build\n", encoding="utf-8"
        )
        before = fingerprint(project / "build")
        result = CliRunner().invoke(main, ["validate"])
        assert result.exit_code == 0, result.output
        cache = SourceCache(Path("build") / ".cache" / "sources", read_only=True)
        check(Path("sources"), Path("ontology"), cache=cache)
    assert fingerprint(project / "build") == before
    files = len(list((project / "sources").rglob("*.yaml")))
    assert (cache.stats.hits, cache.stats.misses) == (files - 1, 1)


@pytest.mark.parametrize(
    "command",
    [["stats"], ["gaps", "--format", "csv"], ["export", "--format", "nt"], ["viz", "-o", "view.html"]],
)
def test_the_commands_that_read_sources_read_the_builds_cache_and_never_change_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    project = tmp_path / "project"
    shutil.copytree(VALID, project / "sources")
    shutil.copytree(REPO / "ontology", project / "ontology")
    with contextlib.chdir(project):
        fresh = CliRunner().invoke(main, command)  # no build yet: every file read
        assert fresh.exit_code == 0, fresh.output
        assert CliRunner().invoke(main, ["build"]).exit_code == 0
        before = fingerprint(project / "build")

        def not_read(*args: object, **kwargs: object) -> None:
            raise AssertionError("a file unchanged since the build was read again")

        monkeypatch.setattr("graph.ingest.cache.load_file", not_read)
        cached = CliRunner().invoke(main, command)
    assert cached.exit_code == 0, cached.output
    assert cached.stdout == fresh.stdout
    assert fingerprint(project / "build") == before
