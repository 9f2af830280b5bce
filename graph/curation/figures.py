"""Figures as the press writes them: "130 ribu WNI", "3.000 kasus", "more than 1,200 people",
"៣.០០០ ករណី": a number (Khmer digits read), its thousands written as the language writes them,
a scale word (ribu, juta, thousand, million, ពាន់, លាន), and the word for what is counted, with
the qualifier before it (sekitar, about, more than, ប្រហែល ...). A number followed by neither a
scale word nor a counted word (a year, a day, an article's number) is not a figure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from graph.curation.dates import KHMER_DIGITS

SCALES = {
    "ribu": 1_000,
    "juta": 1_000_000,
    "miliar": 1_000_000_000,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "ពាន់": 1_000,
    "ម៉ឺន": 10_000,
    "សែន": 100_000,
    "លាន": 1_000_000,
}
# The word for what is counted, and the unit a measure is counted in.
COUNTED = {
    "orang": "people",
    "wni": "people",
    "warga": "people",
    "pekerja": "people",
    "korban": "people",
    "pmi": "people",
    "people": "people",
    "persons": "people",
    "citizens": "people",
    "indonesians": "people",
    "workers": "people",
    "victims": "people",
    "នាក់": "people",
    "ពលរដ្ឋ": "people",
    "kasus": "cases",
    "cases": "cases",
    "ករណី": "cases",
}
QUALIFIERS = {
    "sekitar": "about",
    "kurang lebih": "about",
    "hampir": "about",
    "about": "about",
    "around": "about",
    "some": "about",
    "nearly": "about",
    "approximately": "about",
    "ប្រហែល": "about",
    "lebih dari": "more-than",
    "more than": "more-than",
    "over": "more-than",
    "ជាង": "more-than",
    "sedikitnya": "at-least",
    "setidaknya": "at-least",
    "at least": "at-least",
    "យ៉ាងហោចណាស់": "at-least",
    "hingga": "up-to",
    "up to": "up-to",
    "រហូតដល់": "up-to",
}
# The thousands separator by language: Indonesian and Khmer write 3.000, English 3,000.
THOUSANDS = {"en": ","}
DEFAULT_THOUSANDS = "."


def _alternatives(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


FIGURE = re.compile(
    rf"(?:(?<![A-Za-z])(?P<qualifier>{_alternatives(QUALIFIERS)})\s*)?"
    r"(?<![\w.,/])(?P<number>\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)(?![\w/]|[.,]\d)"
    rf"\s*(?:(?P<scale>{_alternatives(SCALES)})(?![A-Za-z])\s*)?"
    rf"(?:(?P<counted>{_alternatives(COUNTED)})(?![A-Za-z]))?",
    re.IGNORECASE,
)


@dataclass(frozen=True, order=True)
class FigureMention:
    """A figure written in the text at start:end (offsets in the original text)."""

    start: int
    end: int
    value: int | float
    qualifier: str
    unit: str | None
    surface: str


def _number(written: str, language: str) -> Decimal | None:
    thousands = THOUSANDS.get(language, DEFAULT_THOUSANDS)
    decimal_mark = "." if thousands == "," else ","
    try:
        return Decimal(written.replace(thousands, "").replace(decimal_mark, "."))
    except InvalidOperation:
        return None


def find_figures(text: str, language: str) -> list[FigureMention]:
    """Every figure in `text` written in `language` (id, en, km), in its order."""
    digits = text.translate(KHMER_DIGITS)
    found: list[FigureMention] = []
    for match in FIGURE.finditer(digits):
        scale, counted = match.group("scale"), match.group("counted")
        if scale is None and counted is None:
            continue
        number = _number(match.group("number"), language)
        if number is None:
            continue
        number *= SCALES[scale.casefold()] if scale else 1
        value: int | float = int(number) if number == number.to_integral_value() else float(number)
        qualifier = QUALIFIERS[match.group("qualifier").casefold()] if match.group("qualifier") else "exact"
        unit = COUNTED[counted.casefold()] if counted else None
        start, end = match.span()
        found.append(FigureMention(start, end, value, qualifier, unit, text[start:end].strip()))
    return found
