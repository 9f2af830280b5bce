"""The pages that list many things: the home page, a list per kind, the timeline by year and
the commitments tracker; long lists are cut into pages of `ROWS_PER_PAGE` rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from graph.core.fingerprint import frozen_digest
from graph.core.vocab import HRG, RDF
from graph.rdf.pages import PAGE_KINDS
from graph.rdf.reads import Reads, RecordingGraph
from graph.site.entities import OPEN_STATUSES, Entities, Page
from graph.site.facts import Named, Value
from graph.site.kept_rows import Item, KeptRows, cells_bytes, cells_of
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

    def digest(self) -> str:
        """A hash of everything the page shows."""
        shown = (self.path, self.title, self.heading, self.columns, self.anchor)
        return frozen_digest((shown, self.rows, self.tags, self.filters, self.parts))

    def listing(self) -> Listing:
        """The page with its rows read back."""
        rows = [cells_of(row) for row in self.rows]
        table = Table(self.heading, self.columns, rows, anchor=self.anchor, tags=self.tags)
        page = Page(self.path, URIRef(""), "", Named(self.title), sections=[table])
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
        rows: KeptRows | None = None,
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
        self.rows = KeptRows(None) if rows is None else rows
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
        node = self.by_short.get(short)
        return self.r.name(node)[0] if node is not None else short

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
            pages.append(
                ListPage(
                    address, title, table.heading, table.columns, table.anchor, rows, tags, options, parts
                )
            )
        return pages

    def kept(self, key: tuple[str, ...], make: Callable[[], tuple[Item, ...]]) -> tuple[Item, ...]:
        """The rows kept under `key`, else made."""
        return self.rows.get(key, make)

    def kept_row(self, name: str, make: Callable[[Node], Item], node: Node) -> Item:
        """The row of a list (`name`) for `node`, kept, else `make(node)`."""
        return self.rows.get((name, str(node)), lambda: (make(node),))[0]

    def kept_value(self, name: str, make: Callable[[Node], Any], node: Node) -> Any:
        """What `make(node)` gives (a plain value), kept under `name` while no change reaches
        what it read: what the home page sorts and picks by, read once and not every build."""
        return self.rows.get((name, str(node)), lambda: ((make(node), b"", ()),))[0][0]

    def members(self, kind: URIRef) -> tuple[Node, ...]:
        """The members of a class in the graph's order (a sort keeps it among equals). Asked
        of the graph once a build, not kept: a record moved to another file, or within its file,
        changes the order without changing a triple (what a change is made of)."""
        found = self.ordered.get(kind)
        if found is None:
            found = self.ordered[kind] = tuple(self.g.subjects(RDF.type, kind))
        return found

    def kind_lists(self) -> Iterator[ListPage]:
        """A list of every thing of each kind, by name."""
        by_kind: dict[URIRef, list[Node]] = {}
        for node, kind in self.pages:
            by_kind.setdefault(kind, []).append(node)
        for kind, nodes in sorted(by_kind.items(), key=lambda item: str(item[0])):
            words = self.r.caption(kind)
            table = Table(words, [self.r.gettext("Name")])
            items = [self.kept_row("name", self.name_row, node) for node in nodes]
            items.sort(key=lambda item: item[0])
            yield from self.split(self.list_path(kind), words, table, items, filtered=False)

    def name_row(self, node: Node) -> Item:
        """A kind list's row: the thing's name, sorted by it."""
        return (self.r.name(node)[0].casefold(), cells_bytes([Value([self.r.named(node)])]), ())

    @staticmethod
    def list_path(kind: URIRef) -> str:
        return f"list/{str(kind).rsplit('#', 1)[-1].lower()}.html"

    # ------------------------------------------------------------ the timeline

    def events(self) -> Iterator[tuple[URIRef, Node, Callable[[], Iterator[Event]]]]:
        """Meetings, commitments made, due and reported on, instrument events, offices taken and
        left, statements made: for each thing, its kind, itself and what makes its events; in no
        given order (the timeline sorts them: no need to ask the graph for its order)."""
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
                yield kind, node, lambda events_of=events_of, node=node: events_of(node)  # type: ignore[misc]

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
        for predicate, words in ((HRG.startDate, "Took office"), (HRG.endDate, "Left office")):
            date = g.value(tenure, predicate)
            if date is not None:
                yield Event(str(date), r.gettext(words), tenure, people)

    def statement_events(self, statement: Node) -> Iterator[Event]:
        g, r = self.g, self.r
        said_on = g.value(statement, HRG.statedOn)
        if said_on is not None:
            speakers = tuple(g.objects(statement, HRG.statedBy))
            yield Event(str(said_on), r.caption(HRG.Statement), statement, (statement, *speakers))

    def timeline(self) -> tuple[list[ListPage], Listing]:
        """The timeline, one page (or more) a year, and its index, newest year first."""
        by_year: dict[str, list[Item]] = {}
        for kind, node, events_of in self.events():
            key = ("timeline", str(kind), str(node))
            for item in self.kept(key, lambda events_of=events_of: self.event_rows(events_of())):  # type: ignore[misc]
                by_year.setdefault(item[0][0].lstrip("-")[:4], []).append(item)
        years = sorted(by_year, reverse=True)
        year_links = [(year, f"timeline/{year}.html") for year in years]
        r = self.r
        pages: list[ListPage] = []
        for year in years:
            table = Table(
                year,
                [r.gettext("Date"), r.gettext("What"), r.gettext("Who and what"), r.gettext("Who says so")],
                anchor="events",
            )
            items = sorted(by_year[year], key=lambda item: (item[0], item[1]))  # whatever the events' order
            for page in self.split(
                f"timeline/{year}.html", f"{r.gettext('Timeline')}: {year}", table, items, True
            ):
                page.parts = [*year_links] if not page.parts else page.parts
                pages.append(page)
        index = Page("timeline.html", URIRef(""), "", Named(r.gettext("Timeline")))
        counts = FactList(r.gettext("Years"))
        for year in years:
            counts.rows.append((year, Value([Named(f"{len(by_year[year])}", f"timeline/{year}.html")])))
        index.sections.append(counts)
        return pages, Listing(index)

    def event_rows(self, events: Iterable[Event]) -> tuple[Item, ...]:
        """The timeline's rows of a thing's dated events, each sorted by date, what and fact."""
        r = self.r
        rows: list[Item] = []
        for event in events:
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

    def tracker(self) -> list[ListPage]:
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
        commitments = self.members(HRG.Commitment)
        items = [self.kept_row("tracker", self.tracker_row, commitment) for commitment in commitments]
        items.sort(key=lambda item: item[0], reverse=True)
        return self.split("commitments.html", r.gettext("Commitments tracker"), table, items, filtered=True)

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

    def home(self, title: str) -> Page:
        """What the graph holds, the latest meetings, open and overdue commitments, key figures."""
        r = self.r
        page = Page("index.html", URIRef(""), "", Named(title))
        held = FactList(r.gettext("What the graph holds"))
        counted = Counter(kind for _, kind in self.pages)
        for kind, count in sorted(counted.items(), key=lambda item: _reader_order(item[0])):
            held.rows.append((r.caption(kind), Value([Named(f"{count:,}", self.list_path(kind))])))
        page.sections.append(held)
        when = {m: self.kept_value("when", self.e.when_order, m) for m in self.members(HRG.Meeting)}
        meetings = sorted(when, key=when.__getitem__, reverse=True)[:LATEST]
        page.sections.append(self.e.meetings_table(r.gettext("Latest meetings"), meetings, newest_first=True))
        promises = {c: self.kept_value("promise", self.promise, c) for c in self.members(HRG.Commitment)}
        open_ones = [c for c, (is_open, _) in promises.items() if is_open]
        open_ones.sort(key=lambda c: promises[c][1])
        page.sections.append(self.e.promised(open_ones[:LATEST]))
        page.sections[-1].heading = r.gettext("Open and overdue commitments")
        page.sections.append(self.key_figures())
        return page

    def promise(self, commitment: Node) -> tuple[bool, tuple[bool, str]]:
        """Whether a commitment is open, and where the home page's open ones put it."""
        g = self.g
        is_open = _is_open(g.value(commitment, HRG.currentStatus))
        return is_open, (not self.e.overdue(commitment), str(g.value(commitment, HRG.dueDate) or "9999"))

    def key_figures(self) -> Table:
        """The latest figure of each of the most observed measures (in no need of the graph's
        order: the measures and figures are picked by their own keys)."""
        by_measure: dict[Node, list[tuple[str, str, Node]]] = {}
        typed = self.typed
        observations = (
            typed.get(HRG.Observation, [])
            if typed is not None
            else self.g.subjects(RDF.type, HRG.Observation)
        )
        for observation in observations:
            measure, as_of = self.kept_value("figure", self.figure, observation)
            if measure is not None:
                by_measure.setdefault(measure, []).append((as_of, str(observation), observation))
        most = sorted(by_measure, key=lambda m: (-len(by_measure[m]), str(m)))[:LATEST]
        latest = [max(by_measure[m], key=lambda found: found[:2])[2] for m in most]
        return self.e.figures(latest, self.r.gettext("Key figures"))

    def figure(self, observation: Node) -> tuple[Node | None, str]:
        """An observation's measure and date, for the key figures."""
        return self.g.value(observation, HRG.measure), str(self.g.value(observation, HRG.asOf) or "")


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
