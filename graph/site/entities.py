"""What the page of each kind of thing shows, read from the graph: a person's offices, meetings,
commitments and disputed facts; a meeting's participants and what was promised there; ..."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.core.messages import N_
from graph.core.vocab import DCTERMS, HRG, RDF, SCHEMA, SKOS
from graph.rdf.pages import kind_of, page_path
from graph.site.facts import Named, Reader, Value
from graph.site.kept_rows import cells_bytes, cells_of
from graph.site.kept_tables import TableRows
from graph.site.sections import Bars, FactList, Prose, Section, Table
from graph.view.dates import human_date, human_dates
from graph.view.read import dates_of, short_id
from graph.view.words import human_number

QUALIFIER_WORDS: dict[str, str] = {
    "about": N_("about %(value)s"),
    "more-than": N_("more than %(value)s"),
    "at-least": N_("at least %(value)s"),
    "up-to": N_("up to %(value)s"),
}
"""How a figure is written when its source gives it as approximate or as a bound."""

BORROWED_WORDS: dict[URIRef, str] = {
    SKOS.altLabel: N_("Also known as"),
    SKOS.definition: N_("Definition"),
    DCTERMS.publisher: N_("Publisher"),
    DCTERMS.issued: N_("Published"),
    SCHEMA.url: N_("Address"),
}
"""Readers' names of the terms hrgraph borrows from other vocabularies (the ontology names its own)."""

OPEN_STATUSES = frozenset({"status/open", "status/in-progress", "status/unknown"})
"""A commitment with one of these statuses past its due date is overdue."""

KEPT_ROWS_FROM = 20
"""A table of this many rows or more keeps its rows between builds (`Entities.rows`): a shorter
one costs less to make than to keep (the rows an entity page shows before it cuts a table)."""

Row = tuple[Any, list[Value]]
"""A table's row as made: its sort key and its cells."""


@dataclass
class Page:
    """One entity's page before it is written in HTML."""

    path: str
    node: Node
    kind: str
    title: Named
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)
    summary: list[tuple[str, Value]] = field(default_factory=list)


@dataclass
class Context:
    """What every page of a build shares: the latest date the sources speak of."""

    data_date: str


