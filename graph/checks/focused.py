"""The shape checks and date rules of a changed graph, run only where the change can have
changed their outcome: on the nodes a changed triple concerns, found by walking each check's
patterns (graph.checks.reach) from the triple back to the node the check reports.

A check reports a node N or not according to the triples its patterns match around N. A changed
triple t can alter that only if some pattern P matches t in an answer about N (in the old or the
new graph); that answer also matches every pattern of P's scope and those around it, so N is
reached from t's subject or object by following any chain of those patterns, in the new graph or
in the removed triples (a superset of the old graph's). The focus is every node so reached, for
every check, plus the nodes of the changed files (their lines may have moved). The report of the
new graph is then the last report's problems at nodes outside the focus, and the checks' problems
at the focus, run as the same queries with the focus bound (`VALUES`).

The checks here are compiled against the ontology's class hierarchy (graph.checks.shapes's
Hierarchy) so the store is only read: the kept store on disk is never written by a check.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import cache, cached_property

import pyoxigraph as ox
from rdflib import Graph, URIRef

from graph.checks.date_rules import Rule, rule_problems, rules
from graph.checks.locate import merged_problems
from graph.checks.reach import Pattern, Reach, reach_of_query
from graph.checks.shapes import SUBCLASS, Check, Hierarchy, compile_shapes, located_violations, run_checks
from graph.core.errors import Problem
from graph.core.ontology import Ontology
from graph.core.vocab import RDF
from graph.rdf.assemble import Assembly
from graph.rdf.change import TripleChange
from graph.sparql.store import standard_prefixes

# Beyond this many nodes, running the checks on the whole graph costs about as much (measured:
# docs/benchmark.md), and the VALUES lists stop paying for themselves
FOCUS_LIMIT = 5000
# The focused checks cost about 0.4 ms of CPU a node, the whole graph's about 5 µs a triple (at
# 10k and 100k records): past one node in 70 triples the whole graph is cheaper
TRIPLES_A_NODE = 70
TYPE = str(RDF.type)
Term = ox.NamedNode | ox.BlankNode | ox.Literal
Hop = tuple[Pattern, bool]  # a pattern walked from its subject to its object (True) or back


def focus_limit(triples: int) -> int:
    """The largest focus worth checking apart in a graph of `triples` triples."""
    return max(FOCUS_LIMIT // 10, triples // TRIPLES_A_NODE)


class Checks:
    """The shape checks (compiled against the class hierarchy, each wording on first use: a
    check of a change seldom needs both) and the date rules, with the reach of each."""

    def __init__(self, shapes: Graph, hierarchy: Hierarchy, rules: list[tuple[Rule, Reach]]):
        self._shapes, self._hierarchy = shapes, hierarchy
        self.rules = rules

    @cached_property
    def shapes(self) -> list[Check]:
        return compile_shapes(self._shapes, self._hierarchy)

    @cached_property
    def focused_shapes(self) -> list[Check]:
        """The same, worded for a few bound nodes (their reach is the same)."""
        return compile_shapes(self._shapes, self._hierarchy, focused=True)

    @property
    def reaches(self) -> list[Reach]:
        unique = dict.fromkeys([c.reach for c in self.focused_shapes] + [reach for _, reach in self.rules])
        return list(unique)


def checks_for(ontology: Ontology, store: ox.Store) -> Checks:
    """The checks of `ontology`, for a store holding the graph (its own rdfs:subClassOf, if any,
    join the ontology's)."""
    return Checks(ontology.shapes, class_hierarchy(ontology, store), _rules())


@cache
def _rules() -> list[tuple[Rule, Reach]]:
    return [(rule, reach_of_query(query)) for rule, query in rule_queries()]


def rule_queries() -> list[tuple[Rule, str]]:
    """Each date rule and the query its reach is read from (its text, the prefixes declared)."""
    declared = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in standard_prefixes().items())
    return [(rule, declared + rule.source) for rule in rules()]


