"""The readers' site (build/site/, issue 12) in a real browser, offline.

Debian's Chromium through Playwright, every request that is not for a file refused and recorded,
every page error, console error and dialog collected. The home, Keo Remy, the 24 Nov 2025
meeting, a commitment, a source, the tracker, the timeline and the search page load cleanly in
English, Indonesian and Khmer; every address of the site resolves and every page is reached from
the front door; the pages say what the data says and agree with SPARQL (saved queries run on the
same build); a disputed fact shows each value with its own sources; the tracker's and the
timeline's filters work and are kept in the address; search finds names offline; hostile text
runs nothing; axe-core finds no serious or critical violation; the keyboard reaches the content;
a printed page has no controls; Khmer is drawn in a Khmer font. Screenshots go to
test-artifacts/, and to docs/screenshots/ (the README's) with HRGRAPH_SCREENSHOTS=1.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from urllib.request import url2pathname

import pytest
from click.testing import CliRunner

from graph.analyst.api import KnowledgeGraph
from graph.cli import main
from graph.site.listings import LATEST
from graph.view.dates import human_date
from graph.view.page import network_in_site
from graph.view.words import human_number
from tests.axe_check import serious_violations
from tests.conftest import ARTIFACTS, CuratedBuild, keep_screenshot
from tests.site_files import Parsed, html_files, parse_page
from tests.test_html_browser import (
    NAME_PAYLOAD,
    Opened,
    browser,  # noqa: F401  (a fixture)
    offline_page,
)

REPO = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/hrgraph/id/"
ONTOLOGY = REPO / "ontology"
XSS_SOURCES = REPO / "tests" / "fixtures" / "xss" / "sources"
LANGUAGES = ("en", "id", "km")

# a real browser: slow (deselect with -m "not slow"); on one xdist worker, that launches it once
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser")]

HOME = "index"
KEO = "person/keo-remy"
MEETING = "meeting/2025-11-24-pigai-keo-remy"
COMMITMENT = "commitment/2025-11-24-id-invites-kh-to-high-level-meeting-2026"
SOURCE = "src/infoindokamboja-2025-11-25"
MUKHTARUDIN = "person/mukhtarudin"
JIM = "meeting/1988-07-jim-1"
"""A meeting four sources give for each fact, with a curator's note in English only."""
KEY_PAGES = (HOME, KEO, MEETING, COMMITMENT, SOURCE)
"""The pages the issue names, by their address in a language folder (without '.html')."""
TRACKER = "commitments"
TIMELINE = "timeline"
TIMELINE_2025 = "timeline/2025"
SEARCH = "search"
LIST_PAGES = (TRACKER, TIMELINE, TIMELINE_2025, SEARCH)
"""The commitments tracker, the timeline's years and one year of it, the search page."""

KEO_OFFICES = {
    "post/kh-member-of-national-assembly": "1998",
    "post/kh-nac-spokesman": "2010",
    "post/kh-chrc-president": "2016",
    "post/kh-delegate-minister-attached-to-pm": "2018",
    "post/aichr-chair": "2022",
    "post/kh-aichr-representative": "2022",
    "post/kh-senior-minister-for-human-rights": "2025",
}
"""Offices Keo Remy held, each with a year the page must show for it (at least these)."""

PARTICIPANTS = {
    "person/natalius-pigai": ("Natalius Pigai", "post/id-minister-of-human-rights"),
    "person/keo-remy": ("Keo Remy", "post/kh-senior-minister-for-human-rights"),
    "person/thomas-harming-suwarta": (
        "Thomas Harming Suwarta",
        "post/id-special-staff-to-minister-of-human-rights",
    ),
    "person/santo-darmosumarto": ("Santo Darmosumarto", "post/id-ambassador-to-cambodia"),
}
"""The four at the 24 Nov 2025 meeting: name in English and the post each attended as."""

HOSTILE_TEXTS = {
    "person/hostile": NAME_PAYLOAD,
    "meeting/2020-05-01-hostile": 'Meeting "quoted" & <b>bold</b> \\ backslash ${window.__pwned=9}',
    "country/hostilia": "<img src=x onerror=window.__pwned=4>Hostilia",
    "post/hostile": "Minister </script><script>window.__pwned=6</script>",
}
"""Pages of the hostile corpus and the name each must show, as text, as its heading (in English)."""


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def site(curated_build: CuratedBuild) -> Path:
    """The site of the shared build of sources/ (read-only)."""
    folder = curated_build.folder / "site"
    assert (folder / "index.html").is_file()
    return folder


@pytest.fixture(scope="module")
def kg(curated_build: CuratedBuild) -> KnowledgeGraph:
    """The graph of the same build, for the saved queries."""
    return KnowledgeGraph.load(curated_build.folder)


@pytest.fixture(scope="module")
def source_addresses(kg: KnowledgeGraph) -> set[str]:
    """The address of every source: the only outside addresses a page may link to."""
    rows = kg.query("SELECT (STR(?url) AS ?address) WHERE { ?s a hrg:Source ; schema:url ?url }")
    return {str(row["address"]) for row in rows}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`hrgraph site --out` of the HTML tests' hostile corpus."""
    out = tmp_path_factory.mktemp("hostile-site") / "site"
    result = CliRunner().invoke(
        main, ["site", "--sources", str(XSS_SOURCES), "--ontology", str(ONTOLOGY), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def page_file(site: Path, lang: str, address: str) -> Path:
    return site / lang / f"{address}.html"


def short_address(value: str) -> str:
    """A saved query's IRI (person:keo-remy, or in full) as a page address: person/keo-remy."""
    marker = "/hrgraph/id/"
    if marker in value:
        return value.split(marker, 1)[1]
    return value.replace(":", "/", 1)


@pytest.fixture
def open_site(browser: Any) -> Iterator[Any]:  # noqa: F811  (the fixture imported above)
    """Open a page of a site from disk in a fresh context where every non-file: request is
    refused and recorded, and every dialog (an alert a payload would raise) recorded and dismissed."""
    contexts: list[Any] = []

    def opener(path: Path, suffix: str = "", settle: bool = True) -> Opened:
        opened = offline_page(browser, contexts)
        page = opened.page

        def dialog(d: Any) -> None:
            opened.page_errors.append(f"a dialog was opened: {d.type} {d.message!r}")
            d.dismiss()

        errors = opened.page_errors

        def failed(request: Any) -> None:
            # a load the test's own navigation cut short (Enter on the home page while its search
            # index was loading) is aborted, not missing: a missing file is ERR_FILE_NOT_FOUND
            if request.failure != "net::ERR_ABORTED":
                errors.append(f"could not load {request.url}: {request.failure}")

        page.on("requestfailed", failed)
        page.on("dialog", dialog)
        if settle:
            goto(page, path, suffix)
        else:
            page.goto(path.as_uri(), wait_until="load")
        return opened

    yield opener
    for context in contexts:
        context.close()


def goto(page: Any, path: Path, suffix: str = "") -> None:
    """Load a page (its address followed by `suffix`, a '?query' or a '#fragment') and let its
    scripts settle: 'load', then one animation frame."""
    page.goto(path.as_uri() + suffix, wait_until="load")
    page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => resolve(true)))")


