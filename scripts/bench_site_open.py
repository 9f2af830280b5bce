#!/usr/bin/env python3
"""How fast does a written site answer a reader who opens it from disk? Run by hand (not by
the test suite) on any built site, e.g. the benchmark's:

    .venv/bin/python scripts/bench_site_open.py build/benchmark/100k/stages/site --query "angang holu"

For each language it opens `site/<lang>/index.html` from disk in headless Chromium (Debian's,
through Playwright; every request that is not a file refused and counted), as `--repeat` fresh
pages, and reports the median of: the time from navigation to the page's load event; then,
typing the query at once, the time from the first key until the first suggestion is shown
(search.js loads minisearch and the language's search index on first use, so this includes
reading and parsing the index), and search.js's own marks (index loaded, indexed, answered,
from the first key). Prints a Markdown table and the index sizes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.offline_browser import CHROMIUM, CHROMIUM_ARGS, refuse_outside  # noqa: E402

LANGUAGES = ("en", "id", "km")


def one_open(browser: Browser, home: Path, query: str) -> dict[str, float]:
    """Open the home page fresh, type the query; the times in milliseconds."""
    context = browser.new_context()
    outside: list[str] = []
    refuse_outside(context, outside.append)
    page = context.new_page()
    page.goto(home.as_uri(), wait_until="load")
    loaded = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
    typed = page.evaluate("() => performance.now()")
    page.fill("#q", query)
    page.wait_for_selector("#search-results [role=option]", timeout=120_000)
    shown = page.evaluate("() => performance.now()")
    marks = page.evaluate("() => window.hrgraphSearch.timing")
    context.close()
    if outside:
        raise SystemExit(f"outside requests from {home}: {outside[:3]}")
    first = float(marks.get("requested", typed))
    return {
        "load": float(loaded),
        "search": float(shown) - float(typed),
        **{f"search.js {key}": float(value) - first for key, value in marks.items() if key != "requested"},
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("site", type=Path, help="a written site folder (with en/, id/, km/)")
    parser.add_argument("--query", default="keo remy", help="what the reader types (default: keo remy)")
    parser.add_argument("--repeat", type=int, default=3, help="fresh page loads per language (default 3)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for lang in LANGUAGES:
            runs = [
                one_open(browser, args.site / lang / "index.html", args.query) for _ in range(args.repeat)
            ]
            results[lang] = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        browser.close()
    keys = list(results[LANGUAGES[0]])
    print("| language | home page size | search index | " + " | ".join(f"{k} (ms)" for k in keys) + " |")
    print("|---|---|---|" + "---|" * len(keys))
    for lang, figures in results.items():
        home = (args.site / lang / "index.html").stat().st_size / 1e3
        index = sum(part.stat().st_size for part in (args.site / lang).glob("search-index*.js")) / 1e6
        cells = " | ".join(f"{figures[k]:,.0f}" for k in keys)
        print(f"| {lang} | {home:,.0f} KB | {index:,.1f} MB | {cells} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
