"""YAML files under sources/ → located pydantic records, with every problem collected."""

from __future__ import annotations

from pathlib import Path

from graph.core.errors import DataInvalid, Problem
from graph.core.ontology import Ontology
from graph.ingest.cache import SourceCache, load_files
from graph.ingest.dataset import Dataset, display_path, display_paths, scan_sources
from graph.ingest.read_file import BareWord
from graph.ingest.records import Record
from graph.ingest.references import (
    check_record_rules,
    check_references,
    full_id_hints,
    references_of,
    unused_source_warnings,
)


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
    sources_dir: Path, ontology: Ontology, cache: SourceCache | None = None
) -> tuple[Dataset, list[Problem]]:
    """Load, check and cross-reference every file: the records that loaded, and every problem
    found, for a caller that checks more before it gives up (a missing folder still raises).
    It does not save `cache`: the caller does once everything has passed."""
    if not sources_dir.is_dir():
        raise DataInvalid(
            [
                Problem(
                    display_path(sources_dir),
                    1,
                    "the sources folder does not exist",
                    "run hrgraph from the project folder, or pass --sources DIR",
                )
            ]
        )
    dataset = Dataset()
    problems: list[Problem] = []
    first_seen: dict[str, Record] = {}
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
    unreadable_mentions: set[str] = set()
    bare_words: list[BareWord] = []
    for shown, loaded in zip(
        shown_paths, load_files(list(zip(files, shown_paths, strict=True)), cache), strict=True
    ):
        dataset.digests[shown] = loaded.digest
        problems.extend(loaded.problems)
        dataset.unreadable_ids.update(loaded.unreadable_ids)
        unreadable_mentions.update(loaded.unreadable_mentions)
        bare_words.extend(loaded.bare_words)
        for record in loaded.records:
            earlier = first_seen.get(record.id)
            if earlier is not None:
                problems.append(
                    Problem(
                        record.file,
                        record.line_of("id"),
                        f"the id '{record.id}' is defined twice "
                        f"(first at {earlier.file}:{earlier.line_of('id')})",
                        "ids must be unique: if both are the same thing, merge this one into the "
                        "first and delete it; if not, rename this one",
                    )
                )
                continue
            first_seen[record.id] = record
            dataset.records[record.id] = record
    if bare_words:
        better = full_id_hints(bare_words, dataset, ontology)
        problems = [better.get(problem, problem) for problem in problems]
    references = references_of(dataset)  # walked once for all the checks
    problems.extend(check_references(dataset, ontology, references))
    problems.extend(check_record_rules(dataset, references))
    dataset.warnings = unused_source_warnings(dataset, references, unreadable_mentions)
    return dataset, problems
