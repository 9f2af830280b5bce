"""What a piece of output read of the graph, so a later build knows whether a change reaches it.

A page (of the site, of the network view) is made by asking the graph questions. Wrapping the
graph in a `RecordingGraph` while it is made notes each question's fixed part: the subject of
`objects(s, p)` and `value(s, p)`, the object of `subjects(p, o)`, and the predicate of a
question with no node (`subject_objects(p)`, `objects(None, p)`). A change (the triples removed
and added) reaches the output exactly when one of its triples has a noted subject as subject, a
noted object as object or a noted predicate as predicate (`Reads.meets`): otherwise every answer
the output was made from is the same, and so is the output.

Cached answers must carry what they read: `recording()` frames nest, and a cache keeps the
frame its value was made in and `note()`s it each time the value is used again."""

from __future__ import annotations

import sys
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from rdflib import BNode, URIRef
from rdflib.term import Node

from graph.rdf.change import TripleChange
from graph.rdf.triples import GraphLike, Triple


@dataclass
class Reads:
    """The fixed parts of the questions asked: as text (IRIs without <>, blank nodes as _:id)."""

    subjects: set[str] = field(default_factory=set)
    objects: set[str] = field(default_factory=set)
    predicates: set[str] = field(default_factory=set)
    everything: bool = False
    """A question with nothing fixed (the whole graph, its size): any change reaches it."""

    def add(self, other: Reads | KeptReads) -> None:
        self.subjects.update(other.subjects)
        self.objects.update(other.objects)
        self.predicates.update(other.predicates)
        self.everything = self.everything or other.everything

    def kept(self) -> KeptReads:
        """The same, compact, to be kept with a cached answer (`KeptReads`)."""
        parts = _shared(self.subjects), _shared(self.objects), _shared(self.predicates)
        return KeptReads(*parts, self.everything)

    def meets(self, change: ChangedTerms) -> bool:
        """Whether a triple of the change has a subject, object or predicate read here."""
        return (
            self.everything
            or not self.subjects.isdisjoint(change.subjects)
            or not self.objects.isdisjoint(change.objects)
            or not self.predicates.isdisjoint(change.predicates)
        ) and bool(change)

    def hashes(self) -> bytes:
        """What was read, compact: the sorted 32-bit hashes of its terms tagged by place (as
        `ChangedTerms.hashes`; a collision only makes a change reach more)."""
        return array("I", sorted(term_hashes(self.subjects, self.objects, self.predicates))).tobytes()


@dataclass(frozen=True, slots=True)
class KeptReads:
    """What a cached answer read, as `Reads` notes it, compact and finished: a Reads of three
    sets held about a kilobyte, and a large site keeps one with each of its hundreds of
    thousands of kept answers (graph.site.facts); its terms are shared with the other answers'."""

    subjects: tuple[str, ...]
    objects: tuple[str, ...]
    predicates: tuple[str, ...]
    everything: bool


def _shared(terms: set[str]) -> tuple[str, ...]:
    """The terms as one tuple, each term's text held once by every `KeptReads` (none: the one
    empty tuple)."""
    return tuple(map(sys.intern, terms)) if terms else ()


@dataclass(frozen=True)
class ChangedTerms:
    """The terms of a change's triples by place, as `Reads` notes them. Literal objects are not
    kept: a question fixing a literal object is noted by its predicate."""

    subjects: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    predicates: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.subjects or self.objects or self.predicates)

    @property
    def blank(self) -> bool:
        """Whether a blank node changed (its label is not an identity across builds)."""
        return any(term.startswith("_:") for term in (*self.subjects, *self.objects))

    @classmethod
    def of(cls, change: TripleChange) -> ChangedTerms:
        return _terms(change)

    def hashes(self) -> set[int]:
        """The change's terms as `Reads.hashes` keeps a read's."""
        return term_hashes(self.subjects, self.objects, self.predicates)


def term_hashes(subjects: Iterable[str], objects: Iterable[str], predicates: Iterable[str]) -> set[int]:
    """The 32-bit hashes (CRC-32) of terms tagged by place (s, o, p)."""
    hashes = {zlib.crc32(term.encode(), _S) for term in subjects}
    hashes.update(zlib.crc32(term.encode(), _O) for term in objects)
    hashes.update(zlib.crc32(term.encode(), _P) for term in predicates)
    return hashes


_S, _O, _P = zlib.crc32(b"s"), zlib.crc32(b"o"), zlib.crc32(b"p")  # crc32(tag + term) continued


