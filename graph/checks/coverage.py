"""Coverage assertions: minimum counts by class and by country, so that a sources file dropped
by mistake fails the build (like zavod's `assertions:`).

They live in `hrgraph.toml` beside the sources folder:

    [assertions.min_records]
    Person = 30
    [assertions.min_by_country]
    "country/cambodia" = 40
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from graph.core.errors import DataInvalid, Problem
from graph.ingest.dataset import Dataset, display_path
from graph.ingest.records import PREFIXES, RECORD_TYPES, Record
from graph.ingest.references import iter_refs

CONFIG_NAME = "hrgraph.toml"
HINT = (
    "a sources file may have been removed or emptied by mistake (see git status); "
    "if the data really shrank, lower the number"
)


@dataclass
class Assertions:
    """What the curated data must contain at least."""

    file: str
    text: str
    min_records: dict[str, int] = field(default_factory=dict)
    min_by_country: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        """The line where a key is set, for messages."""
        pattern = re.compile(rf'^\s*"?{re.escape(key)}"?\s*=', re.MULTILINE)
        match = pattern.search(self.text)
        return self.text.count("\n", 0, match.start()) + 1 if match else 1


def config_path(sources_dir: Path) -> Path:
    """The project file that belongs to a sources folder: hrgraph.toml beside it."""
    return sources_dir.resolve().parent / CONFIG_NAME


def load_assertions(sources_dir: Path) -> Assertions | None:
    """Read the assertions for this sources folder, if its project has any."""
    path = config_path(sources_dir)
    if not path.is_file():
        return None
    shown = display_path(path)
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 1
        raise DataInvalid([Problem(shown, line, f"invalid TOML: {exc}")]) from None
    section = data.get("assertions", {})
    assertions = Assertions(
        shown, text, dict(section.get("min_records", {})), dict(section.get("min_by_country", {}))
    )
    problems = []
    known = {t.__name__ for t in RECORD_TYPES}
    for name, value in assertions.min_records.items():
        if name not in known:
            problems.append(
                Problem(
                    shown,
                    assertions.line_of(name),
                    f"unknown record class '{name}'",
                    "use one of: " + ", ".join(sorted(known)),
                )
            )
        if not isinstance(value, int) or value < 0:
            problems.append(Problem(shown, assertions.line_of(name), f"'{name}' must be a whole number"))
    for country, value in assertions.min_by_country.items():
        if not country.startswith("country/") or not isinstance(value, int) or value < 0:
            problems.append(
                Problem(
                    shown,
                    assertions.line_of(country),
                    f"'{country} = {value!r}' is not a country id with a whole number",
                    'write "country/cambodia" = 40',
                )
            )
    if problems:
        raise DataInvalid(problems)
    return assertions


def countries_of(record: Record, dataset: Dataset) -> set[str]:
    """The countries a record is about: those it names, and those of the records it names."""
    named = {ref for _, ref, _ in iter_refs(record)}
    found = {ref for ref in named if ref.startswith("country/")}
    for ref in named:
        other = dataset.records.get(ref)
        if other is not None and not isinstance(other, PREFIXES["src"]):
            found |= {r for _, r, _ in iter_refs(other) if r.startswith("country/")}
    return found


def check_assertions(assertions: Assertions, dataset: Dataset) -> list[Problem]:
    """Compare the counts with the minimums; one problem per shortfall."""
    by_class, by_country = coverage(dataset)
    unloaded_ids = _unloaded_ids(dataset)
    unloaded = Counter(PREFIXES[ref.split("/", 1)[0]].__name__ for ref in unloaded_ids)
    # a record naming one that did not load may be about a country through it (countries_of)
    through_unloaded = (
        [
            countries_of(record, dataset)
            for record in dataset.records.values()
            if any(ref in unloaded_ids for _, ref, _ in iter_refs(record))
        ]
        if unloaded_ids
        else []
    )
    problems = []
    for name, minimum in assertions.min_records.items():
        # a shortfall the records that did not load account for follows from their own errors
        if by_class[name] < minimum and by_class[name] + unloaded[name] < minimum:
            problems.append(
                Problem(
                    assertions.file,
                    assertions.line_of(name),
                    f"at least {minimum} {name} records expected, found {by_class[name]}",
                    HINT,
                )
            )
    for country, minimum in assertions.min_by_country.items():
        # at most this many more had every record loaded: those that did not, and those that
        # name one of them and are not counted for the country already
        more = len(unloaded_ids) + sum(country not in found for found in through_unloaded)
        if by_country[country] < minimum and by_country[country] + more < minimum:
            problems.append(
                Problem(
                    assertions.file,
                    assertions.line_of(country),
                    f"at least {minimum} records about {country} expected, found {by_country[country]}",
                    HINT,
                )
            )
    return problems


def _unloaded_ids(dataset: Dataset) -> set[str]:
    """The ids of the records a file seemed to define but that did not load (a file YAML could
    not read, a record with an error), of kinds hrgraph knows."""
    return {ref for ref in dataset.unreadable_ids if ref.split("/", 1)[0] in PREFIXES}


def coverage(dataset: Dataset) -> tuple[Counter[str], Counter[str]]:
    """Counts by class and by country, as the assertions count them."""
    by_class = Counter(type(r).__name__ for r in dataset.records.values())
    by_country: Counter[str] = Counter()
    for record in dataset.records.values():
        by_country.update(countries_of(record, dataset))
    return by_class, by_country
