"""The rows of entity pages' long tables are kept between builds (graph.site.kept_tables): a
rebuild re-makes only the rows a change reaches, puts the page together from the others, and
every page equals a cold build's; kept rows that cannot be trusted (damaged, missing, another
key) are made again. Every table of two rows or more keeps its rows here, and a page's long
tables are cut into further pages from ten rows (the data is small)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.synthetic import write
from graph.core.languages import LANGUAGES
from graph.ingest.cache import SourceCache
from graph.pipeline import build
from graph.site import entities, parts
from graph.site import write as site_write
from graph.site.kept_tables import TABLES_CACHE, TABLES_STATE, PageRows, TableRows, TablesRecord, read_rows

from .conftest import REPO
from .test_incremental_build import _meeting_files, _rename_meeting, assert_same_outputs

ONTOLOGY = REPO / "ontology"


def _short_tables(patch: pytest.MonkeyPatch) -> None:
    patch.setattr(entities, "KEPT_ROWS_FROM", 2)
    patch.setattr(parts, "PAGE_ROWS", 10)
    patch.setattr(parts, "TABLE_ROWS", 3)
    patch.setattr(parts, "PART_ROWS", 4)


@pytest.fixture(autouse=True)
def short_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    _short_tables(monkeypatch)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A 200-record tree built once (rows kept from two a table); each test copies it."""
    folder = tmp_path_factory.mktemp("kept-tables")
    write(folder / "sources", 200, seed=3, ontology_dir=ONTOLOGY)
    with pytest.MonkeyPatch.context() as patch:
        _short_tables(patch)
        _build(folder / "sources", folder / "build")
    yield folder


def _build(sources: Path, out: Path) -> None:
    build(sources, ONTOLOGY, out, cache=SourceCache(out / ".cache" / "sources"))


def _copy(built: Path, into: Path) -> tuple[Path, Path]:
    """A copy of the built tree, rebuilt once so that its state describes its own site."""
    shutil.copytree(built / "sources", into / "sources")
    shutil.copytree(built / "build", into / "build", symlinks=True)
    _build(into / "sources", into / "build")
    return into / "sources", into / "build"


@pytest.fixture
def used_rows(monkeypatch: pytest.MonkeyPatch) -> list[TableRows]:
    """Every page's rows in every language a build used (its pages written in this process)."""
    used: list[TableRows] = []
    language = PageRows.language

    def noted(self: PageRows, lang: str) -> TableRows:
        rows = language(self, lang)
        if not any(each is rows for each in used):
            used.append(rows)
        return rows

    monkeypatch.setattr(PageRows, "language", noted)
    serial = lambda work, tasks, processes=None: [work(task) for task in tasks]  # noqa: E731
    monkeypatch.setattr(site_write, "run_forked", serial)
    return used


def test_a_renamed_meeting_remakes_only_its_own_rows(
    built: Path, tmp_path: Path, used_rows: list[TableRows]
) -> None:
    sources, out = _copy(built, tmp_path)
    used_rows.clear()  # those of the copy's rebuild
    meeting = _meeting_files(sources)[2]
    _rename_meeting(meeting, "Renamed")
    _build(sources, out)
    cold = tmp_path / "cold"
    build(sources, ONTOLOGY, cold)
    assert_same_outputs(out, cold)
    made = [key for rows in used_rows for key in rows.keys if key not in rows.last]
    kept = [key for rows in used_rows for key in rows.keys if key in rows.last]
    identifier = meeting.stem  # the meeting's id ends with its file's name
    assert made, "the meeting's rows on its place's, country's or topic's pages"
    assert all(isinstance(key, tuple) and key[-1].endswith(identifier) for key in made), made
    assert len(kept) > 2 * len(made)  # the other rows of the same pages
    further = list((out / "site").rglob("*-page-*.html"))
    assert len(further) > 10  # the further pages of long tables, equal to a cold build's too


def test_kept_rows_are_recorded_for_the_next_build(built: Path, tmp_path: Path) -> None:
    _, out = _copy(built, tmp_path)
    record = TablesRecord.read(out, out / "site")
    assert record is not None and record.pages
    assert all((out / TABLES_CACHE / name).is_file() for name in record.pages.values())
    country = next(node for node in record.pages if "/country/" in node)
    rows = read_rows(out / TABLES_CACHE, record.pages[country])
    assert rows is not None and sorted(rows) == sorted(LANGUAGES)  # its rows in every language


