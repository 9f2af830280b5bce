"""The Turtle and JSON-LD dumps written from the last build's dumps and the change (issue 16):
byte for byte what the whole writers (graph.rdf.dumps) give, at the cost of the change.

Both dumps are ordered as the sorted N-Triples, one block per subject, and a subject's block
depends only on its own triples and the prefixes: Oxigraph's Turtle is the prefix lines, then
for each subject its lines (the first unindented, the others starting with a tab: literals'
line breaks are escaped, blank nodes and lists are never inlined); the JSON-LD is a head, then
one node a line, then a foot. So the new dump is the old one with the blocks of the changed
subjects cut out and their new blocks, written by the same writers, put in their place. The
index (graph.rdf.dumps_index) says where each subject's block lies; it is written with the
dumps and staged with them.

Nothing kept is trusted: an index or dump that is missing, damaged, edited or of another
pyoxigraph, other prefixes, or a change that does not lead from the last build's N-Triples to
the new ones (sizes and each changed subject's triples are counted) makes the dumps be written
whole, silently, with the same bytes."""

from __future__ import annotations

import operator
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from pathlib import Path

import pyoxigraph as ox

from graph.rdf.change import TripleChange
from graph.rdf.dumps import (
    JSONLD_INDENT,
    JsonLdText,
    jsonld_context,
    jsonld_frame,
    to_jsonld,
    turtle_of,
    turtle_prefixes,
)
from graph.rdf.dumps_index import COUNTS, DumpsIndex, FileMark, IndexUnusable, Piece
from graph.rdf.triples import GraphLike

INDEX_PATH = Path(".state") / "dumps.index"
"""Where the index lies, relative to the build's output folder."""

JSONLD_SEPARATOR = b",\n"
_TURTLE_BLOCK_START = re.compile(rb"\n(?!\t)")  # a line that starts a subject (or the end)
# beyond this many changed subjects, and one subject in this many, writing whole is cheaper
PATCH_ALWAYS, PATCH_AT_MOST = 64, 8


@dataclass(frozen=True)
class PreviousDumps:
    """The last build's Turtle and JSON-LD and their index, checked against each other."""

    turtle: bytes
    jsonld: bytes
    index: DumpsIndex


@dataclass(frozen=True)
class WrittenDumps:
    """The dumps of a build, by format name ("ttl", "nt", "jsonld"), each as the pieces it is
    written from in order (a patched dump's unchanged runs are views of the last one's bytes,
    never joined), and the index to keep beside them (at INDEX_PATH); `how` says whether they
    were patched or why written whole."""

    pieces: dict[str, list[Piece]]
    index: bytes
    how: str

    @property
    def files(self) -> dict[str, bytes]:
        """Each dump whole."""
        return {name: b"".join(pieces) for name, pieces in self.pieces.items()}

    @property
    def patched(self) -> bool:
        return self.how == PATCHED


PATCHED = "patched"


def read_previous_dumps(folder: Path, name: str) -> PreviousDumps | None:
    """The dumps `name`.ttl and `name`.jsonld of the build in `folder` and their index, or None
    when any is missing, damaged, edited after the build or written by another pyoxigraph, or
    when `name`.nt is not the size of the N-Triples they were written from."""
    try:
        index = DumpsIndex.from_bytes((folder / INDEX_PATH).read_bytes())
        if (folder / f"{name}.nt").stat().st_size != index.ntriples_size:
            return None
        turtle = (folder / f"{name}.ttl").read_bytes()
        index.turtle_file.check(turtle, "the Turtle dump")
        jsonld = (folder / f"{name}.jsonld").read_bytes()
        index.jsonld_file.check(jsonld, "the JSON-LD dump")
    except (OSError, IndexUnusable):
        return None
    return PreviousDumps(turtle, jsonld, index)


