"""Long tables of an entity page cut short: a hub (a country with thousands of people, a source
cited by thousands of facts) would otherwise make a page of megabytes. When a page's tables
hold more than `PAGE_ROWS` rows, each table longer than `TABLE_ROWS` shows its first rows and
links to further pages of `PART_ROWS` rows, each with its own sources as endnotes."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.site.entities import Page
from graph.site.facts import Named
from graph.site.listings import Listing
from graph.site.sections import Table

PAGE_ROWS = 100
"""An entity page whose tables hold at most this many rows in all is written whole."""
TABLE_ROWS = 20
"""Rows of a long table shown on the entity page itself."""
PART_ROWS = 100
"""Rows on each further page of a long table."""


@dataclass
class PartTable(Table):
    """Some rows of a long table: how many there are in all and, on the entity page, every page
    of it (label and address, the entity page's own first)."""

    total: int = 0
    parts: list[tuple[str, str]] = field(default_factory=list)


def cut_long_tables(page: Page) -> list[Listing]:
    """Cut `page`'s long tables short (in place) when its tables are too long in all; the
    further pages of their rows."""
    tables = [s for s in page.sections if isinstance(s, Table)]
    if sum(len(t.rows) for t in tables) <= PAGE_ROWS:
        return []
    stem = page.path.removesuffix(".html")
    further: list[Listing] = []
    for number, section in enumerate(page.sections):
        if not isinstance(section, Table) or len(section.rows) <= TABLE_ROWS:
            continue
        key = section.anchor or f"table-{number + 1}"
        first = f"{page.path}#{section.anchor}" if section.anchor else page.path
        starts = range(TABLE_ROWS, len(section.rows), PART_ROWS)
        addresses = [f"{stem}/{key}-page-{n + 2}.html" for n in range(len(starts))]
        parts = [("1", first), *((str(n + 2), address) for n, address in enumerate(addresses))]
        title = Named(f"{page.title.text}: {section.heading}")
        for start, address in zip(starts, addresses, strict=True):
            rows = section.rows[start : start + PART_ROWS]
            tags = section.tags[start : start + PART_ROWS]
            table = PartTable(
                section.heading,
                section.columns,
                rows,
                anchor=section.anchor,
                tags=tags,
                total=len(section.rows),
            )
            further.append(Listing(Page(address, page.node, page.kind, title, sections=[table]), parts=parts))
        page.sections[number] = PartTable(
            section.heading,
            section.columns,
            section.rows[:TABLE_ROWS],
            anchor=section.anchor,
            tags=section.tags[:TABLE_ROWS],
            total=len(section.rows),
            parts=parts,
        )
    return further
