"""The whole graph answered part by part: a rebuild's outputs that ask about a few nodes never
assemble every record.

Parts are disjoint by subject (graph.rdf.parts), so what the whole graph says of a subject is
what its file's part says, in the same order: a file's records are assembled alone in the order
a cold assembly takes them, and each subject's triples come from its own file only. A question
about a subject (`objects(s, p)`, `value(s, p)`, `(s, p, o) in`) assembles the record owning it
alone, once, when the N-Triples hold no more lines about its nodes than it gives (no other
record said anything of them), else its file (or the file's part already assembled); one about
the vocabularies' subjects is answered by them. `subjects(p, o)` asks
an index of the whole graph (`SubjectsOf`: the kept store) which subjects hold the triple,
checks each in its part unless the index is exact (the store written from this graph's N-Triples,
asked of an IRI: a literal it matches by value), and gives them in the cold order: the place of
its record in the dataset, then its place among its record's subjects (graph.rdf.part_order),
known without assembling the part for a record's own node, or from the order the last build kept
for a file that did not change; else from the part, assembled. Any
other question (the whole graph, a predicate alone) assembles the whole graph, as
DeferredTriples does; so does a part that is not one. A reader for whom order does not matter
(a set, a maximum) asks `pairs_of`, which reads a predicate's pairs from the graph's sorted
N-Triples instead."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from operator import itemgetter
from typing import Protocol, runtime_checkable

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graph.core.ontology import Ontology
from graph.core.vocab import RDF
from graph.ingest.dataset import Dataset
from graph.rdf.assemble import Assembly, assemble_records, namespaces_of, source_languages
from graph.rdf.part_order import PartOrder, Ranks, ranks_of, record_runs, whole_order_bytes
from graph.rdf.parts import (
    DeferredTriples,
    FileEntry,
    NotAPart,
    deferred_assembly,
    owner,
    part_lines,
    whole_triples,
)
from graph.rdf.reads import Reads, RecordingGraph
from graph.rdf.triples import GraphLike, Triple, Triples

_NOTHING = Triples()  # the part of a subject no record owns: never added to
_ABSENT = (-1, -1)  # the place of a subject that does not hold the triple asked about


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
        order: PartOrder | None = None,
    ):
        super().__init__(make, namespaces_of(base))
        self._dataset, self._ontology, self._base = dataset, ontology, base
        self._ntriples = ntriples  # the whole graph's sorted N-Triples, if known
        self._size: int | None = None  # the N-Triples' lines, counted when first asked for
        self._file_of: dict[str, str] = {}  # record id → its file
        self._at: dict[str, int] = {}  # record id → its place in the dataset
        self._ids: dict[str, list[str]] = {}  # file → its records' ids, in the dataset's order
        self._languages: dict[str, str] | None = None
        self._parts: dict[str, Triples] = {}  # file → its part, assembled on first use
        self._records: dict[str, Triples | None] = {}  # record id → its triples (None: its file's)
        self._kept_order = order if order is not None else PartOrder(base)  # the files' orders known
        self._ranks: dict[str, Ranks] = {}  # file → its subjects' places among their records'
        self._ranked: set[str] = set()  # the files whose places were read from their parts
        self._vocabulary_places: dict[Node, int] | None = None
        self._vocabularies: Triples | None = None
        self._subjects_of: SubjectsOf | None = None
        self._exact = False  # whether the index holds exactly this graph's triples
        self._by_parts = True  # False once a part was found not to be one: the whole graph
        self.parts_assembled = 0  # how many files were assembled (for tests and measures)
        self.records_assembled = 0  # how many records were assembled alone
        self.subjects_asked = 0  # subjects(p, o) answered part by part, and the parts it assembled
        self.parts_assembled_for_subjects = 0

    @property
    def whole_assembled(self) -> bool:
        """Whether a question needed the whole graph (assembled once, then answering all)."""
        return self._made is not None

    def answer_subjects_from(self, subjects_of: SubjectsOf | None, exact: bool = False) -> None:
        """Answer `subjects(p, o)` with the help of this index of the whole graph (None: no
        longer, the whole graph answers); `exact`: it holds exactly this graph's triples (then
        a subject it gives for an IRI object is not checked in its part)."""
        self._subjects_of, self._exact = subjects_of, exact

    def part_order(self) -> PartOrder:
        """The order of the files' parts as known now: to be kept for the next build."""
        return self._kept_order

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
            return self._parts.get(shown) or self._record_part(record_id) or self._part(shown)
        except NotAPart:
            self._by_parts = False
            return None

    def _record_part(self, record_id: str) -> Triples | None:
        """The triples of one record, assembled alone: every triple of its nodes when the
        whole graph's N-Triples hold as many lines about them (no other record of its file says
        anything of them); None when that cannot be known (then its file's part answers)."""
        found = self._records.get(record_id)
        if found is None and record_id not in self._records and self._ntriples is not None:
            if self._languages is None:
                self._languages = source_languages(self._dataset)
            record = self._dataset.records[record_id]
            triples = assemble_records([record], self._ontology, self._base, self._languages).triples
            assert isinstance(triples, Triples)
            for subject in triples.subjects_in_order():
                if owner(str(subject), self._base) != record_id:
                    raise NotAPart(f"{subject} is no node of the record {record_id}")
            lines = len(part_lines(self._ntriples, self._base, [record_id]))
            found = self._records[record_id] = triples if lines == len(triples) else None
            self.records_assembled += 1
        return found

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
        checked = not (self._exact and isinstance(object, URIRef))  # each checked in its part
        assembled = self.parts_assembled
        placed: list[tuple[tuple[int, int], Node]] = []
        for subject in set(candidates):
            place = self._place_of(subject, (subject, predicate, object) if checked else None)
            if place is None:
                return None
            if place is not _ABSENT:
                placed.append((place, subject))
        self.subjects_asked += 1
        self.parts_assembled_for_subjects += self.parts_assembled - assembled
        return [subject for _, subject in sorted(placed, key=itemgetter(0))]

    def _place_of(self, subject: Node, triple: Triple | None) -> tuple[int, int] | None:
        """Where `subject` comes in the cold order: (its record's place in the dataset, its
        place among its record's subjects); _ABSENT if it does not hold `triple` (None: not
        checked); None when the whole graph must answer."""
        if isinstance(subject, BNode):
            return None
        record_id = owner(str(subject), self._base)
        if record_id is None:  # a vocabulary's subject: after every record's, always checked
            order = self._vocabulary_order()
            if subject not in order or (triple is not None and triple not in self._vocabularies_part()):
                return _ABSENT
            return len(self._at), order[subject]
        shown = self._file_of.get(record_id)
        if shown is None:  # no record's node: an exact index cannot give it
            return _ABSENT if triple is not None else None
        if triple is not None:
            part = self._part_of(subject)
            if part is None:
                return None
            if triple not in part:
                return _ABSENT
        rank = self._rank(shown, record_id, str(subject))
        return (self._at[record_id], rank) if rank is not None else None

    def _rank(self, shown: str, record_id: str, subject: str) -> int | None:
        """The place of `subject` among its record's subjects: from the file's order known (a
        record's own node is first), else from its part; None if the part does not hold it or
        does not give each record's subjects together (then the whole graph answers)."""
        ranks = self._ranks.get(shown)
        if ranks is None and shown not in self._parts:
            digest = self._dataset.digests.get(shown, "")
            if subject == self._base + record_id and self._kept_order.knows(shown, digest):
                return 0
            runs = self._kept_order.runs(shown, digest, self._ids[shown])
            if runs is not None:
                ranks = self._ranks[shown] = ranks_of(runs, self._ids[shown], self._base)
        if ranks is not None and subject in ranks:
            return ranks[subject]
        ranks = self._ranks_in_part(shown)
        return ranks.get(subject) if ranks is not None else None

    def _ranks_in_part(self, shown: str) -> Ranks | None:
        """The places of the file's subjects read from its part (assembled if it is not yet),
        or None when they cannot be."""
        if shown not in self._ranked:
            self._ranked.add(shown)
            self._ranks.pop(shown, None)
            try:
                part = self._part(shown)
            except NotAPart:
                self._by_parts = False
                return None
            ids = self._ids[shown]
            runs = record_runs(part.subjects_in_order(), self._base)
            if runs is not None and list(runs) == ids:
                self._ranks[shown] = ranks_of(runs, ids, self._base)
        return self._ranks.get(shown)

    def _vocabulary_order(self) -> dict[Node, int]:
        if self._vocabulary_places is None:
            subjects = self._vocabularies_part().subjects_in_order()
            self._vocabulary_places = {node: at for at, node in enumerate(subjects)}
        return self._vocabulary_places

    def _index(self) -> None:
        if self._ids:
            return
        # no record read: a file's records are read when its part is first asked for
        self._ids = self._dataset.ids_by_file()
        at = 0  # a file's records are together in the dataset's order
        for shown, ids in self._ids.items():
            for record_id in ids:
                self._file_of[record_id] = shown
                self._at[record_id] = at
                at += 1

    def _part(self, shown: str) -> Triples:
        part = self._parts.get(shown)
        if part is None:
            if self._languages is None:
                self._languages = source_languages(self._dataset)
            records = [self._dataset.records[record_id] for record_id in self._ids[shown]]
            triples = assemble_records(records, self._ontology, self._base, self._languages).triples
            assert isinstance(triples, Triples)
            own = {record.id for record in records}
            for subject in triples.subjects_in_order():
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


