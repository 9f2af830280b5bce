"""What changed between two builds' graphs, as N-Triples lines: the one thing the stages that
work on a change (the kept store, the checks, the dumps, the pages) are given.

Both dumps are sorted N-Triples (graph.rdf.dumps.to_ntriples), one triple a line, so the change
is two sorted runs of lines: those only the old graph has, and those only the new one has."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

NO_CHANGE_TEXT = b""


@dataclass(frozen=True)
class TripleChange:
    """The triples removed from and added to a graph, each as sorted N-Triples lines."""

    removed: bytes = NO_CHANGE_TEXT
    added: bytes = NO_CHANGE_TEXT

    def __bool__(self) -> bool:
        return bool(self.removed or self.added)

    @cached_property
    def subjects(self) -> frozenset[str]:
        """The IRIs (without <>) and blank-node labels (with _:) of every changed triple's subject."""
        return frozenset(_subject(line) for line in self._lines())

    @cached_property
    def nodes(self) -> frozenset[str]:
        """The subjects and the IRI objects of every changed triple."""
        found = set(self.subjects)
        for line in self._lines():
            term = _iri_object(line)
            if term is not None:
                found.add(term)
        return frozenset(found)

    def _lines(self) -> list[bytes]:
        return self.removed.splitlines() + self.added.splitlines()


def triple_change(old: bytes, new: bytes) -> TripleChange:
    """The change from one sorted N-Triples dump to another (lines compared as bytes)."""
    old_lines = set(old.splitlines(keepends=True))
    new_lines = set(new.splitlines(keepends=True))
    return TripleChange(
        b"".join(sorted(old_lines - new_lines)),
        b"".join(sorted(new_lines - old_lines)),
    )


def _subject(line: bytes) -> str:
    if line.startswith(b"<"):
        return line[1 : line.index(b">")].decode()
    return line[: line.index(b" ")].decode()  # a blank node, _:label


def _iri_object(line: bytes) -> str | None:
    """The object of an N-Triples line if it is an IRI (the line ends `<iri> .`)."""
    text = line.rstrip()
    if not text.endswith(b"> ."):
        return None
    start = text.rfind(b" <", 0, len(text) - 3)
    if start < 0 or b'"' in text[start:]:
        return None
    return text[start + 2 : len(text) - 3].decode()
