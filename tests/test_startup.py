"""Start-up: a command imports only what it uses (issue 16). Each case runs in a fresh
interpreter and lists the modules it loaded, so an eager import added anywhere shows here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CuratedBuild

DRAWING = ("numpy", "scipy", "pyvis", "IPython", "networkx")
NEVER_OUTSIDE_TESTS = ("pyshacl",)
SERVER = ("graph.analyst.serve", "graph.analyst.reconcile", "rapidfuzz", "http.server")
MODELS = ("pydantic", "graph.ingest.records")
RDFLIB = ("rdflib",)  # its graph, parsers and SPARQL grammar: for building, not for a query
# what writing files, hashing, threads and the child's prctl cost: a query on a trusted store
# needs none of them in the process that parses the command line
WRITING = ("graph.output.staged", "graph.output.switch", "tempfile", "shutil", "hashlib")
THREADS = ("concurrent.futures", "logging")
EXTRAS = ("ctypes", "traceback", "csv", "difflib", "graph.core.progress", "graph.rdf.change")
QUERY_MODULES = ("pyoxigraph", "graph.sparql.query", "graph.sparql.apart", "graph.ingest.dataset")


def loaded_after(code: str, cwd: Path | None = None) -> set[str]:
    """The modules a fresh interpreter holds after running `code`."""
    script = f"import json, sys\n{code}\nsys.stdout.write('\\n' + json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=cwd)
    return set(json.loads(done.stdout.splitlines()[-1]))


def run_cli(*args: str) -> str:
    """Code that runs `hrgraph ARGS` in-process and keeps going after click's exit."""
    return (
        "from graph.cli import main\n"
        f"try:\n    main({list(args)!r}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
    )


def test_importing_the_command_line_loads_no_drawing_server_models_or_rdflib() -> None:
    loaded = loaded_after("import graph.cli")
    unwanted = DRAWING + NEVER_OUTSIDE_TESTS + SERVER + MODELS + RDFLIB
    assert sorted(m for m in unwanted if m in loaded) == []


def test_help_loads_nothing_a_command_needs() -> None:
    loaded = loaded_after(run_cli("--help"))
    assert "click" in loaded
    assert sorted(m for m in DRAWING + SERVER + MODELS + RDFLIB if m in loaded) == []
    unneeded = QUERY_MODULES + WRITING + THREADS + EXTRAS
    # click's help reads the terminal's width with shutil: that one is click's own
    assert sorted(m for m in unneeded if m in loaded and m != "shutil") == []


@pytest.mark.parametrize("module", ["graph.pipeline", "graph.analyst.api"])
def test_pyshacl_is_never_imported_outside_the_tests(module: str) -> None:
    assert "pyshacl" not in loaded_after(f"import {module}")


def test_a_query_on_a_build_loads_no_drawing_server_models_or_rdflib(curated_build: CuratedBuild) -> None:
    dump = curated_build.folder / "graph.nt"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    loaded = loaded_after(run_cli("query", count, "--graph", str(dump)))
    assert "pyoxigraph" in loaded
    assert sorted(m for m in DRAWING + NEVER_OUTSIDE_TESTS + SERVER + MODELS + RDFLIB if m in loaded) == []


def test_a_query_naming_an_undefined_term_reads_the_ontology_without_rdflib(
    curated_build: CuratedBuild,
) -> None:
    """The warning of hrg:Persn reads the ontology's terms with pyoxigraph (graph.sparql.unknown_terms)."""
    dump = curated_build.folder / "graph.nt"
    loaded = loaded_after(run_cli("query", "ASK { ?x a hrg:Persn }", "--graph", str(dump)))
    assert "graph.sparql.unknown_terms" in loaded
    assert sorted(m for m in DRAWING + NEVER_OUTSIDE_TESTS + SERVER + MODELS + RDFLIB if m in loaded) == []


def test_a_query_on_a_trusted_store_loads_nothing_for_writing_threads_or_errors(
    curated_build: CuratedBuild,
) -> None:
    dump = curated_build.folder / "graph.nt"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    loaded = loaded_after(run_cli("query", count, "--graph", str(dump)))
    assert "graph.sparql.kept_store" in loaded  # the store was opened, not graph.nt parsed
    assert sorted(m for m in WRITING + THREADS + EXTRAS if m in loaded) == []


def test_validate_loads_no_drawing_site_or_query_page(tmp_path: Path) -> None:
    """validate runs the checks of build without the outputs' modules (about 1 s of imports)."""
    root = Path(__file__).parent.parent
    sources = root / "tests" / "fixtures" / "valid" / "sources"
    code = run_cli("validate", "--sources", str(sources), "--ontology", str(root / "ontology"))
    loaded = loaded_after(code, cwd=tmp_path)
    assert "graph.pipeline" in loaded  # the checks did run
    outputs = ("graph.site", "graph.view", "graph.querypage")
    assert sorted(m for m in loaded if m in DRAWING or m.startswith(outputs)) == []


def test_a_rebuild_that_reads_its_layout_back_loads_no_layout_engine(tmp_path: Path) -> None:
    """The layout of a graph of the last build's shape is read back (graph.view.layout_cache):
    numpy's and scipy's layout code (0.2 s of imports) is loaded only to compute one."""
    root = Path(__file__).parent.parent
    sources = root / "tests" / "fixtures" / "valid" / "sources"
    build = run_cli("build", "--sources", str(sources), "--ontology", str(root / "ontology"), "--out", "out")
    assert "graph.view.layout" in loaded_after(build, cwd=tmp_path)  # the first build lays it out
    loaded = loaded_after(build, cwd=tmp_path)
    assert (tmp_path / "out" / "graph.html").is_file()
    assert sorted(m for m in ("graph.view.layout", "scipy") if m in loaded) == []