def rows_of(page: Any, section: str, lang_folder: Path) -> list[dict[str, Any]]:
    """The rows of the table in section#`section`: each row's text as shown, and the pages its
    links lead to, as addresses in the language folder ('person/keo-remy')."""
    rows = page.evaluate(
        """(id) => Array.from(document.querySelectorAll(`section#${id} tbody tr`), tr => ({
            text: tr.innerText,
            links: Array.from(
                tr.querySelectorAll('a[href]'), a => new URL(a.getAttribute('href'), a.baseURI).href),
        }))""",
        section,
    )
    root = lang_folder.resolve()
    for row in rows:
        addresses = []
        for href in row["links"]:
            parts = urlsplit(href)
            if parts.scheme != "file" or parts.fragment:
                continue
            target = Path(url2pathname(parts.path))
            if target.suffix == ".html" and target.is_relative_to(root):
                addresses.append(target.relative_to(root).with_suffix("").as_posix())
        row["pages"] = addresses
    return list(rows)


def row_linking(rows: list[dict[str, Any]], address: str) -> list[dict[str, Any]]:
    """The rows holding a link to the page at `address`."""
    return [row for row in rows if address in row["pages"]]


def khmer_letters(text: str) -> int:
    return sum("\u1780" <= c <= "\u17ff" or "\u19e0" <= c <= "\u19ff" for c in text)


# ---------------------------------------------------------------- the key pages load offline


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("address", KEY_PAGES + LIST_PAGES)
def test_key_page_loads_offline_without_errors(open_site: Any, site: Path, lang: str, address: str) -> None:
    path = page_file(site, lang, address)
    assert path.is_file(), f"no page {path.relative_to(site)}"
    opened = open_site(path)
    page = opened.page
    assert page.evaluate("() => document.documentElement.lang") == lang
    assert (page.locator("h1").first.text_content() or "").strip()
    csp = page.evaluate(
        """() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? ''"""
    )
    assert "default-src 'none'" in csp
    # The language switch leads to the same page in each other language.
    others = page.evaluate(
        "() => Array.from(document.querySelectorAll('a[hreflang]'), a => [a.hreflang, a.href])"
    )
    assert {code: Path(url2pathname(urlsplit(href).path)) for code, href in others} == {
        code: page_file(site, code, address).resolve() for code in LANGUAGES if code != lang
    }
    opened.assert_clean()


# ---------------------------------------------------------------- every address resolves


def test_every_address_of_the_site_resolves(site: Path, source_addresses: set[str]) -> None:
    pages = html_files(site)
    assert len(pages) > 3 * 100
    parsed: dict[Path, Parsed] = {page.resolve(): parse_page(page) for page in pages}
    problems: list[str] = []
    outside_links = 0
    for page, found in parsed.items():
        where = page.relative_to(site.resolve())
        for address in found.addresses:
            if address.scheme in ("http", "https"):
                outside_links += 1
                if address.tag != "a" or address.value not in source_addresses:
                    problems.append(
                        f"{where}: {address.value!r} in <{address.tag}> is not a source's address"
                    )
                continue
            if address.scheme:
                problems.append(f"{where}: <{address.tag} {address.attribute}> {address.value!r}")
                continue
            target, fragment = address.target()
            if not target.is_file():
                problems.append(f"{where}: {address.value!r} leads to no file")
            elif (
                fragment
                and target in parsed
                and "=" not in fragment
                and fragment not in parsed[target].anchors
            ):
                problems.append(f"{where}: {address.value!r}: no id {fragment!r} there")
    assert problems == [], f"{len(problems)} broken addresses, the first: {problems[:20]}"
    assert outside_links > 0  # the sources' addresses are written out as links


def test_every_page_in_every_language_is_reached_from_the_front_door(site: Path) -> None:
    """Following links from site/index.html reaches every page of every language folder."""
    root = site.resolve()
    pages = {page.resolve() for lang in LANGUAGES for page in html_files(site / lang)}
    reached = {root / "index.html"}
    waiting = [root / "index.html"]
    while waiting:
        for address in parse_page(waiting.pop()).addresses:
            target, _ = address.target()
            if not address.scheme and target.suffix == ".html" and target.is_file() and target not in reached:
                reached.add(target)
                waiting.append(target)
    assert sorted(page.relative_to(root).as_posix() for page in pages - reached) == []


def test_every_source_address_shown_is_an_http_link(site: Path, source_addresses: set[str]) -> None:
    """A source's page links to its address; every source's address is http(s)."""
    page = parse_page(page_file(site, "en", SOURCE))
    links = {a.value for a in page.addresses if a.tag == "a" and a.scheme in ("http", "https")}
    assert links and links <= source_addresses
    assert all(address.startswith(("http://", "https://")) for address in source_addresses)


def test_the_browser_resolves_every_link_of_a_sample_to_a_file(
    open_site: Any, site: Path, source_addresses: set[str]
) -> None:
    """One page of each kind in each language, as the browser resolves its addresses; then a
    reader's clicks: from Keo Remy to the meeting, and on to the meeting in Khmer."""
    sample = [page_file(site, lang, HOME) for lang in LANGUAGES if page_file(site, lang, HOME).is_file()]
    for lang in LANGUAGES:
        for kind in sorted(p for p in (site / lang).iterdir() if p.is_dir()):
            sample.append(min(kind.glob("*.html")))
    assert len(sample) >= 3 * 10
    opened = open_site(site / "index.html", settle=False)
    page = opened.page
    page.wait_for_url(page_file(site, "en", HOME).resolve().as_uri())
    missing: list[str] = []
    for path in sample:
        goto(page, path)
        addresses = page.evaluate(
            """() => Array.from(
                document.querySelectorAll('[href], [src], form[action]'),
                e => new URL(e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action'),
                             e.baseURI).href)"""
        )
        for address in addresses:
            parts = urlsplit(address)
            if parts.scheme == "file":
                if not Path(url2pathname(parts.path)).is_file():
                    missing.append(f"{path.relative_to(site)}: {address}")
            elif address not in source_addresses:
                missing.append(f"{path.relative_to(site)}: outside {address}")
    assert missing == []

    goto(page, page_file(site, "en", KEO))
    page.locator(f'section#meetings a[href$="{MEETING}.html"]').first.click()
    page.wait_for_url(page_file(site, "en", MEETING).resolve().as_uri())
    page.locator('a[hreflang="km"]').click()
    page.wait_for_url(page_file(site, "km", MEETING).resolve().as_uri())
    assert page.evaluate("() => document.documentElement.lang") == "km"
    opened.assert_clean()


