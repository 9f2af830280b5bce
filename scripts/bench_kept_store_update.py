#!/usr/bin/env python3
"""How much does the kept store cost when made from the last build's by the change
(graph.sparql.kept_store.update_store) instead of loaded whole (write_store)? Run by hand:

    .venv/bin/python scripts/bench_kept_store_update.py --sources /tmp/syn100k --work /tmp/kept

From a source tree (python -m benchmarks.synthetic) it makes the sorted N-Triples before and
after one edit of one file (the English names of a people file's first five records, as a
curator would), once, into --work. Then, in turn (--repeat times): write_store of the new
N-Triples (cold) and update_store from the last build's store, with their CPU (this process and
RocksDB's threads, resource.getrusage) and wall seconds; the size on disk, and how much of it is
hard links shared with the last store. Then --chain successive small updates (30 English labels
changed each, each update from the last one's store), their CPU, and the queries' CPU on the
store so updated, on a cold store of the same graph and on the updated one after optimize()
(interleaved rounds, best of --repeat). The queries: COUNT(*), the English labels, and the saved
queries named by --saved.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from graph.core.ontology import load_ontology  # noqa: E402
from graph.core.vocab import DEFAULT_DATA_BASE  # noqa: E402
from graph.ingest.load import read_sources  # noqa: E402
from graph.rdf.assemble import assemble  # noqa: E402
from graph.rdf.change import triple_change  # noqa: E402
from graph.rdf.dumps import to_ntriples  # noqa: E402
from graph.sparql.kept_store import DATABASE, update_store, write_store  # noqa: E402
from graph.sparql.store import standard_prefixes  # noqa: E402

PREFIXES = standard_prefixes()
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
LABELS = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o "
    "FILTER(lang(?o) = 'en') }"
)


def cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """CPU and wall seconds of the action."""
    started, wall = cpu(), time.perf_counter()
    action()
    return cpu() - started, time.perf_counter() - wall


def ntriples_of(sources: Path) -> bytes:
    ontology = load_ontology(REPO / "ontology")
    dataset, problems = read_sources(sources, ontology)
    assert not problems, problems[:3]
    return to_ntriples(assemble(dataset, ontology, DEFAULT_DATA_BASE).triples)


def edited_copy(sources: Path, into: Path) -> str:
    """A copy of the tree with the first five English names of one people file changed."""
    subprocess.run(["cp", "-r", str(sources), str(into)], check=True)
    for path in sorted(into.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if "people" in path.parts and text.count('name: {en: "') >= 5:
            edited = text.replace('name: {en: "', 'name: {en: "Edited ', 5)
            path.write_text(edited, encoding="utf-8")
            return str(path.relative_to(into))
    raise SystemExit("no people file with five English names")


def prepare(sources: Path, work: Path) -> None:
    work.mkdir(parents=True, exist_ok=True)
    if not (work / "after.nt").exists():
        edited = edited_copy(sources, work / "edited")
        (work / "before.nt").write_bytes(ntriples_of(sources))
        (work / "after.nt").write_bytes(ntriples_of(work / "edited"))
        (work / "edited.txt").write_text(edited)
        shutil.rmtree(work / "edited")


def megabytes(folder: Path) -> tuple[float, float]:
    """Size of the store's files, and of those hard-linked (shared with another store)."""
    files = [path.stat() for path in (folder / DATABASE).iterdir() if path.is_file()]
    return (
        sum(stat.st_size for stat in files) / 1e6,
        sum(stat.st_size for stat in files if stat.st_nlink > 1) / 1e6,
    )


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def one_edit(work: Path, repeat: int) -> None:
    before, after = (work / "before.nt").read_bytes(), (work / "after.nt").read_bytes()
    change = triple_change(before, after)
    base = hashlib.sha256(before).hexdigest()
    last = fresh(work / "last")
    write_store(last, before, PREFIXES)
    lines = change.removed.count(b"\n") + change.added.count(b"\n")
    total = after.count(b"\n")
    print(f"edited {(work / 'edited.txt').read_text()}: {lines} lines of {total} changed")
    runs: dict[str, list[tuple[float, float]]] = {"write_store (cold)": [], "update_store": []}
    for _ in range(repeat):
        cold, updated = fresh(work / "cold"), fresh(work / "updated")
        runs["write_store (cold)"].append(timed(lambda: write_store(cold, after, PREFIXES)))  # noqa: B023
        made: list[bool] = []
        runs["update_store"].append(
            timed(lambda: made.append(update_store(last, updated, change, after, PREFIXES, base_sha256=base)))  # noqa: B023
        )
        assert made == [True]
    for name, found in runs.items():
        cpus, walls = sorted(run[0] for run in found), sorted(run[1] for run in found)
        print(
            f"  {name:20s} CPU {cpus[len(cpus) // 2]:6.2f} s  wall {walls[len(walls) // 2]:6.2f} s (medians)"
        )
    for name in ("last", "cold", "updated"):
        size, linked = megabytes(work / name)
        print(f"  on disk: {name:8s} {size:5.0f} MB ({linked:.0f} MB hard links)")


