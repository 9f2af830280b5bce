"""A hub's long tables are cut short on its page and continued on further pages."""

from __future__ import annotations

from rdflib import URIRef

from graph.site.entities import Page
from graph.site.facts import Named, Source, Value
from graph.site.html import PageHtml, Words
from graph.site.parts import PAGE_ROWS, PART_ROWS, TABLE_ROWS, PartTable, cut_long_tables
from graph.site.sections import FactList, Table

NODE = URIRef("https://w3id.org/hrgraph/id/country/vietnam")


def rows(count: int, cited: bool = False) -> list[list[Value]]:
    source = Source("src/a.html", "A report", "", "", "", "", "", "")
    return [
        [Value([Named(f"Row {n}", f"person/p-{n}.html")], [source] if cited else [])] for n in range(count)
    ]


def page_with(*tables: Table) -> Page:
    return Page(
        "country/vietnam.html", NODE, "Country", Named("Viet Nam"), sections=[FactList("About"), *tables]
    )


def test_a_page_with_few_rows_in_all_is_written_whole() -> None:
    page = page_with(Table("People", ["Name"], rows(PAGE_ROWS - 10)), Table("Places", ["Name"], rows(10)))
    assert cut_long_tables(page) == []
    assert [len(s.rows) for s in page.sections if isinstance(s, Table)] == [PAGE_ROWS - 10, 10]
    assert not any(isinstance(s, PartTable) for s in page.sections)


def test_long_tables_show_their_first_rows_and_continue_on_further_pages() -> None:
    total = TABLE_ROWS + PART_ROWS + 30
    people = Table("People", ["Name"], rows(total), tags=[{"country": f"c{n}"} for n in range(total)])
    meetings = Table("Meetings", ["Meeting"], rows(TABLE_ROWS + 5), anchor="meetings")
    page = page_with(people, meetings, Table("Places", ["Name"], rows(TABLE_ROWS)))
    further = cut_long_tables(page)

    cut = page.sections[1]
    assert isinstance(cut, PartTable)
    assert (len(cut.rows), cut.total) == (TABLE_ROWS, total)
    assert cut.rows[-1][0].parts[0].text == f"Row {TABLE_ROWS - 1}"
    assert cut.tags == people.tags[:TABLE_ROWS]
    assert cut.parts == [
        ("1", "country/vietnam.html"),
        ("2", "country/vietnam/table-2-page-2.html"),
        ("3", "country/vietnam/table-2-page-3.html"),
    ]
    anchored = page.sections[2]
    assert isinstance(anchored, PartTable)
    assert anchored.parts == [
        ("1", "country/vietnam.html#meetings"),
        ("2", "country/vietnam/meetings-page-2.html"),
    ]
    assert not isinstance(page.sections[3], PartTable)  # not longer than what a page shows

    assert [listing.page.path for listing in further] == [
        "country/vietnam/table-2-page-2.html",
        "country/vietnam/table-2-page-3.html",
        "country/vietnam/meetings-page-2.html",
    ]
    continued = [s for listing in further[:2] for s in listing.page.sections if isinstance(s, PartTable)]
    assert [len(s.rows) for s in continued] == [PART_ROWS, 30]
    assert all(s.total == total and not s.parts for s in continued)
    assert continued[1].rows[0][0].parts[0].text == f"Row {TABLE_ROWS + PART_ROWS}"
    assert continued[1].tags[0] == {"country": f"c{TABLE_ROWS + PART_ROWS}"}
    assert all(listing.parts == cut.parts for listing in further[:2])
    assert further[0].page.title.text == "Viet Nam: People"


def test_a_cut_table_counts_every_row_and_links_its_pages() -> None:
    page = page_with(Table("People", ["Name"], rows(PAGE_ROWS + 1, cited=True)))
    cut_long_tables(page)
    html = PageHtml(page.path, "en", Words(str))
    text = str(html.sections(page.sections))
    assert f'<span class="count">({PAGE_ROWS + 1})</span>' in text
    assert text.count("<tr>") == 1 + TABLE_ROWS  # the heading row, then the rows shown
    assert (
        '<nav class="parts" aria-label="Pages of this list"><span aria-current="page">1</span> '
        '<a href="vietnam/table-2-page-2.html">2</a> </nav></section>'
    ) in text
    assert len(html.endnotes.notes) == 1  # only the rows shown cite their sources here
