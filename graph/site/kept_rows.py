"""What the last build's lists were made from, so a rebuild remakes only the rows a change
reaches and writes only the list pages whose content changed (the others linked from the last
build's site, as kept entity pages are).

The rows come in groups, one per list: a kind's list, the timeline, the tracker, the home
page's values. A row (or a timeline's events of one thing) is made under a RecordingGraph
frame; kept are its items (each a sort key, the row's cells pickled, the filters' tags) and
what it read (graph.site.kept_pages.read_hashes). A group's pages fall in buckets (the
timeline's years; one bucket for the other lists): each bucket keeps its pages' digests (a
digest of everything a page shows), its rows counted and what making its pages read besides
the rows (the filters' names).

A group none of whose reads the change meets, asked for the same rows, is carried whole: its
pages are the last build's files and its record the last build's shards, neither read nor
made. Otherwise its rows are made where the change reaches them and its buckets made where a
row made anew, new or gone falls (all of them when the group's order or its buckets change):
a page whose digest is the last build's is still its file. Kept in the build state beside the
site (`.state/lists/`), each group as an index shard (its rows' keys, reads and buckets) and a
shard per bucket (its rows' items), with the site's key and mark: any difference or a changed
blank node, and every row and page is made; a damaged shard, and every row of its group."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from graph.core.fingerprint import frozen
from graph.core.kept_shards import DamagedShard, KeptShards, collector_paused, write_shards
from graph.rdf.reads import ChangedTerms, RecordingGraph, reached
from graph.site.facts import Named, Source, Value
from graph.site.kept_pages import read_hashes, site_mark
from graph.site.site_index import SiteIndex

LISTS_STATE = Path(".state") / "lists"
"""The lists' record in a build folder (a folder of shards), staged with the build."""

STATE_FORMAT = 6

_MAGIC = b"hrgraph lists state 6\n"
_INDEX = "index"
_SEPARATOR = "\t"  # between a language and a group's name, in the record's groups

Item = tuple[Any, bytes, tuple[tuple[str, str], ...]]
"""One row: its sort key, its cells (`frozen`), its filters' tags."""

Kept = tuple[tuple[Item, ...], bytes]
"""A key's rows and what they read (`read_hashes`)."""

Made = TypeVar("Made")

Shard = bytes | str
"""A shard's bytes, or the name of the last build's shard file of the same bytes."""


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


def _met(reads: bytes, change: ChangedTerms) -> bool:
    """Whether the change meets any of `reads` (hashes end to end)."""
    return bool(reached([reads], change.hashes()))


@dataclass(frozen=True)
class Bucket:
    """A group's pages in one bucket as a build made them: each page's address and digest, the
    rows counted, and what making the pages read besides the rows (and whether everything)."""

    pages: tuple[tuple[str, str], ...]
    count: int
    reads: bytes = b""
    everything: bool = False


@dataclass(frozen=True)
class GroupIndex:
    """A group as a build kept it: which rows it was asked for (`membership`), each row's
    reads (`lengths` of them in `reads`, end to end) and whether it read everything, its keys
    and the bucket of each of its items (both pickled: read only when the group is not carried
    whole), and its buckets, in the order of their shards, with each shard's size."""

    membership: str
    lengths: list[int]
    reads: bytes
    everything: list[bool]
    keys: bytes
    placed: bytes
    buckets: tuple[tuple[str, Bucket], ...]
    sizes: tuple[int, ...]

    def untouched(self, change: ChangedTerms) -> bool:
        """Whether the change meets none of the rows' nor the pages' reads."""
        if any(self.everything) or any(bucket.everything for _, bucket in self.buckets):
            return False
        reads = self.reads + b"".join(bucket.reads for _, bucket in self.buckets)
        return not _met(reads, change)


@dataclass(frozen=True)
class LastGroup:
    """A group as the last build kept it: its index, and its shards' names (the index's, then
    each bucket's)."""

    index: GroupIndex
    shards: tuple[str, ...]
    record: KeptShards

    def intact(self, numbers: Iterable[int]) -> bool:
        """Whether the shards of the buckets `numbers` are there, of the sizes they were
        written (a shard carried is named again, not read: damage is seen when it is read)."""
        for number in numbers:
            try:
                size = os.stat(self.record.folder / self.shards[1 + number]).st_size
            except OSError:
                return False
            if size != self.index.sizes[number]:
                return False
        return True

    def bucket_items(self, number: int) -> dict[Hashable, tuple[Item, ...]]:
        """The items of the bucket `number` (in `index.buckets`), by key."""
        with collector_paused():
            keys, items = pickle.loads(self.record.load(self.shards[1 + number]))
        return dict(zip(keys, items, strict=True))


