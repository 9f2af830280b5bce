"""The pipeline's stages are listed once (graph.pipeline.checking / building): check and build
run that list, and the benchmark times it stage by stage."""

from __future__ import annotations

from pathlib import Path

from graph.pipeline import Built, Stages, building, checking
from graph.rdf.dumps import DUMPS

from .conftest import GOLDEN, REPO


def _names_and_result(stages: Stages[Built]) -> tuple[list[str], Built | None]:
    names = []
    while True:
        try:
            names.append(next(stages))
        except StopIteration as finished:
            return names, finished.value


def test_the_build_runs_the_checks_then_the_outputs(tmp_path: Path) -> None:
    names, built = _names_and_result(building(GOLDEN / "sources", REPO / "ontology", tmp_path))
    checks = list(checking(GOLDEN / "sources", REPO / "ontology"))
    assert names[: len(checks)] == checks
    assert checks[0] == "ontology" and "validate (shapes as SPARQL)" in checks
    assert [n for n in names if n.startswith("write ")] == [f"write {name}" for name in DUMPS]
    assert names[-1] == "files put in place"
    assert len(set(names)) == len(names)
    assert isinstance(built, Built)
    assert sorted(p.name for p in built.outputs) == sorted(
        ["graph.html", "site", "store", *(f"graph{fmt.suffix}" for fmt in DUMPS.values())]
    )
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted([".state", *(p.name for p in built.outputs)])  # .state: for the next build
    assert built.drawn[0] > 0 and built.drawn[1] > 0


def test_a_build_stopped_between_stages_writes_nothing(tmp_path: Path) -> None:
    stages = building(GOLDEN / "sources", REPO / "ontology", tmp_path)
    while next(stages) != "HTML (layout + pyvis)":  # the dumps are written to temporary files
        pass
    stages.close()
    assert list(tmp_path.iterdir()) == []
