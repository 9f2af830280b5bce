"""Shared fixtures: the repository's ontology, and graphs built from real sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.core.ontology import Ontology, load_ontology
from graph.pipeline import Built, Checked, build, check

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = FIXTURES / "golden"


@pytest.fixture(scope="session")
def ontology() -> Ontology:
    return load_ontology(REPO / "ontology")


@pytest.fixture(scope="session")
def golden() -> Checked:
    """The small golden dataset, checked and assembled."""
    return check(GOLDEN / "sources", REPO / "ontology")


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The real curated sources/, built into a temporary folder."""
    out = tmp_path_factory.mktemp("build")
    return build(REPO / "sources", REPO / "ontology", out)
