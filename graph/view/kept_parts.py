"""A large page's parts kept between builds: a part whose data is the last build's is neither
encoded nor written again, its file is hard-linked from the last build's folder.

Each part's file is keyed by its own content (graph.view.big), so a part that did not change is
the same file. A build records, per part, a fingerprint of its data (a SHA-256 of the data
pickled without memo: equal fingerprints, equal data, hence equal JSON), its key, and the
inode, size and modification time of the file it left (`OUT/.state/parts.pickle`). The next
build reuses a part only when its fingerprint is the recorded one and the last build's file is
the one recorded; a record of other code, damaged or missing means every part is made.

The record also keeps what the page was made of (`PageState`: the nodes in order, the index,
the overview...), so that after a change that reaches few nodes the parts holding them are
patched, the others linked without being made (graph.view.patched_parts).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from graph.core.fingerprint import PACKAGE, files_digest, frozen, library_versions
from graph.core.folder_files import link_files

PARTS_STATE = Path(".state") / "parts.pickle"
"""Where a build keeps its parts' record, under OUT."""
_VERSION = 2

Stat = tuple[int, int, int]
"""A file's inode, size and modification time (ns)."""
Reuse = Callable[[str, bytes], str | None]
"""The key of the last build's part of this name if its data had this fingerprint and its file
can be linked (LastParts.key), else None."""


def nothing_kept(name: str, found: bytes) -> None:
    """Reuse nothing (a cold build), but have each part's fingerprint made for the next build."""


def fingerprint(value: Any) -> bytes:
    """A SHA-256 of `value` (JSON-like data) as `frozen` bytes: equal data, equal fingerprints."""
    return hashlib.sha256(frozen(value)).digest()


@cache
def _code() -> str:
    """The code the parts and the page's state are made by: the view's (rows, words, dates),
    Python's (its json module encodes them) and the libraries wording dates."""
    files = [*Path(__file__).parent.glob("*.py"), PACKAGE / "rdf" / "pages.py"]
    return files_digest(files, str(_VERSION).encode() + library_versions(("Babel", "networkx")))


def file_stat(path: Path) -> Stat | None:
    """What identifies the file at `path` as written (None: there is none)."""
    try:
        return _stat(os.stat(path))
    except OSError:
        return None


def _stat(found: os.stat_result) -> Stat:
    return (found.st_ino, found.st_size, found.st_mtime_ns)


@dataclass(frozen=True)
class KeptPart:
    """One part's file as a build left it."""

    fingerprint: bytes
    key: str
    stat: Stat


@dataclass(frozen=True)
class PageState:
    """What a large page was made of, for the next build to patch it: the page's language and
    name of the other countries, its nodes in order, its index's data, topics and countries,
    how many nodes have each year, its overview and its legend."""

    lang: str
    other: str
    iris: list[str]
    index: dict[str, Any]
    topics: list[list[str]]
    countries: list[list[str]]
    years: dict[Any, int]
    overview: dict[str, Any]
    legend: list[dict[str, Any]]


@dataclass(frozen=True)
class PartsRecord:
    """Each part file's fingerprint, key and file, by name, for the code `code`; the `page`
    they make up, when it was recorded."""

    code: str
    parts: dict[str, KeptPart]
    page: PageState | None = field(default=None)

    @classmethod
    def of(
        cls,
        folder: Path,
        fingerprints: dict[str, bytes],
        keys: dict[str, str],
        page: PageState | None = None,
    ) -> PartsRecord:
        """The record of the parts just written in `folder`."""
        parts = {}
        for name, found in fingerprints.items():
            stat = file_stat(folder / f"{name}.js")
            if stat is not None:
                parts[name] = KeptPart(found, keys[name], stat)
        whole = page is not None and len(parts) == len(keys)
        return cls(_code(), parts, page if whole else None)

    def to_bytes(self) -> bytes:
        return pickle.dumps((_VERSION, self.code, self.parts, self.page), protocol=5)


class LastParts:
    """The last build's part files that may be linked, and their keys."""

    def __init__(self, folder: Path, record: PartsRecord) -> None:
        self.folder = folder
        self.record = record

    @classmethod
    def read(cls, out: Path, parts_folder: str) -> LastParts | None:
        """The last build's parts in `out`, or None when its record cannot be trusted."""
        try:
            version, code, parts, page = pickle.loads((out / PARTS_STATE).read_bytes())
        except Exception:  # missing, damaged, foreign: the parts are made
            return None
        if version != _VERSION or code != _code() or not isinstance(parts, dict):
            return None
        if not all(isinstance(part, KeptPart) for part in parts.values()):
            return None
        return cls(
            out / parts_folder, PartsRecord(code, parts, page if isinstance(page, PageState) else None)
        )

    def key(self, name: str, found: bytes) -> str | None:
        """The key of the last build's part `name` if its data had fingerprint `found` and its
        file is the one recorded; else None."""
        part = self.record.parts.get(name)
        if part is None or part.fingerprint != found:
            return None
        return part.key if file_stat(self.file(name)) == part.stat else None

    def file(self, name: str) -> Path:
        return self.folder / f"{name}.js"

    def intact(self) -> bool:
        """Whether every part file of the last build is the one recorded (to be linked)."""
        return all(file_stat(self.file(name)) == part.stat for name, part in self.record.parts.items())

    def text(self, name: str) -> str | None:
        """The text of the last build's part `name`, if its file is the one recorded."""
        part = self.record.parts.get(name)
        if part is None:
            return None
        try:
            with open(self.file(name), encoding="utf-8") as file:
                if _stat(os.fstat(file.fileno())) != part.stat:
                    return None
                return file.read()
        except OSError:
            return None


def write_parts(
    folder: Path,
    texts: dict[str, str],
    keys: dict[str, str],
    fingerprints: dict[str, bytes],
    last: LastParts | None,
    page: PageState | None = None,
) -> PartsRecord:
    """Fill `folder` with every part of `keys`: those made (`texts`, by file name) written, the
    others hard-linked from the `last` build's folder (copied where they cannot be linked);
    the record of the files it holds, for the next build."""
    kept: list[str] = []
    for name in keys:
        file = f"{name}.js"
        if file in texts:
            (folder / file).write_text(texts[file], encoding="utf-8")
            continue
        if last is None:
            raise ValueError(f"part {name} is neither made nor kept")
        kept.append(file)
    if last is not None:
        link_files(last.folder, folder, kept)
    return PartsRecord.of(folder, fingerprints, keys, page)
