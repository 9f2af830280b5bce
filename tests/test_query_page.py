"""The query page (issue 13): build/site/query.html opened from the file, and the page `hrgraph
serve` answers at /, in Debian's Chromium through Playwright. Every request that is neither for
a file nor for the test's own server on 127.0.0.1 is refused and recorded, and so is every
Content-Security-Policy violation, page error and console error: a typed query runs with
Ctrl+Enter and shows its rows; a saved query's form binds its parameters exactly as `hrgraph
query --saved` does and shows who held a post in 2025; a result IRI opens its page of the
readers' site; a shared address reopens the same query; the views draw; the completers answer
from the graph with no request at all.
"""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from graph.analyst.serve import SparqlServer
from graph.querypage.engine import engine_script
from graph.querypage.gallery import gallery
from graph.querypage.page import (
    FOLDER,
    MAX_TRIPLES_IN_FILE,
    PAGE,
    build_prefixes,
    table_language,
    write_query_page,
)
from graph.querypage.words import script_words
from graph.rdf.pages import page_path
from graph.sparql.query import Prefixes
from graph.sparql.saved import saved_queries, saved_query_text
from graph.sparql.store import open_store, read_prefixes
from tests.axe_check import serious_violations
from tests.conftest import CuratedBuild
from tests.test_html_browser import VIEWPORT, browser  # noqa: F401  (a fixture)

REPO = Path(__file__).resolve().parent.parent
BUNDLE = REPO / "graph" / "querypage" / "assets" / "vendor" / "yasgui" / "yasgui.min.js"
KEO = "https://w3id.org/hrgraph/id/person/keo-remy"
SENIOR_MINISTER = "post/kh-senior-minister-for-human-rights"
BROWSER = [pytest.mark.slow, pytest.mark.xdist_group("browser")]
"""A real browser: slow (deselect with -m "not slow"), on one xdist worker, launched once."""

HINTED = (
    "(word) => [...document.querySelectorAll('.CodeMirror-hints li')].some((li) => li.textContent === word)"
)
"""Whether the editor's completion list offers `word`."""
TYPED = 'SELECT ?name WHERE { person:keo-remy rdfs:label ?name FILTER(lang(?name) = "en") }'


@dataclass
class Opened:
    """A page, with every outside request, CSP violation and error it caused."""

    page: Any
    outside: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.outside == [], f"the page tried to reach outside: {self.outside}"
        assert self.violations == [], f"Content-Security-Policy violations: {self.violations}"
        assert self.errors == [], f"errors in the page: {self.errors}"

    def answered(self, count: int) -> None:
        """Wait until the page has shown its `count`th answer."""
        self.page.wait_for_function(f"() => Number(document.body.dataset.answered || 0) >= {count}")

    def table_text(self) -> str:
        return str(self.page.inner_text("#results .yasr_results"))


REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (e) =>
  console.error("CSP " + e.violatedDirective + " " + e.blockedURI + " " + e.sample));"""


@pytest.fixture(scope="module")
def open_page(browser: Any) -> Iterator[Any]:  # noqa: F811  (the fixture imported above)
    """Open an address (file: or http://127.0.0.1) in a fresh context; wait for the page."""
    contexts: list[Any] = []

    def opener(url: str) -> Opened:
        context = browser.new_context(viewport=VIEWPORT, service_workers="block")
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page)
        own = re.match(r"(file:|http://127\.0\.0\.1:\d+/)", url)
        assert own is not None, url

        def route(r: Any) -> None:
            if r.request.url.startswith(own.group(1)):
                r.continue_()
            else:
                opened.outside.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page.on(
            "request",
            lambda req: None if req.url.startswith(own.group(1)) else opened.outside.append(req.url),
        )
        page.on("pageerror", lambda exc: opened.errors.append(str(exc)))

        def console(message: Any) -> None:
            if message.type == "error":
                target = opened.violations if message.text.startswith("CSP ") else opened.errors
                target.append(message.text)

        page.on("console", console)
        page.add_init_script(REPORT_VIOLATIONS)
        page.goto(url, wait_until="load")
        page.wait_for_function("() => document.body.dataset.ready === 'true'")
        return opened

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def query_file(curated_build: CuratedBuild) -> Path:
    """build/site/query.html of the shared build of the curated sources."""
    return curated_build.folder / "site" / PAGE


