#!/usr/bin/env python3
"""How fast is the site's search at scale? Run by hand (not by the test suite):

    .venv/bin/python scripts/bench_search.py                      # 1,000, 10,000, 60,000 entries
    .venv/bin/python scripts/bench_search.py --sizes 60000 --khmer 0.1 --json bench.json

For each size it makes synthetic search entries shaped like the site's (people, organisations,
posts, meetings, commitments, sources, places...; names in English and Indonesian, some with
diacritics, and a Khmer-script name for --khmer of them), writes the index with
graph.site.search, and opens a small page with the real search.js and minisearch from disk in
headless Chromium (Debian's, through Playwright; every non-file request refused; the site's
CSP). It reports the index file's size and, as the median of --repeat fresh page loads: the
time from navigation to the page's load, then, typing at once after load, the time until the
index is loaded, indexed, and the first suggestions are shown; the CPU time the renderer spent
until load and from there to the first answer (all its threads, read through the DevTools
protocol: on a machine busy with other work the wall-clock times grow, these do not); and the
time one query takes once indexed (a full name, a prefix, a Khmer part).

Prints a table and writes the numbers as JSON (default test-artifacts/bench_search.json).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.offline_browser import CHROMIUM, CHROMIUM_ARGS, refuse_outside  # noqa: E402
from graph.site.search import SearchEntry, search_index_files  # noqa: E402

ASSETS = REPO / "graph" / "site" / "assets"
CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:"
KINDS = {  # folder, words, share of the entries, words in the name
    "person": ("Person", 0.3, (2, 3)),
    "org": ("Organisation", 0.05, (3, 6)),
    "post": ("Post", 0.08, (3, 7)),
    "meeting": ("Meeting", 0.05, (5, 9)),
    "commitment": ("Commitment", 0.07, (6, 12)),
    "src": ("Source", 0.35, (5, 10)),
    "place": ("Place", 0.05, (1, 2)),
    "measure": ("Measure", 0.05, (3, 6)),
}
LATIN = ["ka", "ri", "so", "ma", "ni", "ta", "wa", "ra", "lu", "pe", "do", "gi", "an", "um", "sen"]
MARKED = ["ễ", "ă", "ộ", "ư", "é", "à", "ñ"]
KHMER = [
    "កែវ",
    "រ៉េ",
    "មី",
    "ហ៊ុន",
    "សែន",
    "ខេង",
    "ចាន់",
    "សុ",
    "ភា",
    "ព្រះ",
    "រាជ",
    "ណា",
    "ចក្រ",
    "កម្ពុ",
    "ជា",
    "សិទ្ធិ",
    "មនុស្ស",
    "គណៈ",
    "កម្មា",
    "ធិការ",
    "ក្រសួង",
    "បរទេស",
    "សហ",
    "ប្រតិបត្តិ",
]


def synthetic_entries(count: int, khmer: float, seed: int = 1) -> list[SearchEntry]:
    """`count` entries; the first is Natalius Pigai (a person with a Khmer name)."""
    rng = random.Random(seed)

    def word() -> str:
        text = "".join(rng.choice(LATIN) for _ in range(rng.choice((2, 3))))
        if rng.random() < 0.15:
            at = rng.randrange(len(text))
            text = text[:at] + rng.choice(MARKED) + text[at + 1 :]
        return text.capitalize()

    def khmer_name(words: int) -> str:
        parts = ["".join(rng.choice(KHMER) for _ in range(rng.choice((2, 3)))) for _ in range(words)]
        return " ".join(parts) if words <= 3 else "".join(parts)

    entries = [
        SearchEntry(
            "person/natalius-pigai.html", "Person", "Natalius Pigai", ("Natalius Pigai", "ណាតាលីយូស ពីហ្គាយ")
        )
    ]
    folders = list(KINDS)
    weights = [KINDS[f][1] for f in folders]
    while len(entries) < count:
        folder = rng.choices(folders, weights)[0]
        kind, _, (low, high) = KINDS[folder]
        english = " ".join(word() for _ in range(rng.randint(low, high)))
        names = [english]
        if rng.random() < 0.5:
            names.append(" ".join(word() for _ in range(rng.randint(low, high))))
        if rng.random() < khmer:
            names.append(khmer_name(rng.randint(min(low, 4), min(high, 4))))
        slug = "-".join(english.lower().split()[:3])
        entries.append(SearchEntry(f"{folder}/{slug}-{len(entries)}.html", kind, english, tuple(names)))
    return entries


def write_site(folder: Path, entries: list[SearchEntry]) -> Path:
    """site/assets (the real search.js and minisearch) and site/en/index.html with the index."""
    shutil.copytree(ASSETS, folder / "assets", ignore=shutil.ignore_patterns("*.md"))
    lang = folder / "en"
    lang.mkdir()
    for name, script in search_index_files(entries).items():
        (lang / name).write_bytes(script)
    page = lang / "index.html"
    page.write_text(
        f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>Search bench</title>
<script src="../assets/search.js" defer></script>
</head><body>
<form class="search" role="search"><label for="q">Search</label><input id="q" name="q" type="search"
autocomplete="off"><div id="search-results" role="listbox"></div></form>
</body></html>
""",
        encoding="utf-8",
    )
    return page


