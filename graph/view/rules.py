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
term (`Organization`, `postIn`, `Participation`); the words by language are only for readers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from rdflib import URIRef

from graph.core.vocab import DCTERMS, HRG, RDFS, SKOS
from graph.view.words import Words


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
    words: Words
    when: tuple[Route, ...] = ((),)
    years: tuple[Route, ...] = ()

    @property
    def id(self) -> str:
        """The kind of a node in the view: the class's local name (`Organization`)."""
        return local_name(self.rdf_type)


@dataclass(frozen=True)
class Link:
    """A predicate drawn as an edge from its subject to its object."""

    predicate: URIRef
    words: Words


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
    when: Route = ()

    @property
    def id(self) -> str:
        """The link of its edges in the view: the class's local name (`Participation`)."""
        return local_name(self.fact)


RowForm = Literal["label", "date", "text", "number"]


@dataclass(frozen=True)
class Row:
    """One line of a node's details: a caption and the values at the end of `path`, shown as
    the labels of the nodes there, as dates, as a text in the reader's language or as numbers."""

    words: Words
    path: Route
    form: RowForm = "label"


KINDS: tuple[Kind, ...] = (
    Kind(HRG.Person, {"en": "Person", "id": "Orang"}, when=()),
    Kind(HRG.Organization, {"en": "Organisation", "id": "Organisasi"}, when=()),
    Kind(HRG.Country, {"en": "Country", "id": "Negara"}, when=()),
    Kind(HRG.Place, {"en": "Place", "id": "Tempat"}, when=()),
    Kind(HRG.Post, {"en": "Post", "id": "Jabatan"}, when=()),
    Kind(HRG.Meeting, {"en": "Meeting", "id": "Pertemuan"}, years=((),)),
    Kind(
        HRG.MeetingSeries,
        {"en": "Meeting series", "id": "Rangkaian pertemuan"},
        when=(),
        years=((Inverse(HRG.inSeries),),),
    ),
    Kind(
        HRG.Commitment,
        {"en": "Commitment", "id": "Komitmen"},
        when=((HRG.madeAt,), (HRG.madeIn,)),
        years=((HRG.madeAt,), (HRG.madeIn,), (HRG.dueDate,), (HRG.statusReport,)),
    ),
    Kind(HRG.Instrument, {"en": "Instrument", "id": "Instrumen"}, years=((), (HRG.instrumentEvent,))),
    Kind(HRG.Observation, {"en": "Figure", "id": "Angka"}, years=((), (HRG.periodStart,))),
)
KIND_BY_ID: dict[str, Kind] = {kind.id: kind for kind in KINDS}

LINKS: tuple[Link, ...] = (
    Link(HRG.postIn, {"en": "post in", "id": "jabatan di"}),
    Link(HRG.nationality, {"en": "national of", "id": "warga negara"}),
    Link(HRG.birthPlace, {"en": "born in", "id": "lahir di"}),
    Link(HRG.country, {"en": "country", "id": "negara"}),
    Link(HRG.parentOrganization, {"en": "part of", "id": "bagian dari"}),
    Link(HRG.locatedIn, {"en": "located in", "id": "terletak di"}),
    Link(HRG.location, {"en": "held in", "id": "diadakan di"}),
    Link(HRG.host, {"en": "hosted by", "id": "tuan rumah"}),
    Link(HRG.inSeries, {"en": "in series", "id": "bagian dari rangkaian"}),
    Link(HRG.ledTo, {"en": "led to", "id": "menghasilkan"}),
    Link(HRG.recalls, {"en": "recalled", "id": "mengingat kembali"}),
    Link(HRG.committedBy, {"en": "made by", "id": "oleh"}),
    Link(HRG.committedTo, {"en": "made to", "id": "kepada"}),
    Link(HRG.counterpart, {"en": "with", "id": "bersama"}),
    Link(HRG.madeAt, {"en": "made at", "id": "dibuat di"}),
    Link(HRG.about, {"en": "about", "id": "tentang"}),
    Link(HRG.reportedBy, {"en": "reported by", "id": "dilaporkan oleh"}),
    Link(HRG.statedAt, {"en": "stated at", "id": "disampaikan di"}),
)

LINK_SENTENCE: Words = {"en": "{start} — {words} → {end}", "id": "{start} — {words} → {end}"}

