"""A digest of the package's own files, so that what a build keeps for the next one (its
manifest, the network view's and the site's records) is used only by the code that made it."""

from __future__ import annotations

import hashlib
import io
import pickle
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
    modules = (module for package in packages for module in (PACKAGE / package).glob("*.py"))
    return files_digest(modules, library_versions(libraries))


def library_versions(libraries: Iterable[str]) -> bytes:
    """Python's version and the `libraries`' installed versions, as one text (a seed for
    `files_digest`: what a library upgrade may change is not reused)."""
    import sys
    from importlib import metadata

    return "\n".join((sys.version, *(f"{name}={metadata.version(name)}" for name in libraries))).encode()


def frozen(value: object) -> bytes:
    """`value` pickled without the memo: equal values give equal bytes, whatever objects they
    share (a digest of data about three times cheaper than encoding it as JSON)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: the bytes depend on the value only
    pickler.dump(value)
    return buffer.getvalue()


def frozen_digest(value: object) -> str:
    """A SHA-256 (hex) of `value`'s `frozen` bytes: equal values, equal digests."""
    return hashlib.sha256(frozen(value)).hexdigest()
