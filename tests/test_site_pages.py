"""The readers' site as files: what the pages say, that every link leads somewhere, that text
from sources stays text, and that a failed build keeps the last good site."""

from __future__ import annotations

import re
import typing
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import SKOS

from graph.cli import main
from graph.core.languages import LANGUAGES
from graph.ingest.records import Qualifier
from graph.site import entities
from graph.site.entities import QUALIFIER_WORDS
from graph.sparql.names import NETWORK_IN_SITE
from graph.view import languages
from graph.view.page import network_in_site
from tests.conftest import GOLDEN, ONTOLOGY, REPO, CuratedBuild

KEO_REMY = "person/keo-remy.html"
MEETING = "meeting/2025-11-24-pigai-keo-remy.html"
PAGE_LIMIT = 200_000


class Page(HTMLParser):
    """A page's text by section (the `id` of each <section>), its links and its scripts."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.sections: dict[str, list[str]] = {}
        self.current = ""
        self.links: list[str] = []
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.lang = ""
        self.csp = ""
        self.rows: dict[str, list[list[str]]] = {}
        self.cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        if tag == "html":
            self.lang = values.get("lang") or ""
        if tag == "meta" and values.get("http-equiv") == "Content-Security-Policy":
            self.csp = values.get("content") or ""
        if tag == "section":
            self.current = values.get("id") or values.get("class") or ""
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "script":
            self.scripts.append(values.get("src") or "")
        if tag == "tr":
            self.rows.setdefault(self.current, []).append([])
        if tag == "td":
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and not self.rows[self.current][-1]:
            self.rows[self.current].pop()  # a row of headings
        if tag == "td" and self.cell is not None:
            self.rows[self.current][-1].append(" ".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        self.sections.setdefault(self.current, []).append(data)
        if self.cell is not None and data.strip():
            self.cell.append(data.strip())

    def text(self, section: str) -> str:
        return re.sub(r"\s+", " ", " ".join(self.sections.get(section, [])))


def read(site: Path, lang: str, path: str) -> Page:
    return Page((site / lang / path).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(curated_build: CuratedBuild) -> Path:
    return curated_build.folder / "site"


def test_keo_remy_offices_with_years_and_the_meeting_of_24_november_2025(site: Path) -> None:
    page = read(site, "en", KEO_REMY)
    offices = page.rows["offices"]
    chrc = [row for row in offices if "President of the Cambodian Human Rights Committee" in row[0]]
    assert chrc and "2016" in chrc[0][2], offices
    assert len(offices) >= 7
    meetings = " ".join(" ".join(row) for row in page.rows["meetings"])
    assert "Indonesia–Cambodia human-rights ministers' meeting" in meetings
    assert "24 Nov 2025" in meetings


def test_the_meeting_lists_its_participants_with_capacities_and_its_commitments(site: Path) -> None:
    page = read(site, "en", MEETING)
    participants = {row[0]: row[1] for row in page.rows["participants"] if row}
    # At least these capacities: a newly sourced capacity or participant adds to the table.
    expected = {
        "Natalius Pigai": ["Minister of Human Rights of Indonesia"],
        "Keo Remy": [
            "Senior Minister for Human Rights of Cambodia",
            "President of the Cambodian Human Rights Committee",
        ],
        "Thomas Harming Suwarta": ["Special Staff to the Minister of Human Rights"],
        "Santo Darmosumarto": ["Ambassador of Indonesia to Cambodia"],
    }
    missing = {
        name: [post for post in posts if post not in participants.get(name, "")]
        for name, posts in expected.items()
    }
    assert all(not posts for posts in missing.values()), (missing, participants)
    commitments = [row[0] for row in page.rows["commitments"] if row]
    assert any(text.startswith("Indonesia invited Cambodia to a High-Level Meeting") for text in commitments)


def test_a_disputed_fact_shows_every_value_with_its_own_sources(site: Path) -> None:
    page = read(site, "en", "person/mukhtarudin.html")
    claims = [row for rows in page.rows.values() for row in rows if len(row) == 3 and row[0] == "Birth date"]
    # At least these two values (another source may give a third).
    assert {row[1][-4:] for row in claims} >= {"1964", "1965"}, claims
    assert all(re.search(r"\d", row[2]) for row in claims), "each value has its own endnote numbers"


def test_every_value_in_a_table_says_who_says_so(site: Path) -> None:
    page = read(site, "en", KEO_REMY)
    for row in page.rows["offices"]:
        assert re.match(r"\d", row[-1]), row


def test_every_page_exists_in_every_language_and_says_its_language(site: Path) -> None:
    pages = {
        lang: sorted(p.relative_to(site / lang) for p in (site / lang).rglob("*.html")) for lang in LANGUAGES
    }
    assert pages["en"] == pages["id"] == pages["km"]
    for lang in LANGUAGES:
        assert read(site, lang, KEO_REMY).lang == lang
        assert read(site, lang, "index.html").lang == lang


def test_every_internal_link_of_the_site_leads_to_a_file_and_outside_links_are_web_addresses(
    site: Path,
) -> None:
    outside: set[str] = set()
    for page_path in site.rglob("*.html"):
        page = Page(page_path.read_text(encoding="utf-8"))
        assert not page.handlers, page_path
        for link in page.links:
            if link.startswith(("https://", "http://")):
                outside.add(link)
                continue
            assert not re.match(r"^[a-z][a-z0-9+.-]*:", link), f"{page_path}: {link}"
            target = link.split("#", 1)[0].split("?", 1)[0]
            if target:
                assert (page_path.parent / target).resolve().is_file(), f"{page_path}: {link}"
    assert outside, "source addresses are links"


def test_no_page_is_larger_than_the_limit(site: Path) -> None:
    """Every page of the site; the network pages the site holds (the whole graph's drawing,
    in each language) have their own measures (issue 16)."""
    networks = {site / network_in_site(lang) for lang in LANGUAGES}
    sizes = {p: p.stat().st_size for p in site.rglob("*.html") if p not in networks}
    assert max(sizes.values()) <= PAGE_LIMIT, max(sizes, key=lambda p: sizes[p])


NETWORK_LINK = re.compile(
    r'<a href="(?P<href>(\.\./)+network(-[a-z]+)?\.html)[^"]*">[^<]*</a>'
    r'( <span class="fallback"[^>]*>\((?P<lang>[a-z]+)\)</span>)?'
)
"""A link to the network page, with the mark of another language after it, if any."""


def network_links(site: Path, lang: str, path: str) -> set[tuple[str, str | None]]:
    """Where a page's links to the network lead, and the language each is marked as in."""
    html = (site / lang / path).read_text(encoding="utf-8")
    return {(m["href"], m["lang"]) for m in NETWORK_LINK.finditer(html)}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_leads_to_the_network_page_in_that_language(site: Path, lang: str) -> None:
    """The curated graph is small enough to be drawn in every language: each language's pages
    lead to its own network page, unmarked, which speaks that language."""
    network = network_in_site(lang)
    for path, up in ((KEO_REMY, "../../"), ("index.html", "../"), ("timeline.html", "../")):
        assert network_links(site, lang, path) == {(up + network, None)}, path
    assert Page((site / network).read_text(encoding="utf-8")).lang == lang


