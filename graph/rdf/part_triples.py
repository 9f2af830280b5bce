"""The whole graph answered part by part: a rebuild's outputs that ask about a few nodes never
assemble every record.

Parts are disjoint by subject (graph.rdf.parts), so what the whole graph says of a subject is
what its file's part says, in the same order: a file's records are assembled alone in the order
a cold assembly takes them, and each subject's triples come from its own file only. A question
about a subject (`objects(s, p)`, `value(s, p)`, `(s, p, o) in`) assembles the file of the record
owning it, once; one about the vocabularies' subjects is answered by them. `subjects(p, o)` asks
an index of the whole graph (`SubjectsOf`: the kept store) which subjects hold the triple,
checks each in its part, and gives them in the cold order (the place of its file's records in
the dataset, which loads a file's records together, then the subject's place in its part). Any
other question (the whole graph, a predicate alone) assembles the whole graph, as
DeferredTriples does; so does a part that is not one. A reader for whom order does not matter
(a set, a maximum) asks `pairs_of`, which reads a predicate's pairs from the graph's sorted
N-Triples instead."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Protocol, runtime_checkable

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graph.core.ontology import Ontology
from graph.core.vocab import RDF
from graph.ingest.dataset import Dataset
from graph.rdf.assemble import Assembly, assemble_records, namespaces_of, source_languages
from graph.rdf.parts import (
    DeferredTriples,
    NotAPart,
    deferred_assembly,
    owner,
    whole_triples,
)
from graph.rdf.reads import Reads, RecordingGraph
from graph.rdf.triples import GraphLike, Triple, Triples

_NOTHING = Triples()  # the part of a subject no record owns: never added to


class SubjectsOf(Protocol):
    """An index of the whole graph: the subjects of the triples (?, predicate, object), in any
    order; None when it cannot answer that question (then the whole graph is assembled)."""

    def __call__(self, predicate: Node, object: Node) -> Iterable[Node] | None: ...


@runtime_checkable
class UnorderedPairs(Protocol):
    """A graph that can give a predicate's pairs in an order of its own (None: it cannot)."""

    def unordered_pairs(self, predicate: Node) -> Iterable[tuple[Node, Node]] | None: ...


