"""The graph cut into parts, one per source file, and the next graph made from the last one by
replacing only the parts of the files that changed.

A record's triples all have as subject its node (base + id) or a node under it (`node/cite/1`,
`node/participant/2/cite/1`, ...). Ids are unique and hold one '/', so the owner of a subject is
read from the subject itself, and the parts are disjoint by subject: the whole graph's sorted
N-Triples is the sorted union of the parts and of the ontology's vocabularies. A part depends on
its file's records and on the languages of the sources it quotes (a quote without a language
takes its source's): both are noted per file (`FileEntry`), so a rebuild knows which parts are
still the same. Nothing of a part need be kept but that note: its lines are read back from the
last build's sorted graph.nt (two contiguous runs per record), and its origins made again for the
records that need them (`RecordOrigins`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel
from rdflib import Graph, URIRef
from rdflib.term import Node

from graph.core.ontology import Ontology
from graph.ingest.dataset import Dataset
from graph.ingest.records import Citation, Record
from graph.rdf.assemble import (
    Assembly,
    Builder,
    Path,
    assemble,
    assemble_records,
    check_base,
    namespaces_of,
    source_languages,
)
from graph.rdf.change import TripleChange
from graph.rdf.triples import Triple, Triples

Languages = dict[str, str | None]  # source id → its language, as a part was assembled with it


class NotAPart(Exception):
    """Records gave a triple whose subject is not one of their nodes: the graph cannot be cut
    into disjoint parts (the build then takes the whole-graph path)."""


@dataclass(frozen=True)
class Part:
    """One file's share of the graph."""

    ntriples: bytes  # its triples, sorted N-Triples
    origins: dict[URIRef, tuple[Record, Path]]  # node → the record (and place in it) it came from
    entry: FileEntry
    subjects: tuple[Node, ...] = ()  # its subjects, in the order first given (graph.rdf.part_order)


@dataclass(frozen=True)
class FileEntry:
    """What a file's part was made of: the file's bytes (sha256), the ids of its records, and
    the language of each source its quotes took one from."""

    digest: str
    ids: tuple[str, ...]
    languages: Languages = field(default_factory=dict)

    def same_part(self, digest: str, languages: Mapping[str, str]) -> bool:
        """Whether the file, read now, gives the same part."""
        return digest == self.digest and all(languages.get(s) == lang for s, lang in self.languages.items())


class NotedLanguages(Mapping[str, str]):
    """The sources' languages, noting each one looked up (in `noted`)."""

    def __init__(self, languages: Mapping[str, str]):
        self.languages = languages
        self.noted: Languages = {}

    def __getitem__(self, source: str) -> str:
        self.noted[source] = self.languages.get(source)
        return self.languages[source]

    def get(self, source: str, default: str | None = None) -> str | None:  # type: ignore[override]
        found = self.noted[source] = self.languages.get(source)
        return default if found is None else found

    def __iter__(self) -> Iterator[str]:
        return iter(self.languages)

    def __len__(self) -> int:
        return len(self.languages)


def can_cut(dataset: Dataset, ontology: Ontology, base: str) -> bool:
    """Whether this graph's parts are disjoint by subject: no record's node is a vocabulary
    concept, and no subject of the vocabularies lies under the data's base."""
    if any(str(subject).startswith(base) for subject in set(ontology.vocabularies.subjects())):
        return False
    return not any(record_id in ontology.concepts for record_id in dataset.records)


def owner(subject: str, base: str) -> str | None:
    """The id of the record whose node `subject` is or is under (None if none could be)."""
    if not subject.startswith(base):
        return None
    segments = subject[len(base) :].split("/", 2)
    return "/".join(segments[:2]) if len(segments) >= 2 else None


def assemble_part(
    records: Sequence[Record], digest: str, ontology: Ontology, base: str, languages: Mapping[str, str]
) -> Part:
    """The part of one file's records (`digest`: the sha256 of the file's bytes). Raises
    NotAPart if a triple's subject is not one of their nodes."""
    noted = NotedLanguages(languages)
    assembly = assemble_records(records, ontology, base, noted)
    ids = tuple(record.id for record in records)
    own = set(ids)
    for subject in {subject for subject, _, _ in assembly.triples}:
        if owner(str(subject), base) not in own:
            raise NotAPart(f"{subject} is no node of the records {', '.join(ids)}")
    triples = assembly.triples
    assert isinstance(triples, Triples)
    entry = FileEntry(digest, ids, dict(noted.noted))
    return Part(triples.ntriples(), assembly.origins, entry, tuple(triples.subjects_in_order()))


def records_by_file(dataset: Dataset) -> dict[str, list[Record]]:
    """Each file's records, in the dataset's order (files that gave none are left out)."""
    records = dataset.records
    return {shown: [records[i] for i in ids] for shown, ids in dataset.ids_by_file().items()}


