"""Links between the site's pages, each relative to its language folder.

Which things have a page and where (the kinds with pages, the page of an IRI, the query page's
form of it) has its one home in graph.rdf.pages, which the network page uses too."""

from __future__ import annotations

import posixpath


def relative(from_page: str, to_page: str) -> str:
    """The link from one page to another, both relative to the same folder."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def up_to_root(page: str) -> str:
    """From a page to its language folder: 'person/keo-remy.html' → '../'."""
    return "../" * page.count("/")
