"""graph.rdf.parts: the graph cut into one part per source file, and the next graph made from
the last one by assembling only the changed files, equal to a cold assembly."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
from bisect import bisect_left
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import URIRef

from benchmarks.synthetic import write
from graph.core.ontology import Ontology, load_ontology
from graph.core.vocab import DEFAULT_DATA_BASE
from graph.ingest.dataset import Dataset
from graph.ingest.load import read_sources
from graph.ingest.records import Record, Source
from graph.rdf.assemble import assemble, source_languages
from graph.rdf.change import TripleChange, triple_change
from graph.rdf.dumps import to_ntriples
from graph.rdf.parts import (
    DeferredTriples,
    NotAPart,
    assemble_noting_parts,
    assemble_part,
    can_cut,
    deferred_assembly,
    file_entries,
    line_at_least,
    next_graph,
    owner,
    patched,
    records_by_file,
)
from graph.rdf.triples import Triples

from .conftest import GOLDEN, REPO

BASE = DEFAULT_DATA_BASE


@cache
def ontology() -> Ontology:
    return load_ontology(REPO / "ontology")


@cache
def synthetic_sources() -> Path:
    import atexit
    import shutil
    import tempfile

    made = tempfile.mkdtemp(prefix="hrgraph-parts-")
    atexit.register(shutil.rmtree, made, ignore_errors=True)  # each run left one behind in /tmp
    folder = Path(made) / "sources"
    write(folder, 200, seed=3, ontology_dir=REPO / "ontology")
    return folder


def _dataset(sources: Path) -> Dataset:
    dataset, problems = read_sources(sources, ontology())
    assert problems == []
    return dataset


@cache
def synthetic() -> Dataset:
    return _dataset(synthetic_sources())


def _vocabulary_lines() -> set[bytes]:
    vocabulary = Triples()
    for triple in ontology().vocabularies:
        vocabulary.add(triple)
    return set(vocabulary.ntriples().splitlines(keepends=True))


@pytest.mark.parametrize(
    "sources", [GOLDEN / "sources", REPO / "sources", None], ids=["golden", "curated", "synthetic"]
)
def test_the_parts_and_the_vocabularies_make_the_whole_graph(sources: Path | None) -> None:
    dataset = synthetic() if sources is None else _dataset(sources)
    assert can_cut(dataset, ontology(), BASE)
    languages = source_languages(dataset)
    parts = {
        shown: assemble_part(records, dataset.digests[shown], ontology(), BASE, languages)
        for shown, records in records_by_file(dataset).items()
    }
    lines = [part.ntriples.splitlines(keepends=True) for part in parts.values()]
    subjects = [{line.split(b" ", 1)[0] for line in part} for part in lines]
    assert sum(map(len, subjects)) == len(set().union(*subjects))  # disjoint by subject
    for shown, part in parts.items():
        ids = {record.id for record in records_by_file(dataset)[shown]}
        for subject in subjects[list(parts).index(shown)]:
            assert owner(subject.decode()[1:-1], BASE) in ids
        assert part.entry == file_entries(dataset, ontology(), BASE)[shown]
    merged = b"".join(sorted({line for part in lines for line in part} | _vocabulary_lines()))
    assert merged == to_ntriples(assemble(dataset, ontology(), BASE).triples)


def test_a_part_knows_the_languages_its_quotes_took() -> None:
    dataset = synthetic()
    entries = file_entries(dataset, ontology(), BASE)
    taken = {source for entry in entries.values() for source in entry.languages}
    assert taken  # the synthetic quotes cite sources without a language of their own
    assert all(isinstance(dataset.records.get(source), Source) for source in taken)


def test_a_record_whose_node_is_a_concept_is_not_a_part() -> None:
    dataset = synthetic()
    record = next(iter(dataset.records.values()))
    odd = dataclasses.replace(ontology(), concepts={record.id: URIRef("https://example.org/concept")})
    with pytest.raises(NotAPart):
        assemble_part([record], "x", odd, BASE, {})
    assert not can_cut(dataset, odd, BASE)


def test_patched_takes_out_and_puts_in_sorted_lines() -> None:
    lines = b"a\nc\ne\n"
    assert patched(lines, TripleChange(b"c\n", b"b\nd\n")) == b"a\nb\nd\ne\n"
    assert patched(lines, TripleChange(b"a\ne\n", b"0\nb\nf\n")) == b"0\nb\nc\nf\n"
    assert patched(lines, TripleChange(b"c\n", b"c1\nc2\n")) == b"a\nc1\nc2\ne\n"
    assert patched(lines, TripleChange()) == b"a\nc\ne\n"
    assert patched(b"", TripleChange(b"", b"x\n")) == b"x\n"
    with pytest.raises(ValueError):
        patched(lines, TripleChange(b"z\n", b""))
    with pytest.raises(ValueError):
        patched(b"a\nc1\n", TripleChange(b"c\n", b""))  # only the start of a line there
    with pytest.raises(ValueError):
        patched(lines, TripleChange(b"", b"c\n"))


# N-Triples escape line breaks: a line holds no raw \n or \r (both end a line for splitlines)
@given(
    lines=st.sets(st.binary(max_size=6).filter(lambda b: b"\n" not in b and b"\r" not in b), max_size=30),
    keys=st.lists(st.binary(max_size=7).filter(lambda b: b"\n" not in b and b"\r" not in b), max_size=10),
)
def test_lines_are_found_and_changed_by_bisection_of_the_unsplit_dump(
    lines: set[bytes], keys: list[bytes]
) -> None:
    ordered = sorted(line + b"\n" for line in lines)
    dump = b"".join(ordered)
    for key in keys + ordered:
        at = bisect_left(ordered, key)
        assert line_at_least(dump, key) == sum(len(line) for line in ordered[:at])
    kept, moved = ordered[::2], ordered[1::2]
    assert patched(dump, TripleChange(b"".join(moved), b"")) == b"".join(kept)
    assert patched(b"".join(kept), TripleChange(b"", b"".join(moved))) == dump
    new = sorted({key + b"\n" for key in keys} - set(ordered))
    changed = patched(dump, TripleChange(b"".join(moved), b"".join(new)))
    assert changed == b"".join(sorted(set(kept) | set(new)))


def test_deferred_assembly_locates_nodes_and_assembles_only_when_read() -> None:
    dataset = synthetic()
    whole = assemble(dataset, ontology(), BASE)
    deferred = deferred_assembly(dataset, ontology(), BASE)
    some = list(whole.origins)[::37]
    for node in some:
        record, where = whole.origins[node]
        assert deferred.origins[node][0] is record and deferred.origins[node][1] == where
    assert deferred.origins.get(URIRef(BASE + "person/nobody-at-all")) is None
    triples = deferred.triples
    assert isinstance(triples, DeferredTriples)
    assert triples._made is None  # not assembled yet
    assert len(triples) == len(whole.triples)
    assert triples.ntriples() == to_ntriples(whole.triples)


# ------------------------------------------------------------- random edits, incremental == cold

EDITS = ("delete record", "change record", "move record", "add file", "delete file", "source language")


_edits_made = itertools.count()


def _digest(text: str) -> str:
    """A new digest for a file edited: never one an earlier edit gave (its bytes differ)."""
    return hashlib.sha256(f"{text}#{next(_edits_made)}".encode()).hexdigest()


def _relocated(record: Record, shown: str, **update: object) -> Record:
    copy = record.model_copy(update=update)
    copy.locate(shown, {})
    return copy


def _edited(dataset: Dataset, edits: list[tuple[str, int, int]]) -> Dataset:
    """The dataset after some edits; a file changed gets new bytes (a new digest)."""
    records = dict(dataset.records)
    digests = dict(dataset.digests)
    for step, (kind, pick, other) in enumerate(edits):
        ids = list(records)
        chosen = records[ids[pick % len(ids)]]
        files = sorted({record.file for record in records.values()})
        if kind == "delete record":
            del records[chosen.id]
        elif kind == "change record":
            cites = chosen.cites or []
            records[chosen.id] = _relocated(chosen, chosen.file, cites=cites[:-1] if cites else None)
        elif kind == "move record":
            target = files[other % len(files)]
            records[chosen.id] = _relocated(chosen, target)
            digests[target] = _digest(f"{target}{step}")
        elif kind == "add file":
            shown = f"added/{step}.yaml"
            for record in [r for r in records.values() if r.file == chosen.file]:
                copy = _relocated(record, shown, id=f"{record.id}-{step}")
                records[copy.id] = copy
            digests[shown] = _digest(shown)
        elif kind == "delete file":
            for record_id in [r.id for r in records.values() if r.file == chosen.file]:
                del records[record_id]
        elif kind == "source language":
            sources = [r for r in records.values() if isinstance(r, Source)]
            source = sources[pick % len(sources)]
            language = ["en", "fr", "km", "id"][other % 4]
            records[source.id] = _relocated(source, source.file, language=language)
            chosen = source
        digests[chosen.file] = _digest(f"{chosen.file}{step}")
    return Dataset(records=records, files=sorted(digests), digests=digests)


edits = st.lists(
    st.tuples(st.sampled_from(EDITS), st.integers(0, 10_000), st.integers(0, 10_000)), max_size=4
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=edits, second=edits)
def test_the_next_graph_of_random_edits_is_the_cold_one(
    first: list[tuple[str, int, int]], second: list[tuple[str, int, int]]
) -> None:
    before = _edited(synthetic(), first)
    after = _edited(before, second)
    old = to_ntriples(assemble(before, ontology(), BASE).triples)
    cold = to_ntriples(assemble(after, ontology(), BASE).triples)
    entries = file_entries(before, ontology(), BASE)
    made = next_graph(old, entries, after, ontology(), BASE)
    assert made.ntriples == cold
    assert made.change == triple_change(old, cold)
    assert made.entries == file_entries(after, ontology(), BASE)
    assert set(made.assembled) <= {r.file for r in after.records.values()}


def test_an_unchanged_dataset_assembles_nothing() -> None:
    dataset = synthetic()
    old = to_ntriples(assemble(dataset, ontology(), BASE).triples)
    made = next_graph(old, file_entries(dataset, ontology(), BASE), dataset, ontology(), BASE)
    assert made.ntriples == old and not made.change and made.assembled == {}


def test_a_last_graph_that_already_holds_a_new_file_is_refused() -> None:
    """Entries that do not match the last dump (a file it holds is missing from them): an error,
    for the caller to assemble cold, never a graph with a file's lines twice or lost."""
    dataset = synthetic()
    old = to_ntriples(assemble(dataset, ontology(), BASE).triples)
    entries = file_entries(dataset, ontology(), BASE)
    del entries[next(iter(entries))]
    with pytest.raises(ValueError):
        next_graph(old, entries, dataset, ontology(), BASE)


def test_the_cold_assembly_noting_parts_is_assemble_and_notes_each_file() -> None:
    dataset = synthetic()
    assembly, entries = assemble_noting_parts(dataset, ontology(), BASE)
    plain = assemble(dataset, ontology(), BASE)
    assert list(assembly.triples) == list(plain.triples)  # the same triples, in the same order
    assert assembly.origins == plain.origins
    assert entries == file_entries(dataset, ontology(), BASE)
