"""`hrgraph stats --update-assertions`: raise the minimum counts of hrgraph.toml to what the data
holds now. Only the numbers are edited, in place: the file's comments, order and spacing stay as
they are. A count is never lowered (a smaller count may be a file removed by mistake: lower it by
hand, and say why in the commit), and no key is added."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from graph.checks.coverage import Assertions

TABLES = {"assertions.min_records": "min_records", "assertions.min_by_country": "min_by_country"}
TABLE_LINE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\s]+?)\s*\]\s*(#.*)?$")
COUNT_LINE = re.compile(r'^(\s*"?)([^"=\s]+)("?\s*=\s*)(\d+)(.*)$')


@dataclass(frozen=True)
class Change:
    """One minimum and what happens to it."""

    line: int
    key: str
    old: int
    new: int

    @property
    def raised(self) -> bool:
        return self.new > self.old

    def __str__(self) -> str:
        return f"{self.line}: {self.key} {self.old} → {self.new}"


def raised_assertions(
    assertions: Assertions, by_class: Counter[str], by_country: Counter[str]
) -> tuple[str, list[Change], list[Change]]:
    """The file's new text, the minimums raised, and those left above what the data holds."""
    counts = {"min_records": by_class, "min_by_country": by_country}
    lines = assertions.text.splitlines(keepends=True)
    table: str | None = None
    raised: list[Change] = []
    short: list[Change] = []
    for index, line in enumerate(lines):
        header = TABLE_LINE.match(line)
        if header:
            table = TABLES.get(header.group(1).replace(" ", ""))
            continue
        match = COUNT_LINE.match(line.rstrip("\r\n"))
        if table is None or match is None:
            continue
        key, old = match.group(2), int(match.group(4))
        change = Change(index + 1, key, old, counts[table][key])
        if change.raised:
            ending = line[len(line.rstrip("\r\n")) :]
            lines[index] = f"{match.group(1)}{key}{match.group(3)}{change.new}{match.group(5)}{ending}"
            raised.append(change)
        elif change.new < old:
            short.append(change)
    return "".join(lines), raised, short
