"""The curated records, the curators' reference: one class per YAML section, each field with what it
holds and how it is written, the predicate it becomes in the graph, the kinds of thing an id in it
may name, and the hint shown when it is wrong. The SHACL shapes in ontology/shapes.ttl must agree
(tests/test_drift.py checks every constraint); graph.ingest.fields reads them as one table."""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError
from rdflib import URIRef

from graph.core.suggest import with_article
from graph.core.vocab import DCTERMS, HRG, RDFS, SCHEMA, SKOS
from graph.ingest.date_forms import iso_form
from graph.ingest.fields import AtLeastOneOf, FieldSpec, fields_by_key, fields_of, rdf, unmapped

# Each pattern ends in \Z, not $ (which also matches before a final newline): "person/x\n" is
# not an id. URL_PATTERN refuses control characters as well as spaces.
ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*/[a-z0-9][a-z0-9._-]*\Z")
LANG_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\Z")
MEANT = {1: ": the year first", 2: ", whichever the source means"}
"""After the forms a date written otherwise may mean: one, or two (05/11/2025)."""
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)\Z")
URL_PATTERN = re.compile(r"^https?://[^\s\x00-\x1f\x7f-\x9f/$.?#][^\s\x00-\x1f\x7f-\x9f<>\"{}|\\^`]*\Z")
WIKIDATA_PATTERN = re.compile(r"^Q[1-9][0-9]*\Z")
FIELD_KEY_PATTERN = re.compile(r"^[a-z][a-z_]*\Z")
# The figures the graph's store holds exactly: 64-bit integers, decimals of up to 18 places.
LARGEST_COUNT = 2**63 - 1
DECIMAL_PLACES = 18
# The longest value of each kind: enough for any real one, and a bound on what a build carries.
MAX_TEXT = 10_000
MAX_NAME = 300
MAX_ID = 200
MAX_URL = 2_000
# A name is one line; quotes, notes and other text may hold tabs and line breaks.
LINE_BREAKS = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]")

Precision = Literal["year", "month", "day"]


def _fail(message: str, hint: str = "") -> PydanticCustomError:
    return PydanticCustomError("hrgraph", message, {"hint": hint})


def _located(
    model: type[BaseModel], loc: tuple[str | int, ...], given: object, message: str, hint: str
) -> ValidationError:
    """_fail's error at `loc` inside the field being validated, so it is reported on its own line."""
    error = InitErrorDetails(type=_fail(message, hint), loc=loc, input=given)
    return ValidationError.from_exception_data(model.__name__, [error])


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
            meant = iso_form(text)
            said = f"write {' or '.join(meant)}{MEANT[len(meant)]}" if meant else hint
            raise _fail(f"'{text}' is not a date in a form hrgraph reads", said)
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


Date = Annotated[PartialDate, PlainValidator(PartialDate.parse), PlainSerializer(str, return_type=str)]
"""A partial date as curators write it; dumped as they write it too ('2025-11')."""


# ---------------------------------------------------------------- small value types


def _check_length(value: str, limit: int, what: str, hint: str) -> None:
    if len(value) > limit:
        raise _fail(
            f"{what} {value[:40]!r}... is {len(value):,} characters long; the limit is {limit:,}", hint
        )


TEXT_LENGTH_HINT = "keep only the words the fact rests on, or split the text"


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
    _check_length(value, MAX_TEXT, "the text", TEXT_LENGTH_HINT)
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
        _check_length(text, MAX_TEXT, f"the {lang} text", TEXT_LENGTH_HINT)
    return dict(value)


NOTE_LANGUAGE = "en"
"""The language of a note written as plain text: the curators' common language."""


def _check_note(value: object) -> dict[str, str]:
    """A curator's note: plain text (in English), or text by language like a name."""
    if isinstance(value, dict):
        return _check_lang_text(value)
    return {NOTE_LANGUAGE: _check_text(value)}


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
    if isinstance(value, str):
        _check_length(value, MAX_ID, "the id", "use a short name after the kind, e.g. person/keo-remy")
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise _fail(
            f"{value!r} is not an id",
            "ids look like kind/short-name: lowercase letters, digits, '-', '.' and '_', "
            "e.g. person/keo-remy",
        )
    return value


