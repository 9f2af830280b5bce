"""What the last build's lists were made from, so a rebuild remakes only the rows a change
reaches and writes only the list pages whose content changed (the others linked from the last
build's site, as kept entity pages are).

A row (or a timeline's events of one thing) is made under a RecordingGraph frame; kept are
its items (each a sort key, the row's cells pickled, the filters' tags) and what it read
(graph.site.kept_pages.read_hashes). A list page is known by a digest of everything it shows:
its address, words, rows' bytes, tags, filters and links to its other pages; the same digest
as the last build's page of that address, and the page is the last build's file. Kept in the
build state beside the site (`.state/lists/`), each language's rows in shards by key (graph.
core.kept_shards: a shard with no row made anew, added or gone is the last build's file,
linked, neither encoded again nor rewritten), with the site's key and mark: any
difference or a changed blank node, and every row and page is made; a damaged shard, and every
row of its language."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from graph.core.fingerprint import frozen
from graph.core.kept_shards import KeptShards, collector_paused, shard_count, shard_of, write_shards
from graph.rdf.reads import ChangedTerms, RecordingGraph
from graph.site.facts import Named, Source, Value
from graph.site.kept_pages import read_hashes, site_mark
from graph.site.site_index import SiteIndex

LISTS_STATE = Path(".state") / "lists"
"""The lists' record in a build folder (a folder of shards), staged with the build."""

STATE_FORMAT = 5

_MAGIC = b"hrgraph lists state 5\n"
_INDEX = "index"

Item = tuple[Any, bytes, tuple[tuple[str, str], ...]]
"""One row: its sort key, its cells (`frozen`), its filters' tags."""

Kept = tuple[tuple[Item, ...], bytes]
"""A key's rows and what they read (`read_hashes`)."""

Made = TypeVar("Made")


def cells_bytes(cells: list[Value]) -> bytes:
    """A row's cells as `frozen` plain tuples (a third of their pickle as objects): each value's
    parts and sources as tuples of their fields, then its other fields."""
    return frozen(
        [
            (
                [tuple(vars(named).values()) for named in value.parts],
                [tuple(vars(source).values()) for source in value.sources],
                *list(vars(value).values())[2:],
            )
            for value in cells
        ]
    )


def cells_of(data: bytes) -> list[Value]:
    """The cells `cells_bytes` wrote."""
    return [
        Value([Named(*named) for named in parts], [Source(*source) for source in sources], *rest)
        for parts, sources, *rest in pickle.loads(data)
    ]


@dataclass(frozen=True)
class LanguageShards:
    """One language's kept lists: its rows' shards (each `LanguageRows.shard_bytes`, or, where
    kept as it was, the name of the last build's shard file) and each list page's digest by
    address."""

    shards: tuple[bytes | str, ...]
    pages: dict[str, str]


def _shard_of_key(key: Hashable, count: int) -> int:
    return shard_of(repr(key).encode(), count)


@dataclass
class LastRows:
    """A language's rows as the last build kept them: those whose reads the change does not
    meet (their items and reads), the pages' digests, and each shard's name and keys."""

    kept: dict[Hashable, Kept]
    pages: dict[str, str]
    names: tuple[str, ...]
    keys: list[list[Hashable]]

    @staticmethod
    def of(record: KeptShards, language: LanguageShards, change: ChangedTerms) -> LastRows:
        """Of a kept language's rows, those the change does not reach (a shard missing or
        damaged raises: every row is then made)."""
        keys: list[Hashable] = []
        items: list[tuple[Item, ...]] = []
        lengths: list[int] = []
        reads: list[bytes] = []
        everything: list[bool] = []
        names = tuple(name for name in language.shards if isinstance(name, str))
        shard_keys: list[list[Hashable]] = []
        with collector_paused():  # in a forked process: not settled
            for name in names:
                shard = pickle.loads(record.load(name))
                keys += shard[0]
                items += shard[1]
                lengths += shard[2]
                reads.append(shard[3])
                everything += shard[4]
                shard_keys.append(shard[0])
            kept = unreached(keys, items, lengths, b"".join(reads), everything, change)
        return LastRows(kept, language.pages, names, shard_keys)


