"""Citation marks that do not drown the facts (issue 12: every value carries its own marks): a
run of consecutive endnote numbers is written as a range whose ends lead to the first and last
endnotes, and a confidence every cited value of a section shares is said once above them."""

from __future__ import annotations

import re

import pytest

from graph.site.facts import Named, Source, Value
from graph.site.html import PageHtml, Words, number_runs
from graph.site.sections import FactList, Prose, Table


def source(number: int) -> Source:
    return Source(f"src/s{number}.html", f"Report {number}", "", "", "", "", "", "")


S1, S2, S3, S4, S5, S6 = (source(n) for n in range(1, 7))
SEVERAL = "confirmed by several sources"
ONE = "one source only"


@pytest.mark.parametrize(
    ("numbers", "runs"),
    [
        ([], []),
        ([3], [(3, 3)]),
        ([1, 2, 3, 4], [(1, 4)]),
        ([4, 1, 3, 2, 7], [(1, 4), (7, 7)]),
        ([1, 3, 5], [(1, 1), (3, 3), (5, 5)]),
        ([2, 2, 3], [(2, 3)]),
        ([9, 10, 1, 2, 3], [(1, 3), (9, 10)]),
    ],
)
def test_numbers_group_into_runs_of_consecutive_ones(numbers: list[int], runs: list[tuple[int, int]]) -> None:
    assert number_runs(numbers) == runs


def page() -> PageHtml:
    return PageHtml("meeting/m.html", "en", Words(str))


def marks_of(html: str) -> list[tuple[str, str]]:
    """Each mark's endnote and text, and the text of the marks as shown: [('#n1', '1'), ...]."""
    return re.findall(r'<a class="cite" href="(#n\d+)"[^>]*>(\d+)</a>', html)


def shown(html: str) -> str:
    """The marks as a reader sees them: '1–4', '1,5'."""
    found = re.search(r'<sup class="marks">(.*?)</sup>', html)
    assert found is not None, html
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_four_consecutive_sources_show_as_a_range_whose_ends_lead_to_their_endnotes() -> None:
    html = page()
    written = html.show(Value([Named("25 Jul 1988")], [S1, S2, S3, S4]))
    assert shown(written) == "1–4"
    assert marks_of(written) == [("#n1", "1"), ("#n4", "4")]
    assert 'aria-label="Sources 1 to 4">1</a>' in written
    assert 'aria-label="Source 4">4</a>' in written
    # the sources between the ends are endnotes 2 and 3, right after the first
    endnotes = str(html.sources_list())
    assert re.findall(r'<li id="(n\d+)"><a [^>]*>([^<]*)</a>', endnotes) == [
        ("n1", "Report 1"),
        ("n2", "Report 2"),
        ("n3", "Report 3"),
        ("n4", "Report 4"),
    ]


def test_two_consecutive_sources_are_both_shown() -> None:
    written = page().show(Value([Named("x")], [S1, S2]))
    assert shown(written) == "1,2"
    assert 'aria-label="Source 1"' in written and 'aria-label="Source 2"' in written


def test_marks_are_in_the_order_of_their_numbers_and_runs_are_found_across_values() -> None:
    html = page()
    html.show(Value([Named("first")], [S5, S6]))  # numbered 1 and 2
    written = html.show(Value([Named("second")], [S2, S1, S3, S4, S6]))  # 3, 4, 5, 6 and 2
    assert shown(written) == "2–6"
    assert marks_of(written) == [("#n2", "2"), ("#n6", "6")]
    mixed = html.show(Value([Named("third")], [S3, S5]))  # 5 and 1
    assert shown(mixed) == "1,5"


def test_the_same_range_says_the_same_on_every_row() -> None:
    html = page()
    rows = [html.show(Value([Named(f"row {n}")], [S1, S2, S3, S4])) for n in range(3)]
    assert len({shown(row) for row in rows}) == 1
    assert rows[1].endswith(rows[0][len("row 0") :])


def confidences(html: str) -> list[str]:
    return re.findall(r'<span class="confidence">([^<]*)</span>', html)