@pytest.fixture(scope="module")
def served(curated_build: CuratedBuild) -> Iterator[str]:
    """`hrgraph serve` of the same build and its site on 127.0.0.1: the page's address."""
    built = curated_build.folder
    server = SparqlServer(
        ("127.0.0.1", 0),
        open_store(built / "graph.nt"),
        Prefixes(read_prefixes(built / "graph.ttl")),
        quiet=True,
        site=built / "site",
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield server.url.removesuffix("sparql")
    server.shutdown()
    server.server_close()


def replace_text(page: Any, text: str) -> None:
    """Replace the editor's text, as pasted."""
    page.click(".CodeMirror")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)


def type_and_run(opened: Opened, text: str, answers: int) -> None:
    """Replace the editor's text, then Ctrl+Enter."""
    replace_text(opened.page, text)
    opened.page.keyboard.press("Control+Enter")
    opened.answered(answers)


def run_saved(opened: Opened, name: str, values: dict[str, str], answers: int) -> str:
    """Open a saved query from the gallery, fill its form, run it; the SPARQL the form shows."""
    page = opened.page
    page.click(f'#gallery button[data-saved="{name}"]')
    for param, value in values.items():
        page.fill(f'form[data-saved="{name}"] input[name="{param}"]', value)
    page.click(f'form[data-saved="{name}"] button[type="submit"]')
    opened.answered(answers)
    return str(page.inner_text(f'form[data-saved="{name}"] .saved-sparql'))


# ---------------------------------------------------------------- without a browser


def test_the_engine_is_a_classic_script() -> None:
    script = engine_script()
    assert script.startswith("window.hrgraphEngine = function () {")
    assert not re.search(r"^\s*(export|import)\b", script, flags=re.MULTILINE)
    assert "import.meta" not in script


def test_the_gallery_has_every_saved_query_with_a_text_for_each_choice_of_parameters() -> None:
    prefixes = build_prefixes("https://w3id.org/hrgraph/id/")
    entries = {entry["name"]: entry for entry in gallery(prefixes)}
    assert set(entries) == set(saved_queries())
    for name, entry in entries.items():
        optional = [p for p in entry["params"] if p["optional"]]
        assert len(entry["templates"]) == 2 ** len(optional), name
        everything = entry["templates"][",".join(p["name"] for p in entry["params"])]
        for param in entry["params"]:
            assert entry["standIns"][param["name"]] in everything, (name, param["name"])


