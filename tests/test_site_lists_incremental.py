"""A rebuild remakes only the list rows a change reaches and writes only the list pages (kind
lists, timeline, tracker) whose bytes change: the others are the last build's files, linked
(the same inode); the whole site equals a cold build's. Lists are cut into pages of 10 rows
here, so that rows move between pages."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.synthetic import write
from graph.core.kept_shards import HEAD, DamagedShard
from graph.core.languages import LANGUAGES
from graph.ingest.cache import SourceCache
from graph.pipeline import build
from graph.site import listings
from graph.site.facts import Named, Source, Value
from graph.site.kept_rows import LISTS_STATE, LanguageLists, ListsRecord, cells_bytes, cells_of
from graph.site.search import SHARDS

from .conftest import REPO
from .test_incremental_build import (
    _edit_moving_list_rows,
    _edit_reaching_other_pages,
    _meeting_files,
    _rename_meeting,
    assert_same_outputs,
)
from .test_kept_shards import DAMAGES, damage

ONTOLOGY = REPO / "ontology"
LIST_PAGE = re.compile(r"^[a-z]+/(list/|timeline/|timeline\.html|commitments)")


@pytest.fixture(autouse=True)
def short_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(listings, "ROWS_PER_PAGE", 10)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A 200-record tree built once (lists of 10 rows a page); each test copies it."""
    folder = tmp_path_factory.mktemp("lists-incremental")
    write(folder / "sources", 200, seed=3, ontology_dir=ONTOLOGY)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(listings, "ROWS_PER_PAGE", 10)
        build(folder / "sources", ONTOLOGY, folder / "build")
    yield folder


def _copy_and_rebuild(built: Path, into: Path) -> tuple[Path, Path]:
    """A copy of the built tree, rebuilt once so that its state describes its own site."""
    shutil.copytree(built / "sources", into / "sources")
    shutil.copytree(built / "build", into / "build", symlinks=True)
    sources, out = into / "sources", into / "build"
    _rebuild(sources, out)
    assert ListsRecord.read(out, out / "site") is not None
    return sources, out


def _rebuild(sources: Path, out: Path) -> None:
    build(sources, ONTOLOGY, out, cache=SourceCache(out / ".cache" / "sources"))


def _list_files(out: Path) -> dict[str, tuple[int, bytes]]:
    """Each list page of a build's site: its inode and bytes."""
    site = out / "site"
    found = {}
    for path in site.rglob("*.html"):
        name = path.relative_to(site).as_posix()
        if LIST_PAGE.match(name):
            found[name] = (os.stat(path).st_ino, path.read_bytes())
    return found


def _rewritten_exactly_where_changed(sources: Path, out: Path, tmp_path: Path) -> set[str]:
    """Rebuild after an edit already made: the list pages whose bytes changed are the ones
    rewritten, the others linked; the build equals a cold one. The changed pages."""
    before = _list_files(out)
    _rebuild(sources, out)
    after = _list_files(out)
    rewritten = {name for name in after if name not in before or after[name][0] != before[name][0]}
    changed = {name for name in after if name not in before or after[name][1] != before[name][1]}
    assert rewritten == changed
    cold = tmp_path / "cold"
    build(sources, ONTOLOGY, cold)
    assert_same_outputs(out, cold)
    return changed


def test_a_renamed_meeting_rewrites_only_the_list_pages_showing_its_name(built: Path, tmp_path: Path) -> None:
    sources, out = _copy_and_rebuild(built, tmp_path)
    meeting = _meeting_files(sources)[0]
    _rename_meeting(meeting, "Renamed")
    changed = _rewritten_exactly_where_changed(sources, out, tmp_path)
    assert any("list/meeting" in name for name in changed)
    assert len(changed) < len(_list_files(out)) / 4  # most list pages are the last build's


def test_a_person_sorted_first_moves_the_rows_of_every_later_page(built: Path, tmp_path: Path) -> None:
    sources, out = _copy_and_rebuild(built, tmp_path)
    before = _list_files(out)
    _edit_moving_list_rows(sources, "person sorted first", 0, 0)
    changed = _rewritten_exactly_where_changed(sources, out, tmp_path)
    people = {name for name in before if name.startswith("en/list/person")}
    assert len(people) > 2
    assert people <= changed  # every page of the people's list shifts by one row


def test_a_meeting_moved_in_its_year_rewrites_its_timeline_pages(built: Path, tmp_path: Path) -> None:
    sources, out = _copy_and_rebuild(built, tmp_path)
    _edit_moving_list_rows(sources, "meeting date", 4, 0)
    changed = _rewritten_exactly_where_changed(sources, out, tmp_path)
    assert any(name.startswith("en/timeline/") for name in changed)


