"""Records → an RDF graph: stable IRIs (base + curator's id), typed dates, tagged labels."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property

from pydantic import BaseModel
from rdflib import Graph, Literal, Namespace, URIRef

from graph.core.errors import UsageError
from graph.core.ontology import Ontology
from graph.core.vocab import (
    CONCEPT_SCHEMES,
    DCTERMS,
    DEFAULT_DATA_BASE,
    HRG,
    NAMESPACES,
    PROV,
    RDF,
    SCHEMA,
    VOCABULARY_BASE,
    WIKIDATA,
    XSD,
)
from graph.ingest.dataset import Dataset
from graph.ingest.fields import FieldSpec, fields_by_key, fields_of
from graph.ingest.records import PREFIXES, Citation, Commitment, Nested, PartialDate, Record
from graph.rdf.triples import Triples

DATE_TYPES = {"year": XSD.gYear, "month": XSD.gYearMonth, "day": XSD.date}
IRI_VALUED = {SCHEMA.url, HRG.archivedAt}
NESTED_SEGMENTS = {HRG.participation: "participant", HRG.statusReport: "status", HRG.instrumentEvent: "event"}
Path = tuple[str | int, ...]


@dataclass
class Assembly:
    """The triples, and for each node the record (and the place in it) it was made from."""

    triples: Triples | Graph  # Triples from assemble(); tests may hand in an rdflib Graph
    base: str
    origins: dict[URIRef, tuple[Record, Path]] = field(default_factory=dict)

    @cached_property
    def graph(self) -> Graph:
        """The triples as an rdflib Graph, made on first use (the build itself never needs it)."""
        return self.triples if isinstance(self.triples, Graph) else self.triples.to_rdflib()


def check_base(base: str) -> str:
    """A data base IRI must be absolute, end with '/' or '#', and hold only characters an IRI may."""
    if not base.startswith(("http://", "https://", "urn:")) or not base.endswith(("/", "#")):
        raise UsageError(f"the base IRI {base!r} must start with http(s):// and end with '/' or '#'")
    refused = _NOT_IN_IRI.search(base)
    if refused is not None:
        raise UsageError(
            f"the base IRI {base!r} holds {refused.group()!r}, which an IRI cannot: percent-encode it"
        )
    return base


# Characters RFC 3987 leaves out of an IRI: controls, space and <>"{}|\^`
_NOT_IN_IRI = re.compile(r'[\x00-\x20\x7f<>"{}|\\^`]')


def date_literal(value: PartialDate) -> Literal:
    """xsd:date, xsd:gYearMonth or xsd:gYear, by the precision the curator gave."""
    return Literal(str(value), datatype=DATE_TYPES[value.precision])


def new_graph(base: str) -> Graph:
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in NAMESPACES.items():
        graph.bind(prefix, Namespace(namespace), override=True)
    for prefix in sorted(PREFIXES):
        graph.bind(prefix, Namespace(f"{base}{prefix}/"), override=True)
    for scheme in CONCEPT_SCHEMES:
        graph.bind(scheme.replace("-", ""), Namespace(f"{VOCABULARY_BASE}{scheme}/"), override=True)
    return graph


def assemble(dataset: Dataset, ontology: Ontology, base: str = DEFAULT_DATA_BASE) -> Assembly:
    """Build the graph of every record, plus the SKOS vocabularies they use."""
    assembly = assemble_records(dataset.records.values(), ontology, base, source_languages(dataset))
    for triple in ontology.vocabularies:
        assembly.triples.add(triple)
    return assembly


def source_languages(dataset: Dataset) -> dict[str, str]:
    """Each source's language, by id: a quote's language when its citation gives none."""
    return dataset.source_languages()


def assemble_records(
    records: Iterable[Record], ontology: Ontology, base: str, languages: Mapping[str, str]
) -> Assembly:
    """The triples of some records (one file's, for graph.rdf.parts), without the vocabularies;
    `languages` gives the language of each source they cite."""
    check_base(base)
    assembly = Assembly(Triples(namespaces_of(base)), base)
    builder = Builder(assembly, ontology, languages)
    for record in records:
        builder.record(record)
    return assembly


@cache
def namespaces_of(base: str) -> tuple[tuple[str, URIRef], ...]:
    """The prefixes of a graph of this base (new_graph's), made once per base."""
    return tuple(new_graph(base).namespaces())


class Builder:
    """Adds the triples of records, one at a time, to an assembly."""

    def __init__(self, assembly: Assembly, ontology: Ontology, languages: Mapping[str, str]):
        self.assembly = assembly
        self.triples = assembly.triples
        self.concepts = ontology.concepts
        self.languages = languages
        self.iris: dict[str, URIRef] = {}
        self.literals: dict[tuple[object, ...], Literal] = {}

    def iri(self, ref: str) -> URIRef:
        """One URIRef object per id: less memory, and lookups in Triples match by identity."""
        found = self.iris.get(ref)
        if found is None:
            found = self.concepts[ref] if ref in self.concepts else URIRef(self.assembly.base + ref)
            self.iris[ref] = found
        return found

    def literal(self, value: object, lang: str | None = None, datatype: URIRef | None = None) -> Literal:
        """One Literal object per value: dates and names recur, and rdflib's Literal() is slow."""
        key = (type(value), value, lang, datatype)
        found = self.literals.get(key)
        if found is None:
            found = self.literals[key] = Literal(value, lang=lang, datatype=datatype)
        return found

    def date(self, value: PartialDate) -> Literal:
        """date_literal(value), one object per date."""
        return self.literal(str(value), datatype=DATE_TYPES[value.precision])

    def record(self, record: Record) -> None:
        node = self.iri(record.id)
        self.assembly.origins[node] = (record, ())
        self.fields(node, record, record, (), language=getattr(record, "language", None))
        self.citations(node, record.cites or [], record, ())
        self.claims(node, record)
        if isinstance(record, Commitment):
            latest = max(record.status, key=lambda s: (s.as_of.latest(), s.as_of.earliest()))
            self.triples.add((node, HRG.currentStatus, self.iri(latest.value)))
            self.triples.add((node, HRG.asOf, self.date(latest.as_of)))

    def fields(
        self, node: URIRef, obj: BaseModel, record: Record, path: Path, language: str | None = None
    ) -> None:
        self.triples.add((node, RDF.type, obj.rdf_type))  # type: ignore[attr-defined]
        for spec, predicate in _fields_to_write(type(obj)):
            value = getattr(obj, spec.name)
            if value is None:
                continue
            if isinstance(value, list) and value and isinstance(value[0], Nested):
                for index, item in enumerate(value, start=1):
                    self.nested(node, predicate, item, index, record, (*path, spec.key, index - 1))
                continue
            for item in value if isinstance(value, list) else [value]:
                for obj_term in self.terms(spec, predicate, item, language):
                    self.triples.add((node, predicate, obj_term))

    def nested(
        self, parent: URIRef, predicate: URIRef, item: Nested, index: int, record: Record, path: Path
    ) -> None:
        segment = NESTED_SEGMENTS[predicate]
        node = URIRef(f"{parent}/{segment}/{index}")
        self.assembly.origins[node] = (record, path)
        self.triples.add((parent, predicate, node))
        if predicate == HRG.participation:
            self.triples.add((node, HRG.meeting, parent))
        self.fields(node, item, record, path)
        if item.cites is not None:
            self.citations(node, item.cites, record, path)
        else:  # the record's citations for the field that holds it (participants, status, ...)
            self.inherited_citations(node, record, path[0])

    def claims(self, node: URIRef, record: Record) -> None:
        """Conflicting values, each a hrg:Claim node with its own citations."""
        for index, claim in enumerate(record.claims or [], start=1):
            claim_node = URIRef(f"{node}/claim/{index}")
            path: Path = ("claims", index - 1)
            spec = fields_by_key(type(record))[claim.field]  # checked when the record was validated
            predicate = spec.predicate
            assert predicate is not None
            self.assembly.origins[claim_node] = (record, path)
            self.triples.add((node, HRG.claim, claim_node))
            self.triples.add((claim_node, RDF.type, HRG.Claim))
            self.triples.add((claim_node, HRG.claimProperty, self.literal(claim.field)))
            self.triples.add((claim_node, HRG.claimPredicate, predicate))
            for term in self.terms(spec, predicate, claim.value, getattr(record, "language", None)):
                self.triples.add((claim_node, HRG.claimValue, term))
            self.citations(claim_node, claim.cites, record, path)

    def inherited_citations(self, node: URIRef, record: Record, key: str | int) -> None:
        """A part's citations when it has none of its own: the record's for the part's field."""
        cites = record.cites or []
        chosen = record.citations_for(str(key))
        if len(chosen) == len(cites):
            self.citations(node, cites, record, (), whole=True)
            return
        positions = [next(i for i, c in enumerate(cites) if c is chosen_one) for chosen_one in chosen]
        self.citations(node, chosen, record, (), positions, whole=True)

    def citations(
        self,
        node: URIRef,
        cites: list[Citation],
        record: Record,
        path: Path,
        positions: list[int] | None = None,
        whole: bool = False,
    ) -> None:
        """A hrg:Citation node for each citation; `positions`, when only some of the record's
        citations are given, are their places in its `cites:` (for locating problems). A
        citation's fields (`for:`) are written on the record's own node, not on a part's
        (`whole`), which it supports as a whole."""
        for index, citation in enumerate(cites, start=1):
            cite = URIRef(f"{node}/cite/{index}")
            source = self.iri(citation.source)
            at = positions[index - 1] if positions is not None else index - 1
            self.assembly.origins[cite] = (record, (*path, "cites", at))
            self.triples.add((node, PROV.wasDerivedFrom, source))
            self.triples.add((node, HRG.citation, cite))
            self.triples.add((cite, RDF.type, HRG.Citation))
            self.triples.add((cite, HRG.source, source))
            if citation.quote:
                lang = citation.lang or self.languages.get(citation.source)
                self.triples.add((cite, HRG.quote, self.literal(citation.quote.strip(), lang=lang)))
            if citation.locator:
                self.triples.add((cite, HRG.locator, self.literal(citation.locator)))
            for key in () if whole else citation.cited_for or ():
                predicate = fields_by_key(type(record))[key].predicate  # checked at validation
                assert predicate is not None
                self.triples.add((cite, HRG.citedFor, predicate))

    def terms(
        self, spec: FieldSpec, predicate: URIRef, value: object, language: str | None
    ) -> list[URIRef | Literal]:
        if isinstance(value, PartialDate):
            return [self.date(value)]
        if isinstance(value, dict):  # text by language, or aliases by language
            return [
                self.literal(text, lang=lang)
                for lang, texts in sorted(value.items())
                for text in (texts if isinstance(texts, list) else [texts])
            ]
        if isinstance(value, bool):
            return [self.literal(value)]
        if isinstance(value, int):
            return [self.literal(value, datatype=XSD.integer)]
        if isinstance(value, float):
            return [self.literal(Decimal(repr(value)), datatype=XSD.decimal)]
        assert isinstance(value, str)
        if spec.targets:
            return [self.iri(value)]
        if predicate == HRG.wikidata:
            return [URIRef(WIKIDATA + value)]
        if predicate in IRI_VALUED:
            return [URIRef(value)]
        if predicate == DCTERMS.language:
            return [self.literal(value, datatype=XSD.language)]
        if predicate == HRG.startTime:  # '09:30', as records.ClockTime has it
            return [self.literal(f"{value}:00", datatype=XSD.time)]
        if language and spec.lang_from:
            return [self.literal(value, lang=language)]
        return [self.literal(value)]


@cache
def _fields_to_write(model: type[BaseModel]) -> tuple[tuple[FieldSpec, URIRef], ...]:
    """(field, predicate) of each field that becomes triples; claims aside."""
    return tuple(
        (spec, spec.predicate)
        for spec in fields_of(model).values()
        if spec.predicate is not None and spec.predicate != HRG.claim
    )
