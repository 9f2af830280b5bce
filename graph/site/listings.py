"""The pages that list many things: the home page, a list per kind, the timeline by year and
the commitments tracker; long lists are cut into pages of `ROWS_PER_PAGE` rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.term import Node

from graph.core.vocab import HRG, RDF
from graph.rdf.pages import PAGE_KINDS
from graph.site.entities import OPEN_STATUSES, Entities, Page
from graph.site.facts import Named, Value
from graph.site.sections import FactList, Table
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
        tagged: dict[Node, dict[str, str]] | None = None,
    ) -> None:
        self.e = entities
        self.r = entities.r
        self.g = entities.g
        self.pages = pages
        self.country_nodes = {n for n, kind in pages if kind == HRG.Country}
        named = (
            self.country_nodes
            | set(self.g.objects(None, HRG.topic))
            | set(self.g.objects(None, HRG.currentStatus))
        )
        self.by_short = {short_id(str(node)): node for node in named}
        self.tagged = {} if tagged is None else tagged
        """Each row's tags, the same in every language: kept for the next language's lists."""

    # ------------------------------------------------------------ filters

    def tags(self, node: Node) -> dict[str, str]:
        """What the filters look at: the node's countries and topics (short ids); a new dict."""
        tags = self.tagged.get(node)
        if tags is None:
            countries = countries_of(self.g, node, self.country_nodes)
            topics = sorted(str(t) for t in self.g.objects(node, HRG.topic))
            tags = self.tagged[node] = {
                "country": " ".join(short_id(c) for c in countries),
                "topic": " ".join(short_id(t) for t in topics),
            }
        return dict(tags)

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

    def split(self, path: str, title: str, table: Table, filtered: bool) -> list[Listing]:
        """The table on as many pages as it needs: 'timeline/2025.html', 'timeline/2025-2.html', ..."""
        stem = path.removesuffix(".html")
        chunks = [
            (table.rows[i : i + ROWS_PER_PAGE], table.tags[i : i + ROWS_PER_PAGE])
            for i in range(0, max(len(table.rows), 1), ROWS_PER_PAGE)
        ]
        addresses = [path if n == 0 else f"{stem}-{n + 1}.html" for n in range(len(chunks))]
        parts = [(str(n + 1), address) for n, address in enumerate(addresses)] if len(chunks) > 1 else []
        listings = []
        for (rows, tags), address in zip(chunks, addresses, strict=True):
            part = Table(table.heading, table.columns, rows, anchor=table.anchor, tags=tags)
            page = Page(address, URIRef(""), "", Named(title), sections=[part])
            options = self.filter_options(tags) if filtered else {}
            listings.append(Listing(page, options, parts))
        return listings

    def kind_lists(self) -> Iterator[Listing]:
        """A list of every thing of each kind, by name."""
        by_kind: dict[URIRef, list[Node]] = {}
        for node, kind in self.pages:
            by_kind.setdefault(kind, []).append(node)
        for kind, nodes in sorted(by_kind.items(), key=lambda item: str(item[0])):
            words = self.r.caption(kind)
            table = Table(words, [self.r.gettext("Name")])
            for node in sorted(nodes, key=lambda n: self.r.name(n)[0].casefold()):
                table.rows.append([Value([self.r.named(node)])])
            yield from self.split(self.list_path(kind), words, table, filtered=False)

    @staticmethod
    def list_path(kind: URIRef) -> str:
        return f"list/{str(kind).rsplit('#', 1)[-1].lower()}.html"

    # ------------------------------------------------------------ the timeline

    def events(self) -> Iterator[Event]:
        """Meetings, commitments made, due and reported on, instrument events, offices taken and
        left, statements made."""
        g, r = self.g, self.r
        for meeting in g.subjects(RDF.type, HRG.Meeting):
            yield Event(_first_date(dates_of(g, meeting)), r.caption(HRG.Meeting), meeting, (meeting,))
        for commitment in g.subjects(RDF.type, HRG.Commitment):
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
        for event in g.subjects(RDF.type, HRG.InstrumentEvent):
            date = g.value(event, HRG.date)
            kind = g.value(event, HRG.eventKind)
            if date is not None:
                instruments = tuple(g.subjects(HRG.instrumentEvent, event))
                what = _capitalised(r.name(kind)[0]) if kind is not None else r.caption(HRG.InstrumentEvent)
                yield Event(str(date), what, event, (*instruments, *g.objects(event, HRG.party)))
        for tenure in g.subjects(RDF.type, HRG.Tenure):
            people = (*g.objects(tenure, HRG.holder), *g.objects(tenure, HRG.post))
            for predicate, words in ((HRG.startDate, "Took office"), (HRG.endDate, "Left office")):
                date = g.value(tenure, predicate)
                if date is not None:
                    yield Event(str(date), r.gettext(words), tenure, people)
        for statement in g.subjects(RDF.type, HRG.Statement):
            said_on = g.value(statement, HRG.statedOn)
            if said_on is not None:
                speakers = tuple(g.objects(statement, HRG.statedBy))
                yield Event(str(said_on), r.caption(HRG.Statement), statement, (statement, *speakers))

    def timeline(self) -> Iterator[Listing]:
        """The timeline, one page (or more) a year, newest year first in the index."""
        by_year: dict[str, list[Event]] = {}
        for event in self.events():
            if event.date:
                by_year.setdefault(event.date.lstrip("-")[:4], []).append(event)
        years = sorted(by_year, reverse=True)
        year_links = [(year, f"timeline/{year}.html") for year in years]
        r = self.r
        for year in years:
            table = Table(
                year,
                [r.gettext("Date"), r.gettext("What"), r.gettext("Who and what"), r.gettext("Who says so")],
                anchor="events",
            )
            for event in sorted(by_year[year], key=lambda e: (e.date, e.what, str(e.fact))):
                subject = event.subjects[0] if event.subjects else event.fact
                table.rows.append(
                    [
                        self.e.plain(human_date(event.date, r.lang)),
                        self.e.plain(event.what),
                        self.e.cell(event.subjects),
                        r.cited(event.fact, [], noted=False),
                    ]
                )
                table.tags.append(self.tags(subject))
            for listing in self.split(
                f"timeline/{year}.html", f"{r.gettext('Timeline')}: {year}", table, True
            ):
                listing.parts = [*year_links] if not listing.parts else listing.parts
                yield listing
        index = Page("timeline.html", URIRef(""), "", Named(r.gettext("Timeline")))
        counts = FactList(r.gettext("Years"))
        for year in years:
            counts.rows.append((year, Value([Named(f"{len(by_year[year])}", f"timeline/{year}.html")])))
        index.sections.append(counts)
        yield Listing(index)

    # ------------------------------------------------------------ the commitments tracker

    def tracker(self) -> Iterator[Listing]:
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
        commitments = sorted(
            self.g.subjects(RDF.type, HRG.Commitment), key=lambda c: self.e.when_order(c), reverse=True
        )
        for commitment in commitments:
            status = self.g.value(commitment, HRG.currentStatus)
            table.rows.append(
                [
                    r.cited(commitment, [r.named(commitment)], noted=False),
                    self.e.cell(self.g.objects(commitment, HRG.committedBy)),
                    self.e.cell(self.g.objects(commitment, HRG.committedTo)),
                    self.e.status(commitment),
                    self.e.plain(self.e.date(commitment, HRG.dueDate)),
                    self.e.cell(self.g.objects(commitment, HRG.madeAt)),
                ]
            )
            tags = self.tags(commitment)
            tags["status"] = short_id(str(status)) if status is not None else ""
            tags["overdue"] = "yes" if self.e.overdue(commitment) else "no"
            table.tags.append(tags)
        yield from self.split("commitments.html", r.gettext("Commitments tracker"), table, filtered=True)

    # ------------------------------------------------------------ the home page

    def home(self, title: str) -> Page:
        """What the graph holds, the latest meetings, open and overdue commitments, key figures."""
        r, g = self.r, self.g
        page = Page("index.html", URIRef(""), "", Named(title))
        held = FactList(r.gettext("What the graph holds"))
        counted = Counter(kind for _, kind in self.pages)
        for kind, count in sorted(counted.items(), key=lambda item: _reader_order(item[0])):
            held.rows.append((r.caption(kind), Value([Named(f"{count:,}", self.list_path(kind))])))
        page.sections.append(held)
        meetings = sorted(g.subjects(RDF.type, HRG.Meeting), key=self.e.when_order, reverse=True)[:LATEST]
        page.sections.append(self.e.meetings_table(r.gettext("Latest meetings"), meetings, newest_first=True))
        open_ones = [
            c for c in g.subjects(RDF.type, HRG.Commitment) if _is_open(g.value(c, HRG.currentStatus))
        ]
        open_ones.sort(key=lambda c: (not self.e.overdue(c), str(g.value(c, HRG.dueDate) or "9999")))
        page.sections.append(self.e.promised(open_ones[:LATEST]))
        page.sections[-1].heading = r.gettext("Open and overdue commitments")
        page.sections.append(self.key_figures())
        return page

    def key_figures(self) -> Table:
        """The latest figure of each of the most observed measures."""
        g = self.g
        by_measure: dict[Node, list[Node]] = {}
        for observation in g.subjects(RDF.type, HRG.Observation):
            measure = g.value(observation, HRG.measure)
            if measure is not None:
                by_measure.setdefault(measure, []).append(observation)
        most = sorted(by_measure, key=lambda m: (-len(by_measure[m]), str(m)))[:LATEST]
        latest = [max(by_measure[m], key=lambda o: (str(g.value(o, HRG.asOf) or ""), str(o))) for m in most]
        return self.e.figures(latest, self.r.gettext("Key figures"))


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