def _index_inodes(out: Path) -> dict[tuple[str, str], int]:
    """Each part of each language's search index: its inode."""
    parts = (out / "site").glob("*/search-index-*.js")
    return {(path.parent.name, path.name): os.stat(path).st_ino for path in parts}


def test_search_index_parts_are_kept_when_no_name_changed_and_made_where_one_did(
    built: Path, tmp_path: Path
) -> None:
    sources, out = _copy_and_rebuild(built, tmp_path)
    first = _index_inodes(out)
    _edit_reaching_other_pages(sources, "add participant", 1, 0)  # no name nor title changes
    _rewritten_exactly_where_changed(sources, out, tmp_path / "after-participant")
    assert _index_inodes(out) == first
    _rename_meeting(_meeting_files(sources)[0], "Renamed")
    _rewritten_exactly_where_changed(sources, out, tmp_path / "after-rename")
    renamed = _index_inodes(out)
    assert renamed.keys() == first.keys() and len(first) == len(LANGUAGES) * SHARDS
    remade = sorted(part for part in first if renamed[part] != first[part])
    assert [lang for lang, _ in remade] == list(LANGUAGES)  # the meeting's own part, in each language
    assert len({name for _, name in remade}) == 1


@pytest.mark.parametrize("how", [*DAMAGES, "foreign"])
def test_lists_state_that_cannot_be_trusted_is_not_used_where_damaged(
    built: Path, tmp_path: Path, how: str
) -> None:
    """A head that cannot be read (or another build's state): every list page of every language
    is made. A group's index damaged: every list page of its language. A bucket's rows damaged:
    the rebuild does not carry the damage on (cut or deleted: its group is made again). The site
    equals a cold build's in every case."""
    sources, out = _copy_and_rebuild(built, tmp_path)
    state = out / LISTS_STATE
    shards = sorted(path.name for path in state.iterdir() if path.name != HEAD)
    if how == "foreign":  # another build's state: its site mark is not this site's
        shutil.rmtree(state)
        shutil.copytree(built / "build" / LISTS_STATE, state)
    else:
        damage(state, how)
    damaged_names = {"cut shard": shards[:1], "deleted shard": shards[:1], "swapped shards": shards[:2]}
    record = ListsRecord.read(out, out / "site")
    remade_languages = set(LANGUAGES)  # all when the head cannot be read
    if record is not None:
        assert how in damaged_names
        assert record.kept is not None
        indexes = {
            name: group.partition("\t")[0]
            for group, names in record.kept.groups.items()
            for name in names[:1]
        }
        remade_languages = {indexes[name] for name in damaged_names[how] if name in indexes}
    before = _list_files(out)
    _rename_meeting(_meeting_files(sources)[0], "Again")
    _rebuild(sources, out)
    after = _list_files(out)
    remade = [
        after[name][0] != before[name][0] for name in after if name in before and name[:2] in remade_languages
    ]
    assert all(remade) and (remade or not remade_languages)
    if how in ("cut shard", "deleted shard"):
        again = ListsRecord.read(out, out / "site")
        assert again is not None and again.kept is not None
        assert not any(_unreadable(again, lists) for lists in again.languages.values())
    cold = tmp_path / "cold"
    build(sources, ONTOLOGY, cold)
    assert_same_outputs(out, cold)


def _unreadable(record: ListsRecord, lists: LanguageLists) -> bool:
    """Whether a shard of the language's lists (a group's index or a bucket's rows) is damaged."""
    assert record.kept is not None
    try:
        for group in lists.last_groups(record.kept).values():
            for number in range(len(group.index.buckets)):
                group.bucket_items(number)
    except DamagedShard:
        return True
    return False


def test_cells_come_back_as_they_were_kept() -> None:
    source = Source("src/a.html", "A report", "Times", "2020", "https://a.example", "", "said", "p. 2")
    shared = Named("Shared", "person/a.html")
    cells = [Value([shared, shared, Named("Lao", "", "lo")], [source, source], "high", "a note"), Value([])]
    assert cells_of(cells_bytes(cells)) == cells
    copies = [
        Value(
            [Named("Shared", "person/a.html"), Named("Shared", "person/a.html"), Named("Lao", "", "lo")],
            [Source(*vars(source).values()), source],
            "high",
            "a note",
        ),
        Value([]),
    ]
    assert cells_bytes(copies) == cells_bytes(cells)  # the same bytes, however shared
