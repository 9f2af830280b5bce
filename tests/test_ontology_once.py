"""The ontology is parsed once per build: the shipped one reuses a parse of the same files."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.core import ontology as ontology_module
from graph.core.ontology import load_ontology, shipped_ontology

PACKAGED = ontology_module._packaged_ontology_dir()


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    shipped_ontology.cache_clear()
    yield
    shipped_ontology.cache_clear()


def test_shipped_ontology_takes_a_parse_of_the_same_files(tmp_path: Path) -> None:
    copy = tmp_path / "ontology"
    shutil.copytree(PACKAGED, copy)
    loaded = load_ontology(copy)
    shipped = shipped_ontology()
    assert shipped.terms is loaded.terms
    assert shipped.directory == PACKAGED
    assert shipped.concepts == loaded.concepts


def test_shipped_ontology_parses_its_own_when_the_files_differ(tmp_path: Path) -> None:
    copy = tmp_path / "ontology"
    shutil.copytree(PACKAGED, copy)
    with (copy / "hrgraph.ttl").open("a", encoding="utf-8") as file:
        file.write("\n# edited\n")
    loaded = load_ontology(copy)
    shipped = shipped_ontology()
    assert shipped.terms is not loaded.terms
    assert set(shipped.terms) == set(load_ontology(PACKAGED).terms)
    assert shipped.labels == loaded.labels
