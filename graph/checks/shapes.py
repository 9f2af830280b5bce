"""The SHACL shapes of ontology/shapes.ttl compiled to SPARQL and run on Oxigraph.

ontology/shapes.ttl stays the declared truth; this is a faster engine for the subset of SHACL
Core that hrgraph's shapes use (targetClass and targetSubjectsOf; property shapes with minCount,
maxCount, datatype, class, nodeKind, pattern, in, minInclusive, node and or; node-level or of
property shapes; value shapes whose property shapes say hasValue, e.g. a concept's scheme).
tests/test_shacl_sparql.py proves it reports the same violations as pySHACL, constraint by
constraint, on graphs that break each one (tests/test_drift.py does so for every kind of thing an
id may name). A shape using anything else is refused at compile time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import count

import pyoxigraph as ox
from rdflib import SH, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from graph.checks.locate import located_problem, merged_problems
from graph.checks.reach import Pattern, Reach
from graph.core.errors import Problem
from graph.core.ontology import Ontology
from graph.core.vocab import HRG, RDF, RDFS
from graph.rdf.assemble import Assembly
from graph.sparql.store import on_every_core

SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
# The constraints on values compiled by _value_condition, and the words around them
VALUE_CONSTRAINTS = {
    SH.datatype,
    SH["class"],
    SH.nodeKind,
    SH.pattern,
    SH["in"],
    SH.minInclusive,
    SH.node,
    SH["or"],
}
DESCRIPTIVE = {RDF.type, SH.message, HRG.hint, RDFS.comment}
PROPERTY_SHAPE = {SH.path, SH.minCount, SH.maxCount} | VALUE_CONSTRAINTS | DESCRIPTIVE
VALUE_SHAPE = {SH.property} | VALUE_CONSTRAINTS | DESCRIPTIVE


@dataclass(frozen=True)
class Check:
    """One SPARQL query finding the violations of one constraint, and how to word them."""

    query: str
    message: str
    hint: str
    path: URIRef | None
    # what the query looks at around ?focus, as compiled (graph.checks.focused walks it)
    reach: Reach = field(default=Reach("focus", ()), compare=False)
    # the types a node must have to be one it checks (compiled with a hierarchy); None: any node
    targets: frozenset[str] | None = field(default=None, compare=False)


# A class's subclasses at every depth and itself: with it, a check asks for the types themselves
# (`a ?class`, VALUES of them) instead of walking rdfs:subClassOf in the store
Hierarchy = Mapping[str, Sequence[str]]


def compile_shapes(shapes: Graph, hierarchy: Hierarchy | None = None, focused: bool = False) -> list[Check]:
    """One check per constraint of every node shape that has targets. With a `hierarchy`, the
    checks need no rdfs:subClassOf in the store (the same answers as the store's hierarchy would
    give when it is the one the mapping was made from); `focused`, they are worded for a ?focus
    bound to a few nodes (graph.checks.focused): the types filtered, not listed in VALUES, which
    Oxigraph would join with the whole class before the bound nodes."""
    checks: list[Check] = []
    with_targets = set(shapes.subjects(SH.targetClass, None)) | set(
        shapes.subjects(SH.targetSubjectsOf, None)
    )
    for shape in sorted(with_targets, key=str):
        first = len(checks)
        focus = _focus(shapes, shape, hierarchy, focused)
        targeted, opaque = _focus_patterns(shapes, shape, hierarchy)
        node_or = shapes.value(shape, SH["or"])
        if node_or is not None:
            alternatives = [_exists_path(shapes, member) for member in Collection(shapes, node_or)]
            paths = [shapes.value(member, SH.path) for member in Collection(shapes, node_or)]
            either = [Pattern("focus", frozenset({str(p)}), "any", (at,)) for at, p in enumerate(paths, 1)]
            checks.append(
                Check(
                    f"SELECT DISTINCT ?focus WHERE {{ {focus} FILTER(!({' || '.join(alternatives)})) }}",
                    _text(shapes, shape, SH.message),
                    _text(shapes, shape, HRG.hint),
                    None,
                    Reach("focus", (*targeted, *either), opaque),
                )
            )
        for prop in sorted(shapes.objects(shape, SH.property), key=lambda p: str(shapes.value(p, SH.path))):
            checks.extend(_property_checks(shapes, prop, focus, hierarchy, Reach("focus", targeted, opaque)))
        classes = list(shapes.objects(shape, SH.targetClass))
        if hierarchy is not None and classes:
            types = frozenset(_subclasses(hierarchy, classes)[1:-1].split("> <"))
            checks[first:] = [replace(check, targets=types) for check in checks[first:]]
    return checks


def _focus(shapes: Graph, shape: Node, hierarchy: Hierarchy | None, focused: bool) -> str:
    """A SPARQL pattern binding ?focus to each node a shape targets."""
    classes = " ".join(f"<{t}>" for t in sorted(shapes.objects(shape, SH.targetClass), key=str))
    subjects_of = " ".join(f"<{t}>" for t in sorted(shapes.objects(shape, SH.targetSubjectsOf), key=str))
    if classes and subjects_of:
        raise ValueError(f"{shape}: a shape targets classes or subjects of predicates, not both")
    if subjects_of:
        return (
            f"{{ SELECT DISTINCT ?focus WHERE {{ VALUES ?target {{ {subjects_of} }} ?focus ?target [] }} }}"
        )
    # SHACL targets instances of subclasses too (the ontology's hierarchy is in the store)
    if hierarchy is not None:
        targets = shapes.objects(shape, SH.targetClass)
        if focused:
            return f"?focus a ?class FILTER(?class IN ({_subclasses(hierarchy, targets).replace(' ', ', ')}))"
        return f"VALUES ?class {{ {_subclasses(hierarchy, targets)} }} ?focus a ?class ."
    return f"VALUES ?class {{ {classes} }} ?focus a/<{SUBCLASS}>* ?class ."


def _focus_patterns(
    shapes: Graph, shape: Node, hierarchy: Hierarchy | None
) -> tuple[tuple[Pattern, ...], frozenset[str]]:
    """_focus as patterns, and the predicates it follows through a property path."""
    subjects_of = frozenset(str(t) for t in shapes.objects(shape, SH.targetSubjectsOf))
    if subjects_of:
        return (Pattern("focus", subjects_of, None),), frozenset()
    if hierarchy is not None:
        return (Pattern("focus", frozenset({str(RDF.type)}), "class"),), frozenset()
    return (Pattern("focus", frozenset(), None),), frozenset({str(RDF.type), SUBCLASS})


def _refuse_unknown(shapes: Graph, shape: Node, known: set[URIRef]) -> None:
    unknown = set(shapes.predicates(shape, None)) - known
    if unknown:
        raise ValueError(
            f"shapes.ttl uses {sorted(map(str, unknown))}, which the SPARQL engine does not compile"
        )


def _subclasses(hierarchy: Hierarchy, classes: Iterable[Node]) -> str:
    found = {sub for cls in classes for sub in hierarchy.get(str(cls), (str(cls),))}
    return " ".join(f"<{c}>" for c in sorted(found))


def _property_checks(
    shapes: Graph, prop: Node, focus: str, hierarchy: Hierarchy | None, targeted: Reach
) -> list[Check]:
    _refuse_unknown(shapes, prop, PROPERTY_SHAPE)
    path = shapes.value(prop, SH.path)
    assert isinstance(path, URIRef)
    message, hint = _text(shapes, prop, SH.message), _text(shapes, prop, HRG.hint)
    checks = []
    valued = Pattern("focus", frozenset({str(path)}), "value")
    low, high = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
    if low is not None:
        query = (
            f"SELECT ?focus WHERE {{ {focus} OPTIONAL {{ ?focus <{path}> ?value }} }} "
            f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) < {int(str(low))})"
        )
        optional = Pattern("focus", frozenset({str(path)}), "value", (1,))
        checks.append(Check(query, message, hint, path, _more(targeted, [optional])))
    if high is not None:
        query = (
            f"SELECT ?focus WHERE {{ {focus} ?focus <{path}> ?value }} "
            f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) > {int(str(high))})"
        )
        checks.append(Check(query, message, hint, path, _more(targeted, [valued])))
    condition = _value_condition(shapes, prop, hierarchy)
    if condition:
        query = f"SELECT ?focus ?value WHERE {{ {focus} ?focus <{path}> ?value . FILTER(!({condition})) }}"
        patterns, opaque = _value_patterns(shapes, prop, hierarchy, count(1))
        checks.append(Check(query, message, hint, path, _more(targeted, [valued, *patterns], opaque)))
    return checks


def _more(reach: Reach, patterns: list[Pattern], opaque: frozenset[str] = frozenset()) -> Reach:
    return Reach(reach.root, (*reach.patterns, *patterns), reach.opaque | opaque)


def _value_patterns(
    shapes: Graph, shape: Node, hierarchy: Hierarchy | None, scopes: Iterator[int]
) -> tuple[list[Pattern], frozenset[str]]:
    """The patterns _value_condition's EXISTS look at (each in a scope of its own), and the
    predicates it follows through a property path."""
    patterns, opaque = [], set()
    for prop in shapes.objects(shape, SH.property):
        patterns.append(
            Pattern("value", frozenset({str(shapes.value(prop, SH.path))}), None, (next(scopes),))
        )
    if shapes.value(shape, SH["class"]) is not None:
        if hierarchy is not None:
            patterns.append(Pattern("value", frozenset({str(RDF.type)}), "valueClass", (next(scopes),)))
        else:
            opaque |= {str(RDF.type), SUBCLASS}
    either = shapes.value(shape, SH["or"])
    inner = list(Collection(shapes, either)) if either is not None else []
    node = shapes.value(shape, SH.node)
    for member in [*inner, *([node] if node is not None else [])]:
        found, hidden = _value_patterns(shapes, member, hierarchy, scopes)
        patterns += found
        opaque |= hidden
    return patterns, frozenset(opaque)


def _value_condition(shapes: Graph, shape: Node, hierarchy: Hierarchy | None) -> str:
    """A SPARQL expression true when ?value conforms to the value constraints of `shape`."""
    parts = []
    for prop in sorted(shapes.objects(shape, SH.property), key=str):
        _refuse_unknown(shapes, prop, {SH.path, SH.hasValue} | DESCRIPTIVE)
        path, value = shapes.value(prop, SH.path), shapes.value(prop, SH.hasValue)
        if not isinstance(path, URIRef) or value is None:
            raise ValueError("a value shape's property shape is compiled only as [sh:path P ; sh:hasValue V]")
        parts.append(f"EXISTS {{ ?value <{path}> {_term(value)} }}")
    datatype = shapes.value(shape, SH.datatype)
    if datatype is not None:
        parts.append(f"(isLiteral(?value) && DATATYPE(?value) = <{datatype}>)")
    cls = shapes.value(shape, SH["class"])
    if cls is not None and hierarchy is not None:
        types = _subclasses(hierarchy, [cls])
        parts.append(f"EXISTS {{ VALUES ?valueClass {{ {types} }} ?value a ?valueClass }}")
    elif cls is not None:
        parts.append(f"EXISTS {{ ?value <{RDF.type}>/<{SUBCLASS}>* <{cls}> }}")
    kind = shapes.value(shape, SH.nodeKind)
    if kind is not None:
        if kind != SH.IRI:
            raise ValueError(f"sh:nodeKind {kind} is not compiled")
        parts.append("isIRI(?value)")
    pattern = shapes.value(shape, SH.pattern)
    if pattern is not None:
        escaped = str(pattern).replace("\\", "\\\\").replace('"', '\\"')
        parts.append(f'(!isBlank(?value) && REGEX(STR(?value), "{escaped}"))')
    allowed = shapes.value(shape, SH["in"])
    if allowed is not None:
        values = ", ".join(_term(v) for v in Collection(shapes, allowed))
        parts.append(f"(?value IN ({values}))")
    low = shapes.value(shape, SH.minInclusive)
    if low is not None:
        parts.append(f"(isLiteral(?value) && ?value >= {_term(low)})")
    either = shapes.value(shape, SH["or"])
    if either is not None:
        members = [_value_shape_condition(shapes, m, hierarchy) for m in Collection(shapes, either)]
        parts.append("(" + " || ".join(members) + ")")
    node = shapes.value(shape, SH.node)
    if node is not None:
        parts.append(_value_shape_condition(shapes, node, hierarchy))
    return " && ".join(parts)


def _value_shape_condition(shapes: Graph, shape: Node, hierarchy: Hierarchy | None) -> str:
    """_value_condition of a shape a value must conform to (sh:node, or a member of sh:or)."""
    _refuse_unknown(shapes, shape, VALUE_SHAPE)
    return "(" + (_value_condition(shapes, shape, hierarchy) or "true") + ")"


def _exists_path(shapes: Graph, member: Node) -> str:
    path = shapes.value(member, SH.path)
    if path is None or shapes.value(member, SH.minCount) is None:
        raise ValueError("a node-level sh:or is compiled only for alternatives [sh:path P ; sh:minCount 1]")
    return f"EXISTS {{ ?focus <{path}> ?any }}"


def _term(node: Node) -> str:
    if isinstance(node, Literal):
        return node.n3()
    return f"<{node}>"


def _text(shapes: Graph, node: Node, predicate: URIRef) -> str:
    value = shapes.value(node, predicate)
    return str(value) if value is not None else ""


@dataclass(frozen=True)
class Violation:
    """A node that breaks a check, and the value at fault (for a constraint on values)."""

    check: Check
    focus: ox.NamedNode | ox.BlankNode
    value: ox.NamedNode | ox.BlankNode | ox.Literal | None


def find_violations(ontology: Ontology, store: ox.Store) -> list[Violation]:
    """Run the compiled shapes on a store holding the graph; the store gets the ontology's
    class hierarchy added, as pySHACL's ont_graph does."""
    for s, o in ontology.terms.subject_objects(URIRef(SUBCLASS)):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            store.add(ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(SUBCLASS), ox.NamedNode(str(o))))
    return run_checks(store, [(check, check.query) for check in compile_shapes(ontology.shapes)])