def said_once(html: str) -> list[str]:
    return re.findall(
        r'<p class="said-once">Every fact below: <span class="confidence">([^<]*)</span></p>', html
    )


def table(rows: list[list[Value]]) -> str:
    return str(page().sections([Table("Participants", ["Who", "Who says so"], rows, anchor="participants")]))


def test_a_confidence_every_row_shares_is_said_once_above_the_table() -> None:
    rows = [[Value([Named(f"P{n}")]), Value([], [S1], confidence=SEVERAL)] for n in range(3)]
    written = table(rows)
    assert said_once(written) == [SEVERAL]
    assert confidences(written) == [SEVERAL]  # the one above, none after a value
    assert written.index('<p class="said-once">') < written.index("<table>")


def test_confidences_that_differ_stay_with_their_values() -> None:
    rows = [
        [Value([Named("A")]), Value([], [S1], confidence=SEVERAL)],
        [Value([Named("B")]), Value([], [S2], confidence=ONE)],
        [Value([Named("C")]), Value([], [S2], confidence=SEVERAL)],
    ]
    written = table(rows)
    assert said_once(written) == []
    assert confidences(written) == [SEVERAL, ONE, SEVERAL]


def test_a_cited_value_without_a_confidence_keeps_the_others_on_their_values() -> None:
    rows = [[Value([], [S1], confidence=SEVERAL)], [Value([], [S2])]]
    written = table(rows)
    assert said_once(written) == []
    assert confidences(written) == [SEVERAL]


def test_a_lone_cited_value_keeps_its_confidence_beside_it() -> None:
    facts = FactList(
        "About", [("Date", Value([Named("1988")], [S1], confidence=SEVERAL)), ("Note", Value([Named("n")]))]
    )
    written = str(page().sections([facts]))
    assert said_once(written) == []
    assert confidences(written) == [SEVERAL]


def test_the_facts_of_a_list_sharing_a_confidence_say_it_once() -> None:
    facts = FactList(
        "About",
        [
            ("Date", Value([Named("25 Jul 1988")], [S1, S2, S3, S4], confidence=SEVERAL)),
            ("Place", Value([Named("Bogor", "place/bogor.html")], [S1, S2, S3, S4], confidence=SEVERAL)),
            ("Curator's note", Value([Named("Began on Monday.", fallback="en")])),  # not cited
        ],
    )
    html = page()
    written = str(html.sections([facts]))
    assert said_once(written) == [SEVERAL]
    assert confidences(written) == [SEVERAL]
    # the next section decides for itself
    after = str(html.sections([FactList("Other", [("Date", Value([Named("1989")], [S5], confidence=ONE))])]))
    assert confidences(after) == [ONE] and said_once(after) == []


def test_a_note_in_another_language_is_marked_and_tagged() -> None:
    written = page().show(Value([Named("25 Jul 1988")], [S1], note="Began on Monday.", note_lang="en"))
    assert written.endswith(
        '<p class="note"><span class="note-label">Note:</span> <span lang="en">Began on Monday.</span> '
        '<span class="fallback" lang="en" title="Not available in this language">(en)</span></p>'
    )
    same = page().show(Value([Named("25 Jul 1988")], [S1], note="Began on Monday."))
    assert same.endswith('<span class="note-label">Note:</span> Began on Monday.</p>')


def test_texts_in_another_language_are_marked_as_standing_in_only_when_none_is_in_the_pages() -> None:
    """Every text not in the page's language says its language; it says it stands in for the
    page's language (the title) only when the page's language has no text."""
    texts = Prose(
        "What was said", [Value([Named("Said.", fallback="en")]), Value([Named("Kata.", fallback="id")])]
    )
    on_english = str(page().sections([texts]))
    assert '<p lang="en">Said.</p>' in on_english
    assert '<p lang="id">Kata. <span class="fallback" lang="id">(id)</span></p>' in on_english
    on_khmer = str(PageHtml("meeting/m.html", "km", Words(str)).sections([texts]))
    assert (
        '<p lang="en">Said. <span class="fallback" lang="en" '
        'title="Not available in this language">(en)</span></p>' in on_khmer
    )
    assert "(id)</span></p>" in on_khmer
