"""A page's HTML written with fragments shared by the pages of a language is what a page
written alone gives: the same names, links, marks, endnotes and escaping."""

from __future__ import annotations

from markupsafe import escape

from graph.site.drawing import Sketch, Spot
from graph.site.facts import Named, Source, Value
from graph.site.html import Folders, Fragments, PageHtml, Words, _esc
from graph.site.sections import FactList, Prose, Section, Table

REPORT = Source(
    "src/report.html", "A <report>", "UN & co", "2025-11-24", "https://x.org/?a=1&b=2", "", "q", ""
)
OTHER = Source("src/other.html", "Other", "", "", "", "", "", "p. 3")
PAGES = [
    "person/keo-remy.html",
    "person/other.html",
    "meeting/m.html",
    "country/kh/people-page-2.html",
    "index.html",
]


def sections(number: int) -> list[Section]:
    """Sections naming the same things on every page (shared objects and equal copies alike)."""
    country = Named("Cambodia", "country/kh.html")
    foreign = Named("Kamboja", "country/kh.html", fallback="id")
    return [
        FactList(
            "About",
            [
                ("Nationality", Value([country], [REPORT], confidence="high")),
                ("Born", Value([Named("6 Sep 1964")], [REPORT, OTHER], note="<b>signature</b>")),
                ("Name", Value([foreign, Named(f"Row {number}", f"person/p-{number}.html")])),
            ],
        ),
        Table(
            "Offices held",
            ["Post", "When", "Who says so"],
            [
                [Value([country]), Value([Named("Cambodia", "country/kh.html")]), Value([], [OTHER])],
                [Value([Named('"quoted" & <tagged>', "person/x.html")]), Value([]), Value([], [REPORT])],
            ],
            anchor="offices",
            tags=[{"country": "country/kh"}, {"country": "country/id & more"}],
        ),
        Prose("Text", [Value([Named("Said <here>", fallback="km")], [OTHER])]),
    ]


def written(html: PageHtml, number: int) -> str:
    return str(html.sections(sections(number))) + str(html.sources_list())


def test_pages_sharing_fragments_are_written_as_pages_alone() -> None:
    words = Words(str)
    sizes = []
    for limit in (100_000, 1):  # kept, and forgotten every 256 pages
        fragments, folders = Fragments(limit), Folders()
        for round_ in range(300):
            for number, page in enumerate(PAGES):
                alone = written(PageHtml(page, "en", words), number)
                shared = written(PageHtml(page, "en", words, folders, fragments), number)
                assert shared == alone, (limit, round_, page)
        sizes.append(fragments.size())
    assert sizes[1] < sizes[0] / 3  # what was kept past the limit is forgotten


def test_a_page_alone_links_relatively_and_escapes_what_it_shows() -> None:
    text = written(PageHtml("person/keo-remy.html", "en", Words(str)), 1)
    assert '<a href="../country/kh.html">Cambodia</a>' in text
    assert '<a href="p-1.html">Row 1</a>' in text
    assert "&#34;quoted&#34; &amp; &lt;tagged&gt;" in text
    assert '<tr data-country="country/id &amp; more">' in text
    assert 'title="A &lt;report&gt; — UN &amp; co, 24 Nov 2025"' in text
    assert '<li id="n2"><a href="../src/other.html">Other</a>.\n <span class="locator">p. 3</span>' in text


def test_escaping_is_markupsafes() -> None:
    for value in ["plain", "a & b", "<i>", "'", '"', "ភាសាខ្មែរ", "", "&amp;"]:
        assert _esc(value) == str(escape(value))


def test_a_name_cut_short_in_the_drawing_keeps_the_whole_as_its_nodes_title() -> None:
    """The drawing cuts a name past the label's room; the whole name stays what a screen reader
    says and a pointer's tip shows (an SVG title), linked or not; a short name is as it is."""
    long, short = "Keo Remy expressed appreciation & hope for <more>", "Cambodia"
    spots = [Spot(f"x:{n}", "Person", 380.0 + 100 * n, 160.0, "#123456") for n in range(3)]
    drawing = Sketch(spots, [(0, 1), (0, 2)], 0)
    html = str(
        PageHtml("person/keo-remy.html", "en", Words(str)).sketch(
            drawing, [Named(short, "country/kh.html"), Named(long, "statement/s.html"), Named(long)]
        )
    )
    cut = _esc(long[: drawing.label - 1]) + "…"
    whole = f"<title>{_esc(long)}</title>"
    assert '<a href="../country/kh.html"><circle' in html and "<title>Cambodia" not in html
    assert f'<a href="../statement/s.html">{whole}<circle' in html
    assert f"<g>{whole}<circle" in html
    assert html.count(f">{cut}</text>") == 2