def chain(work: Path, steps: int, saved: list[Path], repeat: int) -> None:
    current = (work / "before.nt").read_bytes()
    fresh(work / "step-0")
    write_store(work / "step-0", current, PREFIXES)
    pick, spent = random.Random(16), []
    for step in range(1, steps + 1):
        lines = current.splitlines(keepends=True)
        labelled = [i for i, line in enumerate(lines) if line.endswith(b'"@en .\n')]
        for i in pick.sample(labelled, 30):
            lines[i] = lines[i].replace(b'"@en .\n', f' {step}"@en .\n'.encode())
        new = b"".join(sorted(lines))
        change, base = triple_change(current, new), hashlib.sha256(current).hexdigest()
        folder = fresh(work / f"step-{step}")
        started = cpu()
        assert update_store(work / f"step-{step - 1}", folder, change, new, PREFIXES, base_sha256=base)
        spent.append(cpu() - started)
        shutil.rmtree(work / f"step-{step - 1}")
        current = new
    print(f"{steps} updates of 60 lines, each from the last: CPU {sum(spent):.2f} s, most {max(spent):.2f} s")
    cold = fresh(work / "chain-cold")
    write_store(cold, current, PREFIXES)
    optimized = fresh(work / "chain-optimized") / DATABASE
    pyoxigraph.Store.read_only(str(work / f"step-{steps}" / DATABASE)).backup(str(optimized))
    used = timed(lambda: optimize(optimized))
    print(f"optimize() of the updated store: CPU {used[0]:.2f} s, wall {used[1]:.2f} s")
    stores = {"cold": cold, f"{steps} updates": work / f"step-{steps}", "optimized": optimized.parent}
    for name, folder in stores.items():
        size, _ = megabytes(folder)
        tables = len(list((folder / DATABASE).glob("*.sst")))
        print(f"  on disk: {name:12s} {size:5.0f} MB, {tables} tables")
    queries(stores, saved, repeat)


def optimize(database: Path) -> None:
    store = pyoxigraph.Store(str(database))
    store.optimize()
    store.flush()


def queries(stores: dict[str, Path], saved: list[Path], repeat: int) -> None:
    """Each query's CPU on each store, in interleaved rounds: the best of the rounds."""
    opened = {name: pyoxigraph.Store.read_only(str(folder / DATABASE)) for name, folder in stores.items()}
    declared = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())
    texts = {"COUNT(*)": COUNT, "labels@en": LABELS} | {q.stem: declared + q.read_text() for q in saved}
    best: dict[tuple[str, str], float] = {}
    for _ in range(repeat):
        for query, text in texts.items():
            for name, store in opened.items():
                used, _ = timed(lambda: answer(store, text))  # noqa: B023
                best[query, name] = min(used, best.get((query, name), used))
    print(f"  query CPU, best of {repeat}: " + " | ".join(opened))
    for query in texts:
        print(f"  {query:24s} " + " | ".join(f"{best[query, name]:7.3f} s" for name in opened))


def answer(store: pyoxigraph.Store, query: str) -> int:
    """How many rows the query gives (all of them read)."""
    solutions = store.query(query)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    return sum(1 for _ in solutions)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sources", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chain", type=int, default=40)
    parser.add_argument("--saved", type=Path, nargs="*", default=[REPO / "graph/sparql/queries/measures.rq"])
    args = parser.parse_args()
    prepare(args.sources, args.work)
    one_edit(args.work, args.repeat)
    if args.chain:
        chain(args.work, args.chain, args.saved, args.repeat)


if __name__ == "__main__":
    main()
