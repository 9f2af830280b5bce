#!/usr/bin/env python3
"""How fast is the HTML view at scale? Run by hand (not by the test suite):

    .venv/bin/python scripts/bench_html.py                    # 500, 2,000, 5,000, 10,000 nodes
    .venv/bin/python scripts/bench_html.py --sizes 500 5000 --json bench.json
    .venv/bin/python scripts/bench_html.py --sources /tmp/syn100k --no-baseline   # a synthetic build's view

For each size it builds a synthetic networkx view shaped like hrgraph's (people holding posts
in organisations of countries, attending meetings in places, commitments made at meetings to
countries, figures, instruments), then times, in this process, the layout and the HTML, and,
in headless Chromium (Debian's, through Playwright; every non-file request refused), the time
from navigation to the first draw and until the page answers (the first task after the first
draw), and the time one zoom step takes to redraw: the median of --repeat loads. From
graph.view.big.BIG_PAGE nodes the page opens on an overview and loads the rest from a folder
beside it: then also the time from a search (Enter) to its neighbourhood drawn, and a zoom step
there. Memory: the page's JavaScript heap (Chrome's JSHeapUsedSize) after loading (and after
the search), and the proportional set size (PSS) of all Chromium's processes.
`--sources DIR` measures the view of a source tree (python -m benchmarks.synthetic) instead of
the views made here.

Baselines, measured in the same run:
- `physics`: the same page without precomputed positions and with vis-network's default
  physics (what pyvis does by default): time to the first draw, given up after
  --baseline-timeout seconds;
- `spring`: networkx's spring_layout (seeded, 100 iterations, as hrgraph used before) instead
  of hrgraph's layout, for sizes up to --spring-max nodes (it takes minutes beyond).

Prints a table and writes the numbers as JSON (default test-artifacts/bench_html.json).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx
from playwright.sync_api import Browser, sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.offline_browser import CHROMIUM, CHROMIUM_ARGS, refuse_outside  # noqa: E402
from benchmarks.proc import pss_kb, stat_fields  # noqa: E402
from graph.view.layout import layout  # noqa: E402
from graph.view.page import kind_words, render_html, render_page, write_page  # noqa: E402

VIEWPORT = {"width": 1400, "height": 900}
BASE = "https://w3id.org/hrgraph/id/"
VOCAB = "https://w3id.org/hrgraph/topic/"
TOPICS = [
    "migrant-workers",
    "online-scams-and-trafficking",
    "citizen-protection",
    "capacity-building",
    "peace-process",
    "regional-human-rights-cooperation",
    "transnational-crime",
    "civil-liberties",
]
LOCAL = 0.85  # share of links that stay within a country (real data clusters by country)
SHARES = {  # kind (its id in the view) → share of the nodes
    "Person": 0.28,
    "Organization": 0.1,
    "Place": 0.08,
    "Post": 0.12,
    "Meeting": 0.12,
    "MeetingSeries": 0.01,
    "Commitment": 0.18,
    "Instrument": 0.02,
    "Observation": 0.07,
}


# ---------------------------------------------------------------- synthetic views


def synthetic_view(size: int, seed: int = 1) -> nx.MultiDiGraph:
    """A view of about `size` nodes with the attributes graph.view.build.to_networkx gives."""
    rng = random.Random(seed)
    syllables = ["ka", "ri", "so", "ma", "nu", "te", "lo", "pa", "di", "ya", "ng", "ha", "ru", "wi", "sen"]

    def name(words: int = 2) -> str:
        parts = ("".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))) for _ in range(words))
        return " ".join(part.capitalize() for part in parts)

    documents = [
        {
            "id": f"{BASE}src/{i}",
            "title": f"{name(4)} {name(3)}",
            "publisher": f"{name(1)} News",
            "date": f"{rng.randint(1988, 2026)}-03-{rng.randint(1, 28):02d}",
            "url": f"https://example.org/news/{i}",
        }
        for i in range(max(20, size // 5))
    ]

    def source() -> dict[str, str]:  # one document of the pool, with its own quote
        return {**rng.choice(documents), "quote": " ".join(name(1) for _ in range(rng.randint(8, 25)))}

    view = nx.MultiDiGraph(lang="en", topics={f"{VOCAB}{t}": t.replace("-", " ") for t in TOPICS})
    countries = max(10, size // 100)
    counts = {kind: max(1, round(size * share)) for kind, share in SHARES.items()}
    counts["Country"] = countries
    ids: dict[str, list[str]] = {}
    for kind, count in counts.items():
        ids[kind] = [f"{BASE}{kind.lower().replace(' ', '-')}/{i}" for i in range(count)]
    nation: dict[str, str] = {}
    home: dict[str, list[str]] = {}  # country → its nodes: most links stay within a country
    for kind, nodes in ids.items():
        for node in nodes:
            years: list[int] = []
            topics: list[str] = []
            if kind in ("Meeting", "Commitment", "Instrument", "Observation", "MeetingSeries"):
                start = rng.randint(1988, 2026)
                years = [start] if kind != "MeetingSeries" else list(range(start, min(start + 3, 2026) + 1))
            if kind in ("Meeting", "Commitment", "MeetingSeries"):
                topics = sorted(f"{VOCAB}{t}" for t in rng.sample(TOPICS, rng.randint(1, 3)))
            label = name(rng.choice((1, 2, 3))) if kind != "Commitment" else name(6)[:48]
            view.add_node(
                node,
                kind=kind,
                label=label,
                summary=kind_words(kind, "en") + (f", {years[0]}" if years else ""),
                dates=str(years[0]) if years else "",
                facts=[{"caption": "Kind", "form": "label", "values": [kind]}],
                sources=[source() for _ in range(rng.randint(0 if kind in ("Country", "Place") else 1, 2))],
                topics=topics,
                countries=[],
                years=years,
            )
    for country in ids["Country"]:
        nation[country] = country
        home[country] = [country]

    def link(a: str, b: str, words: str, years: list[int] | None = None) -> None:
        view.add_edge(
            a,
            b,
            key=f"{a} {words} {b}",
            link=words,
            label=words,
            sentence=f"{view.nodes[a]['label']} — {words} → {view.nodes[b]['label']}",
            dates=str(years[0]) if years else "",
            years=years or [],
            sources=[source()] if years else [],
        )

    def some(kind: str, country: str | None = None) -> str:
        if country is not None and rng.random() < LOCAL:
            local = [n for n in home.get(country, ()) if view.nodes[n]["kind"] == kind]
            if local:
                return rng.choice(local)
        return rng.choice(ids[kind])

    def settle(node: str, country: str) -> None:
        nation[node] = country
        home.setdefault(country, []).append(node)

    for place in ids["Place"]:
        settle(place, some("Country"))
        link(place, nation[place], "located in")
    for org in ids["Organization"]:
        settle(org, some("Country"))
        link(org, nation[org], "country")
    for post in ids["Post"]:
        org = some("Organization")
        settle(post, nation[org])
        link(post, org, "post in")
    for meeting in ids["Meeting"]:
        country = some("Country")
        place = some("Place", country)
        settle(meeting, nation[place])
        link(meeting, place, "held in")
        if rng.random() < 0.3:
            link(meeting, some("MeetingSeries"), "in series")
    for person in ids["Person"]:
        settle(person, some("Country"))
        link(person, nation[person], "national of")
        for _ in range(rng.randint(0, 2)):
            link(person, some("Post", nation[person]), "served as", [rng.randint(1988, 2026)])
        for _ in range(rng.randint(0, 3)):
            meeting = some("Meeting", nation[person])
            link(person, meeting, "attended as", view.nodes[meeting]["years"])
    for commitment in ids["Commitment"]:
        meeting = some("Meeting")
        by = some(rng.choice(("Person", "Country")), nation[meeting])
        to = some("Country")
        link(commitment, meeting, "made at")
        link(commitment, by, "made by")
        link(commitment, to, "made to")
        settle(commitment, nation[by])
        view.nodes[commitment]["countries"] = sorted({nation[by], to})
    for figure in ids["Observation"]:
        about = some("Country")
        link(figure, about, "about")
        link(figure, some("Meeting", about), "stated at")
        settle(figure, about)
    for instrument in ids["Instrument"]:
        for _ in range(rng.randint(1, 6)):
            link(some("Country"), instrument, "ratification", [rng.randint(1988, 2026)])
    for node, data in view.nodes(data=True):
        if not data["countries"] and node in nation:
            data["countries"] = [nation[node]]
    view.graph["countries"] = {c: view.nodes[c]["label"] for c in ids["Country"]}
    return view


# ---------------------------------------------------------------- measuring


ZOOM_STEP = """() => new Promise(done => {
    const net = window.hrgraph.network;
    const start = performance.now();
    net.once('afterDrawing', () => done(performance.now() - start));
    net.moveTo({scale: net.getScale() * 1.5});
})"""


def chromium_pss_mb() -> float | None:
    """The proportional set size of this process's Chromium descendants, in MB (Linux)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int(stat_fields(entry.name)[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    total, stack = 0, list(children.get(os.getpid(), []))
    while stack:
        pid = stack.pop()
        stack += children.get(pid, [])
        try:
            if "chrom" not in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                continue
            total += pss_kb(pid)
        except OSError:
            continue
    return round(total / 1024, 1) if total else None


