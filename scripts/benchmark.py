#!/usr/bin/env python3
"""Benchmark hrgraph at scale against the naive path and raw pyoxigraph, in one run.

For each size (records of synthetic curated data, see benchmarks/synthetic.py) it reports:

- the full build (`hrgraph build` in its own process: wall time and peak memory);
- a rebuild with nothing changed, and the incremental rebuild after one source file changed
  (both with the cache of unchanged files the first, cold, build left in OUT/.cache);
- the build's stages, as graph.pipeline lists them (load, assemble, N-Triples, validate (the
  shapes as SPARQL), the temporal rules, each dump, the network view, the HTML, ...), and the
  formats `hrgraph export` adds;
- every query's latency, hrgraph's path (graph.sparql.store + graph.sparql.query) beside raw pyoxigraph
  (bulk_load of the dump + Store.query) and the naive path (rdflib Graph.parse + rdflib SPARQL,
  with pySHACL for validation), and the ratios;
- start-up (issue 16): `hrgraph query` COUNT(*) from a cold process on the build's kept store
  (build/store/) against the anchor, a fresh process opening that store with pyoxigraph and
  running the same query, and `hrgraph --help`: medians of interleaved runs, so the ratio holds
  on a busy machine (`--start-only`: a cold build, then these rows alone);
- the targets of issue 6 (at about 1M triples): build <= 60 s and <= 2 GB, every query within
  2x raw pyoxigraph and >= 10x faster than naive, incremental rebuild <= 10% of the full build.

Every measurement runs in a child process of its own (peak memory from os.wait4), and every slow
step is time-boxed: a step that does not finish is reported as "> N s". Run it by hand:

    .venv/bin/python scripts/benchmark.py                      # 1k and 10k
    .venv/bin/python scripts/benchmark.py --sizes 1k,10k,100k --timebox 600
    .venv/bin/python scripts/benchmark.py --sizes 10k,100k --start-only   # start-up rows only

Results are printed as Markdown tables and written as JSON (--json, default
build/benchmark/benchmark.json). It is not part of the test suite.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.proc import pss_kb, stat_fields  # noqa: E402

ONTOLOGY = REPO / "ontology"
QUERY_DATE = "2026-01-01"  # "today" for overdue commitments, fixed so runs compare

# ---------------------------------------------------------------- representative queries
# Written with the prefixes hrgraph predefines; {person}, {post}, ... are replaced by the
# example ids of the synthetic data (full IRIs), {on} by a date.

QUERIES: dict[str, tuple[str, str]] = {
    "person-meetings": (
        "a person's meetings with co-participants",
        """SELECT ?date ?meeting ?name ?co ?coName WHERE {
  ?p hrg:participant {person} ; hrg:meeting ?meeting .
  ?meeting hrg:startDate ?date ; rdfs:label ?name FILTER(lang(?name) = "en")
  ?q hrg:meeting ?meeting ; hrg:participant ?co . FILTER(?co != {person})
  ?co rdfs:label ?coName FILTER(lang(?coName) = "en")
} ORDER BY ?date ?meeting ?coName""",
    ),
    "post-holder-on-date": (
        "who held post X on date D",
        """SELECT ?holder ?name ?start ?end WHERE {
  ?t a hrg:Tenure ; hrg:post {post} ; hrg:holder ?holder ; hrg:startDate ?start .
  OPTIONAL { ?t hrg:endDate ?end }
  ?holder rdfs:label ?name FILTER(lang(?name) = "en")
  FILTER(SUBSTR("{on}", 1, STRLEN(STR(?start))) >= STR(?start)
         && (!BOUND(?end) || SUBSTR("{on}", 1, STRLEN(STR(?end))) <= STR(?end)))
} ORDER BY ?name""",
    ),
    "overdue-commitments": (
        "overdue open commitments with sources",
        """SELECT ?c ?due ?status (GROUP_CONCAT(DISTINCT STR(?url); separator=" ") AS ?urls) WHERE {
  ?c a hrg:Commitment ; hrg:dueDate ?due ; hrg:currentStatus ?status .
  FILTER(?status IN (status:open, status:in-progress))
  FILTER(SUBSTR("{today}", 1, STRLEN(STR(?due))) > STR(?due))
  ?c prov:wasDerivedFrom ?src . OPTIONAL { ?src schema:url ?url }
} GROUP BY ?c ?due ?status ORDER BY ?due ?c""",
    ),
    "orgs-2-hop-by-country": (
        "2-hop organisations by country, GROUP BY",
        """SELECT ?country (COUNT(DISTINCT ?org2) AS ?reached) WHERE {
  VALUES (?r1 ?r2) { (hrg:committedBy hrg:counterpart) (hrg:counterpart hrg:committedBy) }
  ?org1 hrg:country ?country .
  ?x ?r1 ?org1 ; ?r2 ?org2 .
  ?org2 a hrg:Organization .
  FILTER(?org1 != ?org2)
} GROUP BY ?country ORDER BY DESC(?reached) ?country""",
    ),
    "figures-over-time": (
        "figures over time for a measure",
        """SELECT ?asOf ?value ?about WHERE {
  ?o hrg:measure {measure} ; hrg:value ?value ; hrg:asOf ?asOf ;
     hrg:about/rdfs:label ?about FILTER(lang(?about) = "en")
} ORDER BY ?asOf ?o""",
    ),
    "single-source-facts": (
        "facts that rest on a single source",
        """SELECT ?fact (SAMPLE(?title) AS ?source) WHERE {
  { SELECT ?fact WHERE { ?fact prov:wasDerivedFrom ?any } GROUP BY ?fact HAVING (COUNT(DISTINCT ?any) = 1) }
  ?fact prov:wasDerivedFrom ?src . ?src dcterms:title ?title
} GROUP BY ?fact ORDER BY ?fact""",
    ),
}

# Values for the parameters of saved queries (graph/sparql/queries/*.rq), by (query, param) then param.
SAVED_PARAMS: dict[str, str] = {
    "person": "person",
    "entity": "person",
    "meeting": "meeting",
    "post": "post",
    "on": "post_on",
    "measure": "measure",
    "country": "country",
    "a": "country",
    "b": "other_country",
    "event": "series",
    "about": "country",
}
SAVED_OVERRIDES: dict[tuple[str, str], str] = {("overdue-commitments", "on"): QUERY_DATE}

# Start-up (issue 16): `hrgraph query` COUNT(*) from a cold process against the anchor, a fresh
# process that opens the build's kept store with pyoxigraph and runs the same query.
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ANCHOR = (
    "import sys, pyoxigraph\n"
    "store = pyoxigraph.Store.read_only(sys.argv[1])\n"
    "answer = store.query(sys.argv[2]).serialize(format=pyoxigraph.QueryResultsFormat.CSV)\n"
    "sys.stdout.buffer.write(answer)\n"
)


# ---------------------------------------------------------------- child processes


@dataclass
class Run:
    seconds: float
    peak_mb: float
    returncode: int | None
    timed_out: bool
    stdout: str
    stderr: str
    group_peak_mb: float = 0.0
    """The most memory its processes held together (the sum of their PSS, sampled every
    `GROUP_SAMPLE` s): forked children touching the parent's objects copy them, so the largest
    process (`peak_mb`) can be half of what the machine holds."""


GROUP_SAMPLE = 0.25


def group_pss_mb(group: int) -> float:
    """The proportional set size (shared pages split among their sharers) of every process of
    the process group `group`, summed, in MB (0 where /proc has no smaps_rollup)."""
    if not os.path.isdir("/proc"):  # not Linux
        return 0.0
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if int(stat_fields(entry.name)[2]) == group:
                total += pss_kb(entry.name)
        except (OSError, IndexError, ValueError):  # ended meanwhile
            continue
    return total / 1024


def run(cmd: list[str], timeout: float, cwd: Path = REPO) -> Run:
    """Run a command in its own process group; wall time, that process's peak RSS and the
    group's peak memory (`Run.group_peak_mb`)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, start_new_session=True)
        timed_out = False
        group_peak = 0.0
        sampled = 0.0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            now = time.perf_counter()
            if now - start > timeout:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            if now - sampled >= GROUP_SAMPLE:
                group_peak, sampled = max(group_peak, group_pss_mb(proc.pid)), now
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            seconds,
            usage.ru_maxrss / 1024,
            None if timed_out else proc.returncode,
            timed_out,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            group_peak,
        )


