"""A rebuild writes only the site's pages a change reaches: the others are the last build's
files, linked (the same inode), and the whole site equals a cold build's."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from benchmarks.synthetic import write
from graph.ingest.cache import SourceCache
from graph.pipeline import build
from graph.site.kept_pages import SITE_STATE, SiteRecord

from .conftest import REPO
from .test_incremental_build import assert_same_outputs
from .test_kept_shards import DAMAGES, damage

ONTOLOGY = REPO / "ontology"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 200-record tree built once; each test copies it (sources and build)."""
    folder = tmp_path_factory.mktemp("site-incremental")
    write(folder / "sources", 200, seed=7, ontology_dir=ONTOLOGY)
    build(
        folder / "sources",
        ONTOLOGY,
        folder / "build",
        cache=SourceCache(folder / "build" / ".cache" / "sources"),
    )
    return folder


def _copy(built: Path, into: Path) -> tuple[Path, Path]:
    shutil.copytree(built / "sources", into / "sources")
    shutil.copytree(built / "build", into / "build", symlinks=True)
    return into / "sources", into / "build"


def _entity_files(out: Path) -> dict[str, tuple[int, bytes]]:
    """Each entity page file of the last build's site: its inode and bytes."""
    record = SiteRecord.read(out, out / "site")
    assert record is not None
    found = {}
    for page in record.pages:
        for name in page.files:
            path = out / "site" / name
            found[name] = (os.stat(path).st_ino, path.read_bytes())
    return found


def _rebuild(sources: Path, out: Path) -> None:
    build(sources, ONTOLOGY, out, cache=SourceCache(out / ".cache" / "sources"))


def test_a_renamed_person_rewrites_only_the_pages_that_show_the_name(built: Path, tmp_path: Path) -> None:
    sources, out = _copy(built, tmp_path)
    _rebuild(sources, out)  # the copied build's site is not the one its state describes: cold
    before = _entity_files(out)
    person = sorted(sources.glob("people/**/*.yaml"))[0]
    text = person.read_text(encoding="utf-8")
    person.write_text(text.replace('name: {en: "', 'name: {en: "Renamed ', 1), encoding="utf-8")
    _rebuild(sources, out)
    after = _entity_files(out)
    assert sorted(after) == sorted(before)
    rewritten = {name for name in after if after[name][0] != before[name][0]}
    changed = {name for name in after if after[name][1] != before[name][1]}
    assert changed, "the rename shows on some page"
    assert rewritten == changed
    cold = tmp_path / "cold"
    build(sources, ONTOLOGY, cold)
    assert_same_outputs(out, cold)


def test_a_site_not_the_one_the_state_describes_is_written_whole(built: Path, tmp_path: Path) -> None:
    sources, out = _copy(built, tmp_path)  # copied: new inodes, the state's mark differs
    assert SiteRecord.read(out, out / "site") is None
    assert (out / SITE_STATE).exists()
    _rebuild(sources, out)
    assert SiteRecord.read(out, out / "site") is not None


@pytest.mark.parametrize("how", DAMAGES)
def test_damaged_site_state_means_the_whole_site(built: Path, tmp_path: Path, how: str) -> None:
    sources, out = _copy(built, tmp_path)
    _rebuild(sources, out)
    damage(out / SITE_STATE, how)  # the head or a shard of the site's record
    assert SiteRecord.read(out, out / "site") is None
    meeting = sorted(sources.glob("meetings/**/*.yaml"))[0]
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text.replace('name: {en: "', 'name: {en: "Again ', 1), encoding="utf-8")
    _rebuild(sources, out)
    cold = tmp_path / "cold"
    build(sources, ONTOLOGY, cold)
    assert_same_outputs(out, cold)


def test_a_page_file_gone_from_the_last_site_is_written_again(built: Path, tmp_path: Path) -> None:
    """The last site lost one file of a page the change does not reach: that page is made again,
    the others are kept; the site equals a cold build's."""
    sources, out = _copy(built, tmp_path)
    _rebuild(sources, out)
    before = _entity_files(out)
    lost = sorted(name for name in before if name.startswith("km/person/"))[0]
    (out / "site" / lost).unlink()
    meeting = sorted(sources.glob("meetings/**/*.yaml"))[0]
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text.replace('name: {en: "', 'name: {en: "Again ', 1), encoding="utf-8")
    _rebuild(sources, out)
    after = _entity_files(out)
    kept = [name for name in after if name in before and after[name][0] == before[name][0]]
    assert lost in after and len(kept) > len(after) / 2
    cold = tmp_path / "cold"
    build(sources, ONTOLOGY, cold)
    assert_same_outputs(out, cold)


EXTRA_SOURCE = """sources:
  - id: src/extra-only-here
    title: "A report no fact cites"
    publisher: "Extra Post"
    language: en
    url: "https://extra.example.org/report"
    kind: report
"""


def test_a_page_gone_leaves_the_search_index_as_a_cold_build_writes_it(built: Path, tmp_path: Path) -> None:
    """A source no fact cites, added then removed: its page is gone and no other entity page is
    reached, so only the search index's part that held it (and the lists) changes."""
    sources, out = _copy(built, tmp_path)
    extra = sources / "extra.yaml"
    extra.write_text(EXTRA_SOURCE, encoding="utf-8")
    _rebuild(sources, out)
    index = sorted((out / "site" / "en").glob("search-index-*.js"))
    assert any("A report no fact cites" in path.read_text(encoding="utf-8") for path in index)
    extra.unlink()
    _rebuild(sources, out)
    cold = tmp_path / "cold"
    build(sources, ONTOLOGY, cold)
    assert_same_outputs(out, cold)
