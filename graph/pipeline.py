"""The main job: load → assemble → validate → write the dumps and the HTML, atomically. The
stages are listed once, in order, by checking and building; check and build run them."""

from __future__ import annotations

import ctypes
import gc
import hashlib
import os
from collections import Counter
from collections.abc import Generator, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from graph.checks.coverage import load_assertions
from graph.checks.focused import check_change, check_report, focus_limit
from graph.checks.loaded import check_loaded
from graph.core.beside import Beside, beside
from graph.core.errors import DataInvalid, Problem, SystemFailure
from graph.core.folder_files import link_file, link_files
from graph.core.ontology import Ontology, load_ontology
from graph.core.progress import QUIET, Progress
from graph.core.vocab import DEFAULT_DATA_BASE, ONTOLOGY_IRI, RDF
from graph.ingest.cache import SourceCache
from graph.ingest.dataset import Dataset
from graph.ingest.load import read_sources
from graph.ingest.reshown import sources_prefix
from graph.output.build_state import LastBuild, last_build, manifest_bytes
from graph.output.scratch import scratch_folder
from graph.output.staged import refuse_to_replace_theirs
from graph.output.state_files import manifest_path
from graph.output.switch import next_build
from graph.rdf.assemble import Assembly
from graph.rdf.change import TripleChange
from graph.rdf.dumps import DUMPS, to_ntriples
from graph.rdf.part_order import PART_ORDER_STATE, PartOrder
from graph.rdf.part_triples import PartTriples, order_state, pairs_of, part_assembly, type_counts
from graph.rdf.parts import (
    FileEntry,
    NextGraph,
    NotAPart,
    assemble_noting_parts,
    can_cut,
    next_graph,
)
from graph.rdf.patched_dumps import INDEX_PATH, WrittenDumps, read_previous_dumps, write_dumps
from graph.sparql.kept_store import STORE_FOLDER, is_kept_store, scratch_store, update_store, write_store
from graph.sparql.names import NETWORK_IN_SITE
from graph.sparql.store import GRAPH_NAME, standard_prefixes, store_from_ntriples
from graph.sparql.store_graph import StoreSubjects

__all__ = ["GRAPH_NAME", "Built", "Checked", "build", "building", "check", "checking"]


@dataclass
class Checked:
    """Curated data that passed every check, and its graph."""

    ontology: Ontology
    dataset: Dataset
    assembly: Assembly
    warnings: list[Problem] = field(default_factory=list)
    ntriples: bytes = b""  # the sorted N-Triples dump, made once for the rules and the output
    entries: dict[str, FileEntry] = field(default_factory=dict)  # each file's part; {} if not cut
    last: LastBuild | None = None  # the last build this one was made from, if any
    change: TripleChange | None = None  # the triples changed since `last` (None: made cold)
    report: list[Problem] = field(default_factory=list)  # the graph checks' warnings, with nodes
    triples: int = 0  # the lines of `ntriples`, counted once
    records: int = 0  # the records checked, counted before a build lets them go

    def counts(self) -> dict[str, int]:
        """Number of nodes of each hrgraph class in the graph."""
        counted = type_counts(self.ntriples, ONTOLOGY_IRI) if self.ntriples else None
        if counted is None:  # counted in any order: a rebuild's graph is not assembled whole
            counted = Counter(
                str(o)[len(ONTOLOGY_IRI) :]
                for _, o in pairs_of(self.assembly.triples, RDF.type)
                if str(o).startswith(ONTOLOGY_IRI)
            )
        return dict(sorted(counted.items()))


@dataclass
class Built(Checked):
    """A build's outputs, and what it was made from; after a cold build the dataset's records
    and the assembly's origins are let go (`records` says how many there were)."""

    outputs: list[Path] = field(default_factory=list)
    drawn: tuple[int, int] = (0, 0)  # nodes and edges of the HTML view


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run Python's cycle collector less often while the pipeline makes millions of objects
    that live until the end: by default it scans every 700 allocations, which cost 20 % of a
    build at 10,000 records (7.8 s against 6.0 s, measured)."""
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def release_freed_memory() -> None:
    """Hand freed memory back to the system. glibc keeps it for reuse, but what the validation
    store and the writers freed is not reused: 433 MB at 1.14M triples after the store alone."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (macOS, musl): nothing to do
        return
    libc.malloc_trim(0)