def file_entries(dataset: Dataset, ontology: Ontology, base: str) -> dict[str, FileEntry]:
    """Every file's entry, as a cold assembly of the dataset makes its parts: the languages
    each file's quotes take are noted by assembling its records again only for the lookups
    (cheap: no triples are kept)."""
    languages = source_languages(dataset)
    entries = {}
    for shown, records in records_by_file(dataset).items():
        noted = NotedLanguages(languages)
        _note_lookups(records, noted)
        ids = tuple(record.id for record in records)
        entries[shown] = FileEntry(dataset.digests.get(shown, ""), ids, dict(noted.noted))
    return entries


def assemble_noting_parts(
    dataset: Dataset, ontology: Ontology, base: str
) -> tuple[Assembly, dict[str, FileEntry]]:
    """assemble(dataset, ...), the same triples in the same order, and each file's entry."""
    check_base(base)
    assembly = Assembly(Triples(namespaces_of(base)), base)
    noted = NotedLanguages(source_languages(dataset))
    builder = Builder(assembly, ontology, noted)
    taken: dict[str, tuple[list[str], Languages]] = {}
    for record in dataset.records.values():
        ids, noted.noted = taken.setdefault(record.file, ([], {}))
        ids.append(record.id)
        builder.record(record)
    for triple in ontology.vocabularies:
        assembly.triples.add(triple)
    entries = {
        shown: FileEntry(dataset.digests.get(shown, ""), tuple(ids), languages)
        for shown, (ids, languages) in taken.items()
    }
    return assembly, entries


def _note_lookups(records: Iterable[Record], noted: NotedLanguages) -> None:
    """Look up, in `noted`, the language of every source cited with a quote and no language."""
    for citation in _citations(records):
        if getattr(citation, "quote", None) and not getattr(citation, "lang", None):
            noted.get(getattr(citation, "source", ""))


def _citations(models: Iterable[object]) -> Iterator[object]:
    """Every citation in the records, at any depth (records, nested items, claims)."""
    stack = list(models)
    while stack:
        item = stack.pop()
        if isinstance(item, Citation):
            yield item
        elif isinstance(item, BaseModel):
            stack.extend(getattr(item, name) for name in type(item).model_fields)
        elif isinstance(item, list):
            stack.extend(item)


def part_lines(ntriples: bytes, base: str, ids: Iterable[str]) -> list[bytes]:
    """The lines of the records `ids` in a sorted N-Triples dump: for each id, the run of lines
    about its node and the run about the nodes under it (found by bisection, the dump never
    split into lines)."""
    found: list[bytes] = []
    for record_id in ids:
        for start in (f"<{base}{record_id}>".encode(), f"<{base}{record_id}/".encode()):
            at = line_at_least(ntriples, start)
            while ntriples.startswith(start, at):
                end = ntriples.index(b"\n", at) + 1
                found.append(ntriples[at:end])
                at = end
    return found


def line_at_least(ntriples: bytes, key: bytes) -> int:
    """The offset of the first line of sorted lines (each ending in a newline) that is not
    before `key` (the length of `ntriples` if none): bisect_left over the lines, unsplit."""
    low, high = 0, len(ntriples)  # `low` is always the start of a line
    while low < high:
        middle = (low + high) // 2
        start = ntriples.rfind(b"\n", low, middle) + 1 or low  # of the line holding `middle`
        end = ntriples.find(b"\n", start) + 1 or len(ntriples)
        if ntriples[start:end] < key:
            low = end
        else:
            high = start
    return low


@dataclass
class NextGraph:
    """The next build's sorted N-Triples, made from the last one and the changed files."""

    ntriples: bytes
    change: TripleChange
    entries: dict[str, FileEntry]
    assembled: dict[str, Part]  # the files assembled again
    touched: frozenset[str]  # the nodes of the files assembled again or gone, old and new
    lines: int  # the lines (triples) of `ntriples`


def next_graph(
    last_ntriples: bytes,
    last_entries: Mapping[str, FileEntry],
    dataset: Dataset,
    ontology: Ontology,
    base: str,
    last_lines: int | None = None,
) -> NextGraph:
    """The graph after the dataset's changes to the last build's (its sorted N-Triples, their
    lines if known, and file entries): the files whose part may differ are assembled again, the
    others left as they are.
    Raises NotAPart when the parts are not disjoint, ValueError when the last dump does not hold
    a line the last entries say it does (then a cold assembly is needed)."""
    languages = source_languages(dataset)
    by_file = dataset.ids_by_file()  # a file's records are read only if it is assembled again
    entries: dict[str, FileEntry] = {}
    assembled: dict[str, Part] = {}
    for shown, ids in by_file.items():
        digest = dataset.digests.get(shown, "")
        last = last_entries.get(shown)
        if last is not None and digest and last.same_part(digest, languages) and last.ids == tuple(ids):
            entries[shown] = last
            continue
        records = [dataset.records[i] for i in ids]
        part = assemble_part(records, digest, ontology, base, languages)
        assembled[shown] = part
        entries[shown] = part.entry
    gone = [shown for shown in last_entries if shown not in by_file]
    old_ids = [i for shown in [*assembled, *gone] if shown in last_entries for i in last_entries[shown].ids]
    old = set(part_lines(last_ntriples, base, old_ids))
    new = {line for part in assembled.values() for line in part.ntriples.splitlines(keepends=True)}
    change = TripleChange(b"".join(sorted(old - new)), b"".join(sorted(new - old)))
    touched = frozenset(line[1 : line.index(b">")].decode() for line in old | new)
    lines = last_ntriples.count(b"\n") if last_lines is None else last_lines
    lines += len(new - old) - len(old - new)
    return NextGraph(patched(last_ntriples, change), change, entries, assembled, touched, lines)


