"""The cache of unchanged source files: a warm build is the same build, an edited file is read
again, and a stale, damaged or foreign cache is never trusted. On the fixed fixture tree
tests/fixtures/valid (five files), and once on the real sources/ for every kind of record."""

from __future__ import annotations

import hashlib
import hmac
import pickle
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.core.errors import DataInvalid
from graph.ingest.cache import SourceCache, key_file, signing_key
from graph.ingest.dataset import find_source_files
from graph.pipeline import Checked, build, check

from .conftest import BROKEN, ONTOLOGY, REPO, VALID

OUTPUTS = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.html")


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    shutil.copytree(VALID, tmp_path / "sources")
    return tmp_path / "sources"


def outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


def test_a_warm_build_reads_nothing_again_and_writes_the_same_bytes(sources: Path, tmp_path: Path) -> None:
    files = len(find_source_files(sources))
    cold_cache = SourceCache(tmp_path / "cache")
    build(sources, ONTOLOGY, tmp_path / "cold", cache=cold_cache)
    assert (cold_cache.stats.hits, cold_cache.stats.misses) == (0, files)
    warm_cache = SourceCache(tmp_path / "cache")
    build(sources, ONTOLOGY, tmp_path / "warm", cache=warm_cache)
    assert (warm_cache.stats.hits, warm_cache.stats.misses) == (files, 0)
    build(sources, ONTOLOGY, tmp_path / "none")
    assert outputs(tmp_path / "cold") == outputs(tmp_path / "warm") == outputs(tmp_path / "none")


def test_a_warm_check_of_the_real_sources_gives_the_same_graph(seed_checked: Checked, tmp_path: Path) -> None:
    """Every kind of record the curated data holds comes back from the cache as it was read."""
    files = len(find_source_files(REPO / "sources"))
    check(REPO / "sources", ONTOLOGY, cache=SourceCache(tmp_path / "cache"))
    warm_cache = SourceCache(tmp_path / "cache")
    warm = check(REPO / "sources", ONTOLOGY, cache=warm_cache)
    assert (warm_cache.stats.hits, warm_cache.stats.misses) == (files, 0)
    assert warm.ntriples == seed_checked.ntriples  # checked without a cache
    assert warm.dataset.records == seed_checked.dataset.records


def test_an_edited_file_is_read_again(sources: Path, tmp_path: Path) -> None:
    check(sources, ONTOLOGY, cache=SourceCache(tmp_path / "cache"))
    people = sources / "people.yaml"
    text = people.read_text(encoding="utf-8")
    assert "{en: Test Person A}" in text
    people.write_text(
        text.replace("{en: Test Person A}", "{en: Test Person A (edited)}", 1), encoding="utf-8"
    )
    cache = SourceCache(tmp_path / "cache")
    checked = check(sources, ONTOLOGY, cache=cache)
    assert (cache.stats.hits, cache.stats.misses) == (len(find_source_files(sources)) - 1, 1)
    names = {str(o) for o in checked.assembly.graph.objects(None, None) if "Test Person A" in str(o)}
    assert "Test Person A (edited)" in names and "Test Person A" not in names


def test_a_damaged_or_foreign_cache_is_a_miss_never_an_error(sources: Path, tmp_path: Path) -> None:
    expected = check(sources, ONTOLOGY).ntriples
    folder = tmp_path / "cache"
    check(sources, ONTOLOGY, cache=SourceCache(folder))
    entries = sorted(folder.glob("*.pickle"))
    assert len(entries) == len(find_source_files(sources))
    entries[0].write_bytes(b"not a pickle")
    entries[1].write_bytes(entries[1].read_bytes()[:100])  # cut short
    cache = SourceCache(folder)
    assert check(sources, ONTOLOGY, cache=cache).ntriples == expected
    assert cache.stats.misses == 2
    other_code = SourceCache(folder, fingerprint="another version of hrgraph")
    assert check(sources, ONTOLOGY, cache=other_code).ntriples == expected
    assert other_code.stats.hits == 0


def test_a_moved_file_is_not_taken_for_another(sources: Path, tmp_path: Path) -> None:
    """Records carry the path shown in messages, so the same bytes at a new path are read again."""
    check(sources, ONTOLOGY, cache=SourceCache(tmp_path / "cache"))
    (sources / "moved").mkdir()
    shutil.move(sources / "people.yaml", sources / "moved" / "people.yaml")
    cache = SourceCache(tmp_path / "cache")
    checked = check(sources, ONTOLOGY, cache=cache)
    assert cache.stats.misses == 1
    moved = [r for r in checked.dataset.records.values() if r.file.endswith("moved/people.yaml")]
    assert moved
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == len(find_source_files(sources))  # pruned


