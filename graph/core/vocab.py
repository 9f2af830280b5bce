"""Terms of the hrgraph ontology and the vocabularies reused with it.

`HRG` lists exactly the terms declared in ontology/hrgraph.ttl (a test fails when they drift).
Its terms are plain URIRef constants, fast in a loop of a million; a typo such as `HRG.holdr`
raises (and mypy refuses it) instead of minting a new IRI.
"""

from __future__ import annotations

from rdflib import URIRef

from graph.core.iris import DEFAULT_DATA_BASE as DEFAULT_DATA_BASE
from graph.core.iris import ONTOLOGY_IRI as ONTOLOGY_IRI
from graph.core.iris import VOCABULARY_BASE as VOCABULARY_BASE

# The SKOS schemes of ontology/topics.ttl and ontology/vocabularies.ttl, by the kind in their ids
CONCEPT_SCHEMES = (
    "topic",
    "status",
    "org-kind",
    "role",
    "commitment-kind",
    "instrument-kind",
    "event-kind",
    "part-of-day",
    "statement-kind",
    "confidence",
)


class Terms:
    """A vocabulary whose terms are its annotated names, each set to IRI + name."""

    def __init_subclass__(cls, *, iri: str) -> None:
        super().__init_subclass__()
        for name in cls.__annotations__:
            setattr(cls, name, URIRef(iri + name))


class HRG(Terms, iri=ONTOLOGY_IRI):
    """The hrgraph ontology (ontology/hrgraph.ttl)."""

    Citation: URIRef
    Claim: URIRef
    Commitment: URIRef
    Country: URIRef
    Fact: URIRef
    Instrument: URIRef
    InstrumentEvent: URIRef
    Measure: URIRef
    Meeting: URIRef
    MeetingSeries: URIRef
    Observation: URIRef
    Organization: URIRef
    Participation: URIRef
    Person: URIRef
    Place: URIRef
    Post: URIRef
    Source: URIRef
    Statement: URIRef
    StatusReport: URIRef
    Tenure: URIRef
    about: URIRef
    accessed: URIRef
    adopted: URIRef
    archivedAt: URIRef
    asOf: URIRef
    attestedOn: URIRef
    birthDate: URIRef
    birthPlace: URIRef
    capacity: URIRef
    capacityDescription: URIRef
    citation: URIRef
    citedFor: URIRef
    claim: URIRef
    claimPredicate: URIRef
    claimProperty: URIRef
    claimValue: URIRef
    commitmentKind: URIRef
    committedBy: URIRef
    committedTo: URIRef
    concerns: URIRef
    confidence: URIRef
    counterpart: URIRef
    country: URIRef
    curatorNote: URIRef
    currentStatus: URIRef
    date: URIRef
    dissolutionDate: URIRef
    dueDate: URIRef
    endDate: URIRef
    endReason: URIRef
    eventKind: URIRef
    foundingDate: URIRef
    hint: URIRef
    holder: URIRef
    host: URIRef
    inSeries: URIRef
    instrumentEvent: URIRef
    instrumentKind: URIRef
    isoCode: URIRef
    ledTo: URIRef
    locatedIn: URIRef
    location: URIRef
    locator: URIRef
    madeAt: URIRef
    madeIn: URIRef
    measure: URIRef
    meeting: URIRef
    nationality: URIRef
    orgKind: URIRef
    parentOrganization: URIRef
    participant: URIRef
    participation: URIRef
    partOfDay: URIRef
    party: URIRef
    periodStart: URIRef
    post: URIRef
    postIn: URIRef
    qualifier: URIRef
    quote: URIRef
    recalls: URIRef
    reportedBy: URIRef
    role: URIRef
    saidAt: URIRef
    saidIn: URIRef
    seriesNumber: URIRef
    singleHolder: URIRef
    source: URIRef
    sourceKind: URIRef
    startDate: URIRef
    startTime: URIRef
    statedAt: URIRef
    statedBy: URIRef
    statedOn: URIRef
    statementKind: URIRef
    statementPlace: URIRef
    statementText: URIRef
    status: URIRef
    statusReport: URIRef
    text: URIRef
    topic: URIRef
    unit: URIRef
    value: URIRef
    venue: URIRef
    wikidata: URIRef


# ---------------------------------------------------------------- the vocabularies reused with it


class RDF(Terms, iri="http://www.w3.org/1999/02/22-rdf-syntax-ns#"):
    type: URIRef
    langString: URIRef


class RDFS(Terms, iri="http://www.w3.org/2000/01/rdf-schema#"):
    label: URIRef
    comment: URIRef
    subClassOf: URIRef


class XSD(Terms, iri="http://www.w3.org/2001/XMLSchema#"):
    string: URIRef
    boolean: URIRef
    integer: URIRef
    decimal: URIRef
    date: URIRef
    gYearMonth: URIRef
    gYear: URIRef
    language: URIRef
    time: URIRef


class SKOS(Terms, iri="http://www.w3.org/2004/02/skos/core#"):
    Concept: URIRef
    ConceptScheme: URIRef
    prefLabel: URIRef
    altLabel: URIRef
    definition: URIRef
    inScheme: URIRef


class DCTERMS(Terms, iri="http://purl.org/dc/terms/"):
    title: URIRef
    publisher: URIRef
    issued: URIRef
    language: URIRef


class PROV(Terms, iri="http://www.w3.org/ns/prov#"):
    wasDerivedFrom: URIRef


class SCHEMA(Terms, iri="https://schema.org/"):
    url: URIRef


WIKIDATA = "http://www.wikidata.org/entity/"

NAMESPACES: dict[str, str] = {
    "hrg": ONTOLOGY_IRI,
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "wd": WIKIDATA,
}
"""The prefix of every vocabulary a build declares (besides one per kind of id and per concept
scheme, see graph.rdf.assemble.new_graph): the one home of these names."""
