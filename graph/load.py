"""YAML files under sources/ → located pydantic records, with every problem collected."""

from __future__ import annotations

import difflib
import functools
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import DataInvalid, Problem
from .model import (
    PREFIXES,
    SECTIONS,
    Claim,
    Meeting,
    Nested,
    Observation,
    Record,
    Source,
    Tenure,
    field_for_key,
    field_targets,
    yaml_key,
)
from .ontology import Ontology
from .sourcecache import SourceCache, load_files
from .yamlread import PathKey, YamlDocument, read_yaml

YAML_SUFFIXES = (".yaml", ".yml")

KEY_HINTS = {
    "id": "give the record a short id such as person/keo-remy",
    "cites": "add cites: [src/...]; every fact must say where it comes from",
    "name": "add name: {en: ..., id: ...}",
    "date": "add date: YYYY-MM-DD (or YYYY-MM, or YYYY: the precision the source gives)",
    "start": "add start: YYYY-MM-DD (or YYYY-MM, or YYYY); leave end out if unknown",
    "participants": "list who took part: participants: [{person: person/..., as: post/...}]",
    "status": "add status: {value: status/open, as_of: YYYY-MM-DD}",
    "as_of": "add as_of: the date the figure or status refers to",
}


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


def load_sources(sources_dir: Path, ontology: Ontology, cache: SourceCache | None = None) -> Dataset:
    """Load, check and cross-reference every file; raise DataInvalid listing all errors.
    Files unchanged since `cache` saw them are not read again."""
    if not sources_dir.is_dir():
        raise DataInvalid(
            [
                Problem(
                    display_path(sources_dir),
                    1,
                    "the sources folder does not exist",
                    "run hrgraph from the project folder, or pass --sources DIR",
                )
            ]
        )
    dataset = Dataset()
    problems: list[Problem] = []
    first_seen: dict[str, Record] = {}
    files = find_source_files(sources_dir)
    if not files:
        problems.append(
            Problem(
                display_path(sources_dir),
                1,
                "no YAML files found",
                "curated facts live in *.yaml files under sources/",
            )
        )
    shown_paths = [display_path(path) for path in files]
    dataset.files.extend(shown_paths)
    for loaded in load_files(list(zip(files, shown_paths, strict=True)), cache):
        problems.extend(loaded.problems)
        dataset.unreadable_ids.update(loaded.unreadable_ids)
        for record in loaded.records:
            earlier = first_seen.get(record.id)
            if earlier is not None:
                problems.append(
                    Problem(
                        record.file,
                        record.line_of("id"),
                        f"the id '{record.id}' is defined twice "
                        f"(first at {earlier.file}:{earlier.line_of('id')})",
                        "ids must be unique: rename one, or merge the two records",
                    )
                )
                continue
            first_seen[record.id] = record
            dataset.records[record.id] = record
    references = references_of(dataset)  # walked once for both checks
    problems.extend(check_references(dataset, ontology, references))
    problems.extend(check_record_rules(dataset))
    dataset.warnings = unused_source_warnings(dataset, references)
    if problems:
        raise DataInvalid(problems + dataset.warnings)
    return dataset


@dataclass
class FileLoad:
    """What one file gives on its own: its records, its problems, and (if it could not be read)
    the ids it seems to define."""

    records: list[Record]
    problems: list[Problem]
    unreadable_ids: set[str]


def load_file(path: Path, shown: str) -> FileLoad:
    """Read one file and validate its records; `shown` is the path used in messages."""
    document, problems = read_yaml(path, shown)
    if document is None:
        return FileLoad([], problems, _ids_in_text(path))
    unreadable_ids: set[str] = set()
    records = list(_records_of(document, problems, unreadable_ids))
    return FileLoad(records, problems, unreadable_ids)


ID_LINE = re.compile(r"""^[ \t-]*id:[ \t]*["']?([^\s"'#,}]+)""", re.MULTILINE)


