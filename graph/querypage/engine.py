"""Oxigraph's WebAssembly build for a page opened from a file: its ES module made a classic
script (a module in a file of its own does not load from file://) and the WebAssembly as
base64 in another, given to `initSync` by the page."""

from __future__ import annotations

import base64
import gzip
import re
from pathlib import Path

VENDOR = Path(__file__).parent / "assets" / "vendor" / "oxigraph"
EXPORTS = "export { initSync, __wbg_init as default };"
SHOWN = ("Store", "initSync", "namedNode", "literal", "quad", "triple", "defaultGraph", "blankNode")
"""What the page's engine gives: `window.hrgraphEngine().<name>`."""
WASM_STORED = "web_bg.wasm.gz"
"""npm's web_bg.wasm, kept gzipped (1.4 MB instead of 4 MB in the repository; VENDORED.md records
the sha256 of the bytes npm ships, which the tests check after inflating it)."""


def engine_script() -> str:
    """web.js as a classic script defining window.hrgraphEngine, a function that makes the
    engine, whose source the page's worker runs (graph/querypage/assets/query.js); fails loudly
    if a new version of the module no longer has the shape this relies on."""
    source = (VENDOR / "web.js").read_text(encoding="utf-8")
    if source.count(EXPORTS) != 1:
        raise RuntimeError("oxigraph/web.js: its export line changed; see VENDORED.md")
    body = re.sub(r"^export (?=(?:async )?(?:class|function|const|let) )", "", source, flags=re.MULTILINE)
    body = body.replace(EXPORTS, "").replace("import.meta.url", "self.location.href")
    if re.search(r"^\s*(?:export|import)\b", body, flags=re.MULTILINE):
        raise RuntimeError("oxigraph/web.js: an import or export is left; see VENDORED.md")
    names = ", ".join(SHOWN)
    return f'window.hrgraphEngine = function () {{\n"use strict";\n{body}\nreturn {{ {names} }};\n}};\n'


def wasm_script() -> str:
    """The WebAssembly as a base64 string in window.hrgraphWasm."""
    encoded = base64.b64encode(gzip.decompress((VENDOR / WASM_STORED).read_bytes())).decode("ascii")
    return f'window.hrgraphWasm = "{encoded}";\n'