# ---------------------------------------------------------------- what the pages say


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keo_remy_page_lists_his_offices_with_years_and_the_meeting(
    open_site: Any, site: Path, lang: str
) -> None:
    opened = open_site(page_file(site, lang, KEO))
    offices = rows_of(opened.page, "offices", site / lang)
    for post, year in KEO_OFFICES.items():
        rows = row_linking(offices, post)
        assert rows, f"no office row for {post}"
        assert any(year in row["text"] for row in rows), (post, year, [row["text"] for row in rows])
    meetings = row_linking(rows_of(opened.page, "meetings", site / lang), MEETING)
    assert len(meetings) == 1
    assert human_date("2025-11-24", lang) in meetings[0]["text"]
    for person in PARTICIPANTS.keys() - {KEO}:
        assert person in meetings[0]["pages"]  # with whom
    if lang == "en":
        assert "Indonesia–Cambodia human-rights ministers' meeting" in meetings[0]["text"]
        chrc = row_linking(offices, "post/kh-chrc-president")[0]["text"]
        assert "President of the Cambodian Human Rights Committee" in chrc
        assert "4 May 2016" in chrc
    opened.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_meeting_page_lists_the_four_participants_with_capacities_and_the_commitments(
    open_site: Any, site: Path, lang: str
) -> None:
    opened = open_site(page_file(site, lang, MEETING))
    participants = rows_of(opened.page, "participants", site / lang)
    for person, (name, post) in PARTICIPANTS.items():
        (row,) = row_linking(participants, person)
        if lang == "en":
            assert name in row["text"]
        assert post in row["pages"], f"{name} is not shown attending as {post}"
    commitments = rows_of(opened.page, "commitments", site / lang)
    invitation = row_linking(commitments, COMMITMENT)
    assert len(invitation) == 1
    assert "2026" in invitation[0]["text"]  # due
    assert "country/indonesia" in invitation[0]["pages"]  # by
    assert "country/cambodia" in invitation[0]["pages"]  # to
    opened.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_disputed_birth_date_shows_both_values_each_with_its_sources(
    open_site: Any, site: Path, lang: str
) -> None:
    opened = open_site(page_file(site, lang, MUKHTARUDIN))
    page = opened.page
    # The rows of stated values: their caption is text (an office's row links its post, and
    # a newly sourced office of 1964 or 1965 would otherwise count).
    rows = page.evaluate(
        """() => Array.from(document.querySelectorAll('main tbody tr'))
            .filter(tr => !tr.cells[0].querySelector('a'))
            .map(tr => ({
                text: tr.innerText,
                cites: Array.from(tr.querySelectorAll('a.cite'), a => a.getAttribute('href')),
            }))"""
    )
    by_year = {year: [row for row in rows if year in row["text"]] for year in ("1964", "1965")}
    assert all(len(found) == 1 for found in by_year.values()), by_year
    cites_1964, cites_1965 = (set(found[0]["cites"]) for found in by_year.values())
    assert cites_1964 and cites_1965
    assert cites_1964 != cites_1965
    # Neither value is asserted among the page's facts (the values that cite sources; a
    # curator's note may tell the dispute in words).
    facts = page.evaluate(
        """() => Array.from(document.querySelectorAll('main dl dd'), dd => {
            if (!dd.querySelector('.marks')) return '';
            const value = dd.cloneNode(true);
            value.querySelectorAll('.note').forEach(note => note.remove());
            return value.textContent;
        }).join(' ')"""
    )
    assert "1964" not in facts and "1965" not in facts
    # Each mark leads to an endnote on the page.
    for href in cites_1964 | cites_1965:
        assert page.locator(f"section#sources li{href}").count() == 1
    opened.assert_clean()


# ---------------------------------------------------------------- notes and marks a reader reads


@pytest.mark.parametrize("lang", ("id", "km"))
def test_an_english_note_on_another_languages_page_is_marked_and_read_as_english(
    open_site: Any, site: Path, lang: str
) -> None:
    opened = open_site(page_file(site, lang, JIM))
    note = opened.page.evaluate(
        """() => {
            const text = Array.from(document.querySelectorAll('main dd span[lang]'))
                .find(span => span.textContent.startsWith('Began on Monday 25 July 1988'));
            if (!text) return null;
            const mark = text.nextElementSibling;
            return {
                lang: text.closest('[lang]').lang,
                mark: mark && mark.classList.contains('fallback') ? mark.innerText : '',
                markLang: mark ? mark.lang : '',
                caption: text.closest('div').querySelector('dt').innerText,
            };
        }"""
    )
    assert note is not None, "the note is not shown in a span of its language"
    assert note["lang"] == "en"  # screen readers and fonts read it as English
    assert (note["mark"], note["markLang"]) == ("(en)", "en")
    assert note["caption"] != "Curator's note"  # the caption is in the page's language
    opened.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_four_sources_of_a_fact_show_as_a_range_that_leads_to_each(
    open_site: Any, site: Path, lang: str
) -> None:
    opened = open_site(page_file(site, lang, JIM))
    page = opened.page
    about = page.locator("section.facts").first
    date_marks = about.locator("dd").first.locator("sup.marks")
    assert date_marks.inner_text() == "1–4"
    links = date_marks.locator("a.cite")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == ["#n1", "#n4"]
    # The sources between the ends follow the first in the endnotes, each with its page.
    endnotes = page.evaluate(
        "() => Array.from(document.querySelectorAll('section#sources li'), li => li.id).slice(0, 4)"
    )
    assert endnotes == ["n1", "n2", "n3", "n4"]
    for number in range(1, 5):
        assert page.locator(f"section#sources li#n{number} a[href*='/src/']").count() == 1
    # The keyboard reaches the range's first mark and follows it to the first source.
    links.first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#n1'")
    assert page.evaluate("() => document.querySelector('li:target').id") == "n1"
    # Every fact of the section is confirmed by several sources: said once, not after each value.
    assert about.locator(".said-once .confidence").count() == 1
    assert about.locator("dd .confidence").count() == 0
    opened.assert_clean()