def _ids_in_text(path: Path) -> set[str]:
    """The ids a file that could not be read seems to define, so that references to them are
    not reported as undefined on top of the file's own error."""
    try:
        return set(ID_LINE.findall(path.read_bytes().decode("utf-8", errors="replace")))
    except OSError:
        return set()


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
                Problem(document.file, line, f"unknown section '{section}'", _suggest(section, SECTIONS))
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
    label = item.get("id") if isinstance(item.get("id"), str) else f"this {model.noun}"
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
            Problem(document.file, record.line_of(), f"{record.id}: cites no source", KEY_HINTS["cites"])
        )
        return None
    return record


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
            f"'{record_id}' is a {right.noun} listed under '{model.section}:'",
            f"move it to '{right.section}:'",
        )
    move = f", or move it to '{right.section}:'" if right is not None and not fits_here else ""
    return (
        f"'{record_id}' is listed under '{model.section}:', whose ids start with {model.prefix}/",
        f"rename it '{model.prefix}/{name}'{move}",
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
        return f"unknown key '{key}'", _suggest(key, known)
    if kind == "missing":
        return f"{where} is required", KEY_HINTS.get(key, f"add '{key}:'")
    if kind == "hrgraph":
        ctx = error.get("ctx") or {}
        return f"{where}: {error['msg']}", str(ctx.get("hint", ""))
    if kind == "list_type":
        return f"{where} must be a list, got {given!r}", "write [a, b] or one '- item' per line"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{where} must be a mapping of keys, got {given!r}", "indent its keys under it"
    if kind == "too_short":
        return f"{where} must have at least one item", KEY_HINTS.get(key, "")
    if kind == "literal_error":
        expected = (error.get("ctx") or {}).get("expected", "")
        return f"{where} cannot be {given!r}", f"use one of {expected}"
    if kind == "string_pattern_mismatch":
        return f"{where}: {given!r} does not have the expected form", error["msg"]
    if kind.startswith("string_"):
        return f"{where} must be text, got {given!r}", "put the value in quotes"
    return f"{where}: {error['msg']}", ""


def _known_keys(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        name = field_for_key(current, part)
        current = _nested_model(current.model_fields[name].annotation) if name else None
    if current is None:
        return []
    return [yaml_key(current, n) for n in current.model_fields]


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


def _suggest(word: str, known: Any, also: str = "") -> str:
    names = sorted(known)
    close = difflib.get_close_matches(word, names, n=1)
    text = f"did you mean '{close[0]}'?" if close else "known: " + ", ".join(names) if names else ""
    if also:
        text = f"{text} Or {also}" if close else f"{also}; {text}" if text else also
    return text


# ---------------------------------------------------------------- cross-record checks


def iter_refs(
    obj: BaseModel, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str, tuple[str, ...]]]:
    """Every id that `obj` names: (yaml path, id, the kinds it may name)."""
    for name, key, targets in _fields_that_may_name(type(obj)):
        value = getattr(obj, name)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        for index, item in enumerate(values):
            item_path = (*path, key, index) if isinstance(value, list) else (*path, key)
            if isinstance(item, Claim):
                claimed = field_for_key(type(obj), item.field)
                assert claimed is not None  # checked when the record was validated
                claimed_targets = field_targets(type(obj), claimed)
                for value_index, claimed_value in enumerate(
                    item.value if isinstance(item.value, list) else [item.value]
                ):
                    if claimed_targets and isinstance(claimed_value, str):
                        where = (
                            (*item_path, "value", value_index)
                            if isinstance(item.value, list)
                            else (*item_path, "value")
                        )
                        yield where, claimed_value, claimed_targets
                yield from iter_refs(item, item_path)
            elif isinstance(item, BaseModel):
                yield from iter_refs(item, item_path)
            elif targets and isinstance(item, str):
                yield item_path, item, targets


@functools.cache
def _fields_that_may_name(model: type[BaseModel]) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(field, key, kinds it may name) of the fields that hold an id or a nested record: the
    others (text, dates, numbers) need not be looked at, a million times at scale."""
    found = []
    for name, info in model.model_fields.items():
        targets = field_targets(model, name)
        if targets or _may_hold_a_model(info.annotation):
            found.append((name, yaml_key(model, name), targets))
    return tuple(found)


def _may_hold_a_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_may_hold_a_model(arg) for arg in typing.get_args(annotation))


References = dict[str, list[tuple[tuple[str | int, ...], str, tuple[str, ...]]]]


def references_of(dataset: Dataset) -> References:
    """Every id each record names (see iter_refs), by record id."""
    return {record_id: list(iter_refs(record)) for record_id, record in dataset.records.items()}


def check_references(dataset: Dataset, ontology: Ontology, references: References) -> list[Problem]:
    """Every id named (`references`, see references_of) must exist and be of a kind the field
    accepts."""
    problems = []
    concept_kinds = ontology.concept_kinds()
    for record in dataset.records.values():
        for path, ref, targets in references[record.id]:
            if _reference_ok(ref, targets, dataset, ontology, concept_kinds):
                continue  # the common case, checked before any message is worded
            line = record.line_of(*path)
            field_name = next((str(p) for p in reversed(path) if isinstance(p, str)), "?")
            kind = ref.split("/", 1)[0]
            nouns = [_kind_noun(t) for t in targets]
            wanted = " or ".join(nouns) if len(nouns) < 3 else ", ".join(nouns[:-1]) + " or " + nouns[-1]
            if kind in concept_kinds or set(targets) & concept_kinds:
                if kind not in targets:
                    problems.append(
                        Problem(
                            record.file,
                            line,
                            f"{record.id}: '{field_name}' must name a {wanted}, not '{ref}'",
                            f"use an id starting with {targets[0]}/",
                        )
                    )
                elif ref not in ontology.concepts:
                    known = [c for c in ontology.concepts if c.startswith(kind + "/")]
                    problems.append(
                        Problem(
                            record.file,
                            line,
                            f"{record.id}: unknown {kind} '{ref}'",
                            _suggest(ref, known, also="add it to the ontology's SKOS vocabularies"),
                        )
                    )
                continue
            target = dataset.records.get(ref)
            if target is None and (
                ref in dataset.unreadable_ids
                or difflib.get_close_matches(ref, dataset.unreadable_ids, n=1, cutoff=0.9)
            ):
                continue  # the record it names has an error of its own
            if target is None:
                known = [i for i in dataset.records if i.startswith(kind + "/")]
                close = difflib.get_close_matches(ref, known, n=1)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else f"define it under '{PREFIXES[kind].section}:' in a sources file"
                    if kind in PREFIXES
                    else "ids start with one of: " + ", ".join(sorted(PREFIXES))
                )
                problems.append(Problem(record.file, line, f"{record.id}: '{ref}' is not defined", hint))
            elif target.prefix not in targets:
                problems.append(
                    Problem(
                        record.file,
                        line,
                        f"{record.id}: '{field_name}' must name a {wanted}, but '{ref}' is a {target.noun}",
                        f"give the id of a {wanted}",
                    )
                )
    return problems


def _reference_ok(
    ref: str, targets: tuple[str, ...], dataset: Dataset, ontology: Ontology, concept_kinds: set[str]
) -> bool:
    kind = ref.split("/", 1)[0]
    if kind in concept_kinds or not concept_kinds.isdisjoint(targets):
        return kind in targets and ref in ontology.concepts
    target = dataset.records.get(ref)
    return target is not None and target.prefix in targets


def _kind_noun(kind: str) -> str:
    record_type = PREFIXES.get(kind)
    return record_type.noun if record_type else kind.replace("-", " ")


def check_record_rules(dataset: Dataset) -> list[Problem]:
    """Rules within one record that types alone cannot say (an end before its start, ...)."""
    problems = []
    by_url: dict[str, Record] = {}
    for record in dataset.records.values():
        url = getattr(record, "url", None)
        if isinstance(record, Source) and url is not None:
            first = by_url.setdefault(url.rstrip("/"), record)
            if first is not record:
                problems.append(
                    Problem(
                        record.file,
                        record.line_of("url"),
                        f"{record.id}: the same document as {first.id} ({first.file}:{first.line_of('url')})",
                        f"define each document once: cite {first.id} instead",
                    )
                )
        if isinstance(record, Tenure | Meeting):
            start = record.start if isinstance(record, Tenure) else record.date
            if start is not None and record.end is not None and record.end.latest() < start.earliest():
                problems.append(
                    Problem(
                        record.file,
                        record.line_of("end"),
                        f"{record.id}: ends ({record.end}) before it starts ({start})",
                        "check both dates against the source",
                    )
                )
        if (
            isinstance(record, Observation)
            and record.period_start is not None
            and record.period_start.earliest() > record.as_of.latest()
        ):
            problems.append(
                Problem(
                    record.file,
                    record.line_of("period_start"),
                    f"{record.id}: the period starts ({record.period_start}) "
                    f"after its as-of date ({record.as_of})",
                    "period_start is the first day the figure covers",
                )
            )
        if isinstance(record, Meeting):
            seen: dict[str, int] = {}
            for index, participant in enumerate(record.participants):
                if participant.person in seen:
                    problems.append(
                        Problem(
                            record.file,
                            record.line_of("participants", index),
                            f"{record.id}: '{participant.person}' is listed twice as a participant",
                            "list each participant once",
                        )
                    )
                seen[participant.person] = index
    return problems


def unused_source_warnings(dataset: Dataset, references: References) -> list[Problem]:
    """A source that no fact cites is probably a slip."""
    cited = {ref for named in references.values() for _, ref, targets in named if targets == ("src",)}
    return [
        Problem(
            r.file,
            r.line_of(),
            f"{r.id}: no fact cites this source",
            "cite it from the facts it supports, or remove it",
            severity="warning",
        )
        for r in dataset.records.values()
        if r.prefix == "src" and r.id not in cited
    ]


__all__ = ["Dataset", "Nested", "display_path", "find_source_files", "iter_refs", "load_sources"]