def write_dumps(
    graph: GraphLike,
    ntriples: bytes,
    previous: PreviousDumps | None = None,
    change: TripleChange | None = None,
) -> WrittenDumps:
    """The dumps of `graph`, whose sorted N-Triples are `ntriples`, and their index. Given the
    last build's dumps (read_previous_dumps) and the change from the N-Triples they were written
    from to `ntriples` (graph.rdf.change.triple_change), the unchanged subjects' bytes are copied
    from them; otherwise, or when they do not fit, everything is written whole. The same bytes
    either way."""
    prefixes, context = turtle_prefixes(graph), jsonld_context(graph)
    how = "no previous dumps" if previous is None else "no change given"
    if previous is not None and change is not None:
        try:
            return _patched(previous, ntriples, change, prefixes, context)
        except IndexUnusable as refused:
            how = str(refused)
    return _whole(graph, ntriples, prefixes, context, how)


# ------------------------------------------------------------------------------ whole


def _whole(
    graph: GraphLike, ntriples: bytes, prefixes: dict[str, str], context: dict[str, str], how: str
) -> WrittenDumps:
    turtle = turtle_of(ntriples, prefixes)
    blocks = _JsonLdBlocks(context, ntriples)
    jsonld = to_jsonld(graph, ntriples) if not blocks.keys else blocks.dump()
    index = b""  # an empty index is refused: the next build writes whole
    if blocks.keys and all(map(operator.lt, blocks.keys, blocks.keys[1:])):  # as bisect needs them
        head = _turtle_head(turtle)
        lengths = _turtle_lengths(memoryview(turtle)[head:])
        if len(lengths) == len(blocks.keys):
            index = DumpsIndex(
                blocks.keys,
                blocks.triples,
                lengths,
                blocks.lengths(),
                len(ntriples),
                FileMark.of(turtle, head),
                FileMark.of(jsonld, len(jsonld_frame(context)[0])),
            ).to_bytes()
    return WrittenDumps({"ttl": [turtle], "nt": [ntriples], "jsonld": [jsonld]}, index, how)


class _JsonLdBlocks:
    """The JSON-LD nodes of sorted N-Triples, with each subject's token and triple count."""

    def __init__(self, context: dict[str, str], ntriples: bytes):
        self.context = context
        self.keys: list[bytes] = []
        self.triples = array(COUNTS)
        self.nodes: list[bytes] = []
        text = JsonLdText(context)
        parsed = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
        for subject, about in groupby(parsed, key=attrgetter("subject")):
            triples = list(about)
            self.keys.append(str(subject).encode())
            self.triples.append(len(triples))
            self.nodes.append((JSONLD_INDENT + text.node(subject, triples)).encode())

    def lengths(self) -> array[int]:
        return array(COUNTS, map(len, self.nodes))

    def dump(self) -> bytes:
        head, foot = jsonld_frame(self.context)
        return head + JSONLD_SEPARATOR.join(self.nodes) + foot


def _turtle_head(turtle: bytes) -> int:
    """The length of the prefix lines that open Oxigraph's Turtle."""
    end = 0
    while turtle.startswith(b"@prefix ", end):
        end = turtle.index(b"\n", end) + 1
    return end


def _turtle_head_of(prefixes: dict[str, str]) -> bytes:
    """The prefix lines Oxigraph opens a Turtle dump with (it writes them with the first triple)."""
    turtle = turtle_of(b"<urn:x:s> <urn:x:p> <urn:x:o> .\n", prefixes)
    return turtle[: _turtle_head(turtle)]


def _turtle_lengths(body: memoryview) -> array[int]:
    """The length of each subject's block of Turtle after the prefix lines."""
    starts = [0, *(found.end() for found in _TURTLE_BLOCK_START.finditer(body))]
    if starts[-1] != len(body):  # Oxigraph ends its last line: never so, unless empty
        starts.append(len(body))
    return array(COUNTS, map(operator.sub, starts[1:], starts))


# ------------------------------------------------------------------------------ patched