def unreached(
    keys: list[Hashable],
    items: Sequence[Made],
    lengths: list[int],
    reads: bytes,
    everything: list[bool],
    change: ChangedTerms,
) -> dict[Hashable, tuple[Made, bytes]]:
    """Of kept rows (each key's items, the length of its reads in `reads`, end to end, and
    whether it read everything), those whose reads the change does not meet, with their reads
    (the lists' rows and the entity pages' table rows alike)."""
    hashes = np.frombuffer(reads, dtype=np.uint32)
    ends = np.cumsum(np.asarray(lengths, dtype=np.int64))
    reached = {number for number, every in enumerate(everything) if every}
    if change:
        wanted = np.fromiter(change.hashes(), dtype=np.uint32)
        hits = np.flatnonzero(np.isin(hashes, wanted))
        reached.update(int(owner) for owner in np.unique(np.searchsorted(ends, hits, side="right")))
    kept: dict[Hashable, tuple[Made, bytes]] = {}
    start = 0
    for number, (key, made, end) in enumerate(zip(keys, items, ends.tolist(), strict=True)):
        if number not in reached:
            kept[key] = (made, reads[start * 4 : end * 4])
        start = end
    return kept


@dataclass
class LanguageRows:
    """One language's lists as a build made them: each kept key's items and reads, whether it
    was kept from the last build, and each list page's digest by address."""

    keys: list[Hashable] = field(default_factory=list)
    items: list[tuple[Item, ...]] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    reads: list[bytes] = field(default_factory=list)
    everything: list[bool] = field(default_factory=list)
    carried: list[bool] = field(default_factory=list)
    """Whether each key's items and reads are the last build's."""
    pages: dict[str, str] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        """All the rows as one record (read back by `unchanged`)."""
        kept = (self.keys, self.items, self.lengths, b"".join(self.reads), self.everything, self.pages)
        return pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def unchanged(data: bytes, change: ChangedTerms) -> tuple[dict[Hashable, Kept], dict[str, str]]:
        """Of rows kept by `to_bytes`, those whose reads the change does not meet (their items
        and reads), with the pages' digests."""
        keys, items, lengths, reads, everything, pages = pickle.loads(data)
        return unreached(keys, items, lengths, reads, everything, change), pages

    def shard_bytes(self, numbers: list[int]) -> bytes:
        """The rows `numbers` as one shard: their keys, items, lengths, reads (end to end) and
        whether each read everything."""
        kept = (
            [self.keys[n] for n in numbers],
            [self.items[n] for n in numbers],
            [self.lengths[n] for n in numbers],
            b"".join(self.reads[n] for n in numbers),
            [self.everything[n] for n in numbers],
        )
        return pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)

    def shards(self, last: LastRows | None) -> LanguageShards:
        """The rows in shards by key; a shard whose keys are the `last` build's, all kept, is
        named, not encoded (and its keys not hashed again: a kept key is in its last shard)."""
        numbers = {key: number for number, key in enumerate(self.keys)}  # a key asked twice: once
        count = shard_count(len(numbers))
        held: list[list[int]] = [[] for _ in range(count)]
        if last is None or len(last.names) != count:
            for key, number in numbers.items():
                held[_shard_of_key(key, count)].append(number)
            return LanguageShards(tuple(self.shard_bytes(members) for members in held), self.pages)
        carried = self.carried
        for shard, keys in enumerate(last.keys):  # the last build's rows still asked
            members = held[shard]
            for key in keys:
                asked = numbers.get(key)
                if asked is not None:
                    members.append(asked)
        changed = {shard for shard, keys in enumerate(last.keys) if len(held[shard]) != len(keys)}  # gone
        last_keys: dict[int, set[Hashable]] = {}  # of the shards with a row made anew
        for key, number in numbers.items():
            if not carried[number]:  # made anew: new, or in its last shard already
                shard = _shard_of_key(key, count)
                changed.add(shard)
                if shard not in last_keys:
                    last_keys[shard] = set(last.keys[shard])
                if key not in last_keys[shard]:
                    held[shard].append(number)
        shards: list[bytes | str] = []
        for shard, members in enumerate(held):
            shards.append(self.shard_bytes(members) if shard in changed else last.names[shard])
        return LanguageShards(tuple(shards), self.pages)


