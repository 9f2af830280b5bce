"""What the cross-file checks of loading need of a file, without its records: the ids its records
name, the sources they cite, and its sources' line, address and language; and what its records
alone are warned of.

A build keeps each file's summary in its manifest (graph.output.build_state); the next load
(`read_sources(..., known=)`) takes a file whose bytes are the ones summarised from the summary,
its records left unread until someone asks for them (graph.ingest.dataset.LazyRecords), and checks
across files only the records a change can concern (graph.ingest.load). What a file gives
depends only on its bytes, the path shown and the loader's code, so a summary of the same bytes
made by the same code is what loading the file would give."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.core.errors import Problem

if TYPE_CHECKING:  # the models load pydantic: not needed to read a summary
    from graph.ingest.records import Record

# a reference: (yaml path, id named, the kinds it may name), as graph.ingest.references.iter_refs
Reference = tuple[tuple[str | int, ...], str, tuple[str, ...]]
CITES_TARGETS = ("src",)  # a reference that cites a source (unused_source_warnings, _citing_counts)


@dataclass(frozen=True)
class SourceFacts:
    """A source record's line (of the record), its address as compared for sameness (without a
    final '/'), and its language."""

    line: int
    url: str | None
    language: str


@dataclass(frozen=True)
class FileSummary:
    """What a file's records name and cite (each id once, sorted), and its sources, by id in
    the file's order."""

    names: tuple[str, ...] = ()
    cites: tuple[str, ...] = ()
    sources: dict[str, SourceFacts] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = ()
    """What its records alone are warned of (graph.ingest.notes), in order."""

    def to_json(self) -> dict[str, object]:
        found: dict[str, object] = {
            "names": list(self.names),
            "cites": list(self.cites),
            "sources": {i: [s.line, s.url, s.language] for i, s in self.sources.items()},
        }
        if self.warnings:  # most files have none: the manifest stays as it was
            found["warnings"] = [[p.file, p.line, p.message, p.hint] for p in self.warnings]
        return found

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> FileSummary:
        """The summary `to_json` gave; raises ValueError, KeyError or TypeError on anything else
        (the ids are taken as the JSON gives them: strings, from a manifest the build wrote)."""
        names, cites, sources = data["names"], data["cites"], data["sources"]
        if not isinstance(names, list) or not isinstance(cites, list) or not isinstance(sources, dict):
            raise TypeError("not a file summary")
        facts = {}
        for source, (line, url, language) in sources.items():
            if not isinstance(line, int) or not isinstance(language, str) or not isinstance(url, str | None):
                raise TypeError("not a source's facts")
            facts[source] = SourceFacts(line, url, language)
        warned = data.get("warnings", [])
        if not isinstance(warned, list):
            raise TypeError("not a file's warnings")
        warnings = tuple(
            Problem(str(file), int(line), str(message), str(hint), severity="warning")
            for file, line, message, hint in warned
        )
        return cls(tuple(names), tuple(cites), facts, warnings)


def source_url(url: str | None) -> str | None:
    """A source's address as two are compared: the same document with or without a final '/'."""
    return None if url is None else url.rstrip("/")


def summaries_of(
    records: Iterable[Record], references: Mapping[str, list[Reference]]
) -> dict[str, FileSummary]:
    """Each file's summary (by shown path) from its records and their references (by record id,
    as references_of gives them)."""
    from graph.ingest.notes import note_warnings
    from graph.ingest.records import Source

    names: dict[str, set[str]] = {}
    cites: dict[str, set[str]] = {}
    sources: dict[str, dict[str, SourceFacts]] = {}
    warnings: dict[str, list[Problem]] = {}
    for record in records:
        shown = record.file
        named = names.setdefault(shown, set())
        cited = cites.setdefault(shown, set())
        facts = sources.setdefault(shown, {})
        warnings.setdefault(shown, []).extend(note_warnings(record))
        for _, ref, targets in references.get(record.id, ()):
            named.add(ref)
            if targets == CITES_TARGETS:
                cited.add(ref)
        if isinstance(record, Source):
            facts[record.id] = SourceFacts(record.line_of(), source_url(record.url), record.language)
    return {
        shown: FileSummary(
            tuple(sorted(names[shown])), tuple(sorted(cites[shown])), sources[shown], tuple(warnings[shown])
        )
        for shown in names
    }
