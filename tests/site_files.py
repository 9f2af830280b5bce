"""The readers' site read as files, without a browser: every address a page holds (links,
scripts, styles, images, forms, a refresh) and the ids its fragments can point at."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ADDRESS_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "data", "cite", "srcset"})
"""Attributes whose value the browser reads as an address."""

REFRESH = re.compile(r"^\s*\d+\s*;\s*url\s*=\s*(?P<url>.+?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Address:
    """One address written in a page: the element and attribute holding it, and its value."""

    page: Path
    tag: str
    attribute: str
    value: str
    classes: tuple[str, ...] = ()

    @property
    def scheme(self) -> str:
        return urlsplit(self.value.strip()).scheme.lower()

    def target(self) -> tuple[Path, str]:
        """The file a relative address leads to (from its page) and its fragment."""
        parts = urlsplit(self.value.strip())
        path = unquote(parts.path)
        file = (self.page.parent / path).resolve() if path else self.page.resolve()
        return file, unquote(parts.fragment)


@dataclass
class Parsed:
    """What a page holds: its addresses and the ids and names fragments can lead to."""

    addresses: list[Address]
    anchors: set[str]


class _Reader(HTMLParser):
    def __init__(self, page: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.found = Parsed([], set())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        classes = tuple(values.get("class", "").split())
        for name in ("id", "name") if tag == "a" else ("id",):
            if name in values:
                self.found.anchors.add(values[name])
        for name, value in values.items():
            if name in ADDRESS_ATTRIBUTES:
                self.found.addresses.append(Address(self.page, tag, name, value, classes))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            match = REFRESH.match(values.get("content", ""))
            if match:
                self.found.addresses.append(Address(self.page, tag, "content", match["url"]))


def parse_page(page: Path) -> Parsed:
    """The addresses and anchors of one HTML file."""
    reader = _Reader(page)
    reader.feed(page.read_text(encoding="utf-8"))
    reader.close()
    return reader.found


def html_files(folder: Path) -> list[Path]:
    """Every HTML page under `folder`, in path order."""
    return sorted(folder.rglob("*.html"))
