"""Edits of a synthetic sources tree, as a curator makes them, for the tests of `validate
--watch`: each changes the files on disk and says what it did. Some keep the data valid but
change the graph (a date, a reference to another thing of the same kind, a record moved to a new
file, a source's language), others break it (a record deleted that others name, a file saved
half-way, a file deleted), and `restore` puts a file back as it was."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

Edit = Callable[[Path, dict[str, str], random.Random], str]
RECORD_START = re.compile(r"^  - id: ([\w-]+/[\w.-]+)\s*$")
DEFINED = re.compile(r"^  - id: ([\w-]+/[\w.-]+)\s*$", re.MULTILINE)
REFERENCE = re.compile(r"\b(person|post|org|place)/[\w-]+")
DATE = re.compile(r"^(\s+(?:start|end|date|born|as_of): )(\d{4})(-\d\d-\d\d)\s*$")


def yaml_files(tree: Path) -> list[Path]:
    return sorted(tree.rglob("*.yaml"))


def _lines_matching(tree: Path, pattern: re.Pattern[str]) -> list[tuple[Path, int]]:
    return [
        (path, number)
        for path in yaml_files(tree)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines())
        if pattern.search(line)
    ]


def _replace_line(path: Path, number: int, line: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[number] = line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _record_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) line ranges of each record (`  - id:` up to the next record or section)."""
    starts = [i for i, line in enumerate(lines) if RECORD_START.match(line)]
    blocks = []
    for start in starts:
        end = start + 1
        while end < len(lines) and not lines[end].startswith("  - ") and not re.match(r"^\S", lines[end]):
            end += 1
        blocks.append((start, end))
    return blocks


def _section_of(lines: list[str], at: int) -> str:
    return next(line for line in reversed(lines[:at]) if re.match(r"^[a-z_]+:\s*$", line))


def change_a_date(tree: Path, originals: dict[str, str], rng: random.Random) -> str:
    path, number = rng.choice(_lines_matching(tree, DATE))
    line = path.read_text(encoding="utf-8").splitlines()[number]
    found = DATE.match(line)
    assert found is not None
    _replace_line(path, number, f"{found[1]}{rng.randint(1940, 2030)}{found[3]}")
    return f"a date in {path.name}"


def name_another(tree: Path, originals: dict[str, str], rng: random.Random) -> str:
    """A reference to a thing replaced by one to another defined thing of the same kind."""
    defined = {i for path in yaml_files(tree) for i in DEFINED.findall(path.read_text(encoding="utf-8"))}
    path, number = rng.choice(_lines_matching(tree, REFERENCE))
    line = path.read_text(encoding="utf-8").splitlines()[number]
    if RECORD_START.match(line):
        return "nothing (an id line)"
    found = REFERENCE.search(line)
    assert found is not None
    same_kind = sorted(i for i in defined if i.startswith(found[1] + "/"))
    _replace_line(path, number, line.replace(found[0], rng.choice(same_kind), 1))
    return f"a reference in {path.name}"


def delete_a_record(tree: Path, originals: dict[str, str], rng: random.Random) -> str:
    path = rng.choice([p for p in yaml_files(tree) if _record_blocks(p.read_text().splitlines())])
    lines = path.read_text(encoding="utf-8").splitlines()
    start, end = rng.choice(_record_blocks(lines))
    path.write_text("\n".join(lines[:start] + lines[end:]) + "\n", encoding="utf-8")
    return f"a record of {path.name}"


def move_a_record_to_a_new_file(tree: Path, originals: dict[str, str], rng: random.Random) -> str:
    path = rng.choice([p for p in yaml_files(tree) if _record_blocks(p.read_text().splitlines())])
    lines = path.read_text(encoding="utf-8").splitlines()
    start, end = rng.choice(_record_blocks(lines))
    moved = [_section_of(lines, start), *lines[start:end]]
    path.write_text("\n".join(lines[:start] + lines[end:]) + "\n", encoding="utf-8")
    new = tree / "moved" / f"moved-{rng.randrange(10**6)}.yaml"
    new.parent.mkdir(exist_ok=True)
    new.write_text("\n".join(moved) + "\n", encoding="utf-8")
    return f"a record of {path.name} moved to {new.name}"


def change_a_language(tree: Path, originals: dict[str, str], rng: random.Random) -> str:
    """A source's language: the quotes citing it without a language of their own change."""
    path, number = rng.choice(_lines_matching(tree, re.compile(r"^    language: \w+")))
    _replace_line(path, number, f"    language: {rng.choice(['en', 'th', 'vi', 'km', 'id'])}")
    return f"a source's language in {path.name}"


def save_half(tree: Path, originals: dict[str, str], rng: random.Random) -> str:
    path = rng.choice(yaml_files(tree))
    data = path.read_bytes()
    path.write_bytes(data[: rng.randrange(len(data))])
    return f"{path.name} saved half-way"


def delete_a_file(tree: Path, originals: dict[str, str], rng: random.Random) -> str:
    path = rng.choice(yaml_files(tree))
    path.unlink()
    return f"{path.name} deleted"


def restore(tree: Path, originals: dict[str, str], rng: random.Random) -> str:
    """A file put back as it first was (a deleted one made again, a new one removed)."""
    now = {path.relative_to(tree).as_posix() for path in yaml_files(tree)}
    changed = sorted(
        name for name in now | set(originals) if originals.get(name) != _text(tree / name, name in now)
    )
    if not changed:
        return "nothing to restore"
    name = rng.choice(changed)
    if name in originals:
        (tree / name).write_text(originals[name], encoding="utf-8")
    else:
        (tree / name).unlink()
    return f"{name} restored"


def _text(path: Path, exists: bool) -> str | None:
    return path.read_text(encoding="utf-8", errors="replace") if exists else None


def originals_of(tree: Path) -> dict[str, str]:
    return {path.relative_to(tree).as_posix(): path.read_text(encoding="utf-8") for path in yaml_files(tree)}


KEEPING = [change_a_date, name_another, move_a_record_to_a_new_file, change_a_language]
BREAKING = [delete_a_record, save_half, delete_a_file]
EDITS = [*KEEPING, *BREAKING, restore]