def _check_url(value: object) -> str:
    if isinstance(value, str):
        _check_length(value, MAX_URL, "the address", "cite the page's own short address")
    if not isinstance(value, str) or not URL_PATTERN.match(value):
        raise _fail(
            f"{value!r} is not a web address",
            "write the full address, starting with https:// or http://",
        )
    if "@" in urlsplit(value).netloc:  # https://user:password@host/: published on every page
        raise _fail(
            f"{value!r} holds a user name or a password",
            "write the address a reader can open, without 'name:password@'",
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
    if isinstance(value, float) and not math.isfinite(value):
        raise _fail(f"{value} is not a finite number", "write the figure in decimal digits, e.g. 1200")
    if value < 0:
        raise _fail(f"{value} is negative", "a count is zero or more")
    if value > LARGEST_COUNT:
        raise _fail(f"{value} is too large for the graph", f"a figure is at most {LARGEST_COUNT:,}")
    if isinstance(value, float) and value != 0 and value < 10**-DECIMAL_PLACES:
        raise _fail(
            f"{value} is too small for the graph", f"a figure has at most {DECIMAL_PLACES} decimal places"
        )
    return value


def _check_bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise _fail(f"true or false is expected, got {value!r}")
    return value


def _check_time(value: object) -> str:
    """A clock time, hours and minutes on a 24-hour clock: '09:30'."""
    if not isinstance(value, str) or not TIME_PATTERN.match(value):
        raise _fail(
            f"{value!r} is not a time of day",
            "write the hour and minutes on a 24-hour clock, in quotes: time: '09:30'",
        )
    return value


Text = Annotated[str, PlainValidator(_check_text)]
LangTag = Annotated[str, PlainValidator(_check_lang)]
LangText = Annotated[dict[str, str], PlainValidator(_check_lang_text)]
Note = Annotated[dict[str, str], PlainValidator(_check_note)]
Aliases = Annotated[dict[str, list[str]], PlainValidator(_check_aliases)]
Ref = Annotated[str, PlainValidator(_check_ref)]
Url = Annotated[str, PlainValidator(_check_url)]
WikidataId = Annotated[str, PlainValidator(_check_wikidata)]
Count = Annotated[int | float, PlainValidator(_check_count)]
Flag = Annotated[bool, PlainValidator(_check_bool)]
ClockTime = Annotated[str, PlainValidator(_check_time)]


def _check_positive(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= LARGEST_COUNT:
        raise _fail(
            f"a whole number from 1 is expected, got {value!r}", "write number: 1 for the first meeting"
        )
    return value


PositiveCount = Annotated[int, PlainValidator(_check_positive)]


def _check_field_key(value: object) -> str:
    """A field's key as a curator writes it: born, birth_place, as."""
    if not isinstance(value, str) or not FIELD_KEY_PATTERN.match(value):
        raise _fail(f"{value!r} is not the key of a field", "write the key as in the record, e.g. born")
    return value


FieldKey = Annotated[str, PlainValidator(_check_field_key)]


def _id_as_list(value: object) -> object:
    """One id (or key) stands for a list of one: `as: post/x` is `as: [post/x]`."""
    return [value] if isinstance(value, str) else value


FieldKeys = Annotated[list[FieldKey], BeforeValidator(_id_as_list)]


# ---------------------------------------------------------------- citations

# Hints several fields share, each written once.
CITES_HINT = "add cites: [src/...]; every fact must say where it comes from"
NAME_HINT = "add name: {en: ..., id: ...}"
TOPICS_HINT = "use topic/... from ontology/topics.ttl"

MODEL_CONFIG = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


class Written(BaseModel):
    """What curators write as a mapping: a key written with no value (`quote:` and nothing after
    it) is a slip, not a value left out, so it is refused at its line."""

    @model_validator(mode="before")
    @classmethod
    def _no_key_left_empty(cls, data: object) -> object:
        if isinstance(data, dict):
            for key, value in data.items():
                if value is None:
                    raise _located(
                        cls,
                        (key,),
                        value,
                        "no value is written after the colon",
                        "write the value, or delete the key",
                    )
        return data


class Citation(Written):
    """A reference to a source, with the quote the fact rests on."""

    model_config = MODEL_CONFIG
    rdf_type: ClassVar[URIRef] = HRG.Citation

    source: Ref = rdf(HRG.source, targets=("src",), hint="write cites: [{source: src/..., quote: '...'}]")
    """The source cited: its id, src/..., defined under `sources:`."""
    quote: Text | None = rdf(
        HRG.quote, lang_from="lang", default=None, hint="cite the source twice for two quotes"
    )
    """The source's own words the fact rests on, in its own language, exactly as printed."""
    lang: LangTag | None = unmapped(default=None)
    """The language of the quote, when it is not the language of the source."""
    locator: Text | None = rdf(HRG.locator, default=None)
    """Where in the source: a page, a paragraph, a timestamp."""
    cited_for: FieldKeys | None = rdf(
        HRG.citedFor,
        alias="for",
        default=None,
        hint="write for: [born], the keys of the fields of the record this source supports",
    )
    """Written `for:`: the fields of the record this source supports, by their keys, e.g.
    [born]; left out, it supports the record's fields no citation names."""


def _normalize_cites(value: object) -> object:
    """Accept a bare id, one mapping, or a list of either; ids become {source: id}."""
    if isinstance(value, str | dict):
        value = [value]
    if isinstance(value, list):
        return [{"source": item} if isinstance(item, str) else item for item in value]
    return value


Cites = Annotated[list[Citation], BeforeValidator(_normalize_cites), Field(min_length=1)]


Refs = Annotated[list[Ref], BeforeValidator(_id_as_list)]

REVIEW_PENDING = "pending"
REVIEW_HINT = "check it against the source, then delete the `review: pending` line, or delete the fact"


def _check_review(value: object) -> str:
    """The review gate: a fact hrgraph suggest wrote stays out of every build until a curator
    has checked it and deleted its `review: pending` line."""
    if value == REVIEW_PENDING:
        raise _fail("a suggested fact is still pending review", REVIEW_HINT)
    raise _fail(f"review takes only 'pending', got {value!r}", REVIEW_HINT)


ReviewMark = Annotated[str, PlainValidator(_check_review)]


# ---------------------------------------------------------------- records


class Claim(Written):
    """One of several conflicting values the sources give for a field, with its own sources.

    Conflicts are kept as conflicts: `claims: [{field: born, value: 1975-12-25, cites: [...]},
    {field: born, value: 1975-06-28, cites: [...]}]`; neither value is asserted as the fact."""

    model_config = MODEL_CONFIG
    rdf_type: ClassVar[URIRef] = HRG.Claim
    noun: ClassVar[str] = "claim"

    field: Text = rdf(HRG.claimProperty, hint="write field: born")
    """The key of the field of the record the claim is about, e.g. born."""
    value: Any = rdf(HRG.claimValue, hint="write one claim per value")
    """The value this claim gives, written and checked like the field itself."""
    cites: Cites = unmapped(hint=CITES_HINT)
    """The sources giving this value: source ids or {source, quote} mappings."""


class Record(Written):
    """A curated record: one item of a section of a YAML file."""

    model_config = MODEL_CONFIG

    section: ClassVar[str]
    prefix: ClassVar[str]
    rdf_type: ClassVar[URIRef]
    noun: ClassVar[str]
    cites_required: ClassVar[bool] = True
    rules: ClassVar[tuple[AtLeastOneOf, ...]] = ()

    id: Ref = unmapped(hint="give the record a short id such as person/keo-remy")
    """kind/short-name, the kind matching the section (person/keo-remy); never changes once
    published, since the graph's IRIs are built from it."""
    note: Note | None = rdf(HRG.curatorNote, default=None)
    """A note shown to readers beside the value it qualifies (graph/ingest/notes.py warns of
    one that speaks to curators): known facts only, never speculation. Plain text is English;
    a note in other languages is text by language, e.g. {en: ..., id: ...}."""
    confidence: Ref | None = rdf(
        HRG.confidence,
        targets=("confidence",),
        default=None,
        hint="write confidence: confidence/several-sources (or same-origin, single-source)",
    )
    """How well the fact is supported: confidence/several-sources, confidence/same-origin or
    confidence/single-source."""
    cites: Cites | None = unmapped(default=None, hint=CITES_HINT)
    """Where the fact comes from: a list of source ids or of {source, quote} mappings."""
    claims: list[Claim] | None = rdf(HRG.claim, default=None)
    """Conflicting values the sources give for a field, each with its own sources."""
    review: ReviewMark | None = unmapped(default=None, hint=REVIEW_HINT)
    """`review: pending`, written by hrgraph suggest on each fact it suggests; validate and build
    refuse the file until a curator has checked the fact and deleted the line."""

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

    @field_validator("name", "aliases", check_fields=False)
    @classmethod
    def _names_are_one_line(cls, value: dict[str, str] | dict[str, list[str]] | None) -> object:
        """A name (or alias) is one line: a line break or tab in it is a copy-paste slip."""
        for lang, names in (value or {}).items():
            for name in [names] if isinstance(names, str) else names:
                if LINE_BREAKS.search(name):
                    raise _fail(
                        f"the {lang} name {name!r} holds a line break or a tab",
                        "write a name on one line; a quote or a note may hold several lines",
                    )
                _check_length(name, MAX_NAME, f"the {lang} name", "put a longer title in a note")
        return value

    @field_validator("cites")
    @classmethod
    def _cited_fields_are_real(cls, cites: list[Citation] | None) -> list[Citation] | None:
        """Each field a citation is `for:` is a field of this kind of record a source can support."""
        fields = fields_by_key(cls)
        for index, citation in enumerate(cites or []):
            for position, key in enumerate(citation.cited_for or []):
                spec = fields.get(key)
                if spec is not None and _claimable(spec):
                    continue
                citable = sorted(s.key for s in fields.values() if _claimable(s))
                message = (
                    f"a citation is for '{key}', which is not a field of {with_article(cls.noun)}"
                    if spec is None
                    else f"a citation is for '{key}', the curators' own field, which no source supports"
                )
                raise _located(
                    cls, (index, "for", position), key, message, "use one of: " + ", ".join(citable)
                )
        return cites

    @field_validator("claims")
    @classmethod
    def _claims_cite_for_themselves(cls, claims: list[Claim] | None) -> list[Claim] | None:
        """A claim's citations support its own value: they name no field."""
        for index, claim in enumerate(claims or []):
            for position, citation in enumerate(claim.cites):
                if citation.cited_for:
                    raise _located(
                        cls,
                        (index, "cites", position, "for"),
                        citation.cited_for,
                        "a claim's citation names fields, but it supports the claim's own value",
                        f"delete for: (the claim is about field: {claim.field})",
                    )
        return claims

    def citations_for(self, key: str) -> list[Citation]:
        """The citations that support the field written `key`: those `for:` it, else those for
        no field in particular (never those for other fields only)."""
        cites = self.cites or []
        if not any(c.cited_for for c in cites):
            return cites
        named = [c for c in cites if c.cited_for and key in c.cited_for]
        return named or [c for c in cites if not c.cited_for]

    @model_validator(mode="after")
    def _parts_have_citations(self) -> Record:
        """A part with no `cites:` of its own (a participant) takes the record's citations for its
        field: at least one must apply."""
        if not any(c.cited_for for c in self.cites or []):
            return self
        for spec in fields_of(type(self)).values():
            parts = getattr(self, spec.name)
            if spec.part is None or not issubclass(spec.part, Nested) or not parts:
                continue
            if any(part.cites is None for part in parts) and not self.citations_for(spec.key):
                raise _fail(
                    f"each citation of {with_article(self.noun)} is for other fields than "
                    f"'{spec.key}', and some of its {spec.key} cite nothing of their own",
                    f"add {spec.key} to a citation's for:, a citation for no field in particular, "
                    f"or cites: to each of its {spec.key}",
                )
        return self

    @model_validator(mode="after")
    def _claims_name_real_fields(self) -> Record:
        """Each claim names a field of this record, and its value has that field's type."""
        fields = fields_of(type(self))
        for claim in self.claims or []:
            spec = fields_by_key(type(self)).get(claim.field)
            if spec is None or not _claimable(spec):
                choices = sorted(s.key for s in fields.values() if _claimable(s))
                raise _fail(
                    f"a claim names '{claim.field}', which is not a field of {with_article(self.noun)}",
                    "use one of: " + ", ".join(choices),
                )
            info = type(self).model_fields[spec.name]
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

    @model_validator(mode="after")
    def _rules_hold(self) -> Record:
        """The record's rules (see `rules`): at least one field of each rule is written."""
        for rule in self.rules:
            if not any(getattr(self, name) for name in rule.fields):
                raise _fail(rule.message, rule.hint)
        return self


NOT_CLAIMABLE = {"id", "cites", "claims", "note", "confidence"}


def _claimable(spec: FieldSpec) -> bool:
    return spec.predicate is not None and spec.name not in NOT_CLAIMABLE


class Nested(Written):
    """A part of a record that becomes a node of its own (a participation, a status report)."""

    model_config = MODEL_CONFIG
    rdf_type: ClassVar[URIRef]
    noun: ClassVar[str]
    cites: Cites | None = unmapped(default=None, hint=CITES_HINT)
    """Its own sources; left out, it takes the citations of the record it belongs to."""
    review: ReviewMark | None = unmapped(default=None, hint=REVIEW_HINT)
    """`review: pending`, written by hrgraph suggest on each part it suggests (a participant);
    validate and build refuse the file until a curator has checked it and deleted the line."""

    @field_validator("cites")
    @classmethod
    def _own_citations_name_no_field(cls, cites: list[Citation] | None) -> list[Citation] | None:
        """A part's own citations support the whole part: for: belongs to a record's citations."""
        for index, citation in enumerate(cites or []):
            if citation.cited_for:
                raise _located(
                    cls,
                    (index, "for"),
                    citation.cited_for,
                    f"a {cls.noun}'s own citation names fields, but it supports the whole {cls.noun}",
                    "delete for: here; to cite a source for one field of the record, write for: "
                    "in the record's cites",
                )
        return cites


class Source(Record):
    """A document that supports facts: a news report, a press release, an official page."""

    section = "sources"
    prefix = "src"
    rdf_type = HRG.Source
    noun = "source"
    cites_required = False

    title: Text = rdf(DCTERMS.title, lang_from="language", hint="add title: the headline or document title")
    """The headline or document title, as printed (in the source's language)."""
    publisher: Text = rdf(DCTERMS.publisher, hint="add publisher: the outlet or body that published it")
    """The outlet or body that published it."""
    published: Date | None = rdf(
        DCTERMS.issued, default=None, hint="write published: YYYY-MM-DD (leave it out when unknown)"
    )
    """The publication date; left out when it is not known."""
    language: LangTag = rdf(DCTERMS.language, hint="add language: id (or en, km, ...)")
    """The language it is written in, a BCP 47 tag such as id, en or km."""
    url: Url | None = rdf(SCHEMA.url, default=None, hint="write url: https://...")
    """Its web address, starting with https:// or http://."""
    accessed: Date | None = rdf(HRG.accessed, default=None)
    """The date it was accessed at its address."""
    archived: Url | None = rdf(HRG.archivedAt, default=None)
    """The address of an archived copy."""
    kind: Note | None = rdf(HRG.sourceKind, default=None)
    """What kind of document it is, in words, e.g. news article: plain text is English, or it
    is written by language, e.g. {en: news article, id: artikel berita} (readers of another
    language see the English marked as such)."""


class Country(Record):
    """A country."""

    section = "countries"
    prefix = "country"
    rdf_type = HRG.Country
    noun = "country"
    cites_required = False

    name: LangText = rdf(RDFS.label, hint="add name: {en: ..., id: ..., km: ...}")
    """Its name by language, e.g. {en: Cambodia, id: Kamboja}."""
    aliases: Aliases | None = rdf(SKOS.altLabel, default=None)
    """Other names by language, e.g. {en: [Kingdom of Cambodia]}."""
    iso: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = rdf(
        HRG.isoCode, default=None, hint="write iso: KH"
    )
    """Its ISO 3166-1 alpha-2 code: two capital letters, e.g. KH."""
    wikidata: WikidataId | None = rdf(HRG.wikidata, default=None)
    """Its Wikidata item, e.g. Q424 for Cambodia."""


class Place(Record):
    """A city or other place."""

    section = "places"
    prefix = "place"
    rdf_type = HRG.Place
    noun = "place"
    cites_required = False

    name: LangText = rdf(RDFS.label, hint=NAME_HINT)
    """Its name by language."""
    aliases: Aliases | None = rdf(SKOS.altLabel, default=None)
    """Other names by language."""
    located_in: Ref | None = rdf(
        HRG.locatedIn,
        targets=("place", "country"),
        alias="in",
        default=None,
        hint="write in: country/... or place/...",
    )
    """Written `in:`: the place or country it lies in."""
    wikidata: WikidataId | None = rdf(HRG.wikidata, default=None)
    """Its Wikidata item, written like Q424."""


class Person(Record):
    """A person."""

    section = "people"
    prefix = "person"
    rdf_type = HRG.Person
    noun = "person"

    name: LangText = rdf(RDFS.label, hint=NAME_HINT)
    """Their name by language."""
    aliases: Aliases | None = rdf(SKOS.altLabel, default=None)
    """Other names by language."""
    born: Date | None = rdf(HRG.birthDate, default=None, hint="write born: YYYY-MM-DD, YYYY-MM or YYYY")
    """Their birth date, at the precision the sources agree on; disputed values go in claims."""
    birth_place: Ref | None = rdf(
        HRG.birthPlace, targets=("place", "country"), default=None, hint="write birth_place: place/..."
    )
    """The place or country they were born in."""
    nationality: Ref | None = rdf(
        HRG.nationality, targets=("country",), default=None, hint="write nationality: country/..."
    )
    """The country they are a national of."""
    wikidata: WikidataId | None = rdf(HRG.wikidata, default=None)
    """Their Wikidata item, written like Q424."""


class Organization(Record):
    """A ministry, commission, embassy, intergovernmental body or other organisation."""

    section = "organizations"
    prefix = "org"
    rdf_type = HRG.Organization
    noun = "organisation"

    name: LangText = rdf(RDFS.label, hint=NAME_HINT)
    """Its name by language, e.g. {en: Ministry of Human Rights, id: Kementerian HAM}."""
    aliases: Aliases | None = rdf(SKOS.altLabel, default=None)
    """Other names by language, e.g. {en: [CHRC], id: [Komite HAM Kamboja]}."""
    kind: Ref = rdf(
        HRG.orgKind,
        targets=("org-kind",),
        hint="add kind: org-kind/ministry (see ontology/vocabularies.ttl)",
    )
    """What kind of organisation it is: org-kind/ministry, org-kind/embassy, ..."""
    country: Ref | None = rdf(
        HRG.country, targets=("country",), default=None, hint="write country: country/..."
    )
    """The country it belongs to."""
    parent: Ref | None = rdf(
        HRG.parentOrganization, targets=("org",), default=None, hint="write parent: org/..."
    )
    """The organisation it is part of."""
    wikidata: WikidataId | None = rdf(HRG.wikidata, default=None)
    """Its Wikidata item, written like Q424."""
    founded: Date | None = rdf(
        HRG.foundingDate, default=None, hint="write founded: YYYY-MM-DD, YYYY-MM or YYYY"
    )
    """The date it was founded or established, at the precision the source gives."""
    dissolved: Date | None = rdf(
        HRG.dissolutionDate, default=None, hint="write dissolved: YYYY-MM-DD, YYYY-MM or YYYY"
    )
    """The date it was dissolved or its mandate ended, at the precision the source gives."""


class Post(Record):
    """A post in an organisation, such as a minister's."""

    section = "posts"
    prefix = "post"
    rdf_type = HRG.Post
    noun = "post"

    name: LangText = rdf(RDFS.label, hint="add name: {en: Minister of Human Rights}")
    """Its name by language, e.g. {en: Minister of Human Rights}."""
    aliases: Aliases | None = rdf(SKOS.altLabel, default=None)
    """Other names by language, as sources write the post, e.g. {id: [Menteri Senior Urusan HAM
    Kamboja]}."""
    post_in: Ref = rdf(HRG.postIn, targets=("org",), alias="in", hint="add in: org/...")
    """Written `in:`: the organisation the post is in."""
    single_holder: Flag | None = rdf(HRG.singleHolder, default=None, hint="write single_holder: true")
    """true when one person at a time holds it (one minister at a time)."""


class Tenure(Record):
    """A person holding a post, from a start to an end."""

    section = "tenures"
    prefix = "tenure"
    rdf_type = HRG.Tenure
    noun = "tenure"
    rules = (
        AtLeastOneOf(
            ("start", "attested"),
            "a tenure needs its start, or at least one date a source shows the person in office",
            "add start: YYYY-MM-DD (any precision), or attested: [YYYY-MM-DD] when the start is unknown",
        ),
    )

    person: Ref = rdf(HRG.holder, targets=("person",), hint="add person: person/...")
    """The person who held the post."""
    post: Ref = rdf(HRG.post, targets=("post",), hint="add post: post/...")
    """The post that was held."""
    start: Date | None = rdf(HRG.startDate, default=None, hint="write start: YYYY-MM-DD, YYYY-MM or YYYY")
    """The date they took the post, at the precision the source gives."""
    end: Date | None = rdf(HRG.endDate, default=None, hint="write end: YYYY-MM-DD, YYYY-MM or YYYY")
    """The date they left it; left out while they hold it or when it is not known."""
    end_reason: Text | None = rdf(HRG.endReason, default=None)
    """How the tenure ended, in words, e.g. handed the ministry over to Yassierli."""
    attested: list[Date] | None = rdf(HRG.attestedOn, default=None, hint="write attested: [YYYY-MM-DD]")
    """Dates on which a source shows the person in office, when the start is unknown."""


class MeetingSeries(Record):
    """A series of meetings, such as the Jakarta Informal Meetings."""

    section = "series"
    prefix = "series"
    rdf_type = HRG.MeetingSeries
    noun = "meeting series"

    name: LangText = rdf(RDFS.label, hint=NAME_HINT)
    """Its name by language."""
    topics: list[Ref] | None = rdf(HRG.topic, targets=("topic",), default=None, hint=TOPICS_HINT)
    """Its topics, from the topic scheme: [topic/migrant-workers, ...]."""
    led_to: list[Ref] | None = rdf(
        HRG.ledTo, targets=("meeting", "series", "instrument", "org"), default=None
    )
    """What it led to, where a source says so: meetings, series, instruments or organisations."""


class Participation(Nested):
    """Someone taking part in a meeting, and the capacities they attended in: posts, or words
    when no post is recorded."""

    rdf_type = HRG.Participation
    noun = "participation"

    person: Ref = rdf(HRG.participant, targets=("person", "org", "country"), hint="write person: person/...")
    """Who took part: a person, an organisation or a country."""
    capacity: Refs | None = rdf(
        HRG.capacity,
        targets=("post",),
        alias="as",
        default=None,
        hint="write as: post/..., or as: [post/..., post/...] for several capacities",
    )
    """Written `as:`: the post they attended as, or a list of posts for several capacities."""
    capacity_words: LangText | None = rdf(
        HRG.capacityDescription,
        alias="as_words",
        default=None,
        hint="write as_words: {en: judge from Cambodia}, in the source's words",
    )
    """Written `as_words:`: the capacity in words by language, as the source describes it, when
    no post is recorded for it, e.g. {en: Australian Foreign Minister}."""
    role: Ref | None = rdf(
        HRG.role,
        targets=("role",),
        default=None,
        hint="write role: role/host (or guest, chair, delegate, accompanying)",
    )
    """Their role at the meeting: role/host, role/guest, role/chair, role/delegate, ..."""


class Meeting(Record):
    """A meeting: who met, when and where, about what."""

    section = "meetings"
    prefix = "meeting"
    rdf_type = HRG.Meeting
    noun = "meeting"

    name: LangText = rdf(RDFS.label, hint=NAME_HINT)
    """Its name by language."""
    date: Date = rdf(
        HRG.startDate, hint="add date: YYYY-MM-DD (or YYYY-MM, or YYYY: the precision the source gives)"
    )
    """The day it was held (its first day), at the precision the source gives."""
    end: Date | None = rdf(HRG.endDate, default=None, hint="write end: YYYY-MM-DD")
    """Its last day, for a meeting of several days."""
    time: ClockTime | None = rdf(HRG.startTime, default=None, hint="write time: '09:30' (in quotes)")
    """The clock time it began, when the source gives one: '09:30', on a 24-hour clock, in
    quotes."""
    part_of_day: Ref | None = rdf(
        HRG.partOfDay,
        targets=("part-of-day",),
        default=None,
        hint="write part_of_day: part-of-day/morning (or afternoon, evening)",
    )
    """The part of the day it was held in, when the source says so ("in the morning"):
    part-of-day/morning, part-of-day/afternoon or part-of-day/evening."""
    place: Ref | None = rdf(
        HRG.location, targets=("place", "country"), default=None, hint="write place: place/..."
    )
    """The place or country it was held in."""
    venue: LangText | None = rdf(HRG.venue, default=None, hint="write venue: {en: ..., id: ...}")
    """Where in the place it was held, by language, e.g. {en: Office of the Cambodian Human Rights
    Committee}."""
    host: Ref | None = rdf(
        HRG.host, targets=("org", "country", "person"), default=None, hint="write host: org/..."
    )
    """Who hosted it: an organisation, a country or a person."""
    participants: list[Participation] = rdf(
        HRG.participation,
        min_length=1,
        hint="list who took part: participants: [{person: person/..., as: post/...}]",
    )
    """Who took part: [{person: person/..., as: post/..., role: role/...}]."""
    topics: list[Ref] | None = rdf(HRG.topic, targets=("topic",), default=None, hint=TOPICS_HINT)
    """Its topics, from the topic scheme: [topic/migrant-workers, ...]."""
    series: Ref | None = rdf(HRG.inSeries, targets=("series",), default=None, hint="write series: series/...")
    """The series it belongs to."""
    number: PositiveCount | None = rdf(HRG.seriesNumber, default=None, hint="write number: 1")
    """Its number in its series, from 1 (JIM I is 1, JIM II is 2)."""
    led_to: list[Ref] | None = rdf(
        HRG.ledTo, targets=("meeting", "series", "instrument", "org"), default=None
    )
    """What it led to, where a source says so: meetings, series, instruments or organisations."""
    recalls: list[Ref] | None = rdf(HRG.recalls, targets=("meeting", "series", "instrument"), default=None)
    """Earlier history referred to at the meeting: meetings, series or instruments."""


class StatusReport(Nested):
    """A commitment's status as a source gives it, true as of a date."""

    rdf_type = HRG.StatusReport
    noun = "status report"

    value: Ref = rdf(
        HRG.status,
        targets=("status",),
        hint="write value: status/open (or in-progress, fulfilled, not-fulfilled, withdrawn, unknown)",
    )
    """The status: status/open, in-progress, fulfilled, not-fulfilled, withdrawn or unknown."""
    as_of: Date = rdf(HRG.asOf, hint="add as_of: the date the source says the status was true")
    """The date the source says the status was true."""


def _as_list(value: object) -> object:
    return [value] if isinstance(value, dict) else value


class Commitment(Record):
    """A promise made at a meeting or in a statement, and its status over time."""

    section = "commitments"
    prefix = "commitment"
    rdf_type = HRG.Commitment
    noun = "commitment"
    rules = (
        AtLeastOneOf(
            ("made_at", "made_in"),
            "a commitment needs where it was made: a meeting (made_at) or a statement (made_in)",
            "add made_at: meeting/..., or made_in: src/... for a promise made in a statement",
        ),
    )

    kind: Ref = rdf(
        HRG.commitmentKind,
        targets=("commitment-kind",),
        hint="add kind: commitment-kind/pledge (or invitation, agreement, proposal, request)",
    )
    """What kind of commitment: commitment-kind/pledge, invitation, agreement, ..."""
    by: Ref = rdf(HRG.committedBy, targets=("person", "org", "country"), hint="add by: country/...")
    """Who made it: a person, an organisation or a country."""
    to: list[Ref] | None = rdf(
        HRG.committedTo, targets=("person", "org", "country"), default=None, hint="write to: [country/...]"
    )
    """Whom it was made to: persons, organisations or countries."""
    counterparts: list[Ref] | None = rdf(
        HRG.counterpart,
        targets=("person", "org", "country"),
        alias="with",
        default=None,
        hint="write with: [org/...]",
    )
    """Written `with:`: whom it is to be carried out with."""
    made_at: Ref | None = rdf(
        HRG.madeAt, targets=("meeting",), default=None, hint="write made_at: meeting/..."
    )
    """The meeting it was made at."""
    made_in: Ref | None = rdf(HRG.madeIn, targets=("src",), default=None, hint="write made_in: src/...")
    """The statement it was made in, a source, when it was not made at a meeting."""
    text: LangText = rdf(HRG.text, hint="add text: {en: ...}")
    """What was promised, by language."""
    topics: list[Ref] | None = rdf(HRG.topic, targets=("topic",), default=None, hint=TOPICS_HINT)
    """Its topics, from the topic scheme: [topic/migrant-workers, ...]."""
    due: Date | None = rdf(HRG.dueDate, default=None, hint="write due: YYYY (or YYYY-MM, YYYY-MM-DD)")
    """When it is due ("next year", said at a 2025 meeting, is 2026)."""
    status: Annotated[list[StatusReport], BeforeValidator(_as_list)] = rdf(
        HRG.statusReport, min_length=1, hint="add status: {value: status/open, as_of: YYYY-MM-DD}"
    )
    """Its status reports, each true as of a date; the latest is its current status."""


class InstrumentEvent(Nested):
    """Something that happened to an instrument: a signature, a ratification, ..."""

    rdf_type = HRG.InstrumentEvent
    noun = "instrument event"

    kind: Ref = rdf(HRG.eventKind, targets=("event-kind",), hint="write kind: event-kind/ratification")
    """What happened: event-kind/signature, event-kind/ratification, ..."""
    party: Ref | None = rdf(
        HRG.party, targets=("country", "org"), default=None, hint="write party: country/..."
    )
    """The country or organisation it concerns."""
    date: Date = rdf(HRG.date, hint="add date: YYYY-MM-DD (or YYYY-MM, YYYY)")
    """When it happened, at the precision the source gives."""


class Instrument(Record):
    """A treaty, declaration, memorandum of understanding or resolution."""

    section = "instruments"
    prefix = "instrument"
    rdf_type = HRG.Instrument
    noun = "instrument"

    name: LangText = rdf(RDFS.label, hint=NAME_HINT)
    """Its name by language."""
    aliases: Aliases | None = rdf(SKOS.altLabel, default=None)
    """Other names by language."""
    kind: Ref = rdf(
        HRG.instrumentKind,
        targets=("instrument-kind",),
        hint="add kind: instrument-kind/treaty (or declaration, mou, resolution)",
    )
    """What kind of instrument: instrument-kind/treaty, declaration, mou, resolution."""
    adopted: Date = rdf(HRG.adopted, hint="add adopted: YYYY-MM-DD (or YYYY-MM, YYYY)")
    """The date it was adopted."""
    topics: list[Ref] | None = rdf(HRG.topic, targets=("topic",), default=None, hint=TOPICS_HINT)
    """Its topics, from the topic scheme: [topic/migrant-workers, ...]."""
    events: list[InstrumentEvent] | None = rdf(
        HRG.instrumentEvent,
        default=None,
        hint="list events: [{kind: event-kind/signature, party: country/..., date: ...}]",
    )
    """What happened to it: [{kind: event-kind/..., party: country/..., date: ...}]."""
    led_to: list[Ref] | None = rdf(
        HRG.ledTo, targets=("meeting", "series", "instrument", "org"), default=None
    )
    """What it led to, where a source says so: meetings, series, instruments or organisations."""


class Measure(Record):
    """What a figure counts, e.g. Indonesian citizens in Cambodia."""

    section = "measures"
    prefix = "measure"
    rdf_type = HRG.Measure
    noun = "measure"
    cites_required = False

    name: LangText = rdf(SKOS.prefLabel, hint=NAME_HINT)
    """Its name by language."""
    unit: Text | None = rdf(HRG.unit, default=None)
    """What it is counted in, e.g. people or cases."""
    definition: LangText | None = rdf(SKOS.definition, default=None)
    """What exactly is counted, by language."""


Qualifier = Literal["exact", "about", "more-than", "at-least", "up-to"]


class Observation(Record):
    """A figure: the value of a measure about something, as of a date."""

    section = "observations"
    prefix = "obs"
    rdf_type = HRG.Observation
    noun = "observation"

    measure: Ref = rdf(HRG.measure, targets=("measure",), hint="add measure: measure/...")
    """The measure it counts."""
    about: Ref = rdf(
        HRG.about,
        targets=("country", "place", "org", "person"),
        hint="add about: country/... (the subject or scope)",
    )
    """The subject or scope of the figure: a country, a place, an organisation or a person."""
    value: Count = rdf(HRG.value, hint="write value: 130000")
    """The number, without quotes or thousands separators, e.g. 130000."""
    qualifier: Qualifier = rdf(HRG.qualifier, default="exact", hint="write qualifier: about")
    """How the source states the value: exact (left out), about, more-than, at-least or up-to."""
    as_of: Date = rdf(HRG.asOf, hint="add as_of: the date the figure refers to (YYYY-MM-DD, YYYY-MM or YYYY)")
    """The date the figure is true as of."""
    period_start: Date | None = rdf(HRG.periodStart, default=None, hint="write period_start: YYYY")
    """The first day the figure covers, for a count over a period."""
    reported_by: Ref | None = rdf(
        HRG.reportedBy, targets=("person", "org", "country"), default=None, hint="write reported_by: org/..."
    )
    """Who gave the figure: a person, an organisation or a country."""
    stated_at: Ref | None = rdf(
        HRG.statedAt, targets=("meeting",), default=None, hint="write stated_at: meeting/..."
    )
    """The meeting it was stated at."""


STATEMENT_ABOUT = (
    "person",
    "org",
    "country",
    "place",
    "post",
    "tenure",
    "series",
    "meeting",
    "commitment",
    "instrument",
    "measure",
    "obs",
    "statement",
    "src",
)
"""What a statement may be about: a record of any kind."""


class Statement(Record):
    """Something said: who said it, when, where or in what document, about what, in the curator's
    words; its citations carry the quote."""

    section = "statements"
    prefix = "statement"
    rdf_type = HRG.Statement
    noun = "statement"

    kind: Ref | None = rdf(
        HRG.statementKind,
        targets=("statement-kind",),
        default=None,
        hint="write kind: statement-kind/public-statement (or briefing, rejection)",
    )
    """What kind of statement: statement-kind/briefing, public-statement or rejection."""
    by: Ref = rdf(HRG.statedBy, targets=("person", "org", "country"), hint="add by: person/...")
    """Who said it: a person, an organisation or a country."""
    date: Date = rdf(
        HRG.statedOn, hint="add date: YYYY-MM-DD (or YYYY-MM, or YYYY: the precision the source gives)"
    )
    """When it was said, at the precision the source gives."""
    at: Ref | None = rdf(HRG.saidAt, targets=("meeting",), default=None, hint="write at: meeting/...")
    """The meeting it was said at."""
    said_in: Ref | None = rdf(
        HRG.saidIn, targets=("src",), alias="in", default=None, hint="write in: src/..."
    )
    """Written `in:`: the document it was made in (a press release, a post), a source, when the
    statement is that document; a report of it is cited, not written here."""
    place: Ref | None = rdf(
        HRG.statementPlace, targets=("place", "country"), default=None, hint="write place: place/..."
    )
    """The place or country it was said in, when no meeting is named."""
    about: list[Ref] | None = rdf(
        HRG.concerns, targets=STATEMENT_ABOUT, default=None, hint="write about: [person/..., commitment/...]"
    )
    """What or whom it is about: ids of records of any kind (people, commitments, meetings, ...)."""
    topics: list[Ref] | None = rdf(HRG.topic, targets=("topic",), default=None, hint=TOPICS_HINT)
    """Its topics, from the topic scheme: [topic/migrant-workers, ...]."""
    text: LangText = rdf(HRG.statementText, hint="add text: {en: what was said, in your words}")
    """What was said, by language, summarised in the curator's words; the source's own words go
    in the quote of a citation."""


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
    Statement,
)
SECTIONS: dict[str, type[Record]] = {t.section: t for t in RECORD_TYPES}
PREFIXES: dict[str, type[Record]] = {t.prefix: t for t in RECORD_TYPES}
NESTED_TYPES: tuple[type[Nested], ...] = (Participation, StatusReport, InstrumentEvent)