def class_hierarchy(ontology: Ontology, store: ox.Store) -> Hierarchy:
    """Each class's subclasses at every depth, itself included, from the ontology and the store."""
    parents: dict[str, set[str]] = {}
    for sub, sup in ontology.terms.subject_objects(URIRef(SUBCLASS)):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            parents.setdefault(str(sup), set()).add(str(sub))
    for quad in store.quads_for_pattern(None, ox.NamedNode(SUBCLASS), None, None):
        if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
            parents.setdefault(quad.object.value, set()).add(quad.subject.value)
    hierarchy: dict[str, list[str]] = {}
    for cls in parents:
        found, todo = {cls}, [cls]
        while todo:
            for child in parents.get(todo.pop(), ()):
                if child not in found:
                    found.add(child)
                    todo.append(child)
        hierarchy[cls] = sorted(found)
    return hierarchy


def focus_of(
    change: TripleChange,
    ontology: Ontology,
    store: ox.Store,
    also: Iterable[str] = (),
    limit: int = FOCUS_LIMIT,
) -> frozenset[str] | None:
    """Every node whose check outcome can differ after `change` (the store holds the new graph),
    and the nodes `also` given; None where that is the whole graph or more than `limit` nodes (a
    blank node or a class hierarchy changed, a predicate a check follows through a path)."""
    focus = set(also)
    if not change:
        return frozenset(focus) if len(focus) <= limit else None
    return _focus(change, checks_for(ontology, store).reaches, store, focus, limit)


def _focus(
    change: TripleChange, reaches: Sequence[Reach], store: ox.Store, focus: set[str], limit: int
) -> frozenset[str] | None:
    removed = _triples(change.removed)
    triples = removed + _triples(change.added)
    if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples):
        return None
    opaque = {SUBCLASS}.union(*(reach.opaque for reach in reaches))
    if any(t.predicate.value in opaque for t in triples):
        return None
    old = ox.Store()
    old.extend(ox.Quad(t.subject, t.predicate, t.object) for t in removed)
    graphs = (store, old)
    for reach in reaches:
        for pattern in reach.patterns:
            starts = _starts(pattern, triples)
            if not starts:
                continue
            found = _walked(reach, pattern, starts, graphs, limit)
            if found is None:
                return None
            focus.update(node.value for node in found if isinstance(node, ox.NamedNode))
            if len(focus) > limit:
                return None
    return frozenset(focus)


def _triples(lines: bytes) -> list[ox.Triple]:
    return list(ox.parse(lines, format=ox.RdfFormat.N_TRIPLES)) if lines else []


def _starts(pattern: Pattern, triples: list[ox.Triple]) -> dict[str, set[Term]]:
    """The values a pattern's variables take in the changed triples it matches."""
    starts: dict[str, set[Term]] = {}
    for triple in triples:
        if pattern.predicates is not None and triple.predicate.value not in pattern.predicates:
            continue
        if pattern.subject is not None:
            starts.setdefault(pattern.subject, set()).add(triple.subject)  # type: ignore[arg-type]
        if pattern.object is not None:
            starts.setdefault(pattern.object, set()).add(triple.object)  # type: ignore[arg-type]
    return starts


def _walked(
    reach: Reach, pattern: Pattern, starts: dict[str, set[Term]], graphs: Sequence[ox.Store], limit: int
) -> set[Term] | None:
    """The root values reached from the matched pattern's values (None: more than `limit`)."""
    chosen = _shortest(reach, pattern, tuple(sorted(starts)))
    if chosen is None:
        return None
    variable, hops = chosen
    values = set(starts[variable])
    for hop in hops:
        values = _step(values, hop, graphs)
        if len(values) > limit:
            return None
    return values


@cache
def _shortest(
    reach: Reach, pattern: Pattern, variables: tuple[str, ...]
) -> tuple[str, tuple[Hop, ...]] | None:
    """The shortest chain of patterns usable from `pattern`'s scope from one of its variables to
    the root (through a class, by rdf:type, only where nothing else leads there)."""
    usable = [
        p
        for p in reach.patterns
        if p.usable_from(pattern.scope) and p.subject and p.object and p.predicates != frozenset()
    ]
    for allowed in ([p for p in usable if p.predicates is None or TYPE not in p.predicates], usable):
        paths: dict[str, tuple[str, tuple[Hop, ...]]] = {v: (v, ()) for v in variables}
        queue = deque(variables)
        while queue:
            at = queue.popleft()
            if at == reach.root:
                return paths[at]
            start, hops = paths[at]
            for p in allowed:
                for here, there, forward in ((p.subject, p.object, True), (p.object, p.subject, False)):
                    if here == at and there is not None and there not in paths:
                        paths[there] = (start, (*hops, (p, forward)))
                        queue.append(there)
    return None