def test_a_graph_too_large_for_a_page_gets_a_page_that_says_to_serve_it(tmp_path: Path) -> None:
    written = write_query_page(
        tmp_path, b"", MAX_TRIPLES_IN_FILE + 1, build_prefixes("https://example.org/"), "t"
    )
    html = (tmp_path / PAGE).read_text(encoding="utf-8")
    assert "hrgraph serve" in html and f"{MAX_TRIPLES_IN_FILE + 1:,}" in html
    assert not (tmp_path / FOLDER / "data.js").exists()
    assert tmp_path / PAGE in written


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_serve_answers_the_page_and_its_files_and_nothing_else(served: str) -> None:
    status, headers, body = _get(served)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe" not in headers["Content-Security-Policy"]
    assert b"/query/query.js" in body
    assert _get(served + "query.html")[2] == body
    status, headers, body = _get(served + "query/config.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    config = json.loads(body.decode("utf-8").removeprefix("window.hrgraphQuery = ").rstrip(";\n"))
    assert config["mode"] == "served" and config["endpoint"] == "/sparql"
    for wrong in ("query/../graph.nt", "query/nothing.js", "graph.nt", "query/vendor/oxigraph/web_bg.wasm"):
        assert _get(served + wrong)[0] == 404, wrong
    # the site beside it, and the network page beside the site, which links to site/<lang>/...
    for right in ("en/person/keo-remy.html", "km/index.html", "graph.html", "site/en/person/keo-remy.html"):
        assert _get(served + right)[0] == 200, right


def test_no_call_to_the_network_is_left_in_the_bundle_unaccounted_for() -> None:
    """Every fetch in YASGUI's bundle is one VENDORED.md names (and the page disarms)."""
    text = BUNDLE.read_text(encoding="utf-8")
    # Papa Parse's NetworkStreamer (CSV from an address; YASR parses text) and jQuery's ajax
    # transport (DataTables' ajax option; YASR gives the table its rows)
    assert text.count("new XMLHttpRequest") == 1 and text.count("new e.XMLHttpRequest") == 1
    assert len(re.findall(r"\bfetch\(", text)) == 4
    assert "lov.linkeddata.es" in text  # the LOV completers, deleted by the page before use
    assert "sendBeacon" not in text and "WebSocket(" not in text


# ---------------------------------------------------------------- the file, in Chromium


@pytest.mark.parametrize("where", ["file", "served"])
@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_a_typed_query_runs_with_ctrl_enter(
    open_page: Any, query_file: Path, served: str, where: str
) -> None:
    opened = open_page(query_file.as_uri() if where == "file" else served)
    type_and_run(opened, TYPED, 1)
    assert '"Keo Remy"@en' in opened.table_text()
    assert "1 result" in opened.page.inner_text("#results .yasr_header")
    opened.assert_clean()


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
"""A query the curated graph takes far longer than a test to answer (8,000 triples to the fourth)."""


def error_text(opened: Opened) -> str:
    return " ".join(str(opened.page.inner_text("#results .errorResult")).split())


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_a_query_past_the_time_limit_is_stopped_and_the_page_keeps_answering(
    open_page: Any, query_file: Path
) -> None:
    """The page's engine runs beside the page (a worker): a long query leaves the page answering,
    is stopped at the time limit (shortened here to a second), and the next query runs."""
    opened = open_page(query_file.as_uri())
    page = opened.page
    page.evaluate("() => { window.hrgraphQuery.timeLimit = 1; }")
    replace_text(page, SLOW)
    page.keyboard.press("Control+Enter")
    page.wait_for_function("() => !document.getElementById('stop-query').hidden")
    assert page.evaluate("() => document.title")  # the page answers while the query runs
    opened.answered(1)
    words = script_words()["en"]
    limit = words[
        "Stopped: the query ran for more than {s} seconds. A LIMIT or fewer patterns make it quicker; "
        "hrgraph query --timeout 0 runs it with no limit."
    ].replace("{s}", "1")
    assert limit in error_text(opened)
    assert page.is_hidden("#stop-query")
    type_and_run(opened, TYPED, 2)
    assert '"Keo Remy"@en' in opened.table_text()
    opened.assert_clean()


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_the_reader_stops_a_running_query(open_page: Any, query_file: Path) -> None:
    opened = open_page(query_file.as_uri() + "#lang=km")
    page = opened.page
    words = script_words()["km"]
    assert page.inner_text("#stop-query") == words["Stop"]
    replace_text(page, SLOW)
    page.keyboard.press("Control+Enter")
    page.click("#stop-query")
    opened.answered(1)
    assert words["Stopped."] in error_text(opened)
    type_and_run(opened, TYPED, 2)
    assert '"Keo Remy"@en' in opened.table_text()
    opened.assert_clean()


@pytest.mark.parametrize("where", ["file", "served"])
@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_a_refused_query_is_said_at_the_readers_own_lines(
    open_page: Any, query_file: Path, served: str, where: str
) -> None:
    """The predefined prefixes come before the reader's query: an error is placed in the query
    as typed, an undeclared prefix is named, an update is said to be one: by the page's own
    words from a file, by the server's (hrgraph query's) when served."""
    opened = open_page(query_file.as_uri() if where == "file" else served)
    words = script_words()["en"]
    type_and_run(opened, "SELECT ?p WHERE { ?p a ", 1)
    assert re.search(r"\bat 1:2\d\b", error_text(opened)), error_text(opened)
    assert ".." not in error_text(opened)  # no ranges of characters the parser could have read
    type_and_run(opened, "SELECT ?p\nWHERE { ?p a hgr:Person }", 2)
    prefix = words[
        "At {at}, the prefix {prefix}: is not defined: write PREFIX {prefix}: <...> before the query, "
        "or use one of the predefined prefixes."
    ]
    said = error_text(opened)
    if where == "file":
        assert prefix.replace("{prefix}", "hgr").replace("{at}", "2:24") in said
    else:
        assert "at 2:24, the prefix hgr: is not defined" in said
    type_and_run(opened, 'INSERT DATA { person:x rdfs:label "x" }', 3)
    update = words[
        "{keyword} is a SPARQL update: this page only reads the graph (change the facts in sources/ "
        "and run hrgraph build)."
    ]
    said = error_text(opened)
    expected = update.replace("{keyword}", "INSERT") if where == "file" else "INSERT is a SPARQL update"
    assert expected in said
    # the browser's notes of the server's refusals (400, and 403 for the update) are the only errors
    opened.errors = [e for e in opened.errors if not re.search(r"status of 40[03]\b", e)]
    opened.assert_clean()


@pytest.mark.parametrize("lang", ["id", "km"])
@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_the_results_speak_the_pages_language(open_page: Any, query_file: Path, lang: str) -> None:
    """YASR's words (its views, the table's switches, filter and page size, the count of results)
    from the catalogue, and what its table says of its rows in DataTables' own translation."""
    words, table = script_words()[lang], table_language()[lang]
    opened = open_page(query_file.as_uri() + f"#lang={lang}")
    page = opened.page
    type_and_run(opened, "SELECT ?kind (COUNT(?x) AS ?n) WHERE { ?x a ?kind } GROUP BY ?kind", 1)
    tabs = page.locator("#results .yasr_btn[class*=select_] > span:last-child").all_inner_texts()
    assert tabs == [words[v] for v in ("Table", "Response", "Timeline", "Bar chart", "Graph")]
    rows = page.locator("#results tbody tr").count()
    chip = words["{n} results in {s} seconds"].replace("{n}", str(rows)).split("{s}")[0]
    assert page.inner_text("#results .yasr_response_chip").startswith(chip)
    switches = page.locator("#results .tableControls .switch .label").all_inner_texts()
    assert switches == [words["Simple view"], words["Ellipse"]]
    assert page.inner_text("#results .pageSizerLabel").strip() == words["Page size:"]
    assert page.get_attribute("#results .tableFilter", "placeholder") == words["Filter query results"]
    shown = table["info"].replace("_START_", "1").replace("_END_", str(rows)).replace("_TOTAL_", str(rows))
    assert page.inner_text("#results .dt-info").split() == shown.split()  # spaces as HTML shows them
    assert page.get_attribute(".yasqe_queryButton", "aria-label") == words["Run query"]
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type("SELECT * WHERE { ?s hrg:")  # where a property may be completed
    assert page.inner_text("#editor .notification.active") == words["Press Ctrl+Space to complete"]
    opened.assert_clean()


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_the_editor_knows_the_predefined_prefixes(open_page: Any, query_file: Path) -> None:
    """A query using hrg:, person: ... is not marked as an error (it runs); an undeclared prefix is."""
    opened = open_page(query_file.as_uri())
    page = opened.page
    replace_text(page, TYPED)
    page.wait_for_function("() => window.hrgraphPage.yasqe.getValue().length > 0")
    assert page.locator(".CodeMirror .parseErrorIcon").count() == 0
    assert page.locator(".yasqe_queryButton.query_error").count() == 0
    replace_text(page, "SELECT ?s WHERE { ?s a nowhere:Person }")
    page.wait_for_selector(".CodeMirror .parseErrorIcon")
    page.hover(".CodeMirror .parseErrorIcon")
    assert "Prefix 'nowhere' is not defined" in page.inner_text("body")
    opened.assert_clean()


@pytest.mark.parametrize("where", ["file", "served"])
@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_a_saved_query_form_binds_as_the_command_line_and_answers(
    open_page: Any, query_file: Path, served: str, curated_build: CuratedBuild, where: str
) -> None:
    opened = open_page(query_file.as_uri() if where == "file" else served)
    values = {"post": SENIOR_MINISTER, "on": "2025"}
    shown = run_saved(opened, "post-holder-on-date", values, 1)
    prefixes = read_prefixes(curated_build.folder / "graph.ttl")
    assert shown == saved_query_text("post-holder-on-date", values, prefixes)
    assert "Keo Remy" in opened.table_text()
    address = opened.page.url
    assert "saved=post-holder-on-date" in address and "on=2025" in address
    opened.assert_clean()
    again = open_page(address)  # the shared address reopens the same query, and runs it
    again.answered(1)
    assert "Keo Remy" in again.table_text()
    again.assert_clean()


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_a_form_refuses_an_id_not_in_the_graph_or_of_another_kind(open_page: Any, query_file: Path) -> None:
    opened = open_page(query_file.as_uri())
    page = opened.page

    def refused(name: str, values: dict[str, str]) -> str:
        page.click(f'#gallery button[data-saved="{name}"]')
        form = f'form[data-saved="{name}"]'
        for param, value in values.items():
            page.fill(f'{form} input[name="{param}"]', value)
        page.click(f'{form} button[type="submit"]')
        page.wait_for_function(f"() => document.querySelector('{form}').dataset.refused === '1'")
        return str(page.inner_text(f"{form} .saved-problem"))

    said = refused("meetings-of-person", {"person": "person/pigai"})
    assert "person/pigai is not in the graph" in said and "did you mean person/natalius-pigai" in said
    said = refused("post-holder-on-date", {"post": "post/kh-senior-minister-for-human-right", "on": "2025"})
    assert "did you mean post/kh-senior-minister-for-human-rights" in said
    said = refused("post-holder-on-date", {"post": "person/keo-remy", "on": "2025"})
    assert "another kind" in said and "Post" in said
    said = refused("post-holder-on-date", {"post": SENIOR_MINISTER, "on": "2026-02-30"})
    assert "is not a date" in said
    # a text with declared values (figures-about's unit): one of the graph's, which the field offers
    said = refused("figures-about", {"about": "country/cambodia", "unit": "peoplx"})
    assert "peoplx is not in the graph" in said and "did you mean people" in said
    offered = page.eval_on_selector_all(
        'form[data-saved="figures-about"] datalist[id$="-unit-values"] option', "os => os.map(o => o.value)"
    )
    assert "people" in offered and offered == sorted(offered)
    assert page.evaluate("() => document.body.dataset.answered") is None  # nothing was run
    opened.assert_clean()


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_every_form_binds_every_kind_of_value_as_the_command_line(
    open_page: Any, query_file: Path, curated_build: CuratedBuild
) -> None:
    """The page's binding against saved_query_text, for every saved query and awkward values;
    what the command line refuses as a usage mistake, the form refuses too."""
    opened = open_page(query_file.as_uri())
    prefixes = read_prefixes(curated_build.folder / "graph.ttl")
    samples = {
        "iri": ["person/keo-remy", "https://example.org/x", "not an id", "person/"],
        "date": ["2025", "2025-11", "2024-02-29", "2026-02-30", "2025-13", "0000", "25"],
        "integer": ["12", "-3", "1.5"],
        "text": ['a "quoted" \\ back\nslash\t\x01', "Keo"],
    }
    bound = opened.page.evaluate(
        """([samples]) => {
            const out = [];
            for (const saved of window.hrgraphQuery.gallery) {
              for (const param of saved.params) {
                for (const raw of samples[param.kind]) {
                  const values = {};
                  const usual = { iri: "person/keo-remy", date: "2025", integer: "3", text: "x" };
                  for (const p of saved.params) values[p.name] = usual[p.kind];
                  values[param.name] = raw;
                  let text = null;
                  try { text = window.hrgraphGallery.bound(saved, values); } catch (e) { text = null; }
                  out.push([saved.name, values, text]);
                }
              }
            }
            return out;
        }""",
        [samples],
    )
    assert len(bound) > 20
    for name, values, text in bound:
        try:
            expected = saved_query_text(name, values, prefixes)
        except Exception:  # a usage mistake: the form must refuse it too
            expected = None
        assert text == expected, (name, values)
    opened.assert_clean()


@pytest.mark.parametrize(("where", "lang"), [("file", "en"), ("served", "en"), ("served", "km")])
@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_a_result_iri_opens_its_page_of_the_readers_site(
    open_page: Any, query_file: Path, served: str, where: str, lang: str
) -> None:
    opened = open_page((query_file.as_uri() if where == "file" else served) + f"#lang={lang}")
    type_and_run(opened, "SELECT ?who WHERE { BIND(person:keo-remy AS ?who) }", 1)
    link = opened.page.locator("#results a.iri", has_text="person:keo-remy")
    assert link.get_attribute("href") == f"{lang}/person/keo-remy.html"
    link.click()
    site = query_file.parent.as_uri() + "/" if where == "file" else served
    opened.page.wait_for_url(f"{site}{lang}/person/keo-remy.html")
    assert ("Keo Remy" if lang == "en" else "កែវ រ៉េមី") in opened.page.inner_text("h1")
    opened.assert_clean()


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_the_page_of_every_iri_is_the_page_the_site_wrote(
    open_page: Any, query_file: Path, curated_build: CuratedBuild
) -> None:
    """The page's rule (graph.rdf.pages.page_rule) against the site's files: every IRI of
    the graph it gives a page has that page, and every thing with a page gets it."""
    site = curated_build.folder / "site"
    store = open_store(curated_build.folder / "graph.nt")
    iris = sorted({str(q.subject.value) for q in store if isinstance(q.subject, ox.NamedNode)})
    opened = open_page(query_file.as_uri())
    pages = opened.page.evaluate("(iris) => iris.map((iri) => window.hrgraphPage.pageOf(iri))", iris)
    linked = {iri: page for iri, page in zip(iris, pages, strict=True) if page is not None}
    assert len(linked) > 300
    missing = [page for page in linked.values() if not (site / page).is_file()]
    assert missing == []
    unlinked = [iri for iri in iris if iri not in linked and (site / "en" / page_path(URIRef(iri))).is_file()]
    assert unlinked == []
    assert all(page == f"en/{page_path(URIRef(iri))}" for iri, page in linked.items())


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_default_views_draw_timeline_bar_chart_and_graph(open_page: Any, query_file: Path) -> None:
    opened = open_page(query_file.as_uri())
    timeline = """#defaultView:Timeline
SELECT ?meeting ?date WHERE { ?meeting a hrg:Meeting ; hrg:startDate ?date } ORDER BY ?date ?meeting"""
    type_and_run(opened, timeline, 1)
    marks = opened.page.locator("svg.view-timeline g.mark").count()
    assert marks > 1
    assert opened.page.locator("svg.view-timeline a").count() == marks  # each meeting links to its page
    bars = """#defaultView:BarChart
SELECT ?kind (COUNT(?x) AS ?n) WHERE { ?x a ?kind } GROUP BY ?kind ORDER BY DESC(?n) ?kind"""
    type_and_run(opened, bars, 2)
    assert opened.page.locator("svg.view-barchart rect.bar").count() > 1
    assert "hrg:Person" in str(opened.page.text_content("svg.view-barchart"))
    graph = """#defaultView:Graph
CONSTRUCT { ?a hrg:metWith ?b } WHERE {
  ?m a hrg:Meeting ; hrg:participation/hrg:participant ?a, ?b FILTER(STR(?a) < STR(?b)) }"""
    type_and_run(opened, graph, 3)
    assert opened.page.locator("svg.view-graph line.edge").count() > 0
    assert opened.page.locator("svg.view-graph a[href='en/person/keo-remy.html']").count() == 1
    opened.assert_clean()


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_axe_finds_nothing_serious_in_the_query_page(open_page: Any, query_file: Path) -> None:
    """The page with a saved query's text shown, a table of results (the views that cannot show
    them greyed), then a bar chart."""
    opened = open_page(query_file.as_uri())
    opened.page.click('#gallery button[data-saved="post-holder-on-date"]')
    type_and_run(opened, "SELECT ?kind (COUNT(?x) AS ?n) WHERE { ?x a ?kind } GROUP BY ?kind", 1)
    assert opened.page.locator("#results select").count() == 1
    assert opened.page.locator('#results .yasr_btn[aria-disabled="true"]').count() > 0
    found = serious_violations(opened.page)
    assert found == [], found
    chart = "#defaultView:BarChart\nSELECT ?kind (COUNT(?x) AS ?n) WHERE { ?x a ?kind } GROUP BY ?kind"
    type_and_run(opened, chart, 2)
    assert opened.page.locator("svg.view-barchart").count() == 1
    found = serious_violations(opened.page)
    assert found == [], found
    opened.assert_clean()


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_completers_answer_from_the_graph_and_ask_no_one(open_page: Any, query_file: Path) -> None:
    opened = open_page(query_file.as_uri())
    page = opened.page
    replace_text(page, "SELECT * WHERE { ?s a hrg:Pers")
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".CodeMirror-hints")
    assert "hrg:Person" in page.inner_text(".CodeMirror-hints")
    page.keyboard.press("Escape")
    page.keyboard.insert_text(" . ?s hrg:hold")
    page.keyboard.press("Control+Space")
    page.wait_for_function(HINTED, arg="hrg:holder")
    page.keyboard.press("Escape")
    page.keyboard.insert_text(" . person:keo")
    page.keyboard.press("Control+Space")
    page.wait_for_function(HINTED, arg="person:keo-remy")
    opened.assert_clean()


