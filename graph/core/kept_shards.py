"""A record kept between builds as a folder of shard files, so that a rebuild writes only the
shards whose content changed and hard-links the others from the last build.

Each shard is a file named by the SHA-256 of its bytes (a kept file is never modified in place:
a changed shard is a new file), checked against its name when loaded; a `head` file names them,
in groups (e.g. one per language), with the record's small data (`meta`). A missing or damaged
head, or a shard missing or not the bytes its name says (truncated, swapped), means the record
cannot be used (`KeptShards.read` gives None, `load` raises `DamagedShard`): the caller's cold
path."""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from graph.core.folder_files import link_files

HEAD = "head"
"""The file naming a record's shards, in its folder."""

_DIGEST = 32  # bytes of the head's SHA-256, after its magic


class DamagedShard(Exception):
    """A shard file missing, or not the bytes its name says."""


@contextmanager
def collector_paused(settle: bool = False) -> Iterator[None]:
    """Python's cycle collector off while kept records are decoded: many objects, in no cycle,
    living till the build ends, whose scans as young objects cost as much as the decoding (0.5
    against 0.3 s of CPU for the site's 75,000 pages at 100,000 records). With `settle`, what was
    made then joins the oldest generation unscanned (freeze, then unfreeze); never in a forked
    process, where that would bring its parent's frozen objects back into the scans."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if settle:
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


def shard_of(key: bytes, count: int) -> int:
    """The shard (of `count`) a key's bytes fall in: the same in every build."""
    return zlib.crc32(key) % count


def shard_count(items: int, per_shard: int = 128, most: int = 1024) -> int:
    """How many shards for `items` items: a power of two near `items / per_shard` (at most
    `most`), so that it stays the same from one build to the next unless the record doubles or
    halves (then every shard is written anew)."""
    count = 1
    while count < most and count * per_shard < items:
        count *= 2
    return count


def shard_name(content: bytes) -> str:
    """A shard's file name: the SHA-256 (hex) of its bytes."""
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class KeptShards:
    """A record as the last build kept it: its folder, its meta and its shards' names by group."""

    folder: Path
    meta: object
    groups: dict[str, tuple[str, ...]]

    @staticmethod
    def read(folder: Path, magic: bytes) -> KeptShards | None:
        """The record in `folder`, if its head is whole and of this `magic` (the format)."""
        try:
            data = (folder / HEAD).read_bytes()
            if not data.startswith(magic):
                return None
            body = data[len(magic) + _DIGEST :]
            if hashlib.sha256(body).digest() != data[len(magic) : len(magic) + _DIGEST]:
                return None
            meta, groups = pickle.loads(body)
        except Exception:  # missing or damaged: not used
            return None
        if not isinstance(groups, dict):
            return None
        return KeptShards(folder, meta, groups)

    def load(self, name: str) -> bytes:
        """A shard's bytes, checked against its name."""
        try:
            data = (self.folder / name).read_bytes()
        except OSError as error:
            raise DamagedShard(name) from error
        if shard_name(data) != name:
            raise DamagedShard(name)
        return data


def _sized(folder: Path, name: str, size: int) -> bool:
    """Whether the shard file `name` in `folder` is there with `size` bytes."""
    try:
        return os.stat(folder / name).st_size == size
    except OSError:
        return False


def write_shards(
    folder: Path,
    magic: bytes,
    meta: object,
    groups: Mapping[str, Sequence[bytes | str]],
    last: KeptShards | None,
) -> None:
    """Write a record into the new, empty `folder`: each group's shards, given as their bytes
    (written, unless the last build has a file of the same bytes, as its size says: linked) or
    as the name of the `last` build's shard file (linked); then its head."""
    kept = set() if last is None else {name for names in last.groups.values() for name in names}
    named: dict[str, tuple[str, ...]] = {}
    linked: set[str] = set()
    written: set[str] = set()
    for group, shards in groups.items():
        names = []
        for shard in shards:
            if isinstance(shard, str):
                if shard not in kept and shard not in written:
                    raise ValueError(f"{shard} is not a shard of the last build's record")
                name = shard
            else:
                name = shard_name(shard)
                if name in kept and last is not None and not _sized(last.folder, name, len(shard)):
                    kept.discard(name)  # the last build's file is damaged: written anew
                if name not in kept and name not in written:
                    with open(f"{folder}{os.sep}{name}", "wb") as file:
                        file.write(shard)
                    written.add(name)
            if name in kept and name not in written:
                linked.add(name)
            names.append(name)
        named[group] = tuple(names)
    if last is not None and linked:
        link_files(last.folder, folder, sorted(linked))
    body = pickle.dumps((meta, named), protocol=pickle.HIGHEST_PROTOCOL)
    (folder / HEAD).write_bytes(magic + hashlib.sha256(body).digest() + body)
