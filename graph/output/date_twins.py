"""Dates that a store keeping every date as the instant it starts cannot tell apart.

Virtuoso stores an xsd:gYear, xsd:gYearMonth or xsd:date as the instant it starts, so of two
values of one property of one subject that start at the same instant ("2020-05" and
"2020-05-01"; "2021" and "2021-01") it keeps one and drops the other without a word (measured
on Debian's virtuoso-opensource 7.2; an xsd:dateTime at midnight with no time zone too)."""

from __future__ import annotations

import re
from dataclasses import dataclass

XSD = "http://www.w3.org/2001/XMLSchema#"
DATED = re.compile(
    rb"^(\S+)\s+(<[^>\s]*>)\s+\"([0-9T:.\-]+)\"\^\^<http://www\.w3\.org/2001/XMLSchema#"
    rb"(gYear|gYearMonth|date|dateTime)>\s*\.\s*$",
    re.MULTILINE,
)
SHAPES = {
    "gYear": re.compile(r"\d{4}"),
    "gYearMonth": re.compile(r"\d{4}-\d{2}"),
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "dateTime": re.compile(r"\d{4}-\d{2}-\d{2}T00:00:00(\.0+)?"),
}
"""The values read as the instant they start; any other (a time zone, a time of day) is left be."""


@dataclass(frozen=True)
class Twins:
    """Values of one property of one subject that start at the same instant."""

    subject: str
    predicate: str
    values: tuple[str, ...]  # as written, in the order of the file


def first_instant(value: str, datatype: str) -> str | None:
    """'2020-05' (gYearMonth) → '2020-05-01T00:00:00'; None for a value of another shape."""
    if not SHAPES[datatype].fullmatch(value):
        return None
    year, month, day = [*value[:10].split("-"), "01", "01"][:3]
    return f"{year}-{month}-{day}T00:00:00"


def same_instant_twins(ntriples: bytes) -> list[Twins]:
    """Every set of dates in an N-Triples document that such a store would keep one of."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for match in DATED.finditer(ntriples):
        subject, predicate, value, datatype = (part.decode("utf-8") for part in match.groups())
        instant = first_instant(value, datatype)
        if instant is None:
            continue
        values = groups.setdefault((subject, predicate, instant), [])
        if value not in values:
            values.append(value)
    return [Twins(s, p, tuple(values)) for (s, p, _), values in groups.items() if len(values) > 1]


def dropped_by_instant_stores(twins: list[Twins]) -> int:
    """How many triples fewer such a store holds than it was sent."""
    return sum(len(twin.values) - 1 for twin in twins)
