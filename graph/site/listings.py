"""The pages that list many things: the home page, a list per kind, the timeline by year and
the commitments tracker; long lists are cut into pages of `ROWS_PER_PAGE` rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from graph.core.fingerprint import frozen_digest
from graph.core.messages import N_
from graph.core.vocab import HRG, RDF, SKOS
from graph.rdf.pages import PAGE_KINDS
from graph.rdf.reads import Reads, RecordingGraph
from graph.site.entities import OPEN_STATUSES, Entities, Page
from graph.site.facts import Named, Value
from graph.site.kept_rows import Item, KeptLists, cells_bytes, cells_of
from graph.site.sections import FactList, Table
from graph.site.site_index import short_names
from graph.view.build import countries_of
from graph.view.dates import human_date
from graph.view.read import dates_of, short_id

ROWS_PER_PAGE = 100
"""Rows on one page of a long list: keeps every page small enough to open at once."""

LATEST = 10
"""How many meetings, commitments and figures the home page shows of each."""


@dataclass
class Listing:
    """A list page: a table whose rows the page's filters can hide, and links to its other pages."""

    page: Page
    filters: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    parts: list[tuple[str, str]] = field(default_factory=list)
    """Every page of the same list: its label and address."""


@dataclass
class ListPage:
    """A page of a list before it is written: its rows as `frozen` cells, so a page whose
    digest is the last build's need not be read back nor rendered."""

    path: str
    title: str
    heading: str
    columns: list[str]
    anchor: str
    rows: list[bytes]
    tags: list[dict[str, str]]
    filters: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    parts: list[tuple[str, str]] = field(default_factory=list)
    legend: tuple[str, list[tuple[str, str, str]]] = ("", [])
    """Under its heading, what each status the rows show means: (status, definition, the
    definition's language when not the page's)."""

    def digest(self) -> str:
        """A hash of everything the page shows."""
        shown = (self.path, self.title, self.heading, self.columns, self.anchor)
        return frozen_digest((shown, self.rows, self.tags, self.filters, self.parts, self.legend))

    def listing(self) -> Listing:
        """The page with its rows read back."""
        rows = [cells_of(row) for row in self.rows]
        table = Table(self.heading, self.columns, rows, anchor=self.anchor, tags=self.tags)
        page = Page(self.path, URIRef(""), "", Named(self.title), sections=[table])
        heading, meanings = self.legend
        if meanings:
            told = [(name, Value([Named(text, fallback=lang)])) for name, text, lang in meanings]
            page.sections.append(FactList(heading, told))
        return Listing(page, self.filters, self.parts)


@dataclass(frozen=True)
class Event:
    """Something that happened on a date, for the timeline."""

    date: str
    what: str
    fact: Node
    subjects: tuple[Node, ...]


