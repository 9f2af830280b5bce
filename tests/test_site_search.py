"""The site's search: the index graph/site/search.py writes, and the box and results page of
graph/site/assets/search.js in a real browser (Debian's Chromium through Playwright), on a small
site made here from the real search.js, the vendored minisearch, the real search.html.j2 and a
generated index, opened from disk under the site's Content-Security-Policy with every non-file:
request refused and recorded."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2
import playwright.sync_api as playwright_sync
import pytest

from graph.site.search import (
    INDEX_FILES,
    SHARDS,
    SearchEntry,
    fold,
    search_index_files,
    search_index_script,
    shard_of,
)
from tests.axe_check import serious_violations
from tests.test_html_browser import CHROMIUM, CHROMIUM_ARGS, Opened, offline_page

REPO = Path(__file__).resolve().parent.parent
ASSETS = REPO / "graph" / "site" / "assets"
TEMPLATES = REPO / "graph" / "site" / "templates"
CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:"
PREFIX = b"\xef\xbb\xbf(window.HRG_SEARCH = window.HRG_SEARCH || []).push(JSON.parse('"
HOSTILE = '<img src=x onerror="window.__pwned=1"> O\'Brien \\ </script>'
FILLERS = 15  # more than the ten suggestions under the box

PIGAI = SearchEntry("person/natalius-pigai.html", "Person", "Natalius Pigai", ("Natalius Pigai",))
KEO_REMY = SearchEntry(
    "person/keo-remy.html", "Person", "Keo Remy", ("Keo Remy", "Keo Remy", "កែវ រ៉េមី", "HE Keo Remy")
)
VIET_NAM = SearchEntry("country/vietnam.html", "Country", "Việt Nam", ("Viet Nam", "Việt Nam"))
RAMOS_HORTA = SearchEntry("person/jose-ramos-horta.html", "Person", "Jose Ramos-Horta", ("Jose Ramos-Horta",))
CHRC = SearchEntry(
    "org/chrc.html",
    "Organisation",
    "Cambodian Human Rights Committee",
    ("Cambodian Human Rights Committee", "Komite HAM Kamboja", "គណៈកម្មាធិការសិទ្ធិមនុស្សកម្ពុជា"),
)
PHNOM_PENH = SearchEntry("place/phnom-penh.html", "Place", "ភ្នំពេញ", ("Phnom Penh", "ភ្នំពេញ"))
LE_VAN_HA = SearchEntry("person/le-van-ha.html", "Person", "Le Van Ha", ("Le Van Ha",))
DA_NANG = SearchEntry("place/da-nang.html", "Place", "Đà Nẵng", ("Đà Nẵng",))
# named in Indonesian only: on an English page its name is marked as the site marks it
MIGRANTS = SearchEntry(
    "instrument/konvensi-pekerja-migran.html",
    "Instrument",
    "Konvensi Pekerja Migran",
    ("Konvensi Pekerja Migran",),
    fallback="id",
)
NOT_HERE = "Not available in this language"
ENTRIES = [
    PIGAI,
    KEO_REMY,
    VIET_NAM,
    RAMOS_HORTA,
    CHRC,
    PHNOM_PENH,
    SearchEntry("src/hostile.html", "Source", HOSTILE, (HOSTILE,)),
    LE_VAN_HA,
    DA_NANG,
    *(
        SearchEntry(f"meeting/filler-{n}.html", "Meeting", f"Kariso Meeting {n}", (f"Kariso Meeting {n}",))
        for n in range(FILLERS)
    ),
    MIGRANTS,
]


def read_index(script: bytes) -> dict[str, Any]:
    """The part a search-index-<n>.js adds, read back (its string holds only \\\\ and \\' escapes)."""
    assert script.startswith(PREFIX) and script.endswith(b"'));\n")
    literal = script[len(PREFIX) : -len(b"'));\n")].decode("utf-8")
    data: dict[str, Any] = json.loads(re.sub(r"\\(.)", r"\1", literal))
    return data


# ---------------------------------------------------------------- the index, in Python


def documents(compact: list[int]) -> dict[int, int]:
    """A word's documents and counts from the index's compact list (as search.js reads it)."""
    found: dict[int, int] = {}
    document = 0
    for number in compact:
        if number < 0:
            found[document] = -number
        else:
            document += number
            found[document] = 1
    return found


def test_fold_drops_case_and_diacritics_and_keeps_khmer() -> None:
    assert fold("Việt Nam") == "viet nam"
    assert fold("ĐÀ NẴNG") == "da nang"
    assert fold("José Ramos-Horta") == "jose ramos-horta"
    assert fold("កែវ រ៉េមី") == "កែវ រ៉េមី"


def test_the_index_is_a_script_setting_hrg_search() -> None:
    script = search_index_script(ENTRIES)
    data = read_index(script)
    assert set(data) == {"part", "folders", "kinds", "entries", "notHere", "index"} and data["part"] == 0
    assert data["folders"] == ["person/", "country/", "org/", "place/", "src/", "meeting/", "instrument/"]
    assert data["kinds"] == ["Person", "Country", "Organisation", "Place", "Source", "Meeting", "Instrument"]
    assert len(data["entries"]) == len(ENTRIES)
    assert search_index_script(ENTRIES) == script  # same entries, same bytes
    assert read_index(search_index_script(ENTRIES, 7))["part"] == 7


def test_each_entry_is_in_the_part_of_its_address_and_search_js_loads_every_part() -> None:
    files = search_index_files(ENTRIES)
    assert list(files) == list(INDEX_FILES) == [f"search-index-{n}.js" for n in range(SHARDS)]
    parts = {name: read_index(script) for name, script in files.items()}
    pages = [
        (number, data["folders"][row[0]] + row[1] + ".html")
        for number, data in enumerate(parts.values())
        for row in data["entries"]
    ]
    assert sorted(page for _, page in pages) == sorted(entry.page for entry in ENTRIES)
    assert all(shard_of(page) == number for number, page in pages)
    assert len({number for number, _ in pages}) > 1  # spread over the parts
    assert [data["part"] for data in parts.values()] == list(range(SHARDS))
    assert f"var PARTS = {SHARDS};" in (ASSETS / "search.js").read_text(encoding="utf-8")


def test_entries_hold_folder_name_kind_title_and_only_the_unspaced_other_names() -> None:
    entries = read_index(search_index_script(ENTRIES))["entries"]
    assert entries[0] == [0, "natalius-pigai", 0, "Natalius Pigai"]
    # Latin aliases are found through the index, not shown; the Khmer name is searched in place
    assert entries[1] == [0, "keo-remy", 0, "Keo Remy", ["កែវ រ៉េមី"]]
    assert entries[2] == [1, "vietnam", 1, "Việt Nam"]
    # a Khmer title is not repeated among the other names
    assert entries[5] == [3, "phnom-penh", 3, "ភ្នំពេញ"]
    assert entries[6] == [4, "hostile", 4, HOSTILE]


def test_a_title_in_another_language_than_the_pages_says_which() -> None:
    """The sixth item of an entry (the fifth then written, if empty), and the words of its mark."""
    data = read_index(search_index_script([MIGRANTS, KEO_REMY], not_here=NOT_HERE))
    assert data["entries"][0] == [0, "konvensi-pekerja-migran", 0, "Konvensi Pekerja Migran", [], "id"]
    assert data["entries"][1] == [1, "keo-remy", 1, "Keo Remy", ["កែវ រ៉េមី"]]
    assert data["notHere"] == NOT_HERE
    khmer = replace(KEO_REMY, fallback="km")
    assert read_index(search_index_script([khmer]))["entries"][0][4:] == [["កែវ រ៉េមី"], "km"]


def test_a_page_outside_a_folder_keeps_its_name_and_a_page_not_html_is_refused() -> None:
    data = read_index(search_index_script([SearchEntry("about.html", "Page", "About", ("About",))]))
    assert data["folders"] == [""] and data["entries"] == [[0, "about", 0, "About"]]
    with pytest.raises(ValueError, match=r"about\.txt"):
        search_index_script([SearchEntry("about.txt", "Page", "About", ("About",))])


def test_the_minisearch_index_holds_every_folded_word_of_every_name() -> None:
    index = read_index(search_index_script(ENTRIES))["index"]
    postings = {term: documents(compact) for term, compact in index["index"]}
    assert postings["pigai"] == {0: 1}
    assert postings["keo"] == {1: 2}  # "Keo Remy" (given twice, counted once), "HE Keo Remy"
    assert dict(index["index"])["keo"] == [1, -2]  # the count, negated, after its document
    assert postings["he"] == {1: 1}
    assert postings["viet"] == {2: 1}  # "Viet Nam" and "Việt Nam" fold alike
    assert postings["jose"] == {3: 1}
    assert postings["kamboja"] == {4: 1}
    assert postings["phnom"] == {5: 1}
    assert postings["da"] == postings["nang"] == {8: 1}
    assert postings["kariso"] == {n: 1 for n in range(9, 9 + FILLERS)}
    assert dict(index["index"])["kariso"] == [9] + [1] * (FILLERS - 1)  # distances from the last
    assert all(term == fold(term) and re.fullmatch(r"\w+", term) for term in postings)
    assert not [term for term in postings if re.search("[\u1780-\u17ff]", term)]  # searched in place
    assert index["documentCount"] == index["nextId"] == len(ENTRIES)
    assert index["lengths"][:3] == [2, 3, 2]  # natalius pigai; keo remy he (not the Khmer); viet nam
    assert index["fieldIds"] == {"names": 0} and index["serializationVersion"] == 2
    assert index["averageFieldLength"] == [sum(index["lengths"]) / len(ENTRIES)]


def test_an_empty_index_is_still_a_script() -> None:
    data = read_index(search_index_script([]))
    assert data["entries"] == [] and data["index"]["documentCount"] == 0


def test_the_search_page_template_has_its_sentences_as_attributes() -> None:
    page = render_search_page()
    assert 'data-found="Results for “{query}”: {count}"' in page
    assert 'data-none="Nothing found for “{query}”."' in page
    assert '<ol id="search-page-results"></ol>' in page
    assert "<title>Search</title>" in page


# ---------------------------------------------------------------- a small site, in a browser

BASE_TEMPLATE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<title>{% block title %}{% endblock %}</title>
<link rel="stylesheet" href="{{ assets }}site.css">
<script src="{{ assets }}search.js" defer></script>
</head><body>
<form class="search" role="search"><label for="q">Search</label><input id="q" name="q" type="search"
autocomplete="off"><div id="search-results" role="listbox"></div></form>
<main>{% block content %}{% endblock %}</main>
</body></html>
"""


def render_search_page(name: str = "search.html.j2") -> str:
    """A template of graph/site/templates over a stand-in for the lead's base.html.j2."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.DictLoader({"base.html.j2": BASE_TEMPLATE}), jinja2.FileSystemLoader(TEMPLATES)]
        ),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return env.get_template(name).render(lang="en", root="", assets="../assets/", csp=CSP)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """site/assets/ (search.js, minisearch) and site/en/ (a page with the box, search.html and
    the index of ENTRIES)."""
    root = tmp_path_factory.mktemp("site-search") / "site"
    shutil.copytree(ASSETS, root / "assets", ignore=shutil.ignore_patterns("*.md"))
    english = root / "en"
    english.mkdir()
    for name, script in search_index_files(ENTRIES, NOT_HERE).items():
        (english / name).write_bytes(script)
    (english / "search.html").write_text(render_search_page(), encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.DictLoader({"base.html.j2": BASE_TEMPLATE}), autoescape=True)
    home = env.from_string('{% extends "base.html.j2" %}{% block title %}Home{% endblock %}')
    (english / "index.html").write_text(
        home.render(lang="en", assets="../assets/", csp=CSP), encoding="utf-8"
    )
    for entry in ENTRIES:  # each a page to go to
        page = english / entry.page
        page.parent.mkdir(exist_ok=True)
        page.write_text("<!doctype html><title>An entry</title>", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: run scripts/test (it installs Debian's chromium)")
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """Open a file of the site in a fresh context where every non-file: request is refused."""
    contexts: list[Any] = []

    def opener(path: Path, query: str = "") -> Opened:
        opened = offline_page(browser, contexts)
        opened.page.goto(path.as_uri() + query, wait_until="load")
        return opened

    yield opener
    for context in contexts:
        context.close()


def suggest(page: Any, query: str) -> list[tuple[str, str, str]]:
    """Type `query` into the box; the suggestions shown for it: (name, kind, href)."""
    page.fill("#q", query)
    page.wait_for_function("(q) => window.hrgraphSearch.shownFor === q", arg=query)
    options = page.locator("#search-results [role=option]")
    return [
        (
            options.nth(i).locator(".search-name").text_content(),
            options.nth(i).locator(".search-kind").text_content(),
            options.nth(i).get_attribute("href"),
        )
        for i in range(options.count())
    ]


def names(page: Any, query: str) -> list[str]:
    return [name for name, _, _ in suggest(page, query)]


# What typing each query shows first under the box.
FIRST_SUGGESTION = {
    "pigai": "Natalius Pigai",
    "PIGAI": "Natalius Pigai",
    "pig": "Natalius Pigai",  # a word by its beginning
    "pigal": "Natalius Pigai",  # one typing error
    "keo remy": "Keo Remy",
    "keo r": "Keo Remy",  # the last word as typed so far
    "he keo": "Keo Remy",  # an alias
    "José Ramos": "Jose Ramos-Horta",  # an accented query, an unaccented name
    "Lê Hà": "Le Van Ha",  # the same, in words too short for a typing error
    "viet nam": "Việt Nam",  # an unaccented query, an accented name
    "da nang": "Đà Nẵng",
    "ĐÀ": "Đà Nẵng",
    "ramos-horta": "Jose Ramos-Horta",
    "kamboja": "Cambodian Human Rights Committee",  # another language's name
    "សិទ្ធិមនុស្ស": "Cambodian Human Rights Committee",  # a part of a Khmer name
    "មនុស្សកម្ពុ": "Cambodian Human Rights Committee",  # a part across Khmer words
    "រ៉េមី": "Keo Remy",
    "ភ្នំ": "ភ្នំពេញ",
    "phnom": "ភ្នំពេញ",
}


# A real browser: slow (deselect with -m "not slow"); on the browser tests' one xdist worker.
@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_typing_suggests_the_entry(open_page: Any, site: Path) -> None:
    opened = open_page(site / "en" / "index.html")
    shown = {query: (names(opened.page, query) or ["(nothing)"])[0] for query in FIRST_SUGGESTION}
    assert shown == FIRST_SUGGESTION
    opened.assert_clean()


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_a_suggestion_is_a_link_with_the_kind(open_page: Any, site: Path) -> None:
    opened = open_page(site / "en" / "index.html")
    ((name, kind, href),) = suggest(opened.page, "natalius pigai")
    assert (name, kind) == ("Natalius Pigai", "Person")
    assert href == (site / "en" / "person" / "natalius-pigai.html").as_uri()
    assert suggest(opened.page, "zzzz") == []
    assert opened.page.get_attribute("#q", "aria-expanded") == "false"
    opened.assert_clean()


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_at_most_ten_suggestions(open_page: Any, site: Path) -> None:
    opened = open_page(site / "en" / "index.html")
    found = names(opened.page, "kariso")
    assert len(found) == 10 and all(name.startswith("Kariso Meeting") for name in found)
    opened.assert_clean()


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_hostile_names_are_shown_as_text(open_page: Any, site: Path) -> None:
    opened = open_page(site / "en" / "index.html")
    assert names(opened.page, "onerror o'brien") == [HOSTILE]
    assert opened.page.locator("#search-results img").count() == 0
    opened.assert_clean()


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_the_keyboard_moves_through_the_suggestions(open_page: Any, site: Path) -> None:
    opened = open_page(site / "en" / "index.html")
    page = opened.page
    found = suggest(page, "kariso")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#q", "aria-activedescendant") == "search-option-1"
    assert page.get_attribute("#search-option-1", "aria-selected") == "true"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")  # from the first, round to the last
    assert page.get_attribute("#q", "aria-activedescendant") == "search-option-9"
    page.keyboard.press("Escape")
    assert page.get_attribute("#q", "aria-expanded") == "false"
    assert page.locator("#search-results").is_hidden()
    page.keyboard.press("ArrowDown")  # opens the list again
    page.wait_for_function("() => document.querySelectorAll('#search-results [role=option]').length === 10")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == found[1][2]
    opened.assert_clean()


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_submitting_lists_every_result_on_the_search_page(open_page: Any, site: Path) -> None:
    opened = open_page(site / "en" / "index.html")
    page = opened.page
    page.fill("#q", "kariso")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == (site / "en" / "search.html").as_uri() + "?q=kariso"
    page.wait_for_function("() => window.hrgraphSearch.timing.answered !== undefined")
    assert page.input_value("#q") == "kariso"
    assert page.text_content("#search-summary") == f"Results for “kariso”: {FILLERS}"
    results = page.locator("#search-page-results li")
    assert results.count() == FILLERS
    first = (site / "en" / "meeting" / "filler-0.html").as_uri()
    assert results.first.locator("a").get_attribute("href") == first
    assert results.first.locator(".search-kind").text_content() == "Meeting"
    assert page.locator("#search-more").is_hidden()
    opened.assert_clean()


FALLBACK_MARKS = """(where) => Array.from(document.querySelectorAll(where)).map(hit => {
  const name = hit.querySelector('.search-name'), mark = hit.querySelector('.fallback');
  return [name.textContent, name.lang, mark && mark.textContent, mark && mark.lang, mark && mark.title];
})"""
"""Each hit's name and its language, and its mark (text, language, title) if it has one."""


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_a_name_in_another_language_is_marked_as_the_site_marks_it(open_page: Any, site: Path) -> None:
    """Under the box and on the search page: 'Konvensi Pekerja Migran (id)', the mark saying
    the page's language has no name for it; a name in the page's language has no mark."""
    opened = open_page(site / "en" / "index.html")
    page = opened.page
    marked = ["Konvensi Pekerja Migran", "id", "(id)", "id", NOT_HERE]
    suggest(page, "konvensi")
    assert page.evaluate(FALLBACK_MARKS, "#search-results [role=option]") == [marked]
    suggest(page, "natalius")
    assert page.evaluate(FALLBACK_MARKS, "#search-results [role=option]") == [
        ["Natalius Pigai", "", None, None, None]
    ]
    results = open_page(site / "en" / "search.html", "?q=pekerja")
    results.page.wait_for_function("() => window.hrgraphSearch.timing.answered !== undefined")
    assert results.page.evaluate(FALLBACK_MARKS, "#search-page-results li") == [marked]
    opened.assert_clean()
    results.assert_clean()


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_the_search_page_says_when_nothing_is_found(open_page: Any, site: Path) -> None:
    opened = open_page(site / "en" / "search.html", "?q=%3Cb%3Ezzzz")
    page = opened.page
    page.wait_for_function("() => window.hrgraphSearch.timing.answered !== undefined")
    assert page.text_content("#search-summary") == "Nothing found for “<b>zzzz”."
    assert page.locator("#search-page-results li").count() == 0
    opened.assert_clean()


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_axe_finds_nothing_serious_in_the_open_list_and_the_results(open_page: Any, site: Path) -> None:
    opened = open_page(site / "en" / "index.html")
    page = opened.page
    suggest(page, "keo")
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#q", "aria-activedescendant") == "search-option-0"
    assert serious_violations(page) == []
    results = open_page(site / "en" / "search.html", "?q=kariso")
    results.page.wait_for_function("() => window.hrgraphSearch.timing.answered !== undefined")
    assert serious_violations(results.page) == []
    opened.assert_clean()
    results.assert_clean()