def worker(kind: str, args: dict[str, Any], timeout: float) -> tuple[Run, list[dict[str, Any]]]:
    """Run one of this script's workers; its results are JSON lines on stdout."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, json.dumps(args)]
    result = run(cmd, timeout)
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode not in (0, None):
        print(f"  worker {kind} failed ({result.returncode}): {result.stderr[-2000:]}", file=sys.stderr)
    return result, rows


# ---------------------------------------------------------------- workers (in child processes)


class StageTimeout(Exception):
    pass


@contextmanager
def timebox(seconds: float) -> Iterator[None]:
    """Interrupt pure-Python work (rdflib, pySHACL, networkx) after `seconds`."""

    def expire(signum: int, frame: Any) -> None:
        raise StageTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def emit(**row: Any) -> None:
    print(json.dumps(row), flush=True)


def timed(name: str, seconds: float, step: Callable[[], Any], **extra: Any) -> Any:
    """Run a step within its time box and emit its time (or that it did not finish)."""
    start = time.perf_counter()
    try:
        with timebox(seconds):
            value = step()
    except StageTimeout:
        emit(step=name, seconds=time.perf_counter() - start, timed_out=True, **extra)
        return StageTimeout
    emit(step=name, seconds=time.perf_counter() - start, timed_out=False, **extra)
    return value


def work_stages(args: dict[str, Any]) -> None:
    """The build's stages, graph.pipeline.building's own list, each timed on its own as the build
    runs it (its files written to args["out"]); then the formats `hrgraph export` adds."""
    from graph.ingest.cache import SourceCache
    from graph.output.formats import FORMATS
    from graph.pipeline import Built, building, fewer_collections
    from graph.rdf.dumps import DUMPS

    box = float(args["timebox"])
    out = Path(args["out"])
    # with the cache, the build starts from the last one in `out` (the incremental path)
    cache = SourceCache(out / ".cache" / "sources") if args.get("incremental") else None
    with fewer_collections():
        stages = building(Path(args["sources"]), Path(args["ontology"]), out, cache=cache)
        stage, built = next(stages), None
        while built is None:
            start = time.perf_counter()
            following: str | None = None
            try:
                with timebox(box):
                    following = next(stages)
            except StopIteration as finished:
                built = finished.value
            except StageTimeout:
                emit(step=stage, seconds=time.perf_counter() - start, timed_out=True)
                return
            emit(step=stage, seconds=time.perf_counter() - start, timed_out=False)
            stage = following or ""
        assert isinstance(built, Built)
        if args.get("incremental"):
            emit(step="made from the last build", value=built.change is not None)
            return
        emit(step="triples", value=len(built.assembly.triples))
        emit(step="nodes", value=built.drawn[0], edges=built.drawn[1])
        emit(step="site size", **site_size(Path(args["out"]) / "site"))
        for fmt in FORMATS.values():  # under the same collector settings as the stages above
            if fmt.name not in DUMPS:
                step = functools.partial(fmt.write, built.assembly.triples, built.ntriples)
                timed(f"export {fmt.name} (not a build stage)", box, step)


def site_size(folder: Path) -> dict[str, Any]:
    """The readers' site as written: its pages, their total size, the largest page, and the
    largest search index (one per language)."""
    pages, total, largest, largest_page = 0, 0, 0, ""
    indexes: dict[Path, int] = {}  # each language's, its parts together
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        if path.name.startswith("search-index") and path.suffix == ".js":
            indexes[path.parent] = indexes.get(path.parent, 0) + size
        elif path.suffix == ".html":
            pages += 1
            if size > largest:
                largest, largest_page = size, str(path.relative_to(folder))
    index = max(indexes.values(), default=0)
    return {"pages": pages, "bytes": total, "largest": largest, "largest_page": largest_page, "index": index}


def materialise(result: Any) -> int:
    """Read every row of a pyoxigraph or rdflib result."""
    rows = 0
    for row in result:
        rows += 1
        for _ in row:
            pass
    return rows


def repeat(name: str, box: float, step: Callable[[], int], **extra: Any) -> None:
    """Median of 3 to 15 runs (up to about a second of them; one when a run is slow); time-boxed."""
    times: list[float] = []
    rows = 0
    for attempt in range(15):
        start = time.perf_counter()
        try:
            with timebox(box):
                rows = step()
        except StageTimeout:
            emit(step=name, seconds=time.perf_counter() - start, timed_out=True, **extra)
            return
        except Exception as exc:  # a query one engine cannot run is reported, not fatal
            emit(step=name, error=f"{type(exc).__name__}: {exc}"[:300], **extra)
            return
        times.append(time.perf_counter() - start)
        if sum(times) > 5 or (attempt >= 2 and sum(times) > 1):
            break
    emit(step=name, seconds=statistics.median(times), runs=len(times), rows=rows, timed_out=False, **extra)


def work_oxigraph(args: dict[str, Any]) -> None:
    """Raw pyoxigraph: bulk_load the dump, run the queries, read every row."""
    import pyoxigraph as ox

    from graph.sparql.query import Prefixes
    from graph.sparql.store import standard_prefixes

    store = ox.Store()
    timed(
        "load dump",
        args["timebox"],
        lambda: store.bulk_load(path=args["dump"], format=ox.RdfFormat.N_TRIPLES),
    )
    head = Prefixes(standard_prefixes()).prologue()

    def run_raw(text: str) -> int:
        return materialise(store.query(head + text))

    for name, text in args["queries"].items():
        repeat(name, args["query_timebox"], functools.partial(run_raw, text), query=name)


def work_hrgraph(args: dict[str, Any]) -> None:
    """hrgraph's query path: graph.sparql.store.open_store + graph.sparql.query.run_query + format_result."""
    from graph.sparql.query import Prefixes, format_result, run_query
    from graph.sparql.store import open_store, standard_prefixes

    holder: dict[str, Any] = {}
    timed("load dump", args["timebox"], lambda: holder.setdefault("store", open_store(Path(args["dump"]))))
    store = holder["store"]
    prefixes = Prefixes(standard_prefixes())
    for name, text in args["queries"].items():

        def csv(text: str = text) -> int:
            return format_result(run_query(store, text, prefixes), "csv", prefixes).count("\n") - 1

        def table(text: str = text) -> int:
            return format_result(run_query(store, text, prefixes), "table", prefixes).count("\n") - 3

        repeat(name, args["query_timebox"], csv, query=name, fmt="csv")
        repeat(name + " (table)", args["query_timebox"], table, query=name, fmt="table")


