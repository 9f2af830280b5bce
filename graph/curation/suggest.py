"""hrgraph suggest: an article's text → candidate facts, from the entities the curated data
already holds. No model and no network: the index is made from the records and the ontology."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from graph.core.ontology import load_ontology
from graph.curation.candidates import Found, candidate_yaml, find_all, guess_language
from graph.curation.entities import build_index
from graph.ingest.load import read_sources
from graph.ingest.records import Source


@dataclass(frozen=True)
class Suggestion:
    """The candidate file's text and what it was made from."""

    yaml: str
    found: Found
    language: str
    reference: date | None


def suggest(
    text: str,
    source: str,
    sources_dir: Path,
    ontology_dir: Path,
    article: str,
    language: str | None = None,
    reference: date | None = None,
) -> Suggestion:
    """Candidates for `text`, cited to `source`. The index holds every record that loads: a
    file still pending review, or with other problems, does not stop it."""
    ontology = load_ontology(ontology_dir)
    dataset, _ = read_sources(sources_dir, ontology)
    known = dataset.records.get(source)
    if isinstance(known, Source):
        language = language or known.language.split("-")[0]
        if reference is None and known.published is not None and known.published.day is not None:
            reference = known.published.earliest()
    language = language or guess_language(text)
    found = find_all(build_index(dataset, ontology), text, language, reference)
    return Suggestion(
        candidate_yaml(found, dataset, source, language, reference, article), found, language, reference
    )
