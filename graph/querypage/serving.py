"""The query page as `hrgraph serve` sends it: GET / (or /query.html) and GET /query/<file>."""

from __future__ import annotations

from functools import cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler

from graph.querypage.page import ServedPage


@cache
def _served(prefixes: tuple[tuple[str, str], ...]) -> ServedPage:
    return ServedPage(dict(prefixes))


def send_page(handler: BaseHTTPRequestHandler, path: str, prefixes: dict[str, str]) -> bool:
    """Answer a GET of the page or one of its files; False (nothing sent) for another path."""
    found = _served(tuple(sorted(prefixes.items()))).answer(path)
    if found is None:
        return False
    body, media = found
    handler.send_response(HTTPStatus.OK)
    handler.send_header("Content-Type", f"{media}; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("Content-Security-Policy", ServedPage.csp())
    handler.send_header("X-Content-Type-Options", "nosniff")
    handler.send_header("Referrer-Policy", "no-referrer")
    handler.send_header("Cache-Control", "no-cache")
    handler.end_headers()
    handler.wfile.write(body)
    return True