def work_naive(args: dict[str, Any]) -> None:
    """The naive path: rdflib in-memory Graph, pySHACL, rdflib's SPARQL engine."""
    from pyshacl import validate as shacl_validate
    from rdflib import Graph

    from graph.core.ontology import load_ontology
    from graph.sparql.query import Prefixes
    from graph.sparql.store import standard_prefixes

    graph = Graph()
    loaded = timed("load dump", args["timebox"], lambda: graph.parse(args["dump"], format="nt"))
    if loaded is StageTimeout:
        return
    ontology = load_ontology(Path(args["ontology"]))
    timed(
        "validate (pySHACL)",
        args["timebox"],
        lambda: shacl_validate(
            graph,
            shacl_graph=ontology.shapes,
            ont_graph=ontology.terms,
            inference="none",
            allow_warnings=True,
        ),
    )
    head = Prefixes(standard_prefixes()).prologue()

    def run_naive(text: str) -> int:
        return materialise(graph.query(head + text))

    for name, text in args["queries"].items():
        repeat(name, args["query_timebox"], functools.partial(run_naive, text), query=name)


def work_dump(args: dict[str, Any]) -> None:
    """graph.nt without validation (when the build itself did not finish in its time box)."""
    from graph.core.ontology import load_ontology
    from graph.ingest.load import load_sources
    from graph.rdf.assemble import assemble
    from graph.rdf.dumps import to_ntriples

    ontology = load_ontology(Path(args["ontology"]))
    graph = assemble(load_sources(Path(args["sources"]), ontology), ontology).graph
    Path(args["dump"]).parent.mkdir(parents=True, exist_ok=True)
    Path(args["dump"]).write_bytes(to_ntriples(graph))


WORKERS: dict[str, Callable[[dict[str, Any]], None]] = {
    "dump": work_dump,
    "stages": work_stages,
    "oxigraph": work_oxigraph,
    "hrgraph": work_hrgraph,
    "naive": work_naive,
}


# ---------------------------------------------------------------- the run


