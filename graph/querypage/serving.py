"""The query page and the readers' site as `hrgraph serve` sends them: GET / (or /query.html)
and /query/<file> answer the page; any other path a file of the built site, when one is served,
and /graph.html the network page beside it (build/graph.html), whose links to the site's pages
(site/en/...) are answered as the site's own paths."""

from __future__ import annotations

import os
import re
import shutil
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from graph.querypage.page import FOLDER, PAGE, ServedPage, site_folders
from graph.site.render import CSP as SITE_CSP
from graph.sparql.store import GRAPH_NAME, NETWORK_PARTS

SITE_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".woff2": "font/woff2",
}
"""What a site's file may be; a file of another kind is not served."""

SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*\Z")
"""A folder or file name of the site (what the site writes): no '..', no hidden file, no escape."""

WITHHELD = (PAGE, FOLDER)
"""The site's own query page (the file version, with the graph embedded): the served one answers."""

NETWORK_PAGE = f"{GRAPH_NAME}.html"
"""The network page, which hrgraph build writes beside the site (the site's pages link to it)."""


class SiteFiles:
    """The files of a readers' site folder, found from a request's path without leaving it, and
    the network page beside the folder when there is one."""

    def __init__(self, root: Path):
        self.root = root
        self.folders = site_folders(root)

    def network(self) -> Path | None:
        """The network page beside the site, if the site was written with one (by hrgraph build)."""
        page = self.root.parent / NETWORK_PAGE
        return page if page.is_file() else None

    def network_part(self, name: str) -> Path | None:
        """A script of the network page's parts folder, beside the page, by its plain name."""
        if self.network() is None or not SAFE_NAME.match(name) or not name.endswith(".js"):
            return None
        found = self.root.parent / NETWORK_PARTS / name
        return found if found.is_file() and not found.is_symlink() else None

    def find(self, path: str) -> Path | str | None:
        """The file a path names; the path with a '/' added when it names a folder (so that the
        folder's index.html finds its relative links); None when there is nothing to serve."""
        if path == f"/{NETWORK_PAGE}":
            return self.network()
        if path.startswith(f"/{NETWORK_PARTS}/"):  # what a large graph's network page loads
            return self.network_part(path.removeprefix(f"/{NETWORK_PARTS}/"))
        try:  # split first: an escaped '/' (%2F) is part of a name, and no name holds one
            names = [urllib.parse.unquote(name, errors="strict") for name in path.split("/")]
        except UnicodeDecodeError:
            return None
        if names[0] != "" or len(names) < 2:
            return None
        names = names[1:]
        wants_folder = names[-1] == ""
        if wants_folder:
            names = names[:-1]
        if len(names) > 1 and names[0] == self.root.name and self.network() is not None:
            names = names[1:]  # the network page's link to a page: site/en/person/keo-remy.html
        if not all(SAFE_NAME.match(name) for name in names) or (names and names[0] in WITHHELD):
            return None
        root = self.root.resolve()  # now: a rebuilt site may have been switched into place
        found = root.joinpath(*names).resolve()
        if not found.is_relative_to(root):  # a link inside the folder that points out of it
            return None
        if found.is_dir():
            if not wants_folder:
                return f"{path}/"
            found = found / "index.html"
        elif wants_folder:  # a file asked for as a folder ('x.html/'): not what the site links to
            return None
        if not found.is_file() or found.suffix not in SITE_TYPES:
            return None
        return found


def send_site_file(handler: BaseHTTPRequestHandler, path: str, site: SiteFiles) -> bool:
    """Answer a GET of a file of the site; False (nothing sent) when it has none by that path."""
    found = site.find(path)
    if found is None:
        return False
    if isinstance(found, str):
        handler.send_response(HTTPStatus.MOVED_PERMANENTLY)
        handler.send_header("Location", found)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
        return True
    with found.open("rb") as opened:
        handler.send_response(HTTPStatus.OK)
        handler.send_header("Content-Type", SITE_TYPES[found.suffix])
        handler.send_header("Content-Length", str(os.fstat(opened.fileno()).st_size))
        # the network page (and the parts it loads) are governed by the policy in the page itself
        network = found in (site.network(), site.root.parent / NETWORK_PARTS / found.name)
        _common_headers(handler, None if network else SITE_CSP)
        shutil.copyfileobj(opened, handler.wfile)
    return True


def send_page(handler: BaseHTTPRequestHandler, path: str, page: ServedPage) -> bool:
    """Answer a GET of the page or one of its files; False (nothing sent) for another path."""
    found = page.answer(path)
    if found is None:
        return False
    body, media = found
    handler.send_response(HTTPStatus.OK)
    handler.send_header("Content-Type", f"{media}; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    _common_headers(handler, ServedPage.csp())
    handler.wfile.write(body)
    return True


def _common_headers(handler: BaseHTTPRequestHandler, csp: str | None) -> None:
    if csp is not None:
        handler.send_header("Content-Security-Policy", csp)
    handler.send_header("X-Content-Type-Options", "nosniff")
    handler.send_header("Referrer-Policy", "no-referrer")
    handler.send_header("Cache-Control", "no-cache")
    handler.end_headers()
