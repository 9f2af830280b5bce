"""YAML files under sources/ → located pydantic records, with every problem collected."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from graph.core.errors import DataInvalid, Problem, UsageError
from graph.core.ontology import Ontology
from graph.ingest.cache import KnownFile, SourceCache, Unchanged, load_files
from graph.ingest.dataset import Dataset, LazyRecords, display_path, display_paths, scan_sources
from graph.ingest.read_file import BareWord, FileLoad, UnloadedReference
from graph.ingest.records import Record
from graph.ingest.references import (
    check_record_rules,
    check_references,
    check_unloaded_references,
    full_id_hints,
    references_of,
    unused_source_warnings,
)
from graph.ingest.summary import summaries_of


def load_sources(sources_dir: Path, ontology: Ontology, cache: SourceCache | None = None) -> Dataset:
    """Load, check and cross-reference every file; raise DataInvalid listing all errors.
    Files unchanged since `cache` saw them are not read again; it is saved only on success."""
    dataset, problems = read_sources(sources_dir, ontology, cache)
    if problems:
        raise DataInvalid(problems + dataset.warnings)
    if cache is not None:
        cache.save()
    return dataset


def read_sources(
    sources_dir: Path,
    ontology: Ontology,
    cache: SourceCache | None = None,
    known: Mapping[str, KnownFile] | None = None,
) -> tuple[Dataset, list[Problem]]:
    """Load, check and cross-reference every file: the records that loaded, and every problem
    found, for a caller that checks more before it gives up (a missing folder still raises).
    It does not save `cache`: the caller does once everything has passed.

    `known`: what the last good build read of each file (graph.ingest.summary). A file whose
    bytes are those is not read: its records are read only if asked for, and the checks across
    files look only at the files read and at those naming an id they define or defined; the
    problems are those, in the order, that reading every file gives."""
    if not sources_dir.is_dir():
        raise UsageError(
            f"{display_path(sources_dir)}: is a file, not the sources folder (pass the folder of every "
            "curated file, e.g. --sources sources: a file's ids name others in other files)"
            if sources_dir.exists()
            else f"{display_path(sources_dir)}: the sources folder does not exist (run hrgraph from the "
            "project folder, or pass --sources DIR)"
        )
    dataset = Dataset()
    problems: list[Problem] = []
    files, link_problems = scan_sources(sources_dir)
    problems.extend(link_problems)
    if not files:
        problems.append(
            Problem(
                display_path(sources_dir),
                1,
                "no YAML files found",
                "curated facts live in *.yaml files under sources/",
            )
        )
    shown_paths = display_paths(files)
    dataset.files.extend(shown_paths)
    loads = load_files(list(zip(files, shown_paths, strict=True)), cache, known)
    unchanged = {load.shown: load for load in loads if isinstance(load, Unchanged)}
    records: dict[str, Record] | LazyRecords = (
        LazyRecords(lambda shown: unchanged[shown].records(cache)) if unchanged else {}
    )
    dataset.records = records
    unreadable_mentions: set[str] = set()
    bare_words: list[BareWord] = []
    unloaded: list[UnloadedReference] = []
    for shown, loaded in zip(shown_paths, loads, strict=True):
        if isinstance(loaded, Unchanged):
            assert isinstance(records, LazyRecords)
            dataset.digests[shown] = loaded.known.digest
            dataset.summaries[shown] = loaded.known.summary
            for at, record_id in enumerate(loaded.known.ids):
                if record_id in records:
                    problems.append(_defined_twice(records.records_of(shown)[at], records[record_id]))
                else:
                    records.add_unread(record_id, shown)
            continue
        dataset.digests[shown] = loaded.digest
        problems.extend(loaded.problems)
        dataset.unreadable_ids.update(loaded.unreadable_ids)
        unreadable_mentions.update(loaded.unreadable_mentions)
        bare_words.extend(loaded.bare_words)
        unloaded.extend(loaded.unloaded_references)
        for record in loaded.records:
            if record.id in records:
                problems.append(_defined_twice(record, records[record.id]))
            elif isinstance(records, LazyRecords):
                records.add(record)
            else:
                records[record.id] = record
    problems.extend(check_unloaded_references(dataset, ontology, unloaded))
    if bare_words:
        better = full_id_hints(bare_words, dataset, ontology)
        problems = [better.get(problem, problem) for problem in problems]
    if isinstance(records, LazyRecords):
        read = _concerned(dataset, records, dict(zip(shown_paths, loads, strict=True)), known or {})
        references = references_of(dataset, read)  # of the records a change can concern
        problems.extend(check_references(dataset, ontology, references))
        changed = [record for record in read if record.file not in unchanged]
        problems.extend(check_record_rules(dataset, references, changed))
        dataset.summaries.update(summaries_of(changed, references))
        # what the unchanged files cite, as their summaries say
        cited = set().union(*(dataset.summaries[shown].cites for shown in unchanged))
        dataset.warnings = unused_source_warnings(dataset, references, unreadable_mentions | cited)
    else:
        references = references_of(dataset)  # walked once for all the checks
        problems.extend(check_references(dataset, ontology, references))
        problems.extend(check_record_rules(dataset, references))
        dataset.summaries = summaries_of(records.values(), references)
        dataset.warnings = unused_source_warnings(dataset, references, unreadable_mentions)
    # what each file's records alone are warned of, read or (unchanged) as its summary says
    dataset.warnings += [w for shown in dataset.files for w in _summary_warnings(dataset, shown)]
    return dataset, problems


def _summary_warnings(dataset: Dataset, shown: str) -> tuple[Problem, ...]:
    summary = dataset.summaries.get(shown)
    return summary.warnings if summary is not None else ()


def _defined_twice(record: Record, earlier: Record) -> Problem:
    return Problem(
        record.file,
        record.line_of("id"),
        f"the id '{record.id}' is defined twice (first at {earlier.file}:{earlier.line_of('id')})",
        "ids must be unique: if both are the same thing, merge this one into the "
        "first and delete it; if not, rename this one",
    )


def _concerned(
    dataset: Dataset,
    records: LazyRecords,
    loads: Mapping[str, FileLoad | Unchanged],
    known: Mapping[str, KnownFile],
) -> list[Record]:
    """The records whose references may have broken since the last build, in the dataset's
    order: those of the files read, and those of unchanged files naming an id that a file read,
    gone or not loading defines or defined (the other references were checked then, and every
    id they name is defined as it was)."""
    read_files = {shown for shown, load in loads.items() if isinstance(load, FileLoad)}
    unchanged = loads.keys() - read_files
    moved = set(dataset.unreadable_ids)
    for load in loads.values():
        if isinstance(load, FileLoad):
            moved.update(record.id for record in load.records)
    for shown, last in known.items():
        if shown not in unchanged:
            moved.update(last.ids)
    concerned = read_files | {
        shown for shown in unchanged if not moved.isdisjoint(dataset.summaries[shown].names)
    }
    return [records[record_id] for record_id, shown in records.files() if shown in concerned]