def patched(ntriples: bytes, change: TripleChange) -> bytes:
    """Sorted N-Triples (each line ending in a newline) with the change made: removed lines taken
    out, added ones put in their sorted place, each found by bisection (the lines between are
    copied whole, never split). Raises ValueError if a removed line is not there or an added
    one is."""
    # (offset, 0, line): put in at the offset; (offset, 1, line): the line there taken out
    edits: list[tuple[int, int, bytes]] = []
    for line in change.removed.splitlines(keepends=True):
        at = line_at_least(ntriples, line)
        if not ntriples.startswith(line, at):
            raise ValueError("the last graph.nt lacks lines its parts had")
        edits.append((at, 1, line))
    for line in change.added.splitlines(keepends=True):
        at = line_at_least(ntriples, line)
        if ntriples.startswith(line, at):
            raise ValueError("the last graph.nt already holds lines the change adds")
        edits.append((at, 0, line))
    whole = memoryview(ntriples)  # slices not copied but once, by the join
    pieces: list[bytes | memoryview] = []
    done = 0  # what of `ntriples` is copied
    for at, taken_out, line in sorted(edits):
        pieces.append(whole[done:at])
        done = at
        if taken_out:
            done += len(line)
        else:
            pieces.append(line)
    pieces.append(whole[done:])
    return b"".join(pieces)


class RecordOrigins(Mapping[URIRef, tuple[Record, Path]]):
    """Where each node came from, made for one record when one of its nodes is asked for (a
    check locating a problem): what Assembly.origins holds, without assembling every record."""

    def __init__(self, dataset: Dataset, ontology: Ontology, base: str):
        self.dataset, self.ontology, self.base = dataset, ontology, base
        self.made: dict[URIRef, tuple[Record, Path]] = {}
        self.done: set[str] = set()

    def __getitem__(self, node: URIRef) -> tuple[Record, Path]:
        record_id = owner(str(node), self.base)
        if record_id is not None and record_id not in self.done and record_id in self.dataset.records:
            self.done.add(record_id)
            record = self.dataset.records[record_id]
            self.made.update(assemble_records([record], self.ontology, self.base, {}).origins)
        return self.made[node]

    def __iter__(self) -> Iterator[URIRef]:
        for record in self.dataset.records.values():
            self.get(URIRef(self.base + record.id))
        return iter(dict(self.made))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class DeferredTriples(Triples):
    """The whole graph's Triples, assembled on first use: a rebuild that needs only its
    N-Triples (validate, the dumps) never pays for it."""

    def __init__(self, make: Callable[[], Triples], namespaces: Iterable[tuple[str, URIRef]]):
        self._make = make  # no state of Triples' own: all is in whole()
        self._made: Triples | None = None
        self._prefixes = tuple(namespaces)  # known without assembling: the dumps' prefixes

    def whole(self) -> Triples:
        if self._made is None:
            self._made = self._make()
        return self._made

    def add(self, triple: Triple) -> None:
        self.whole().add(triple)

    def __len__(self) -> int:
        return len(self.whole())

    def __iter__(self) -> Iterator[Triple]:
        return iter(self.whole())

    def __contains__(self, triple: Triple) -> bool:
        return triple in self.whole()

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        return self.whole().objects(subject, predicate)

    def subjects(self, predicate: Node | None = None, object: Node | None = None) -> Iterator[Node]:
        return self.whole().subjects(predicate, object)

    def subjects_in_order(self) -> Iterator[Node]:
        return self.whole().subjects_in_order()

    def value(self, subject: Node | None = None, predicate: Node | None = None) -> Node | None:
        return self.whole().value(subject, predicate)

    def subject_objects(self, predicate: Node | None = None) -> Iterator[tuple[Node, Node]]:
        return self.whole().subject_objects(predicate)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        return iter(self._prefixes)

    def ntriples(self) -> bytes:
        return self.whole().ntriples()

    def to_rdflib(self) -> Graph:
        return self.whole().to_rdflib()


def whole_triples(dataset: Dataset, ontology: Ontology, base: str) -> Triples:
    """The whole graph's Triples, as a cold build assembles them."""
    triples = assemble(dataset, ontology, base).triples
    assert isinstance(triples, Triples)
    return triples


def deferred_assembly(dataset: Dataset, ontology: Ontology, base: str) -> Assembly:
    """The dataset's assembly with its triples assembled on first use (DeferredTriples) and
    its origins made per record when asked for (RecordOrigins)."""
    triples = DeferredTriples(lambda: whole_triples(dataset, ontology, base), namespaces_of(base))
    assembly = Assembly(triples, base)
    assembly.origins = RecordOrigins(dataset, ontology, base)  # type: ignore[assignment]
    return assembly
