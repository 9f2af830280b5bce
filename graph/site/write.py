"""The readers' site as files: every page in every language, the lists, the search index and
the assets."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.core.errors import SystemFailure
from graph.core.fingerprint import frozen_digest
from graph.core.languages import LANGUAGES
from graph.core.messages import NOT_IN_THIS_LANGUAGE, translations
from graph.core.ontology import Ontology
from graph.core.vocab import DCTERMS, SKOS
from graph.rdf.change import TripleChange
from graph.rdf.reads import ChangedTerms, Reads, RecordingGraph
from graph.rdf.triples import GraphLike
from graph.site.drawing import Drawing
from graph.site.entities import Context, Entities, Page
from graph.site.facts import Citation, Reader
from graph.site.kept_pages import (
    LastFiles,
    PageRecord,
    SiteRecord,
    keep_files,
    read_hashes,
    site_key,
    site_mark,
)
from graph.site.kept_rows import KeptLists, LanguageLists, ListsRecord
from graph.site.kept_tables import LastTables, PageRows, TablesRecord, remove_unused
from graph.site.listings import Listing, Listings, ListPage
from graph.site.parts import cut_long_tables
from graph.site.remembered import Remembered
from graph.site.render import ASSETS, Renderer, Site
from graph.site.search import SHARDS, SearchEntry, Shown, index_file, search_index_script, shard_of
from graph.site.site_index import SiteIndex, pages_of
from graph.site.workers import cores, run_forked
from graph.view.read import short_id
from graph.view.rules import LABEL_PREDICATES

SITE_FOLDER = "site"
"""The site's folder in a build."""


@dataclass
class _Shared:
    """What every process writing pages reads: the graph and the site's settings."""

    graph: GraphLike
    ontology: Ontology
    folder: Path
    site: Site
    pages: list[tuple[Node, URIRef]]
    drawing: Drawing | None
    typed: dict[Node, list[Node]]
    """The members of each class, in no given order (`typed_nodes`)."""
    by_short: dict[str, Node]
    """What the lists' filters name (graph.site.listings.short_names)."""
    written: list[tuple[Node, URIRef]] | None = None
    """The entity pages to write (default: every page)."""
    recording: bool = False
    """Whether what each entity page reads is recorded (for the next build's site)."""
    last_lists: ListsRecord | None = None
    """The last build's lists, when they can be used."""
    last_folder: LastFiles | None = None
    """The last build's site, whose unchanged list pages are kept."""
    change: ChangedTerms | None = None
    """The change since the last build's lists."""
    tables: LastTables | None = None
    """Where the entity pages' long tables keep their rows (None: not kept), with the last build's."""
    last_parts: dict[str, dict[str, str]] = field(default_factory=dict)
    """Of each entity page to write that the last build had, its further pages' digests."""
    last_site: LastFiles | None = None
    """The last build's site, whose further pages of long tables that show the same are kept."""


@dataclass
class _Found:
    """What a task's entity pages are, in the task's order: each one's files, what the search
    shows of it in each language, and (when recorded) what it read."""

    files: list[tuple[str, ...]] = field(default_factory=list)
    shown: list[tuple[Shown, ...]] = field(default_factory=list)
    reads: list[tuple[bytes, bool]] = field(default_factory=list)
    tables: list[str | None] = field(default_factory=list)
    """The cached file of each page's long tables' rows (graph.site.kept_tables), when kept."""
    parts: list[tuple[tuple[str, str], ...]] = field(default_factory=list)
    """Each page's further pages with their digests (`PageRecord.parts`)."""


@dataclass
class _Lists:
    """What a language's lists task did: the files it stands for, those made anew, and its
    rows for the next build (None when not recorded)."""

    written: int
    made: int
    rows: LanguageLists | None


@dataclass
class _Language:
    """One language's readers and templates, made once per process."""

    lang: str
    gettext: Callable[[str], str]
    reader: Reader
    entities: Entities
    renderer: Renderer


