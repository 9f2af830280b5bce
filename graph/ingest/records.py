"""Pydantic records for curated facts: one class per YAML section, each field mapped to its
ontology predicate (the SHACL shapes in ontology/shapes.ttl must agree; a test checks it)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError, PydanticUndefined
from rdflib import URIRef

from graph.core.vocab import DCTERMS, HRG, RDFS, SCHEMA, SKOS

ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*/[a-z0-9][a-z0-9._-]*$")
LANG_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s<>\"{}|\\^`]*$")
WIKIDATA_PATTERN = re.compile(r"^Q[1-9][0-9]*$")

Precision = Literal["year", "month", "day"]


def _fail(message: str, hint: str = "") -> PydanticCustomError:
    return PydanticCustomError("hrgraph", message, {"hint": hint})


# ---------------------------------------------------------------- partial dates


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day, as the source gives it."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def earliest(self) -> date:
        """The first day this date can mean."""
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        """The last day this date can mean."""
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Read 2025, '2025-11' or '2025-11-24'; refuse anything else in plain words."""
        if isinstance(value, PartialDate):
            return value
        hint = "write YYYY, YYYY-MM or YYYY-MM-DD, with only the precision the source gives"
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise _fail(f"a date is expected, got {value!r}", hint)
        text = str(value).strip()
        match = DATE_PATTERN.match(text)
        if match is None:
            raise _fail(f"'{text}' is not a date in a form hrgraph reads", hint)
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if year < 1:
            raise _fail(f"'{text}' has no year 0", hint)
        if month is not None and not 1 <= month <= 12:
            raise _fail(f"'{text}' is not a real date: there is no month {month}", hint)
        if month is not None and day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise _fail(
                    f"'{text}' is not a real date: {calendar.month_name[month]} {year} has {last} days",
                    "check the source for the right day",
                )
        return cls(year, month, day)


Date = Annotated[PartialDate, PlainValidator(PartialDate.parse)]


# ---------------------------------------------------------------- small value types


def _check_text(value: object) -> str:
    if not isinstance(value, str):
        hint = (
            "write plain text, without [ ]"
            if isinstance(value, list)
            else "write plain text, without { }"
            if isinstance(value, dict)
            else "put the value in quotes"
        )
        raise _fail(f"text is expected, got {type(value).__name__} {value!r}", hint)
    if not value.strip():
        raise _fail("the text is empty", "write the text, or leave the key out")
    return value


def _check_lang(value: object) -> str:
    if not isinstance(value, str) or not LANG_PATTERN.match(value):
        raise _fail(
            f"{value!r} is not a language tag",
            "use a BCP 47 tag such as en, id, km, fr or zh-Hant",
        )
    return value


def _check_lang_text(value: object) -> dict[str, str]:
    hint = "write the text by language, e.g. {en: Ministry of Human Rights, id: Kementerian HAM}"
    if not isinstance(value, dict) or not value:
        raise _fail("text by language is expected", hint)
    for lang, text in value.items():
        _check_lang(lang)
        if not isinstance(text, str) or not text.strip():
            raise _fail(f"the {lang} text must be non-empty text, got {text!r}", hint)
    return dict(value)


def _check_aliases(value: object) -> dict[str, list[str]]:
    hint = "write aliases by language, e.g. {en: [CHRC], id: [Komite HAM Kamboja]}"
    if not isinstance(value, dict) or not value:
        raise _fail("aliases by language are expected", hint)
    result: dict[str, list[str]] = {}
    for lang, names in value.items():
        _check_lang(lang)
        names = [names] if isinstance(names, str) else names
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            raise _fail(f"the {lang} aliases must be a list of names", hint)
        result[lang] = names
    return result


def _check_ref(value: object) -> str:
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise _fail(
            f"{value!r} is not an id",
            "ids look like kind/short-name: lowercase letters, digits, '-', '.' and '_', "
            "e.g. person/keo-remy",
        )
    return value


def _check_url(value: object) -> str:
    if not isinstance(value, str) or not URL_PATTERN.match(value):
        raise _fail(
            f"{value!r} is not a web address",
            "write the full address, starting with https:// or http://",
        )
    return value


def _check_wikidata(value: object) -> str:
    if not isinstance(value, str) or not WIKIDATA_PATTERN.match(value):
        raise _fail(f"{value!r} is not a Wikidata item id", "write it like Q252")
    return value


