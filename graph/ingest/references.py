"""Checks across records: every id named is defined and of a kind its field allows, the record
rules, and sources no record cites."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import replace

from pydantic import BaseModel

from graph.core.errors import Problem
from graph.core.ontology import Ontology
from graph.core.suggest import suggest, with_article
from graph.ingest.dataset import Dataset, LazyRecords
from graph.ingest.fields import FieldSpec, fields_by_key, fields_of
from graph.ingest.read_file import BareWord, UnloadedReference
from graph.ingest.records import PREFIXES, Claim, Meeting, Observation, Record, Source, Tenure
from graph.ingest.summary import CITES_TARGETS, source_url


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


def references_of(dataset: Dataset, records: Iterable[Record] | None = None) -> References:
    """Every id each record names (see iter_refs), by record id: of every record of the dataset,
    or of `records` (some of them, in the dataset's order)."""
    chosen = dataset.records.values() if records is None else records
    return {record.id: list(iter_refs(record)) for record in chosen}


def check_references(dataset: Dataset, ontology: Ontology, references: References) -> list[Problem]:
    """Every id named (`references`, see references_of: of every record, or of those a change
    can concern) must exist and be of a kind the field accepts."""
    problems = []
    concept_kinds = ontology.concept_kinds()
    for record_id, named in references.items():
        record = dataset.records[record_id]
        for path, ref, targets in named:
            if _reference_ok(ref, targets, dataset, ontology, concept_kinds):
                continue  # the common case, checked before any message is worded
            where = (record.file, record.line_of(*path), record.id)
            problem = _reference_problem(dataset, ontology, concept_kinds, where, path, ref, targets)
            if problem is not None:
                problems.append(problem)
    return problems


def check_unloaded_references(
    dataset: Dataset, ontology: Ontology, unloaded: Iterable[UnloadedReference]
) -> list[Problem]:
    """The ids the records that did not load name, checked as check_references checks those
    of the others: a new record's every problem is listed at once."""
    problems = []
    concept_kinds = ontology.concept_kinds()
    for named in unloaded:
        if _reference_ok(named.ref, named.targets, dataset, ontology, concept_kinds):
            continue
        where = (named.file, named.line, named.label)
        problem = _reference_problem(
            dataset, ontology, concept_kinds, where, named.path, named.ref, named.targets
        )
        if problem is not None:
            problems.append(problem)
    return problems


def _reference_problem(
    dataset: Dataset,
    ontology: Ontology,
    concept_kinds: AbstractSet[str],
    where: tuple[str, int, str],
    path: tuple[str | int, ...],
    ref: str,
    targets: tuple[str, ...],
) -> Problem | None:
    """What is wrong with the id `ref` named at `where` (file, line, the record's name) in the
    field at `path`, which takes ids of `targets`; None when the record it names has an error
    of its own."""
    file, line, label = where
    field_name = next((str(p) for p in reversed(path) if isinstance(p, str)), "?")
    kind = ref.split("/", 1)[0]
    nouns = [_kind_noun(t) for t in targets]
    wanted = " or ".join(nouns) if len(nouns) < 3 else ", ".join(nouns[:-1]) + " or " + nouns[-1]
    if kind in concept_kinds or set(targets) & concept_kinds:
        if kind not in targets:
            return Problem(
                file,
                line,
                f"{label}: '{field_name}' must name {with_article(wanted)}, not '{ref}'",
                f"use an id starting with {targets[0]}/",
            )
        if ref not in ontology.concepts:
            known = [c for c in ontology.concepts if c.startswith(kind + "/")]
            return Problem(
                file,
                line,
                f"{label}: unknown {kind} '{ref}'",
                suggest(ref, known, also="add it to the ontology's SKOS vocabularies"),
            )
        return None
    target = _defined_kind(dataset, ref)
    if target is None and (
        ref in dataset.unreadable_ids
        or difflib.get_close_matches(ref, dataset.unreadable_ids, n=1, cutoff=0.9)
    ):
        return None  # the record it names has an error of its own
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
        return Problem(file, line, f"{label}: '{ref}' is not defined", hint)
    if target not in targets:
        noun = dataset.records[ref].noun
        return Problem(
            file,
            line,
            f"{label}: '{field_name}' must name {with_article(wanted)}, but '{ref}' is {with_article(noun)}",
            f"give the id of {with_article(wanted)}",
        )
    return None


def _reference_ok(
    ref: str, targets: tuple[str, ...], dataset: Dataset, ontology: Ontology, concept_kinds: set[str]
) -> bool:
    kind = ref.split("/", 1)[0]
    if kind in concept_kinds or not concept_kinds.isdisjoint(targets):
        return kind in targets and ref in ontology.concepts
    return _defined_kind(dataset, ref) in targets


def _defined_kind(dataset: Dataset, ref: str) -> str | None:
    """The kind of the record `ref` names (None: not defined), its file not read for it."""
    records = dataset.records
    if isinstance(records, LazyRecords):
        return records.kind_of(ref)
    target = records.get(ref)
    return None if target is None else target.prefix


def _kind_noun(kind: str) -> str:
    record_type = PREFIXES.get(kind)
    return record_type.noun if record_type else kind.replace("-", " ")


def check_record_rules(
    dataset: Dataset, references: References, records: Iterable[Record] | None = None
) -> list[Problem]:
    """Rules within one record that types alone cannot say (an end before its start, ...), and
    one document defined once. The rules within a record are checked on every record, or on
    `records` (those that may break one, in the dataset's order); `references` are every
    record's or, with `records`, theirs (all are walked if two sources share an address)."""
    problems = same_document_problems(dataset, references if records is None else None)
    for record in dataset.records.values() if records is None else records:
        if record.id.endswith("."):  # graph.ttl would hold 'person:x-.\.', which rdflib cannot read
            problems.append(
                Problem(
                    record.file,
                    record.line_of("id"),
                    f"{record.id}: an id must not end with '.'",
                    "drop the final '.': Turtle readers such as rdflib cannot read such a name",
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


def same_document_problems(dataset: Dataset, references: References | None) -> list[Problem]:
    """Sources with the same address: each one after the first is an error at its address,
    saying where the first is and to cite it instead. The first is the one more facts cite (the
    one the data already rests on, not a newcomer's duplicate), else the one read first.
    `references`: every record's, or None to walk them if needed."""
    if not _shared_addresses(dataset):
        return []
    by_url: dict[str, list[Source]] = {}
    for record in dataset.records.values():
        if isinstance(record, Source) and record.url is not None:
            by_url.setdefault(source_url(record.url) or "", []).append(record)
    citing = _citing_counts(references if references is not None else references_of(dataset))
    problems = []
    for same in by_url.values():
        if len(same) == 1:
            continue
        # max keeps the first of equals: the one read first when as many facts cite each
        first = max(same, key=lambda source: citing.get(source.id, 0))
        cited = citing.get(first.id, 0)
        for source in same:
            if source is first:
                continue
            problems.append(
                Problem(
                    source.file,
                    source.line_of("url"),
                    f"{source.id}: the same document as {first.id}, already defined at "
                    f"{first.file}:{first.line_of('id')} and cited by {cited} fact{'s' * (cited != 1)}",
                    f"define each document once: delete {source.id}, moving what it adds into "
                    f"{first.id}, and cite {first.id} instead",
                )
            )
    return problems


def _shared_addresses(dataset: Dataset) -> bool:
    """Whether two sources have the same address; a file not read is answered from its summary."""
    seen: set[str] = set()
    for record_id, shown in dataset.placed():
        if shown is not None:
            facts = dataset.summaries[shown].sources.get(record_id)
            url = facts.url if facts is not None else None
        else:
            record = dataset.records[record_id]
            url = source_url(record.url) if isinstance(record, Source) else None
        if url is not None:
            if url in seen:
                return True
            seen.add(url)
    return False


def _citing_counts(references: References) -> dict[str, int]:
    """How many records cite each source."""
    counts: dict[str, int] = {}
    for named in references.values():
        for source in {ref for _, ref, targets in named if targets == ("src",)}:
            counts[source] = counts.get(source, 0) + 1
    return counts


def full_id_hints(bare_words: list[BareWord], dataset: Dataset, ontology: Ontology) -> dict[Problem, Problem]:
    """For each word given where an id is expected ('guest') that is the tail of a defined id
    of a kind its field accepts (role/guest), its problem with the full id as the hint."""
    better = {}
    for bare in bare_words:
        tail = "-".join(bare.word.strip().lower().split())
        full = [
            f"{kind}/{tail}"
            for kind in bare.kinds
            if f"{kind}/{tail}" in dataset.records or f"{kind}/{tail}" in ontology.concepts
        ]
        if full:
            named = " or ".join(f"'{ref}'" for ref in full)
            better[bare.problem] = replace(
                bare.problem, hint=f"did you mean {named}? An id starts with its kind"
            )
    return better


def unused_source_warnings(
    dataset: Dataset, references: References, also_cited: AbstractSet[str] = frozenset()
) -> list[Problem]:
    """A source that no fact cites is probably a slip; unless `also_cited` holds it: named by a
    part that did not load (its own error is reported: this would follow only from it) or cited
    by a file not read (its summary says so). `references`: every record's, or those of the
    records read."""
    cited = {ref for named in references.values() for _, ref, targets in named if targets == CITES_TARGETS}
    cited |= also_cited
    unused = []
    for record_id, shown in dataset.placed():
        if record_id in cited:
            continue
        if shown is not None:
            facts = dataset.summaries[shown].sources.get(record_id)
            if facts is None:
                continue
            file, line = shown, facts.line
        else:
            record = dataset.records[record_id]
            if record.prefix != "src":
                continue
            file, line = record.file, record.line_of()
        unused.append(
            Problem(
                file,
                line,
                f"{record_id}: no fact cites this source",
                "cite it from the facts it supports, or remove it",
                severity="warning",
            )
        )
    return unused
