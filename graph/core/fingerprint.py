"""A digest of the package's own files, so that what a build keeps for the next one (its
manifest, the network view's and the site's records) is used only by the code that made it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

PACKAGE = Path(__file__).parent.parent
"""The package's folder (graph/): the files are named relative to it."""


def files_digest(paths: Iterable[Path], seed: bytes = b"") -> str:
    """A hash of `seed` and of each file's name (relative to the package) and bytes, in name order."""
    digest = hashlib.sha256(seed)
    for path in sorted(paths):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def code_fingerprint(packages: Iterable[str], libraries: Iterable[str]) -> str:
    """A hash of Python's version, the `libraries`' versions and the modules of the package's
    sub-packages `packages` (core, ingest, ...)."""
    import sys
    from importlib import metadata

    versions = (f"{name}={metadata.version(name)}" for name in libraries)
    modules = (module for package in packages for module in (PACKAGE / package).glob("*.py"))
    return files_digest(modules, "\n".join((sys.version, *versions)).encode())
