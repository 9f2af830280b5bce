"""`hrgraph validate` kept warm between checks, for `validate --watch`: the ontology, what every
source file gave, each file's part of the graph and an in-memory Oxigraph store of it stay loaded;
a check reads every file again (the bytes: a file whose bytes are unchanged is not parsed), makes
again only the parts of the files whose part may differ, changes the store by the triples that
changed, and runs the shape checks and date rules on it. Its report is the one a fresh `hrgraph
validate` of the same files gives (tests/test_validate_watch.py compares them after each edit).
Nothing is written: the build's cache of source files is only read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pyoxigraph
from rdflib import URIRef

from graph.checks.coverage import load_assertions
from graph.checks.focused import check_change, check_report
from graph.checks.loaded import check_loaded
from graph.core.errors import DataInvalid, HrgraphError, Problem
from graph.core.ontology import Ontology, load_ontology
from graph.ingest.cache import SourceCache
from graph.ingest.dataset import Dataset
from graph.ingest.load import read_sources
from graph.ingest.read_file import FileLoad
from graph.ingest.records import Record
from graph.rdf.assemble import Assembly, assemble, check_base, source_languages
from graph.rdf.assemble import Path as RecordPath
from graph.rdf.change import TripleChange
from graph.rdf.parts import NotAPart, Part, assemble_part, can_cut, records_by_file
from graph.rdf.triples import Triples
from graph.sparql.store import store_from_ntriples


class MemoryLoads(SourceCache):
    """What each source file gave, kept in memory by its bytes; a file not seen yet is looked up
    in the build's cache (read only), else read. Never writes anything."""

    def __init__(self, build_cache: Path):
        super().__init__(build_cache, read_only=True)
        self.loads: dict[str, tuple[str, FileLoad]] = {}

    def get(self, shown: str, key: str) -> FileLoad | None:
        kept = self.loads.get(shown)
        if kept is not None and kept[0] == key:
            return kept[1]
        loaded = super().get(shown, key)
        if loaded is not None:
            self.loads[shown] = (key, loaded)
        return loaded

    def keep(self, shown: str, key: str, loaded: FileLoad) -> None:
        self.loads[shown] = (key, loaded)

    def forget_others(self) -> None:
        """Drop what files no longer among the sources gave."""
        present = set(self.shown_paths or ())
        for shown in [s for s in self.loads if s not in present]:
            del self.loads[shown]

    def save(self) -> None:
        """Nothing is written: validate never changes build/."""


class WarmGraph:
    """The graph of the last dataset checked, as one part per source file and an in-memory
    store holding the union of the parts and of the ontology's vocabularies."""

    def __init__(self, ontology: Ontology, base: str):
        self.ontology, self.base = ontology, base
        self.parts: dict[str, Part] = {}
        self.store: pyoxigraph.Store | None = None  # the union of `parts`, when there are parts
        self.origins: dict[URIRef, tuple[Record, RecordPath]] = {}  # those of every part
        self.same = False  # whether the last update left the graph and every node's origin as they were
        self.change: TripleChange | None = None  # what the last update changed (None: unknown)
        self.touched: set[str] = set()  # the nodes of the files it assembled again or dropped
        vocabularies = Triples()
        for triple in ontology.vocabularies:
            vocabularies.add(triple)
        self.vocabularies = vocabularies.ntriples()

    def update(self, dataset: Dataset) -> Assembly:
        """Make the graph that of `dataset`: the assembly the checks need (its origins; its
        triples are in `store`). Whole when the graph cannot be cut into parts by file."""
        self.same, self.change, self.touched = False, None, set()
        if not can_cut(dataset, self.ontology, self.base):
            return self._whole(dataset)
        try:
            return self._by_parts(dataset)
        except NotAPart:
            return self._whole(dataset)

    def _by_parts(self, dataset: Dataset) -> Assembly:
        languages = source_languages(dataset)
        by_file = records_by_file(dataset)
        parts: dict[str, Part] = {}
        changed: list[str] = []
        for shown, records in by_file.items():
            digest = dataset.digests.get(shown, "")
            last = self.parts.get(shown)
            if last is not None and _same_part(last, digest, languages, records):
                parts[shown] = last
            else:
                parts[shown] = assemble_part(records, digest, self.ontology, self.base, languages)
                changed.append(shown)
        gone = [shown for shown in self.parts if shown not in parts]
        replaced = [self.parts[shown] for shown in changed + gone if shown in self.parts]
        change = _change(replaced, [parts[shown] for shown in changed])
        store, self.store = self.store, None  # until it holds the union of the new parts
        if store is None or not self.parts or not _apply(store, change):
            store = store_from_ntriples(b"".join([self.vocabularies, *(p.ntriples for p in parts.values())]))
        for part in replaced:
            for node in part.origins:
                self.origins.pop(node, None)
        for shown in changed:
            self.origins.update(parts[shown].origins)
        first = not self.parts  # the first parts, or the first since a whole assembly
        self.parts, self.store = parts, store
        self.same = not replaced and not changed
        if not first:
            self.change = change
            self.touched = {
                str(node) for part in [*replaced, *(parts[s] for s in changed)] for node in part.origins
            }
        return Assembly(Triples(), self.base, self.origins)

    def _whole(self, dataset: Dataset) -> Assembly:
        self.parts, self.store, self.origins = {}, None, {}
        assembly = assemble(dataset, self.ontology, self.base)
        assert isinstance(assembly.triples, Triples)
        self.store = store_from_ntriples(assembly.triples.ntriples())
        return assembly