NARY: tuple[Nary, ...] = (
    Nary(
        HRG.Tenure,
        start=(HRG.holder,),
        end=(HRG.post,),
        words={"en": "served as", "id": "menjabat"},
        sentence={
            "en": "{start} — served as {end}[ ({dates})]",
            "id": "{start} — menjabat {end}[ ({dates})]",
        },
    ),
    Nary(
        HRG.Participation,
        start=(HRG.participant,),
        end=(HRG.meeting,),
        slots={"capacity": (HRG.capacity,), "role": (HRG.role,)},
        when=(HRG.meeting,),
        words={"en": "attended[ as {capacity}]", "id": "hadir[ sebagai {capacity}]"},
        sentence={
            "en": "{start} — attended[ as {capacity}][ ({role})] → {end_summary}",
            "id": "{start} — hadir[ sebagai {capacity}][ ({role})] → {end_summary}",
        },
    ),
    Nary(
        HRG.InstrumentEvent,
        start=(HRG.party,),
        end=(Inverse(HRG.instrumentEvent),),
        slots={"event": (HRG.eventKind,)},
        words={"en": "[{event}][ ({dates})]", "id": "[{event}][ ({dates})]"},
        sentence={
            "en": "{start} — [{event} of ]{end}[, {dates}]",
            "id": "{start} — [{event} ]{end}[, {dates}]",
        },
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
)
"""A node's countries: itself if it is a country, else the countries reached by following
these predicates (at most `COUNTRY_DEPTH` steps): a person's nationality, a place's country,
an organisation's, a meeting's place and host, a commitment's makers and addressees, ..."""
COUNTRY_DEPTH = 4

FACT_ROWS: dict[URIRef, tuple[Row, ...]] = {
    HRG.Person: (
        Row({"en": "Born", "id": "Lahir"}, (HRG.birthDate,), "date"),
        Row({"en": "Born in", "id": "Tempat lahir"}, (HRG.birthPlace,)),
        Row({"en": "Nationality", "id": "Kewarganegaraan"}, (HRG.nationality,)),
    ),
    HRG.Organization: (
        Row({"en": "Kind", "id": "Jenis"}, (HRG.orgKind,)),
        Row({"en": "Country", "id": "Negara"}, (HRG.country,)),
        Row({"en": "Part of", "id": "Bagian dari"}, (HRG.parentOrganization,)),
    ),
    HRG.Place: (Row({"en": "In", "id": "Di"}, (HRG.locatedIn,)),),
    HRG.Post: (Row({"en": "In", "id": "Di"}, (HRG.postIn,)),),
    HRG.Meeting: (
        Row({"en": "Place", "id": "Tempat"}, (HRG.location,)),
        Row({"en": "Venue", "id": "Lokasi"}, (HRG.venue,), "text"),
        Row({"en": "Host", "id": "Tuan rumah"}, (HRG.host,)),
        Row({"en": "Series", "id": "Rangkaian"}, (HRG.inSeries,)),
        Row({"en": "Topics", "id": "Topik"}, (HRG.topic,)),
    ),
    HRG.MeetingSeries: (Row({"en": "Topics", "id": "Topik"}, (HRG.topic,)),),
    HRG.Commitment: (
        Row({"en": "What", "id": "Isi"}, (HRG.text,), "text"),
        Row({"en": "Kind", "id": "Jenis"}, (HRG.commitmentKind,)),
        Row({"en": "Made by", "id": "Oleh"}, (HRG.committedBy,)),
        Row({"en": "Made to", "id": "Kepada"}, (HRG.committedTo,)),
        Row({"en": "With", "id": "Bersama"}, (HRG.counterpart,)),
        Row({"en": "Made at", "id": "Dibuat di"}, (HRG.madeAt,)),
        Row({"en": "Due", "id": "Tenggat"}, (HRG.dueDate,), "date"),
        Row({"en": "Status", "id": "Status"}, (HRG.currentStatus,)),
        Row({"en": "Status as of", "id": "Status per"}, (HRG.asOf,), "date"),
        Row({"en": "Confidence", "id": "Keyakinan"}, (HRG.confidence,)),
        Row({"en": "Topics", "id": "Topik"}, (HRG.topic,)),
    ),
    HRG.Instrument: (
        Row({"en": "Kind", "id": "Jenis"}, (HRG.instrumentKind,)),
        Row({"en": "Adopted", "id": "Disahkan"}, (HRG.adopted,), "date"),
    ),
    HRG.Observation: (
        Row({"en": "Measure", "id": "Ukuran"}, (HRG.measure,)),
        Row({"en": "Value", "id": "Nilai"}, (HRG.value,), "number"),
        Row({"en": "Stated as", "id": "Dinyatakan"}, (HRG.qualifier,), "text"),
        Row({"en": "About", "id": "Tentang"}, (HRG.about,)),
        Row({"en": "Period from", "id": "Periode sejak"}, (HRG.periodStart,), "date"),
        Row({"en": "Reported by", "id": "Dilaporkan oleh"}, (HRG.reportedBy,)),
    ),
}

OWN_DATES: tuple[URIRef, ...] = (HRG.date, HRG.adopted, HRG.asOf, DCTERMS.issued)
"""Single dates a node may carry itself, in order of preference (after start/end)."""
LABEL_PREDICATES: tuple[URIRef, ...] = (RDFS.label, SKOS.prefLabel)
LONG_LABEL = 48
"""A commitment's text is its label, cut to this many characters."""
