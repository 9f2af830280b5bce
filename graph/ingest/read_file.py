"""One YAML file → located pydantic records, with every problem in it worded for a curator."""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from graph.core.errors import Problem
from graph.core.suggest import suggest, with_article
from graph.ingest.fields import FieldSpec, fields_by_key, fields_of
from graph.ingest.records import PREFIXES, SECTIONS, Record
from graph.ingest.summary import CITES_TARGETS
from graph.ingest.yaml_lines import PathKey, YamlDocument, read_yaml


@dataclass(frozen=True)
class BareWord:
    """A value that is not an id but may be the tail of one ('guest' for role/guest): the problem
    reported for it, whose hint names the full id once every file is read."""

    problem: Problem
    word: str
    kinds: tuple[str, ...]  # the kinds of id its field may name


@dataclass(frozen=True)
class UnloadedReference:
    """An id a record that did not load names, where its field takes ids: whether it is defined
    is checked with the other files' ids, so that every problem of a new record is listed at
    once, not one round of fixes after another."""

    file: str
    line: int
    label: str
    """How the record is named in problems (its id)."""
    path: tuple[str | int, ...]
    ref: str
    targets: tuple[str, ...]


@dataclass
class FileLoad:
    """What one file gives on its own: its records, its problems, the ids that the parts which
    did not load seem to define (`unreadable_ids`) and name (`unreadable_mentions`), so that no
    problem is reported that follows only from theirs, and the values that may be bare ids."""

    records: list[Record]
    problems: list[Problem]
    unreadable_ids: set[str]
    unreadable_mentions: set[str] = field(default_factory=set)
    bare_words: list[BareWord] = field(default_factory=list)
    unloaded_references: list[UnloadedReference] = field(default_factory=list)
    """The ids named by the records that did not load, checked once every file is read."""
    digest: str = ""  # sha256 of the bytes read (empty when unreadable): what the records came from


def load_file(path: Path, shown: str, raw: bytes | None = None) -> FileLoad:
    """Read one file (or `raw`, its bytes as already read) and validate its records; `shown` is
    the path used in messages."""
    if raw is None:
        with contextlib.suppress(OSError):  # read_yaml reports it
            raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest() if raw is not None else ""
    document, problems = read_yaml(path, shown, raw)
    if document is None:
        text = _text_of(path, raw)
        ids, mentions = set(ID_LINE.findall(text)), set(ID_TOKEN.findall(text))
        return FileLoad([], problems, ids, mentions, digest=digest)
    loaded = FileLoad([], problems, set(), digest=digest)
    loaded.records = list(_records_of(document, loaded))
    if raw is not None and b" #" in raw:
        problems.extend(_quotes_cut_by_comments(document, raw))
    return loaded


# A plain (unquoted) value, then a space and '#': YAML reads the rest of the line as a comment.
CUT_VALUE = re.compile(r"""^[ \t-]*quote:[ \t]+([^'"|>\s#][^#]*?)[ \t]+(#.*)$""")
SHOWN_CUT = 40


def _quotes_cut_by_comments(document: YamlDocument, raw: bytes) -> Iterator[Problem]:
    """Each quote YAML cut short: a plain value on a `quote:` line followed by ' #'. Anywhere
    else a comment after a value is a note for curators; in a quote it silently drops words."""
    lines = raw.decode("utf-8", errors="replace").splitlines()
    for path, line in sorted(document.lines.items(), key=lambda item: item[1]):
        if not path or path[-1] != "quote" or not 0 < line <= len(lines):
            continue
        cut = CUT_VALUE.match(lines[line - 1])
        if cut is None:
            continue
        dropped = cut.group(2) if len(cut.group(2)) <= SHOWN_CUT else cut.group(2)[: SHOWN_CUT - 3] + "..."
        yield Problem(
            document.file,
            line,
            f"the quote is cut short: YAML reads '{dropped}' as a comment, not as the source's words",
            "put the whole quote in single quotes; write each ' inside it twice",
        )


ID_LINE = re.compile(r"""^[ \t-]*id:[ \t]*["']?([^\s"'#,}]+)""", re.MULTILINE)
ID_TOKEN = re.compile(r"""\b[a-z][a-z-]*/[^\s"'#,\]}]+""")


def _text_of(path: Path, raw: bytes | None) -> str:
    """The text of a file that could not be read as YAML (empty if it cannot be read at all)."""
    try:
        data = path.read_bytes() if raw is None else raw
    except OSError:
        return ""
    return data.decode("utf-8", errors="replace")