# ---------------------------------------------------------------- the site agrees with SPARQL


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_meeting_page_agrees_with_the_saved_queries(
    open_site: Any, site: Path, kg: KnowledgeGraph, lang: str
) -> None:
    opened = open_site(page_file(site, lang, MEETING))
    participants = rows_of(opened.page, "participants", site / lang)
    answer = kg.saved("meeting-participants", meeting=MEETING, lang=lang)
    assert {short_address(row["participant"]) for row in answer} == {
        page for row in participants for page in row["pages"] if page.startswith("person/")
    }
    for row in answer:
        (shown,) = row_linking(participants, short_address(row["participant"]))
        assert row["name"] in shown["text"]
        # each capacity, in the query's ", "-joined list; the page marks a name not in its language
        assert all(capacity in shown["text"] for capacity in row["attendedAs"].split(", "))
        if lang == "en":
            assert row["role"] in shown["text"]

    commitments = rows_of(opened.page, "commitments", site / lang)
    answer = kg.saved("commitments-at-meeting", meeting=MEETING)
    assert answer
    for row in answer:
        (shown,) = row_linking(commitments, short_address(row["commitment"]))
        if row["due"]:
            assert human_date(str(row["due"]), lang) in shown["text"]
        if lang == "en":
            assert row["by"] in shown["text"]
            assert row["status"] in shown["text"]
    opened.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keo_remy_page_agrees_with_the_saved_queries(
    open_site: Any, site: Path, kg: KnowledgeGraph, lang: str
) -> None:
    opened = open_site(page_file(site, lang, KEO))
    meetings = rows_of(opened.page, "meetings", site / lang)
    answer = kg.saved("meetings-of-person", person=KEO)
    assert answer
    for row in answer:
        (shown,) = row_linking(meetings, short_address(row["meeting"]))
        assert human_date(str(row["date"]), lang) in shown["text"]
        if lang == "en":
            assert row["meetingName"] in shown["text"]
            assert row["attendedAs"] in shown["text"]
            assert row["coParticipant"] in shown["text"]

    holders = kg.query("SELECT ?post WHERE { ?tenure hrg:holder person:keo-remy ; hrg:post ?post }")
    offices = rows_of(opened.page, "offices", site / lang)
    assert {short_address(row["post"]) for row in holders} <= {p for row in offices for p in row["pages"]}
    opened.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_source_cited_for_keo_remy_is_an_endnote_of_his_page(
    open_site: Any, site: Path, kg: KnowledgeGraph, lang: str
) -> None:
    opened = open_site(page_file(site, lang, KEO))
    links = opened.page.evaluate(
        """() => Array.from(document.querySelectorAll('section#sources li a[href]'),
            a => new URL(a.getAttribute('href'), a.baseURI).href)"""
    )
    cited = {short_address(row["source"]) for row in kg.saved("sources-of", entity=KEO)}
    assert cited
    linked = {page_file(site, lang, source).resolve().as_uri(): source for source in cited}
    assert {linked[link] for link in links if link in linked} == cited
    opened.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_source_page_is_titled_by_its_title_and_quotes_every_fact_citing_it(
    open_site: Any, site: Path, kg: KnowledgeGraph, lang: str
) -> None:
    (title,) = kg.query(f"SELECT (STR(?t) AS ?title) WHERE {{ <{ID}{SOURCE}> dcterms:title ?t }}")
    quotes = kg.query(
        f"SELECT DISTINCT (STR(?q) AS ?quote) WHERE {{ ?c hrg:source <{ID}{SOURCE}> ; hrg:quote ?q }}"
    )
    opened = open_site(page_file(site, lang, SOURCE))
    page = opened.page
    assert title["title"] in page.locator("h1").first.inner_text()  # marked when in another language
    text = page.locator("main").inner_text()
    assert quotes
    assert [row["quote"] for row in quotes if row["quote"] not in text] == []
    opened.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_commitment_page_shows_its_texts_parties_and_status_history(
    open_site: Any, site: Path, kg: KnowledgeGraph, lang: str
) -> None:
    opened = open_site(page_file(site, lang, COMMITMENT))
    page = opened.page
    text = page.locator("main").inner_text()
    texts = kg.query(f"SELECT (STR(?t) AS ?text) WHERE {{ <{ID}{COMMITMENT}> hrg:text ?t }}")
    assert len(texts) >= 2  # in English and Indonesian at least
    assert [row["text"] for row in texts if row["text"] not in text] == []
    parties = kg.query(f"SELECT ?party WHERE {{ <{ID}{COMMITMENT}> hrg:committedBy|hrg:committedTo ?party }}")
    shown = page.evaluate("() => Array.from(document.querySelectorAll('main a[href]'), a => a.href)")
    for row in parties:
        assert page_file(site, lang, short_address(row["party"])).resolve().as_uri() in shown
    reports = kg.query(
        f"""SELECT (STR(?on) AS ?asOf) (COALESCE(?mine, ?english) AS ?status) WHERE {{
            <{ID}{COMMITMENT}> hrg:statusReport ?report . ?report hrg:asOf ?on ; hrg:status ?s .
            OPTIONAL {{ ?s skos:prefLabel ?mine FILTER(lang(?mine) = "{lang}") }}
            OPTIONAL {{ ?s skos:prefLabel ?english FILTER(lang(?english) = "en") }}
        }} ORDER BY ?on"""
    )
    history = rows_of(page, "status", site / lang)
    assert len(history) == len(reports) >= 2
    for row, report in zip(history, reports, strict=True):  # in the order they were reported
        assert human_date(str(report["asOf"]), lang) in row["text"]
        assert str(report["status"]) in row["text"]
    opened.assert_clean()


FIGURE = "measure/wni-reporting-to-kbri-after-leaving-scam-syndicates"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_measure_page_shows_the_figure_over_time_as_the_saved_query_gives_it(
    open_site: Any, site: Path, kg: KnowledgeGraph, lang: str
) -> None:
    answer = kg.saved("figure-over-time", measure=FIGURE)
    assert len({(row["asOf"], row["value"]) for row in answer}) >= 3
    opened = open_site(page_file(site, lang, FIGURE))
    figures = rows_of(opened.page, "figures", site / lang)
    for row in answer:
        value, on = human_number(str(row["value"]), lang), human_date(str(row["asOf"]), lang)
        shown = [r["text"] for r in figures if value in r["text"] and on in r["text"]]
        assert shown, (value, on, [r["text"] for r in figures])
        if lang == "en" and row["reportedBy"]:
            assert any(row["reportedBy"] in text for text in shown), row
    # The small chart: a bar for each figure in the table.
    assert opened.page.locator("section.bars li").count() == len(figures)
    opened.assert_clean()