def cache_files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.mark.parametrize("case", ["undefined-reference", "yaml-syntax-error", "id-defined-twice"])
def test_a_failed_check_writes_nothing_and_its_errors_are_the_same_from_the_cache(
    case: str, sources: Path, tmp_path: Path
) -> None:
    """A failed check leaves the last good check's cache as it was (no entry written, none
    evicted, none pruned), reports what a read without the cache reports, and once the edit is
    undone every file is a hit again."""
    check(sources, ONTOLOGY, cache=SourceCache(tmp_path / "cache"))  # the last good check
    before = cache_files(tmp_path / "cache")
    broken_files = sorted((BROKEN / case / "sources").iterdir())
    shutil.copytree(BROKEN / case / "sources", sources, dirs_exist_ok=True)
    with pytest.raises(DataInvalid) as cold:
        check(sources, ONTOLOGY)
    for _ in range(2):
        cache = SourceCache(tmp_path / "cache")
        with pytest.raises(DataInvalid) as warm:
            check(sources, ONTOLOGY, cache=cache)
        assert [str(p) for p in warm.value.problems] == [str(p) for p in cold.value.problems]
        replaced = sum((VALID / path.name).exists() for path in broken_files)
        assert (cache.stats.hits, cache.stats.misses) == (5 - replaced, len(broken_files))
        assert cache_files(tmp_path / "cache") == before
    for path in broken_files:  # the edit undone
        if (VALID / path.name).exists():
            shutil.copy(VALID / path.name, sources / path.name)
        else:
            (sources / path.name).unlink()
    undone = SourceCache(tmp_path / "cache")
    check(sources, ONTOLOGY, cache=undone)
    assert (undone.stats.hits, undone.stats.misses) == (5, 0)


def test_the_cli_keeps_the_cache_in_the_build_folder_unless_told_not_to(tmp_path: Path) -> None:
    args = ["build", "--sources", str(VALID), "--ontology", str(ONTOLOGY)]
    result = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "a" / ".cache" / "sources").glob("*.pickle"))) == len(
        find_source_files(VALID)
    )
    result = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "b"), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "b" / ".cache").exists()
    assert outputs(tmp_path / "a") == outputs(tmp_path / "b")


def test_a_file_saved_during_a_build_never_leaves_a_stale_entry(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15, finding 2: the key was hashed from one read of a file and the records came from
    a second; a file saved between the two (an editor saving atomically, B ↔ A) left an entry
    whose key said B and whose records said A, served by every later build. Now each file is
    read once: key and records come from the same bytes."""
    people = sources / "people.yaml"
    edited = people.read_text(encoding="utf-8")
    before = edited.encode("utf-8")
    people.write_text(edited.replace("{en: Test Person A}", "{en: Test Person B}", 1), encoding="utf-8")
    reads = {"count": 0}
    real_read_bytes = Path.read_bytes

    def saved_back_after_the_first_read(self: Path) -> bytes:
        if self.resolve() != people.resolve():
            return real_read_bytes(self)
        reads["count"] += 1
        return real_read_bytes(self) if reads["count"] == 1 else before  # B first, then A again

    with monkeypatch.context() as patch:
        patch.setattr(Path, "read_bytes", saved_back_after_the_first_read)
        check(sources, ONTOLOGY, cache=SourceCache(tmp_path / "cache"))
    assert reads["count"] == 1

    checked = check(sources, ONTOLOGY, cache=SourceCache(tmp_path / "cache"))  # the file says B
    names = {str(o) for o in checked.assembly.graph.objects(None, None) if "Test Person" in str(o)}
    assert "Test Person B" in names and "Test Person A" not in names


class _Planted:
    """What an attacker who can write build/ would plant: unpickling it writes a file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (str(self.marker), "code ran"))


def test_a_planted_pickle_is_never_unpickled(sources: Path, tmp_path: Path) -> None:
    """Issue 15, finding 21: whoever can write build/ but not the user's key runs no code."""
    cache = SourceCache(tmp_path / "cache", signing=b"k" * 32)
    build(sources, ONTOLOGY, tmp_path / "out", cache=cache)
    marker = tmp_path / "marker"
    entries = sorted((tmp_path / "cache").glob("*.pickle"))
    planted = pickle.dumps(_Planted(marker))
    entries[0].write_bytes(b"\0" * 32 + planted)  # no valid signature
    other = SourceCache(tmp_path / "cache", signing=b"x" * 32)  # signed with another key
    entries[1].write_bytes(hmac.new(b"x" * 32, planted, hashlib.sha256).digest() + planted)
    again = SourceCache(tmp_path / "cache", signing=b"k" * 32)
    build(sources, ONTOLOGY, tmp_path / "other", cache=again)  # no last build: the cache is read
    assert not marker.exists()
    assert again.stats.misses == 2 and again.stats.hits == len(entries) - 2
    assert other.signing != again.signing


def test_the_signing_key_is_the_users_alone_and_its_absence_only_costs_the_cache(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    key = signing_key()
    assert len(key) == 32 and signing_key() == key
    assert key_file() == tmp_path / "home-cache" / "hrgraph" / "cache-key"
    assert key_file().stat().st_mode & 0o777 == 0o600
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the key's folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    result = CliRunner().invoke(
        main,
        ["build", "--sources", str(sources), "--ontology", str(ONTOLOGY), "--out", str(tmp_path / "out")],
    )
    assert result.exit_code == 0, result.output
    assert (
        f"hrgraph: warning: cannot read or make the cache key {blocked}/hrgraph/cache-key (" in result.output
    )
    assert not list((tmp_path / "out").glob(".cache/sources/*.pickle"))