def _strings_in(value: object) -> Iterator[str]:
    """Every text in a YAML value, through its mappings and lists."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in(item)


def _records_of(document: YamlDocument, loaded: FileLoad) -> Iterator[Record]:
    problems = loaded.problems
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
            record = _validate(model, document, (section, index), item, loaded)
            if record is not None:
                yield record
                continue
            # already reported: no "not defined" or "not cited" cascade
            loaded.unreadable_mentions.update(_strings_in(item))
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                # under its id or the one suggested
                loaded.unreadable_ids.add(item["id"])
                loaded.unreadable_ids.add(f"{model.prefix}/{item['id'].split('/', 1)[-1]}")


def _validate(
    model: type[Record], document: YamlDocument, path: PathKey, item: Any, loaded: FileLoad
) -> Record | None:
    problems = loaded.problems
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
            problem = Problem(document.file, line, f"{label}: {message}", hint)
            problems.append(problem)
            bare = _bare_word(model, error, problem)
            if bare is not None:
                loaded.bare_words.append(bare)
        failed = {error["loc"][0] for error in errors if error["loc"]}
        if model.cites_required and "cites" not in item and "cites" not in failed:
            problems.append(_uncited(model, document.file, document.line_of(path), label))
        loaded.unloaded_references.extend(_references_in(model, document, path, item, label, failed))
        return None
    record.locate(document.file, document.lines_under(path))
    if model.cites_required and record.cites is None:
        problems.append(_uncited(model, document.file, record.line_of(), record.id))
        return None
    return record


def _uncited(model: type[Record], file: str, line: int, label: str) -> Problem:
    """The problem of a record of a kind that must cite a source, written without one."""
    return Problem(file, line, f"{label}: cites no source", fields_of(model)["cites"].hint)


def _references_in(
    model: type[Record],
    document: YamlDocument,
    path: PathKey,
    item: dict[str, Any],
    label: str,
    failed: set[str | int],
) -> Iterator[UnloadedReference]:
    """The ids a record that did not load names in its fields that take ids (a field with an
    error of its own excepted): plain values, lists of them, and its citations' sources."""
    for spec in fields_of(model).values():
        value = item.get(spec.key)
        if value is None or spec.key in failed:
            continue
        if spec.key == "cites":
            cited = value if isinstance(value, list) else [value]
            for index, citation in enumerate(cited):
                source = citation.get("source") if isinstance(citation, dict) else citation
                where = (spec.key, index) if isinstance(value, list) else (spec.key,)
                if isinstance(source, str):
                    yield UnloadedReference(
                        document.file, document.line_of((*path, *where)), label, where, source, CITES_TARGETS
                    )
            continue
        if not spec.targets or spec.part is not None:
            continue
        values = value if isinstance(value, list) else [value]
        for index, ref in enumerate(values):
            where = (spec.key, index) if isinstance(value, list) else (spec.key,)
            if isinstance(ref, str) and "/" in ref:
                yield UnloadedReference(
                    document.file, document.line_of((*path, *where)), label, where, ref, spec.targets
                )


def _bare_word(model: type[Record], error: ErrorDetails, problem: Problem) -> BareWord | None:
    """A word with no '/' where an id is expected, in a field that names ids of known kinds."""
    given = error.get("input")
    if error["type"] != "hrgraph" or not isinstance(given, str) or "/" in given or not given.strip():
        return None
    if not error["msg"].endswith("is not an id"):
        return None
    spec = _field_at(model, error["loc"])
    if spec is None or not spec.targets:
        return None
    return BareWord(problem, given, spec.targets)


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
            f"{record_id!r} is {with_article(right.noun)} listed under '{model.section}:'",
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
        mapping = error["loc"][:-1]
        return f"unknown key '{key}'", _misindented(model, mapping, key) or suggest(
            key, _known_keys(model, mapping)
        )
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


def _misindented(model: type[BaseModel], mapping: tuple[int | str, ...], key: str) -> str:
    """The likely indentation fault of a key unknown in `mapping` but known one level in or out:
    a participant's key written at the meeting's indentation, or a meeting's key under a
    participant. Empty when the key belongs to neither."""
    here = _field_at(model, mapping) if any(isinstance(part, str) for part in mapping) else None
    fields = fields_by_key(here.part if here is not None and here.part is not None else model)
    for spec in fields.values():
        if spec.part is not None and key in fields_by_key(spec.part):
            return f"did you mean to indent it under '{spec.key}:', as a key of one of its items?"
    keys = [index for index, part in enumerate(mapping) if isinstance(part, str)]
    if keys:
        outer = mapping[: keys[-1]]
        if key in _known_keys(model, outer):
            owner = str(mapping[keys[-1]])
            return f"did you mean to indent it less, as a key beside '{owner}:'?"
    return ""


def _known_keys(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The keys a curator may write in the mapping at `loc`."""
    if not any(isinstance(part, str) for part in loc):
        return list(fields_by_key(model))
    spec = _field_at(model, loc)
    return list(fields_by_key(spec.part)) if spec is not None and spec.part is not None else []
