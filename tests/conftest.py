"""Shared fixtures: the repository's ontology, the golden dataset, one build of the real
sources/ shared by every test that only reads it, and broken trees laid over the valid one."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.core.errors import Problem
from graph.core.ontology import Ontology, load_ontology
from graph.pipeline import Built, Checked, check
from graph.rdf.dumps import DUMPS
from graph.sparql.store import GRAPH_NAME
from tests.shacl_reference import validate_graph
from tests.shape_breaks import CONSTRAINTS, Breaks, break_each

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = REPO / "docs" / "screenshots"


def keep_screenshot(page: object, name: str) -> None:
    """The page as it is on screen, kept as test-artifacts/NAME.png, and copied into
    docs/screenshots/ (the README's) with HRGRAPH_SCREENSHOTS=1."""
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=False)  # type: ignore[attr-defined]
    assert target.stat().st_size > 10_000
    if os.environ.get("HRGRAPH_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, SCREENSHOTS / target.name)


ONTOLOGY = REPO / "ontology"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = FIXTURES / "golden"
VALID = FIXTURES / "valid" / "sources"
BROKEN = FIXTURES / "broken"


@pytest.fixture(scope="session")
def ontology() -> Ontology:
    return load_ontology(ONTOLOGY)


@pytest.fixture(scope="session")
def golden() -> Checked:
    """The small golden dataset, checked and assembled."""
    return check(GOLDEN / "sources", ONTOLOGY)


# ---------------------------------------------------------------- one build of the real sources


@dataclass(frozen=True)
class CuratedBuild:
    """`hrgraph build` of the real sources/ with the CLI's defaults (so with its cache in
    .cache/): the folder it wrote, and what it printed. Read-only: tests must not write there."""

    folder: Path
    stdout: str


def run_folder(factory: pytest.TempPathFactory) -> Path:
    """A folder of this test run shared by all its processes: under pytest-xdist each worker's
    basetemp is a child of the run's basetemp; without xdist, the run's own basetemp."""
    base = factory.getbasetemp()
    return base.parent if "PYTEST_XDIST_WORKER" in os.environ else base


def made_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """The folder `name` of this test run, made by `make` in whichever process asks first while
    the others wait on a file lock; a failed `make` leaves nothing, so the next asker retries."""
    shared = run_folder(factory)
    target = shared / name
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.is_dir():
            partial = shared / f"{name}.partial"
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir()
            make(partial)
            partial.rename(target)
    return target


def _build_curated_sources(folder: Path) -> None:
    with contextlib.chdir(REPO):
        result = CliRunner().invoke(
            main, ["build", "--sources", "sources", "--ontology", "ontology", "--out", str(folder / "out")]
        )
    assert result.exit_code == 0, result.output
    (folder / "stdout.txt").write_text(result.stdout, encoding="utf-8")
    for path in sorted(folder.rglob("*"), reverse=True):  # files before the folders holding them
        path.chmod(0o555 if path.is_dir() else 0o444)


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under the folder and a digest of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session")
def curated_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CuratedBuild]:
    """The real sources/ built once per test run (once for all xdist workers). Its files are
    read-only, and checked unchanged at the end: a test that needs to write builds its own."""
    shared = made_once(tmp_path_factory, "curated-build", _build_curated_sources)
    before = fingerprint(shared)
    yield CuratedBuild(shared / "out", (shared / "stdout.txt").read_text(encoding="utf-8"))
    after = fingerprint(shared)
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    assert not changed, f"a test wrote into the shared build of sources/: {changed}"


@pytest.fixture(scope="session")
def seed_checked() -> Checked:
    """The real sources/ checked in this process (no files written)."""
    return check(REPO / "sources", ONTOLOGY)


@pytest.fixture(scope="session")
def seed_build(seed_checked: Checked, curated_build: CuratedBuild) -> Built:
    """The real sources/ checked in this process, with the output files of the shared build
    of the same sources (builds are byte-for-byte reproducible: tests/test_dumps.py)."""
    checked = seed_checked
    dumps = [curated_build.folder / f"{GRAPH_NAME}{fmt.suffix}" for fmt in DUMPS.values()]
    return Built(**vars(checked), outputs=[*dumps, curated_build.folder / f"{GRAPH_NAME}.html"])


# ---------------------------------------------------------------- pySHACL, run once per process


@pytest.fixture(scope="session")
def shape_breaks(golden: Checked) -> Breaks:
    """The golden graph with a broken copy of a record for every SHACL constraint."""
    return break_each(golden.assembly, CONSTRAINTS)


@pytest.fixture(scope="session")
def pyshacl_on_breaks(shape_breaks: Breaks, ontology: Ontology) -> list[Problem]:
    """What pySHACL finds on the graph of every break."""
    return validate_graph(shape_breaks.assembly, ontology)


@pytest.fixture(scope="session")
def pyshacl_on_golden_and_seed(
    golden: Checked, seed_checked: Checked, ontology: Ontology
) -> tuple[list[Problem], list[Problem]]:
    """What pySHACL finds on the golden graph and on the graph of the real sources."""
    return validate_graph(golden.assembly, ontology), validate_graph(seed_checked.assembly, ontology)


# ---------------------------------------------------------------- broken data over a valid tree


def broken_cases() -> list[str]:
    """The folders of tests/fixtures/broken: each holds the files of one flaw."""
    return sorted(path.name for path in BROKEN.iterdir() if path.is_dir())


def overlaid_sources(case: str, folder: Path) -> Path:
    """folder/sources: a copy of the valid fixture tree with the files of one broken case laid
    over it (a file of the case replaces the valid file of the same name, or is added)."""
    sources = folder / "sources"
    shutil.copytree(VALID, sources)
    shutil.copytree(BROKEN / case / "sources", sources, dirs_exist_ok=True)
    return sources
