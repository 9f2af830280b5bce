"""What the last build's site was made from, so a rebuild writes only the entity pages a change
reaches and keeps the others from the last build (graph.rdf.reads: a page whose reads no
changed triple meets is the same page); `LastFiles` notes what is kept.

Kept in the build state beside the site, in shards by node (`.state/site/`: graph.core.
kept_shards; a shard with no page made anew is the last build's file, linked): each entity
page's node, its files, what the search shows of it, its names, and what it read of the graph
(as 32-bit hashes of its read terms: a collision only rewrites a page more). Plus a key of
what every page depends on (the code, the title, the data's date, the network view's link and
drawing, the languages): any difference, a changed blank node, damaged state or a site that
is not the one the state describes, and the whole site is written."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from graph.core.fingerprint import PACKAGE, files_digest, library_versions
from graph.core.folder_files import files_under
from graph.core.kept_shards import KeptShards, collector_paused, shard_count, shard_of, write_shards
from graph.core.languages import LANGUAGES
from graph.rdf.reads import ChangedTerms, Reads, reached
from graph.site.drawing import Drawing
from graph.site.search import Shown
from graph.view.kept_view import shape_digest

SITE_STATE = Path(".state") / "site"
"""The site's record in a build folder (a folder of shards), staged with the build."""

STATE_FORMAT = 3

_MAGIC = b"hrgraph site state 3\n"
_PAGES = "pages"
_PICKLE = pickle.HIGHEST_PROTOCOL

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


def site_key(title: str, data_date: str, network: Mapping[str, str] | None, drawing: Drawing | None) -> str:
    """What every page of the site depends on, as one hash."""
    networks = sorted(network.items()) if network is not None else None
    parts = (_code_digest(), title, data_date, networks, tuple(LANGUAGES), drawing_digest(drawing))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def read_hashes(reads: Reads) -> bytes:
    """What a page read, as sorted 32-bit hashes of its terms tagged by place."""
    return reads.hashes()


class PageRecord(NamedTuple):
    """One entity page as a build wrote it (in every language); a named tuple: 75,000 of them
    are read back at each rebuild of a large site, made from their fields at C speed."""

    node: str
    kind: str
    files: tuple[str, ...]
    """Every file written for it, under the site folder (language/path), long tables' further pages too."""
    shown: tuple[Shown, ...]
    """How the search shows it in each language (`Shown`)."""
    names: tuple[str, ...]
    """Its names and aliases, for the search."""
    reads: bytes
    """`read_hashes` of what it read."""
    everything: bool = False
    """It asked a question with nothing fixed: any change reaches it."""
    parts: tuple[tuple[str, str], ...] = ()
    """Each further page of its long tables (a file of `files`) with a digest of what it shows:
    made again with the same digest, it is the last build's file."""


@dataclass(frozen=True)
class SiteRecord:
    """The site of a build: its key, its entity pages, and which site it describes. Kept as
    shards of its pages by node (graph.core.kept_shards): a rebuild writes only the shards with
    a page made anew, added or gone, and links the others from the last build."""

    key: str
    pages: tuple[PageRecord, ...]
    site_mark: tuple[int, int, int] = (0, 0, 0)
    """The inode, size and time of the site's index.html: another site in its place is not it."""
    kept: KeptShards | None = None
    """Where the record was read from (None: made by this build)."""
    shards: tuple[tuple[PageRecord, ...], ...] = ()
    """The pages of each shard, as read (the same objects as in `pages`)."""

    def write(self, folder: Path, last: SiteRecord | None) -> None:
        """Write the record into the new, empty `folder` (staged as SITE_STATE); the shards
        whose pages are all the `last` record's (the same objects, in the same order) are linked
        from it."""
        count = shard_count(len(self.pages))
        held: list[list[PageRecord]] = [[] for _ in range(count)]
        for page in self.pages:
            held[shard_of(page.node.encode(), count)].append(page)
        same = last is not None and last.kept is not None and len(last.shards) == count
        shards: list[bytes | str] = []
        for number, pages in enumerate(held):
            if same and last is not None and last.kept is not None:
                before = last.shards[number]
                if len(before) == len(pages) and all(a is b for a, b in zip(before, pages, strict=True)):
                    shards.append(last.kept.groups[_PAGES][number])
                    continue
            shards.append(pickle.dumps(tuple(astuple_of(page) for page in pages), protocol=_PICKLE))
        meta = (STATE_FORMAT, self.key, self.site_mark)
        write_shards(folder, _MAGIC, meta, {_PAGES: shards}, last.kept if last is not None else None)

    @staticmethod
    def read(out: Path, site: Path) -> SiteRecord | None:
        """The last build's record, if it is whole and describes the site in `site`."""
        kept = KeptShards.read(out / SITE_STATE, _MAGIC)
        if kept is None or not isinstance(kept.meta, tuple) or len(kept.meta) != 3:
            return None
        version, key, mark = kept.meta
        if version != STATE_FORMAT or site_mark(site) != mark:
            return None
        try:
            with collector_paused(settle=True):
                shards = tuple(
                    tuple(map(PageRecord._make, pickle.loads(kept.load(name))))
                    for name in kept.groups[_PAGES]
                )
        except Exception:  # a shard missing or damaged: the whole site is written
            return None
        pages = tuple(page for pages in shards for page in pages)
        return SiteRecord(key, pages, mark, kept, shards)

    def reached(self, change: ChangedTerms) -> set[int]:
        """The numbers of the pages whose reads the change meets."""
        if not change:
            return set()
        everything = {number for number, page in enumerate(self.pages) if page.everything}
        return everything | reached([page.reads for page in self.pages], change.hashes())


def astuple_of(page: PageRecord) -> tuple[object, ...]:
    """A page's record as a plain tuple of its fields (pickled without the class: smaller, quicker)."""
    return tuple(page)


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