def incremental_stages(sources: Path, out: Path, edit: dict[str, str], box: float) -> list[dict[str, Any]]:
    """The stages of a build made from the last one (in `out`, the stages' cold build) after one
    edit: a first run with nothing changed fills the cache of source files, the second is timed."""
    args = {"sources": str(sources), "ontology": str(ONTOLOGY), "out": str(out), "timebox": box}
    worker("stages", {**args, "incremental": True}, box * 20)
    edited = sources / edit["file"]
    original = edited.read_text(encoding="utf-8")
    edited.write_text(original.replace(edit["old"], edit["new"], 1), encoding="utf-8")
    try:
        print(f"[{out.parent.name}] stages after one edit ...", file=sys.stderr)
        _, rows = worker("stages", {**args, "incremental": True}, box * 20)
    finally:
        edited.write_text(original, encoding="utf-8")
    return rows


def parse_size(text: str) -> int:
    text = text.strip().lower()
    factor = 1000 if text.endswith("k") else 1_000_000 if text.endswith("m") else 1
    return int(float(text.rstrip("km")) * factor)


def size_name(records: int) -> str:
    return f"{records // 1000}k" if records % 1000 == 0 else str(records)


def all_queries(examples: dict[str, str], base: str) -> dict[str, str]:
    """The representative queries, then the saved ones (when graph/sparql/queries exists)."""
    iri = {key: f"<{base}{value}>" for key, value in examples.items() if "/" in value}
    values = {**iri, "on": examples.get("post_on", ""), "today": QUERY_DATE}
    queries = {}
    for name, (_, text) in QUERIES.items():
        for key, value in values.items():
            text = text.replace("{" + key + "}", value)
        queries[name] = text
    try:
        from graph.sparql.saved import bind_params, saved_queries, with_values_block
        from graph.sparql.store import standard_prefixes
    except ImportError:
        return queries
    prefixes = standard_prefixes()
    for name, saved in saved_queries().items():
        given = {}
        for param in saved.params:
            if (name, param.name) in SAVED_OVERRIDES:
                given[param.name] = SAVED_OVERRIDES[(name, param.name)]
            elif param.name in SAVED_PARAMS and SAVED_PARAMS[param.name] in examples:
                given[param.name] = examples[SAVED_PARAMS[param.name]]
        try:
            bound = bind_params(saved, given, prefixes)
        except Exception as exc:
            print(f"  saved query {name} skipped: {exc}", file=sys.stderr)
            continue
        queries[f"saved: {name}"] = with_values_block(saved.text, bound, prefixes)  # as hrgraph binds
    return queries


def by_step(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["step"]: row for row in rows}


def _group_peak(result: dict[str, Any]) -> str:
    """The build's group peak (`Run.group_peak_mb`), or why there is none."""
    peak = result["build"].get("group_peak_mb")
    return f"{peak:,.0f} MB" if peak else "not measured"


def seconds_text(row: dict[str, Any] | None, scale: float = 1.0, unit: str = "s") -> str:
    if row is None:
        return "not run"
    if "error" in row:
        return "error"
    value = row["seconds"] * scale
    text = f"{value:.3g}" if value < 100 else f"{value:.0f}"
    return f"> {text} {unit}" if row.get("timed_out") else f"{text} {unit}"


# ---------------------------------------------------------------- a cold folder, fairly
# A folder is not removed before a timed build but set aside and removed when every size is
# measured. On a disk like this machine's (ext4 without a journal), a file made within about
# five minutes of many files removed near it costs some 15 times the kernel's time (ext4 skips
# the recently freed inodes one by one: measured 380 us against 25 us a file), and the site
# alone is over 200,000 files at 100k records: removing the last build's just before the
# cold one doubled the site's time (10k: 14.0 s against 7.3 s), a cost of the benchmark's own
# cleaning, not of a build. `file_create_us` in the machine's line shows the disk's state.


def set_aside(path: Path, work: Path) -> None:
    """Move `path` (if there) into the work folder's trash, removed by `empty_trash`."""
    if os.path.lexists(path):
        trash = work / ".trash"
        trash.mkdir(exist_ok=True)
        os.replace(path, tempfile.mkdtemp(prefix=path.name + "-", dir=trash))