def open_page(browser: Browser, page_path: Path) -> tuple[Page, list[str]]:
    context = browser.new_context()
    page = context.new_page()
    outside: list[str] = []
    refuse_outside(context, outside.append)
    page.goto(page_path.as_uri(), wait_until="load")
    return page, outside


def cpu_seconds(page: Page) -> float:
    """CPU time so far of the page's renderer process (every thread of it)."""
    session = page.context.new_cdp_session(page)
    session.send("Performance.enable")
    metrics = {m["name"]: m["value"] for m in session.send("Performance.getMetrics")["metrics"]}
    session.detach()
    return float(metrics["ProcessTime"])


def one_load(browser: Browser, page_path: Path, query: str) -> dict[str, float]:
    page, outside = open_page(browser, page_path)
    loaded = cpu_seconds(page)
    page.fill("#q", query)
    page.wait_for_selector("#search-results [role=option]", timeout=60_000)
    answered = cpu_seconds(page)
    timing = page.evaluate(
        """() => ({
            load: performance.getEntriesByType('navigation')[0].loadEventEnd,
            ...window.hrgraphSearch.timing,
        })"""
    )
    assert outside == [], outside
    page.context.close()
    return {
        **{key: float(value) for key, value in timing.items()},
        "cpu_load": loaded * 1000,
        "cpu_search": (answered - loaded) * 1000,
    }


def query_times(browser: Browser, page_path: Path, queries: list[str]) -> dict[str, float]:
    page, _ = open_page(browser, page_path)
    page.focus("#q")
    page.wait_for_function("() => window.hrgraphSearch.engine !== null", timeout=60_000)
    times: dict[str, float] = page.evaluate(
        """(queries) => {
            const out = {};
            for (const q of queries) {
                const runs = [];
                for (let i = 0; i < 5; i++) {
                    const t = performance.now();
                    window.hrgraphSearch.find(q);
                    runs.push(performance.now() - t);
                }
                runs.sort((a, b) => a - b);
                out[q] = runs[2];
            }
            return out;
        }""",
        queries,
    )
    heap = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : 0")
    page.context.close()
    return {**times, "heap_mb": heap / 1e6}


def measure(browser: Browser, size: int, khmer: float, repeat: int) -> dict[str, Any]:
    entries = synthetic_entries(size, khmer)
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        page_path = write_site(Path(tmp), entries)
        index_bytes = sum(part.stat().st_size for part in page_path.parent.glob("search-index-*.js"))
        loads = [one_load(browser, page_path, "pigai") for _ in range(repeat)]
        median = {key: statistics.median(load[key] for load in loads) for key in loads[0]}
        queries = query_times(browser, page_path, ["natalius pigai", "pi", "ka", "ពីហ្គាយ", "កម្ពុ", "rikasoma"])
    return {
        "entries": size,
        "khmer_share": khmer,
        "index_bytes": index_bytes,
        "load_ms": median["load"],
        "scripts_loaded_ms": median["loaded"],
        "indexed_ms": median["indexed"],
        "first_answer_ms": median["answered"],
        # CPU time of the renderer, which other work on the machine does not inflate: until
        # the page's load (the process's start included), then from load to the first answer
        "cpu_load_ms": median["cpu_load"],
        "cpu_search_ms": median["cpu_search"],
        "query_ms": queries,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 60000])
    parser.add_argument("--khmer", type=float, default=1.0, help="share of entries with a Khmer name")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=REPO / "test-artifacts" / "bench_search.json")
    args = parser.parse_args()
    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        for size in args.sizes:
            result = measure(browser, size, args.khmer, args.repeat)
            results.append(result)
            print(
                f"{size:>7,} entries  index {result['index_bytes'] / 1e6:6.2f} MB  "
                f"load {result['load_ms']:6.0f} ms  scripts {result['scripts_loaded_ms']:6.0f} ms  "
                f"indexed {result['indexed_ms']:6.0f} ms  first answer {result['first_answer_ms']:6.0f} ms",
                flush=True,
            )
            print(
                f"          renderer CPU: {result['cpu_load_ms']:.0f} ms to load, "
                f"{result['cpu_search_ms']:.0f} ms from load to the first answer"
            )
            print(
                "          one query (ms): "
                + ", ".join(f"{q!r} {t:.1f}" for q, t in result["query_ms"].items())
            )
        browser.close()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps({"machine": platform.platform(), "cpus": os.cpu_count(), "results": results}, indent=2)
        + "\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