@pytest.mark.parametrize("lang", ["en", "id", "km"])
@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_an_id_field_completes_names_and_aliases_in_every_language(
    open_page: Any, query_file: Path, lang: str
) -> None:
    """Whatever the page's language, a name typed in English, Indonesian or Khmer, an alias, or
    a name without its accents, offers the ids of the field's kind that bear it."""
    opened = open_page(query_file.as_uri() + f"#lang={lang}")
    page = opened.page

    def offered(name: str, param: str, typed: str) -> dict[str, str]:
        page.click(f'#gallery button[data-saved="{name}"]')
        page.fill(f'form[data-saved="{name}"] input[name="{param}"]', typed)
        names = f"#param-{name}-{param}-names"
        page.wait_for_function(
            "([l, t]) => document.querySelector(l).dataset.completed === t", arg=[names, typed]
        )
        found = page.eval_on_selector_all(
            f"{names} option", "all => all.map((o) => [o.value, o.textContent])"
        )
        return dict(found)

    assert offered("meetings-of-person", "person", "Keo")["person/keo-remy"] == "Keo Remy"
    assert offered("meetings-of-person", "person", "រ៉េមី") == {"person/keo-remy": "កែវ រ៉េមី"}
    assert "person/keo-remy" in offered("meetings-of-person", "person", "he keo remy")  # an alias
    assert offered("post-holder-on-date", "post", "menteri senior ham") == {
        SENIOR_MINISTER: "Menteri Senior HAM Kamboja"
    }
    assert "person/keo-remy" not in offered("post-holder-on-date", "post", "Keo")  # posts only
    assert (
        "Ho Chi Minh City joint communiqué"
        in offered("instrument-status", "instrument", "city joint communique").values()
    )
    opened.assert_clean()


