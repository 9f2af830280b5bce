"""Checks across records: every id named is defined and of a kind its field allows, the record
rules, and sources no record cites."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterator

from pydantic import BaseModel

from graph.core.errors import Problem
from graph.core.ontology import Ontology
from graph.core.suggest import suggest
from graph.ingest.dataset import Dataset
from graph.ingest.fields import FieldSpec, fields_by_key, fields_of
from graph.ingest.records import PREFIXES, Claim, Meeting, Observation, Record, Source, Tenure


def iter_refs(
    obj: BaseModel, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str, tuple[str, ...]]]:
    """Every id that `obj` names: (yaml path, id, the kinds it may name)."""
    for spec in _fields_that_may_name(type(obj)):
        value = getattr(obj, spec.name)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        for index, item in enumerate(values):
            item_path = (*path, spec.key, index) if isinstance(value, list) else (*path, spec.key)
            if isinstance(item, Claim):
                claimed = fields_by_key(type(obj))[item.field]  # checked when the record was validated
                for value_index, claimed_value in enumerate(
                    item.value if isinstance(item.value, list) else [item.value]
                ):
                    if claimed.targets and isinstance(claimed_value, str):
                        where = (
                            (*item_path, "value", value_index)
                            if isinstance(item.value, list)
                            else (*item_path, "value")
                        )
                        yield where, claimed_value, claimed.targets
                yield from iter_refs(item, item_path)
            elif isinstance(item, BaseModel):
                yield from iter_refs(item, item_path)
            elif spec.targets and isinstance(item, str):
                yield item_path, item, spec.targets


@functools.cache
def _fields_that_may_name(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """The fields that hold an id or a nested record: the others (text, dates, numbers) need not
    be looked at, a million times at scale."""
    return tuple(spec for spec in fields_of(model).values() if spec.targets or spec.part is not None)


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
                            suggest(ref, known, also="add it to the ontology's SKOS vocabularies"),
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
        if record.id.endswith("."):  # graph.ttl would hold 'person:x-.\.', which rdflib cannot read
            problems.append(
                Problem(
                    record.file,
                    record.line_of("id"),
                    f"{record.id}: an id must not end with '.'",
                    "drop the final '.': Turtle readers such as rdflib cannot read such a name",
                )
            )
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
