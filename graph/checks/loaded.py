"""The checks on the records as loaded, before any triple is made: the coverage assertions and
the quotes against stored texts."""

from __future__ import annotations

from pathlib import Path

from graph.checks.coverage import Assertions, check_assertions
from graph.checks.quotes import check_quotes
from graph.core.errors import Problem
from graph.ingest.dataset import Dataset


def check_loaded(dataset: Dataset, sources_dir: Path, assertions: Assertions | None) -> list[Problem]:
    """The errors of the records as loaded (a stored text of no source is a warning, added to
    the dataset's)."""
    # even when some records did not load: every problem at once
    problems = check_assertions(assertions, dataset) if assertions is not None else []
    problems += check_quotes(dataset, sources_dir)
    return problems
