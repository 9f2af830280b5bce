"""The rows of entity pages' long tables kept between builds, so that re-making a page a change
reaches re-makes only the rows it reaches (one meeting renamed: its row on its country's and
topic's pages, in each language) and the page is put together from the others as they were.

A long table's row (graph.site.entities.Entities.table_rows) is made under a RecordingGraph
frame and kept with what it read, as a list's row is (graph.site.kept_rows: its sort
key, its cells, its reads; `TableRows`); the rows' order is asked every build (which rows a table has, in
the graph's order, then their kept keys). A page's rows in every language are one file in the
build's cache, named by the SHA-256 of its bytes (`.cache/tables/<sha256>`: written once,
never changed, so a failed build cannot spoil the last one's); the build state names each
page's file (`.state/tables.pickle`, with the site's key and mark). Another key or site, a
file whose bytes do not hash to its name, a changed blank node: the rows are made."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from graph.rdf.reads import ChangedTerms, RecordingGraph
from graph.site.kept_pages import read_hashes, site_mark
from graph.site.kept_rows import unreached

TABLES_STATE = Path(".state") / "tables.pickle"
"""Which cached file holds each page's rows, in a build folder, staged with the build."""

TABLES_CACHE = Path(".cache") / "tables"
"""The pages' rows, one file each, named by the SHA-256 of its bytes."""

STATE_FORMAT = 1


@dataclass(frozen=True)
class TablesRecord:
    """The kept rows of a build's entity pages: the site's key, which file holds each page's
    rows (by the page's node), and which site they were made with (`site_mark`)."""

    key: str
    pages: dict[str, str]
    site_mark: tuple[int, int, int] = (0, 0, 0)

    def to_bytes(self) -> bytes:
        return pickle.dumps((STATE_FORMAT, self), protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def read(out: Path, site: Path) -> TablesRecord | None:
        """The last build's record, if it is whole and describes the site in `site`."""
        try:
            version, record = pickle.loads((out / TABLES_STATE).read_bytes())
        except Exception:  # missing or damaged: every row is made
            return None
        if version != STATE_FORMAT or not isinstance(record, TablesRecord):
            return None
        return record if site_mark(site) == record.site_mark else None


def write_rows(cache: Path, languages: dict[str, bytes]) -> str:
    """Keep a page's rows (each language's `TableRows.to_bytes`) in `cache`; their file's name."""
    data = pickle.dumps((STATE_FORMAT, languages), protocol=pickle.HIGHEST_PROTOCOL)
    digest = hashlib.sha256(data).hexdigest()
    path = cache / digest
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        temporary = cache / f".{digest}.{os.getpid()}"
        temporary.write_bytes(data)
        os.replace(temporary, path)  # whole or absent, whoever else writes the same rows
    return digest


def read_rows(cache: Path, digest: str) -> dict[str, bytes] | None:
    """A page's rows as `write_rows` kept them, or None when missing or damaged."""
    try:
        data = (cache / digest).read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            return None
        version, languages = pickle.loads(data)
    except Exception:  # missing or damaged: the page's rows are made
        return None
    return languages if version == STATE_FORMAT and isinstance(languages, dict) else None


def remove_unused(cache: Path, used: set[str]) -> None:
    """Remove the files of `cache` no record in `used` names (nor any being written now)."""
    try:
        names = os.listdir(cache)
    except OSError:
        return
    for name in names:
        if name not in used and not name.startswith("."):
            with contextlib.suppress(OSError):  # removed by another build: fine
                os.unlink(cache / name)


Row = tuple[Any, bytes]
"""A kept row: its sort key and its cells (graph.site.kept_rows.cells_bytes)."""


@dataclass
class TableRows:
    """The rows of one page's long tables in one language, by key: the last build's where the
    change does not reach what they read (`last`), else made under a recording frame; each
    row used is noted, with what it read, for the next build."""

    recorder: RecordingGraph
    last: dict[Hashable, tuple[Row, bytes]] = field(default_factory=dict)
    keys: list[Hashable] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    reads: list[bytes] = field(default_factory=list)
    everything: list[bool] = field(default_factory=list)
    remade: int = 0

    def get(self, key: Hashable, make: Callable[[], Row]) -> Row:
        """The row kept under `key`, else `make()`."""
        kept = self.last.get(key)
        if kept is not None:
            (row, reads), everything = kept, False
        else:
            self.remade += 1
            with self.recorder.recording() as noted:
                row = make()
            reads, everything = read_hashes(noted), noted.everything
        self.keys.append(key)
        self.rows.append(row)
        self.reads.append(reads)
        self.everything.append(everything)
        return row

    def to_bytes(self) -> bytes:
        lengths = [len(reads) // 4 for reads in self.reads]
        kept = (self.keys, self.rows, lengths, b"".join(self.reads), self.everything)
        return pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def unchanged(data: bytes, change: ChangedTerms) -> dict[Hashable, tuple[Row, bytes]]:
        """Of rows `to_bytes` kept, those whose reads the change does not meet (each with its
        reads)."""
        keys, rows, lengths, reads, everything = pickle.loads(data)
        return unreached(keys, rows, lengths, reads, everything, change)


@dataclass
class LastTables:
    """Where the pages' rows are kept, the last build's record (None: none kept) and the change
    since it (None: every row is made)."""

    cache: Path
    record: TablesRecord | None = None
    change: ChangedTerms | None = None


@dataclass
class PageRows:
    """A page's rows in each language: the last build's where the change does not reach them."""

    recorder: RecordingGraph
    last: dict[str, bytes] | None = None
    change: ChangedTerms | None = None
    languages: dict[str, TableRows] = field(default_factory=dict)

    @staticmethod
    def of(recorder: RecordingGraph, node: str, tables: LastTables) -> PageRows:
        """The rows of `node`'s page, the last build's where they can be trusted."""
        record, change = tables.record, tables.change
        digest = record.pages.get(node) if record is not None and change is not None else None
        last = read_rows(tables.cache, digest) if digest is not None else None
        return PageRows(recorder, last, change)

    def language(self, lang: str) -> TableRows:
        """The rows of the page in `lang`."""
        rows = self.languages.get(lang)
        if rows is None:
            rows = self.languages[lang] = TableRows(self.recorder)
            data = self.last.get(lang) if self.last is not None else None
            if data is not None and self.change is not None:
                try:
                    rows.last = TableRows.unchanged(data, self.change)
                except Exception:  # damaged: every row is made
                    rows.last = {}
        return rows

    def kept(self, cache: Path) -> str | None:
        """Keep the rows made or used in `cache`: their file's name (None: the page has none)."""
        languages = {lang: rows.to_bytes() for lang, rows in self.languages.items() if rows.keys}
        return write_rows(cache, languages) if languages else None

    def reads(self, page: bytes, everything: bool) -> tuple[bytes, bool]:
        """What the page read (`page`, `everything`: its own frame's) with every row's reads,
        those of the rows kept too, as sorted 32-bit hashes."""
        languages = [rows for rows in self.languages.values() if rows.keys]
        if not languages:
            return page, everything
        every = b"".join([page, *(reads for rows in languages for reads in rows.reads)])
        merged = np.unique(np.frombuffer(every, dtype=np.uint32)).tobytes()
        return merged, everything or any(any(rows.everything) for rows in languages)
