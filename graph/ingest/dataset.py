"""The curated records of a sources folder, and where its files are."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from graph.core.errors import Problem
from graph.ingest.records import Record

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Dataset:
    """All curated records, by id, in a stable order (file path, then position)."""

    records: dict[str, Record] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unreadable_ids: set[str] = field(default_factory=set)

    def of_type(self, kind: type[Record]) -> list[Record]:
        return [r for r in self.records.values() if isinstance(r, kind)]


def find_source_files(sources_dir: Path) -> list[Path]:
    """Every YAML file under the folder, sorted by path so builds do not depend on disk order."""
    return sorted(
        (p for p in sources_dir.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file()),
        key=lambda p: p.relative_to(sources_dir).as_posix(),
    )


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
