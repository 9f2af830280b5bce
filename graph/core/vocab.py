"""Terms of the hrgraph ontology and the vocabularies reused with it.

`HRG` lists exactly the terms declared in ontology/hrgraph.ttl (a test fails when they drift);
a typo such as `HRG.holdr` raises instead of minting a new IRI.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/hrgraph/ontology#"
VOCABULARY_BASE = "https://w3id.org/hrgraph/"
DEFAULT_DATA_BASE = "https://w3id.org/hrgraph/id/"
# The SKOS schemes of ontology/topics.ttl and ontology/vocabularies.ttl, by the kind in their ids
CONCEPT_SCHEMES = (
    "topic",
    "status",
    "org-kind",
    "role",
    "commitment-kind",
    "instrument-kind",
    "event-kind",
    "confidence",
)

SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")


class HRG(DefinedNamespace):
    """The hrgraph ontology (ontology/hrgraph.ttl)."""

    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

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
    citation: URIRef
    claim: URIRef
    claimPredicate: URIRef
    claimProperty: URIRef
    claimValue: URIRef
    commitmentKind: URIRef
    committedBy: URIRef
    committedTo: URIRef
    confidence: URIRef
    counterpart: URIRef
    country: URIRef
    curatorNote: URIRef
    currentStatus: URIRef
    date: URIRef
    dueDate: URIRef
    endDate: URIRef
    endReason: URIRef
    eventKind: URIRef
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
    party: URIRef
    periodStart: URIRef
    post: URIRef
    postIn: URIRef
    qualifier: URIRef
    quote: URIRef
    recalls: URIRef
    reportedBy: URIRef
    role: URIRef
    seriesNumber: URIRef
    singleHolder: URIRef
    source: URIRef
    sourceKind: URIRef
    startDate: URIRef
    statedAt: URIRef
    status: URIRef
    statusReport: URIRef
    text: URIRef
    topic: URIRef
    unit: URIRef
    value: URIRef
    venue: URIRef
    wikidata: URIRef