class PartTriples(DeferredTriples):
    """The whole graph's Triples, answering questions about a subject from its file's part."""

    def __init__(
        self,
        make: Callable[[], Triples],
        dataset: Dataset,
        ontology: Ontology,
        base: str,
        ntriples: bytes | None = None,
    ):
        super().__init__(make, namespaces_of(base))
        self._dataset, self._ontology, self._base = dataset, ontology, base
        self._ntriples = ntriples  # the whole graph's sorted N-Triples, if known
        self._size: int | None = None  # the N-Triples' lines, counted when first asked for
        self._file_of: dict[str, str] = {}  # record id → its file
        self._place: dict[str, int] = {}  # file → the place of its first record in the dataset
        self._ids: dict[str, list[str]] = {}  # file → its records' ids, in the dataset's order
        self._languages: dict[str, str] | None = None
        self._parts: dict[str, Triples] = {}  # file → its part, assembled on first use
        self._order: dict[str, dict[Node, int]] = {}  # file → each subject's place in its part
        self._vocabularies: Triples | None = None
        self._subjects_of: SubjectsOf | None = None
        self._by_parts = True  # False once a part was found not to be one: the whole graph
        self.parts_assembled = 0  # how many files were assembled (for tests and measures)

    @property
    def whole_assembled(self) -> bool:
        """Whether a question needed the whole graph (assembled once, then answering all)."""
        return self._made is not None

    def answer_subjects_from(self, subjects_of: SubjectsOf | None) -> None:
        """Answer `subjects(p, o)` with the help of this index of the whole graph (None: no
        longer, the whole graph answers)."""
        self._subjects_of = subjects_of

    # the questions about a subject

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        part = self._part_of(subject)
        return (part if part is not None else self.whole()).objects(subject, predicate)

    def value(self, subject: Node | None = None, predicate: Node | None = None) -> Node | None:
        part = self._part_of(subject) if predicate is not None else None
        return (part if part is not None else self.whole()).value(subject, predicate)

    def __contains__(self, triple: Triple) -> bool:
        part = self._part_of(triple[0])
        return triple in (part if part is not None else self.whole())

    def __len__(self) -> int:
        if self._ntriples is None or self._made is not None:
            return len(self.whole())
        if self._size is None:
            self._size = self._ntriples.count(b"\n")
        return self._size

    def subjects(self, predicate: Node | None = None, object: Node | None = None) -> Iterator[Node]:
        found = self._subjects_by_parts(predicate, object)
        return iter(found) if found is not None else self.whole().subjects(predicate, object)

    def unordered_pairs(self, predicate: Node) -> list[tuple[Node, Node]] | None:
        """The (subject, object) pairs of `predicate` in the N-Triples' order, not the graph's;
        None when the N-Triples are not known or a pair is not plain to read (a blank node, an
        escape, a line that only seems to hold the predicate)."""
        return pairs_in(self._ntriples, predicate) if self._ntriples is not None else None

    # the parts

    def _part_of(self, subject: Node | None) -> Triples | None:
        """The part holding every triple of `subject` (the vocabularies for theirs), or None
        when the whole graph must answer."""
        if subject is None or isinstance(subject, BNode) or not self._by_parts or self._made is not None:
            return None
        record_id = owner(str(subject), self._base)
        if record_id is None:
            return self._vocabularies_part()
        self._index()
        shown = self._file_of.get(record_id)
        if shown is None:  # no record's node: no triple has it as subject
            return _NOTHING
        try:
            return self._part(shown)
        except NotAPart:
            self._by_parts = False
            return None

    def _subjects_by_parts(self, predicate: Node | None, object: Node | None) -> list[Node] | None:
        """subjects(p, o) in the cold order, or None when the whole graph must answer."""
        if predicate is None or object is None or isinstance(object, BNode) or self._subjects_of is None:
            return None
        if not self._by_parts or self._made is not None:
            return None
        candidates = self._subjects_of(predicate, object)
        if candidates is None:
            return None
        self._index()
        placed: list[tuple[int, int, Node]] = []
        for subject in set(candidates):
            part = self._part_of(subject)
            if part is None:
                return None
            if (subject, predicate, object) not in part:
                continue
            record_id = owner(str(subject), self._base)
            if record_id is None:  # a vocabulary's subject: after every record's
                placed.append((len(self._file_of), self._order_in(None, part)[subject], subject))
            else:
                shown = self._file_of[record_id]
                placed.append((self._place[shown], self._order_in(shown, part)[subject], subject))
        return [subject for _, _, subject in sorted(placed, key=lambda found: found[:2])]

    def _order_in(self, shown: str | None, part: Triples) -> dict[Node, int]:
        key = shown if shown is not None else ""
        order = self._order.get(key)
        if order is None:
            order = self._order[key] = {subject: at for at, subject in enumerate(_subjects_in_order(part))}
        return order

    def _index(self) -> None:
        if self._ids:
            return
        # no record read: a file's records are read when its part is first asked for
        self._ids = self._dataset.ids_by_file()
        at = 0  # a file's records are together in the dataset's order
        for shown, ids in self._ids.items():
            self._place[shown] = at
            at += len(ids)
            for record_id in ids:
                self._file_of[record_id] = shown

    def _part(self, shown: str) -> Triples:
        part = self._parts.get(shown)
        if part is None:
            if self._languages is None:
                self._languages = source_languages(self._dataset)
            records = [self._dataset.records[record_id] for record_id in self._ids[shown]]
            triples = assemble_records(records, self._ontology, self._base, self._languages).triples
            assert isinstance(triples, Triples)
            own = {record.id for record in records}
            for subject in _subjects_in_order(triples):
                if owner(str(subject), self._base) not in own:
                    raise NotAPart(f"{subject} is no node of the records of {shown}")
            part = self._parts[shown] = triples
            self.parts_assembled += 1
        return part

    def _vocabularies_part(self) -> Triples:
        if self._vocabularies is None:
            vocabularies = Triples()
            for triple in self._ontology.vocabularies:
                vocabularies.add(triple)
            self._vocabularies = vocabularies
        return self._vocabularies


