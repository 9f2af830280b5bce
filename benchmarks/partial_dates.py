"""How to compute a partial date's first and last day in SPARQL, measured three ways on one dump.

The date rules (graph/checks/rules) and the saved queries that take dates write
hrg:earliest(?d) and hrg:latest(?d). This script times each of them on an Oxigraph store loaded
from a dump (graph.nt of a 100k synthetic build holds 1.14M triples), three ways:

- written out: the names expanded into standard SPARQL when the query is loaded (what ships);
- custom function: the names left in the query and given to Oxigraph as Python callables
  (Store.query(..., custom_functions=...)), which a remote endpoint would not know;
- the expansion itself: what writing the names out costs per query load.

Each query's rows are compared across the ways (they must be the same). Median of --runs runs,
the ways taken in turn. The saved queries that take no date (commitments-of-country,
commitments-at-meeting) are the control: the two ways run the same text there.

    python -m benchmarks.synthetic --records 100000 --out /tmp/syn100k
    hrgraph build --sources /tmp/syn100k --out /tmp/syn100k-build --no-cache
    python -m benchmarks.partial_dates /tmp/syn100k-build/graph.nt --examples /tmp/syn100k/synthetic.json
"""

from __future__ import annotations

import argparse
import functools
import json
import statistics
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from graph.core.vocab import ONTOLOGY_IRI
from graph.sparql.partial_dates import FIRST_DAY, LAST_DAY, expand_partial_dates
from graph.sparql.saved import bind_params, parse_saved_query, with_values_block
from graph.sparql.store import on_every_core, standard_prefixes

DATE_QUERIES = {  # saved query → its parameters, by the key of synthetic.json's examples or as given
    "post-holder-on-date": {"post": "post", "on": "post_on"},
    "overdue-commitments": {"on": "=2026-01-01"},
    "commitments-of-country": {"country": "country"},
    "commitments-at-meeting": {"meeting": "meeting"},
}


Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def _padded(padding: dict[int, str]) -> Callable[..., Term | None]:
    def bound(date: ox.Literal) -> Term | None:
        return ox.Literal(date.value + padding.get(len(date.value), ""))

    return bound


CUSTOM_FUNCTIONS: dict[ox.NamedNode, Callable[..., Term | None]] = {
    ox.NamedNode(ONTOLOGY_IRI + "earliest"): _padded(FIRST_DAY),
    ox.NamedNode(ONTOLOGY_IRI + "latest"): _padded(LAST_DAY),
}


def shipped(folder: str, package: str) -> dict[str, str]:
    """The .rq files of a package folder as written (hrg:earliest/latest not expanded)."""
    files = resources.files(package).joinpath(folder).iterdir()
    return {f.name[:-3]: f.read_text(encoding="utf-8") for f in files if f.name.endswith(".rq")}


def queries(examples: dict[str, str], prefixes: dict[str, str]) -> dict[str, str]:
    """Every date rule and date-taking saved query, as written, with its parameters bound."""
    found = {f"rule: {name}": text for name, text in sorted(shipped("rules", "graph.checks").items())}
    saved = shipped("queries", "graph.sparql")
    for name, params in DATE_QUERIES.items():
        values = {k: v[1:] if v.startswith("=") else examples[v] for k, v in params.items()}
        bound = bind_params(parse_saved_query(name, saved[name]), values, prefixes)
        found[f"saved: {name}"] = with_values_block(saved[name], bound, prefixes)
    return found


def rows(store: ox.Store, text: str, prefixes: dict[str, str], custom: bool) -> list[tuple[str, ...]]:
    result = store.query(text, prefixes=prefixes, custom_functions=CUSTOM_FUNCTIONS if custom else None)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return sorted(tuple(str(row[n]) for n in names) for row in result)


def interleaved_medians(steps: list[Callable[[], object]], runs: int) -> list[float]:
    """The median time of each step, the steps run in turn `runs` times (so that a slower spell
    of a shared machine falls on all of them alike)."""
    times: list[list[float]] = [[] for _ in steps]
    for _ in range(runs):
        for step, taken in zip(steps, times, strict=True):
            start = time.perf_counter()
            step()
            taken.append(time.perf_counter() - start)
    return [statistics.median(taken) for taken in times]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("dump", type=Path, help="an N-Triples dump (graph.nt)")
    parser.add_argument("--examples", type=Path, required=True, help="synthetic.json of the same data")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    examples = json.loads(args.examples.read_text(encoding="utf-8"))["examples"]
    prefixes = standard_prefixes()
    store = ox.Store()
    started = time.perf_counter()
    store.bulk_load(path=str(args.dump), format=ox.RdfFormat.N_TRIPLES)
    print(f"{len(store):,} triples loaded in {time.perf_counter() - started:.1f} s\n")
    print("| query | rows | written out | custom function | custom / written out | expansion |")
    print("|---|---|---|---|---|---|")
    texts = queries(examples, prefixes)
    totals = [0.0, 0.0]
    for name, text in texts.items():
        expanded = expand_partial_dates(text)
        same = rows(store, expanded, prefixes, custom=False)
        assert same == rows(store, text, prefixes, custom=True), f"{name}: the two ways differ"
        written, custom = interleaved_medians(
            [
                functools.partial(rows, store, expanded, prefixes, custom=False),
                functools.partial(rows, store, text, prefixes, custom=True),
            ],
            args.runs,
        )
        (expansion,) = interleaved_medians([functools.partial(expand_partial_dates, text)], 20)
        totals[0] += written
        totals[1] += custom
        print(
            f"| {name} | {len(same):,} | {written * 1000:,.1f} ms | {custom * 1000:,.1f} ms "
            f"| {custom / written:.2f} | {expansion * 1e6:,.0f} µs |"
        )
    print(f"| **sum** | | {totals[0]:.2f} s | {totals[1]:.2f} s | {totals[1] / totals[0]:.2f} | |")
    rules = [t for n, t in texts.items() if n.startswith("rule: ")]
    written_out = [expand_partial_dates(t) for t in rules]

    def all_rules(custom: bool) -> object:
        return on_every_core(
            lambda text: rows(store, text, prefixes, custom), rules if custom else written_out
        )

    together = interleaved_medians(
        [functools.partial(all_rules, False), functools.partial(all_rules, True)], args.runs
    )
    print(
        f"\nThe {len(rules)} rules on every core, as the build runs them: written out "
        f"{together[0]:.2f} s, custom function {together[1]:.2f} s"
    )


if __name__ == "__main__":
    main()
