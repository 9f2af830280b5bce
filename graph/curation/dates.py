"""Dates as the press writes them, in Indonesian, English and Khmer: "24 November 2025",
"November 24, 2025", "24/11/2025", "Senin (24/11)" or "Selasa, 16/12" (its year from the article's date),
"ថ្ងៃទី២៤ ខែវិច្ឆិកា ឆ្នាំ២០២៥" (Khmer digits and months) and "November 2025". Month and day names
come from Babel's locale data for id, en and km."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from babel.dates import get_day_names

from graph.ingest.date_forms import month_numbers
from graph.ingest.records import PartialDate

LOCALES = ("id", "en", "km")
KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")
# Short forms the press uses beside Babel's (Indonesian Agt, Sept; English Sept).
EXTRA_MONTHS = {"agt": 8, "sept": 9, "okt": 10, "des": 12, "nop": 11, "pebruari": 2, "nopember": 11}


MONTHS = {**EXTRA_MONTHS, **month_numbers(LOCALES)}
DAYS = sorted(
    {name.casefold() for locale in LOCALES for name in get_day_names("wide", locale=locale).values()},
    key=len,
    reverse=True,
)
_MONTH = "(?P<month>" + "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_NAME = "(?:" + "|".join(re.escape(d) for d in DAYS) + ")"
_B = r"(?<![\w/.])"  # not inside a word or a longer number
_E = r"(?![\w/])"
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (precision, re.compile(pattern, re.IGNORECASE))
    for precision, pattern in (
        (
            "day",
            rf"(?:ថ្ងៃ\S*\s*)?(?:ទី\s*)?{_B}(?P<day>\d{{1,2}})\s*(?:ខែ\s*)?{_MONTH}\s*,?\s*(?:ឆ្នាំ\s*)?(?P<year>\d{{4}}){_E}",
        ),
        ("day", rf"{_B}{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}}){_E}"),
        ("day", rf"{_B}(?P<day>\d{{1,2}})/(?P<month_number>\d{{1,2}})/(?P<year>\d{{4}}){_E}"),
        ("day", rf"{_DAY_NAME},?\s*\((?P<day>\d{{1,2}})/(?P<month_number>\d{{1,2}})\)"),
        ("day", rf"{_DAY_NAME},?\s*(?P<day>\d{{1,2}})/(?P<month_number>\d{{1,2}}){_E}"),
        ("month", rf"(?:ខែ\s*)?{_B}{_MONTH}\s*(?:ឆ្នាំ\s*)?(?P<year>\d{{4}}){_E}"),
    )
)


@dataclass(frozen=True, order=True)
class DateMention:
    """A date written in the text at start:end (offsets in the original text)."""

    start: int
    end: int
    date: PartialDate
    surface: str


def _year_before(reference: date, month: int, day: int) -> int:
    """The year of day/month on or before `reference`: the press reports what has happened."""
    return reference.year if (month, day) <= (reference.month, reference.day) else reference.year - 1


def _read(match: re.Match[str], precision: str, reference: date | None) -> PartialDate | None:
    parts = match.groupdict()
    month = MONTHS[parts["month"].casefold()] if parts.get("month") else int(parts["month_number"])
    if precision == "month":
        return PartialDate.parse(f"{int(parts['year']):04d}-{month:02d}")
    day = int(parts["day"])
    if parts.get("year"):
        year = int(parts["year"])
    elif reference is not None:
        year = _year_before(reference, month, day)
    else:
        return None  # "Senin (24/11)" in an article of unknown date: no year to give it
    try:
        return PartialDate.parse(f"{year:04d}-{month:02d}-{day:02d}")
    except ValueError:  # 31/02: not a date
        return None


def find_dates(text: str, reference: date | None = None) -> list[DateMention]:
    """Every date in `text`, in its order; a day without a year takes the year that puts it on
    or before `reference` (the article's date), or is left out when there is none."""
    digits = text.translate(KHMER_DIGITS)  # one character for one: offsets stay the same
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for precision, pattern in PATTERNS:
        for match in pattern.finditer(digits):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            value = _read(match, precision, reference)
            if value is not None:
                taken.append((start, end))
                found.append(DateMention(start, end, value, text[start:end]))
    return sorted(found)