def _patched(
    previous: PreviousDumps,
    ntriples: bytes,
    change: TripleChange,
    prefixes: dict[str, str],
    context: dict[str, str],
) -> WrittenDumps:
    """The dumps patched; IndexUnusable when the previous ones cannot be."""
    index = previous.index
    keys = index.keys
    if index.ntriples_size + len(change.added) - len(change.removed) != len(ntriples):
        raise IndexUnusable("the change is not from the last build's N-Triples")
    changed = _changed_subjects(change)
    if len(changed) > PATCH_ALWAYS and len(changed) * PATCH_AT_MOST > len(keys):
        raise IndexUnusable("too many subjects changed to patch")
    jsonld_head, jsonld_foot = jsonld_frame(context)
    if previous.jsonld[: index.jsonld_file.head] != jsonld_head or not previous.jsonld.endswith(jsonld_foot):
        raise IndexUnusable("the JSON-LD context changed")

    turtle_head = memoryview(previous.turtle)[: index.turtle_file.head]
    if turtle_head != _turtle_head_of(prefixes):
        raise IndexUnusable("the Turtle prefixes changed")
    edits = [_Edit.of(key, net, index, ntriples) for key, net in sorted(changed.items())]
    written = [edit for edit in edits if edit.lines]
    if len(keys) - sum(edit.present for edit in edits) + len(written) == 0:
        raise IndexUnusable("the graph is now empty")
    chunk = b"".join(edit.lines for edit in written)
    turtle_blocks, jsonld_blocks = _new_blocks(chunk, prefixes, context, turtle_head, written)

    splice = _Splice(previous, len(jsonld_head))
    for edit, turtle_block, jsonld_block in _aligned(edits, turtle_blocks, jsonld_blocks):
        splice.copy_to(edit.position)
        if edit.present:
            splice.skip()
        if turtle_block is not None and jsonld_block is not None:
            splice.add(edit.key, edit.count, turtle_block, jsonld_block)
    splice.copy_to(len(keys))
    turtle = splice.turtle
    jsonld = [jsonld_head, *_separated(splice.jsonld), jsonld_foot]
    marks = FileMark.of_pieces(turtle, index.turtle_file.head), FileMark.of_pieces(jsonld, len(jsonld_head))
    new = splice.index
    kept = DumpsIndex(new.keys, new.triples, new.turtle, new.jsonld, len(ntriples), *marks)
    return WrittenDumps({"ttl": turtle, "nt": [ntriples], "jsonld": jsonld}, kept.to_bytes(), PATCHED)


def _changed_subjects(change: TripleChange) -> dict[bytes, int]:
    """Each changed subject's token and its triples added less those removed."""
    net: dict[bytes, int] = {}
    for lines, sign in ((change.added, 1), (change.removed, -1)):
        for line in lines.splitlines():
            key = line[: line.index(b" ")]
            net[key] = net.get(key, 0) + sign
    return net


@dataclass(frozen=True)
class _Edit:
    """A changed subject: its place among the old subjects, whether it was there, its new lines."""

    key: bytes
    position: int
    present: bool
    lines: bytes
    count: int

    @staticmethod
    def of(key: bytes, net: int, index: DumpsIndex, ntriples: bytes) -> _Edit:
        position = bisect_left(index.keys, key)
        present = position < len(index.keys) and index.keys[position] == key
        start = _first_line_from(ntriples, key + b" ")
        end = _first_line_from(ntriples, key + b"!", start)  # "!" follows " ": past its lines
        lines = ntriples[start:end]
        count = lines.count(b"\n")
        if count != (index.triples[position] if present else 0) + net:
            raise IndexUnusable("the change is not from the last build's N-Triples")
        return _Edit(key, position, present, lines, count)