def _same_part(last: Part, digest: str, languages: Mapping[str, str], records: Sequence[Record]) -> bool:
    """Whether a file's records, read now, give the part they gave last time."""
    same_ids = last.entry.ids == tuple(record.id for record in records)
    return bool(digest) and same_ids and last.entry.same_part(digest, languages)


def _change(old: Sequence[Part], new: Sequence[Part]) -> TripleChange:
    """The triples the old parts have and the new ones have not, and the other way round."""
    old_lines = {line for part in old for line in part.ntriples.splitlines(keepends=True)}
    new_lines = {line for part in new for line in part.ntriples.splitlines(keepends=True)}
    return TripleChange(b"".join(sorted(old_lines - new_lines)), b"".join(sorted(new_lines - old_lines)))


def _apply(store: pyoxigraph.Store, change: TripleChange) -> bool:
    """Make the change to the store; False (the store left for the caller to make again) when
    it holds blank nodes, whose labels the store does not keep."""
    removed, added = _quads(change.removed), _quads(change.added)
    if any(_has_blank_node(quad) for quad in (*removed, *added)):
        return False
    for quad in removed:
        store.remove(quad)
    store.extend(added)
    return True


def _quads(lines: bytes) -> list[pyoxigraph.Quad]:
    return list(pyoxigraph.parse(lines, format=pyoxigraph.RdfFormat.N_TRIPLES)) if lines else []


def _has_blank_node(quad: pyoxigraph.Quad) -> bool:
    return isinstance(quad.subject, pyoxigraph.BlankNode) or isinstance(quad.object, pyoxigraph.BlankNode)


class WarmCheck:
    """`hrgraph validate` of one sources folder, run again and again with what it loaded kept."""

    def __init__(self, sources: Path, ontology_dir: Path, base: str, build_cache: Path):
        self.sources, self.ontology_dir, self.base = sources, ontology_dir, check_base(base)
        self.build_cache = build_cache
        self.reload_ontology()

    def reload_ontology(self) -> None:
        """Read the ontology again, and forget the graph made with the last one; an ontology
        that does not load (saved half-way, say) is the report until it loads again."""
        try:
            self.ontology = load_ontology(self.ontology_dir)
        except DataInvalid as invalid:
            self.ontology_problems: list[Problem] = list(invalid.problems)
            return
        self.ontology_problems = []
        self.loads = MemoryLoads(self.build_cache)
        self.graph = WarmGraph(self.ontology, self.base)
        self.graph_problems: list[Problem] | None = None  # what the checks of the graph found last

    def report(self) -> list[str]:
        """Each problem as `hrgraph validate` prints it, in its order (the errors with the
        warnings, or the warnings alone when there is no error); a file or folder the system
        refused to read is a line of its own, as validate says it."""
        if self.ontology_problems:  # as validate, which reads nothing else without an ontology
            return [str(problem) for problem in self.ontology_problems]
        try:
            return [str(problem) for problem in self.problems()]
        except DataInvalid as invalid:
            return [str(problem) for problem in invalid.problems]
        except HrgraphError as error:  # a stored text not UTF-8, a file the system refused
            return [f"hrgraph: {error}"]
        except OSError as error:
            path = error.filename2 or error.filename
            return [f"hrgraph: cannot read or write {path}: {error.strerror or error}"]

    def problems(self) -> list[Problem]:
        """The warnings of data that passes; raises DataInvalid with every problem otherwise.
        The stages and verdicts of graph.pipeline.checking, on what is kept warm."""
        assertions = load_assertions(self.sources)
        dataset, problems = read_sources(self.sources, self.ontology, self.loads)
        self.loads.forget_others()
        problems += check_loaded(dataset, self.sources, assertions)
        if problems:
            raise DataInvalid(problems + dataset.warnings)
        assembly = self.graph.update(dataset)
        store, change, previous = self.graph.store, self.graph.change, self.graph_problems
        assert store is not None
        self.graph_problems = None  # until the checks of this graph are done
        if self.graph.same and previous is not None:
            problems = previous  # the same triples, each node from the same place
        elif change is not None and previous is not None:  # checked again where the change reaches
            problems = check_change(assembly, self.ontology, store, change, self.graph.touched, previous)
        else:
            problems = check_report(assembly, self.ontology, store)
        self.graph_problems = list(problems)
        if any(p.severity == "error" for p in problems):
            raise DataInvalid(problems + dataset.warnings)
        return dataset.warnings + [p for p in problems if p.severity == "warning"]