def empty_trash(work: Path) -> None:
    """Remove what `set_aside` moved (after the timings: see above)."""
    trash = work / ".trash"
    if trash.exists():
        started = time.perf_counter()
        subprocess.run(["rm", "-rf", str(trash)], check=True)
        print(f"removed the folders set aside in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def file_create_us(work: Path, files: int = 2000) -> float:
    """Microseconds to make one small file in `work` now (the files are set aside, not removed)."""
    folder = Path(tempfile.mkdtemp(prefix="file-create-", dir=work))
    started = time.perf_counter()
    for number in range(files):
        (folder / f"{number}.html").write_bytes(b"<p>" * 2000)
    seconds = time.perf_counter() - started
    set_aside(folder, work)
    return round(seconds / files * 1e6, 1)


def measure_size(records: int, args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.synthetic import read_manifest, write

    name = size_name(records)
    root = args.work / name
    sources = root / "sources"
    if not (sources / "synthetic.json").is_file() or read_manifest(sources).records != records:
        set_aside(sources, args.work)
        started = time.perf_counter()
        write(sources, records, args.seed, ONTOLOGY)
        print(f"[{name}] generated in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    manifest = read_manifest(sources)
    result: dict[str, Any] = {"records": records, "files": manifest.files, "counts": manifest.counts}
    box = args.timebox
    if args.start_only:
        return {**result, **measure_start(sources, root / "build", args)}

    print(f"[{name}] build stages ...", file=sys.stderr)
    set_aside(root / "stages", args.work)  # a cold build into an empty folder, as the full build's
    stages_run, stage_rows = worker(
        "stages",
        {"sources": str(sources), "ontology": str(ONTOLOGY), "out": str(root / "stages"), "timebox": box},
        box * 20,
    )
    stages = by_step(stage_rows)
    result["stages"] = stage_rows
    result["stages_peak_mb"] = stages_run.peak_mb
    result["triples"] = stages.get("triples", {}).get("value")
    result["nodes"] = stages.get("nodes", {}).get("value")
    result["site"] = stages.get("site size")
    if args.stages_only:
        return result
    stage_timed_out = any(r.get("timed_out") for r in stage_rows) or stages_run.timed_out
    stage_sum = sum(r.get("seconds", 0.0) for r in stage_rows)

    out = root / "build"
    # the builds and validate run in `root`, where validate finds build/, as a curator runs them
    validate_cmd = [sys.executable, "-m", "graph", "validate"]
    build_cmd = [
        sys.executable,
        "-m",
        "graph",
        "build",
        "--sources",
        str(sources),
        "--ontology",
        str(ONTOLOGY),
        "--out",
        str(out),
    ]
    dump = out / "graph.nt"
    if stage_timed_out and not args.force_build:
        print(f"[{name}] full build skipped: a stage exceeded {box:g} s", file=sys.stderr)
        result["build"] = {
            "seconds": stage_sum,
            "timed_out": True,
            "peak_mb": stages_run.peak_mb,
            "skipped": True,
        }
        result["incremental"] = None
    else:
        print(f"[{name}] full build ...", file=sys.stderr)
        set_aside(out, args.work)  # no cache: a cold build
        built = run(build_cmd, args.build_timebox, root)
        result["build"] = {
            "seconds": built.seconds,
            "timed_out": built.timed_out,
            "peak_mb": built.peak_mb,
            "group_peak_mb": built.group_peak_mb,
        }
        if built.returncode not in (0, None):
            result["build"]["error"] = built.stderr[-2000:]
        result["incremental"] = None
        if built.returncode == 0 and manifest.edit and built.seconds > args.incremental_max_build:
            print(
                f"[{name}] incremental rebuild skipped: the full build took {built.seconds:.0f} s",
                file=sys.stderr,
            )
        elif built.returncode == 0 and manifest.edit:
            print(f"[{name}] rebuild, nothing changed ...", file=sys.stderr)
            same = run(build_cmd, args.build_timebox, root)
            result["unchanged"] = {"seconds": same.seconds, "timed_out": same.timed_out}
            result["unchanged"]["peak_mb"] = same.peak_mb
            edited = sources / manifest.edit["file"]
            original = edited.read_text(encoding="utf-8")
            edited.write_text(
                original.replace(manifest.edit["old"], manifest.edit["new"], 1), encoding="utf-8"
            )
            try:
                print(f"[{name}] validate after one edit ...", file=sys.stderr)
                checked = run(
                    [*validate_cmd, "--sources", str(sources), "--ontology", str(ONTOLOGY)], box, root
                )
                result["validate_edit"] = {"seconds": checked.seconds, "timed_out": checked.timed_out}
                result["validate_edit"]["peak_mb"] = checked.peak_mb
                print(f"[{name}] incremental rebuild ...", file=sys.stderr)
                again = run(build_cmd, args.build_timebox, root)
                result["incremental"] = {
                    "seconds": again.seconds,
                    "timed_out": again.timed_out,
                    "peak_mb": again.peak_mb,
                    "file": manifest.edit["file"],
                }
            finally:
                edited.write_text(original, encoding="utf-8")
            if args.incremental_stages:
                result["incremental_stages"] = incremental_stages(
                    sources, root / "stages", manifest.edit, box
                )
    if not dump.is_file():
        # the build did not finish: write the dump alone (load, assemble, N-Triples; no
        # validation), outside the timings, for the queries
        print(f"[{name}] writing the dump for the queries ...", file=sys.stderr)
        worker("dump", {"sources": str(sources), "ontology": str(ONTOLOGY), "dump": str(dump)}, 4 * 3600)

    from graph.core.vocab import DEFAULT_DATA_BASE

    queries = all_queries(manifest.examples, DEFAULT_DATA_BASE)
    common = {"dump": str(dump), "queries": queries, "timebox": box, "ontology": str(ONTOLOGY)}
    print(f"[{name}] queries: hrgraph ...", file=sys.stderr)
    hr_run, hr_rows = worker("hrgraph", {**common, "query_timebox": args.query_timebox}, box * 10)
    print(f"[{name}] queries: raw pyoxigraph ...", file=sys.stderr)
    ox_run, ox_rows = worker("oxigraph", {**common, "query_timebox": args.query_timebox}, box * 10)
    naive_box = args.naive_query_timebox
    print(f"[{name}] naive: rdflib + pySHACL + rdflib SPARQL ...", file=sys.stderr)
    nv_run, nv_rows = worker(
        "naive", {**common, "query_timebox": naive_box}, box * 2 + naive_box * 3 * len(queries) + 60
    )
    result["hrgraph"] = {"peak_mb": hr_run.peak_mb, "rows": hr_rows}
    result["oxigraph"] = {"peak_mb": ox_run.peak_mb, "rows": ox_rows}
    result["naive"] = {"peak_mb": nv_run.peak_mb, "rows": nv_rows, "timed_out": nv_run.timed_out}

    print(f"[{name}] CLI query, cold ...", file=sys.stderr)
    cold = run(
        [
            sys.executable,
            "-m",
            "graph",
            "query",
            queries["person-meetings"],
            "--graph",
            str(dump),
            "--format",
            "csv",
        ],
        box,
    )
    result["cli_query_cold"] = {"seconds": cold.seconds, "peak_mb": cold.peak_mb, "timed_out": cold.timed_out}
    result["start"] = cold_start(out, args.start_runs, box)
    return result


def measure_start(sources: Path, out: Path, args: argparse.Namespace) -> dict[str, Any]:
    """--start-only: a cold build (for its store), then the start-up rows alone."""
    print(f"[{out.parent.name}] full build (for the kept store) ...", file=sys.stderr)
    set_aside(out, args.work)
    build = [sys.executable, "-m", "graph", "build", "--sources", str(sources), "--ontology", str(ONTOLOGY)]
    built = run([*build, "--out", str(out)], args.build_timebox)
    if built.returncode != 0:
        raise SystemExit(f"the build failed: {built.stderr[-2000:]}")
    triples = (out / "graph.nt").read_bytes().count(b"\n")
    print(f"[{out.parent.name}] start-up, {args.start_runs} interleaved runs ...", file=sys.stderr)
    return {
        "triples": triples,
        "build": {"seconds": built.seconds, "peak_mb": built.peak_mb, "timed_out": built.timed_out},
        "start": cold_start(out, args.start_runs, args.timebox),
    }


def cold_start(out: Path, runs: int, box: float) -> dict[str, Any]:
    """Medians of interleaved cold processes: `hrgraph query` COUNT(*) on the build, the anchor
    (pyoxigraph opening the kept store, same query), `hrgraph --help`; and whether the two
    answers agree."""
    from graph.sparql.kept_store import DATABASE, STORE_FOLDER

    dump = str(out / "graph.nt")
    commands = {
        "query": [sys.executable, "-m", "graph", "query", COUNT_ALL, "--graph", dump, "--format", "csv"],
        "anchor": [sys.executable, "-c", ANCHOR, str(out / STORE_FOLDER / DATABASE), COUNT_ALL],
        "help": [sys.executable, "-m", "graph", "--help"],
    }
    first = run(commands["query"], box)  # not counted: the page cache, as for every later query
    samples: dict[str, list[Run]] = {kind: [] for kind in commands}
    for _ in range(runs):
        for kind, command in commands.items():
            samples[kind].append(run(command, box))
    result: dict[str, Any] = {
        kind: {
            "seconds": statistics.median(s.seconds for s in done),
            "peak_mb": statistics.median(s.peak_mb for s in done),
            "timed_out": any(s.timed_out for s in done),
            "runs": len(done),
        }
        for kind, done in samples.items()
    }
    result["first_query_said"] = first.stderr.strip()
    answers = {kind: done[-1].stdout.split() for kind, done in samples.items()}
    result["same_answer"] = answers["query"] == answers["anchor"]
    return result


# ---------------------------------------------------------------- report


def ratio(a: dict[str, Any] | None, b: dict[str, Any] | None) -> str:
    """a / b, with '>' or '<' when one side only has a lower bound."""
    if not a or not b or "seconds" not in a or "seconds" not in b or b["seconds"] <= 0:
        return "–"
    value = a["seconds"] / b["seconds"]
    text = f"{value:.2g}" if value < 10 else f"{value:.0f}"
    if a.get("timed_out") and not b.get("timed_out"):
        return f"> {text}"
    if b.get("timed_out") and not a.get("timed_out"):
        return f"< {text}"
    return "?" if a.get("timed_out") else text


def report(results: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    add = lines.append
    header = "| | " + " | ".join(size_name(r["records"]) for r in results) + " |"
    rule = "|---|" + "---|" * len(results)
    add("### Build\n")
    add(header)
    add(rule)

    def row(label: str, cell: Callable[[dict[str, Any]], str]) -> None:
        add(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")

    row("records / files", lambda r: f"{r['records']:,} / {r['files']:,}")
    row("triples", lambda r: f"{r['triples']:,}" if r.get("triples") else "?")
    row("nodes drawn in the HTML", lambda r: f"{r['nodes']:,}" if r.get("nodes") else "?")
    row("readers' site: pages (3 languages) / total", _site_pages)
    row("readers' site: largest page", _site_largest)
    row("readers' site: search index (one language)", lambda r: _megabytes(r, "index"))
    stages_only = any("build" not in r for r in results)
    if not stages_only:
        _report_build(results, row)
    stage_names = [s["step"] for s in results[0]["stages"] if "seconds" in s]
    for stage in stage_names:
        row(f"stage: {stage}", functools.partial(stage_cell, stage))
    row("peak memory of the stages run", lambda r: f"{r['stages_peak_mb']:,.0f} MB")
    if any(r.get("incremental_stages") for r in results):
        for stage in stage_names:
            row(f"after one edit: {stage}", functools.partial(incremental_stage_cell, stage))
    if not stages_only:
        _report_queries(results, row, add)
    return "\n".join(lines) + "\n"


def _site_pages(r: dict[str, Any]) -> str:
    site = r.get("site")
    return f"{site['pages']:,} / {site['bytes'] / 1e6:,.1f} MB" if site else "?"


def _site_largest(r: dict[str, Any]) -> str:
    site = r.get("site")
    return f"{site['largest'] / 1e3:,.0f} KB (`{site['largest_page']}`)" if site else "?"


def _megabytes(r: dict[str, Any], key: str) -> str:
    site = r.get("site")
    return f"{site[key] / 1e6:,.1f} MB" if site else "?"


def _report_build(
    results: list[dict[str, Any]], row: Callable[[str, Callable[[dict[str, Any]], str]], None]
) -> None:
    """The rows of the full build and of the rebuilds."""
    row("**full build** (`hrgraph build`)", lambda r: seconds_text(r["build"]))
    row("peak memory of the build: its largest process", lambda r: f"{r['build']['peak_mb']:,.0f} MB")
    row("peak memory of the build: all its processes (PSS)", _group_peak)
    row(
        "rebuild, nothing changed (cache of unchanged files)",
        lambda r: seconds_text(r["unchanged"]) if r.get("unchanged") else "not run",
    )
    row(
        "**incremental rebuild** (one file changed)",
        lambda r: seconds_text(r["incremental"]) if r.get("incremental") else "not run",
    )
    row(
        "incremental / full",
        lambda r: ratio(r.get("incremental"), r["build"]) if r.get("incremental") else "–",
    )
    row(
        "**validate after one edit** (`hrgraph validate`, from the last build)",
        lambda r: seconds_text(r["validate_edit"]) if r.get("validate_edit") else "not run",
    )


def _report_queries(
    results: list[dict[str, Any]],
    row: Callable[[str, Callable[[dict[str, Any]], str]], None],
    add: Callable[[str], None],
) -> None:
    """The rows of loading and querying, then a table of the queries at each size."""
    row(
        "naive: rdflib parse of graph.nt",
        lambda r: seconds_text(by_step(r["naive"]["rows"]).get("load dump")),
    )
    row("naive: pySHACL on it", lambda r: seconds_text(by_step(r["naive"]["rows"]).get("validate (pySHACL)")))
    row(
        "raw pyoxigraph: bulk_load graph.nt",
        lambda r: seconds_text(by_step(r["oxigraph"]["rows"]).get("load dump")),
    )
    row(
        "hrgraph: open_store(graph.nt)",
        lambda r: seconds_text(by_step(r["hrgraph"]["rows"]).get("load dump")),
    )
    row(
        "`hrgraph query` end to end, cold (process + load + query)",
        lambda r: seconds_text(r["cli_query_cold"]),
    )
    row("peak memory: hrgraph query / raw pyoxigraph / naive", _memories)
    _start_rows(row)

    for result in results:
        add(f"\n### Queries at {size_name(result['records'])} ({result.get('triples') or 0:,} triples)\n")
        add(
            "| query | hrgraph (csv) | hrgraph (table) | raw pyoxigraph | naive rdflib | rows "
            "| hrgraph / raw | naive / hrgraph |"
        )
        add("|---|---|---|---|---|---|---|---|")
        hr = by_step(result["hrgraph"]["rows"])
        ox = by_step(result["oxigraph"]["rows"])
        nv = by_step(result["naive"]["rows"])
        for name in [r["step"] for r in result["oxigraph"]["rows"] if "query" in r]:
            ms = 1000.0
            cells = [
                seconds_text(hr.get(name), ms, "ms"),
                seconds_text(hr.get(name + " (table)"), ms, "ms"),
                seconds_text(ox.get(name), ms, "ms"),
                seconds_text(nv.get(name), ms, "ms"),
                str(ox.get(name, {}).get("rows", "?")),
                ratio(hr.get(name), ox.get(name)),
                ratio(nv.get(name), hr.get(name)),
            ]
            add(f"| {name} | " + " | ".join(cells) + " |")


def incremental_stage_cell(stage: str, r: dict[str, Any]) -> str:
    rows = r.get("incremental_stages")
    return seconds_text(by_step(rows).get(stage)) if rows else "not run"


def stage_cell(stage: str, r: dict[str, Any]) -> str:
    return seconds_text(by_step(r["stages"]).get(stage))


def _memories(r: dict[str, Any]) -> str:
    return (
        f"{r['hrgraph']['peak_mb']:,.0f} / {r['oxigraph']['peak_mb']:,.0f} / {r['naive']['peak_mb']:,.0f} MB"
    )


def targets(results: list[dict[str, Any]]) -> str:
    """The issue's targets, checked at the largest size run."""
    r = results[-1]
    lines = [f"\n### Targets (checked at {size_name(r['records'])}, {r.get('triples') or 0:,} triples)\n"]
    build = r["build"]
    met = lambda ok: "met" if ok else "**not met**"  # noqa: E731
    fast = not build.get("timed_out") and build["seconds"] <= 60
    lines.append(f"- full build ≤ 60 s: {seconds_text(build)} → {met(fast)}")
    held = max(build["peak_mb"], build.get("group_peak_mb", 0.0))  # all its processes, where measured
    lines.append(f"- peak memory ≤ 2 GB (all its processes): {held:,.0f} MB → {met(held <= 2048)}")
    inc = r.get("incremental")
    if inc:
        share = inc["seconds"] / build["seconds"]
        lines.append(f"- incremental ≤ 10% of full: {share:.0%} → {met(share <= 0.10)}")
    else:
        lines.append("- incremental ≤ 10% of full: not run (the full build did not finish) → **not met**")
    hr = by_step(r["hrgraph"]["rows"])
    ox = by_step(r["oxigraph"]["rows"])
    nv = by_step(r["naive"]["rows"])
    names = [row["step"] for row in r["oxigraph"]["rows"] if "query" in row]
    slow = [
        n
        for n in names
        if hr.get(n) and ox.get(n) and hr[n].get("seconds", 0) > 2 * ox[n].get("seconds", 1e9)
    ]
    lines.append(
        f"- every query within 2× raw pyoxigraph: {len(names) - len(slow)}/{len(names)} → {met(not slow)}"
    )
    # a naive run stopped by its time box proves only "more than box / hrgraph": short of 10x,
    # the query is not shown to be 10x faster
    not_fast = [
        n
        for n in names
        if hr.get(n) and nv.get(n) and "seconds" in nv[n] and nv[n]["seconds"] < 10 * hr[n]["seconds"]
    ]
    lines.append(
        f"- every query ≥ 10× faster than naive: {len(names) - len(not_fast)}/{len(names)}"
        f" → {met(not not_fast)}" + (f" (not shown: {', '.join(not_fast)})" if not_fast else "")
    )
    lines.append(start_target(r))
    return "\n".join(lines) + "\n"


def _start_rows(row: Callable[[str, Callable[[dict[str, Any]], str]], None]) -> None:
    """The start-up rows (issue 16), from the same interleaved runs."""

    def start(kind: str) -> Callable[[dict[str, Any]], str]:
        return lambda r: seconds_text(r["start"][kind]) if r.get("start") else "not run"

    row("**`hrgraph query` COUNT(*)**, cold process, kept store", start("query"))
    row("anchor: fresh process, pyoxigraph opens the kept store, same query", start("anchor"))
    row(
        "query / anchor (target ≤ 1.5)",
        lambda r: ratio(r["start"]["query"], r["start"]["anchor"]) if r.get("start") else "–",
    )
    row(
        "peak memory: query / anchor",
        lambda r: (
            f"{r['start']['query']['peak_mb']:,.0f} / {r['start']['anchor']['peak_mb']:,.0f} MB"
            if r.get("start")
            else "–"
        ),
    )
    row("`hrgraph --help`, cold process", start("help"))


def start_target(r: dict[str, Any]) -> str:
    start = r.get("start")
    if not start:
        return "- `hrgraph query` cold ≤ 1.5× the anchor: not run"
    share = start["query"]["seconds"] / start["anchor"]["seconds"]
    verdict = "met" if share <= 1.5 and start["same_answer"] else "**not met**"
    agree = "" if start["same_answer"] else " (the answers differ)"
    return f"- `hrgraph query` COUNT(*) cold ≤ 1.5× the anchor: {share:.2f}× → {verdict}{agree}"


def start_report(results: list[dict[str, Any]]) -> str:
    """--start-only: the build that made the store, and the start-up rows."""
    lines = ["### Start-up (issue 16)\n"]
    lines.append("| | " + " | ".join(size_name(r["records"]) for r in results) + " |")
    lines.append("|---|" + "---|" * len(results))

    def row(label: str, cell: Callable[[dict[str, Any]], str]) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")

    row("triples", lambda r: f"{r['triples']:,}")
    row("full build (writes the kept store)", lambda r: seconds_text(r["build"]))
    _start_rows(row)
    lines.append("")
    lines.extend(f"At {size_name(r['records'])}: " + start_target(r)[2:] for r in results)
    return "\n".join(lines) + "\n"


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    try:
        cpu = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next(
            line.split(":", 1)[1].strip() for line in cpu.splitlines() if line.startswith("model name")
        )
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        info["memory_gb"] = round(int(mem) / 1024 / 1024, 1)
    except (OSError, StopIteration):
        pass
    for package in ("rdflib", "pyoxigraph", "pyshacl", "pydantic", "PyYAML", "networkx", "pyvis", "hrgraph"):
        try:
            info[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            info[package] = None
    import yaml

    info["libyaml"] = bool(getattr(yaml, "__with_libyaml__", False))
    return info


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        sys.path.insert(0, str(REPO))
        WORKERS[sys.argv[2]](json.loads(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1k,10k", help="comma-separated record counts (default 1k,10k)")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "benchmark", help="working folder")
    parser.add_argument("--json", type=Path, default=None, help="where to write the JSON results")
    parser.add_argument("--markdown", type=Path, default=None, help="also write the tables to this file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--timebox", type=float, default=300, help="seconds allowed to one step (default 300)"
    )
    parser.add_argument("--build-timebox", type=float, default=1800, help="seconds allowed to one full build")
    parser.add_argument("--query-timebox", type=float, default=60, help="seconds per query on Oxigraph")
    parser.add_argument(
        "--naive-query-timebox", type=float, default=60, help="seconds per naive rdflib query"
    )
    parser.add_argument(
        "--incremental-stages",
        action="store_true",
        help="also time each stage of a build made from the last one after one edit",
    )
    parser.add_argument(
        "--incremental-max-build",
        type=float,
        default=900,
        help="skip the incremental rebuild when the full build took longer (default 900 s)",
    )
    parser.add_argument(
        "--force-build", action="store_true", help="run the full build even after a stage timed out"
    )
    parser.add_argument(
        "--start-only",
        action="store_true",
        help="a cold build, then only the start-up rows (query COUNT(*) against the anchor, --help)",
    )
    parser.add_argument(
        "--start-runs", type=int, default=7, help="interleaved runs of each start-up command (default 7)"
    )
    parser.add_argument(
        "--stages-only",
        action="store_true",
        help="time the build's stages (and the site's size) only: no full build, no queries",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    args.work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    creating = file_create_us(args.work)
    results = []
    for size in args.sizes.split(","):
        results.append(measure_size(parse_size(size), args))
    empty_trash(args.work)
    info = machine()
    info["file_create_us"] = creating
    info["benchmark_seconds"] = round(time.perf_counter() - started)
    info["command"] = "python scripts/benchmark.py " + " ".join(sys.argv[1:])
    if args.start_only:
        text = start_report(results)
    else:
        text = report(results) + ("" if args.stages_only else targets(results))
    machine_line = ", ".join(f"{k}: {v}" for k, v in info.items())
    print(text)
    print(f"Machine: {machine_line}")
    json_path = args.json or args.work / "benchmark.json"
    json_path.write_text(json.dumps({"machine": info, "results": results}, indent=2) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(text + f"\nMachine: {machine_line}\n", encoding="utf-8")
    print(f"Wrote {json_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
