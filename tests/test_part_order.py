"""The files' orders kept between builds (graph.rdf.part_order) put the subjects of
subjects(p, o) in the whole graph's order without assembling the files they come from; state
that cannot be trusted is asked of the parts instead, with the same answers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from benchmarks.synthetic import write
from graph.core.ontology import Ontology, load_ontology
from graph.ingest.cache import SourceCache
from graph.ingest.dataset import Dataset
from graph.ingest.load import read_sources
from graph.pipeline import build
from graph.rdf.dumps import to_ntriples
from graph.rdf.part_order import (
    PART_ORDER_STATE,
    PartOrder,
    decode_runs,
    encode_runs,
    record_runs,
    whole_order_bytes,
)
from graph.rdf.part_triples import PartTriples, part_assembly
from graph.rdf.parts import whole_triples
from graph.rdf.triples import Triples
from graph.site import workers
from graph.sparql.store import store_from_ntriples
from graph.sparql.store_graph import StoreSubjects

from .conftest import REPO
from .test_incremental_build import assert_same_outputs

ONTOLOGY = REPO / "ontology"
BASE = "https://example.org/hr/"
SHA = "0" * 64  # the graph.nt a state names (any text: only compared)


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return load_ontology(ONTOLOGY)


@pytest.fixture(scope="module", params=["synthetic", "valid"])
def dataset(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, ontology: Ontology
) -> Dataset:
    if request.param == "synthetic":
        sources = tmp_path_factory.mktemp("order") / "sources"
        write(sources, 300, seed=13, ontology_dir=ONTOLOGY)
    else:
        sources = REPO / "tests" / "fixtures" / "valid"
    loaded, problems = read_sources(sources, ontology)
    assert not problems
    return loaded


@pytest.fixture(scope="module")
def whole(dataset: Dataset, ontology: Ontology) -> Triples:
    return whole_triples(dataset, ontology, BASE)


def _files(dataset: Dataset) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {shown: (dataset.digests[shown], tuple(ids)) for shown, ids in dataset.ids_by_file().items()}


def _kept(folder: Path, state: bytes | None) -> Path:
    assert state is not None
    (folder / PART_ORDER_STATE).parent.mkdir(parents=True, exist_ok=True)
    (folder / PART_ORDER_STATE).write_bytes(state)
    return folder


def _answering(dataset: Dataset, ontology: Ontology, whole: Triples, order: PartOrder) -> PartTriples:
    ntriples = to_ntriples(whole)
    triples = part_assembly(dataset, ontology, BASE, ntriples, order).triples
    assert isinstance(triples, PartTriples)
    triples.answer_subjects_from(StoreSubjects(store_from_ntriples(ntriples)), exact=True)
    return triples


def _questions(whole: Triples) -> list[tuple[Node, Node]]:
    return list(dict.fromkeys((p, o) for _, p, o in whole if not isinstance(o, BNode)))


def test_subjects_come_in_the_whole_graphs_order_without_assembling_a_part(
    dataset: Dataset, ontology: Ontology, whole: Triples, tmp_path: Path
) -> None:
    state = whole_order_bytes(whole.subjects_in_order(), _files(dataset), BASE, SHA)
    parts = _answering(dataset, ontology, whole, PartOrder.read(_kept(tmp_path, state), BASE, SHA))
    questions = [(p, o) for p, o in _questions(whole) if isinstance(o, URIRef)]
    assert any(len(list(whole.subjects(p, o))) > 5 for p, o in questions)
    for predicate, obj in questions:
        assert list(parts.subjects(predicate, obj)) == list(whole.subjects(predicate, obj)), (predicate, obj)
    assert parts.parts_assembled == 0 and not parts.whole_assembled


def test_subjects_of_a_literal_are_checked_in_their_parts(
    dataset: Dataset, ontology: Ontology, whole: Triples, tmp_path: Path
) -> None:
    """The store matches a literal by value ("01" and "1" as integers): each subject it gives
    is checked in its part."""
    state = whole_order_bytes(whole.subjects_in_order(), _files(dataset), BASE, SHA)
    parts = _answering(dataset, ontology, whole, PartOrder.read(_kept(tmp_path, state), BASE, SHA))
    for predicate, obj in [(p, o) for p, o in _questions(whole) if isinstance(o, Literal)][::5]:
        assert list(parts.subjects(predicate, obj)) == list(whole.subjects(predicate, obj)), (predicate, obj)
    assert not parts.whole_assembled


def test_the_store_matches_a_literal_by_value_so_its_subjects_are_checked() -> None:
    """Why subjects of a literal are checked in their parts: "01" and "1" are one integer to
    Oxigraph, two terms to the graph."""
    integer = "http://www.w3.org/2001/XMLSchema#integer"
    text = f'<http://a/s> <http://a/p> "01"^^<{integer}> .\n<http://a/t> <http://a/p> "1"^^<{integer}> .\n'
    index = StoreSubjects(store_from_ntriples(text.encode()))
    found = index(URIRef("http://a/p"), Literal("1", datatype=URIRef(integer)))
    assert found is not None and sorted(map(str, found)) == ["http://a/s", "http://a/t"]


def _damaged(state: bytes, how: str) -> bytes:
    head_end = state.index(b"\n", state.index(b"\n") + 1)
    head = json.loads(state[state.index(b"\n") + 1 : head_end])
    body = state[head_end + 1 :]
    if how == "a byte of a file's order":
        at = len(body) // 2
        return state[: head_end + 1] + body[:at] + bytes([body[at] ^ 1]) + body[at + 1 :]
    if how == "another graph":
        head["graph"] = "1" * 64
    elif how == "another base":
        head["base"] = "https://example.org/other/"
    elif how == "a digest":
        for entry in head["files"].values():
            entry[0] = "f" * 64
    elif how == "places out of the body":
        for entry in head["files"].values():
            entry[1] += len(body)
    elif how == "truncated":
        return state[: len(state) // 2]
    elif how == "not a state":
        return b"not the part order\n{}\n"
    line = json.dumps(head).encode()
    return state[: state.index(b"\n") + 1] + line + b"\n" + body


@pytest.mark.parametrize(
    "how",
    [
        "a byte of a file's order",
        "another graph",
        "another base",
        "a digest",
        "places out of the body",
        "truncated",
        "not a state",
        "missing",
    ],
)
def test_state_that_cannot_be_trusted_is_asked_of_the_parts(
    dataset: Dataset, ontology: Ontology, whole: Triples, tmp_path: Path, how: str
) -> None:
    state = whole_order_bytes(whole.subjects_in_order(), _files(dataset), BASE, SHA)
    assert state is not None
    folder = _kept(tmp_path, _damaged(state, how)) if how != "missing" else tmp_path
    parts = _answering(dataset, ontology, whole, PartOrder.read(folder, BASE, SHA))
    for predicate, obj in [(p, o) for p, o in _questions(whole) if isinstance(o, URIRef)]:
        assert list(parts.subjects(predicate, obj)) == list(whole.subjects(predicate, obj)), (predicate, obj)
    assert parts.parts_assembled > 0 and not parts.whole_assembled


def test_the_orders_of_files_assembled_again_are_used_and_kept(
    dataset: Dataset, ontology: Ontology, whole: Triples, tmp_path: Path
) -> None:
    """Files assembled for this build (`made`) need no kept order; the state written after
    holds every file's order, the kept ones' bytes copied."""
    files = _files(dataset)
    made_files = list(files)[::3]
    kept_files = {shown: files[shown] for shown in files if shown not in made_files}
    state = whole_order_bytes(whole.subjects_in_order(), kept_files, BASE, SHA)
    made = {}
    for shown in made_files:
        part = whole_triples_of(dataset, ontology, shown)
        made[shown] = tuple(part.subjects_in_order())
    order = PartOrder.read(_kept(tmp_path, state), BASE, SHA, made)
    parts = _answering(dataset, ontology, whole, order)
    for predicate, obj in [(p, o) for p, o in _questions(whole) if isinstance(o, URIRef)]:
        assert list(parts.subjects(predicate, obj)) == list(whole.subjects(predicate, obj)), (predicate, obj)
    assert parts.parts_assembled == 0
    again = tmp_path / "again"
    _kept(again, order.to_bytes(files, "2" * 64))
    assert again.joinpath(PART_ORDER_STATE).read_bytes() == whole_order_bytes(
        whole.subjects_in_order(), files, BASE, "2" * 64
    )


def whole_triples_of(dataset: Dataset, ontology: Ontology, shown: str) -> Triples:
    """One file's part, as graph.rdf.parts assembles it."""
    from graph.rdf.assemble import assemble_records, source_languages

    records = [dataset.records[i] for i in dataset.ids_by_file()[shown]]
    triples = assemble_records(records, ontology, BASE, source_languages(dataset)).triples
    assert isinstance(triples, Triples)
    return triples


