"""Temporal consistency, beyond what SHACL-Core can say: SPARQL checks in graph/checks/rules/*.rq,
run on Oxigraph and reported like any other violation, at the file and line of the record concerned.

Each rule is a SELECT returning ?focus (the node at fault), ?field (the predicate whose YAML key
is pointed at), ?message and ?hint; its header says `# severity: error` or `# severity: warning`.
Dates are compared at the precision the sources give: a partial date stands for every day it can
mean, padded to its first ("2024" → 2024-01-01) or last day ("2024-10" → 2024-10-31): the rules
write hrg:earliest(?d) and hrg:latest(?d), see graph.sparql.partial_dates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import pyoxigraph as ox
from rdflib import Literal, URIRef

from graph.checks.locate import located_problem, merged_problems
from graph.core.errors import Problem, Severity
from graph.rdf.assemble import Assembly
from graph.rdf.dumps import to_ntriples
from graph.sparql.partial_dates import expand_partial_dates
from graph.sparql.query import Prefixes, run_query
from graph.sparql.store import on_every_core, standard_prefixes, store_from_ntriples


@dataclass(frozen=True)
class Rule:
    name: str
    severity: Severity
    description: str
    text: str
    source: str = ""  # as written in its .rq file, hrg:earliest/latest not written out


def rules() -> list[Rule]:
    """The rules shipped in graph/checks/rules/, by name, hrg:earliest/latest written out."""
    found = []
    for entry in sorted(resources.files("graph.checks").joinpath("rules").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        severity = re.search(r"^# severity: (error|warning)$", text, re.MULTILINE)
        description = re.search(r"^# description: (.*)$", text, re.MULTILINE)
        if severity is None or description is None:
            raise ValueError(f"{entry.name}: a rule needs '# severity:' and '# description:' lines")
        name, written_out = entry.name.removesuffix(".rq"), expand_partial_dates(text)
        found.append(Rule(name, severity.group(1), description.group(1), written_out, text))  # type: ignore[arg-type]
    return found


def check_temporal(assembly: Assembly, store: ox.Store | None = None) -> list[Problem]:
    """Run every rule; one located problem per row."""
    store = store or store_from_ntriples(to_ntriples(assembly.triples))
    return rule_problems(assembly, store, [(rule, rule.text) for rule in rules()])


def rule_problems(assembly: Assembly, store: ox.Store, queries: Sequence[tuple[Rule, str]]) -> list[Problem]:
    """Run each rule's query (its own, or one restricted to some nodes); one located problem per row."""
    prefixes = Prefixes(standard_prefixes())
    problems = []

    def answers(item: tuple[Rule, str]) -> list[ox.QuerySolution]:
        result = run_query(store, item[1], prefixes, built_in=True)
        assert isinstance(result, ox.QuerySolutions)
        return list(result)

    for (rule, _), rows in zip(queries, on_every_core(answers, queries), strict=True):
        for row in rows:
            focus, field = row["focus"], row["field"]
            problems.append(
                located_problem(
                    assembly,
                    URIRef(focus.value) if isinstance(focus, ox.NamedNode) else None,
                    URIRef(field.value) if isinstance(field, ox.NamedNode) else None,
                    _text(row["message"]),
                    _text(row["hint"]),
                    rule.severity,
                )
            )
    return merged_problems(problems)


def _text(term: object) -> str:
    return str(Literal(term.value)) if isinstance(term, ox.Literal) else ""
