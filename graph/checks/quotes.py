"""Quotes checked against the stored text of their source.

A source may keep its text beside the curated files, at sources/texts/<name>.txt for the source
src/<name> (a curator's own notes, an article the project may hold). Every quote citing a source
with a stored text must appear in it, once whitespace, quotation marks and dashes are written
alike; a quote that does not is an error at its line, with the closest passage as the hint.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel
from rapidfuzz import fuzz

from graph.core.errors import Problem, SystemFailure
from graph.ingest.dataset import Dataset, display_path
from graph.ingest.records import Citation, Record

TEXTS_FOLDER = "texts"
SOURCE_PREFIX = "src/"
PathKey = tuple[str | int, ...]

_QUOTES = str.maketrans(
    {
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033", '"'),
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2039\u203a\u2032`", "'"),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    }
)
_SPACES = re.compile(r"\s+")
HINT_WIDTH = 160


def normalise(text: str) -> str:
    """The text with every run of whitespace one space, and curly quotes and dashes plain."""
    return _SPACES.sub(" ", text.translate(_QUOTES)).strip()


def stored_text_path(sources_dir: Path, source_id: str) -> Path:
    """Where the stored text of `source_id` (src/<name>) is kept: sources/texts/<name>.txt."""
    return sources_dir / TEXTS_FOLDER / f"{source_id.removeprefix(SOURCE_PREFIX)}.txt"


def citations_of(model: BaseModel, path: PathKey = ()) -> Iterator[tuple[PathKey, Citation]]:
    """Every citation in a record, nested parts and claims included, with its path of keys."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        key = info.alias or name
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            where = (*path, key, index) if isinstance(value, list) else (*path, key)
            if isinstance(item, Citation):
                yield where, item
            elif isinstance(item, BaseModel):
                yield from citations_of(item, where)


@dataclass(frozen=True)
class QuoteCoverage:
    """How many citations carry a quote, and how many sources keep their text."""

    citations: int
    quoted: int
    sources: int
    with_text: int
    quotes_checked: int


def read_stored_texts(sources_dir: Path) -> dict[str, str]:
    """The stored texts under sources/texts/, by source id; one that cannot be read raises."""
    folder = sources_dir / TEXTS_FOLDER
    if not folder.is_dir():
        return {}
    texts: dict[str, str] = {}
    for path in sorted(folder.glob("*.txt")):
        try:
            texts[SOURCE_PREFIX + path.stem] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise SystemFailure(
                f"cannot read {display_path(path)}: it is not UTF-8 text ({exc.reason}); save it as UTF-8"
            ) from None
        except OSError as exc:
            raise SystemFailure.of("read", display_path(path), exc) from None
    return texts


def closest_passage(quote: str, text: str) -> str:
    """The passage of `text` closest to `quote`, widened to whole words."""
    found = fuzz.partial_ratio_alignment(quote, text)
    if found is None:  # an empty quote or text: nothing to point at
        return ""
    start, end = found.dest_start, found.dest_end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    passage = text[start:end]
    return passage if len(passage) <= HINT_WIDTH else passage[: HINT_WIDTH - 3] + "..."


def check_quotes(dataset: Dataset, sources_dir: Path) -> list[Problem]:
    """An error for each quote not found in its source's stored text; a stored text whose
    source is not defined is a warning, added to the dataset's warnings."""
    texts = read_stored_texts(sources_dir)
    if not texts:
        return []
    normalised = {source: normalise(text) for source, text in texts.items()}
    problems: list[Problem] = []
    for record in dataset.records.values():
        for path, citation in citations_of(record):
            text = normalised.get(citation.source)
            if text is None or citation.quote is None:
                continue
            quote = normalise(citation.quote)
            if quote in text:
                continue
            shown = display_path(stored_text_path(sources_dir, citation.source))
            problems.append(
                Problem(
                    record.file,
                    record.line_of(*path, "quote"),
                    f"{record.id}: the quote is not in the stored text of {citation.source} ({shown})",
                    f'the closest passage is "{closest_passage(quote, text)}"; '
                    "copy the source's words exactly",
                )
            )
    # a source in a file that did not load has its own error: no warning that follows from it
    for source in sorted(texts.keys() - dataset.records.keys() - dataset.unreadable_ids):
        dataset.warnings.append(
            Problem(
                display_path(stored_text_path(sources_dir, source)),
                1,
                f"a stored text for {source}, which no file defines",
                f"define {source} under sources:, or rename the text after its source's id",
                severity="warning",
            )
        )
    return problems


def quote_coverage(dataset: Dataset, sources_dir: Path) -> QuoteCoverage:
    """Citations with a quote among all; sources with a stored text; quotes checked against one."""
    texts = read_stored_texts(sources_dir)
    citations = quoted = checked = 0
    sources = 0
    for record in dataset.records.values():
        if isinstance(record, Record) and record.prefix == "src":
            sources += 1
        for _, citation in citations_of(record):
            citations += 1
            if citation.quote is not None:
                quoted += 1
                checked += citation.source in texts
    with_text = len(texts.keys() & dataset.records.keys())
    return QuoteCoverage(citations, quoted, sources, with_text, checked)
