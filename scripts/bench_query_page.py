"""Measure the query page's file version at a graph's size: how long Chromium takes, from a
double-clicked file, to compile Oxigraph's WebAssembly and load the embedded graph, and to
answer a GROUP BY over every triple. The page is written whatever the size (the build writes
it only up to graph.querypage.page.MAX_TRIPLES_IN_FILE).

    .venv/bin/python scripts/bench_query_page.py build/graph.nt [more.nt ...]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.offline_browser import CHROMIUM, CHROMIUM_ARGS
from graph.querypage.page import Setting, build_prefixes, write_file_version

QUERY = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)"
TIMED_QUERY = """async (query) => {
  const started = performance.now();
  const answer = await window.hrgraphPage.engine(query);
  const rows = JSON.parse(answer.data).results.bindings.length;
  return { ms: performance.now() - started, rows };
}"""


def measure(dump: Path, tries: int) -> dict[str, object]:
    ntriples = dump.read_bytes()
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        write_file_version(Path(folder), ntriples, Setting("file", build_prefixes(_base(dump)), "bench"))
        page_file = Path(folder) / "query.html"
        sizes = {p.name: p.stat().st_size for p in (Path(folder) / "query").glob("*.js")}
        sizes["query.html"] = page_file.stat().st_size
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        opens, loads, engines, queries, rows = [], [], [], [], 0
        for _ in range(tries):
            page = browser.new_page()
            page.goto(page_file.as_uri(), timeout=600_000)
            # the graph is loaded by the page's worker, after the page is ready
            page.wait_for_function("() => window.hrgraphQueryLoaded", timeout=600_000)
            loaded = page.evaluate("() => window.hrgraphQueryLoaded")
            loads.append(loaded["ms"])
            opens.append(loaded["openedMs"])
            engines.append(loaded["engineMs"])
            page.set_default_timeout(600_000)
            timed = page.evaluate(TIMED_QUERY, QUERY)
            queries.append(timed["ms"])
            rows = timed["rows"]
            page.close()
        browser.close()
    return {
        "graph": str(dump),
        "triples": loaded["triples"],
        "page MB": round(sum(sizes.values()) / 1e6, 1),
        "data.js MB": round(sizes["data.js"] / 1e6, 1),
        "engine ms (median)": round(statistics.median(engines)),
        "engine + load ms (median)": round(statistics.median(loads)),
        "opened ms, from navigation (median)": round(statistics.median(opens)),
        "GROUP BY ms (median)": round(statistics.median(queries)),
        "GROUP BY rows": rows,
    }


def _base(dump: Path) -> str:
    """The build's data base, from the person: prefix of its Turtle dump (else the default)."""
    turtle = dump.with_suffix(".ttl")
    if turtle.is_file():
        with turtle.open(encoding="utf-8") as lines:
            for line in lines:
                if line.startswith("@prefix person:"):
                    return line.split("<", 1)[1].split(">", 1)[0].removesuffix("person/")
    from graph.core.vocab import DEFAULT_DATA_BASE

    return DEFAULT_DATA_BASE


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dumps", nargs="+", type=Path, help="graph.nt files")
    parser.add_argument("--tries", type=int, default=3)
    args = parser.parse_args()
    for dump in args.dumps:
        print(json.dumps(measure(dump, args.tries)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