@dataclass
class _Writer:
    """Writes a share of the pages in each process; keeps each language's readers, whose
    names and sources are read once, and the folders already made."""

    shared: _Shared
    languages: dict[str, _Language] = field(default_factory=dict)
    folders: set[str] = field(default_factory=set)
    citations: dict[Node, list[Citation]] = field(default_factory=dict)
    """What each fact cites, read once for the three languages' readers (emptied every task)."""
    remembered: Remembered | None = None
    """The graph as the readers read it: an entity task's answers kept for its three languages."""
    recorder: RecordingGraph | None = None
    """Above `remembered` when the pages' reads are recorded."""
    kept_reads: dict[object, object] = field(default_factory=dict)
    """What the readers' kept answers read, shared by the three languages' readers."""
    tagged: dict[Node, tuple[dict[str, str], Reads | None]] = field(default_factory=dict)
    """What the lists' filters look at in each row (countries, topics), for every language's lists."""
    ordered: dict[URIRef, tuple[Node, ...]] = field(default_factory=dict)
    """The members of each class in the graph's order, for every language's lists."""

    def language(self, lang: str) -> _Language:
        if lang not in self.languages:
            shared = self.shared
            words = translations(lang)
            graph = self.graph() if self.recorder is None else self.recorder
            reader = Reader(graph, lang, shared.ontology, words.gettext, self.citations)
            reader.kept_reads = self.kept_reads  # type: ignore[assignment]
            entities = Entities(reader, Context(shared.site.data_date))
            self.languages[lang] = _Language(lang, words.gettext, reader, entities, Renderer(lang, words))
        return self.languages[lang]

    def put(self, path: Path | str, content: bytes) -> None:
        """Write a file, its folder made the first time (paths as text: pathlib's parsing cost
        more than a second at 23,000 pages)."""
        folder = os.path.dirname(path)
        try:
            if folder not in self.folders:
                os.makedirs(folder, exist_ok=True)
                self.folders.add(folder)
            with open(path, "wb") as file:
                file.write(content)
        except OSError as error:
            raise SystemFailure.of("write", path, error) from error

    def __call__(self, task: tuple[int, int] | str) -> _Found | _Lists:
        """A task: the entity pages `pages[start:stop]` in every language (what the search
        shows of each, per language, and last the further pages of long tables, by their
        addresses), or a language's list pages (how many)."""
        if isinstance(task, str):
            self.graph().forget(remembering=False)  # a language's lists: nothing asked twice
            return self.lists(self.language(task))
        self.graph().forget(remembering=True)
        return self.entity_pages(*task)

    def graph(self) -> Remembered:
        if self.remembered is None:
            self.remembered = Remembered(self.shared.graph)
            if self.shared.recording:
                self.recorder = RecordingGraph(self.remembered)
        return self.remembered

    def entity_pages(self, start: int, stop: int) -> _Found:
        shared = self.shared
        self.citations.clear()  # those of the last task's pages: seldom cited again
        found = _Found()
        pages = shared.pages if shared.written is None else shared.written
        for node, kind in pages[start:stop]:
            if self.recorder is None:
                self.entity_page(node, kind, found)
                continue
            tables = shared.tables
            rows = PageRows.of(self.recorder, str(node), tables) if tables is not None else None
            with self.recorder.recording() as reads:
                self.entity_page(node, kind, found, rows)
            if rows is None or tables is None:
                found.reads.append((read_hashes(reads), reads.everything))
                continue
            found.reads.append(rows.reads(read_hashes(reads), reads.everything))
            found.tables.append(rows.kept(tables.cache))
        return found

    def entity_page(self, node: Node, kind: URIRef, found: _Found, rows: PageRows | None = None) -> None:
        """A thing's page in every language, with its long tables' further pages (their rows
        the last build's where `rows` has them and no change reaches them)."""
        shared = self.shared
        sketch = shared.drawing.around(str(node)) if shared.drawing is not None else None
        files: list[str] = []
        shown: list[Shown] = []
        parts: list[tuple[str, str]] = []
        last_parts = shared.last_parts.get(str(node), {})
        for lang in LANGUAGES:
            language = self.language(lang)
            out = f"{shared.folder}{os.sep}{lang}{os.sep}"
            language.entities.rows = rows.language(lang) if rows is not None else None
            try:
                page = language.entities.page(node, kind)
            finally:
                language.entities.rows = None
            for part in cut_long_tables(page):
                name = f"{lang}/{part.page.path}"
                files.append(name)
                digest = frozen_digest(part) if shared.recording else ""
                parts.append((name, digest))
                last = shared.last_site if last_parts.get(name) == digest else None
                if last is not None and keep_files(last, shared.folder, (name,), self.folders):
                    continue
                html = _listing_html(language.renderer, shared.site, part, language.gettext)
                self.put(out + part.page.path, html)
            names = [language.reader.named(URIRef(spot.iri)) for spot in sketch.spots] if sketch else []
            html = language.renderer.entity(page, shared.site, sketch, names, short_id(str(node)))
            self.put(out + page.path, html)
            files.append(f"{lang}/{page.path}")
            shown.append((page.path, page.kind, page.title.text, page.title.fallback))
        found.files.append(tuple(files))
        found.shown.append(tuple(shown))
        found.parts.append(tuple(parts))

    def lists(self, language: _Language) -> _Lists:
        """The lists, the timeline, the tracker, the home page and the search page; a list
        carried from the last build, or a page whose digest is the last build's, is linked
        from it, not made."""
        shared, renderer = self.shared, language.renderer
        out = shared.folder / language.lang
        rows = self.kept_lists(language.lang)
        listings = Listings(
            language.entities, shared.pages, self.tagged, rows, shared.typed, shared.by_short, self.ordered
        )
        written = made = 0
        for path, same, page in chain(listings.kind_lists(), listings.timeline(), listings.tracker()):
            written += 1
            made += self.list_page(language, path, same, page)
        for path, same, home in listings.home(shared.site.title):
            made += self.list_page(language, path, same, home)
        if (ASSETS.parent / "templates" / "search.html.j2").exists():
            self.put(out / "search.html", renderer.render("search.html.j2", "search.html", shared.site, []))
        recorded = rows.shards() if rows.recorder is not None else None
        return _Lists(written + rows.kept_pages, made, recorded)

    def list_page(self, language: _Language, path: str, same: bool, page: ListPage | Listing | Page) -> int:
        """Link the last build's page at `path` if it shows the `same`, else write `page`
        anew; 1 when written."""
        shared = self.shared
        last = shared.last_folder if same else None
        if last is not None and keep_files(last, shared.folder, (f"{language.lang}/{path}",), self.folders):
            return 0
        if isinstance(page, Page):  # the home page
            html = language.renderer.render("home.html.j2", page.path, shared.site, page.sections, page=page)
        else:
            listing = page.listing() if isinstance(page, ListPage) else page
            html = _listing_html(language.renderer, shared.site, listing, language.gettext)
        self.put(shared.folder / language.lang / path, html)
        return 1

    def kept_lists(self, lang: str) -> KeptLists:
        """The language's lists: the last build's where the change does not reach them."""
        shared = self.shared
        self.graph()
        last, folder = shared.last_lists, shared.last_folder
        if last is None or last.kept is None or shared.change is None or folder is None:
            return KeptLists(self.recorder)
        if lang not in last.languages:
            return KeptLists(self.recorder)
        try:
            groups = last.languages[lang].last_groups(last.kept)
        except Exception:  # damaged: every row is made
            return KeptLists(self.recorder)

        def keep(paths: list[str]) -> bool:
            return keep_files(folder, shared.folder, [f"{lang}/{path}" for path in paths], self.folders)

        return KeptLists(self.recorder, groups, shared.change, keep)