def check(
    sources: Path,
    ontology_dir: Path,
    base: str = DEFAULT_DATA_BASE,
    progress: Progress = QUIET,
    cache: SourceCache | None = None,
    last: Path | None = None,
) -> Checked:
    """Load and validate everything; raise DataInvalid with every problem found. With a
    cache, source files it has seen unchanged are not read again; with `last`, an output folder,
    the graph is made from its last build's where that can be trusted (never written)."""
    with fewer_collections():
        return run_stages(checking(sources, ontology_dir, base, progress, cache, last))


def build(
    sources: Path,
    ontology_dir: Path,
    out: Path,
    base: str = DEFAULT_DATA_BASE,
    title: str = "hrgraph",
    progress: Progress = QUIET,
    cache: SourceCache | None = None,
) -> Built:
    """Check, then write graph.ttl/.nt/.jsonld/.html into `out`; nothing is written on failure."""
    with fewer_collections():
        try:
            return run_stages(building(sources, ontology_dir, out, base, title, progress, cache))
        except OSError as error:
            if error.filename is not None:
                raise
            # a write deep in a stage that did not name its file (a full disk, most often)
            raise SystemFailure.of("write the build in", out, error) from error


T = TypeVar("T")
# The pipeline's stages, in order, as one generator: each `yield` names the stage that the code
# after it runs, up to the next `yield`; the generator returns the result. check and build run
# them all; scripts/benchmark.py times them one by one, so a stage added here is measured there.
Stages = Generator[str, None, T]


def run_stages(stages: Stages[T]) -> T:
    """Run every stage; the result."""
    while True:
        try:
            next(stages)
        except StopIteration as finished:
            result: T = finished.value
            return result


def checking(
    sources: Path,
    ontology_dir: Path,
    base: str = DEFAULT_DATA_BASE,
    progress: Progress = QUIET,
    cache: SourceCache | None = None,
    last: Path | None = None,
) -> Stages[Checked]:
    """The stages of check. With `last` (an output folder), the graph is made from its last
    build's where that build's state can be trusted: only the changed files are assembled."""
    yield "ontology"
    progress("reading the ontology")
    ontology = load_ontology(ontology_dir)
    assertions = load_assertions(sources)
    yield "load (YAML + pydantic + references)"
    progress("loading sources")
    # a file the last build read as it is now is not read again (its summary stands for it)
    previous = last_build(last, base, ontology_dir, sources_prefix(sources)) if last is not None else None
    dataset, problems = read_sources(sources, ontology, cache, previous.known if previous else None)
    yield "coverage assertions and quotes"
    problems += check_loaded(dataset, sources, assertions)
    if problems:
        raise DataInvalid(problems + dataset.warnings)
    yield "assemble (triples)"
    made = _from_last_build(previous, dataset, ontology, base) if previous is not None else None
    if made is None:
        progress(f"assembling {len(dataset.records):,} records")
        assembly, entries = assemble_noting_parts(dataset, ontology, base)
        if not can_cut(dataset, ontology, base):
            entries = {}  # no parts: the next build is cold too
        yield "sorted N-Triples"
        ntriples = to_ntriples(assembly.triples)
        change = None
        triples = ntriples.count(b"\n")
    else:
        assembled = len(made.assembled)
        progress(f"assembled {assembled:,} changed file{'s' * (assembled != 1)}")
        entries, change, ntriples, triples = made.entries, made.change, made.ntriples, made.lines
        # a node's triples from its file's part, the whole graph assembled only when asked for
        order = _part_order(last, previous, made, base)
        assembly = part_assembly(dataset, ontology, base, ntriples, order)
        yield "sorted N-Triples"
    yield "Oxigraph store from them"
    with _checks_store(previous, last, change, ntriples) as store:
        yield "validate (shapes as SPARQL)"
        progress(f"validating {triples:,} triples against the shapes and the date rules")
        # the shapes and date rules compiled to SPARQL on Oxigraph: the same violations as pySHACL
        # (a test proves it, constraint by constraint); after a change, run where it can reach
        if change is not None and previous is not None and made is not None:
            # a focus too large to pay is the whole graph, checked on a store in memory: four
            # times faster than the kept store's copy on disk (docs/benchmark.md)
            problems = check_change(
                assembly,
                ontology,
                store,
                change,
                made.touched,
                previous.report,
                limit=focus_limit(triples),
                whole=lambda: store_from_ntriples(ntriples),
            )
        else:
            problems = check_report(assembly, ontology, store)
        yield "verdict (the store freed)"
    del store  # the name outlives the block: freed only now
    release_freed_memory()
    warnings = dataset.warnings + [p for p in problems if p.severity == "warning"]
    if any(p.severity == "error" for p in problems):
        raise DataInvalid(problems + dataset.warnings)
    if cache is not None:
        cache.save()  # only now: a failed check writes nothing, not even the cache
    report = [p for p in problems if p.severity == "warning"]
    return Checked(
        ontology,
        dataset,
        assembly,
        warnings,
        ntriples,
        entries,
        previous,
        change,
        report,
        triples,
        records=len(dataset.records),
    )