class KeptRows:
    """The rows of one language's lists: the last build's where the change does not reach,
    else made (and, when the graph records, their reads noted for the next build)."""

    def __init__(self, recorder: RecordingGraph | None, last: LastRows | None = None) -> None:
        self.recorder = recorder
        self.last_rows = last
        self.last = last.kept if last is not None else {}
        self.last_pages = last.pages if last is not None else {}
        self.made = LanguageRows()
        self.remade = 0

    def get(self, key: Hashable, make: Callable[[], tuple[Item, ...]]) -> tuple[Item, ...]:
        """The items kept under `key`, else `make()`."""
        if self.recorder is None:
            return make()
        made = self.made
        kept = self.last.get(key)
        if kept is not None:
            (items, reads), everything = kept, False
        else:
            self.remade += 1
            with self.recorder.recording() as noted:
                items = make()
            reads, everything = read_hashes(noted), noted.everything
        made.keys.append(key)
        made.items.append(items)
        made.lengths.append(len(reads) // 4)
        made.reads.append(reads)
        made.everything.append(everything)
        made.carried.append(kept is not None)
        return items

    def page(self, path: str, digest: str) -> bool:
        """Note a list page's digest; whether the last build's page at `path` had it."""
        if self.recorder is not None:
            self.made.pages[path] = digest
        return self.last_pages.get(path) == digest

    def shards(self) -> LanguageShards:
        """The rows made, in shards for the next build (`LanguageRows.shards`)."""
        return self.made.shards(self.last_rows)


@dataclass(frozen=True)
class ListsRecord:
    """The lists of a build: the site's key, each language's rows (`LanguageShards`), which
    site they describe (graph.site.kept_pages.site_mark) and its search indexes' digests. Kept
    as a folder of shards (graph.core.kept_shards): a rebuild writes only the shards with a row
    made anew, added or gone, and links the others from the last build."""

    key: str
    languages: dict[str, LanguageShards]
    site_mark: tuple[int, int, int] = (0, 0, 0)
    indexes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The digest of what each part of each language's search index was made from."""
    index: SiteIndex | None = None
    """What the site is an index of (None: read from the graph)."""
    kept: KeptShards | None = None
    """Where the record was read from (None: made by this build)."""

    def write(self, folder: Path, last: ListsRecord | None) -> None:
        """Write the record into the new, empty `folder` (staged as LISTS_STATE); the shards
        kept as they were are linked from the `last` build's, and so is the index when it is
        the last one."""
        groups: dict[str, tuple[bytes | str, ...]] = {
            lang: rows.shards for lang, rows in self.languages.items()
        }
        if self.index is not None:
            same = last is not None and last.kept is not None and self.index is last.index
            if same and last is not None and last.kept is not None:
                groups[_INDEX] = last.kept.groups[_INDEX]
            else:
                groups[_INDEX] = (pickle.dumps(self.index, protocol=pickle.HIGHEST_PROTOCOL),)
        pages = {lang: rows.pages for lang, rows in self.languages.items()}
        meta = (STATE_FORMAT, self.key, self.site_mark, self.indexes, pages)
        write_shards(folder, _MAGIC, meta, groups, last.kept if last is not None else None)

    @staticmethod
    def read(out: Path, site: Path) -> ListsRecord | None:
        """The last build's record, if it is whole and describes the site in `site` (its rows'
        shards are loaded by need: `LastRows.of`)."""
        kept = KeptShards.read(out / LISTS_STATE, _MAGIC)
        if kept is None or not isinstance(kept.meta, tuple) or len(kept.meta) != 5:
            return None
        version, key, mark, indexes, pages = kept.meta
        if version != STATE_FORMAT or site_mark(site) != mark:
            return None
        index = None
        if _INDEX in kept.groups:
            try:
                with collector_paused(settle=True):
                    index = pickle.loads(kept.load(kept.groups[_INDEX][0]))
            except Exception:  # missing or damaged: every row is made
                return None
        languages = {
            lang: LanguageShards(names, pages[lang]) for lang, names in kept.groups.items() if lang != _INDEX
        }
        return ListsRecord(key, languages, mark, indexes, index, kept)
