"""Curators' notes checked for words meant for curators, not readers.

A record's `note:` is shown to readers beside the value it qualifies. Where the curation came
from (the fact sheet and its rows, confidence codes such as C1, record ids, the seed article,
the project's look-up tool) means nothing to them and goes in a `#` comment above the note
(sources/README.md). A note that names one is a warning at its line, found when its file is
read and kept in the file's summary (graph.ingest.summary), so an unchanged file that is not
read again still says it.
"""

from __future__ import annotations

import re

from graph.core.errors import Problem
from graph.ingest.records import PREFIXES, Record

_CURATION_WORDS = re.compile(
    "|".join(
        (
            r"\bfact[- ]sheet",
            r"\brows? \d+\.\d+",
            r"(?-i:\bC[0-4]\b)",
            r"\bseed article",
            r"\blook-up tool",
            # a record id (person/keo-remy), not a path inside an address (example.org/person/x)
            rf"(?<![\w./-])(?:{'|'.join(map(re.escape, sorted(PREFIXES)))})/[a-z0-9][a-z0-9-]*",
        )
    ),
    re.IGNORECASE,
)


def curation_words(text: str) -> list[str]:
    """The words of `text` that speak to curators, in order, each once."""
    return list(dict.fromkeys(match.group(0) for match in _CURATION_WORDS.finditer(text)))


def note_warnings(record: Record) -> list[Problem]:
    """A warning for each language of the record's note that names where its curation came from."""
    warnings: list[Problem] = []
    for lang, text in sorted((record.note or {}).items()):
        words = curation_words(text)
        if not words:
            continue
        named = ", ".join(f'"{word}"' for word in words)
        warnings.append(
            Problem(
                record.file,
                record.line_of("note"),
                f"{record.id}: the note ({lang}) speaks to curators, not readers: {named}",
                "readers see the note: say in plain words what it tells about the fact, naming "
                "sources as their publishers are named; put where the curation came from in a "
                "# comment above it",
                severity="warning",
            )
        )
    return warnings