def test_runs_are_a_records_node_then_the_nodes_under_it(whole: Triples) -> None:
    runs = record_runs(whole.subjects_in_order(), BASE)
    assert runs is not None and any(runs.values())
    node = URIRef(BASE + "meeting/m")
    under = [
        URIRef(f"{node}/participant/1"),
        URIRef(f"{node}/participant/1/cite/1"),
        URIRef(f"{node}/cite/1"),
    ]
    assert record_runs([node, *under], BASE) == {
        "meeting/m": ("participant/1", "participant/1/cite/1", "cite/1")
    }
    other = URIRef(BASE + "person/p")
    assert record_runs([node, other, under[0]], BASE) is None  # a record met again
    assert record_runs([under[0], node], BASE) is None  # a node before its record's
    assert record_runs([URIRef(BASE + "x"), node], BASE) is None  # no record's node
    assert record_runs([URIRef("https://vocab.example/c"), node], BASE) == {"meeting/m": ()}


def test_a_files_order_is_read_back_only_for_its_records() -> None:
    runs = {"person/a": ("cite/1",), "person/b": ()}
    data = encode_runs(runs, ["person/a", "person/b"])
    assert decode_runs(data, ["person/a", "person/b"]) == runs
    assert decode_runs(data, ["person/b", "person/a"]) is None
    assert decode_runs(data, ["person/a"]) is None
    assert decode_runs(data[:-1], ["person/a", "person/b"]) is None
    assert decode_runs(b"\xff\n", ["person/a"]) is None


