"""The parts a page is made of: facts listed with their captions, tables, texts and claims."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.site.facts import Value


@dataclass
class FactList:
    """Captioned values: 'Born: 6 Sep 1964 [1][2]'."""

    heading: str
    rows: list[tuple[str, Value]] = field(default_factory=list)
    kind: str = "facts"


@dataclass
class Table:
    """Rows of values under column headings; the last value of a row usually carries the marks."""

    heading: str
    columns: list[str]
    rows: list[list[Value]] = field(default_factory=list)
    kind: str = "table"
    anchor: str = ""
    tags: list[dict[str, str]] = field(default_factory=list)
    """Per row, what the page's filters look at: {'country': 'country/kh country/id', ...}."""


@dataclass
class Prose:
    """Paragraphs in the page's language, each with who says so (a commitment's text, a note)."""

    heading: str
    paragraphs: list[Value] = field(default_factory=list)
    kind: str = "prose"


@dataclass
class Bars:
    """A small chart of a figure over time: one bar per value, its label and who says so."""

    heading: str
    bars: list[tuple[str, float, Value]] = field(default_factory=list)
    kind: str = "bars"

    def scaled(self) -> list[tuple[str, int, Value]]:
        """Each bar's width in percent of the largest."""
        top = max((value for _, value, _ in self.bars), default=0.0) or 1.0
        return [(label, max(1, round(100 * value / top)), cited) for label, value, cited in self.bars]


Section = FactList | Table | Prose | Bars
