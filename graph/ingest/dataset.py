"""The curated records of a sources folder, and where its files are."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from graph.core.errors import Problem

if TYPE_CHECKING:  # the models load pydantic: not needed to find or name files
    from graph.ingest.records import Record
    from graph.ingest.summary import FileSummary

YAML_SUFFIXES = (".yaml", ".yml")


class LazyRecords(Mapping[str, "Record"]):
    """Records by id, in the dataset's order, some of them read only when asked for: those of a
    file known unchanged since the last build, whose ids alone are known (`add_unread`) until one
    of its records is asked for; then the file's records are read at once (`read`: shown path →
    every record the file gives, in order). A record defined twice is the first one."""

    def __init__(self, read: Callable[[str], list[Record]]):
        self._read = read
        self._file_of: dict[str, str] = {}  # id → the file defining it, in the dataset's order
        self._records: dict[str, Record] = {}  # the records read so far
        self._files: dict[str, list[Record]] = {}  # shown path → every record it gave, once read
        self.unread: set[str] = set()  # the files whose records have not been read

    def add(self, record: Record) -> None:
        """A record already read (the caller keeps the first of an id)."""
        self._file_of[record.id] = record.file
        self._records[record.id] = record

    def add_unread(self, record_id: str, shown: str) -> None:
        """A record of the file `shown`, not read yet."""
        self._file_of[record_id] = shown
        if shown not in self._files:
            self.unread.add(shown)

    def file_of(self, record_id: str) -> str:
        return self._file_of[record_id]

    def files(self) -> Iterable[tuple[str, str]]:
        """Each record's id, in order, with its file."""
        return self._file_of.items()

    def placed(self) -> Iterator[tuple[str, str | None]]:
        """Each record's id, in order, with its file if the file is not read yet, else None."""
        unread = self.unread
        return ((record_id, shown if shown in unread else None) for record_id, shown in self._file_of.items())

    def records_of(self, shown: str) -> list[Record]:
        """Every record the file gives, in order, duplicates included (read on first use)."""
        found = self._files.get(shown)
        if found is None:
            found = self._files[shown] = self._read(shown)
            self.unread.discard(shown)
        return found

    def __getitem__(self, record_id: str) -> Record:
        found = self._records.get(record_id)
        if found is None:
            # the file's first record of the id (a later one is defined twice: not the dataset's)
            found = next(r for r in self.records_of(self._file_of[record_id]) if r.id == record_id)
            self._records[record_id] = found
        return found

    def kind_of(self, record_id: str) -> str | None:
        """The kind of the record (None: not defined), its file not read for it: a record that
        loaded is of its id's kind (graph.ingest.read_file refuses any other)."""
        found = self._records.get(record_id)
        if found is not None:
            return found.prefix
        return record_id.split("/", 1)[0] if record_id in self._file_of else None

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._file_of

    def __iter__(self) -> Iterator[str]:
        return iter(self._file_of)

    def __len__(self) -> int:
        return len(self._file_of)


@dataclass
class Dataset:
    """All curated records, by id, in a stable order (file path, then position)."""

    records: Mapping[str, Record] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unreadable_ids: set[str] = field(default_factory=set)
    digests: dict[str, str] = field(default_factory=dict)  # shown path → sha256 of the bytes read
    # each file's summary (graph.ingest.summary), for the next build's manifest (of a dataset
    # without errors: one with errors keeps a file's summary even where its ids are taken)
    summaries: dict[str, FileSummary] = field(default_factory=dict)

    def of_type(self, kind: type[Record]) -> list[Record]:
        return [r for r in self.records.values() if isinstance(r, kind)]

    def placed(self) -> Iterator[tuple[str, str | None]]:
        """Each record's id, in order, with its file if the file is not read yet (its summary
        stands for it), else None."""
        records = self.records
        if not isinstance(records, LazyRecords) or not records.unread:
            return ((record_id, None) for record_id in records)
        return records.placed()

    def source_languages(self) -> dict[str, str]:
        """Each source's language, by id; a file not read is answered from its summary."""
        from graph.ingest.records import Source

        records = self.records
        if not isinstance(records, LazyRecords) or not records.unread:
            return {r.id: r.language for r in records.values() if isinstance(r, Source)}
        languages = {}
        for record_id, shown in self.placed():
            if shown is not None:
                facts = self.summaries[shown].sources.get(record_id)
                if facts is not None:
                    languages[record_id] = facts.language
            else:
                record = records[record_id]
                if isinstance(record, Source):
                    languages[record_id] = record.language
        return languages

    def ids_by_file(self) -> dict[str, list[str]]:
        """Each file's record ids, in the dataset's order (files that gave none left out),
        without reading any record."""
        found: dict[str, list[str]] = {}
        records = self.records
        if isinstance(records, LazyRecords):
            for record_id, shown in records.files():
                found.setdefault(shown, []).append(record_id)
        else:
            for record in records.values():
                found.setdefault(record.file, []).append(record.id)
        return found


def find_source_files(sources_dir: Path) -> list[Path]:
    """Every YAML file under the folder, sorted by path so builds do not depend on disk order.

    A symbolic link is followed only to a file inside the folder; the others are left out
    (`scan_sources` also reports them)."""
    return scan_sources(sources_dir)[0]


def scan_sources(sources_dir: Path) -> tuple[list[Path], list[Problem]]:
    """One walk of the folder: the YAML files to read (as find_source_files), and the YAML links
    that are not read (dangling, looping or leaving the folder), each a problem at its path."""
    files, problems = [], []
    for path in sorted(sources_dir.rglob("*")):
        if path.suffix.lower() not in YAML_SUFFIXES:  # people.YAML too (a file some editors name so)
            continue
        problem = _link_problem(path, sources_dir)
        if problem is not None:
            shown = f"{display_path(path.parent)}/{path.name}"  # the link itself, not its target
            problems.append(Problem(shown, 1, *problem))
        elif path.is_file():
            files.append(path)
    files.sort(key=lambda p: p.relative_to(sources_dir).as_posix())
    return files, problems


def _link_problem(path: Path, sources_dir: Path) -> tuple[str, str] | None:
    """Why a symbolic link is not read (message, hint), or None for a file that is fine."""
    if not path.is_symlink():
        return None
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "the symbolic link loops", "point it at a YAML file inside the sources folder"
        return "the symbolic link points to nothing", "point it at a YAML file, or remove it"
    if not path.resolve().is_relative_to(sources_dir.resolve()):
        return (
            f"the symbolic link leads out of the sources folder (to {path.resolve()})",
            "copy the file into the sources folder instead",
        )
    return None


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def display_paths(paths: Sequence[Path]) -> list[str]:
    """display_path of each path, each folder resolved once (not every file's whole path: 0.3 ms a
    file): a file that is not a symbolic link resolves to its folder's resolved path and its name."""
    here = Path.cwd().resolve()
    folders: dict[Path, Path] = {}
    shown = []
    for path in paths:
        if path.is_symlink():
            shown.append(display_path(path))
            continue
        folder = folders.get(path.parent)
        if folder is None:
            folder = folders[path.parent] = path.parent.resolve()
        try:
            shown.append((folder / path.name).relative_to(here).as_posix())
        except ValueError:
            shown.append(path.as_posix())
    return shown
