#!/usr/bin/env python3
"""The shape checks and date rules after a one-file change: the whole graph against the change's
focus (graph.checks.focused), on an in-memory store and on an on-disk pyoxigraph store (the kept
store's kind), CPU seconds of this process (every thread) and wall seconds, one row each.

    .venv/bin/python -m benchmarks.synthetic --records 100000 --out /tmp/syn100k
    .venv/bin/python scripts/bench_focused_checks.py /tmp/syn100k

The edits are made to the tree's files and undone after: the synthetic manifest's one-line edit
(a meeting's name) and that meeting's date moved to 1901 (what its participants held then is
looked at again). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import read_manifest
from graph.checks.date_rules import check_temporal
from graph.checks.focused import check_change, check_report, focus_of
from graph.checks.locate import merged_problems
from graph.checks.shapes import validate_with_sparql
from graph.core.errors import Problem
from graph.core.ontology import Ontology, default_ontology_dir, load_ontology
from graph.ingest.load import load_sources
from graph.rdf.assemble import Assembly, assemble
from graph.rdf.change import TripleChange, triple_change
from graph.rdf.dumps import to_ntriples
from graph.sparql.store import store_from_ntriples

T = TypeVar("T")


def timed(name: str, run: Callable[[], T]) -> T:
    cpu, wall = time.process_time(), time.perf_counter()
    result = run()
    print(f"| {name} | {time.process_time() - cpu:.2f} | {time.perf_counter() - wall:.2f} |", flush=True)
    return result


def graph_of(sources: Path, ontology: Ontology) -> tuple[Assembly, bytes]:
    assembly = assemble(load_sources(sources, ontology), ontology)
    return assembly, to_ntriples(assembly.triples)


def pipeline_checks(assembly: Assembly, ontology: Ontology, store: ox.Store) -> list[Problem]:
    return merged_problems(validate_with_sparql(assembly, ontology, store) + check_temporal(assembly, store))


def measure(
    name: str,
    assembly: Assembly,
    ontology: Ontology,
    new: bytes,
    change: TripleChange,
    also: set[str],
    previous: list[Problem],
) -> None:
    memory = store_from_ntriples(new)
    focus = timed(f"{name}: focus_of, in memory", partial(focus_of, change, ontology, memory, also))
    size = len(focus) if focus is not None else "all"
    removed, added = len(change.removed.splitlines()), len(change.added.splitlines())
    print(f"| {name}: {removed} triples removed, {added} added, {size} focus nodes | | |")
    full = timed(
        f"{name}: full, as the pipeline, in memory", partial(pipeline_checks, assembly, ontology, memory)
    )
    memory = store_from_ntriples(new)
    timed(f"{name}: check_report (whole), in memory", partial(check_report, assembly, ontology, memory))
    found = timed(
        f"{name}: check_change, in memory",
        partial(check_change, assembly, ontology, memory, change, also, previous),
    )
    assert [(str(p), p.severity) for p in found] == [(str(p), p.severity) for p in full]
    print(f"| {name}: {len(full)} problems after | | |")
    del memory
    with tempfile.TemporaryDirectory() as folder:
        writer = ox.Store(folder)
        writer.bulk_load(new, format=ox.RdfFormat.N_TRIPLES)
        writer.flush()
        del writer
        disk = ox.Store.read_only(folder)
        timed(f"{name}: check_report (whole), on disk", partial(check_report, assembly, ontology, disk))
        on_disk = timed(
            f"{name}: check_change, on disk",
            partial(check_change, assembly, ontology, disk, change, also, previous),
        )
        assert on_disk == full
        del disk


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", type=Path)
    args = parser.parse_args()
    sources: Path = args.sources
    ontology = load_ontology(default_ontology_dir())
    edit = read_manifest(sources).edit
    path = sources / edit["file"]
    original = path.read_text(encoding="utf-8")
    renamed = original.replace(edit["old"], edit["new"], 1)
    redated = re.sub(r"^    date: \S+", "    date: 1901-01-01", original, count=1, flags=re.MULTILINE)
    old_assembly, old = graph_of(sources, ontology)
    previous = check_report(old_assembly, ontology, store_from_ntriples(old))
    print(f"{len(old.splitlines()):,} triples, {len(previous)} problems before the edits")
    print("| step | CPU s | wall s |\n|---|---|---|")
    shown = Path(edit["file"]).as_posix()
    try:
        for name, text in (("name", renamed), ("date", redated)):
            path.write_text(text, encoding="utf-8")
            assembly, new = graph_of(sources, ontology)
            also = {str(n) for n, (record, _) in assembly.origins.items() if record.file.endswith(shown)}
            measure(name, assembly, ontology, new, triple_change(old, new), also, previous)
            path.write_text(original, encoding="utf-8")
    finally:
        path.write_text(original, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
