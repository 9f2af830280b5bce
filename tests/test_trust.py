"""Hostile and broken input beyond the fixture corpus, round trips of generated data
(hypothesis), and determinism whatever the order of files on disk."""

from __future__ import annotations

import shutil
import tempfile
import tracemalloc
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import to_isomorphic

from graph.core.errors import DataInvalid
from graph.core.ontology import Ontology
from graph.ingest.load import load_sources
from graph.ingest.yaml_lines import MAX_FILE_BYTES, read_yaml
from graph.output.formats import FORMATS
from graph.pipeline import check

from .conftest import GOLDEN, REPO

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_an_alias_bomb_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BILLION_LAUGHS)
    tracemalloc.start()
    document, problems = read_yaml(path, "bomb.yaml")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert document is None
    assert [str(p) for p in problems] == [
        "bomb.yaml:2: the YAML alias '*a' (its anchor is on line 1) is not supported "
        "(write the value out in full instead of '&name' / '*name')"
    ]
    assert peak < 5_000_000  # expanding it would take gigabytes


def test_a_very_large_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("people:\n" + "# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    document, problems = read_yaml(path, "huge.yaml")
    assert document is None
    (problem,) = problems
    assert problem.line == 1 and problem.message.startswith("the file is too large (")
    assert problem.hint == "split it into several files, e.g. one per meeting or per topic"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "people: !!python/object:os.system {}\n",
            "YAML tags like 'tag:yaml.org,2002:python/object:os.system'",
        ),
        ("people:\n  - <<: {id: person/x}\n", "only plain text keys are supported (no merge keys '<<'"),
        ("--- {}\n--- {}\n", "the file holds several YAML documents"),
        ("people: !!binary aGVsbG8=\n", "YAML tags like 'tag:yaml.org,2002:binary' are not supported"),
    ],
)
def test_unsafe_yaml_features_are_refused(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text)
    document, problems = read_yaml(path, "x.yaml")
    assert document is None and words in problems[0].message


def test_file_order_on_disk_does_not_change_the_dumps(tmp_path: Path) -> None:
    sources = REPO / "sources"
    files = sorted(p for p in sources.rglob("*") if p.is_file())
    dumps = []
    for order, name in ((files, "forward"), (list(reversed(files)), "backward")):
        target = tmp_path / name / "sources"
        for path in order:  # files created in a different order, so directory order differs
            copy = target / path.relative_to(sources)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
        shutil.copy(REPO / "hrgraph.toml", tmp_path / name / "hrgraph.toml")
        graph = check(target, REPO / "ontology").assembly.graph
        dumps.append({fmt: FORMATS[fmt].write(graph, None) for fmt in FORMATS})
    assert dumps[0] == dumps[1]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("ttl", pyoxigraph.RdfFormat.TURTLE),
        ("nt", pyoxigraph.RdfFormat.N_TRIPLES),
        ("jsonld", pyoxigraph.RdfFormat.JSON_LD),
    ],
)
def test_every_dump_parses_in_oxigraph_to_the_same_graph(name: str, fmt: pyoxigraph.RdfFormat) -> None:
    graph = check(GOLDEN / "sources", REPO / "ontology").assembly.graph
    data = FORMATS[name].write(graph, None)
    store = pyoxigraph.Store()
    store.bulk_load(data, format=fmt)
    reparsed = pyoxigraph.serialize(store, format=pyoxigraph.RdfFormat.N_QUADS) or b""
    assert to_isomorphic(Graph().parse(data=reparsed.decode(), format="nt")) == to_isomorphic(graph)


# ---------------------------------------------------------------- generated data (hypothesis)

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and s != ""
)
slug = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)
partial_date = (
    st.dates()
    .map(lambda d: d.isoformat())
    .flatmap(lambda d: st.sampled_from([d[:4], d[:7], d]) if int(d[:4]) >= 1000 else st.just("1999"))
)


@st.composite
def datasets(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(slug, min_size=1, max_size=4, unique=True))
    language = draw(st.sampled_from(["en", "id", "km"]))
    people = [
        {
            "id": f"person/{n}",
            "name": {language: draw(text)},
            "born": draw(partial_date),
            "cites": [{"source": "src/s", "quote": draw(text)}],
        }
        for n in names
    ]
    observations = [
        {
            "id": f"obs/{n}",
            "measure": "measure/m",
            "about": "country/c",
            "value": draw(st.integers(min_value=0, max_value=10**12)),
            "as_of": draw(partial_date),
            "cites": ["src/s"],
        }
        for n in names
    ]
    return {
        "sources": [{"id": "src/s", "title": draw(text), "publisher": draw(text), "language": language}],
        "countries": [{"id": "country/c", "name": {"en": draw(text)}}],
        "people": people,
        "measures": [{"id": "measure/m", "name": {"en": draw(text)}}],
        "observations": observations,
    }


def _write(data: dict[str, Any]) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="hrgraph-hypothesis-"))
    (folder / "sources").mkdir()
    (folder / "sources" / "data.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_generated_valid_data_round_trips_through_every_dump(data: dict[str, Any]) -> None:
    folder = _write(data)
    try:
        graph = check(folder / "sources", REPO / "ontology").assembly.graph
        for name, fmt in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
            reparsed = Graph().parse(data=FORMATS[name].write(graph, None).decode(), format=fmt)
            assert to_isomorphic(reparsed) == to_isomorphic(graph), name
    finally:
        shutil.rmtree(folder)


MUTATIONS = {
    "drop the name": lambda d: d["people"][0].pop("name"),
    "impossible date": lambda d: d["people"][0].update(born="2023-02-29"),
    "unknown key": lambda d: d["people"][0].update(nmae="x"),
    "undefined source": lambda d: d["people"][0].update(cites=["src/nope"]),
    "count as text": lambda d: d["observations"][0].update(value="12"),
    "negative count": lambda d: d["observations"][0].update(value=-1),
    "wrong kind": lambda d: d["observations"][0].update(measure="country/c"),
    "bad language": lambda d: d["countries"][0].update(name={"english": "x"}),
    "duplicate id": lambda d: d["people"].append(dict(d["people"][0])),
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(), st.sampled_from(sorted(MUTATIONS)))
def test_generated_broken_data_is_refused_with_located_errors(data: dict[str, Any], mutation: str) -> None:
    MUTATIONS[mutation](data)
    folder = _write(data)
    try:
        with pytest.raises(DataInvalid) as caught:
            load_sources(folder / "sources", _ontology())
        assert caught.value.errors
        assert all(p.file.endswith("data.yaml") and p.line >= 1 for p in caught.value.errors)
    finally:
        shutil.rmtree(folder)


def _ontology() -> Ontology:
    from graph.core.ontology import load_ontology

    return load_ontology(REPO / "ontology")
