"""What the last build's lists were made from, so a rebuild remakes only the rows a change
reaches and writes only the list pages whose content changed (the others linked from the last
build's site, as kept entity pages are).

A row (or a timeline's events of one thing) is made under a RecordingGraph frame; kept are
its items (each a sort key, the row's cells pickled, the filters' tags) and what it read
(graph.site.kept_pages.read_hashes). A list page is known by a digest of everything it shows:
its address, words, rows' bytes, tags, filters and links to its other pages; the same digest
as the last build's page of that address, and the page is the last build's file. Kept in the
build state beside the site, one record per language, with the site's key and mark: any
difference, damage or a changed blank node, and every row and page is made."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from graph.core.fingerprint import frozen
from graph.rdf.reads import ChangedTerms, RecordingGraph
from graph.site.facts import Named, Source, Value
from graph.site.kept_pages import read_hashes, site_mark
from graph.site.site_index import SiteIndex

LISTS_STATE = Path(".state") / "lists.pickle"
"""The lists' record in a build folder, staged with the build."""

STATE_FORMAT = 4

Item = tuple[Any, bytes, tuple[tuple[str, str], ...]]
"""One row: its sort key, its cells (`frozen`), its filters' tags."""

Kept = tuple[tuple[Item, ...], bytes]
"""A key's rows and what they read (`read_hashes`)."""


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


@dataclass
class LanguageRows:
    """One language's lists as a build made them: each kept key's items and reads (all reads
    end to end, with each key's length), and each list page's digest by address."""

    keys: list[Hashable] = field(default_factory=list)
    items: list[tuple[Item, ...]] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    reads: list[bytes] = field(default_factory=list)
    everything: list[bool] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        kept = (self.keys, self.items, self.lengths, b"".join(self.reads), self.everything, self.pages)
        return pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def unchanged(data: bytes, change: ChangedTerms) -> tuple[dict[Hashable, Kept], dict[str, str]]:
        """Of a kept language's rows, those whose reads the change does not meet (their items
        and reads), with the pages' digests."""
        keys, items, lengths, reads, everything, pages = pickle.loads(data)
        hashes = np.frombuffer(reads, dtype=np.uint32)
        ends = np.cumsum(np.asarray(lengths, dtype=np.int64))
        reached = {number for number, every in enumerate(everything) if every}
        if change:
            wanted = np.fromiter(change.hashes(), dtype=np.uint32)
            hits = np.flatnonzero(np.isin(hashes, wanted))
            reached.update(int(owner) for owner in np.unique(np.searchsorted(ends, hits, side="right")))
        kept: dict[Hashable, Kept] = {}
        start = 0
        for number, (key, made, end) in enumerate(zip(keys, items, ends.tolist(), strict=True)):
            if number not in reached:
                kept[key] = (made, reads[start * 4 : end * 4])
            start = end
        return kept, pages


class KeptRows:
    """The rows of one language's lists: the last build's where the change does not reach,
    else made (and, when the graph records, their reads noted for the next build)."""

    def __init__(
        self,
        recorder: RecordingGraph | None,
        last: dict[Hashable, Kept] | None = None,
        last_pages: dict[str, str] | None = None,
    ) -> None:
        self.recorder = recorder
        self.last = last or {}
        self.last_pages = last_pages or {}
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
        return items

    def page(self, path: str, digest: str) -> bool:
        """Note a list page's digest; whether the last build's page at `path` had it."""
        if self.recorder is not None:
            self.made.pages[path] = digest
        return self.last_pages.get(path) == digest


@dataclass(frozen=True)
class ListsRecord:
    """The lists of a build: the site's key, each language's rows (`LanguageRows.to_bytes`),
    which site they describe (graph.site.kept_pages.site_mark) and its search indexes' digests."""

    key: str
    languages: dict[str, bytes]
    site_mark: tuple[int, int, int] = (0, 0, 0)
    indexes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The digest of what each part of each language's search index was made from."""
    index: SiteIndex | None = None
    """What the site is an index of (None: read from the graph)."""

    def to_bytes(self) -> bytes:
        return pickle.dumps((STATE_FORMAT, self), protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def read(out: Path, site: Path) -> ListsRecord | None:
        """The last build's record, if it is whole and describes the site in `site`."""
        try:
            version, record = pickle.loads((out / LISTS_STATE).read_bytes())
        except Exception:  # missing or damaged: every row is made
            return None
        if version != STATE_FORMAT or not isinstance(record, ListsRecord):
            return None
        return record if site_mark(site) == record.site_mark else None