def test_a_graph_too_large_for_every_language_leads_each_to_the_default_network_marked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past languages.EVERY_LANGUAGE_UP_TO nodes only the English network page is drawn: the
    other languages' pages lead to it, marked "(en)", and a rebuild of a site that had them
    leaves no other language's network page behind."""
    sources, out = str(GOLDEN / "sources"), str(tmp_path)
    args = ["build", "--sources", sources, "--ontology", str(ONTOLOGY), "--out", out]
    assert CliRunner().invoke(main, args).exit_code == 0
    site = tmp_path / "site"
    assert (site / network_in_site("km")).is_file()
    monkeypatch.setattr(languages, "EVERY_LANGUAGE_UP_TO", 1)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in site.glob("network*.html")) == [NETWORK_IN_SITE]
    page = "person/ana.html"
    assert network_links(site, "en", page) == {(f"../../{NETWORK_IN_SITE}", None)}
    for lang in ("id", "km"):
        assert network_links(site, lang, page) == {(f"../../{NETWORK_IN_SITE}", "en")}, lang
        assert network_links(site, lang, "index.html") == {(f"../{NETWORK_IN_SITE}", "en")}, lang


def test_pages_load_only_the_sites_own_scripts_and_forbid_outside_requests(site: Path) -> None:
    page = read(site, "km", MEETING)
    assert page.csp.startswith("default-src 'none'; script-src 'self';")
    assert page.scripts and all(src and not src.startswith(("http", "//")) for src in page.scripts)