class Entities:
    """Builds the page of any thing with one, from the graph, in one language."""

    def __init__(self, reader: Reader, context: Context) -> None:
        self.r = reader
        self.g = reader.graph
        self.context = context
        self.rows: TableRows | None = None
        """The kept rows of the page being made (graph.site.kept_tables), None: rows are made."""
        self.builders: dict[URIRef, Callable[[Page], None]] = {
            HRG.Person: self.person,
            HRG.Organization: self.organisation,
            HRG.Country: self.country,
            HRG.Place: self.place,
            HRG.Post: self.post,
            HRG.Meeting: self.meeting,
            HRG.MeetingSeries: self.series,
            HRG.Commitment: self.commitment,
            HRG.Statement: self.statement,
            HRG.Instrument: self.instrument,
            HRG.Measure: self.measure,
            HRG.Source: self.source,
            HRG.topic: self.topic,
        }

    def page(self, node: Node, kind: URIRef) -> Page:
        """The page of `node`, a thing of class `kind` (HRG.topic for a topic)."""
        page = Page(page_path(node), node, self.r.caption(kind), self.r.named(node))
        self.builders[kind](page)
        claims = self.claims(node)
        note = self.r.note_of(node)
        about = next((s for s in page.sections if isinstance(s, FactList)), None)
        if about is not None:  # the note and the disputed values beside the facts they qualify
            disputed = sorted({self.caption(p) for p in self.disputed(node)})
            about.rows += [
                (caption, Value([Named(self.r.gettext("in dispute: see below"), "#claims")]))
                for caption in disputed
            ]
            if note:
                about.rows.append((self.r.gettext("Curator's note"), Value([note])))
        elif note:
            page.sections.insert(0, Prose(self.r.gettext("Curator's note"), [Value([note])]))
        page.sections.extend(claims)
        return page

    def disputed(self, node: Node) -> set[URIRef]:
        """The properties the node's sources disagree on."""
        found = (self.g.value(claim, HRG.claimPredicate) for claim in self.g.objects(node, HRG.claim))
        return {p for p in found if isinstance(p, URIRef)}

    # ------------------------------------------------------------ helpers

    def values(self, node: Node, predicate: URIRef) -> list[Named]:
        """The things or values `node` has for `predicate`, named in the page's language."""
        return [self.r.named(o) for o in sorted(self.g.objects(node, predicate), key=str)]

    def date(self, node: Node, predicate: URIRef) -> str:
        value = self.g.value(node, predicate)
        return human_date(str(value), self.r.lang) if value is not None else ""

    def dates(self, node: Node) -> str:
        return human_dates(dates_of(self.g, node), self.r.lang)

    def about(self, node: Node, rows: Iterable[tuple[URIRef, str]], cited: bool = True) -> FactList:
        """The node's own values, captioned by the ontology, each cited by the node's sources
        (unless not `cited`: a source's own details). A row's form is 'name', 'date', 'time' (a
        clock time, hours and minutes), 'text' or 'link'."""
        facts = FactList(self.r.gettext("About"))
        for predicate, form in rows:
            if form == "date":
                text = self.date(node, predicate)
                parts = [Named(text)] if text else []
            elif form == "text":
                said = self.r.said(node, predicate)
                parts = [said] if said is not None else []
            elif form == "time":
                time = self.g.value(node, predicate)
                parts = [Named(str(time)[:5])] if time is not None else []
            elif form == "link":
                parts = [Named(str(o), str(o)) for o in sorted(self.g.objects(node, predicate), key=str)]
            else:
                parts = self.values(node, predicate)
            if parts:
                value = self.r.cited(node, parts, noted=False, field=predicate) if cited else Value(parts)
                facts.rows.append((self.caption(predicate), value))
        aliases = sorted({str(o) for o in self.g.objects(node, SKOS.altLabel)})
        if aliases:
            facts.rows.insert(0, (self.caption(SKOS.altLabel), Value([Named(", ".join(aliases))])))
        return facts

    def caption(self, predicate: URIRef) -> str:
        """A property's name for readers: the ontology's, or the catalogue's for a borrowed term."""
        borrowed = BORROWED_WORDS.get(predicate)
        return self.r.gettext(borrowed) if borrowed else self.r.caption(predicate)

    def subjects(self, predicate: URIRef, node: Node) -> list[Node]:
        return sorted(self.g.subjects(predicate, node), key=str)

    def when_order(self, node: Node) -> str:
        """A sort key: the node's first own date as ISO text ('' first)."""
        return dates_of(self.g, node).lstrip("{./")

    def plain(self, text: str) -> Value:
        return Value([Named(text)] if text else [])

    def cell(self, nodes: Iterable[Node]) -> Value:
        return Value([self.r.named(n) for n in nodes])

    def table_rows(
        self,
        name: tuple[object, ...],
        items: Sequence[Node | tuple[Node, ...]],
        make: Callable[[Any], Row],
        reverse: bool = False,
    ) -> list[list[Value]]:
        """The rows `make` gives for `items` (each a sort key and cells, everything it shows read
        inside it), sorted by key (equal keys in `items`' order). A long table's rows are kept
        in `rows` under `name` (the table's kind and settings) and the item: the last build's
        where no change meets what they read."""
        kept = self.rows
        if kept is None or len(items) < KEPT_ROWS_FROM:
            made = [make(item) for item in items]
        else:
            made = [self._kept_row(kept, name, item, make) for item in items]
        made.sort(key=lambda row: row[0], reverse=reverse)
        return [cells for _, cells in made]

    def of_class(self, items: list[Node], kind: URIRef) -> list[Node]:
        """Those of `items` of class `kind`, in their order; of a long list, each answer kept as
        a table's row is (a rebuild asks only the things a change reaches)."""
        kept, graph = self.rows, self.g
        if kept is None or len(items) < KEPT_ROWS_FROM:
            return [item for item in items if (item, RDF.type, kind) in graph]

        def answer(item: Node) -> tuple[bool, bytes]:
            return (item, RDF.type, kind) in graph, b""

        name = ("of class", str(kind))
        return [item for item in items if kept.get((*name, str(item)), partial(answer, item))[0]]

    @staticmethod
    def _kept_row(
        kept: TableRows, name: tuple[object, ...], item: Node | tuple[Node, ...], make: Callable[[Any], Row]
    ) -> Row:
        fresh: list[Row] = []

        def made() -> tuple[Any, bytes]:
            row = make(item)
            fresh.append(row)
            return row[0], cells_bytes(row[1])

        key = (*name, *(map(str, item) if isinstance(item, tuple) else (str(item),)))
        order, cells = kept.get(key, made)
        return fresh[0] if fresh else (order, cells_of(cells))

    def capacities(self, participation: Node) -> Value:
        """The posts a participant attended as, then the capacity in the source's words where
        no post is recorded for it, in the page's language when it has one."""
        value = self.cell(self.g.objects(participation, HRG.capacity))
        said = self.r.said(participation, HRG.capacityDescription)
        if said is not None:
            value.parts.append(said)
        return value

    def claims(self, node: Node) -> list[Section]:
        """Facts the sources disagree on: every value side by side, each with its own sources."""
        claims = sorted(self.g.objects(node, HRG.claim), key=str)
        if not claims:
            return []
        table = Table(
            self.r.gettext("Claims in dispute"),
            [self.r.gettext("What"), self.r.gettext("Value"), self.r.gettext("Who says so")],
            anchor="claims",
        )
        for claim in claims:
            predicate = self.g.value(claim, HRG.claimPredicate)
            value = self.g.value(claim, HRG.claimValue)
            caption = self.caption(predicate) if isinstance(predicate, URIRef) else ""
            shown = (
                human_date(str(value), self.r.lang)
                if isinstance(value, Literal)
                and value.datatype is not None
                and "date" in str(value.datatype).lower()
                else self.r.named(value).text
                if value is not None
                else ""
            )
            table.rows.append([self.plain(caption), self.plain(shown), self.r.cited(claim, [])])
        return [table]

    # ------------------------------------------------------------ people and bodies

    def person(self, page: Page) -> None:
        node = page.node
        page.sections.append(
            self.about(
                node,
                ((HRG.birthDate, "date"), (HRG.birthPlace, "name"), (HRG.nationality, "name")),
            )
        )
        page.sections.append(self.offices(self.subjects(HRG.holder, node), by_post=True))
        page.sections.append(self.attended(node))
        page.sections.append(self.commitments_of(node))
        page.sections.append(self.statements_of(node))
        page.sections.append(
            self.figures(self.subjects(HRG.reportedBy, node), self.r.gettext("Figures stated"))
        )

    def offices(self, tenures: list[Node], by_post: bool) -> Table:
        """Tenures as a table, earliest first: the post (or its holder) and when."""
        r = self.r
        first = r.gettext("Post") if by_post else r.gettext("Holder")
        table = Table(
            r.gettext("Offices held") if by_post else r.gettext("Holders"),
            [first, r.caption(HRG.postIn), r.gettext("When"), r.gettext("Who says so")],
            anchor="offices",
        )

        def row(tenure: Node) -> Row:
            other = self.g.value(tenure, HRG.post if by_post else HRG.holder)
            post = self.g.value(tenure, HRG.post)
            return self.when_order(tenure), [
                self.cell([other] if other is not None else []),
                self.cell(self.g.objects(post, HRG.postIn) if post is not None else []),
                self.plain(self.dates(tenure)),
                r.cited(tenure, []),
            ]

        table.rows = self.table_rows(("offices", by_post), tenures, row)
        return table

    def attended(self, person: Node) -> Table:
        r = self.r
        table = Table(
            r.gettext("Meetings attended"),
            [
                r.caption(HRG.Meeting),
                r.gettext("Date"),
                r.caption(HRG.capacity),
                r.caption(HRG.role),
                r.gettext("With"),
                r.gettext("Who says so"),
            ],
            anchor="meetings",
        )
        participations = self.subjects(HRG.participant, person)
        meetings = {p: self.g.value(p, HRG.meeting) for p in participations}
        for participation in sorted(participations, key=lambda p: self.when_order(meetings[p] or p)):
            meeting = meetings[participation]
            others = sorted(
                {
                    o
                    for p in self.g.subjects(HRG.meeting, meeting)
                    for o in self.g.objects(p, HRG.participant)
                    if o != person
                },
                key=str,
            )
            table.rows.append(
                [
                    self.cell([meeting] if meeting is not None else []),
                    self.plain(self.dates(meeting) if meeting is not None else ""),
                    self.capacities(participation),
                    self.cell(self.g.objects(participation, HRG.role)),
                    self.cell(others),
                    r.cited(participation, []),
                ]
            )
        return table

    def commitments_of(self, node: Node) -> Table:
        """Commitments the thing made, received or shares, with their latest status."""
        return self.records_naming(
            node,
            (HRG.committedBy, HRG.committedTo, HRG.counterpart),
            self.r.gettext("Commitments"),
            HRG.Commitment,
            [
                (self.r.caption(HRG.currentStatus), self.status),
                (self.r.caption(HRG.dueDate), lambda c: self.plain(self.date(c, HRG.dueDate))),
            ],
            anchor="commitments",
        )

    def statements_of(self, node: Node) -> Table:
        """Statements the thing made or that are about it, earliest first, each with its sources."""
        return self.records_naming(
            node,
            (HRG.statedBy, HRG.concerns),
            self.r.gettext("Statements"),
            HRG.Statement,
            [
                (
                    self.r.caption(HRG.statementKind),
                    lambda s: self.cell(self.g.objects(s, HRG.statementKind)),
                ),
                (self.r.caption(HRG.statedOn), lambda s: self.plain(self.date(s, HRG.statedOn))),
            ],
            anchor="statements",
        )

    def records_naming(
        self,
        node: Node,
        predicates: tuple[URIRef, ...],
        title: str,
        kind: URIRef,
        columns: list[tuple[str, Callable[[Node], Value]]],
        anchor: str,
    ) -> Table:
        """The records that name `node` by one of `predicates`, earliest first: each cited, the
        predicate as the way the thing takes part ("As"), then the given columns."""
        r = self.r
        naming = [(record, p) for p in predicates for record in self.g.subjects(p, node)]
        table = Table(title, [r.caption(kind), r.gettext("As"), *(c for c, _ in columns)], anchor=anchor)

        def row(item: tuple[Node, URIRef]) -> Row:
            record, predicate = item
            return (self.when_order(record), str(record), str(predicate)), [
                r.cited(record, [r.named(record)]),
                self.plain(r.caption(predicate)),
                *(value(record) for _, value in columns),
            ]

        table.rows = self.table_rows(("naming", str(kind)), naming, row)
        return table

    def status(self, commitment: Node) -> Value:
        """The latest status, 'overdue' when past due and still open as of the data's date."""
        status = self.g.value(commitment, HRG.currentStatus)
        value = self.cell([status] if status is not None else [])
        if self.overdue(commitment):
            value.parts.append(Named(self.r.gettext("overdue")))
        return value

    def overdue(self, commitment: Node) -> bool:
        status = self.g.value(commitment, HRG.currentStatus)
        due = self.g.value(commitment, HRG.dueDate)
        if due is None or (status is not None and short_id(str(status)) not in OPEN_STATUSES):
            return False
        return str(due) < self.context.data_date[: len(str(due))]

    def figures(self, observations: list[Node], heading: str) -> Table:
        r = self.r
        table = Table(
            heading,
            [
                r.caption(HRG.Measure),
                r.caption(HRG.value),
                r.caption(HRG.about),
                r.caption(HRG.asOf),
                r.caption(HRG.reportedBy),
                r.gettext("Who says so"),
            ],
            anchor="figures",
        )

        def row(observation: Node) -> Row:
            return str(self.g.value(observation, HRG.asOf) or ""), [
                self.cell(self.g.objects(observation, HRG.measure)),
                self.plain(self.figure(observation)),
                self.cell(self.g.objects(observation, HRG.about)),
                self.plain(self.date(observation, HRG.asOf)),
                self.cell(self.g.objects(observation, HRG.reportedBy)),
                r.cited(observation, []),
            ]

        table.rows = self.table_rows(("figures",), observations, row)
        return table

    def figure(self, observation: Node) -> str:
        value = self.g.value(observation, HRG.value)
        qualifier = self.g.value(observation, HRG.qualifier)
        text = human_number(str(value), self.r.lang) if value is not None else ""
        words = QUALIFIER_WORDS.get(str(qualifier)) if qualifier is not None else None
        return self.r.gettext(words) % {"value": text} if words else text

    def organisation(self, page: Page) -> None:
        node = page.node
        page.sections.append(
            self.about(
                node,
                (
                    (HRG.orgKind, "name"),
                    (HRG.country, "name"),
                    (HRG.parentOrganization, "name"),
                    (HRG.foundingDate, "date"),
                    (HRG.dissolutionDate, "date"),
                ),
            )
        )
        parts = self.subjects(HRG.parentOrganization, node)
        if parts:
            page.sections.append(self.listing(self.r.gettext("Parts"), parts, HRG.parentOrganization))
        posts = self.subjects(HRG.postIn, node)
        page.sections.append(self.listing(self.r.gettext("Posts"), posts, HRG.postIn))
        tenures = [t for post in posts for t in self.subjects(HRG.post, post)]
        page.sections.append(self.offices(tenures, by_post=False))
        page.sections.append(
            self.meetings_table(self.r.gettext("Meetings hosted"), self.subjects(HRG.host, node))
        )
        page.sections.append(self.commitments_of(node))
        page.sections.append(self.statements_of(node))
        page.sections.append(
            self.figures(self.subjects(HRG.reportedBy, node), self.r.gettext("Figures stated"))
        )

    def listing(self, heading: str, nodes: list[Node], field: URIRef | None = None) -> Table:
        """Things named with who says so: each thing's sources, or, when it is listed for its
        value of `field` (a person born here: hrg:birthPlace), its sources for that value."""
        r = self.r
        table = Table(heading, [r.gettext("Name"), r.gettext("Who says so")])

        def row(node: Node) -> Row:
            return r.name(node)[0].casefold(), [self.cell([node]), r.cited(node, [], field=field)]

        table.rows = self.table_rows(("listing", str(field)), nodes, row)
        return table

    def meetings_table(self, heading: str, meetings: list[Node], newest_first: bool = False) -> Table:
        r = self.r
        table = Table(
            heading,
            [r.caption(HRG.Meeting), r.gettext("Date"), r.caption(HRG.location), r.gettext("Who says so")],
            anchor="meetings",
        )

        def row(meeting: Node) -> Row:
            return self.when_order(meeting), [
                self.cell([meeting]),
                self.plain(self.dates(meeting)),
                self.cell(self.g.objects(meeting, HRG.location)),
                r.cited(meeting, [], noted=False),
            ]

        table.rows = self.table_rows(("meetings",), meetings, row, reverse=newest_first)
        return table

    def country(self, page: Page) -> None:
        node = page.node
        page.sections.append(self.about(node, ((HRG.isoCode, "text"),)))
        page.sections.append(
            self.listing(self.r.gettext("People"), self.subjects(HRG.nationality, node), HRG.nationality)
        )
        page.sections.append(
            self.listing(self.r.gettext("Organisations"), self.subjects(HRG.country, node), HRG.country)
        )
        places = self.subjects(HRG.locatedIn, node)
        page.sections.append(self.listing(self.r.gettext("Places"), places, HRG.locatedIn))
        meetings = [m for place in [node, *places] for m in self.subjects(HRG.location, place)]
        page.sections.append(self.meetings_table(self.r.gettext("Meetings held there"), meetings))
        page.sections.append(self.commitments_of(node))
        page.sections.append(self.statements_of(node))
        page.sections.append(self.instrument_events(self.subjects(HRG.party, node), by_party=False))

    def place(self, page: Page) -> None:
        node = page.node
        page.sections.append(self.about(node, ((HRG.locatedIn, "name"),)))
        page.sections.append(
            self.meetings_table(self.r.gettext("Meetings held there"), self.subjects(HRG.location, node))
        )
        page.sections.append(
            self.listing(self.r.gettext("Born here"), self.subjects(HRG.birthPlace, node), HRG.birthPlace)
        )

    def post(self, page: Page) -> None:
        node = page.node
        page.sections.append(self.about(node, ((HRG.postIn, "name"),)))
        page.sections.append(self.offices(self.subjects(HRG.post, node), by_post=False))
        capacities = {self.g.value(p, HRG.meeting) for p in self.subjects(HRG.capacity, node)}
        page.sections.append(
            self.meetings_table(
                self.r.gettext("Meetings attended in this capacity"), [m for m in capacities if m is not None]
            )
        )

    # ------------------------------------------------------------ meetings and what came of them

    def meeting_dates(self, node: Node) -> list[tuple[str, Value]]:
        """A meeting's day (or its first and last days), each cited by the sources for it."""
        start, end = self.g.value(node, HRG.startDate), self.g.value(node, HRG.endDate)
        if start is None:
            return []
        if end is None:
            day = [Named(self.date(node, HRG.startDate))]
            return [(self.caption(HRG.date), self.r.cited(node, day, noted=False, field=HRG.startDate))]
        return [
            (self.caption(p), self.r.cited(node, [Named(self.date(node, p))], noted=False, field=p))
            for p in (HRG.startDate, HRG.endDate)
        ]

    def meeting(self, page: Page) -> None:
        node = page.node
        r = self.r
        page.subtitle = self.dates(node)
        facts = self.about(
            node,
            (
                (HRG.startTime, "time"),
                (HRG.partOfDay, "name"),
                (HRG.location, "name"),
                (HRG.venue, "text"),
                (HRG.host, "name"),
                (HRG.inSeries, "name"),
                (HRG.topic, "name"),
            ),
        )
        facts.rows[:0] = self.meeting_dates(node)
        page.sections.append(facts)
        participants = Table(
            r.gettext("Participants"),
            [r.caption(HRG.Person), r.caption(HRG.capacity), r.caption(HRG.role), r.gettext("Who says so")],
            anchor="participants",
        )
        for participation in self.subjects(HRG.meeting, node):
            participants.rows.append(
                [
                    self.cell(self.g.objects(participation, HRG.participant)),
                    self.capacities(participation),
                    self.cell(self.g.objects(participation, HRG.role)),
                    r.cited(participation, []),
                ]
            )
        participants.rows.sort(key=lambda row: row[0].parts[0].text.casefold() if row[0].parts else "")
        page.sections.append(participants)
        page.sections.append(self.promised(self.subjects(HRG.madeAt, node)))
        page.sections.append(self.said(r.gettext("Statements made there"), self.subjects(HRG.saidAt, node)))
        page.sections.append(
            self.figures(self.subjects(HRG.statedAt, node), r.gettext("Figures stated there"))
        )
        page.sections.append(
            self.listing(r.caption(HRG.ledTo), sorted(self.g.objects(node, HRG.ledTo), key=str))
        )
        page.sections.append(self.listing(r.gettext("Led to it"), self.subjects(HRG.ledTo, node), HRG.ledTo))
        page.sections.append(
            self.listing(r.caption(HRG.recalls), sorted(self.g.objects(node, HRG.recalls), key=str))
        )

    def promised(self, commitments: list[Node]) -> Table:
        r = self.r
        table = Table(
            r.gettext("Commitments made there"),
            [
                r.caption(HRG.Commitment),
                r.caption(HRG.committedBy),
                r.caption(HRG.committedTo),
                r.caption(HRG.currentStatus),
                r.caption(HRG.dueDate),
            ],
            anchor="commitments",
        )

        def row(commitment: Node) -> Row:
            return str(commitment), [
                r.cited(commitment, [r.named(commitment)]),
                self.cell(self.g.objects(commitment, HRG.committedBy)),
                self.cell(self.g.objects(commitment, HRG.committedTo)),
                self.status(commitment),
                self.plain(self.date(commitment, HRG.dueDate)),
            ]

        table.rows = self.table_rows(("promised",), commitments, row)
        return table

    def said(self, heading: str, statements: list[Node]) -> Table:
        """Statements (made at a meeting, on a topic): who said what, when, each with its sources."""
        r = self.r
        table = Table(
            heading,
            [
                r.caption(HRG.Statement),
                r.caption(HRG.statedBy),
                r.caption(HRG.statementKind),
                r.caption(HRG.statedOn),
            ],
            anchor="statements",
        )

        def row(statement: Node) -> Row:
            return (self.when_order(statement), str(statement)), [
                r.cited(statement, [r.named(statement)]),
                self.cell(self.g.objects(statement, HRG.statedBy)),
                self.cell(self.g.objects(statement, HRG.statementKind)),
                self.plain(self.date(statement, HRG.statedOn)),
            ]

        table.rows = self.table_rows(("said",), statements, row)
        return table

    def series(self, page: Page) -> None:
        node = page.node
        page.sections.append(self.about(node, ((HRG.topic, "name"),)))
        page.sections.append(
            self.meetings_table(self.r.gettext("Meetings in the series"), self.subjects(HRG.inSeries, node))
        )
        page.sections.append(
            self.listing(self.r.gettext("Recalled by"), self.subjects(HRG.recalls, node), HRG.recalls)
        )

    def page_language_first(self, text: Node) -> tuple[bool, str]:
        """A sort key of texts: the one in the page's language first, then by language tag."""
        language = (text.language or "") if isinstance(text, Literal) else ""
        return language != self.r.lang, language

    def commitment(self, page: Page) -> None:
        node = page.node
        r = self.r
        texts = Prose(r.caption(HRG.text))
        # the page's language first, then the others by their tags
        for text in sorted(self.g.objects(node, HRG.text), key=self.page_language_first):
            language = text.language if isinstance(text, Literal) else ""
            texts.paragraphs.append(
                r.cited(node, [Named(str(text), fallback=language or "")], noted=False, field=HRG.text)
            )
        page.sections.append(texts)
        facts = self.about(
            node,
            (
                (HRG.commitmentKind, "name"),
                (HRG.committedBy, "name"),
                (HRG.committedTo, "name"),
                (HRG.counterpart, "name"),
                (HRG.madeAt, "name"),
                (HRG.madeIn, "name"),
                (HRG.dueDate, "date"),
                (HRG.topic, "name"),
            ),
        )
        facts.rows.append((r.caption(HRG.currentStatus), self.status(node)))
        page.sections.append(facts)
        history = Table(
            r.gettext("Status history"),
            [r.caption(HRG.asOf), r.caption(HRG.status), r.gettext("Who says so")],
            anchor="status",
        )
        reports = sorted(
            self.g.objects(node, HRG.statusReport), key=lambda s: str(self.g.value(s, HRG.asOf) or "")
        )
        for report in reports:
            history.rows.append(
                [
                    self.plain(self.date(report, HRG.asOf)),
                    self.cell(self.g.objects(report, HRG.status)),
                    r.cited(report, []),
                ]
            )
        page.sections.append(history)
        page.sections.append(self.statements_of(node))

    def statement(self, page: Page) -> None:
        """What was said, in each language the curator wrote it, then who said it, when, where and
        about what; each value with the statement's sources and their quotes."""
        node = page.node
        r = self.r
        page.subtitle = self.date(node, HRG.statedOn)
        texts = Prose(r.caption(HRG.statementText))
        for text in sorted(self.g.objects(node, HRG.statementText), key=self.page_language_first):
            language = text.language if isinstance(text, Literal) else ""
            texts.paragraphs.append(
                r.cited(
                    node, [Named(str(text), fallback=language or "")], noted=False, field=HRG.statementText
                )
            )
        page.sections.append(texts)
        page.sections.append(
            self.about(
                node,
                (
                    (HRG.statementKind, "name"),
                    (HRG.statedBy, "name"),
                    (HRG.statedOn, "date"),
                    (HRG.saidAt, "name"),
                    (HRG.saidIn, "name"),
                    (HRG.statementPlace, "name"),
                    (HRG.concerns, "name"),
                    (HRG.topic, "name"),
                ),
            )
        )
        page.sections.append(self.statements_of(node))

    # ------------------------------------------------------------ instruments, figures, topics, sources

    def instrument(self, page: Page) -> None:
        node = page.node
        page.sections.append(self.about(node, ((HRG.instrumentKind, "name"), (HRG.adopted, "date"))))
        page.sections.append(
            self.instrument_events(sorted(self.g.objects(node, HRG.instrumentEvent), key=str), by_party=True)
        )

    def instrument_events(self, events: list[Node], by_party: bool) -> Table:
        r = self.r
        table = Table(
            r.gettext("Signatures and ratifications"),
            [
                r.caption(HRG.party) if by_party else r.caption(HRG.Instrument),
                r.caption(HRG.eventKind),
                r.caption(HRG.date),
                r.gettext("Who says so"),
            ],
            anchor="events",
        )

        def row(event: Node) -> Row:
            first = (
                list(self.g.objects(event, HRG.party))
                if by_party
                else list(self.g.subjects(HRG.instrumentEvent, event))
            )
            return str(self.g.value(event, HRG.date) or ""), [
                self.cell(first),
                self.cell(self.g.objects(event, HRG.eventKind)),
                self.plain(self.date(event, HRG.date)),
                r.cited(event, []),
            ]

        table.rows = self.table_rows(("events", by_party), events, row)
        return table

    def measure(self, page: Page) -> None:
        node = page.node
        r = self.r
        page.sections.append(self.about(node, ((HRG.unit, "text"), (SKOS.definition, "text"))))
        observations = sorted(
            self.subjects(HRG.measure, node), key=lambda o: (str(self.g.value(o, HRG.asOf) or ""), str(o))
        )
        chart = Bars(r.gettext("Over time"))
        for observation in observations:
            value = self.g.value(observation, HRG.value)
            try:
                number = float(str(value))
            except ValueError:
                continue
            reporter = ", ".join(n.text for n in self.values(observation, HRG.reportedBy))
            label = " · ".join(part for part in (self.date(observation, HRG.asOf), reporter) if part)
            chart.bars.append((label, number, r.cited(observation, [Named(self.figure(observation))])))
        if chart.bars:
            page.sections.append(chart)
        page.sections.append(self.figures(observations, r.gettext("Every figure")))

    def topic(self, page: Page) -> None:
        node = page.node
        r = self.r
        page.kind = r.caption(HRG.topic)
        tagged = self.subjects(HRG.topic, node)
        page.sections.append(self.meetings_table(r.gettext("Meetings"), self.of_class(tagged, HRG.Meeting)))
        page.sections.append(self.promised(self.of_class(tagged, HRG.Commitment)))
        page.sections.append(self.said(r.gettext("Statements"), self.of_class(tagged, HRG.Statement)))

    def source(self, page: Page) -> None:
        node = page.node
        r = self.r
        rows = (
            (DCTERMS.publisher, "text"),
            (DCTERMS.issued, "date"),
            (SCHEMA.url, "link"),
            (HRG.archivedAt, "link"),
            (HRG.accessed, "date"),
            (HRG.sourceKind, "text"),
        )
        facts = self.about(node, rows, cited=False)
        page.sections.append(facts)
        cited = Table(
            r.gettext("Facts that cite it"),
            [r.gettext("Fact"), r.caption(HRG.quote)],
            anchor="facts",
        )
        for citation in self.subjects(HRG.source, node):
            for fact in self.g.subjects(HRG.citation, citation):
                quote = self.g.value(citation, HRG.quote)
                named = self.fact_named(fact)
                # cited for some fields only (for: [born]): which
                named.parts += [Named(self.caption(p)) for p in self.cited_for(citation)]
                cited.rows.append([named, self.plain(str(quote) if quote is not None else "")])
        cited.rows.sort(key=lambda row: row[0].parts[0].text.casefold() if row[0].parts else "")
        page.sections.append(cited)

    def cited_for(self, citation: Node) -> list[URIRef]:
        """The properties a citation is cited for (hrg:citedFor), in order."""
        return sorted(p for p in self.g.objects(citation, HRG.citedFor) if isinstance(p, URIRef))

    def fact_named(self, fact: Node) -> Value:
        """A cited fact by what it says, linked to the page that shows it."""
        shown = self.shown_on(fact)
        page = page_path(shown) if shown is not None else ""
        kinds = [t for t in self.g.objects(fact, RDF.type) if isinstance(t, URIRef)]
        kind = f"{self.r.caption(min(kinds, key=str))}: " if kinds else ""
        return Value([Named(kind + self.sentence(fact), page)])

    def shown_on(self, fact: Node) -> Node | None:
        """The thing whose page shows a fact: its own, its owner's for a nested fact (a meeting's
        participant), a tenure's holder, a figure's measure."""
        node = fact
        for _ in range(4):
            if kind_of(self.g, node) is not None:
                return node
            for predicate in (HRG.holder, HRG.measure):
                owner = self.g.value(node, predicate)
                if owner is not None:
                    return owner
            parent = URIRef(str(node).rsplit("/", 2)[0])
            if parent == node or self.g.value(parent, RDF.type) is None:
                return None
            node = parent
        return None

    def sentence(self, fact: Node) -> str:
        """What a fact says, in short: 'Keo Remy — President of the CHRC (from 4 May 2016)'."""
        g, r = self.g, self.r
        first, second = None, None
        for one, two in (
            (HRG.holder, HRG.post),
            (HRG.participant, HRG.meeting),
            (HRG.party, None),
            (HRG.measure, HRG.about),
        ):
            first = g.value(fact, one)
            if first is not None:
                second = g.value(fact, two) if two is not None else None
                break
        if first is None:
            report_of = next(iter(g.subjects(HRG.statusReport, fact)), None)
            if report_of is None:
                return r.name(fact)[0]
            # a commitment's status report: 'Keo Remy to help … — Open (25 Feb 2026)'
            first, second = report_of, g.value(fact, HRG.status)
        words = r.name(first)[0] + (f" — {r.name(second)[0]}" if second is not None else "")
        dates = self.dates(fact)
        return f"{words} ({dates})" if dates else words