INSTRUMENT = "instrument/actip"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_instrument_page_shows_every_event_instrument_status_gives(
    open_site: Any, site: Path, kg: KnowledgeGraph, lang: str
) -> None:
    answer = [row for row in kg.saved("instrument-status", instrument=INSTRUMENT) if row["event"]]
    assert len(answer) >= 3
    opened = open_site(page_file(site, lang, INSTRUMENT))
    events = [row["text"] for row in rows_of(opened.page, "events", site / lang)]
    assert len(events) >= len(answer)
    for row in answer:
        on = human_date(str(row["date"]), lang)
        if lang == "en":
            assert any(row["party"] in t and row["event"] in t and on in t for t in events), row
        else:
            assert any(on in t for t in events), row
    opened.assert_clean()


CLOSED = {"status/fulfilled", "status/not-fulfilled", "status/withdrawn"}
"""The statuses of a commitment no longer to be kept (as the saved query overdue-commitments says)."""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_home_page_agrees_with_sparql_and_leads_everywhere(
    open_site: Any, site: Path, kg: KnowledgeGraph, lang: str
) -> None:
    opened = open_site(page_file(site, lang, HOME))
    page = opened.page
    links = page.evaluate(
        "() => Array.from(document.querySelectorAll('main a[href]'), a => [a.innerText, a.href])"
    )
    by_target = {Path(url2pathname(urlsplit(href).path)): text for text, href in links}
    for address in (TIMELINE, TRACKER, SEARCH):
        assert page_file(site, lang, address).resolve() in by_target, address
    assert (site / network_in_site(lang)).resolve() in by_target  # the network, in the site's language
    assert page.locator("form[role=search] input#q").count() == 1
    # What the graph holds: the number of each kind, leading to its list.
    for kind, folder in (("Person", "person"), ("Meeting", "meeting"), ("Commitment", "commitment")):
        (count,) = kg.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a hrg:{kind} }}")
        shown = by_target[page_file(site, lang, f"list/{folder}").resolve()]
        assert shown.replace(",", "").strip() == str(count["n"]), kind
    # The latest meeting is there; every commitment listed is still open.
    meetings = kg.query(
        "SELECT ?meeting (STR(?date) AS ?on) WHERE { ?meeting a hrg:Meeting ; hrg:startDate ?date }"
    )
    latest = max(str(row["on"]) for row in meetings)
    newest = {short_address(row["meeting"]) for row in meetings if str(row["on"]) == latest}
    shown_meetings = {p for row in rows_of(page, "meetings", site / lang) for p in row["pages"]}
    assert newest <= shown_meetings
    status = {
        short_address(row["commitment"]): short_address(row["status"])
        for row in kg.query("SELECT ?commitment ?status WHERE { ?commitment hrg:currentStatus ?status }")
    }
    listed = [
        p
        for row in rows_of(page, "commitments", site / lang)
        for p in row["pages"]
        if p.startswith("commitment/")
    ]
    assert listed
    assert {commitment: status[commitment] for commitment in listed if status[commitment] in CLOSED} == {}
    assert len(set(listed)) == min(LATEST, sum(value not in CLOSED for value in status.values()))
    opened.assert_clean()


# ---------------------------------------------------------------- the tracker and the timeline


def shown_rows(page: Any, lang_folder: Path) -> list[dict[str, Any]]:
    """The rows of the list's table a reader sees (the filters hide the others)."""
    section = page.evaluate("() => document.querySelector('main section[id]').id")
    visible = page.evaluate(
        "(id) => Array.from(document.querySelectorAll(`section#${id} tbody tr`), tr => !tr.hidden)", section
    )
    rows = rows_of(page, section, lang_folder)
    return [row for row, seen in zip(rows, visible, strict=True) if seen]