@dataclass
class LanguageLists:
    """One language's lists as a build made them (each group's shards) or the last build kept
    them (each group's shard names)."""

    groups: dict[str, tuple[Shard, ...]] = field(default_factory=dict)

    def last_groups(self, record: KeptShards) -> dict[str, LastGroup]:
        """Each group's index (a shard missing or damaged raises: the caller makes every row)."""
        found = {}
        with collector_paused():
            for name, shards in self.groups.items():
                assert all(isinstance(shard, str) for shard in shards)
                names = tuple(str(shard) for shard in shards)
                index = pickle.loads(record.load(names[0]))
                found[name] = LastGroup(index, names, record)
        return found


@dataclass
class GroupRows:
    """What a group's pages are made of this build: the buckets whose pages are the last
    build's (by name), and the rows of each bucket to make (in the order asked), with every
    bucket's count."""

    carried: dict[str, Bucket] = field(default_factory=dict)
    rows: dict[str, list[Item]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Each bucket's rows counted."""
        counts = {name: bucket.count for name, bucket in self.carried.items()}
        counts.update((name, len(rows)) for name, rows in self.rows.items())
        return counts


@dataclass
class _Making:
    """A group being made: its rows' record and its buckets' as they are made."""

    membership: str
    keys: list[Hashable]
    lengths: list[int]
    reads: list[bytes]
    everything: list[bool]
    placed: list[tuple[str, ...]]
    made: dict[str, tuple[Hashable, ...]]
    """Each bucket to make: its keys (its items are `items`)."""
    items: dict[Hashable, tuple[Item, ...]]
    last: LastGroup | None
    carried: dict[str, Bucket]
    buckets: dict[str, Bucket] = field(default_factory=dict)


class KeptLists:
    """The rows of one language's lists: each group carried whole from the last build when no
    change reaches it, else its rows and buckets made where the change reaches them (and, when
    the graph records, what they read noted for the next build). `keep` keeps the last build's
    pages at the addresses given (False when one is missing)."""

    def __init__(
        self,
        recorder: RecordingGraph | None,
        last: dict[str, LastGroup] | None = None,
        change: ChangedTerms | None = None,
        keep: Callable[[list[str]], bool] | None = None,
    ) -> None:
        self.recorder = recorder
        self.last = last if last is not None and change is not None and keep is not None else {}
        self.change = change if change is not None else ChangedTerms()
        self.keep = keep if keep is not None else (lambda paths: False)
        self.last_pages = {
            path: digest
            for group in self.last.values()
            for _, bucket in group.index.buckets
            for path, digest in bucket.pages
        }
        self.making: dict[str, _Making] = {}
        self.carried: dict[str, LastGroup] = {}
        self.kept_pages = 0
        """The last build's pages kept as they were, groups and buckets carried."""

    def rows(
        self,
        name: str,
        keys: Sequence[str],
        make: Callable[[int], tuple[Item, ...]],
        bucket_of: Callable[[Item], str] = lambda item: "",
        ordered: bool = True,
        linked: bool = False,
        shown: object = None,
        empty: tuple[str, ...] = ("",),
    ) -> GroupRows:
        """The group `name`'s rows: each key asked (once; a key is never a line of text) with
        its items, `make(number)` of its number in `keys`, each item falling in the bucket
        `bucket_of` gives. `ordered`: the pages depend on the order asked, not only on the rows
        (a sort keeps it among equals); `linked`: each page links to every bucket; `shown`:
        anything else its pages show (compared as a whole); `empty`: the buckets that have
        pages even with no rows."""
        asked = dict(zip(keys, range(len(keys)), strict=True))
        if len(asked) != len(keys):  # a key asked twice: its first number
            asked = {}
            for number, key in enumerate(keys):
                asked.setdefault(key, number)
        listed = "\n".join(asked if ordered else sorted(asked)).encode()
        membership = hashlib.sha256(listed + frozen(shown)).hexdigest()
        if self.recorder is None:
            made = {key: make(number) for key, number in asked.items()}
            return GroupRows(rows=_by_bucket(made, bucket_of, empty))
        last = self.last.get(name)
        if (
            last is not None
            and last.index.membership == membership
            and last.index.untouched(self.change)
            and last.intact(range(len(last.index.buckets)))
        ):
            buckets = dict(last.index.buckets)
            paths = [path for bucket in buckets.values() for path, _ in bucket.pages]
            if self.keep(paths):
                self.carried[name] = last
                self.kept_pages += len(paths)
                return GroupRows(carried=buckets)
        try:
            return self._partly(name, asked, make, membership, last, bucket_of, ordered, linked, empty)
        except DamagedShard:  # every row of the group made
            return self._partly(name, asked, make, membership, None, bucket_of, ordered, linked, empty)

    def _partly(
        self,
        name: str,
        asked: dict[str, int],
        make: Callable[[int], tuple[Item, ...]],
        membership: str,
        last: LastGroup | None,
        bucket_of: Callable[[Item], str],
        ordered: bool,
        linked: bool,
        empty: tuple[str, ...],
    ) -> GroupRows:
        """A group not carried whole: its rows the change reaches, and new ones, made; the
        buckets where one of them falls, or one gone, made; the others carried."""
        recorder = self.recorder
        assert recorder is not None
        kept: dict[Hashable, tuple[tuple[str, ...], bytes]] = {}
        last_placed: dict[Hashable, tuple[str, ...]] = {}
        last_buckets: dict[str, Bucket] = {}
        if last is not None:
            index = last.index
            with collector_paused():
                keys, placed = pickle.loads(index.keys), pickle.loads(index.placed)
            last_placed = dict(zip(keys, placed, strict=True))
            kept = unreached(keys, placed, index.lengths, index.reads, index.everything, self.change)
            last_buckets = dict(index.buckets)
        making = _Making(membership, [], [], [], [], [], {}, {}, last, {})
        touched: set[str] = set()
        new_items: dict[Hashable, tuple[Item, ...]] = {}
        for key, number in asked.items():
            found = kept.get(key)
            if found is not None:
                buckets, reads, everything = found[0], found[1], False
            else:
                with recorder.recording() as noted:
                    items = make(number)
                new_items[key] = items
                buckets = tuple(bucket_of(item) for item in items)
                reads, everything = read_hashes(noted), noted.everything
                touched.update(buckets)
                touched.update(last_placed.get(key, ()))
            making.keys.append(key)
            making.lengths.append(len(reads) // 4)
            making.reads.append(reads)
            making.everything.append(everything)
            making.placed.append(buckets)
        for last_key, buckets in last_placed.items():
            if last_key not in asked:  # gone
                touched.update(buckets)
        for bucket, each in last_buckets.items():  # what the pages read besides the rows
            if each.everything or _met(each.reads, self.change):
                touched.add(bucket)
        present = set(empty)
        for buckets in making.placed:
            present.update(buckets)
        last_present = {bucket for bucket, each in last_buckets.items() if each.count or bucket in empty}
        reordered = last is not None and ordered and last.index.membership != membership
        if last is None or reordered or (linked and present != last_present):
            touched = set(present)  # every page depends on the whole
        touched &= present
        numbers = {bucket: number for number, bucket in enumerate(last_buckets)}
        for bucket in sorted(present - touched):
            whole = bucket in last_buckets and last is not None and last.intact((numbers[bucket],))
            if not whole or not self.keep([path for path, _ in last_buckets[bucket].pages]):
                touched.add(bucket)
        last_items = self._last_items(last, touched & set(last_buckets), kept)
        rows = GroupRows()
        for bucket in sorted(present):
            if bucket in touched:
                rows.rows[bucket] = []
            else:
                rows.carried[bucket] = making.carried[bucket] = last_buckets[bucket]
                self.kept_pages += len(last_buckets[bucket].pages)
        keys_by_bucket: dict[str, list[Hashable]] = {bucket: [] for bucket in rows.rows}
        for made_key, buckets in zip(making.keys, making.placed, strict=True):
            if made_key in new_items:
                items = new_items[made_key]
            elif touched.isdisjoint(buckets):
                continue
            else:
                items = last_items[made_key]
            for bucket in dict.fromkeys(buckets):
                if bucket in rows.rows:
                    in_bucket = tuple(item for item in items if bucket_of(item) == bucket)
                    rows.rows[bucket] += in_bucket
                    keys_by_bucket[bucket].append(made_key)
                    making.items[(bucket, made_key)] = in_bucket
        making.made = {bucket: tuple(keys) for bucket, keys in keys_by_bucket.items()}
        self.making[name] = making
        return rows

    @staticmethod
    def _last_items(
        last: LastGroup | None, buckets: set[str], kept: dict[Hashable, Any]
    ) -> dict[Hashable, tuple[Item, ...]]:
        """The items the last build kept in `buckets` of the rows still `kept`, by key."""
        found: dict[Hashable, tuple[Item, ...]] = {}
        if last is None:
            return found
        for number, (bucket, _) in enumerate(last.index.buckets):
            if bucket in buckets:
                for key, items in last.bucket_items(number).items():
                    if key in kept:
                        found[key] = found.get(key, ()) + items
        return found

    @contextmanager
    def bucket(self, name: str, bucket: str, count: int) -> Iterator[Callable[[str, str], bool]]:
        """Make a bucket's pages inside: what is read is noted as the bucket's; each page is
        noted by its address and digest with the function given (True: the last build's
        page at that address has the same digest)."""
        pages: list[tuple[str, str]] = []

        def page(path: str, digest: str) -> bool:
            pages.append((path, digest))
            return self.last_pages.get(path) == digest

        if self.recorder is None:
            yield page
            return
        with self.recorder.recording() as noted:
            yield page
        making = self.making.get(name)
        if making is not None:
            making.buckets[bucket] = Bucket(tuple(pages), count, read_hashes(noted), noted.everything)

    def shards(self) -> LanguageLists:
        """Each group's shards for the next build: a group carried whole by its last names; a
        bucket carried by its last shard's name."""
        groups: dict[str, tuple[Shard, ...]] = {name: last.shards for name, last in self.carried.items()}
        for name, making in self.making.items():
            buckets = {**making.carried, **making.buckets}
            order = sorted(buckets)
            last = making.last
            numbers = {bucket: n for n, (bucket, _) in enumerate(last.index.buckets)} if last else {}
            shards: list[Shard] = []
            sizes: list[int] = []
            for bucket in order:
                if bucket in making.carried and last is not None:
                    shards.append(last.shards[1 + numbers[bucket]])
                    sizes.append(last.index.sizes[numbers[bucket]])
                    continue
                keys = making.made.get(bucket, ())
                items = [making.items[(bucket, key)] for key in keys]
                shards.append(pickle.dumps((list(keys), items), protocol=pickle.HIGHEST_PROTOCOL))
                sizes.append(len(shards[-1]))
            index = GroupIndex(
                making.membership,
                making.lengths,
                b"".join(making.reads),
                making.everything,
                pickle.dumps(making.keys, protocol=pickle.HIGHEST_PROTOCOL),
                pickle.dumps(making.placed, protocol=pickle.HIGHEST_PROTOCOL),
                tuple((bucket, buckets[bucket]) for bucket in order),
                tuple(sizes),
            )
            groups[name] = (pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL), *shards)
        return LanguageLists(groups)


def _by_bucket(
    made: dict[str, tuple[Item, ...]], bucket_of: Callable[[Item], str], empty: tuple[str, ...]
) -> dict[str, list[Item]]:
    """Every row made, in its bucket, in the order asked (the buckets `empty` however few)."""
    rows: dict[str, list[Item]] = {bucket: [] for bucket in empty}
    for items in made.values():
        for item in items:
            rows.setdefault(bucket_of(item), []).append(item)
    return dict(sorted(rows.items()))


@dataclass(frozen=True)
class ListsRecord:
    """The lists of a build: the site's key, each language's groups (`LanguageLists`), which
    site they describe (graph.site.kept_pages.site_mark) and its search indexes' digests. Kept
    as a folder of shards (graph.core.kept_shards): a rebuild writes only the shards of groups
    and buckets made anew, and links the others from the last build."""

    key: str
    languages: dict[str, LanguageLists]
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
        groups: dict[str, tuple[Shard, ...]] = {
            f"{lang}{_SEPARATOR}{name}": shards
            for lang, lists in self.languages.items()
            for name, shards in lists.groups.items()
        }
        if self.index is not None:
            same = last is not None and last.kept is not None and self.index is last.index
            if same and last is not None and last.kept is not None:
                groups[_INDEX] = last.kept.groups[_INDEX]
            else:
                groups[_INDEX] = (pickle.dumps(self.index, protocol=pickle.HIGHEST_PROTOCOL),)
        meta = (STATE_FORMAT, self.key, self.site_mark, self.indexes, sorted(self.languages))
        write_shards(folder, _MAGIC, meta, groups, last.kept if last is not None else None)

    @staticmethod
    def read(out: Path, site: Path) -> ListsRecord | None:
        """The last build's record, if it is whole and describes the site in `site` (its
        groups' shards are loaded by need: `LanguageLists.last_groups`)."""
        kept = KeptShards.read(out / LISTS_STATE, _MAGIC)
        if kept is None or not isinstance(kept.meta, tuple) or len(kept.meta) != 5:
            return None
        version, key, mark, indexes, langs = kept.meta
        if version != STATE_FORMAT or site_mark(site) != mark:
            return None
        index = None
        if _INDEX in kept.groups:
            try:
                with collector_paused(settle=True):
                    index = pickle.loads(kept.load(kept.groups[_INDEX][0]))
            except Exception:  # missing or damaged: every row is made
                return None
        languages: dict[str, LanguageLists] = {lang: LanguageLists() for lang in langs}
        for name, shards in kept.groups.items():
            lang, separator, group = name.partition(_SEPARATOR)
            if separator and lang in languages:
                languages[lang].groups[group] = shards
        return ListsRecord(key, languages, mark, indexes, index, kept)
