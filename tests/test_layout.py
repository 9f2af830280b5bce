"""The package's folders follow the pipeline: a module imports only from its own stage or the
stages before it, there is no import cycle, and test or benchmark code never ships in it."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "graph"
# The stages, in the order data flows through them; top-level modules are their own stage.
STAGES = (
    "core",
    "ingest",
    "rdf",
    "sparql",
    "checks",
    "curation",
    "view",
    "site",
    "querypage",
    "output",
    "pipeline",
    "analyst",
    "cli",
)
NOT_AT_RUNTIME = ("pyshacl", "benchmarks", "tests", "pytest")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module this file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import; write graph.<stage>.<module>"
            assert node.module is not None
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


MODULES = {_module_name(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def _stage(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:  # graph itself, graph/__init__.py
        return -1
    return STAGES.index(parts[1]) if parts[1] in STAGES else -1


def test_every_folder_is_a_known_stage() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders <= set(STAGES), f"a stage the layout test does not know: {folders - set(STAGES)}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m not in ("graph", "graph.__main__")))
def test_imports_run_down_the_pipeline(module: str) -> None:
    upward = sorted(
        name
        for name in MODULES[module]
        if name.startswith("graph.") and name in MODULES and _stage(name) > _stage(module)
    )
    assert upward == [], f"{module} imports from a later stage: {upward}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_test_or_benchmark_code_at_runtime(module: str) -> None:
    leaks = sorted(n for n in MODULES[module] if n.split(".")[0] in NOT_AT_RUNTIME)
    assert leaks == [], f"{module} imports {leaks}"


def test_no_import_cycle() -> None:
    arrows = nx.DiGraph()
    arrows.add_nodes_from(MODULES)
    for module, imported in MODULES.items():
        arrows.add_edges_from((module, name) for name in imported if name in MODULES and name != module)
    # a package's __init__ re-exporting lazily is not a cycle
    arrows.remove_node("graph")
    assert list(nx.simple_cycles(arrows)) == []