@pytest.mark.parametrize("damage", ["truncated", "missing", "other key", "no state"])
def test_kept_rows_that_cannot_be_trusted_are_made(
    built: Path, tmp_path: Path, used_rows: list[TableRows], damage: str
) -> None:
    sources, out = _copy(built, tmp_path)
    record = TablesRecord.read(out, out / "site")
    assert record is not None
    for name in set(record.pages.values()):  # pages with the same rows share a file
        path = out / TABLES_CACHE / name
        if damage == "truncated":
            path.write_bytes(path.read_bytes()[:-7])
        elif damage == "missing":
            path.unlink()
    if damage == "other key":
        other = TablesRecord("another key", record.pages, record.site_mark)
        (out / TABLES_STATE).write_bytes(other.to_bytes())
    elif damage == "no state":
        (out / TABLES_STATE).unlink()
    _rename_meeting(_meeting_files(sources)[4], "Again")
    used_rows.clear()  # those of the copy's rebuild
    _build(sources, out)
    assert used_rows and not any(rows.last for rows in used_rows)  # every row made
    cold = tmp_path / "cold"
    build(sources, ONTOLOGY, cold)
    assert_same_outputs(out, cold)
    after = TablesRecord.read(out, out / "site")
    assert after is not None and after.pages  # and kept again for the next build
    assert all((out / TABLES_CACHE / name).is_file() for name in after.pages.values())


def test_the_last_builds_rows_are_kept_until_it_is_replaced(built: Path, tmp_path: Path) -> None:
    """Rows no build refers to are removed, those of the build being replaced are not (a
    failed build must leave the last one whole)."""
    sources, out = _copy(built, tmp_path)
    first = TablesRecord.read(out, out / "site")
    assert first is not None
    stray = out / TABLES_CACHE / ("0" * 64)
    stray.write_bytes(b"left by a killed build")
    _rename_meeting(_meeting_files(sources)[2], "Once")
    _build(sources, out)
    second = TablesRecord.read(out, out / "site")
    assert second is not None and second.pages != first.pages
    names = {path.name for path in (out / TABLES_CACHE).iterdir()}
    assert not stray.exists()
    assert set(first.pages.values()) | set(second.pages.values()) == names
    _rename_meeting(_meeting_files(sources)[2], "Twice")
    _build(sources, out)
    third = TablesRecord.read(out, out / "site")
    assert third is not None
    names = {path.name for path in (out / TABLES_CACHE).iterdir()}
    assert set(second.pages.values()) | set(third.pages.values()) == names


def _further_pages(out: Path) -> dict[str, tuple[int, bytes]]:
    """Each further page of a long table in a build's site: its inode and bytes."""
    site = out / "site"
    return {
        path.relative_to(site).as_posix(): (path.stat().st_ino, path.read_bytes())
        for path in site.rglob("*-page-*.html")
    }


def test_further_pages_that_show_the_same_are_the_last_builds_files(built: Path, tmp_path: Path) -> None:
    """A page made again (a person it shows renamed) keeps those of its further pages whose
    content is the same: the last build's files, not written again; the others are written anew."""
    sources, out = _copy(built, tmp_path)
    before = _further_pages(out)
    shown = b"".join(content for _, content in before.values())
    person = re.search(rb"person/([a-z0-9-]+)\.html", shown)
    assert person, "a further page shows a person"
    record = f'- id: person/{person[1].decode()}\n    name: {{en: "'
    people = sources.glob("people/**/*.yaml")
    path = next(path for path in people if record in path.read_text(encoding="utf-8"))
    path.write_text(path.read_text(encoding="utf-8").replace(record, f"{record}Renamed "), encoding="utf-8")
    _build(sources, out)
    after = _further_pages(out)
    rewritten = {name for name in after if name not in before or after[name][0] != before[name][0]}
    changed = {name for name in after if name not in before or after[name][1] != before[name][1]}
    assert rewritten == changed
    assert changed, "the new name shows on a further page"
    assert len(changed) < len(after) / 2  # the others are the last build's
    cold = tmp_path / "cold"
    build(sources, ONTOLOGY, cold)
    assert_same_outputs(out, cold)