PAGES_PER_TASK = 500
"""Entity pages (in every language) one task writes at most: small enough to share the work
evenly."""

TASKS_PER_PROCESS = 4
"""Tasks each process gets at least, where the pages are few (a rebuild's): one page may cost
far more than another (a country's long tables)."""


def _shares(pages: int, processes: int) -> list[tuple[int, int]]:
    """The entity pages' tasks: `(start, stop)` of each."""
    size = max(1, min(PAGES_PER_TASK, -(-pages // (processes * TASKS_PER_PROCESS))))
    return [(start, min(start + size, pages)) for start in range(0, pages, size)]


PAGES_TO_FORK_INDEXES = 5_000
"""From how many pages the languages' search indexes are made in forked processes (0.1 s
each at 10,000 pages; a fork costs a few hundredths of a second)."""


@dataclass(frozen=True)
class LastSite:
    """The last build's site (`folder`), its record, the change since it was made, and its
    lists' record (None: every row of the lists is made)."""

    folder: LastFiles
    record: SiteRecord
    change: TripleChange
    lists: ListsRecord | None = None
    tables: TablesRecord | None = None
    """Its entity pages' kept rows (graph.site.kept_tables; None: every row is made)."""


@dataclass(frozen=True)
class SiteWritten:
    """What `write_site` did: the files it stands for, the entity pages made anew, the list
    pages made anew, and the records for the next build (None when not recorded or when they
    cannot be trusted, e.g. a page of a blank node)."""

    written: int
    made: int
    record: SiteRecord | None
    lists: ListsRecord | None = None
    lists_made: int = 0
    tables: TablesRecord | None = None


def write_site(
    graph: GraphLike,
    ontology: Ontology,
    folder: Path,
    title: str,
    network: Mapping[str, str] | None,
    drawing: Drawing | None = None,
    last: LastSite | None = None,
    processes: int | None = None,
    recording: bool = True,
    tables: Path | None = None,
) -> SiteWritten:
    """Write the site into `folder` (new or empty), its pages leading to the `network` page of
    their language (graph.site.render.Site.network). With the network view's `drawing`, each page
    shows what is one link away. When `recording`, what each page and list row reads is noted
    for the next build; given the `last` build's site, only the entity pages and list rows the
    change reaches (and new ones) are made, and the list pages whose content changed written,
    the others linked from it (a change that meets none of their reads leaves them as they
    were). The rows of the entity pages' long tables are kept in the folder `tables` (None:
    not kept), each made again only where the change reaches it. The pages are written by
    `processes` forked processes (default: one per core)."""
    return _write(graph, ontology, folder, title, network, drawing, processes, last, recording, tables)


def _site_index(graph: GraphLike, last: LastSite | None) -> SiteIndex:
    """The last build's index of the site, where the change since leaves it as it was; else
    read from the graph."""
    kept = last.lists.index if last is not None and last.lists is not None else None
    if last is None or kept is None:
        return SiteIndex.of(graph)
    change = ChangedTerms.of(last.change)
    return SiteIndex.of(graph) if change.blank else kept.after(change, graph)


def _reusable(last: LastSite | None, key: str, pages: list[tuple[Node, URIRef]]) -> dict[str, int] | None:
    """The last build's page number of each node whose page can be linked, or None: write all."""
    if last is None or last.record.key != key:
        return None
    terms = ChangedTerms.of(last.change)
    if terms.blank:
        return None
    reached = last.record.reached(terms)
    kinds = {str(node): str(kind) for node, kind in pages}
    return {
        page.node: number
        for number, page in enumerate(last.record.pages)
        if number not in reached and kinds.get(page.node) == page.kind
    }


def _write(
    graph: GraphLike,
    ontology: Ontology,
    folder: Path,
    title: str,
    network: Mapping[str, str] | None,
    drawing: Drawing | None,
    processes: int | None,
    last: LastSite | None,
    recording: bool = False,
    tables: Path | None = None,
) -> SiteWritten:
    site_index = _site_index(graph, last)
    site = Site(title, site_index.data_date, network)
    shutil.copytree(ASSETS, folder / "assets", dirs_exist_ok=True)
    pages = site_index.pages
    recording = recording and not site_index.blank_pages
    key = site_key(title, site.data_date, network, drawing) if recording else ""
    reusable = _reusable(last, key, pages) if recording else None
    kept: dict[int, PageRecord] = {}  # by page number, the pages linked from the last build
    if reusable is not None and last is not None:
        made_folders: set[str] = set()
        candidates: dict[int, PageRecord] = {}
        for number, (node, _) in enumerate(pages):
            known = reusable.get(str(node))
            if known is not None:
                candidates[number] = last.record.pages[known]
        every_file = [name for carried in candidates.values() for name in carried.files]
        if keep_files(last.folder, folder, every_file, made_folders):  # at once: seldom one is missing
            kept = candidates
        else:
            for number, carried in candidates.items():
                if keep_files(last.folder, folder, carried.files, made_folders):
                    kept[number] = carried
    written_pages = [page for number, page in enumerate(pages) if number not in kept]
    shared = _Shared(
        graph,
        ontology,
        folder,
        site,
        pages,
        drawing,
        site_index.typed,
        site_index.by_short,
        written_pages,
        recording,
    )
    lists_key = site_key(title, site.data_date, network, None) if recording else ""  # not drawn
    if recording and last is not None and last.lists is not None and last.lists.key == lists_key:
        change = ChangedTerms.of(last.change)
        if not change.blank:
            shared.last_lists, shared.last_folder, shared.change = last.lists, last.folder, change
    if recording and tables is not None:
        shared.tables = _last_tables(tables, last, lists_key)
    if reusable is not None and last is not None:
        to_write = {str(node) for node, _ in written_pages}
        shared.last_site = last.folder
        shared.last_parts = {
            page.node: dict(page.parts) for page in last.record.pages if page.parts and page.node in to_write
        }
    writer = _Writer(shared)
    tasks: list[tuple[int, int] | str] = [*LANGUAGES]  # the lists first: each is one long task
    tasks += _shares(len(written_pages), processes or cores())
    if len(pages) <= PAGES_PER_TASK:
        processes = 1  # not worth a fork (a larger site's lists are, even with few pages made)
    done = run_forked(writer, tasks, processes)
    lists = {
        lang: result for lang, result in zip(LANGUAGES, done, strict=False) if isinstance(result, _Lists)
    }
    written = sum(result.written for result in lists.values())
    found = _Found()
    for result in done:
        if isinstance(result, _Found):
            found.files += result.files
            found.shown += result.shown
            found.reads += result.reads
            found.tables += result.tables
            found.parts += result.parts
    made = iter(range(len(written_pages)))
    last_tables = shared.tables.record if shared.tables is not None else None
    kept_tables: dict[str, str] = {}  # each page's cached rows, by node
    records: list[PageRecord] = []
    names: list[tuple[str, ...]] = []
    shown: list[tuple[Shown, ...]] = []
    for number, (node, kind) in enumerate(pages):
        record = kept.get(number)
        if record is None:
            index = next(made)
            names.append(all_names(graph, node))
            shown.append(found.shown[index])
            reads, everything = found.reads[index] if recording else (b"", True)
            record = PageRecord(
                str(node),
                str(kind),
                found.files[index],
                shown[-1],
                names[-1],
                reads,
                everything,
                found.parts[index] if recording else (),
            )
            table = found.tables[index] if found.tables else None
        else:
            names.append(record.names)
            shown.append(record.shown)
            table = last_tables.pages.get(record.node) if last_tables is not None else None
            if table is not None and shared.tables is not None and not (shared.tables.cache / table).exists():
                table = None  # gone: the page's rows are made when it is made again
        if table is not None:
            kept_tables[str(node)] = table
        records.append(record)
        written += len(record.files) - len(LANGUAGES)  # the further pages of long tables
    indexes = _SearchIndexes(writer, names, shown)
    if shared.last_lists is not None and last is not None and last.lists is not None:
        indexes.last, indexes.last_digests = last.folder, last.lists.indexes
        if kept:
            indexes.changed = _changed_parts(last.record, kept, records)
    forked = processes if len(pages) >= PAGES_TO_FORK_INDEXES else 1
    made_indexes = run_forked(indexes, range(len(LANGUAGES)), forked)
    written += sum(count for count, _ in made_indexes)
    (folder / "index.html").write_text(_redirect(LANGUAGES[0]), encoding="utf-8")
    mark = site_mark(folder)
    kept_record = SiteRecord(key, tuple(records), mark) if recording else None
    rows = {lang: result.rows for lang, result in lists.items() if result.rows is not None}
    digests = {lang: digest for lang, (_, digest) in zip(LANGUAGES, made_indexes, strict=True)}
    whole = recording and len(rows) == len(LANGUAGES)
    kept_index = None if site_index.blank_listed else site_index  # a blank node: no identity across builds
    kept_lists = ListsRecord(lists_key, rows, mark, digests, kept_index) if whole else None
    lists_made = sum(result.made for result in lists.values())
    tables_record = None
    if shared.tables is not None:
        tables_record = TablesRecord(lists_key, kept_tables, mark)
        used = {*kept_tables.values(), *(last_tables.pages.values() if last_tables is not None else ())}
        remove_unused(shared.tables.cache, used)  # the last build's are kept till it is replaced
    return SiteWritten(written, len(written_pages), kept_record, kept_lists, lists_made, tables_record)


def _last_tables(cache: Path, last: LastSite | None, key: str) -> LastTables:
    """Where the pages' rows are kept, with the last build's record where it can be used: made
    with the same key, and the change since it known and free of blank nodes."""
    if last is None or last.tables is None or last.tables.key != key:
        return LastTables(cache)
    change = ChangedTerms.of(last.change)
    return LastTables(cache) if change.blank else LastTables(cache, last.tables, change)


def _changed_parts(
    last: SiteRecord, kept: dict[int, PageRecord], records: list[PageRecord]
) -> frozenset[int]:
    """The parts of the search index whose entries may differ from the last build's: those of
    a page gone, or made anew with other names or titles (a page made again as it was leaves
    its part as it was; its address, and so its part, is its node's: graph.rdf.pages.page_path;
    `kept`: the last build's records carried, by page number)."""
    carried = {id(record) for record in kept.values()}
    before = {page.node: page for page in last.pages if id(page) not in carried}  # few: made or gone
    paths = []
    for number, record in enumerate(records):
        if number not in kept:
            was = before.pop(record.node, None)
            if was is None or (was.names, was.shown) != (record.names, record.shown):
                paths.append(record.shown[0][0])
    paths += [page.shown[0][0] for page in before.values()]  # gone
    return frozenset(shard_of(path) for path in paths)


@dataclass
class _SearchIndexes:
    """Writes a language's search index (its number in LANGUAGES), one language per process:
    each is made from its own titles, and takes about a second at 75,000 pages when every part
    is made; a part whose entries are the last build's is kept."""

    writer: _Writer
    names: list[tuple[str, ...]]
    """Each page's names, in pages' order."""
    shown: list[tuple[Shown, ...]]
    """How the search shows each page in each language (`Shown`)."""
    last: LastFiles | None = None
    """The last build's site, whose index is kept when it was made from the same entries."""
    last_digests: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The digest of the entries of each part of each language's index in the last build."""
    changed: frozenset[int] | None = None
    """The parts whose entries may differ from the last build's (`_changed_parts`; None: not
    known): the others hold the last build's pages, in the same order (pages are in id order),
    with the same entries, so their digests are the last build's, not taken again."""
    members: list[list[int]] | None = None
    """The pages of each part, by number (the same in every language: a page's address is)."""

    def __call__(self, number: int) -> tuple[int, tuple[str, ...]]:
        """Write the index's parts (or keep the last build's of a part made from the same
        entries); the files it stands for (every page found, the parts, search.html) and the
        digest of each part's entries."""
        lang, shared = LANGUAGES[number], self.writer.shared
        language_shown = [each[number] for each in self.shown]
        if self.members is None:  # once for the languages of this process
            self.members = [[] for _ in range(SHARDS)]
            for at, (path, *_) in enumerate(language_shown):
                self.members[shard_of(path)].append(at)
        not_here = translations(lang).gettext(NOT_IN_THIS_LANGUAGE)
        last = self.last_digests.get(lang, ())
        changed = self.changed if len(last) == SHARDS else None
        digests: list[str] = []
        for shard, held in enumerate(self.members):
            name = f"{lang}/{index_file(shard)}"
            if changed is not None and shard not in changed:
                digest = last[shard]
            else:
                names = [self.names[at] for at in held]
                shown = [language_shown[at] for at in held]
                digest = frozen_digest((names, shown))
            digests.append(digest)
            same = len(last) == SHARDS and last[shard] == digest
            if (
                same
                and self.last is not None
                and keep_files(self.last, shared.folder, (name,), self.writer.folders)
            ):
                continue
            entries = [SearchEntry.of(language_shown[at], self.names[at]) for at in held]
            self.writer.put(shared.folder / name, search_index_script(entries, shard, not_here))
        return len(language_shown) + SHARDS + 1, tuple(digests)


def all_names(graph: GraphLike, node: Node) -> tuple[str, ...]:
    """Every name and alias of a thing, in every language, for the search."""
    found = (
        str(o)
        for p in (*LABEL_PREDICATES, SKOS.altLabel, DCTERMS.title)
        for o in graph.objects(node, p)
        if isinstance(o, Literal)
    )
    return tuple(sorted(set(found)))


def _listing_html(renderer: Renderer, site: Site, listing: Listing, gettext: Callable[[str], str]) -> bytes:
    return renderer.render(
        "listing.html.j2",
        listing.page.path,
        site,
        listing.page.sections,
        page=listing.page,
        listing=listing,
        parts_html=renderer.list_parts.html(listing.page.path, listing.parts),
        filter_words={
            "country": gettext("Country"),
            "topic": gettext("Topic"),
            "status": gettext("Status"),
            "overdue": gettext("Overdue"),
        },
        filter_value_words={"yes": gettext("Overdue"), "no": gettext("Not overdue")},
    )


REDIRECT_START = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url='
)
"""How the index.html of every site hrgraph writes begins (its redirect to a language's home)."""


def _redirect(lang: str) -> str:
    return (
        f'{REDIRECT_START}{lang}/index.html"><title>hrgraph</title></head>'
        f'<body><a href="{lang}/index.html">{lang}/index.html</a></body></html>\n'
    )


def is_site(folder: Path) -> bool:
    """Whether `folder` is a site hrgraph wrote (its index.html is hrgraph's redirect)."""
    try:
        with open(folder / "index.html", "rb") as index:
            return index.read(len(REDIRECT_START)) == REDIRECT_START.encode()
    except OSError:
        return False


__all__ = ["SITE_FOLDER", "LastSite", "Page", "SiteWritten", "is_site", "pages_of", "write_site"]
