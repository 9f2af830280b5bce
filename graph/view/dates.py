"""Dates in the view as ISO 8601 text, and in words for readers.

A node's or an edge's `dates` is one ISO 8601-2 (EDTF) text: '2025-11-24' (one date, at the
precision the sources give: '2025-11', '2025'), '2019-10-21/2020-05' (a period),
'2019-10-21/..' (open end: in office since), '../2020-05' (until), '{2020-05,2020-05-01}'
(days a source shows a person in office), or '' (none known). The page words them:
'21 Oct 2019 – May 2020'.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from babel.dates import format_interval, format_skeleton
from babel.lists import format_list

from graph.core.languages import babel_locale
from graph.core.messages import N_, gettext_for
from graph.view.words import fill

OPEN = ".."
"""The unknown end of an open period (ISO 8601-2)."""

ISO_DATE = re.compile(r"(-?\d{4})(?:-(\d\d))?(?:-(\d\d))?")
"""A calendar date at its precision: '2025-11-24', '2025-11', '2025', '-0044' (44 BCE)."""
SKELETONS = {3: "yMMMd", 2: "yMMM", 1: "y"}
"""The CLDR skeleton for a date given to the day, the month or the year."""

DATE_WORDS: dict[str, str] = {
    "range": N_("{start} – {end}"),
    "from": N_("from {start}"),
    "until": N_("until {end}"),
    "attested": N_("in office: {dates}"),
}
"""How a period, an open one and the days a source shows a person in office are worded (msgids)."""


def period(start: str | None, end: str | None) -> str:
    """'2019-10-21/2020-05'; an unknown start or end is '..'."""
    return f"{start or OPEN}/{end or OPEN}"


def days(dates: Iterable[str]) -> str:
    """'{2020-05,2020-05-01}': every one of these dates."""
    return "{" + ",".join(dates) + "}"


@lru_cache(maxsize=1 << 17)  # every date of a large site, in each language
def human_date(value: str, lang: str = "en") -> str:
    """'2025-11-24' → '24 Nov 2025', '2025-11' → 'Nov 2025', '2025' → '2025', written the way
    `lang` writes them (in Indonesian '5 Agu 2025', in Khmer '24 វិច្ឆិកា 2025'). A time after
    the date is left out; what is not a date, or not one the calendar can hold (44 BCE, a 30
    February), stays as it is written."""
    found = calendar_date(value)
    if isinstance(found, str):
        return found
    day, precision = found
    return format_skeleton(SKELETONS[precision], day, locale=babel_locale(lang))


def calendar_date(value: str) -> tuple[date, int] | str:
    """The date `value` names and its precision (3: a day, 2: a month, 1: a year), or the text
    to show for it as it is (not a date, or one the calendar cannot hold)."""
    text = value.strip()
    match = ISO_DATE.match(text)
    if match is None or not (match.end() == len(text) or text[match.end()] == "T"):
        return value
    parts = [part for part in match.groups() if part is not None]
    try:
        return date(*(int(part) for part in parts), *(1,) * (3 - len(parts))), len(parts)
    except ValueError:  # year 0 or before, a month or day off the calendar
        return match.group(0)


@lru_cache(maxsize=1 << 16)  # the same periods recur on many pages (a meeting's date, a tenure's)
def human_dates(dates: str, lang: str = "en") -> str:
    """The view's `dates` in words: '2019-10-21/2020-05' → '21 Oct 2019 – May 2020',
    '2019-10-21/..' → 'from 21 Oct 2019', '{2020-05,2020-05-01}' → 'in office: May 2020 and
    1 May 2020'; a period at one precision as the language writes it: '2025-11-21/2025-11-24' →
    '21–24 Nov 2025', '2022/2022' → '2022'."""
    if not dates:
        return ""
    _ = gettext_for(lang)
    if dates.startswith("{") and dates.endswith("}"):
        shown = [human_date(day, lang) for day in dates[1:-1].split(",")]
        listed = format_list(shown, locale=babel_locale(lang))
        return fill(_(DATE_WORDS["attested"]), {"dates": listed})
    if "/" not in dates:
        return human_date(dates, lang)
    start, end = dates.split("/", 1)
    first, last = calendar_date(start), calendar_date(end)
    if isinstance(first, tuple) and isinstance(last, tuple) and first[1] == last[1] and first[0] <= last[0]:
        # the same precision: the language's own way ('21–24 Nov 2025'; '2022', not '2022 – 2022')
        return format_interval(first[0], last[0], SKELETONS[first[1]], locale=babel_locale(lang))
    values = {
        "start": human_date(start, lang) if start != OPEN else "",
        "end": human_date(end, lang) if end != OPEN else "",
    }
    if values["start"] and values["end"]:
        return fill(_(DATE_WORDS["range"]), values)
    if values["start"]:
        return fill(_(DATE_WORDS["from"]), values)
    return fill(_(DATE_WORDS["until"]), values)