def js_heap_mb(page: Any) -> float:
    session = page.context.new_cdp_session(page)
    session.send("Performance.enable")
    metrics = {m["name"]: m["value"] for m in session.send("Performance.getMetrics")["metrics"]}
    session.detach()
    return round(float(metrics["JSHeapUsedSize"]) / 1e6, 1)


def open_in_browser(
    browser: Browser, path: Path, timeout_s: float, name: str | None = None
) -> dict[str, Any]:
    """Load the page offline; times in seconds from navigation start, None when timed out.
    `name`: for a large graph's page, a name to search for once it is loaded."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    outside: list[str] = []
    errors: list[str] = []
    refuse_outside(context, outside.append)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    result: dict[str, Any] = {"first_draw_s": None, "interactive_s": None, "zoom_frame_ms": None}
    try:
        page.goto(path.as_uri(), wait_until="commit", timeout=timeout_s * 1000)
        ready = "() => window.hrgraph && window.hrgraph.timing.ready"
        page.wait_for_function(ready, timeout=timeout_s * 1000)
        timing = page.evaluate("window.hrgraph.timing")
        result["first_draw_s"] = round(timing["firstDraw"] / 1000, 3)
        result["interactive_s"] = round(timing["ready"] / 1000, 3)
        result["zoom_frame_ms"] = round(page.evaluate(ZOOM_STEP), 1)
        result["nodes_drawn"] = page.evaluate("Object.keys(window.hrgraph.network.getPositions()).length")
        result["js_heap_mb"] = js_heap_mb(page)
        result["chromium_pss_mb"] = chromium_pss_mb()
        if name is not None:
            started = time.perf_counter()
            page.locator("#search").fill(name)
            page.locator("#search").press("Enter")
            page.wait_for_function(
                "() => window.hrgraph.mode() === 'focus' && !window.hrgraph.busy()", timeout=timeout_s * 1000
            )
            result["search_s"] = round(time.perf_counter() - started, 3)
            result["focus_nodes"] = page.evaluate("window.hrgraph.shown().length")
            result["focus_zoom_ms"] = round(page.evaluate(ZOOM_STEP), 1)
            result["search_js_heap_mb"] = js_heap_mb(page)
    except Exception as exc:  # a timeout: the baseline did not draw in time
        result["error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
    finally:
        context.close()
    result["outside_requests"] = len(outside)
    result["page_errors"] = errors
    return result


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median time to interactive (a timed-out run counts as the slowest)."""
    ordered = sorted(runs, key=lambda r: r["interactive_s"] if r["interactive_s"] is not None else math.inf)
    return ordered[len(ordered) // 2]


def view_of_sources(sources: Path) -> nx.MultiDiGraph:
    """The network view a build makes of a source tree."""
    from graph.pipeline import check
    from graph.view.build import to_networkx

    checked = check(sources, REPO / "ontology")
    return to_networkx(checked.assembly.triples)


def measure(size: int, browser: Browser, args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    view = view_of_sources(args.sources) if args.sources else synthetic_view(size, seed=args.seed)
    row: dict[str, Any] = {"nodes": len(view), "edges": view.number_of_edges()}
    started = time.perf_counter()
    positions = layout(view)
    row["layout_s"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    network_page = render_page(view, title=f"bench {size}", positions=positions)
    row["html_s"] = round(time.perf_counter() - started, 3)
    page = folder / f"graph-{len(view)}" / "graph.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    write_page(network_page, page)
    row["html_mb"] = round(len(network_page.html.encode("utf-8")) / 1e6, 2)
    row["parts"] = len(network_page.parts)
    row["parts_mb"] = round(sum(len(text.encode("utf-8")) for text in network_page.parts.values()) / 1e6, 2)
    row["load_average"] = round(os.getloadavg()[0], 2)
    name = None
    if network_page.parts:  # a name of the most common kind, drawn in no overview
        nodes = sorted(view.nodes(data=True))
        name = str(nodes[len(nodes) // 2][1]["label"])
        row["searched"] = name
    runs = [open_in_browser(browser, page, args.timeout, name) for _ in range(args.repeat)]
    row["browser"] = median_run(runs)
    row["browser_runs"] = runs

    if network_page.parts and args.also_single:  # the one-file page of the whole graph, as before
        single = folder / f"single-{len(view)}.html"
        single.write_text(render_html(view, title=f"bench {size}", positions=positions), encoding="utf-8")
        row["single_mb"] = round(single.stat().st_size / 1e6, 2)
        row["single"] = open_in_browser(browser, single, args.timeout)
    if not args.no_baseline:
        baseline = folder / f"physics-{size}.html"
        baseline.write_text(render_html(view, title=f"physics {size}", physics=True), encoding="utf-8")
        row["physics"] = open_in_browser(browser, baseline, args.baseline_timeout)
    if not args.sources and size <= args.spring_max:
        started = time.perf_counter()
        simple = nx.Graph(view.to_undirected())
        nx.spring_layout(simple, seed=7, iterations=100)
        row["spring_layout_s"] = round(time.perf_counter() - started, 3)
    return row


def _fmt(value: Any, timeout: float | None = None) -> str:
    if value is None:
        return f">{timeout:g}" if timeout is not None else "–"
    return f"{value:g}" if isinstance(value, float | int) else str(value)


def table(rows: list[dict[str, Any]], args: argparse.Namespace) -> str:
    head = [
        "nodes",
        "edges",
        "layout s",
        "html s",
        "MB",
        "parts MB",
        "1st draw s",
        "interactive s",
        "zoom ms",
        "JS heap MB",
        "Chromium MB",
        "search s",
        "zoom there ms",
        "one file: 1st draw s",
        "zoom ms",
        "JS heap MB",
        "physics 1st draw s",
        "× faster",
        "spring_layout s",
        "× faster",
    ]
    body = []
    for row in rows:
        ours = row["browser"]
        physics = row.get("physics", {})
        drawn = physics.get("first_draw_s")
        ratio_draw = "–"
        if "physics" in row and ours["interactive_s"]:
            ratio = (drawn if drawn is not None else args.baseline_timeout) / ours["interactive_s"]
            ratio_draw = f"{'≥' if drawn is None else ''}{ratio:.0f}×"
        spring = row.get("spring_layout_s")
        ratio_layout = f"{spring / max(row['layout_s'], 1e-3):.0f}×" if spring is not None else "–"
        body.append(
            [
                _fmt(row["nodes"]),
                _fmt(row["edges"]),
                _fmt(row["layout_s"]),
                _fmt(row["html_s"]),
                _fmt(row["html_mb"]),
                _fmt(row["parts_mb"]) if row["parts"] else "–",
                _fmt(ours["first_draw_s"], args.timeout),
                _fmt(ours["interactive_s"], args.timeout),
                _fmt(ours["zoom_frame_ms"]),
                _fmt(ours.get("js_heap_mb")),
                _fmt(ours.get("chromium_pss_mb")),
                _fmt(ours.get("search_s")),
                _fmt(ours.get("focus_zoom_ms")),
                _fmt(row.get("single", {}).get("first_draw_s")),
                _fmt(row.get("single", {}).get("zoom_frame_ms")),
                _fmt(row.get("single", {}).get("js_heap_mb")),
                _fmt(drawn, args.baseline_timeout) if "physics" in row else "–",
                ratio_draw,
                _fmt(spring),
                ratio_layout,
            ]
        )
    widths = [max(len(h), *(len(r[i]) for r in body)) for i, h in enumerate(head)]
    lines = [
        "| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    lines += ["| " + " | ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in body]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="page loads per size (the median is kept)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for our page")
    parser.add_argument("--baseline-timeout", type=float, default=30, help="seconds to wait for physics")
    parser.add_argument("--no-baseline", action="store_true", help="skip the physics baseline")
    parser.add_argument("--spring-max", type=int, default=2000, help="largest size timed with spring_layout")
    parser.add_argument("--json", type=Path, default=REPO / "test-artifacts" / "bench_html.json")
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated pages in this folder")
    parser.add_argument("--sources", type=Path, default=None, help="measure the view of this source tree")
    parser.add_argument(
        "--also-single", action="store_true", help="also measure a large graph as one file (the page before)"
    )
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"no Chromium at {CHROMIUM} (set HRGRAPH_CHROMIUM)", file=sys.stderr)
        return 2
    rows = []
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as p:
        folder = args.keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            for size in [0] if args.sources else args.sizes:
                print(f"measuring {size} nodes…", file=sys.stderr, flush=True)
                rows.append(measure(size, browser, args, folder))
                print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
            version = browser.version
        finally:
            browser.close()
    print(table(rows, args))
    report = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "chromium": version,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "viewport": VIEWPORT,
        "repeat": args.repeat,
        "baseline_timeout_s": args.baseline_timeout,
        "rows": rows,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
