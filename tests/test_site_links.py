"""A page's links, made from the way between folders found once, are what relpath gives."""

from __future__ import annotations

import posixpath

import pytest

from graph.site.html import Folders, PageHtml, Words

PAGES = ["index.html", "person/keo-remy.html", "country/vietnam/meetings-page-2.html", "list/person-3.html"]
TARGETS = [
    "index.html",
    "person/keo-remy.html",
    "person/other.html",
    "country/vietnam.html",
    "country/vietnam/meetings-page-2.html#meetings",
    "meeting/2025-11-24-pigai-keo-remy.html",
    "https://example.org/a",
    "#claims",
    "../graph.html",
    "./person/x.html",
]


@pytest.mark.parametrize("page", PAGES)
def test_links_are_relative_paths(page: str) -> None:
    folders = Folders()
    for _ in range(2):  # the second time from the ways already found
        html = PageHtml(page, "en", Words(str), folders)
        for target in TARGETS:
            if target.startswith(("https:", "#")):
                expected = target
            else:
                expected = posixpath.relpath(posixpath.normpath(target), posixpath.dirname(page) or ".")
            assert html.link(target) == expected, (page, target)