def test_qualifier_words_cover_every_qualifier() -> None:
    assert set(QUALIFIER_WORDS) == set(typing.get_args(Qualifier)) - {"exact"}


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    out = tmp_path / "site"
    xss = REPO / "tests" / "fixtures" / "xss" / "sources"
    result = CliRunner().invoke(
        main, ["site", "--sources", str(xss), "--ontology", str(ONTOLOGY), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    for page_path in out.rglob("*.html"):
        html = page_path.read_text(encoding="utf-8")
        page = Page(html)
        assert not page.handlers, page_path
        assert all(not src or (src.endswith(".js") and "://" not in src) for src in page.scripts), page_path
        assert not any(link.lower().startswith(("javascript:", "data:")) for link in page.links), page_path


def test_site_command_writes_a_site_and_refuses_a_file_for_a_folder(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["site", "--sources", str(GOLDEN / "sources"), "--ontology", str(ONTOLOGY)]
    result = runner.invoke(main, [*args, "--out", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"Wrote [\d,]+ pages to .*/site/ \(open .*/site/index\.html\)\n", result.output)
    assert (tmp_path / "site" / "en" / "index.html").is_file()
    (tmp_path / "file").write_text("x")
    result = runner.invoke(main, [*args, "--out", str(tmp_path / "file")])
    assert result.exit_code == 2
    assert "is not a folder" in result.output


def test_a_failed_build_keeps_the_last_site_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    args = [
        "build",
        "--sources",
        str(GOLDEN / "sources"),
        "--ontology",
        str(ONTOLOGY),
        "--out",
        str(tmp_path),
    ]
    assert runner.invoke(main, [*args, "--no-cache"]).exit_code == 0
    before = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}

    def broken(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(entities.Entities, "meeting", broken)
    result = runner.invoke(main, [*args, "--no-cache"])
    assert result.exit_code != 0
    after = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


@pytest.fixture(scope="module")
def golden_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the golden sources (fixed data)."""
    out = tmp_path_factory.mktemp("golden-site") / "site"
    args = ["site", "--sources", str(GOLDEN / "sources"), "--ontology", str(ONTOLOGY), "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize(
    ("lang", "took", "left"),
    [
        ("en", "Took office", "Left office"),
        ("id", "Mulai menjabat", "Berhenti menjabat"),
        ("km", "ចូលកាន់តំណែង", "ចាកចេញពីតំណែង"),
    ],
)
def test_the_timeline_says_in_the_pages_language_when_an_office_was_taken_and_left(
    golden_site: Path, lang: str, took: str, left: str
) -> None:
    """Ana took office as minister on 21 Oct 2019 and left it in May 2020 (the golden tenure)."""
    took_in = " ".join(
        cell for row in read(golden_site, lang, "timeline/2019.html").rows.get("events", []) for cell in row
    )
    assert took in took_in
    left_in = " ".join(
        cell for row in read(golden_site, lang, "timeline/2020.html").rows.get("events", []) for cell in row
    )
    assert left in left_in


def test_a_sources_page_names_each_status_report_it_supports_by_its_commitment_and_status(
    golden_site: Path,
) -> None:
    """Not by its id (status/1): the reader is told whose promise, which status and when."""
    cited = [row[0] for row in read(golden_site, "en", "src/gazette-1.html").rows["facts"]]
    reports = sorted(fact for fact in cited if fact.startswith("Status report"))
    assert reports == [
        "Status report: To meet again — Fulfilled (Mar 2021)",
        "Status report: To meet again — Open (2020)",
        "Status report: To publish a second gazette — Unknown (31 Dec 2021)",
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_tracker_says_what_each_status_it_shows_means_as_the_ontology_defines_it(
    golden_site: Path, lang: str
) -> None:
    """The golden commitments' latest statuses are Fulfilled and Unknown: those two are
    explained, in the page's language, by the ontology's own definitions (its one home)."""
    terms = Graph().parse(ONTOLOGY / "vocabularies.ttl")
    status = Namespace("https://w3id.org/hrgraph/status/")

    def said(concept: URIRef, predicate: URIRef) -> str:
        return next(str(o) for o in terms.objects(concept, predicate) if getattr(o, "language", "") == lang)

    html = (golden_site / lang / "commitments.html").read_text(encoding="utf-8")
    legend = re.findall(r"<div><dt>(.*?)</dt><dd>(.*?)</dd></div>", html)
    expected = [
        (said(status[s], SKOS.prefLabel), said(status[s], SKOS.definition)) for s in ("fulfilled", "unknown")
    ]
    assert sorted(legend) == sorted(expected)


@pytest.mark.parametrize(("lang", "shown"), [("en", "Atlantis"), ("km", "Atlantis (en)")])
def test_a_filters_value_named_in_another_language_is_marked(
    golden_site: Path, lang: str, shown: str
) -> None:
    """Atlantis has an English name only: the Khmer tracker's country filter says it is English."""
    html = (golden_site / lang / "commitments.html").read_text(encoding="utf-8")
    assert re.findall(r'<option value="country/atlantis">(.*?)</option>', html) == [shown]