def tags_of_rows(page: Any, key: str) -> list[list[str]]:
    return list(
        page.evaluate(
            "(key) => Array.from(document.querySelectorAll('main tbody tr'), "
            "tr => (tr.dataset[key] || '').split(' ').filter(Boolean))",
            key,
        )
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_tracker_lists_every_commitment_with_the_status_sparql_gives(
    open_site: Any, site: Path, kg: KnowledgeGraph, lang: str
) -> None:
    opened = open_site(page_file(site, lang, TRACKER))
    page = opened.page
    rows = rows_of(page, "commitments", site / lang)
    statuses = tags_of_rows(page, "status")
    overdue = tags_of_rows(page, "overdue")
    shown: dict[str, tuple[list[str], list[str]]] = {}
    for row, status, late in zip(rows, statuses, overdue, strict=True):
        (commitment,) = [p for p in row["pages"] if p.startswith("commitment/")]
        shown[commitment] = (status, late)
    answer = kg.query(
        "SELECT ?commitment ?status WHERE { ?commitment a hrg:Commitment ; hrg:currentStatus ?status }"
    )
    assert {short_address(r["commitment"]) for r in answer} == shown.keys()
    for row in answer:
        assert shown[short_address(row["commitment"])][0] == [short_address(row["status"])]
    # Overdue as of the data's date (the latest date a source was issued), as the saved query says.
    (latest,) = kg.query("SELECT (MAX(STR(?issued)) AS ?date) WHERE { ?source dcterms:issued ?issued }")
    overdue_by_query = kg.saved("overdue-commitments", on=str(latest["date"]))
    assert {c for c, (_, flag) in shown.items() if flag == ["yes"]} == {
        short_address(r["commitment"]) for r in overdue_by_query
    }
    opened.assert_clean()


def test_the_trackers_filters_hide_rows_and_are_kept_in_the_address(open_site: Any, site: Path) -> None:
    opened = open_site(page_file(site, "en", TRACKER))
    page = opened.page
    every = shown_rows(page, site / "en")
    statuses = tags_of_rows(page, "status")
    countries = tags_of_rows(page, "country")
    page.locator("#filter-status").select_option("status/open")
    open_rows = shown_rows(page, site / "en")
    expected = [row for row, status in zip(every, statuses, strict=True) if "status/open" in status]
    assert 0 < len(open_rows) == len(expected) < len(every)
    assert [row["pages"] for row in open_rows] == [row["pages"] for row in expected]
    page.locator("#filter-country").select_option("country/cambodia")
    both = shown_rows(page, site / "en")
    assert [row["pages"] for row in both] == [
        row["pages"]
        for row, status, country in zip(every, statuses, countries, strict=True)
        if "status/open" in status and "country/cambodia" in country
    ]
    fragment = page.evaluate("() => location.hash")
    assert "status=status%2Fopen" in fragment and "country=country%2Fcambodia" in fragment
    # The address opens the same view: a reader can share it.
    again = open_site(page_file(site, "en", TRACKER), suffix=fragment)
    assert again.page.locator("#filter-status").input_value() == "status/open"
    assert [row["pages"] for row in shown_rows(again.page, site / "en")] == [row["pages"] for row in both]
    opened.assert_clean()
    again.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_timeline_holds_the_meeting_and_filters_by_country(open_site: Any, site: Path, lang: str) -> None:
    years = open_site(page_file(site, lang, TIMELINE))
    years.page.locator('main a[href$="2025.html"]').first.click()
    years.page.wait_for_url(page_file(site, lang, TIMELINE_2025).resolve().as_uri())
    page = years.page
    every = shown_rows(page, site / lang)
    meeting = row_linking(every, MEETING)
    assert meeting and human_date("2025-11-24", lang) in meeting[0]["text"]
    countries = tags_of_rows(page, "country")
    page.locator("#filter-country").select_option("country/cambodia")
    kept = shown_rows(page, site / lang)
    assert 0 < len(kept) < len(every)
    assert [row["pages"] for row in kept] == [
        row["pages"] for row, country in zip(every, countries, strict=True) if "country/cambodia" in country
    ]
    assert row_linking(kept, MEETING)
    years.assert_clean()


# ---------------------------------------------------------------- search on the built site


COMMUNIQUE = "instrument/id-vn-ho-chi-minh-city-joint-communique-1987"
SEARCHES = {
    "keo remy": KEO,
    "KEO REMY": KEO,
    "កែវ រ៉េមី": KEO,  # his Khmer name, found from any language's pages
    "pigai": "person/natalius-pigai",
    "communique": COMMUNIQUE,  # no accent typed, "communiqué" found
    "darmosumarto": "person/santo-darmosumarto",
}
"""What a reader types, and the page that must be among the suggestions."""


def suggestions(page: Any, query: str, lang_folder: Path) -> list[tuple[str, str]]:
    """Type `query` into the box: the suggestions shown, as (name, page address)."""
    page.fill("#q", query)
    page.wait_for_function("(q) => window.hrgraphSearch && window.hrgraphSearch.shownFor === q", arg=query)
    shown = page.evaluate(
        """() => Array.from(document.querySelectorAll('#search-results [role=option]'),
            a => [a.querySelector('.search-name').textContent, a.href])"""
    )
    root = lang_folder.resolve()
    found = []
    for name, href in shown:
        target = Path(url2pathname(urlsplit(href).path))
        assert target.is_file(), href
        found.append((name, target.relative_to(root).with_suffix("").as_posix()))
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_search_box_finds_names_in_every_language_offline(open_site: Any, site: Path, lang: str) -> None:
    opened = open_site(page_file(site, lang, MEETING))
    page = opened.page
    missing = {}
    for query, address in SEARCHES.items():
        found = [found_page for _, found_page in suggestions(page, query, site / lang)]
        if address not in found:
            missing[query] = found
    assert missing == {}
    assert suggestions(page, "keo remy", site / lang)[0][1] == KEO
    # The keyboard picks a suggestion; the reader stays in the page's language.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(page_file(site, lang, KEO).resolve().as_uri())
    opened.assert_clean()


def test_submitting_the_box_lists_the_results_on_the_search_page(open_site: Any, site: Path) -> None:
    opened = open_site(page_file(site, "km", HOME))
    page = opened.page
    page.fill("#q", "pigai")
    page.press("#q", "Enter")
    page.wait_for_url(f"{page_file(site, 'km', SEARCH).resolve().as_uri()}?q=pigai")
    page.locator("#search-page-results a").first.wait_for()
    results = page.evaluate(
        "() => Array.from(document.querySelectorAll('#search-page-results a'), a => a.href)"
    )
    assert page_file(site, "km", "person/natalius-pigai").resolve().as_uri() in results
    assert "pigai" in (page.locator("#search-summary").text_content() or "")
    opened.assert_clean()


# ---------------------------------------------------------------- hostile text


INSPECTION = """() => ({
    pwned: typeof window.__pwned,
    embedded: document.querySelectorAll('img, iframe, object, embed').length,
    scripts: Array.from(document.scripts, s => s.src),
    handlers: Array.from(document.querySelectorAll('*')).flatMap(
        e => Array.from(e.attributes, a => a.name).filter(n => n.startsWith('on'))),
    addresses: Array.from(document.querySelectorAll('[href], [src]'),
        e => new URL(e.getAttribute('href') ?? e.getAttribute('src'), e.baseURI).href),
})"""
"""What a payload that ran would leave in a page: a flag, an element, an inline script, a handler,
a scripted address."""


def assert_nothing_ran(page: Any, site: Path, where: str) -> None:
    found = page.evaluate(INSPECTION)
    assert found["pwned"] == "undefined", where
    assert found["embedded"] == 0, where
    assert all(src.startswith(site.resolve().as_uri() + "/") for src in found["scripts"]), (where, found)
    assert found["handlers"] == [], where
    assert all(urlsplit(a).scheme in ("file", "http", "https") for a in found["addresses"]), (where, found)


def test_hostile_text_runs_nothing_on_any_page(open_site: Any, hostile_site: Path) -> None:
    pages = html_files(hostile_site)
    assert len(pages) > 3 * len(HOSTILE_TEXTS)
    opened = open_site(hostile_site / "index.html", settle=False)
    page = opened.page
    page.wait_for_url(page_file(hostile_site, "en", HOME).resolve().as_uri())
    for path in pages:
        if path != hostile_site / "index.html":  # the redirect, opened above
            goto(page, path)
            assert_nothing_ran(page, hostile_site, path.relative_to(hostile_site).as_posix())
    for address, text in HOSTILE_TEXTS.items():
        goto(page, page_file(hostile_site, "en", address))
        assert page.locator("h1").first.text_content() == text
        assert text in page.title()
    # The search box and the search page show the names as text too.
    for lang in LANGUAGES:
        goto(page, page_file(hostile_site, lang, HOME))
        for query, address in (("backslash", "meeting/2020-05-01-hostile"), ("onerror", "person/hostile")):
            shown = {found: name for name, found in suggestions(page, query, hostile_site / lang)}
            assert shown.get(address) == HOSTILE_TEXTS[address], shown
        assert_nothing_ran(page, hostile_site, f"{lang}: suggestions")
        assert page.locator("#search-results b, #search-results img").count() == 0
    goto(page, page_file(hostile_site, "en", SEARCH), f"?q={quote(NAME_PAYLOAD)}")
    page.locator("#search-page-results a").first.wait_for()
    assert NAME_PAYLOAD in (page.locator("#search-summary").text_content() or "")
    assert page.locator("#search-page-results a").first.text_content() == NAME_PAYLOAD
    assert_nothing_ran(page, hostile_site, "search.html")
    opened.assert_clean()


# ---------------------------------------------------------------- accessibility


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("address", (*KEY_PAGES, *LIST_PAGES, JIM))
def test_axe_finds_no_serious_violation(open_site: Any, site: Path, lang: str, address: str) -> None:
    opened = open_site(page_file(site, lang, address))
    page = opened.page
    serious = serious_violations(page)  # a file: script under the page's own CSP, as the site's
    assert serious == [], serious
    opened.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_keyboard_skips_to_the_content_and_reaches_every_link(
    open_site: Any, site: Path, lang: str
) -> None:
    opened = open_site(page_file(site, lang, MEETING))
    page = opened.page
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('skip')")
    box = page.locator("a.skip").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0  # seen when focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.getElementById('main').contains(document.activeElement)")
    # No link or control is taken out of the order.
    assert (
        page.locator(
            "main a[href][tabindex='-1'], main [tabindex]:not([tabindex='0'], [tabindex='-1'])"
        ).count()
        == 0
    )
    opened.assert_clean()


# ---------------------------------------------------------------- print


@pytest.mark.parametrize(("lang", "address"), [("en", MEETING), ("km", MEETING), ("id", KEO), ("km", JIM)])
def test_a_printed_page_is_a_brief_without_controls(
    open_site: Any, site: Path, kg: KnowledgeGraph, lang: str, address: str
) -> None:
    opened = open_site(page_file(site, lang, address))
    page = opened.page
    page.emulate_media(media="print")
    for control in ("nav", "form[role=search]", "#q", "a.skip", "a[hreflang]"):
        items = page.locator(control)
        assert items.count() > 0, control
        assert all(items.nth(i).is_hidden() for i in range(items.count())), f"{control} is printed"
    assert page.locator("h1").is_visible()
    assert page.locator("section#offices" if address == KEO else "section#participants").is_visible()
    endnotes = page.locator("section#sources li")
    assert endnotes.count() > 0
    assert all(endnotes.nth(i).is_visible() for i in range(endnotes.count()))
    # The addresses are written out, so the paper says where each source is.
    addresses = page.locator("section#sources a.address")
    assert addresses.count() > 0
    assert all(
        (addresses.nth(i).inner_text()).startswith(("http://", "https://")) for i in range(addresses.count())
    )
    # How recent the data is, on paper too (the footer's last sentence, a date in the page's language).
    footer = page.locator("footer.site-footer")
    assert footer.is_visible() and human_date(str(kg.coverage_date), lang) in footer.inner_text()
    # A table may break across pages: a scrolling box is printed whole or not at all by Chromium,
    # which left half a page blank before a meeting's participants.
    scrolling = page.evaluate(
        "() => Array.from(document.querySelectorAll('.scroll'), e => getComputedStyle(e).overflowX)"
    )
    assert scrolling and set(scrolling) == {"visible"}
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF-")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"site-{address.replace('/', '-')}-{lang}.pdf").write_bytes(pdf)
    opened.assert_clean()


# ---------------------------------------------------------------- Khmer


def fonts_drawing(opened: Opened, selector: str) -> list[dict[str, Any]]:
    """The fonts Chromium drew the text of the first element matching `selector` with (from
    the DevTools protocol): family name and glyph count of each."""
    cdp = opened.page.context.new_cdp_session(opened.page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"nothing matches {selector}"
    return list(cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"])


@pytest.mark.parametrize(
    ("lang", "selector"),
    [
        ("km", "h1"),  # a name
        ("km", "section#participants tbody a[href$='keo-remy.html']"),  # a name in a table
        ("km", "header nav a[href$='timeline.html']"),  # an interface word
        ("en", "a[hreflang=km]"),  # the language switch on an English page
    ],
)
def test_khmer_text_is_drawn_in_a_khmer_font(open_site: Any, site: Path, lang: str, selector: str) -> None:
    address = KEO if selector == "h1" else MEETING
    opened = open_site(page_file(site, lang, address))
    text = opened.page.locator(selector).first.inner_text()
    assert khmer_letters(text) >= 3, text
    fonts = fonts_drawing(opened, selector)
    khmer = [f for f in fonts if "khmer" in f["familyName"].lower()]
    assert khmer and sum(f["glyphCount"] for f in khmer) > 0, fonts
    # Any other font draws only what is not Khmer (spaces): no Khmer letter falls to boxes.
    others = sum(f["glyphCount"] for f in fonts if f not in khmer)
    assert others <= len(text) - khmer_letters(text), fonts
    opened.assert_clean()


# ---------------------------------------------------------------- a phone's screen

PHONE = {"width": 375, "height": 800}
"""A common phone's screen in CSS pixels: many readers have no other."""

WIDER_THAN_THE_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  return Array.from(document.querySelectorAll('body *'))
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .map(e => `${e.tagName.toLowerCase()}.${e.className}: ${(e.textContent || '').slice(0, 60)}`);
}"""
"""What reaches past the right edge of the screen, tables included (a row is a card there)."""


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("address", (*KEY_PAGES, MUKHTARUDIN, FIGURE, TRACKER, TIMELINE))
def test_a_page_fits_a_phone_screen(open_site: Any, site: Path, lang: str, address: str) -> None:
    """Nothing makes the page wider than a phone's screen: not a source's title written as one
    long address, not a chart's row, not a fact's caption, and no column of a table (each row
    is shown as a card, its cells one under the other)."""
    opened = open_site(page_file(site, lang, address))
    page = opened.page
    page.set_viewport_size(PHONE)
    assert page.evaluate(WIDER_THAN_THE_SCREEN) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if (lang, address) == ("en", KEO):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "site-keo-remy-phone-en.png"), full_page=False)
    opened.assert_clean()


SKETCH_NAMES = """() => Array.from(document.querySelectorAll('figure.sketch text')).map(t => {
  const r = t.getBoundingClientRect(), a = t.closest('a'), title = t.parentNode.querySelector('title');
  const box = document.querySelector('figure.sketch svg').getBoundingClientRect();
  return {name: t.textContent, left: r.left - box.left, right: r.right - box.left,
          top: r.top - box.top, bottom: r.bottom - box.top, width: box.width,
          href: a ? new URL(a.getAttribute('href'), document.baseURI).href : null,
          title: title ? title.textContent : null};
})"""
"""Each name in the drawing of what is one link away: its box on screen (from the drawing's top
left corner; the drawing's width), the page it leads to and its node's title (the whole name of
a name cut short)."""


def rounded(names: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Boxes to a tenth of a pixel (a page scrolled away and back moves them by less)."""
    return [
        {key: round(value, 1) if isinstance(value, float) else value for key, value in one.items()}
        for one in names
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_phone_the_drawing_of_what_is_one_link_away_is_read_at_its_size(
    open_site: Any, site: Path, lang: str
) -> None:
    """Drawn at a phone's width, the drawing's names were 5 px high: its neighbours are laid
    out in two columns under the thing, each name beside its node, at least 10 px high, none
    over another, none past the drawing's edges, each leading to its page (if it has one); wider
    again, the drawing is as the page has it. A name cut short keeps the whole as its node's
    title, what a screen reader says of its link."""
    opened = open_site(page_file(site, lang, KEO))
    page = opened.page
    wide, size = page.evaluate(SKETCH_NAMES), page.viewport_size
    page.set_viewport_size(PHONE)
    names = page.evaluate(SKETCH_NAMES)
    assert len(names) > 10
    for one in names:
        assert one["bottom"] - one["top"] >= 10, one
        assert one["left"] >= -1 and one["right"] <= one["width"] + 1, one
    for one, other in itertools.combinations(names, 2):
        apart = (
            one["right"] <= other["left"]
            or other["right"] <= one["left"]
            or one["bottom"] <= other["top"]
            or other["bottom"] <= one["top"]
        )
        assert apart, (one, other)
    linked = [one for one in names[1:] if one["href"]]  # a thing with no page of its own is not
    assert len(linked) > len(names) // 2
    for one in linked:
        assert Path(url2pathname(urlsplit(one["href"]).path)).is_file(), one
    for one, as_written in zip(names, wide, strict=True):  # a name cut short keeps the whole
        whole = as_written["title"] or as_written["name"]
        assert (one["title"] or one["name"]) == whole, (one, as_written)
        if one["name"].endswith("…"):
            assert whole.startswith(one["name"][:-1].rstrip()) and len(whole) > len(one["name"]) - 1
    cut = [one for one in linked if one["title"]]
    assert cut  # his statements' names are longer than the drawing has room for
    for one in cut:  # what a screen reader says of the link: the whole name
        assert page.locator("figure.sketch").get_by_role("link", name=one["title"], exact=True).count() >= 1
    if lang == "en":
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator("figure.sketch").screenshot(path=str(ARTIFACTS / "site-keo-remy-drawing-phone-en.png"))
    assert size is not None
    page.set_viewport_size(size)
    assert rounded(page.evaluate(SKETCH_NAMES)) == rounded(wide)
    opened.assert_clean()


# ---------------------------------------------------------------- screenshots


SHOTS = {
    "site-home-en": ("en", HOME),
    "site-keo-remy-en": ("en", KEO),
    "site-meeting-km": ("km", MEETING),
    "site-jim-km": ("km", JIM),
    "site-commitment-id": ("id", COMMITMENT),
}


@pytest.mark.parametrize("name", sorted(SHOTS))
def test_screenshots_for_the_readme(open_site: Any, site: Path, name: str) -> None:
    """Kept in test-artifacts/; copied into docs/screenshots/ with HRGRAPH_SCREENSHOTS=1."""
    lang, address = SHOTS[name]
    opened = open_site(page_file(site, lang, address))
    keep_screenshot(opened.page, name)
    opened.assert_clean()


CARDS = """() => Array.from(document.querySelectorAll('.scroll table')).map(table => {
  const headings = Array.from(table.querySelectorAll('thead th')).map(th => th.textContent.trim());
  return Array.from(table.tBodies[0].rows).filter(row => !row.hidden).map(row =>
    Array.from(row.cells).map((cell, i) => ({
      heading: headings[i],
      label: getComputedStyle(cell, '::before').content,
      shown: getComputedStyle(cell).display !== 'none',
      empty: cell.textContent.trim() === '',
    })));
})"""
"""Each table's shown rows: of each cell, its column's heading, the label drawn before it and
whether it is shown."""


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("address", (TRACKER, KEO))
def test_on_a_phone_each_value_of_a_table_is_named_by_its_column(
    open_site: Any, site: Path, lang: str, address: str
) -> None:
    """A row is a card there: each value after the first says which column it is ("Made to:
    Thailand"), and an empty one is left out, so a missing "Made to" is not read as the next
    value. Wide, no label is drawn: the table's headings name the columns."""
    opened = open_site(page_file(site, lang, address))
    page = opened.page
    wide = page.evaluate(CARDS)
    assert wide and all(
        cell["label"] in ("none", "normal") for table in wide for row in table for cell in row
    )
    page.set_viewport_size(PHONE)
    cards = page.evaluate(CARDS)
    cells = [cell for table in cards for row in table for cell in row[1:]]
    assert cells
    for cell in cells:
        assert cell["shown"] == (not cell["empty"]), cell
        assert cell["label"] == json.dumps(f"{cell['heading']}: ", ensure_ascii=False), cell
    assert all(row[0]["label"] in ("none", "normal") for table in cards for row in table)
    opened.assert_clean()


def test_the_language_switch_keeps_the_readers_filters(open_site: Any, site: Path) -> None:
    opened = open_site(page_file(site, "en", TRACKER), suffix="#status=status%2Fopen")
    page = opened.page
    shown = len(shown_rows(page, site / "en"))
    page.locator('.languages a[hreflang="id"]').click()
    page.wait_for_load_state("load")
    assert page.evaluate("() => location.pathname.endsWith('/id/commitments.html') && location.hash") == (
        "#status=status%2Fopen"
    )
    assert page.locator("#filter-status").input_value() == "status/open"
    assert len(shown_rows(page, site / "id")) == shown
    opened.assert_clean()
