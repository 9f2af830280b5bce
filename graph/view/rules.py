"""What the view draws, as data: `build.py` follows these rules and the page shows what they give.

- `KINDS`: which classes become nodes, their names by language (the legend's order), which
  dates a node of the kind shows and which years the page's year filter counts for it;
- `LINKS`: which predicates become an edge between two drawn nodes, and the words on it;
- `NARY`: the n-ary facts drawn as one edge each (tenures, participations, instrument
  events): which node the edge starts and ends at, the words on it and the sentence it reads
  as ("Natalius Pigai — attended as Minister of Human Rights → Meeting, 24 Nov 2025, ...");
- `FACT_ROWS`: the details listed for a node of each kind;
- `TOPIC_LINKS`, `COUNTRY_LINKS`: what the topic and country filters look at.

A kind, a link and an n-ary fact are named in the view by the local name of their ontology
term (`Organization`, `postIn`, `Participation`); the words by language are only for readers,
and have one home: a kind is worded by its class's labels, a link and a detail by its
property's (ontology/hrgraph.ttl, in en, id and km, as the site and `hrgraph diff` word them);
a phrase that is no label ('attended[ as {capacity}]') is a msgid of the message catalogues
(graph/locale), never a text in code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from rdflib import URIRef

from graph.core.messages import N_
from graph.core.vocab import DCTERMS, HRG, RDFS, SKOS
from graph.view.words import Labelled, Message, Words


def local_name(iri: URIRef) -> str:
    """'https://w3id.org/hrgraph/ontology#MeetingSeries' → 'MeetingSeries'."""
    return re.split(r"[#/]", str(iri))[-1]


@dataclass(frozen=True)
class Inverse:
    """A step from the object of `predicate` back to its subject."""

    predicate: URIRef


Step = URIRef | Inverse
Route = tuple[Step, ...]


@dataclass(frozen=True)
class Kind:
    """A class drawn as nodes.

    `when`: paths to the dates shown for a node (the first that gives a date wins; `()` is the
    node's own dates). `years`: paths to every date the year filter counts for it; a kind with
    none (people, organisations, places) has no years and follows its neighbours."""

    rdf_type: URIRef
    when: tuple[Route, ...] = ((),)
    years: tuple[Route, ...] = ()

    @cached_property
    def words(self) -> Words:
        """The kind's name for readers: its class's labels ('Organisation', 'Organisasi')."""
        return Labelled(self.rdf_type)

    @property
    def id(self) -> str:
        """The kind of a node in the view: the class's local name (`Organization`)."""
        return local_name(self.rdf_type)


@dataclass(frozen=True)
class Link:
    """A predicate drawn as an edge from its subject to its object."""

    predicate: URIRef

    @cached_property
    def words(self) -> Words:
        """The words on the edge: the property's labels ('post in', 'jabatan di')."""
        return Labelled(self.predicate)


@dataclass(frozen=True)
class Nary:
    """An n-ary fact (a node of type `fact`) drawn as one edge from `start` to `end`.

    `slots` name further values by the path from the fact to them (shown by their label);
    `when` is the path to the node whose dates the edge carries (`()`: the fact's own).
    `words` (on the edge) and `sentence` (on hover and click) are templates: `{start}`,
    `{end}`, `{end_summary}`, `{dates}` and the slots are filled in, and a `[...]` part is
    left out when a value in it is unknown."""

    fact: URIRef
    start: Route
    end: Route
    words: Words
    sentence: Words
    slots: Mapping[str, Route] = field(default_factory=dict)
    texts: Mapping[str, URIRef] = field(default_factory=dict)
    """Texts by language added to a slot, in the reader's language: a capacity in words."""
    when: Route = ()

    @property
    def id(self) -> str:
        """The link of its edges in the view: the class's local name (`Participation`)."""
        return local_name(self.fact)


RowForm = Literal["label", "date", "text", "number"]


@dataclass(frozen=True)
class Row:
    """One line of a node's details: the values at the end of `path`, shown as the labels of
    the nodes there, as dates, as a text in the reader's language or as numbers, under the
    label of the path's first property ('Birth date')."""

    path: Route
    form: RowForm = "label"

    @cached_property
    def words(self) -> Words:
        """The caption: the label of the first property of the path, with a capital."""
        step = self.path[0]
        return Labelled(step.predicate if isinstance(step, Inverse) else step, caption=True)


KINDS: tuple[Kind, ...] = (
    Kind(HRG.Person, when=()),
    Kind(HRG.Organization, when=()),
    Kind(HRG.Country, when=()),
    Kind(HRG.Place, when=()),
    Kind(HRG.Post, when=()),
    Kind(HRG.Meeting, years=((),)),
    Kind(
        HRG.MeetingSeries,
        when=(),
        years=((Inverse(HRG.inSeries),),),
    ),
    Kind(
        HRG.Commitment,
        when=((HRG.madeAt,), (HRG.madeIn,)),
        years=((HRG.madeAt,), (HRG.madeIn,), (HRG.dueDate,), (HRG.statusReport,)),
    ),
    Kind(HRG.Instrument, years=((), (HRG.instrumentEvent,))),
    Kind(HRG.Observation, years=((), (HRG.periodStart,))),
    Kind(HRG.Statement, years=((),)),
)
KIND_BY_ID: dict[str, Kind] = {kind.id: kind for kind in KINDS}

LINKS: tuple[Link, ...] = (
    Link(HRG.postIn),
    Link(HRG.nationality),
    Link(HRG.birthPlace),
    Link(HRG.country),
    Link(HRG.parentOrganization),
    Link(HRG.locatedIn),
    Link(HRG.location),
    Link(HRG.host),
    Link(HRG.inSeries),
    Link(HRG.ledTo),
    Link(HRG.recalls),
    Link(HRG.committedBy),
    Link(HRG.committedTo),
    Link(HRG.counterpart),
    Link(HRG.madeAt),
    Link(HRG.about),
    Link(HRG.reportedBy),
    Link(HRG.statedAt),
    Link(HRG.statedBy),
    Link(HRG.saidAt),
    Link(HRG.statementPlace),
    Link(HRG.concerns),
)

LINK_SENTENCE: Words = Message(N_("{start} — {words} → {end}"))

NARY: tuple[Nary, ...] = (
    Nary(
        HRG.Tenure,
        start=(HRG.holder,),
        end=(HRG.post,),
        words=Message(N_("served as")),
        sentence=Message(N_("{start} — served as {end}[ ({dates})]")),
    ),
    Nary(
        HRG.Participation,
        start=(HRG.participant,),
        end=(HRG.meeting,),
        slots={"capacity": (HRG.capacity,), "role": (HRG.role,)},
        texts={"capacity": HRG.capacityDescription},
        when=(HRG.meeting,),
        words=Message(N_("attended[ as {capacity}]")),
        sentence=Message(N_("{start} — attended[ as {capacity}][ ({role})] → {end_summary}")),
    ),
    Nary(
        HRG.InstrumentEvent,
        start=(HRG.party,),
        end=(Inverse(HRG.instrumentEvent),),
        slots={"event": (HRG.eventKind,)},
        words=Message(N_("[{event}][ ({dates})]")),
        sentence=Message(N_("{start} — [{event} of ]{end}[, {dates}]")),
    ),
)

TOPIC_LINKS: tuple[URIRef, ...] = (HRG.topic,)
"""A node's topics are the objects of these predicates."""

COUNTRY_LINKS: tuple[URIRef, ...] = (
    HRG.nationality,
    HRG.country,
    HRG.locatedIn,
    HRG.location,
    HRG.postIn,
    HRG.parentOrganization,
    HRG.host,
    HRG.committedBy,
    HRG.committedTo,
    HRG.counterpart,
    HRG.about,
    HRG.instrumentEvent,
    HRG.party,
    HRG.statedBy,
    HRG.statementPlace,
)
"""A node's countries: itself if it is a country, else the countries reached by following
these predicates (at most `COUNTRY_DEPTH` steps): a person's nationality, a place's country,
an organisation's, a meeting's place and host, a commitment's makers and addressees, ..."""
COUNTRY_DEPTH = 4

FACT_ROWS: dict[URIRef, tuple[Row, ...]] = {
    HRG.Person: (
        Row((HRG.birthDate,), "date"),
        Row((HRG.birthPlace,)),
        Row((HRG.nationality,)),
    ),
    HRG.Organization: (
        Row((HRG.orgKind,)),
        Row((HRG.country,)),
        Row((HRG.parentOrganization,)),
        Row((HRG.foundingDate,), "date"),
        Row((HRG.dissolutionDate,), "date"),
    ),
    HRG.Place: (Row((HRG.locatedIn,)),),
    HRG.Post: (Row((HRG.postIn,)),),
    HRG.Meeting: (
        Row((HRG.location,)),
        Row((HRG.venue,), "text"),
        Row((HRG.partOfDay,)),
        Row((HRG.host,)),
        Row((HRG.inSeries,)),
        Row((HRG.topic,)),
    ),
    HRG.MeetingSeries: (Row((HRG.topic,)),),
    HRG.Commitment: (
        Row((HRG.text,), "text"),
        Row((HRG.commitmentKind,)),
        Row((HRG.committedBy,)),
        Row((HRG.committedTo,)),
        Row((HRG.counterpart,)),
        Row((HRG.madeAt,)),
        Row((HRG.dueDate,), "date"),
        Row((HRG.currentStatus,)),
        Row((HRG.asOf,), "date"),
        Row((HRG.confidence,)),
        Row((HRG.topic,)),
    ),
    HRG.Instrument: (
        Row((HRG.instrumentKind,)),
        Row((HRG.adopted,), "date"),
    ),
    HRG.Observation: (
        Row((HRG.measure,)),
        Row((HRG.value,), "number"),
        Row((HRG.qualifier,), "text"),
        Row((HRG.about,)),
        Row((HRG.periodStart,), "date"),
        Row((HRG.reportedBy,)),
    ),
    HRG.Statement: (
        Row((HRG.statementText,), "text"),
        Row((HRG.statementKind,)),
        Row((HRG.statedBy,)),
        Row((HRG.statedOn,), "date"),
        Row((HRG.saidAt,)),
        Row((HRG.statementPlace,)),
        Row((HRG.concerns,)),
        Row((HRG.confidence,)),
        Row((HRG.topic,)),
    ),
}

OWN_DATES: tuple[URIRef, ...] = (HRG.date, HRG.adopted, HRG.asOf, HRG.statedOn, DCTERMS.issued)
"""Single dates a node may carry itself, in order of preference (after start/end)."""
LABEL_PREDICATES: tuple[URIRef, ...] = (RDFS.label, SKOS.prefLabel)
LONG_LABEL = 48
"""A commitment's or a statement's text is its label, cut to this many characters."""