def reached(hashes: Sequence[bytes], change: set[int]) -> set[int]:
    """The numbers of the `Reads.hashes` a change's `ChangedTerms.hashes` meets."""
    if not change or not hashes:
        return set()
    import numpy as np  # here: the query command's start-up does not load it

    lengths = np.fromiter((len(each) // 4 for each in hashes), dtype=np.int64, count=len(hashes))
    every = np.frombuffer(b"".join(hashes), dtype=np.uint32)
    hits = np.flatnonzero(np.isin(every, np.fromiter(change, dtype=np.uint32, count=len(change))))
    owners = np.searchsorted(np.cumsum(lengths), hits, side="right")
    return {int(owner) for owner in np.unique(owners)}


def _terms(change: TripleChange) -> ChangedTerms:
    subjects: set[str] = set()
    objects: set[str] = set()
    predicates: set[str] = set()
    for line in change.removed.splitlines() + change.added.splitlines():
        subject, rest = line.split(b" ", 1)
        predicate, obj = rest.split(b" ", 1)
        subjects.add(_term(subject))
        predicates.add(_term(predicate))
        obj = obj.rstrip()[:-1].rstrip()  # the object without " ."
        if obj.startswith((b"<", b"_:")):
            objects.add(_term(obj))
    return ChangedTerms(frozenset(subjects), frozenset(objects), frozenset(predicates))


def _term(text: bytes) -> str:
    return (text[1:-1] if text.startswith(b"<") else text).decode()


def _text(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


_ANY = URIRef("")  # GraphLike.value's default predicate


class _Frame:
    """What is noted while a `recording()` frame is open: the nodes as asked (their text is made
    once each, when the frame closes) and the finished `Reads` of frames and kept answers noted
    in it (by reference: merged, each once, when it closes)."""

    __slots__ = ("everything", "noted", "objects", "predicates", "reads", "subjects")

    def __init__(self, reads: Reads) -> None:
        self.subjects: set[Node] = set()
        self.objects: set[Node] = set()
        self.predicates: set[Node] = set()
        self.everything = False
        self.noted: dict[int, Reads | KeptReads] = {}
        self.reads = reads

    def close(self) -> Reads:
        """`reads` filled with what the frame noted."""
        reads = self.reads
        reads.subjects.update(map(_text, self.subjects))
        reads.objects.update(map(_text, self.objects))
        reads.predicates.update(map(str, self.predicates))
        reads.everything = reads.everything or self.everything
        for other in self.noted.values():
            reads.add(other)
        return reads


class _Recording:
    """The context manager of `RecordingGraph.recording()` (a class: cheaper than a generator,
    entered hundreds of thousands of times by a site)."""

    __slots__ = ("frame", "graph")

    def __init__(self, graph: RecordingGraph) -> None:
        self.graph = graph
        self.frame = _Frame(Reads())

    def __enter__(self) -> Reads:
        self.graph._open(self.frame)
        return self.frame.reads

    def __exit__(self, *details: object) -> None:
        self.graph._close(self.frame)


class RecordingGraph:
    """A GraphLike that notes what is asked of it into the innermost `recording()` frame (asks
    the graph itself: nothing is kept)."""

    def __init__(self, graph: GraphLike) -> None:
        self.graph = graph
        self._frames: list[_Frame] = []
        self._frame: _Frame | None = None  # the innermost

    def recording(self) -> AbstractContextManager[Reads]:
        """A frame noting the questions asked inside it; when it closes, what it noted is
        noted in the frame around it too (the `Reads` it gives is filled then)."""
        return _Recording(self)

    def _open(self, frame: _Frame) -> None:
        self._frames.append(frame)
        self._frame = frame

    def _close(self, frame: _Frame) -> None:
        frames = self._frames
        frames.pop()
        reads = frame.close()
        outer = self._frame = frames[-1] if frames else None
        if outer is not None:
            outer.noted[id(reads)] = reads

    def note(self, reads: Reads | KeptReads) -> None:
        """Note what a cached answer was made from, where it is used again (the answer's frame
        closed: its `Reads` does not change any more)."""
        frame = self._frame
        if frame is not None:
            frame.noted[id(reads)] = reads

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        frame = self._frame
        if frame is not None:
            if subject is not None:
                frame.subjects.add(subject)
            elif predicate is not None:
                frame.predicates.add(predicate)
            else:
                frame.everything = True
        return self.graph.objects(subject, predicate)

    def subjects(self, predicate: Node | None = None, object: Node | None = None) -> Iterator[Node]:
        if self._frame is not None:
            self._asked(None, predicate, object)
        return self.graph.subjects(predicate, object)

    def value(self, subject: Node | None = None, predicate: Node = _ANY) -> Node | None:
        frame = self._frame
        if frame is not None:
            if subject is not None:
                frame.subjects.add(subject)
            else:
                self._asked(None, predicate, None)
        return self.graph.value(subject, predicate)

    def _asked(self, subject: Node | None, predicate: Node | None, obj: Node | None) -> None:
        frame = self._frame
        if frame is None:
            return
        if subject is not None:
            frame.subjects.add(subject)
        elif obj is not None and (isinstance(obj, (URIRef, BNode))):
            frame.objects.add(obj)
        elif predicate is not None:
            frame.predicates.add(predicate)
        else:
            frame.everything = True

    def subject_objects(self, predicate: Node | None = None) -> Iterator[tuple[Node, Node]]:
        self._asked(None, predicate, None)
        return self.graph.subject_objects(predicate)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        return self.graph.namespaces()

    def __len__(self) -> int:
        self._asked(None, None, None)
        return len(self.graph)

    def __contains__(self, triple: Triple) -> bool:
        self._asked(*triple)
        return triple in self.graph
