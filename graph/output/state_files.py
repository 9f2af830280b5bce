"""Where a build keeps what it was made of (`OUT/.state/`), and the one fact a query reads from
it without loading the build's modules: the digests of the source files it read."""

from __future__ import annotations

import json
from pathlib import Path

STATE_FOLDER = ".state"
MANIFEST = "manifest.json"


def manifest_path(out: Path) -> Path:
    return out / STATE_FOLDER / MANIFEST


def read_digests(out: Path) -> set[str]:
    """The digests of the source files the last build of `out` read, as its manifest says (none
    when it cannot be read)."""
    try:
        files = json.loads(manifest_path(out).read_bytes())["files"]
        return {str(entry["digest"]) for entry in files.values()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return set()