class Listings:
    """The list pages of one language, read from the graph with the entity pages' reader."""

    def __init__(
        self,
        entities: Entities,
        pages: list[tuple[Node, URIRef]],
        tagged: dict[Node, tuple[dict[str, str], Reads | None]] | None = None,
        rows: KeptLists | None = None,
        typed: dict[Node, list[Node]] | None = None,
        by_short: dict[str, Node] | None = None,
        ordered: dict[URIRef, tuple[Node, ...]] | None = None,
    ) -> None:
        self.e = entities
        self.r = entities.r
        self.g = entities.g
        self.pages = pages
        self.country_nodes = {n for n, kind in pages if kind == HRG.Country}
        self.by_short = short_names(self.g, pages) if by_short is None else by_short
        """What the filters name, by short id (`short_names`)."""
        self.tagged = {} if tagged is None else tagged
        """Each row's tags, the same in every language, and what they read: kept for the next
        language's lists."""
        self.rows = KeptLists(None) if rows is None else rows
        """The rows, kept from the last build where a change does not reach them."""
        self.typed = typed
        """The members of each class in no given order, when known (else asked of the graph)."""
        self.ordered = {} if ordered is None else ordered
        """The members of each class in the graph's order, as asked (`members`): kept for the
        next language's lists in this process (0.06 s a class at 100,000 records)."""

    # ------------------------------------------------------------ filters

    def tags(self, node: Node) -> dict[str, str]:
        """What the filters look at: the node's countries and topics (short ids); a new dict."""
        graph = self.g
        kept = self.tagged.get(node)
        if kept is not None:
            tags, reads = kept
            if reads is not None and isinstance(graph, RecordingGraph):
                graph.note(reads)
            return dict(tags)
        if isinstance(graph, RecordingGraph):
            with graph.recording() as noted:
                tags = self._tags(node)
            self.tagged[node] = (tags, noted)
        else:
            tags = self._tags(node)
            self.tagged[node] = (tags, None)
        return dict(tags)

    def _tags(self, node: Node) -> dict[str, str]:
        countries = countries_of(self.g, node, self.country_nodes)
        topics = sorted(str(t) for t in self.g.objects(node, HRG.topic))
        return {
            "country": " ".join(short_id(c) for c in countries),
            "topic": " ".join(short_id(t) for t in topics),
        }

    def filter_options(self, tags: Iterable[dict[str, str]]) -> dict[str, list[tuple[str, str]]]:
        """For each filter, the values the rows have, named in the page's language."""
        found: dict[str, set[str]] = {}
        for row in tags:
            for key, value in row.items():
                found.setdefault(key, set()).update(value.split())
        options: dict[str, list[tuple[str, str]]] = {}
        for key, ids in found.items():
            named = [(short, self.name_of_short(short)) for short in ids]
            options[key] = sorted(named, key=lambda item: item[1].casefold())
        return options

    def name_of_short(self, short: str) -> str:
        """A filter's value named in the page's language, else another, marked: 'Laos (en)'."""
        node = self.by_short.get(short)
        if node is None:
            return short
        name, lang = self.r.name(node)
        marked = self.r.foreign(lang)
        return f"{name} ({marked})" if marked else name

    # ------------------------------------------------------------ pages of rows

    def split(self, path: str, title: str, table: Table, items: list[Item], filtered: bool) -> list[ListPage]:
        """The rows (under `table`'s heading and columns) on as many pages as they need:
        'timeline/2025.html', 'timeline/2025-2.html', ..."""
        stem = path.removesuffix(".html")
        chunks = [items[i : i + ROWS_PER_PAGE] for i in range(0, max(len(items), 1), ROWS_PER_PAGE)]
        addresses = [path if n == 0 else f"{stem}-{n + 1}.html" for n in range(len(chunks))]
        parts = [(str(n + 1), address) for n, address in enumerate(addresses)] if len(chunks) > 1 else []
        pages = []
        for chunk, address in zip(chunks, addresses, strict=True):
            tags = [dict(item[2]) for item in chunk] if filtered else []
            rows = [item[1] for item in chunk]
            options = self.filter_options(tags) if filtered else {}
            legend = self.legend(options.get("status", []))
            pages.append(
                ListPage(
                    address,
                    title,
                    table.heading,
                    table.columns,
                    table.anchor,
                    rows,
                    tags,
                    options,
                    parts,
                    legend,
                )
            )
        return pages

    def legend(self, statuses: list[tuple[str, str]]) -> tuple[str, list[tuple[str, str, str]]]:
        """What the statuses a page's rows show mean, as the ontology defines them (in the
        page's language, else another, marked), under its heading; none for no status."""
        meanings = []
        for short, name in statuses:
            node = self.by_short.get(short)
            said = self.r.said(node, SKOS.definition) if node is not None else None
            if said is not None:
                meanings.append((name, said.text, said.fallback))
        return self.r.gettext("What the statuses mean"), meanings

    def made_pages(
        self, group: str, bucket: str, count: int, make: Callable[[], list[ListPage]]
    ) -> list[tuple[str, bool, ListPage]]:
        """The pages `make` gives for a group's bucket of `count` rows, each with whether the
        last build's page at its address shows the same (what they read noted as the bucket's)."""
        with self.rows.bucket(group, bucket, count) as page:
            return [(made.path, page(made.path, made.digest()), made) for made in make()]

    @staticmethod
    def one_row(make: Callable[[Node], Item], nodes: Sequence[Node], number: int) -> tuple[Item, ...]:
        """The row `make` gives of the node `number` of `nodes`."""
        return (make(nodes[number]),)

    @staticmethod
    def one_value(asked: Sequence[tuple[Callable[[Node], Any], Node]], number: int) -> tuple[Item, ...]:
        """A plain value as a row (what the home page sorts and picks by): the one the function
        `number` of `asked` gives of its node."""
        make, node = asked[number]
        return ((make(node), b"", ()),)

    def members(self, kind: URIRef) -> tuple[Node, ...]:
        """The members of a class in the graph's order (a sort keeps it among equals). Asked
        of the graph once a build, not kept: a record moved to another file, or within its file,
        changes the order without changing a triple (what a change is made of)."""
        found = self.ordered.get(kind)
        if found is None:
            found = self.ordered[kind] = tuple(self.g.subjects(RDF.type, kind))
        return found

    def kind_lists(self) -> Iterator[tuple[str, bool, ListPage]]:
        """A list of every thing of each kind, by name."""
        by_kind: dict[URIRef, list[Node]] = {}
        for node, kind in self.pages:
            by_kind.setdefault(kind, []).append(node)
        for kind, nodes in sorted(by_kind.items(), key=lambda item: str(item[0])):
            words = self.r.caption(kind)
            table = Table(words, [self.r.gettext("Name")])
            path = self.list_path(kind)
            keys = [str(node) for node in nodes]
            rows = self.rows.rows(path, keys, partial(self.one_row, self.name_row, nodes))
            for bucket, items in rows.rows.items():
                items.sort(key=lambda item: item[0])
                yield from self.made_pages(
                    path, bucket, len(items), partial(self.split, path, words, table, items, False)
                )

    def name_row(self, node: Node) -> Item:
        """A kind list's row: the thing's name, sorted by it."""
        return (self.r.name(node)[0].casefold(), cells_bytes([Value([self.r.named(node)])]), ())

    @staticmethod
    def list_path(kind: URIRef) -> str:
        return f"list/{str(kind).rsplit('#', 1)[-1].lower()}.html"

    # ------------------------------------------------------------ the timeline

    def events(self) -> Iterator[tuple[URIRef, Node, Callable[[Node], Iterator[Event]]]]:
        """Meetings, commitments made, due and reported on, instrument events, offices taken and
        left, statements made: for each thing, its kind, itself and what makes the events of a
        thing of its kind; in no given order (the timeline sorts them: no need to ask the graph
        for its order)."""
        g, typed = self.g, self.typed
        for kind, events_of in (
            (HRG.Meeting, self.meeting_events),
            (HRG.Commitment, self.commitment_events),
            (HRG.InstrumentEvent, self.instrument_events),
            (HRG.Tenure, self.tenure_events),
            (HRG.Statement, self.statement_events),
        ):
            members = g.subjects(RDF.type, kind) if typed is None else typed.get(kind, [])
            for node in members:
                yield kind, node, events_of

    def meeting_events(self, meeting: Node) -> Iterator[Event]:
        yield Event(_first_date(dates_of(self.g, meeting)), self.r.caption(HRG.Meeting), meeting, (meeting,))

    def commitment_events(self, commitment: Node) -> Iterator[Event]:
        g, r = self.g, self.r
        made_at = g.value(commitment, HRG.madeAt)
        made_in = g.value(commitment, HRG.madeIn)  # a statement: its date is the source's
        made_by = made_at if made_at is not None else made_in
        made = dates_of(g, made_by) if made_by is not None else ""
        if made:
            yield Event(_first_date(made), r.gettext("Commitment made"), commitment, (commitment,))
        due = g.value(commitment, HRG.dueDate)
        if due is not None:
            yield Event(str(due), r.gettext("Commitment due"), commitment, (commitment,))
        for report in g.objects(commitment, HRG.statusReport):
            as_of = g.value(report, HRG.asOf)
            if as_of is not None:
                status = g.value(report, HRG.status)
                what = f"{r.caption(HRG.status)}: {r.name(status)[0]}" if status is not None else ""
                yield Event(str(as_of), what, report, (commitment,))

    def instrument_events(self, event: Node) -> Iterator[Event]:
        g, r = self.g, self.r
        date = g.value(event, HRG.date)
        kind = g.value(event, HRG.eventKind)
        if date is not None:
            instruments = tuple(g.subjects(HRG.instrumentEvent, event))
            what = _capitalised(r.name(kind)[0]) if kind is not None else r.caption(HRG.InstrumentEvent)
            yield Event(str(date), what, event, (*instruments, *g.objects(event, HRG.party)))

    def tenure_events(self, tenure: Node) -> Iterator[Event]:
        g, r = self.g, self.r
        people = (*g.objects(tenure, HRG.holder), *g.objects(tenure, HRG.post))
        for predicate, words in ((HRG.startDate, N_("Took office")), (HRG.endDate, N_("Left office"))):
            date = g.value(tenure, predicate)
            if date is not None:
                yield Event(str(date), r.gettext(words), tenure, people)

    def statement_events(self, statement: Node) -> Iterator[Event]:
        g, r = self.g, self.r
        said_on = g.value(statement, HRG.statedOn)
        if said_on is not None:
            speakers = tuple(g.objects(statement, HRG.statedBy))
            yield Event(str(said_on), r.caption(HRG.Statement), statement, (statement, *speakers))

    def timeline(self) -> Iterator[tuple[str, bool, ListPage | Listing]]:
        """The timeline, one page (or more) a year, and its index, newest year first."""
        events = list(self.events())
        keys = [f"{kind} {node}" for kind, node, _ in events]
        group = self.rows.rows(
            "timeline", keys, partial(self.event_rows, events), _year_of, ordered=False, linked=True, empty=()
        )
        counts = group.counts()
        years = sorted((year for year, count in counts.items() if count), reverse=True)
        year_links = [(year, f"timeline/{year}.html") for year in years]
        r = self.r
        columns = [r.gettext("Date"), r.gettext("What"), r.gettext("Who and what"), r.gettext("Who says so")]
        for year in sorted(group.rows, reverse=True):
            items = sorted(group.rows[year])  # by date, what and fact, whatever the events' order
            table = Table(year, columns, anchor="events")
            title = f"{r.gettext('Timeline')}: {year}"

            def year_pages(
                year: str = year, table: Table = table, title: str = title, items: list[Item] = items
            ) -> list[ListPage]:
                pages = self.split(f"timeline/{year}.html", title, table, items, True)
                for page in pages:
                    page.parts = [*year_links] if not page.parts else page.parts
                return pages

            yield from self.made_pages("timeline", year, len(items), year_pages)
        index = Page("timeline.html", URIRef(""), "", Named(r.gettext("Timeline")))
        listed = FactList(r.gettext("Years"))
        for year in years:
            listed.rows.append((year, Value([Named(f"{counts[year]}", f"timeline/{year}.html")])))
        index.sections.append(listed)
        if self.rows.rows(index.path, [], _nothing, shown=[(year, counts[year]) for year in years]).rows:
            with self.rows.bucket(index.path, "", 0) as page:
                yield index.path, page(index.path, frozen_digest(index)), Listing(index)

    def event_rows(
        self, events: Sequence[tuple[URIRef, Node, Callable[[Node], Iterable[Event]]]], number: int
    ) -> tuple[Item, ...]:
        """The timeline's rows of the dated events of the thing `number` of `events`, each
        sorted by date, what and fact."""
        r = self.r
        rows: list[Item] = []
        _, node, events_of = events[number]
        for event in events_of(node):
            if not event.date:
                continue
            subject = event.subjects[0] if event.subjects else event.fact
            cells = [
                self.e.plain(human_date(event.date, r.lang)),
                self.e.plain(event.what),
                self.e.cell(event.subjects),
                r.cited(event.fact, [], noted=False),
            ]
            order = (event.date, event.what, str(event.fact))
            rows.append((order, cells_bytes(cells), tuple(self.tags(subject).items())))
        return tuple(rows)

    # ------------------------------------------------------------ the commitments tracker

    def tracker(self) -> Iterator[tuple[str, bool, ListPage]]:
        """Every commitment with its status, due date and whether it is overdue."""
        r = self.r
        table = Table(
            r.gettext("Commitments"),
            [
                r.caption(HRG.Commitment),
                r.caption(HRG.committedBy),
                r.caption(HRG.committedTo),
                r.caption(HRG.currentStatus),
                r.caption(HRG.dueDate),
                r.caption(HRG.madeAt),
            ],
            anchor="commitments",
        )
        path, title = "commitments.html", r.gettext("Commitments tracker")
        commitments = self.members(HRG.Commitment)
        keys = [str(commitment) for commitment in commitments]
        rows = self.rows.rows(path, keys, partial(self.one_row, self.tracker_row, commitments))
        for bucket, items in rows.rows.items():
            items.sort(key=lambda item: item[0], reverse=True)
            made = partial(self.split, path, title, table, items, True)
            yield from self.made_pages(path, bucket, len(items), made)

    def tracker_row(self, commitment: Node) -> Item:
        """The tracker's row of a commitment, sorted by its first date."""
        r, g = self.r, self.g
        status = g.value(commitment, HRG.currentStatus)
        cells = [
            r.cited(commitment, [r.named(commitment)], noted=False),
            self.e.cell(g.objects(commitment, HRG.committedBy)),
            self.e.cell(g.objects(commitment, HRG.committedTo)),
            self.e.status(commitment),
            self.e.plain(self.e.date(commitment, HRG.dueDate)),
            self.e.cell(g.objects(commitment, HRG.madeAt)),
        ]
        tags = self.tags(commitment)
        tags["status"] = short_id(str(status)) if status is not None else ""
        tags["overdue"] = "yes" if self.e.overdue(commitment) else "no"
        return (self.e.when_order(commitment), cells_bytes(cells), tuple(tags.items()))

    # ------------------------------------------------------------ the home page

    def home(self, title: str) -> Iterator[tuple[str, bool, Page]]:
        """What the graph holds, the latest meetings, open and overdue commitments, key figures
        (nothing when the last build's home page is kept)."""
        meetings, commitments = self.members(HRG.Meeting), self.members(HRG.Commitment)
        typed, observation = self.typed, HRG.Observation
        observations = list(
            typed.get(observation, []) if typed is not None else self.g.subjects(RDF.type, observation)
        )
        asked: list[tuple[Callable[[Node], Any], Node]] = [
            *((self.e.when_order, m) for m in meetings),
            *((self.promise, c) for c in commitments),
            *((self.figure, o) for o in observations),
        ]
        keys = [
            *(f"when {m}" for m in meetings),
            *(f"promise {c}" for c in commitments),
            *(f"figure {o}" for o in observations),
        ]
        counted = Counter(kind for _, kind in self.pages)
        shown = sorted((str(kind), count) for kind, count in counted.items())
        group = self.rows.rows("index.html", keys, partial(self.one_value, asked), shown=shown)
        if not group.rows:
            return
        values = iter(item[0] for item in group.rows[""])  # one a key, in the order asked
        when = {meeting: next(values) for meeting in meetings}
        promises = {commitment: next(values) for commitment in commitments}
        figures = {observation: next(values) for observation in observations}
        with self.rows.bucket("index.html", "", len(asked)) as page:
            home = self.home_page(title, counted, when, promises, figures)
            yield home.path, page(home.path, frozen_digest(home)), home

    def home_page(
        self,
        title: str,
        counted: Counter[URIRef],
        when: dict[Node, Any],
        promises: dict[Node, tuple[bool, tuple[bool, str]]],
        figures: dict[Node, tuple[Node | None, str]],
    ) -> Page:
        """The home page from the values it sorts and picks by."""
        r = self.r
        page = Page("index.html", URIRef(""), "", Named(title))
        held = FactList(r.gettext("What the graph holds"))
        for kind, count in sorted(counted.items(), key=lambda item: _reader_order(item[0])):
            held.rows.append((r.caption(kind), Value([Named(f"{count:,}", self.list_path(kind))])))
        page.sections.append(held)
        meetings = sorted(when, key=when.__getitem__, reverse=True)[:LATEST]
        page.sections.append(self.e.meetings_table(r.gettext("Latest meetings"), meetings, newest_first=True))
        open_ones = [c for c, (is_open, _) in promises.items() if is_open]
        open_ones.sort(key=lambda c: promises[c][1])
        page.sections.append(self.e.promised(open_ones[:LATEST]))
        page.sections[-1].heading = r.gettext("Open commitments (overdue first)")
        page.sections.append(self.key_figures(figures))
        return page

    def promise(self, commitment: Node) -> tuple[bool, tuple[bool, str]]:
        """Whether a commitment is open, and where the home page's open ones put it."""
        g = self.g
        is_open = _is_open(g.value(commitment, HRG.currentStatus))
        return is_open, (not self.e.overdue(commitment), str(g.value(commitment, HRG.dueDate) or "9999"))

    def key_figures(self, figures: dict[Node, tuple[Node | None, str]]) -> Table:
        """The latest figure of each of the most observed measures (each observation's measure
        and date in `figures`; in no need of the graph's order: the measures and figures are
        picked by their own keys)."""
        by_measure: dict[Node, list[tuple[str, str, Node]]] = {}
        for observation, (measure, as_of) in figures.items():
            if measure is not None:
                by_measure.setdefault(measure, []).append((as_of, str(observation), observation))
        most = sorted(by_measure, key=lambda m: (-len(by_measure[m]), str(m)))[:LATEST]
        latest = [max(by_measure[m], key=lambda found: found[:2])[2] for m in most]
        return self.e.figures(latest, self.r.gettext("Key figures"))

    def figure(self, observation: Node) -> tuple[Node | None, str]:
        """An observation's measure and date, for the key figures."""
        return self.g.value(observation, HRG.measure), str(self.g.value(observation, HRG.asOf) or "")


def _nothing(number: int) -> tuple[Item, ...]:
    return ()


def _year_of(item: Item) -> str:
    """The timeline's year of a row (its date's first four digits, of a year BCE too)."""
    return str(item[0][0].lstrip("-")[:4])


def _first_date(dates: str) -> str:
    """The first date of a view `dates` text: '2019-10-21/2020-05' → '2019-10-21'."""
    return dates.strip("{}").split("/")[0].split(",")[0].replace("..", "")


def _reader_order(kind: URIRef) -> int:
    """Where a kind stands on the home page: as in PAGE_KINDS, topics after them."""
    return PAGE_KINDS.index(kind) if kind in PAGE_KINDS else len(PAGE_KINDS)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _is_open(status: Node | None) -> bool:
    return status is None or short_id(str(status)) in OPEN_STATUSES