@pytest.mark.parametrize("where", ["file", "served"])
@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_a_shared_address_reopens_the_query_in_the_view_picked(
    open_page: Any, query_file: Path, served: str, where: str
) -> None:
    """A typed query and a saved one: the view picked among the results' tabs goes into the
    address, and the address opened afresh runs the same query and shows it in that view."""
    opened = open_page((query_file.as_uri() if where == "file" else served) + "#lang=id")
    type_and_run(opened, TYPED, 1)
    opened.page.click("#results .yasr_btn.select_response")
    assert "view=response" in opened.page.url and "lang=id" in opened.page.url
    again = open_page(opened.page.url)
    again.answered(1)
    assert again.page.locator("#results .yasr_btn.select_response.selected").count() == 1
    assert again.page.evaluate("() => window.hrgraphPage.yasqe.getValue()") == TYPED
    assert '"value":"Keo Remy"' in again.page.inner_text("#results")  # the answer as it came
    run_saved(again, "post-holder-on-date", {"post": SENIOR_MINISTER, "on": "2025-11"}, 2)
    # a view these results can be shown in (one greyed is aria-disabled, not a control to use)
    assert again.page.locator("#results .yasr_btn.select_table.selected").count() == 1
    again.page.click("#results .yasr_btn.select_response")
    address = again.page.url
    assert "saved=post-holder-on-date" in address and "on=2025-11" in address and "view=response" in address
    third = open_page(address)
    third.answered(1)
    assert third.page.locator("#results .yasr_btn.select_response.selected").count() == 1
    assert third.page.input_value('form[data-saved="post-holder-on-date"] input[name="on"]') == "2025-11"
    for each in (opened, again, third):
        each.assert_clean()


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_an_address_changed_in_the_open_page_opens_what_it_names(open_page: Any, query_file: Path) -> None:
    """A link to another query followed in the open page (only the fragment changes) runs it,
    as a new tab would."""
    opened = open_page(query_file.as_uri())
    page = opened.page
    page.evaluate("(q) => { location.hash = 'query=' + encodeURIComponent(q); }", TYPED)
    opened.answered(1)
    assert page.evaluate("() => window.hrgraphPage.yasqe.getValue()") == TYPED
    assert '"Keo Remy"@en' in opened.table_text()
    address = f"saved=post-holder-on-date&post={SENIOR_MINISTER}&on=2025-11"
    page.evaluate("(a) => { location.hash = a; }", address)
    opened.answered(2)
    assert page.input_value('form[data-saved="post-holder-on-date"] input[name="on"]') == "2025-11"
    assert "Keo Remy" in opened.table_text()
    opened.assert_clean()


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_a_form_just_opened_says_nothing_is_wrong_and_says_it_when_left(
    open_page: Any, query_file: Path
) -> None:
    opened = open_page(query_file.as_uri())
    page = opened.page
    page.click('#gallery button[data-saved="post-holder-on-date"]')
    form = 'form[data-saved="post-holder-on-date"]'
    assert page.inner_text(f"{form} .saved-problem") == ""
    page.fill(f'{form} input[name="post"]', SENIOR_MINISTER)
    page.click(f'{form} input[name="on"]')
    page.keyboard.type("20")  # typing a year: nothing said yet
    assert page.inner_text(f"{form} .saved-problem") == ""
    page.click(f'{form} input[name="post"]')  # the field left: now said
    assert script_words()["en"]["is not a date (write YYYY-MM-DD, YYYY-MM or YYYY)"] in page.inner_text(
        f"{form} .saved-problem"
    )
    opened.assert_clean()


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_results_on_a_phone_are_whole_and_scroll_in_their_box(browser: Any, query_file: Path) -> None:  # noqa: F811
    """At 375 px the page keeps its width (a wide table scrolls in its own box), the Run button
    covers no text of the editor, and a value is written whole, not cut at its column."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(query_file.as_uri() + f"#saved=post-holder-on-date&post={SENIOR_MINISTER}&on=2025-11")
    page.wait_for_function("() => Number(document.body.dataset.answered || 0) >= 1")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    assert page.locator("#results table.ellipseTable").count() == 0
    cells = page.locator("#results tbody td").all_inner_texts()
    assert any(text.startswith("attested on") and not text.rstrip().endswith("…") for text in cells), cells
    # the editor's lines (the first two run beside the button) end before the button begins
    text_ends = page.evaluate(
        """() => [...document.querySelectorAll('.CodeMirror-line')].slice(0, 2).map((line) =>
            line.getBoundingClientRect().right - parseFloat(getComputedStyle(line).paddingRight))"""
    )
    run = page.locator(".yasqe_queryButton").bounding_box()
    assert run is not None and text_ends and max(text_ends) <= run["x"], (text_ends, run)
    context.close()
