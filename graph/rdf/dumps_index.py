"""The index kept beside the dumps (`OUT/.state/dumps.index`): where each subject's bytes lie in
graph.ttl and graph.jsonld, so the next build can copy the subjects a change leaves alone
(graph.rdf.patched_dumps). It records what it was made with and the size and CRC-32 of each file
it describes; anything that does not match (another pyoxigraph, an edited or damaged dump, a
damaged index) makes the reader refuse it, and the dumps are written whole.

Layout: a first line naming the format, a JSON line (versions, sizes, checksums, counts), then a
body: three arrays of unsigned 32-bit integers (per subject: its triples, the bytes of its Turtle
block, the bytes of its JSON-LD node) and the subjects' N-Triples tokens, one a line, in the
dumps' order. Not compressed: at a million triples the index is 12 MB, which zlib makes 2 MB
but in 0.2 s a build, more than the rest of a patch costs."""

from __future__ import annotations

import json
import sys
import zlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

MAGIC = b"hrgraph dumps index 1\n"
COUNTS = "I"  # array type code of the per-subject numbers: 32 bits unsigned

Piece = bytes | memoryview  # a run of a dump's bytes, written in order with the others


class IndexUnusable(ValueError):
    """The index, or a file it describes, is not the one this build can patch."""


@dataclass(frozen=True)
class FileMark:
    """A dump as the index saw it: its size, CRC-32 and the bytes before the first subject."""

    size: int
    crc: int
    head: int

    @staticmethod
    def of(content: bytes, head: int) -> FileMark:
        return FileMark.of_pieces([content], head)

    @staticmethod
    def of_pieces(pieces: Iterable[Piece], head: int) -> FileMark:
        """The mark of the file the pieces make, in order (never joined)."""
        size = crc = 0
        for piece in pieces:
            size += len(piece)
            crc = zlib.crc32(piece, crc)
        return FileMark(size, crc, head)

    def check(self, content: bytes, name: str) -> None:
        if len(content) != self.size or zlib.crc32(content) != self.crc:
            raise IndexUnusable(f"{name} is not the file the index describes")


@dataclass(frozen=True)
class DumpsIndex:
    """Per subject, in the order of the sorted N-Triples: its token (`<iri>` or `_:label`), its
    number of triples, and the length in bytes of its Turtle block and of its JSON-LD node (the
    node's line without the ",\\n" after it)."""

    keys: list[bytes]
    triples: array[int]
    turtle: array[int]
    jsonld: array[int]
    ntriples_size: int  # of the sorted N-Triples the dumps were written from
    turtle_file: FileMark
    jsonld_file: FileMark

    def to_bytes(self) -> bytes:
        body = b"".join(
            [self.triples.tobytes(), self.turtle.tobytes(), self.jsonld.tobytes(), b"\n".join(self.keys)]
        )
        header = {
            "pyoxigraph": ox.__version__,
            "byteorder": sys.byteorder,
            "subjects": len(self.keys),
            "ntriples": self.ntriples_size,
            "ttl": vars(self.turtle_file),
            "jsonld": vars(self.jsonld_file),
            "body": [len(body), zlib.crc32(body)],
        }
        return MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + body

    @staticmethod
    def from_bytes(data: bytes) -> DumpsIndex:
        """The index in `data`; IndexUnusable if it is damaged or was written by another
        format, pyoxigraph or byte order."""
        if not data.startswith(MAGIC):
            raise IndexUnusable("not a dumps index of this format")
        end = data.find(b"\n", len(MAGIC))
        try:
            header: dict[str, Any] = json.loads(data[len(MAGIC) : end])
            if header["pyoxigraph"] != ox.__version__ or header["byteorder"] != sys.byteorder:
                raise IndexUnusable("written with another pyoxigraph or byte order")
            body = data[end + 1 :]
            if [len(body), zlib.crc32(body)] != header["body"]:
                raise IndexUnusable("damaged")
            return _decoded(body, header)
        except (ValueError, KeyError, TypeError) as error:
            if isinstance(error, IndexUnusable):
                raise
            raise IndexUnusable(f"damaged: {error}") from error


def _decoded(body: bytes, header: dict[str, Any]) -> DumpsIndex:
    count = int(header["subjects"])
    width = array(COUNTS).itemsize * count
    triples, turtle, jsonld = (
        array(COUNTS, body[start : start + width]) for start in range(0, 3 * width, width)
    )
    keys = body[3 * width :].split(b"\n") if count else []
    if len(keys) != count or any(len(found) != count for found in (triples, turtle, jsonld)):
        raise IndexUnusable("damaged: counts disagree")
    return DumpsIndex(
        keys,
        triples,
        turtle,
        jsonld,
        ntriples_size=int(header["ntriples"]),
        turtle_file=FileMark(**header["ttl"]),
        jsonld_file=FileMark(**header["jsonld"]),
    )