@contextmanager
def _checks_store(
    previous: LastBuild | None, last: Path | None, change: TripleChange | None, ntriples: bytes
) -> Iterator[ox.Store]:
    """A store of the graph for the checks: after a change, the last build's kept store with the
    change made, in a scratch folder beside `last` (removed after; `last` is only read), else
    one loaded from the N-Triples."""
    if change is None or previous is None or last is None:
        yield store_from_ntriples(ntriples)
        return
    with ExitStack() as scratches:
        try:
            scratch = scratches.enter_context(scratch_folder(Path(os.path.realpath(last)).parent))
        except OSError:
            yield store_from_ntriples(ntriples)
            return
        kept = scratch_store(last / STORE_FOLDER, change, scratch, base_sha256=previous.sha256)
        yield kept if kept is not None else store_from_ntriples(ntriples)
        del kept


def _from_last_build(last: LastBuild, dataset: Dataset, ontology: Ontology, base: str) -> NextGraph | None:
    """The graph made from the last build's, or None where it cannot be (then made cold)."""
    if not last.entries or not can_cut(dataset, ontology, base):
        return None
    try:
        return next_graph(last.ntriples, last.entries, dataset, ontology, base, last.lines)
    except (NotAPart, ValueError):
        return None


def _part_order(last: Path | None, previous: LastBuild | None, made: NextGraph, base: str) -> PartOrder:
    """The files' orders the last build kept (in `last`), with those of the files assembled."""
    assembled = {shown: part.subjects for shown, part in made.assembled.items()}
    if last is None or previous is None:
        return PartOrder(base, assembled)
    return PartOrder.read(last, base, previous.sha256, assembled, previous.reshown)