def _subjects_in_order(triples: Triples) -> Iterator[Node]:
    """The subjects of a Triples in the order they were first added."""
    last: Node | None = None
    for subject, _, _ in triples:
        if subject is not last:
            last = subject
            yield subject


def part_assembly(dataset: Dataset, ontology: Ontology, base: str, ntriples: bytes | None = None) -> Assembly:
    """deferred_assembly's, its triples answered part by part (PartTriples); `ntriples`: the
    whole graph's sorted N-Triples, if known."""
    assembly = deferred_assembly(dataset, ontology, base)
    make = partial(whole_triples, dataset, ontology, base)
    assembly.triples = PartTriples(make, dataset, ontology, base, ntriples)
    return assembly


def pairs_of(graph: GraphLike, predicate: Node) -> Iterable[tuple[Node, Node]]:
    """The (subject, object) pairs of `predicate` in no given order, for a reader to whom
    order does not matter (a set, a maximum): a PartTriples' read from its N-Triples, without
    assembling the whole graph; any other graph's, its subject_objects. A RecordingGraph notes
    the question as subject_objects(predicate) would be noted."""
    if isinstance(graph, RecordingGraph):
        graph.note(Reads(predicates={str(predicate)}))
        return pairs_of(graph.graph, predicate)
    if isinstance(graph, UnorderedPairs):
        found = graph.unordered_pairs(predicate)
        if found is not None:
            return found
    return graph.subject_objects(predicate)


def pairs_in(ntriples: bytes, predicate: Node) -> list[tuple[Node, Node]] | None:
    """The pairs of the lines `<subject> <predicate> object .` of sorted N-Triples, or None
    when one cannot be read plainly."""
    token = f" <{predicate}> ".encode()  # after any subject: a blank one is found, then refused
    found: list[tuple[Node, Node]] = []
    at = ntriples.find(token)
    while at != -1:
        start = ntriples.rfind(b"\n", 0, at) + 1
        end = ntriples.find(b"\n", at)
        subject = _iri(ntriples[start:at])
        obj = _object(ntriples[at + len(token) : end if end != -1 else len(ntriples)])
        if subject is None or obj is None:
            return None
        found.append((subject, obj))
        at = ntriples.find(token, end) if end != -1 else -1
    return found


def type_counts(ntriples: bytes, namespace: str) -> Counter[str] | None:
    """How many lines of sorted N-Triples say `<any> rdf:type <namespace + name>`, by name (a
    literal cannot end such a line: it holds no raw line break), read in one scan; None when a
    name is written with an escape."""
    pattern = rb" <%s> <%s([^>]*)> \.\n" % (re.escape(str(RDF.type).encode()), re.escape(namespace.encode()))
    names = re.findall(pattern, ntriples)
    if any(b"\\" in name for name in names):
        return None
    return Counter(name.decode() for name in names)


def _iri(text: bytes) -> URIRef | None:
    """`<iri>` read, or None for anything else (a blank node, an escape, a space)."""
    if not (text.startswith(b"<") and text.endswith(b">")) or any(c in text for c in b' "\\'):
        return None
    inner = text[1:-1]
    return URIRef(inner.decode()) if b"<" not in inner and b">" not in inner else None


def _object(text: bytes) -> Node | None:
    """An object written `<iri> .` or `"lexical"[@lang|^^<iri>] .`, or None."""
    if not text.endswith(b" ."):
        return None
    text = text[:-2]
    if text.startswith(b"<"):
        return _iri(text)
    close = text.rfind(b'"')
    if not text.startswith(b'"') or close < 1 or b"\\" in text[:close]:
        return None
    lexical, suffix = text[1:close].decode(), text[close + 1 :]
    if not suffix:
        return Literal(lexical)
    if suffix.startswith(b"@") and b" " not in suffix:
        return Literal(lexical, lang=suffix[1:].decode())
    if suffix.startswith(b"^^"):
        datatype = _iri(suffix[2:])
        return Literal(lexical, datatype=datatype, normalize=False) if datatype is not None else None
    return None
