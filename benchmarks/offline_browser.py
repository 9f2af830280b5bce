"""Debian's Chromium, as the benchmark scripts drive it: pages from disk, nothing from outside."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("HRGRAPH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def refuse_outside(context: Any, record: Callable[[str], None]) -> None:
    """Let a browser context load file: addresses only; every other request is recorded and refused."""

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            record(r.request.url)
            r.abort()

    context.route("**/*", route)