def _check_count(value: object) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(
            f"a number is expected, got {type(value).__name__} {value!r}",
            "write the number without quotes or thousands separators, e.g. 130000",
        )
    if value < 0:
        raise _fail(f"{value} is negative", "a count is zero or more")
    return value


def _check_bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise _fail(f"true or false is expected, got {value!r}")
    return value


Text = Annotated[str, PlainValidator(_check_text)]
LangTag = Annotated[str, PlainValidator(_check_lang)]
LangText = Annotated[dict[str, str], PlainValidator(_check_lang_text)]
Aliases = Annotated[dict[str, list[str]], PlainValidator(_check_aliases)]
Ref = Annotated[str, PlainValidator(_check_ref)]
Url = Annotated[str, PlainValidator(_check_url)]
WikidataId = Annotated[str, PlainValidator(_check_wikidata)]
Count = Annotated[int | float, PlainValidator(_check_count)]
Flag = Annotated[bool, PlainValidator(_check_bool)]


def _check_positive(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _fail(
            f"a whole number from 1 is expected, got {value!r}", "write number: 1 for the first meeting"
        )
    return value


PositiveCount = Annotated[int, PlainValidator(_check_positive)]


def rdf(
    predicate: URIRef,
    *,
    targets: tuple[str, ...] = (),
    alias: str | None = None,
    default: Any = PydanticUndefined,
    lang_from: str | None = None,
    min_length: int | None = None,
) -> Any:
    """A field that becomes `predicate` in the graph; `targets` are the kinds an id may name."""
    extra: dict[str, Any] = {"predicate": str(predicate), "targets": list(targets)}
    if lang_from:
        extra["lang_from"] = lang_from
    return Field(default, alias=alias, json_schema_extra=extra, min_length=min_length)


# ---------------------------------------------------------------- citations


class Citation(BaseModel):
    """A reference to a source, with the quote the fact rests on."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)
    rdf_type: ClassVar[URIRef] = HRG.Citation

    source: Ref = rdf(HRG.source, targets=("src",))
    quote: Text | None = rdf(HRG.quote, default=None)
    lang: LangTag | None = Field(default=None)
    locator: Text | None = rdf(HRG.locator, default=None)


def _normalize_cites(value: object) -> object:
    """Accept a bare id, one mapping, or a list of either; ids become {source: id}."""
    if isinstance(value, str | dict):
        value = [value]
    if isinstance(value, list):
        return [{"source": item} if isinstance(item, str) else item for item in value]
    return value


Cites = Annotated[list[Citation], BeforeValidator(_normalize_cites), Field(min_length=1)]


# ---------------------------------------------------------------- records


class Claim(BaseModel):
    """One of several conflicting values the sources give for a field, with its own sources.

    Conflicts are kept as conflicts: `claims: [{field: born, value: 1975-12-25, cites: [...]},
    {field: born, value: 1975-06-28, cites: [...]}]`; neither value is asserted as the fact."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)
    rdf_type: ClassVar[URIRef] = HRG.Claim
    noun: ClassVar[str] = "claim"

    field: Text = rdf(HRG.claimProperty)
    value: Any = rdf(HRG.claimValue)
    cites: Cites


class Record(BaseModel):
    """A curated record: one item of a section of a YAML file."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)

    section: ClassVar[str]
    prefix: ClassVar[str]
    rdf_type: ClassVar[URIRef]
    noun: ClassVar[str]
    cites_required: ClassVar[bool] = True

    id: Ref
    note: Text | None = rdf(HRG.curatorNote, default=None)
    confidence: Ref | None = rdf(HRG.confidence, targets=("confidence",), default=None)
    cites: Cites | None = Field(default=None)
    claims: list[Claim] | None = rdf(HRG.claim, default=None)

    _file: str = PrivateAttr(default="")
    _lines: dict[tuple[str | int, ...], int] = PrivateAttr(default_factory=dict)

    def locate(self, file: str, lines: dict[tuple[str | int, ...], int]) -> None:
        """Remember where this record was written: its file and the line of each field."""
        self._file = file
        self._lines = lines

    @property
    def file(self) -> str:
        return self._file

    def line_of(self, *path: str | int) -> int:
        """The line of a field (or of the record, with no path)."""
        for end in range(len(path), -1, -1):
            line = self._lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1

    @model_validator(mode="after")
    def _claims_name_real_fields(self) -> Record:
        """Each claim names a field of this record, and its value has that field's type."""
        for claim in self.claims or []:
            name = field_for_key(type(self), claim.field)
            if name is None or name in NOT_CLAIMABLE or field_predicate(type(self), name) is None:
                choices = sorted(
                    yaml_key(type(self), n)
                    for n in type(self).model_fields
                    if n not in NOT_CLAIMABLE and field_predicate(type(self), n)
                )
                raise _fail(
                    f"a claim names '{claim.field}', which is not a field of a {self.noun}",
                    "use one of: " + ", ".join(choices),
                )
            info = type(self).model_fields[name]
            assert info.annotation is not None
            # the field's own validators live in its metadata for required fields
            annotation = (
                Annotated.__class_getitem__((info.annotation, *info.metadata))  # type: ignore[attr-defined]
                if info.metadata
                else info.annotation
            )
            try:
                claim.value = TypeAdapter(annotation).validate_python(claim.value)
            except ValidationError as exc:
                first = exc.errors()[0]
                hint = str((first.get("ctx") or {}).get("hint", ""))
                raise _fail(f"the claimed {claim.field} {claim.value!r}: {first['msg']}", hint) from None
        return self


class Nested(BaseModel):
    """A part of a record that becomes a node of its own (a participation, a status report)."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)
    rdf_type: ClassVar[URIRef]
    noun: ClassVar[str]
    cites: Cites | None = Field(default=None)


class Source(Record):
    section = "sources"
    prefix = "src"
    rdf_type = HRG.Source
    noun = "source"
    cites_required = False

    title: Text = rdf(DCTERMS.title, lang_from="language")
    publisher: Text = rdf(DCTERMS.publisher)
    published: Date | None = rdf(DCTERMS.issued, default=None)
    language: LangTag = rdf(DCTERMS.language)
    url: Url | None = rdf(SCHEMA.url, default=None)
    accessed: Date | None = rdf(HRG.accessed, default=None)
    archived: Url | None = rdf(HRG.archivedAt, default=None)
    kind: Text | None = rdf(HRG.sourceKind, default=None)


class Country(Record):
    section = "countries"
    prefix = "country"
    rdf_type = HRG.Country
    noun = "country"
    cites_required = False

    name: LangText = rdf(RDFS.label)
    aliases: Aliases | None = rdf(SKOS.altLabel, default=None)
    iso: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = rdf(HRG.isoCode, default=None)
    wikidata: WikidataId | None = rdf(HRG.wikidata, default=None)


class Place(Record):
    section = "places"
    prefix = "place"
    rdf_type = HRG.Place
    noun = "place"
    cites_required = False

    name: LangText = rdf(RDFS.label)
    aliases: Aliases | None = rdf(SKOS.altLabel, default=None)
    located_in: Ref | None = rdf(HRG.locatedIn, targets=("place", "country"), alias="in", default=None)
    wikidata: WikidataId | None = rdf(HRG.wikidata, default=None)


class Person(Record):
    section = "people"
    prefix = "person"
    rdf_type = HRG.Person
    noun = "person"

    name: LangText = rdf(RDFS.label)
    aliases: Aliases | None = rdf(SKOS.altLabel, default=None)
    born: Date | None = rdf(HRG.birthDate, default=None)
    birth_place: Ref | None = rdf(HRG.birthPlace, targets=("place", "country"), default=None)
    nationality: Ref | None = rdf(HRG.nationality, targets=("country",), default=None)
    wikidata: WikidataId | None = rdf(HRG.wikidata, default=None)


class Organization(Record):
    section = "organizations"
    prefix = "org"
    rdf_type = HRG.Organization
    noun = "organisation"

    name: LangText = rdf(RDFS.label)
    aliases: Aliases | None = rdf(SKOS.altLabel, default=None)
    kind: Ref = rdf(HRG.orgKind, targets=("org-kind",))
    country: Ref | None = rdf(HRG.country, targets=("country",), default=None)
    parent: Ref | None = rdf(HRG.parentOrganization, targets=("org",), default=None)
    wikidata: WikidataId | None = rdf(HRG.wikidata, default=None)


class Post(Record):
    section = "posts"
    prefix = "post"
    rdf_type = HRG.Post
    noun = "post"

    name: LangText = rdf(RDFS.label)
    post_in: Ref = rdf(HRG.postIn, targets=("org",), alias="in")
    single_holder: Flag | None = rdf(HRG.singleHolder, default=None)


class Tenure(Record):
    section = "tenures"
    prefix = "tenure"
    rdf_type = HRG.Tenure
    noun = "tenure"

    person: Ref = rdf(HRG.holder, targets=("person",))
    post: Ref = rdf(HRG.post, targets=("post",))
    start: Date | None = rdf(HRG.startDate, default=None)
    end: Date | None = rdf(HRG.endDate, default=None)
    end_reason: Text | None = rdf(HRG.endReason, default=None)
    attested: list[Date] | None = rdf(HRG.attestedOn, default=None)

    @model_validator(mode="after")
    def _start_or_attested(self) -> Tenure:
        if self.start is None and not self.attested:
            raise _fail(
                "a tenure needs its start, or at least one date a source shows the person in office",
                "add start: YYYY-MM-DD (any precision), or attested: [YYYY-MM-DD] when the start is unknown",
            )
        return self


class MeetingSeries(Record):
    section = "series"
    prefix = "series"
    rdf_type = HRG.MeetingSeries
    noun = "meeting series"

    name: LangText = rdf(RDFS.label)
    topics: list[Ref] | None = rdf(HRG.topic, targets=("topic",), default=None)
    led_to: list[Ref] | None = rdf(
        HRG.ledTo, targets=("meeting", "series", "instrument", "org"), default=None
    )


class Participation(Nested):
    rdf_type = HRG.Participation
    noun = "participation"

    person: Ref = rdf(HRG.participant, targets=("person", "org", "country"))
    capacity: Ref | None = rdf(HRG.capacity, targets=("post",), alias="as", default=None)
    role: Ref | None = rdf(HRG.role, targets=("role",), default=None)


class Meeting(Record):
    section = "meetings"
    prefix = "meeting"
    rdf_type = HRG.Meeting
    noun = "meeting"

    name: LangText = rdf(RDFS.label)
    date: Date = rdf(HRG.startDate)
    end: Date | None = rdf(HRG.endDate, default=None)
    place: Ref | None = rdf(HRG.location, targets=("place", "country"), default=None)
    venue: LangText | None = rdf(HRG.venue, default=None)
    host: Ref | None = rdf(HRG.host, targets=("org", "country", "person"), default=None)
    participants: list[Participation] = rdf(HRG.participation, min_length=1)
    topics: list[Ref] | None = rdf(HRG.topic, targets=("topic",), default=None)
    series: Ref | None = rdf(HRG.inSeries, targets=("series",), default=None)
    number: PositiveCount | None = rdf(HRG.seriesNumber, default=None)
    led_to: list[Ref] | None = rdf(
        HRG.ledTo, targets=("meeting", "series", "instrument", "org"), default=None
    )
    recalls: list[Ref] | None = rdf(HRG.recalls, targets=("meeting", "series", "instrument"), default=None)


class StatusReport(Nested):
    rdf_type = HRG.StatusReport
    noun = "status report"

    value: Ref = rdf(HRG.status, targets=("status",))
    as_of: Date = rdf(HRG.asOf)


def _as_list(value: object) -> object:
    return [value] if isinstance(value, dict) else value


class Commitment(Record):
    section = "commitments"
    prefix = "commitment"
    rdf_type = HRG.Commitment
    noun = "commitment"

    kind: Ref = rdf(HRG.commitmentKind, targets=("commitment-kind",))
    by: Ref = rdf(HRG.committedBy, targets=("person", "org", "country"))
    to: list[Ref] | None = rdf(HRG.committedTo, targets=("person", "org", "country"), default=None)
    counterparts: list[Ref] | None = rdf(
        HRG.counterpart, targets=("person", "org", "country"), alias="with", default=None
    )
    made_at: Ref | None = rdf(HRG.madeAt, targets=("meeting",), default=None)
    made_in: Ref | None = rdf(HRG.madeIn, targets=("src",), default=None)
    text: LangText = rdf(HRG.text)
    topics: list[Ref] | None = rdf(HRG.topic, targets=("topic",), default=None)
    due: Date | None = rdf(HRG.dueDate, default=None)
    status: Annotated[list[StatusReport], BeforeValidator(_as_list)] = rdf(HRG.statusReport, min_length=1)

    @model_validator(mode="after")
    def _made_somewhere(self) -> Commitment:
        if self.made_at is None and self.made_in is None:
            raise _fail(
                "a commitment needs where it was made: a meeting (made_at) or a statement (made_in)",
                "add made_at: meeting/..., or made_in: src/... for a promise made in a statement",
            )
        return self


class InstrumentEvent(Nested):
    rdf_type = HRG.InstrumentEvent
    noun = "instrument event"

    kind: Ref = rdf(HRG.eventKind, targets=("event-kind",))
    party: Ref | None = rdf(HRG.party, targets=("country", "org"), default=None)
    date: Date = rdf(HRG.date)


class Instrument(Record):
    section = "instruments"
    prefix = "instrument"
    rdf_type = HRG.Instrument
    noun = "instrument"

    name: LangText = rdf(RDFS.label)
    aliases: Aliases | None = rdf(SKOS.altLabel, default=None)
    kind: Ref = rdf(HRG.instrumentKind, targets=("instrument-kind",))
    adopted: Date = rdf(HRG.adopted)
    topics: list[Ref] | None = rdf(HRG.topic, targets=("topic",), default=None)
    events: list[InstrumentEvent] | None = rdf(HRG.instrumentEvent, default=None)
    led_to: list[Ref] | None = rdf(
        HRG.ledTo, targets=("meeting", "series", "instrument", "org"), default=None
    )


class Measure(Record):
    section = "measures"
    prefix = "measure"
    rdf_type = HRG.Measure
    noun = "measure"
    cites_required = False

    name: LangText = rdf(SKOS.prefLabel)
    unit: Text | None = rdf(HRG.unit, default=None)
    definition: LangText | None = rdf(SKOS.definition, default=None)


class Observation(Record):
    section = "observations"
    prefix = "obs"
    rdf_type = HRG.Observation
    noun = "observation"

    measure: Ref = rdf(HRG.measure, targets=("measure",))
    about: Ref = rdf(HRG.about, targets=("country", "place", "org", "person"))
    value: Count = rdf(HRG.value)
    qualifier: Literal["exact", "about", "more-than", "at-least", "up-to"] = rdf(
        HRG.qualifier, default="exact"
    )
    as_of: Date = rdf(HRG.asOf)
    period_start: Date | None = rdf(HRG.periodStart, default=None)
    reported_by: Ref | None = rdf(HRG.reportedBy, targets=("person", "org", "country"), default=None)
    stated_at: Ref | None = rdf(HRG.statedAt, targets=("meeting",), default=None)


NOT_CLAIMABLE = {"id", "cites", "claims", "note", "confidence"}

RECORD_TYPES: tuple[type[Record], ...] = (
    Source,
    Country,
    Place,
    Person,
    Organization,
    Post,
    Tenure,
    MeetingSeries,
    Meeting,
    Commitment,
    Instrument,
    Measure,
    Observation,
)
SECTIONS: dict[str, type[Record]] = {t.section: t for t in RECORD_TYPES}
PREFIXES: dict[str, type[Record]] = {t.prefix: t for t in RECORD_TYPES}
NESTED_TYPES: tuple[type[Nested], ...] = (Participation, StatusReport, InstrumentEvent)


# The field helpers below are pure functions of a class and a name, asked for every field of
# every record: cached, since pydantic's model_fields lookup is slow at scale.
@cache
def field_predicate(model: type[BaseModel], name: str) -> URIRef | None:
    """The predicate a field becomes in the graph, if any."""
    extra = model.model_fields[name].json_schema_extra
    if isinstance(extra, dict) and "predicate" in extra:
        return URIRef(str(extra["predicate"]))
    return None


@cache
def field_targets(model: type[BaseModel], name: str) -> tuple[str, ...]:
    """The kinds of thing an id in this field may name (empty when it holds no id)."""
    extra = model.model_fields[name].json_schema_extra
    if isinstance(extra, dict):
        return tuple(str(t) for t in extra.get("targets", []) or [])  # type: ignore[union-attr]
    return ()


@cache
def yaml_key(model: type[BaseModel], name: str) -> str:
    """The key a curator writes for a field."""
    return model.model_fields[name].alias or name


@cache
def field_for_key(model: type[BaseModel], key: str) -> str | None:
    """The field a curator's key names (the reverse of yaml_key), if any."""
    return next((n for n in model.model_fields if yaml_key(model, n) == key), None)
