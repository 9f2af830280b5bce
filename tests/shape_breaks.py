"""One graph that breaks every SHACL constraint of ontology/shapes.ttl, each on a node of its
own, for tests/test_shapes.py (pySHACL finds each break) and tests/test_shacl_sparql.py
(hrgraph's SPARQL checks find exactly what pySHACL finds).

Each case copies a golden record that has the constrained property: its triples under a new
IRI, and its record under an id of its own (`person/ana#break-7`), which starts the message of
every problem found on the copy. Then it breaks the copy: the property removed, or given a
value of the wrong kind. What a shape reports about a node depends only on that node's own
triples and on the types and values of the nodes they name, and no triple names a copy: so
one validation of the whole graph gives each case the problems it would have alone, on a copy
of the golden graph with only its own break, at the cost of one run instead of one per case.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, SH, Graph, Literal, URIRef

from graph.core.errors import Problem
from graph.core.ontology import load_ontology
from graph.rdf.assemble import Assembly

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"
PARTIAL_DATE = URIRef("https://w3id.org/hrgraph/shapes#PartialDate")
SOURCE = URIRef("https://w3id.org/hrgraph/id/src/gazette-1")
COUNTRY = URIRef("https://w3id.org/hrgraph/id/country/atlantis")


@dataclass(frozen=True)
class Constraint:
    """A constraint of a property shape, and how a case breaks it: "missing" (the property
    removed) or "wrong" (a value of the wrong kind)."""

    name: str  # the test id, e.g. Person.name-missing
    target: URIRef
    path: URIRef
    message: str
    how: str


def _constraints() -> Iterator[Constraint]:
    """Every constraint that a missing or a wrong value breaks."""
    shapes = load_ontology(ONTOLOGY).shapes
    for shape, target in sorted(shapes.subject_objects(SH.targetClass)):
        assert isinstance(target, URIRef)
        for prop in sorted(shapes.objects(shape, SH.property), key=lambda p: str(shapes.value(p, SH.path))):
            path = shapes.value(prop, SH.path)
            assert isinstance(path, URIRef)
            name = f"{str(target).rsplit('#')[-1]}.{str(path).rsplit('/')[-1].rsplit('#')[-1]}"
            message = str(shapes.value(prop, SH.message))
            count = shapes.value(prop, SH.minCount)
            if isinstance(count, Literal) and int(count.toPython()) >= 1:
                yield Constraint(f"{name}-missing", target, path, message, "missing")
            if (prop, SH["class"], None) in shapes or (prop, SH.node, PARTIAL_DATE) in shapes:
                yield Constraint(f"{name}-wrong-value", target, path, message, "wrong")


CONSTRAINTS = list(_constraints())


@dataclass(frozen=True)
class Breaks:
    """The golden graph plus a broken copy of a record for each case that has one."""

    assembly: Assembly
    subjects: dict[str, str]  # case name -> the id that starts its problems' messages

    def problems_of(self, case: str, problems: Iterable[Problem]) -> list[Problem]:
        """The problems found on the copy that this case broke."""
        subject = self.subjects[case]
        return sorted(p for p in problems if p.message.startswith((f"{subject}: ", f"{subject} (")))


def break_each(golden: Assembly, constraints: list[Constraint]) -> Breaks:
    """One graph with every case's broken copy; a case whose target class has no golden node
    with the property is left out of `subjects`."""
    source = golden.graph
    graph = Graph()
    for triple in source:
        graph.add(triple)
    origins = dict(golden.origins)
    subjects = {}
    for number, case in enumerate(constraints):
        nodes = [
            n
            for n in sorted(source.subjects(RDF.type, case.target), key=str)
            if (n, case.path, None) in source
        ]
        if not nodes or not isinstance(nodes[0], URIRef):
            continue
        node = nodes[0]
        broken = URIRef(f"{node}/break-{number}")
        for predicate, value in source.predicate_objects(node):
            if predicate != case.path:
                graph.add((broken, predicate, value))
        if case.how == "wrong":
            kept = source.value(node, case.path)
            wrong = (
                Literal("some day") if isinstance(kept, Literal) else COUNTRY if kept == SOURCE else SOURCE
            )
            graph.add((broken, case.path, wrong))
        record, where = golden.origins[node]
        subjects[case.name] = f"{record.id}#break-{number}"
        origins[broken] = (record.model_copy(update={"id": subjects[case.name]}), where)
    return Breaks(Assembly(graph, golden.base, origins), subjects)
