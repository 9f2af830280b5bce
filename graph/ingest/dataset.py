"""The curated records of a sources folder, and where its files are."""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from graph.core.errors import Problem

if TYPE_CHECKING:  # the models load pydantic: not needed to find or name files
    from graph.ingest.records import Record

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Dataset:
    """All curated records, by id, in a stable order (file path, then position)."""

    records: dict[str, Record] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unreadable_ids: set[str] = field(default_factory=set)
    digests: dict[str, str] = field(default_factory=dict)  # shown path → sha256 of the bytes read

    def of_type(self, kind: type[Record]) -> list[Record]:
        return [r for r in self.records.values() if isinstance(r, kind)]


def find_source_files(sources_dir: Path) -> list[Path]:
    """Every YAML file under the folder, sorted by path so builds do not depend on disk order.

    A symbolic link is followed only to a file inside the folder; the others are left out
    (`scan_sources` also reports them)."""
    return scan_sources(sources_dir)[0]


def scan_sources(sources_dir: Path) -> tuple[list[Path], list[Problem]]:
    """One walk of the folder: the YAML files to read (as find_source_files), and the YAML links
    that are not read (dangling, looping or leaving the folder), each a problem at its path."""
    files, problems = [], []
    for path in sorted(sources_dir.rglob("*")):
        if path.suffix not in YAML_SUFFIXES:
            continue
        problem = _link_problem(path, sources_dir)
        if problem is not None:
            shown = f"{display_path(path.parent)}/{path.name}"  # the link itself, not its target
            problems.append(Problem(shown, 1, *problem))
        elif path.is_file():
            files.append(path)
    files.sort(key=lambda p: p.relative_to(sources_dir).as_posix())
    return files, problems


def _link_problem(path: Path, sources_dir: Path) -> tuple[str, str] | None:
    """Why a symbolic link is not read (message, hint), or None for a file that is fine."""
    if not path.is_symlink():
        return None
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "the symbolic link loops", "point it at a YAML file inside the sources folder"
        return "the symbolic link points to nothing", "point it at a YAML file, or remove it"
    if not path.resolve().is_relative_to(sources_dir.resolve()):
        return (
            f"the symbolic link leads out of the sources folder (to {path.resolve()})",
            "copy the file into the sources folder instead",
        )
    return None


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def display_paths(paths: Sequence[Path]) -> list[str]:
    """display_path of each path, each folder resolved once (not every file's whole path: 0.3 ms a
    file): a file that is not a symbolic link resolves to its folder's resolved path and its name."""
    here = Path.cwd().resolve()
    folders: dict[Path, Path] = {}
    shown = []
    for path in paths:
        if path.is_symlink():
            shown.append(display_path(path))
            continue
        folder = folders.get(path.parent)
        if folder is None:
            folder = folders[path.parent] = path.parent.resolve()
        try:
            shown.append((folder / path.name).relative_to(here).as_posix())
        except ValueError:
            shown.append(path.as_posix())
    return shown