def _step(values: set[Term], hop: Hop, graphs: Sequence[ox.Store]) -> set[Term]:
    pattern, forward = hop
    predicates = [ox.NamedNode(p) for p in sorted(pattern.predicates)] if pattern.predicates else [None]
    found: set[Term] = set()
    for graph in graphs:
        for value in values:
            if forward and isinstance(value, ox.Literal):
                continue  # a literal is no subject
            for predicate in predicates:
                if forward:
                    quads = graph.quads_for_pattern(value, predicate, None, None)  # type: ignore[arg-type]
                    found.update(q.object for q in quads)  # type: ignore[misc]
                else:
                    quads = graph.quads_for_pattern(None, predicate, value, None)
                    found.update(q.subject for q in quads)  # type: ignore[misc]
    return found


def restricted(query: str, root: str, nodes: Iterable[str]) -> str:
    """The query with its root variable bound to `nodes` at the start of each WHERE group (the
    checks' subqueries select ?focus too), where the optimizer starts from it."""
    values = " ".join(f"<{node}>" for node in sorted(nodes))
    return query.replace("WHERE {", f"WHERE {{ VALUES ?{root} {{ {values} }}")


def check_focus(
    assembly: Assembly, checks: Checks, store: ox.Store, focus: frozenset[str] | None
) -> list[Problem]:
    """The problems the checks find at the focus nodes (for None, everywhere), in report order."""
    if focus is None:
        shapes = [(check, check.query) for check in checks.shapes]
    else:  # each check on the focus nodes of a type it targets, if any
        types = _types(store, focus)
        shapes = []
        for check in checks.focused_shapes:
            nodes = focus if check.targets is None else {n for n in focus if types[n] & check.targets}
            if nodes:
                shapes.append((check, restricted(check.query, check.reach.root, nodes)))
    dated = [
        (rule, rule.text if focus is None else restricted(rule.text, reach.root, focus))
        for rule, reach in checks.rules
    ]
    found = located_violations(assembly, run_checks(store, shapes)) + rule_problems(assembly, store, dated)
    return merged_problems(found)


def _types(store: ox.Store, nodes: Iterable[str]) -> dict[str, set[str]]:
    """Each node's types (IRIs) in the store."""
    kind = ox.NamedNode(TYPE)
    found: dict[str, set[str]] = {}
    for node in nodes:
        quads = store.quads_for_pattern(ox.NamedNode(node), kind, None, None)
        found[node] = {q.object.value for q in quads if isinstance(q.object, ox.NamedNode)}
    return found


def check_report(assembly: Assembly, ontology: Ontology, store: ox.Store) -> list[Problem]:
    """The shapes' and the date rules' problems on the whole graph, in order, the store only read
    (the problems validate_with_sparql and check_temporal find, each once, sorted)."""
    return check_focus(assembly, checks_for(ontology, store), store, None)


def check_change(
    assembly: Assembly,
    ontology: Ontology,
    store: ox.Store,
    change: TripleChange,
    also: Iterable[str],
    previous: list[Problem],
    limit: int = FOCUS_LIMIT,
    whole: Callable[[], ox.Store] | None = None,
) -> list[Problem]:
    """check_report of the new graph (in `store`), from the last graph's report `previous` (as
    check_report or check_change gave it) and the change: its problems at nodes outside the
    change's focus, and the checks' problems at the focus. The whole graph is checked where the
    focus is (see focus_of), or where a previous problem names no node: on `whole()` when given
    (a store of the same graph that checks it faster, e.g. in memory where `store` is on disk)."""
    checks = checks_for(ontology, store)
    focus = None
    if all(problem.nodes for problem in previous):
        focus = _focus(change, checks.reaches, store, set(also), limit) if change else frozenset(also)
    if focus is not None and len(focus) > limit:
        focus = None
    if focus is None:
        return check_focus(assembly, checks, store if whole is None else whole(), None)
    kept = [replace(p, nodes=p.nodes - focus) for p in previous if p.nodes - focus]
    if not focus:
        return merged_problems(kept)
    return merged_problems(kept + check_focus(assembly, checks, store, focus))
