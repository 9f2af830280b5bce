"""`hrgraph build`'s summary (triples, nodes per class) is read from the N-Triples, not from the
whole graph: after an edit, the rebuild from the last build prints what a cold build prints."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

from click.testing import CliRunner
from rdflib import RDF, Graph

from benchmarks.synthetic import write
from graph.cli import main
from graph.core.vocab import ONTOLOGY_IRI

from .conftest import REPO

ONTOLOGY = REPO / "ontology"


def _summary(sources: Path, out: Path, *more: str) -> list[str]:
    """The summary lines of a build, without the last two (they name the output folder)."""
    args = ["build", "--sources", str(sources), "--ontology", str(ONTOLOGY), "--out", str(out), *more]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[-2].startswith(f"Wrote {out}")
    site, network, query = out / "site" / "index.html", out / "graph.html", out / "site" / "query.html"
    assert lines[-1] == f"Open {site} to read it (the network: {network}; SPARQL: {query})"
    assert site.is_file() and network.is_file() and query.is_file()
    return lines[:-2]


def _from_the_graph(dump: Path) -> list[str]:
    """The summary's counts as the whole graph gives them (rdflib, every rdf:type triple)."""
    graph = Graph().parse(dump)
    counted = Counter(
        str(o)[len(ONTOLOGY_IRI) :] for o in graph.objects(None, RDF.type) if str(o).startswith(ONTOLOGY_IRI)
    )
    width = max(len(name) for name in counted)
    return [f"  {name.ljust(width)}  {count:>5}" for name, count in sorted(counted.items())]


def test_a_rebuild_prints_the_summary_of_a_cold_build(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    write(sources, 100, seed=3, ontology_dir=ONTOLOGY)
    out = tmp_path / "build"
    _summary(sources, out)
    meeting = sorted(sources.glob("meetings/**/*.yaml"))[0]
    text = meeting.read_text(encoding="utf-8")
    copy = meeting.with_name(f"copy-{meeting.name}")  # new nodes: the counts change
    copy.write_text(re.sub(r"(\bid: [a-z-]+/)", r"\1c-", text), encoding="utf-8")
    meeting.write_text(text.replace('name: {en: "', 'name: {en: "Renamed ', 1), encoding="utf-8")

    rebuilt = _summary(sources, out)
    cold = _summary(sources, tmp_path / "cold", "--no-cache")

    assert rebuilt == cold
    triples = (out / "graph.nt").read_bytes().count(b"\n")
    assert rebuilt[0].startswith(f"Built {triples} triples from ")
    assert rebuilt[1:-1] == _from_the_graph(out / "graph.nt")


def test_the_golden_trees_counts_are_those_of_its_graph(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(REPO / "tests" / "fixtures" / "golden" / "sources" / "golden.yaml", sources)
    lines = _summary(sources, tmp_path / "build")
    assert lines[1:-1] == _from_the_graph(tmp_path / "build" / "graph.nt")
