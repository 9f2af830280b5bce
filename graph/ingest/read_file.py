"""One YAML file → located pydantic records, with every problem in it worded for a curator."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from graph.core.errors import Problem
from graph.core.suggest import suggest
from graph.ingest.fields import FieldSpec, fields_by_key, fields_of
from graph.ingest.records import PREFIXES, SECTIONS, Record
from graph.ingest.yaml_lines import PathKey, YamlDocument, read_yaml


@dataclass
class FileLoad:
    """What one file gives on its own: its records, its problems, and (if it could not be read)
    the ids it seems to define."""

    records: list[Record]
    problems: list[Problem]
    unreadable_ids: set[str]


def load_file(path: Path, shown: str, raw: bytes | None = None) -> FileLoad:
    """Read one file (or `raw`, its bytes as already read) and validate its records; `shown` is
    the path used in messages."""
    document, problems = read_yaml(path, shown, raw)
    if document is None:
        return FileLoad([], problems, _ids_in_text(path, raw))
    unreadable_ids: set[str] = set()
    records = list(_records_of(document, problems, unreadable_ids))
    return FileLoad(records, problems, unreadable_ids)


ID_LINE = re.compile(r"""^[ \t-]*id:[ \t]*["']?([^\s"'#,}]+)""", re.MULTILINE)


def _ids_in_text(path: Path, raw: bytes | None) -> set[str]:
    """The ids a file that could not be read seems to define, so that references to them are
    not reported as undefined on top of the file's own error."""
    try:
        data = path.read_bytes() if raw is None else raw
    except OSError:
        return set()
    return set(ID_LINE.findall(data.decode("utf-8", errors="replace")))


def _records_of(
    document: YamlDocument, problems: list[Problem], unreadable_ids: set[str]
) -> Iterator[Record]:
    data = document.data
    if not isinstance(data, dict):
        problems.append(
            Problem(
                document.file,
                1,
                "the file must be a mapping of sections (sources:, people:, meetings:, ...)",
                "start the file with a section name such as 'meetings:'",
            )
        )
        return
    for section, items in data.items():
        model = SECTIONS.get(section)
        line = document.line_of((section,))
        if model is None:
            problems.append(
                Problem(document.file, line, f"unknown section '{section}'", suggest(section, SECTIONS))
            )
            continue
        if not isinstance(items, list):
            problems.append(
                Problem(
                    document.file,
                    line,
                    f"'{section}' must be a list of records",
                    "start each record with '- id: ...'",
                )
            )
            continue
        for index, item in enumerate(items):
            record = _validate(model, document, (section, index), item, problems)
            if record is not None:
                yield record
            elif isinstance(item, dict) and isinstance(item.get("id"), str):
                # already reported: no "not defined" cascade, under its id or the one suggested
                unreadable_ids.add(item["id"])
                unreadable_ids.add(f"{model.prefix}/{item['id'].split('/', 1)[-1]}")


def _validate(
    model: type[Record], document: YamlDocument, path: PathKey, item: Any, problems: list[Problem]
) -> Record | None:
    if not isinstance(item, dict):
        problems.append(
            Problem(
                document.file,
                document.line_of(path),
                f"each item of '{model.section}' must be a record (a mapping of keys)",
                "start the record with '- id: ...'",
            )
        )
        return None
    label = _label(model, item.get("id"))
    misplaced = _misplaced(model, item)
    if misplaced is not None:
        message, hint = misplaced
        problems.append(Problem(document.file, document.line_of((*path, "id")), message, hint))
        return None
    try:
        record = model.model_validate(item)
    except ValidationError as exc:
        errors = _without_typo_echoes(model, exc.errors())
        for error in errors:
            line = document.line_of((*path, *error["loc"]))
            message, hint = _explain(model, error)
            problems.append(Problem(document.file, line, f"{label}: {message}", hint))
        return None
    record.locate(document.file, document.lines_under(path))
    if model.cites_required and record.cites is None:
        problems.append(
            Problem(
                document.file,
                record.line_of(),
                f"{record.id}: cites no source",
                fields_of(model)["cites"].hint,
            )
        )
        return None
    return record


def _label(model: type[Record], record_id: object) -> str:
    """How a record is named in its problems: its id, quoted if it holds a line break or a tab."""
    if not isinstance(record_id, str):
        return f"this {model.noun}"
    return record_id if record_id.isprintable() else repr(record_id)


def _misplaced(model: type[Record], item: dict[str, Any]) -> tuple[str, str] | None:
    """An id whose kind is not the section's: a record pasted under the wrong section, or a
    record of the right section with a mistyped id."""
    record_id = item.get("id")
    if not isinstance(record_id, str) or "/" not in record_id:
        return None
    prefix, name = record_id.split("/", 1)
    if prefix == model.prefix:
        return None
    right = PREFIXES.get(prefix)
    fits_here = _valid_as(model, item)
    if right is not None and not fits_here and _valid_as(right, item):
        return (
            f"{record_id!r} is a {right.noun} listed under '{model.section}:'",
            f"move it to '{right.section}:'",
        )
    move = f", or move it to '{right.section}:'" if right is not None and not fits_here else ""
    return (
        f"{record_id!r} is listed under '{model.section}:', whose ids start with {model.prefix}/",
        f"rename it {f'{model.prefix}/{name}'!r}{move}",
    )


def _valid_as(model: type[Record], item: dict[str, Any]) -> bool:
    try:
        model.model_validate(item)
    except ValidationError:
        return False
    return True


def _without_typo_echoes(model: type[BaseModel], errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop "'date' is required" when the same mapping has an unknown key 'dtae' for it."""
    unknown = {(e["loc"][:-1], str(e["loc"][-1])) for e in errors if e["type"] == "extra_forbidden"}
    kept = []
    for error in errors:
        if error["type"] == "missing":
            parent, key = error["loc"][:-1], str(error["loc"][-1])
            typos = [u for p, u in unknown if p == parent]
            if difflib.get_close_matches(key, typos, n=1):
                continue
        kept.append(error)
    return kept


def _explain(model: type[BaseModel], error: ErrorDetails) -> tuple[str, str]:
    """Plain words for a pydantic error: what is wrong and how to fix it."""
    loc = [str(part) for part in error["loc"] if not isinstance(part, int)]
    key = loc[-1] if loc else "?"
    where = "'" + ".".join(loc) + "'" if loc else "the record"
    kind = error["type"]
    given = error.get("input")
    if kind == "extra_forbidden":
        known = _known_keys(model, error["loc"][:-1])
        return f"unknown key '{key}'", suggest(key, known)
    if kind == "missing":
        return f"{where} is required", _hint(model, error["loc"]) or f"add '{key}:'"
    if kind == "hrgraph":
        ctx = error.get("ctx") or {}
        return f"{where}: {error['msg']}", str(ctx.get("hint", ""))
    if kind == "list_type":
        return f"{where} must be a list, got {given!r}", "write [a, b] or one '- item' per line"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{where} must be a mapping of keys, got {given!r}", "indent its keys under it"
    if kind == "too_short":
        return f"{where} must have at least one item", _hint(model, error["loc"])
    if kind == "literal_error":
        expected = (error.get("ctx") or {}).get("expected", "")
        return f"{where} cannot be {given!r}", f"use one of {expected}"
    if kind == "string_pattern_mismatch":
        return f"{where}: {given!r} does not have the expected form", error["msg"]
    if kind.startswith("string_"):
        return f"{where} must be text, got {given!r}", "put the value in quotes"
    return f"{where}: {error['msg']}", ""


def _hint(model: type[BaseModel], loc: tuple[int | str, ...]) -> str:
    """The fix hint of the field at `loc`, if it has one."""
    spec = _field_at(model, loc)
    return spec.hint if spec is not None else ""


def _field_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> FieldSpec | None:
    """The field a pydantic error location names, through nested records."""
    keys = [part for part in loc if isinstance(part, str)]
    current: type[BaseModel] | None = model
    for index, key in enumerate(keys):
        spec = fields_by_key(current).get(key) if current is not None else None
        if spec is None or index == len(keys) - 1:
            return spec
        current = spec.part
    return None


def _known_keys(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The keys a curator may write in the mapping at `loc`."""
    if not any(isinstance(part, str) for part in loc):
        return list(fields_by_key(model))
    spec = _field_at(model, loc)
    return list(fields_by_key(spec.part)) if spec is not None and spec.part is not None else []
