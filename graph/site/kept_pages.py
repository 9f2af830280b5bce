"""What the last build's site was made from, so a rebuild writes only the entity pages a change
reaches and keeps the others from the last build (graph.rdf.reads: a page whose reads no
changed triple meets is the same page); `LastFiles` notes what is kept.

Kept in the build state beside the site: each entity page's node, its files, what the search
shows of it, its names, and what it read of the graph (as 32-bit hashes of its read terms: a
collision only rewrites a page more). Plus a key of what every page depends on (the code, the
title, the data's date, the network view's link and drawing, the languages): any difference,
a changed blank node, damaged state or a site that is not the one the state describes, and
the whole site is written."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graph.core.fingerprint import PACKAGE, files_digest, library_versions
from graph.core.folder_files import files_under
from graph.core.languages import LANGUAGES
from graph.rdf.reads import ChangedTerms, Reads, reached
from graph.site.drawing import Drawing
from graph.view.kept_view import shape_digest

SITE_STATE = Path(".state") / "site.pickle"
"""The site's record in a build folder, staged with the build."""

STATE_FORMAT = 1

SITE_LIBRARIES = ("Babel", "Jinja2", "MarkupSafe", "rdflib")
"""The libraries whose upgrade may change a page: their versions are part of the code's digest."""


@cache
def _code_digest() -> str:
    """A hash of the package's code, templates and assets (a page depends on any of them)."""
    files = (path for path in PACKAGE.rglob("*") if path.is_file() and "__pycache__" not in path.parts)
    return files_digest(files, seed=f"{STATE_FORMAT}".encode() + library_versions(SITE_LIBRARIES))


def drawing_digest(drawing: Drawing | None) -> str:
    """A hash of what the pages' sketches are cut from: the view's nodes, kinds and links (its
    `shape_digest`, known without a walk for a view network_view made) and the positions (in
    their order: another order makes another hash, never the same for another drawing)."""
    if drawing is None:
        return ""
    positions = drawing.positions
    digest = hashlib.sha256(f"{shape_digest(drawing.view)}\n{len(positions)}\n".encode())
    digest.update("\n".join(positions).encode())
    digest.update(array("d", [coordinate for place in positions.values() for coordinate in place]).tobytes())
    return digest.hexdigest()


def site_key(title: str, data_date: str, network: str | None, drawing: Drawing | None) -> str:
    """What every page of the site depends on, as one hash."""
    parts = (_code_digest(), title, data_date, network, tuple(LANGUAGES), drawing_digest(drawing))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def read_hashes(reads: Reads) -> bytes:
    """What a page read, as sorted 32-bit hashes of its terms tagged by place."""
    return reads.hashes()


@dataclass(frozen=True)
class PageRecord:
    """One entity page as a build wrote it (in every language)."""

    node: str
    kind: str
    files: tuple[str, ...]
    """Every file written for it, under the site folder (language/path), long tables' further pages too."""
    shown: tuple[tuple[str, str, str], ...]
    """Its address, kind and title in each language, for the search."""
    names: tuple[str, ...]
    """Its names and aliases, for the search."""
    reads: bytes
    """`read_hashes` of what it read."""
    everything: bool = False
    """It asked a question with nothing fixed: any change reaches it."""


@dataclass(frozen=True)
class SiteRecord:
    """The site of a build: its key, its entity pages in order, and which site it describes."""

    key: str
    pages: tuple[PageRecord, ...]
    site_mark: tuple[int, int, int] = (0, 0, 0)
    """The inode, size and time of the site's index.html: another site in its place is not it."""

    def to_bytes(self) -> bytes:
        return pickle.dumps((STATE_FORMAT, self), protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def read(out: Path, site: Path) -> SiteRecord | None:
        """The last build's record, if it is whole and describes the site in `site`."""
        try:
            version, record = pickle.loads((out / SITE_STATE).read_bytes())
        except Exception:  # missing or damaged: the whole site is written
            return None
        if version != STATE_FORMAT or not isinstance(record, SiteRecord):
            return None
        return record if site_mark(site) == record.site_mark else None

    def reached(self, change: ChangedTerms) -> set[int]:
        """The numbers of the pages whose reads the change meets."""
        if not change:
            return set()
        everything = {number for number, page in enumerate(self.pages) if page.everything}
        return everything | reached([page.reads for page in self.pages], change.hashes())


def site_mark(site: Path) -> tuple[int, int, int]:
    """The inode, size and modification time of a site's index.html ((0, 0, 0) when none)."""
    try:
        status = os.stat(site / "index.html")
    except OSError:
        return (0, 0, 0)
    return (status.st_ino, status.st_size, status.st_mtime_ns)


class LastFiles:
    """The last build's site and the files in it. A rebuild keeps those of its files a change
    does not reach: noted here, neither linked nor copied (the staging carries the last site
    over at the switch, with only the new files put in: graph.output.switch). A forked writer
    notes what it keeps in a file every process shares (opened before they are forked), read
    back by `kept`."""

    def __init__(self, folder: Path, present: frozenset[str]) -> None:
        self.folder = folder
        self.present = present
        """Every file of the last site, by its path inside it."""
        self._owner = os.getpid()
        self._noted: list[str] = []
        handle, name = tempfile.mkstemp(prefix="hrgraph-kept-")
        os.close(handle)
        self._shared = os.open(name, os.O_RDWR | os.O_APPEND | os.O_CLOEXEC)
        os.unlink(name)

    @staticmethod
    def of(folder: Path) -> LastFiles:
        """The last site in `folder` (0.4 s for its 230,000 files at 100,000 records)."""
        return LastFiles(folder, frozenset(files_under(folder)))

    def note(self, names: Sequence[str]) -> None:
        """Note the last site's files `names` as kept."""
        if os.getpid() == self._owner:
            self._noted.extend(names)
            return
        data = "".join(f"{name}\n" for name in names).encode()
        while data:  # one append at a time: the processes' notes never interleave
            data = data[os.write(self._shared, data) :]

    def kept(self) -> set[str]:
        """Every file noted as kept, by any process; closes the shared file."""
        chunks = []
        os.lseek(self._shared, 0, os.SEEK_SET)
        while chunk := os.read(self._shared, 1 << 20):
            chunks.append(chunk)
        os.close(self._shared)
        return set(self._noted) | set(b"".join(chunks).decode().splitlines())


def keep_files(last: LastFiles, folder: Path, files: Sequence[str], made: set[str]) -> bool:
    """Keep a page's files of the last build's site (noted in `last`; their folders made in the
    new site's `folder`, as a reader of its folders expects); False when one is missing."""
    present = last.present
    for name in files:
        if name not in present:
            return False
    for name in files:
        parent = name.rpartition("/")[0]  # noted as it is named inside: never a full path
        if parent not in made:
            os.makedirs(f"{folder}{os.sep}{parent}", exist_ok=True)
            made.add(parent)
    last.note(files)
    return True