def building(
    sources: Path,
    ontology_dir: Path,
    out: Path,
    base: str = DEFAULT_DATA_BASE,
    title: str = "hrgraph",
    progress: Progress = QUIET,
    cache: SourceCache | None = None,
) -> Stages[Built]:
    """The stages of build: those of check, then the outputs."""
    # the outputs' modules, imported here so that check (validate) does not load the drawing
    # stack (networkx, scipy, pyvis), the site's and the query page's
    from graph.querypage.page import build_prefixes, write_query_page
    from graph.site.drawing import Drawing
    from graph.site.kept_pages import SITE_STATE, LastFiles, SiteRecord
    from graph.site.kept_rows import LISTS_STATE, ListsRecord
    from graph.site.kept_tables import TABLES_CACHE, TABLES_STATE, TablesRecord
    from graph.site.write import SITE_FOLDER, LastSite, is_site, write_site
    from graph.view.kept_parts import PARTS_STATE, LastParts, nothing_kept, write_parts
    from graph.view.kept_view import VIEW_STATE, network_view, view_state
    from graph.view.languages import (
        OTHER_LANGUAGES,
        LastBuild,
        drawn_languages,
        other_language_pages,
        site_networks,
    )
    from graph.view.layout_cache import cached_layout
    from graph.view.page import PARTS_FOLDER, render_page
    from graph.view.patched_parts import Touched

    # the folders the build replaces whole, refused before any work if they hold others' files
    refuse_to_replace_theirs(out / SITE_FOLDER, is_site, "hrgraph build")
    refuse_to_replace_theirs(out / STORE_FOLDER, is_kept_store, "hrgraph build")
    checked = yield from checking(sources, ontology_dir, base, progress, cache, out if cache else None)
    graph = checked.assembly.triples
    if not isinstance(graph, PartTriples):  # a rebuild's graph reads its parts from the records
        # the records and each node's origin in them serve the checks: a cold build's graph holds
        # all the outputs need, and the site's forked processes would inherit them (at 10k
        # records their peak memory 446 to 367 MB)
        checked.dataset.records, checked.assembly.origins = {}, {}
    with next_build(out, progress) as staged, ExitStack() as beside_build:
        # each output is written as soon as made into a new folder, switched in at the end
        # after a change, the dumps are the last build's with the changed subjects' blocks
        # replaced (graph.rdf.patched_dumps: the same bytes; whole when that cannot be trusted)
        last_dumps = read_previous_dumps(out, GRAPH_NAME) if checked.change is not None else None
        written: WrittenDumps | None = None
        for fmt in DUMPS.values():
            yield f"write {fmt.name}"
            progress(f"writing {GRAPH_NAME}{fmt.suffix}")
            if written is None:
                written = write_dumps(graph, checked.ntriples, last_dumps, checked.change)
                del last_dumps
            staged.add_pieces(out / f"{GRAPH_NAME}{fmt.suffix}", written.pieces[fmt.name])
        if written is not None:
            staged.add(out / INDEX_PATH, written.index)  # for the next build's patched dumps
            del written
        yield "kept store (Oxigraph on disk)"
        progress(f"writing {STORE_FOLDER}/, the store that query, serve and the API open")
        store = staged.folder(out / STORE_FOLDER)
        dump_sha256 = hashlib.sha256(checked.ntriples).hexdigest()  # once: stamp, view, manifest
        cold_store: Beside[None] | None = None
        if checked.change is None or checked.last is None:
            # loaded whole beside the network view (Oxigraph lets go of Python's lock meanwhile);
            # waited for before anything is forked, or before the new folder is removed on error
            write = partial(write_store, store, checked.ntriples, standard_prefixes(), sha256=dump_sha256)
            cold_store = beside_build.enter_context(beside(write, "kept store"))
        else:  # the last build's, with the change made
            kept = out / STORE_FOLDER
            sha256 = checked.last.sha256
            prefixes = standard_prefixes()
            update_store(
                kept,
                store,
                checked.change,
                checked.ntriples,
                prefixes,
                base_sha256=sha256,
                sha256=dump_sha256,
            )
        if isinstance(graph, PartTriples):  # subjects(p, o) from the store, not the whole graph
            if cold_store is not None:
                cold_store.wait()
            graph.answer_subjects_from(StoreSubjects.of_folder(store), exact=True)  # from its N-Triples
        yield "network view (networkx)"
        release_freed_memory()  # what the writers used, before the view and the page are made
        progress("drawing the HTML view")
        # after a change, made from the last build's view where the change reaches (else cold)
        last_sha256 = checked.last.sha256 if checked.last is not None else None
        made_view = network_view(graph, out, checked.change, last_sha256, dump_sha256)
        staged.add_pieces(out / VIEW_STATE, made_view.state)  # for the next build's view
        view = made_view.view
        # what the large page's parts patch (None: a cold view, the page made whole)
        touched = None
        if made_view.remade is not None and made_view.pairs is not None:
            touched = Touched(made_view.remade, made_view.pairs)
        del made_view
        drawn = view.number_of_nodes(), view.number_of_edges()
        yield "kept store (waited for)"
        if cold_store is not None:
            cold_store.wait()  # before any process is forked: none while Oxigraph's threads write
        yield "HTML (layout + pyvis)"
        # the layout of a graph of the same shape (nodes and links) is read back, not computed
        positions = cached_layout(view, out / ".cache" / "layout" if cache is not None else None)
        # a large page's parts whose data is the last build's are linked, not made (kept_parts)
        last_parts = LastParts.read(out, PARTS_FOLDER) if checked.change is not None else None
        reuse = last_parts.key if last_parts is not None else nothing_kept
        # after a change that reached few nodes, only the parts holding them (patched_parts)
        page = render_page(
            view, title=title, positions=positions, reuse=reuse, last=last_parts, touched=touched
        )
        staged.add(out / f"{GRAPH_NAME}.html", page.html.encode("utf-8"))
        parts = out / page.parts_folder
        written_parts: Path | None = None
        if page.keys:  # a large graph's page loads its parts as the reader asks
            written_parts = staged.folder(parts)
            made_parts = write_parts(
                written_parts, page.parts, page.keys, page.fingerprints, last_parts, page.state
            )
            staged.add(out / PARTS_STATE, made_parts.to_bytes())  # for the next build's parts
        else:
            staged.withdraw(parts)  # a larger graph's, from an earlier build
        del page
        yield "readers' site"
        progress("writing the readers' site")
        # the network page in each language of a graph small enough, else in English only
        languages = drawn_languages(drawn[0])
        drawing = Drawing(view, positions)
        site = staged.folder(out / SITE_FOLDER)
        last_build = LastBuild(out, checked.change, last_sha256, dump_sha256)
        for made in other_language_pages(graph, languages, title, positions, SITE_FOLDER, last_build):
            (site / made.name).write_bytes(made.html)
            staged.add_pieces(out / made.state, made.pieces)  # for the next build's view
        for lang in set(OTHER_LANGUAGES) - set(languages):  # a smaller graph's, from an earlier build
            staged.withdraw(out / view_state(lang))
        # after a change, only the entity pages it reaches are made, the others kept: the last
        # build's site is carried over at the switch with the new files put in (graph.site.
        # kept_pages, graph.output.switch; the whole site when that cannot be trusted)
        last_site = kept_site = None
        if checked.change is not None and checked.last is not None:
            record = SiteRecord.read(out, out / SITE_FOLDER)
            if record is not None:
                lists = ListsRecord.read(out, out / SITE_FOLDER)  # rows kept for the lists
                tables = TablesRecord.read(out, out / SITE_FOLDER)  # the entity pages' long tables'
                last_site = LastSite(LastFiles.of(out / SITE_FOLDER), record, checked.change, lists, tables)
        kept_rows = out / TABLES_CACHE if cache is not None else None
        network = site_networks(languages)
        made_site = write_site(
            graph, checked.ontology, site, title, network, drawing, last_site, tables=kept_rows
        )
        # the network page inside the site too (the same file, linked), so that the site, moved
        # or mailed alone, still has the page its links lead to; a large graph's parts beside it
        link_file(staged.staged_file(out / f"{GRAPH_NAME}.html"), site / NETWORK_IN_SITE)
        if written_parts is not None:
            link_files(written_parts, site / parts.name, sorted(os.listdir(written_parts)))
        last_record = last_site.record if last_site is not None else None
        if made_site.record is not None:  # for the next build's site, its unchanged shards linked
            made_site.record.write(staged.folder(out / SITE_STATE), last_record)
        else:
            staged.withdraw(out / SITE_STATE)
        if made_site.lists is not None:
            last_lists = last_site.lists if last_site is not None else None
            made_site.lists.write(staged.folder(out / LISTS_STATE), last_lists)
        else:
            staged.withdraw(out / LISTS_STATE)
        if made_site.tables is not None:
            staged.add(out / TABLES_STATE, made_site.tables.to_bytes())
        else:
            staged.withdraw(out / TABLES_STATE)
        if last_site is not None:
            kept_site = last_site.folder.kept(), last_site.folder.present
        del view, drawing, last_site, made_site
        yield "query page"
        progress("writing the query page")
        write_query_page(site, checked.ntriples, checked.triples, build_prefixes(base), title)
        if kept_site is not None:
            staged.carry(out / SITE_FOLDER, *kept_site)
        yield "files put in place"
        if isinstance(graph, PartTriples):
            graph.answer_subjects_from(None)  # the store is closed before the switch
        state = manifest_path(out)
        if checked.entries:  # what the next build starts from, switched in with the outputs
            manifest = manifest_bytes(
                base,
                ontology_dir,
                checked.ntriples,
                checked.entries,
                checked.report,
                dump_sha256,
                summaries=checked.dataset.summaries,
                lines=checked.triples,
                shown_sources=sources_prefix(sources),
            )
            staged.add(state, manifest)
        # each file's order of subjects, for the next build's subjects(p, o) (graph.rdf.part_order)
        order = order_state(graph, checked.entries, base, dump_sha256) if checked.entries else None
        if order is not None:
            staged.add(out / PART_ORDER_STATE, order)
        else:
            staged.withdraw(out / PART_ORDER_STATE)
    progress.done()
    not_outputs = (
        state,
        out / INDEX_PATH,
        out / VIEW_STATE,
        *(out / view_state(lang) for lang in OTHER_LANGUAGES),
        out / SITE_STATE,
        out / LISTS_STATE,
        out / PART_ORDER_STATE,
    )
    kept_state = (*not_outputs, out / PARTS_STATE, out / TABLES_STATE)
    outputs = [target for target in staged.targets if target not in kept_state]
    return Built(**vars(checked), outputs=outputs, drawn=drawn)