def _first_line_from(ntriples: bytes, prefix: bytes, low: int = 0) -> int:
    """The offset of the first line, at or after `low` (a line's start), not below `prefix`:
    a binary search over the sorted lines."""
    high = len(ntriples)
    while low < high:
        line = ntriples.rfind(b"\n", low, (low + high) // 2) + 1 or low
        if ntriples[line : line + len(prefix)] < prefix:
            low = ntriples.index(b"\n", line) + 1
        else:
            high = line
    return low


def _new_blocks(
    chunk: bytes,
    prefixes: dict[str, str],
    context: dict[str, str],
    turtle_head: memoryview,
    written: list[_Edit],
) -> tuple[list[bytes], list[bytes]]:
    """The Turtle blocks and JSON-LD nodes of the changed subjects' lines, by the whole writers."""
    if not chunk:
        return [], []
    turtle = turtle_of(chunk, prefixes)
    head = _turtle_head(turtle)
    if turtle[:head] != turtle_head:
        raise IndexUnusable("the Turtle prefixes changed")
    body = memoryview(turtle)[head:]
    turtle_blocks = []
    at = 0
    for length in _turtle_lengths(body):
        turtle_blocks.append(bytes(body[at : at + length]))
        at += length
    jsonld = _JsonLdBlocks(context, chunk)
    if len(turtle_blocks) != len(written) or jsonld.keys != [edit.key for edit in written]:
        raise IndexUnusable("the subjects' blocks could not be told apart")
    return turtle_blocks, jsonld.nodes


def _aligned(
    edits: list[_Edit], turtle_blocks: list[bytes], jsonld_blocks: list[bytes]
) -> Iterator[tuple[_Edit, bytes | None, bytes | None]]:
    """Each edit with its new blocks, or None for a subject no longer in the graph."""
    written = iter(zip(turtle_blocks, jsonld_blocks, strict=True))
    for edit in edits:
        turtle_block, jsonld_block = next(written) if edit.lines else (None, None)
        yield edit, turtle_block, jsonld_block


class _Splice:
    """The new dumps and index, made in order of runs of the old subjects, copied, and of the
    changed subjects' new blocks."""

    def __init__(self, previous: PreviousDumps, jsonld_head: int) -> None:
        self.old = previous.index
        self.old_turtle, self.old_jsonld = memoryview(previous.turtle), memoryview(previous.jsonld)
        self.turtle: list[Piece] = [self.old_turtle[: self.old.turtle_file.head]]
        self.jsonld: list[Piece] = []  # runs of nodes, to be joined by JSONLD_SEPARATOR
        self.index = _NewIndex()
        self.done = 0  # the old subjects before this one are placed
        self.turtle_at, self.jsonld_at = self.old.turtle_file.head, jsonld_head  # where it starts

    def copy_to(self, position: int) -> None:
        """Copy the old subjects up to `position` (unchanged) in one piece."""
        start, count = self.done, position - self.done
        if count <= 0:
            return
        turtle = sum(self.old.turtle[start:position])
        jsonld = sum(self.old.jsonld[start:position]) + len(JSONLD_SEPARATOR) * (count - 1)
        self.turtle.append(self.old_turtle[self.turtle_at : self.turtle_at + turtle])
        self.jsonld.append(self.old_jsonld[self.jsonld_at : self.jsonld_at + jsonld])
        self.index.copy(self.old, start, position)
        self.turtle_at += turtle
        self.jsonld_at += jsonld + len(JSONLD_SEPARATOR)
        self.done = position

    def skip(self) -> None:
        """Leave out the next old subject (changed or gone)."""
        self.turtle_at += self.old.turtle[self.done]
        self.jsonld_at += self.old.jsonld[self.done] + len(JSONLD_SEPARATOR)
        self.done += 1

    def add(self, key: bytes, triples: int, turtle: bytes, jsonld: bytes) -> None:
        self.turtle.append(turtle)
        self.jsonld.append(jsonld)
        self.index.add(key, triples, len(turtle), len(jsonld))


def _separated(parts: list[Piece]) -> Iterator[Piece]:
    for number, part in enumerate(parts):
        if number:
            yield JSONLD_SEPARATOR
        yield part


class _NewIndex:
    """The new index's per-subject lists, made of runs of the old one and the new subjects."""

    def __init__(self) -> None:
        self.keys: list[bytes] = []
        self.triples, self.turtle, self.jsonld = array(COUNTS), array(COUNTS), array(COUNTS)

    def copy(self, index: DumpsIndex, start: int, end: int) -> None:
        self.keys += index.keys[start:end]
        self.triples += index.triples[start:end]
        self.turtle += index.turtle[start:end]
        self.jsonld += index.jsonld[start:end]

    def add(self, key: bytes, triples: int, turtle: int, jsonld: int) -> None:
        self.keys.append(key)
        self.triples.append(triples)
        self.turtle.append(turtle)
        self.jsonld.append(jsonld)
