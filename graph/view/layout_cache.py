"""The page's positions kept between builds, keyed by everything they depend on.

graph.view.layout places nodes from the graph's shape alone (its nodes and the pairs they link),
with a fixed seed: a build whose edit changed names, dates or sources but no link gets the same
positions as the last one, read back here instead of computed again (about 10 s at 100k
records). The key is a hash of the shape, the seed, the layout's code and the versions of the
libraries it calls, so a kept entry is exactly what a cold build computes; an entry that cannot
be read is computed again, silently. The positions are a function of the shape alone, never of
an earlier build's: a node added or two more nodes linked means the whole layout computed again
(keeping the old positions and placing the new node would make a rebuild differ from a cold
build of the same data). Entries are written whole (a temporary file renamed), and
only the newest few are kept. An entry is binary (`_entry`): the nodes' IRIs, then their
positions as 64-bit floats (the same numbers), then a digest of both: read back in 0.05 s
where JSON took 0.08 s at 100k records.
"""

from __future__ import annotations

import hashlib
import os
import struct
import tempfile
import weakref
from array import array
from importlib import metadata
from pathlib import Path

import networkx as nx

LAYOUT_MODULE = Path(__file__).parent / "layout.py"
"""The layout's code, part of the key (imported only to compute a layout: numpy and scipy cost
0.45 s of a rebuild's start when the positions are read back)."""

KEEP = 2
"""How many entries the folder keeps (the newest): the last build's, and the one before."""
PREFIX = "layout-"
SUFFIX = ".pos"
MAGIC = b"hrgraph layout positions 1\n"
_COUNTS = struct.Struct("<QQ")  # how many nodes, how many bytes of IRIs
_DIGEST = 16
_FLOATS_FIT = array("d").itemsize == 8 and struct.pack("=d", 1.0) == struct.pack("<d", 1.0)
"""This machine's floats are the entry's: 64-bit little-endian (else no entry is kept)."""


def layout(view: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """graph.view.layout.layout, imported when a layout is computed."""
    from graph.view.layout import layout as computed

    return computed(view, seed)


# the layout's shape: its nodes and the pairs it links (each pair once, however many edges it
# has), as a sum of their hashes (a set's: a rebuild adds or takes away a pair's alone)
_SHAPE_BITS = 128


def _item(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=_SHAPE_BITS // 8).digest(), "little")


def pair_item(start: str, end: str) -> int:
    """A linked pair's share of `layout_shape`."""
    return _item(f"p\n{start}\n{end}")


def layout_shape(view: nx.MultiDiGraph) -> int:
    """The view's nodes and the (start, end) pairs of its edges but loops, each once, as one
    number (modulo 2**128)."""
    nodes = sum(_item(f"n\n{node}") for node in view)
    pairs = sum(pair_item(u, v) for u, ends in view.adj.items() for v in ends if u != v)
    return (nodes + pairs) % (1 << _SHAPE_BITS)


KNOWN_SHAPES: weakref.WeakKeyDictionary[nx.MultiDiGraph, int] = weakref.WeakKeyDictionary()
"""`layout_shape` of views whose maker knows it without a walk (graph.view.kept_view)."""


def layout_key(view: nx.MultiDiGraph, seed: int = 7) -> str:
    """A hash of what the layout of `view` depends on."""
    digest = hashlib.sha256()
    source = LAYOUT_MODULE.read_bytes()
    versions = " ".join([*(metadata.version(name) for name in ("networkx", "numpy", "scipy")), str(seed)])
    digest.update(hashlib.sha256(source).digest() + versions.encode())
    shape = KNOWN_SHAPES.get(view)
    digest.update(f"{shape if shape is not None else layout_shape(view):032x}".encode())
    return digest.hexdigest()[:32]


def cached_layout(
    view: nx.MultiDiGraph, folder: Path | None, seed: int = 7
) -> dict[str, tuple[float, float]]:
    """graph.view.layout.layout(view, seed), read from `folder` when a build of the same shape
    wrote it there, else computed and written there. No folder: computed."""
    if folder is None:
        return layout(view, seed)
    path = folder / f"{PREFIX}{layout_key(view, seed)}{SUFFIX}"
    kept = _read(path, view)
    if kept is not None:
        os.utime(path)  # the newest again
        return kept
    positions = layout(view, seed)
    _write(folder, path, positions)
    return positions


def _entry(positions: dict[str, tuple[float, float]]) -> bytes | None:
    """The entry of `positions`: MAGIC, the counts, the IRIs joined by newlines (in the
    positions' order), each node's x and y, and a digest of what precedes it (None: an IRI
    with a newline, not kept)."""
    if not _FLOATS_FIT or any("\n" in node for node in positions):
        return None
    iris = "\n".join(positions).encode("utf-8")
    numbers = array("d", (number for xy in positions.values() for number in xy))
    body = MAGIC + _COUNTS.pack(len(positions), len(iris)) + iris + numbers.tobytes()
    return body + hashlib.blake2b(body, digest_size=_DIGEST).digest()


def _positions(data: bytes) -> dict[str, tuple[float, float]] | None:
    """The positions of an entry, if it is whole."""
    body, digest = data[:-_DIGEST], data[-_DIGEST:]
    if not body.startswith(MAGIC) or hashlib.blake2b(body, digest_size=_DIGEST).digest() != digest:
        return None
    at = len(MAGIC) + _COUNTS.size
    count, length = _COUNTS.unpack(body[len(MAGIC) : at])
    if not _FLOATS_FIT or len(body) != at + length + 2 * 8 * count:  # x and y, 8 bytes each
        return None
    iris = body[at : at + length].decode("utf-8").split("\n") if count else []
    numbers = array("d")
    numbers.frombytes(body[at + length :])
    if len(iris) != count:
        return None
    xs = numbers[0::2].tolist()
    ys = numbers[1::2].tolist()
    return dict(zip(iris, zip(xs, ys, strict=True), strict=True))


def _read(path: Path, view: nx.MultiDiGraph) -> dict[str, tuple[float, float]] | None:
    try:
        positions = _positions(path.read_bytes())
    except (OSError, ValueError, struct.error):
        return None
    return positions if positions is not None and positions.keys() == set(view) else None


def _write(folder: Path, path: Path, positions: dict[str, tuple[float, float]]) -> None:
    """Written whole or not at all; a folder that cannot be written to is no error."""
    entry = _entry(positions)
    if entry is None:
        return
    temporary: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, suffix=".tmp", delete=False) as file:
            temporary = Path(file.name)
            file.write(entry)
        os.replace(temporary, path)
        for stale in folder.glob(f"{PREFIX}*.json"):  # an older format's entries
            stale.unlink(missing_ok=True)
        entries = sorted(folder.glob(f"{PREFIX}*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
