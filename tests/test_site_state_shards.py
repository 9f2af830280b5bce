"""A rebuild writes the site's kept state (.state/site/, .state/lists/) by shard: after one
meeting renamed, the shards with a page or row made anew are new files, the others the last
build's (the same inode), and the next rebuild reads them back to a site equal to a cold build's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.synthetic import write
from graph.core.kept_shards import HEAD
from graph.ingest.cache import SourceCache
from graph.pipeline import build
from graph.site import kept_pages
from graph.site.kept_pages import SITE_STATE
from graph.site.kept_rows import LISTS_STATE

from .conftest import REPO
from .test_incremental_build import _meeting_files, _rename_meeting, assert_same_outputs

ONTOLOGY = REPO / "ontology"
SHARDS = 16


@pytest.fixture(autouse=True)
def many_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    """16 shards of the site's record, however small the site (as a large site has; the lists'
    record has a shard per group and bucket)."""
    monkeypatch.setattr(kept_pages, "shard_count", lambda items: SHARDS)


def _inodes(folder: Path) -> dict[str, int]:
    return {path.name: os.stat(path).st_ino for path in folder.iterdir() if path.name != HEAD}


def _rebuild(sources: Path, out: Path) -> None:
    build(sources, ONTOLOGY, out, cache=SourceCache(out / ".cache" / "sources"))


def test_a_rebuild_writes_only_the_state_shards_a_change_reaches(tmp_path: Path) -> None:
    sources, out = tmp_path / "sources", tmp_path / "build"
    write(sources, 200, seed=5, ontology_dir=ONTOLOGY)
    _rebuild(sources, out)
    _rename_meeting(_meeting_files(sources)[0], "Renamed")
    _rebuild(sources, out)
    before = {state: _inodes(out / state) for state in (SITE_STATE, LISTS_STATE)}
    _rename_meeting(_meeting_files(sources)[0], "Renamed again")
    _rebuild(sources, out)
    after = {state: _inodes(out / state) for state in (SITE_STATE, LISTS_STATE)}
    for state in (SITE_STATE, LISTS_STATE):
        linked = [name for name, inode in after[state].items() if before[state].get(name) == inode]
        written = [name for name in after[state] if name not in before[state]]
        assert written, state  # the meeting's page and rows
        assert len(linked) > len(written), state
        assert len(linked) + len(written) == len(after[state])
    _rename_meeting(_meeting_files(sources)[1], "Renamed too")
    _rebuild(sources, out)  # from the state written by shards
    cold = tmp_path / "cold"
    build(sources, ONTOLOGY, cold)
    assert_same_outputs(out, cold)
