"""Vendored JavaScript is exactly what its VENDORED.md records: every file in the folder is listed
with the npm package, version, licence, tarball integrity and the file's sha256, and matches it."""

from __future__ import annotations

import gzip
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SITE_VENDOR = REPO / "graph" / "site" / "assets" / "vendor"
TEST_VENDOR = REPO / "tests" / "vendor"
QUERY_VENDOR = REPO / "graph" / "querypage" / "assets" / "vendor"
COLUMNS = ("File", "Package", "Version", "Licence", "From the tarball", "npm integrity", "sha256")
# Ways a script reaches the network or evaluates text as code (the site's CSP allows neither).
FORBIDDEN = (
    "XMLHttpRequest",
    "sendBeacon",
    "WebSocket",
    "EventSource",
    "importScripts",
    "eval(",
    "Function(",
)


@dataclass(frozen=True)
class Vendored:
    """One row of a VENDORED.md table."""

    file: str
    package: str
    version: str
    licence: str
    origin: str
    integrity: str
    sha256: str


def unpacked(folder: Path, name: str) -> bytes:
    """A vendored file's bytes as npm ships them: a large one is kept gzipped as NAME.gz."""
    packed = folder / f"{name}.gz"
    return gzip.decompress(packed.read_bytes()) if packed.is_file() else (folder / name).read_bytes()


def recorded(folder: Path) -> list[Vendored]:
    """The rows of folder/VENDORED.md's table, checked against its header."""
    lines = (folder / "VENDORED.md").read_text(encoding="utf-8").splitlines()
    table = [line for line in lines if line.startswith("|")]
    header = [cell.strip() for cell in table[0].strip("|").split("|")]
    assert [cell.split(" (")[0] for cell in header] == list(COLUMNS)
    assert set(table[1]) <= set("|- ")
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table[2:]]
    return [Vendored(*row) for row in rows]


FOLDERS = [SITE_VENDOR, TEST_VENDOR, QUERY_VENDOR]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: str(f.relative_to(REPO)))
def test_every_vendored_file_is_recorded_and_unchanged(folder: Path) -> None:
    rows = recorded(folder)
    on_disk = sorted(
        p.relative_to(folder).as_posix().removesuffix(".gz")
        for p in folder.rglob("*")
        if p.is_file() and p.name != "VENDORED.md"
    )
    assert sorted(row.file for row in rows) == on_disk
    for row in rows:
        digest = hashlib.sha256(unpacked(folder, row.file)).hexdigest()
        assert digest == row.sha256, f"{row.file} is not the recorded {row.package}@{row.version}"
        assert re.fullmatch(r"\d+\.\d+\.\d+", row.version), row
        assert re.fullmatch(r"sha512-[A-Za-z0-9+/]{86}==", row.integrity), row
        assert row.origin.startswith("package/"), row
        assert row.licence in ("MIT", "MPL-2.0", "MIT OR Apache-2.0"), row


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: str(f.relative_to(REPO)))
def test_each_package_has_its_licence_and_one_version(folder: Path) -> None:
    rows = recorded(folder)
    for package in {row.package for row in rows}:
        own = [row for row in rows if row.package == package]
        assert len({(row.version, row.licence, row.integrity) for row in own}) == 1, own
        # a tarball without a licence file (yasgui, oxigraph) is recorded by its package.json
        assert any(Path(row.file).name in ("LICENSE", "package.json") for row in own), (
            f"{package} without its licence"
        )


def test_the_site_script_neither_reaches_out_nor_evaluates_text() -> None:
    """minisearch runs in every page of the site, under a CSP without 'unsafe-eval'."""
    for row in recorded(SITE_VENDOR):
        if row.file.endswith(".js"):
            text = (SITE_VENDOR / row.file).read_text(encoding="utf-8")
            assert [word for word in FORBIDDEN if word in text] == [], row.file