def run_checks(store: ox.Store, queries: Sequence[tuple[Check, str]]) -> list[Violation]:
    """The violations each query finds (a check's own, or one restricted to some nodes)."""

    def violations(item: tuple[Check, str]) -> list[Violation]:
        check, query = item
        result = store.query(query)
        assert isinstance(result, ox.QuerySolutions)
        has_value = "value" in [v.value for v in result.variables]
        return [Violation(check, row["focus"], row["value"] if has_value else None) for row in result]

    return [found for rows in on_every_core(violations, queries) for found in rows]


def validate_with_sparql(assembly: Assembly, ontology: Ontology, store: ox.Store) -> list[Problem]:
    """find_violations, each as a problem at the file and line of the record concerned."""
    return located_violations(assembly, find_violations(ontology, store))


def located_violations(assembly: Assembly, violations: Iterable[Violation]) -> list[Problem]:
    """Each violation as a problem at the file and line of the record concerned, in order."""
    problems = []
    for violation in violations:
        text = violation.check.message
        if isinstance(violation.value, ox.Literal):
            text += f" (found {violation.value.value!r})"
        focus = violation.focus
        problems.append(
            located_problem(
                assembly,
                URIRef(focus.value) if isinstance(focus, ox.NamedNode) else None,
                violation.check.path,
                text,
                violation.check.hint,
                "error",
            )
        )
    return merged_problems(problems)