def part_assembly(
    dataset: Dataset,
    ontology: Ontology,
    base: str,
    ntriples: bytes | None = None,
    order: PartOrder | None = None,
) -> Assembly:
    """deferred_assembly's, its triples answered part by part (PartTriples); `ntriples`: the
    whole graph's sorted N-Triples, if known; `order`: the files' orders known (part_order)."""
    assembly = deferred_assembly(dataset, ontology, base)
    make = partial(whole_triples, dataset, ontology, base)
    assembly.triples = PartTriples(make, dataset, ontology, base, ntriples, order)
    return assembly


def order_state(graph: GraphLike, entries: Mapping[str, FileEntry], base: str, sha256: str) -> bytes | None:
    """The files' orders to keep for the next build (graph.rdf.part_order), of a build whose
    graph (its files' `entries`) wrote the graph.nt whose SHA-256 is `sha256`: a rebuild's
    PartTriples' as known, a cold build's read from its whole graph; None if none can be."""
    files = {shown: (entry.digest, entry.ids) for shown, entry in entries.items()}
    if isinstance(graph, PartTriples):
        return graph.part_order().to_bytes(files, sha256)
    if isinstance(graph, Triples) and not isinstance(graph, DeferredTriples):
        return whole_order_bytes(graph.subjects_in_order(), files, base, sha256)
    return None


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
