"""A date written in a form hrgraph does not read (24/11/2025, Nov 2025, 24 November 2025),
turned into the form it reads, to suggest to the curator: both forms where the numbers could be
either the day or the month (05/11/2025)."""

from __future__ import annotations

import calendar
import re
from functools import cache

from babel.dates import get_month_names

MONTH_NAME_LOCALES = ("en", "id")
"""The languages whose month names a curator may write (the sources' and the project's)."""

NUMBERS = re.compile(r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})")
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([^\W\d_]+)\.?,?\s+(\d{4})")
MONTH_DAY_YEAR = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})")
MONTH_YEAR = re.compile(r"([^\W\d_]+)\.?,?\s+(\d{4})")


@cache
def month_numbers(locales: tuple[str, ...] = MONTH_NAME_LOCALES) -> dict[str, int]:
    """Every month's wide and abbreviated name in `locales` (Babel's), case-folded, without a
    final '.', and its number (also graph.curation.dates's, for the press's dates)."""
    found: dict[str, int] = {}
    for locale in locales:
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                found[name.casefold().rstrip(".")] = number
    return found


def iso_form(text: str) -> tuple[str, ...]:
    """`text` as YYYY-MM-DD or YYYY-MM, every date on the calendar its form may mean (two at
    most: the day first, then the month first); empty when it is no date of these forms."""
    return tuple(meant for meant in dict.fromkeys(_forms(text)) if meant is not None)


def _forms(text: str) -> tuple[str | None, ...]:
    text = text.strip()
    numbers = NUMBERS.fullmatch(text)
    if numbers is not None:
        first, second, third = (int(part) for part in numbers.groups())
        if len(numbers.group(1)) == 4:
            return (_day(first, second, third),)
        if len(numbers.group(3)) != 4:
            return ()
        return (_day(third, second, first), _day(third, first, second))  # 05/11/2025: either
    months = month_numbers()
    day_first = DAY_MONTH_YEAR.fullmatch(text)
    if day_first is not None and day_first.group(2).casefold() in months:
        month = months[day_first.group(2).casefold()]
        return (_day(int(day_first.group(3)), month, int(day_first.group(1))),)
    month_first = MONTH_DAY_YEAR.fullmatch(text)
    if month_first is not None and month_first.group(1).casefold() in months:
        month = months[month_first.group(1).casefold()]
        return (_day(int(month_first.group(3)), month, int(month_first.group(2))),)
    month_year = MONTH_YEAR.fullmatch(text)
    if month_year is not None and month_year.group(1).casefold() in months:
        return (f"{int(month_year.group(2)):04d}-{months[month_year.group(1).casefold()]:02d}",)
    return ()


def _day(year: int, month: int, day: int) -> str | None:
    if not (1 <= month <= 12 and year >= 1 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
