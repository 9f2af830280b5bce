#!/usr/bin/env python3
"""How much do the dumps cost when written from the last build's (graph.rdf.patched_dumps)?
Run by hand (not by the test suite):

    .venv/bin/python scripts/bench_patched_dumps.py --sources /tmp/syn100k --work /tmp/patched
    .venv/bin/python scripts/bench_patched_dumps.py --sources /tmp/syn10k --work /tmp/p10k --repeat 5

From a source tree (python -m benchmarks.synthetic) it makes the sorted N-Triples before and
after one edit of one file (a meeting's name, as a curator would), once, into --work; writes the
last build's dumps and index there cold; then, in turn, in fresh processes, writes the new
dumps whole (write_dumps without a previous build: what a build does today, index included)
and patched (read_previous_dumps + write_dumps with the change, as an incremental build does),
and checks both give the same bytes. Prints the CPU seconds, wall seconds and peak resident
memory of each process and its rise over holding the new N-Triples (+MB), medians of --repeat.
The change (triple_change) is timed apart: the pipeline makes it once for every stage.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from graph.core.ontology import load_ontology  # noqa: E402
from graph.core.vocab import DEFAULT_DATA_BASE  # noqa: E402
from graph.ingest.load import read_sources  # noqa: E402
from graph.rdf.assemble import assemble  # noqa: E402
from graph.rdf.change import TripleChange, triple_change  # noqa: E402
from graph.rdf.dumps import to_ntriples  # noqa: E402
from graph.rdf.patched_dumps import INDEX_PATH, read_previous_dumps, write_dumps  # noqa: E402
from graph.rdf.triples import Triples  # noqa: E402

NAME = "graph"


def ntriples_of(sources: Path) -> tuple[bytes, dict[str, str]]:
    ontology = load_ontology(REPO / "ontology")
    dataset, problems = read_sources(sources, ontology)
    assert not problems, problems[:3]
    graph = assemble(dataset, ontology, DEFAULT_DATA_BASE).triples
    return to_ntriples(graph), {prefix: str(ns) for prefix, ns in graph.namespaces()}


def edited_copy(sources: Path, into: Path) -> str:
    """A copy of the tree with one meeting file's first English name changed: the file's name."""
    subprocess.run(["cp", "-r", str(sources), str(into)], check=True)
    for path in sorted(into.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if "meetings" in path.parts and 'name: {en: "' in text:
            path.write_text(text.replace('name: {en: "', 'name: {en: "Edited ', 1), encoding="utf-8")
            return str(path.relative_to(into))
    raise SystemExit("no meeting file with an English name")


def prepare(sources: Path, work: Path) -> None:
    work.mkdir(parents=True, exist_ok=True)
    if not (work / "after.nt").exists():
        make_change(sources, work)
    last = work / "last"
    if read_previous_dumps(last, NAME) is None:  # made cold once, by this version
        (last / INDEX_PATH).parent.mkdir(parents=True, exist_ok=True)
        before = (work / "before.nt").read_bytes()
        (last / f"{NAME}.nt").write_bytes(before)
        written = write_dumps(graph_of(work), before)
        for suffix, content in written.files.items():
            (last / f"{NAME}.{suffix}").write_bytes(content)
        (last / INDEX_PATH).write_bytes(written.index)


def make_change(sources: Path, work: Path) -> None:
    edited = edited_copy(sources, work / "edited")
    before, prefixes = ntriples_of(sources)
    after, _ = ntriples_of(work / "edited")
    (work / "before.nt").write_bytes(before)
    (work / "after.nt").write_bytes(after)
    change = triple_change(before, after)
    (work / "removed.nt").write_bytes(change.removed)
    (work / "added.nt").write_bytes(change.added)
    (work / "prefixes.json").write_text(json.dumps({"prefixes": prefixes, "edited": edited}))


def graph_of(work: Path) -> Triples:
    """A graph of no triples with the prefixes: all the writers read of it."""
    from rdflib import URIRef

    prefixes = json.loads((work / "prefixes.json").read_text())["prefixes"]
    return Triples((prefix, URIRef(ns)) for prefix, ns in prefixes.items())


def run_one(work: Path, mode: str) -> None:
    """In a fresh process: write the dumps one way, print the costs as JSON."""
    graph = graph_of(work)
    after = (work / "after.nt").read_bytes()
    costs: dict[str, float | str] = {}
    if mode == "change":
        before = (work / "before.nt").read_bytes()
        cpu, wall, peak = time.process_time(), time.perf_counter(), peak_mb()
        change = triple_change(before, after)
        costs["lines"] = change.removed.count(b"\n") + change.added.count(b"\n")
        costs["subjects"] = len(change.subjects)
    else:
        change = TripleChange((work / "removed.nt").read_bytes(), (work / "added.nt").read_bytes())
        cpu, wall, peak = time.process_time(), time.perf_counter(), peak_mb()
        if mode == "whole":
            written = write_dumps(graph, after)
        else:
            written = write_dumps(graph, after, read_previous_dumps(work / "last", NAME), change)
        costs["how"] = written.how
        costs["bytes"] = str(sum(map(len, written.files.values())) + len(written.index))
        digest = __import__("hashlib").sha256(written.files["ttl"] + written.files["jsonld"] + written.index)
        costs["sha256"] = digest.hexdigest()
    costs["cpu"] = time.process_time() - cpu
    costs["wall"] = time.perf_counter() - wall
    costs["peak_mb"] = peak_mb()
    costs["more_mb"] = peak_mb() - peak  # the peak's rise over holding the N-Triples
    print(json.dumps(costs))


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not the parent's at fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measured(work: Path, mode: str) -> dict[str, float | str]:
    out = subprocess.run(
        [sys.executable, __file__, "--work", str(work), "--one", mode],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found: dict[str, float | str] = json.loads(out.strip().splitlines()[-1])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sources", type=Path)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", choices=["whole", "patched", "change"])
    args = parser.parse_args()
    if args.one:
        run_one(args.work, args.one)
        return
    if args.sources is not None:
        prepare(args.sources, args.work)
    runs: dict[str, list[dict[str, float | str]]] = {"change": [], "whole": [], "patched": []}
    for _ in range(args.repeat):
        for mode, found in runs.items():  # in turn, so a shared machine's load falls on each
            found.append(measured(args.work, mode))
    whole, patched = runs["whole"][0], runs["patched"][0]
    assert whole["sha256"] == patched["sha256"], "patched dumps differ from whole ones"
    print(f"edited: {json.loads((args.work / 'prefixes.json').read_text())['edited']}")
    print(f"change: {runs['change'][0]['lines']} lines, {runs['change'][0]['subjects']} subjects")
    print(f"patched: {patched['how']}; same bytes as whole ({whole['bytes']} bytes)")
    print(f"{'':8} {'CPU s':>7} {'wall s':>7} {'peak MB':>8} {'+MB':>6}", end="")
    print(f"   (medians of {args.repeat}, fresh processes)")
    for mode, found in runs.items():
        cpu, wall, peak, more = (
            statistics.median(float(run[key]) for run in found)
            for key in ("cpu", "wall", "peak_mb", "more_mb")
        )
        print(f"{mode:8} {cpu:7.3f} {wall:7.3f} {peak:8.0f} {more:6.0f}")


if __name__ == "__main__":
    main()