def test_a_rebuild_after_one_edit_assembles_no_part_for_subjects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A meeting renamed: the lists ask subjects(rdf:type, kind) of every commitment and
    meeting, and the pages reached ask subjects(p, o) of long tables: none of it assembles a
    part (what is assembled is what the remade pages read of their rows: fewer files)."""
    monkeypatch.setattr(workers, "cores", lambda: 1)  # the site's work in this process: counted
    sources, out, cold = tmp_path / "sources", tmp_path / "out", tmp_path / "cold"
    write(sources, 400, seed=7, ontology_dir=ONTOLOGY)
    build(sources, ONTOLOGY, out, cache=SourceCache(out / ".cache" / "sources"))
    assert (out / PART_ORDER_STATE).is_file()
    meeting = sorted(sources.glob("meetings/**/*.yaml"))[2]
    text = meeting.read_text("utf-8")
    meeting.write_text(re.sub(r'name: \{en: "', 'name: {en: "Renamed ', text, count=1), "utf-8")
    built = build(sources, ONTOLOGY, out, cache=SourceCache(out / ".cache" / "sources"))
    triples = built.assembly.triples
    assert isinstance(triples, PartTriples) and not triples.whole_assembled
    assert triples.subjects_asked > 10 and triples.parts_assembled_for_subjects == 0
    assert triples.parts_assembled < len(built.entries)
    build(sources, ONTOLOGY, cold)
    assert_same_outputs(out, cold)
