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

from graph.view.words import Words, fill, words_in

OPEN = ".."
"""The unknown end of an open period (ISO 8601-2)."""

MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
}
DATE_WORDS: dict[str, Words] = {
    "range": {"en": "{start} – {end}"},
    "from": {"en": "from {start}", "id": "sejak {start}"},
    "until": {"en": "until {end}", "id": "hingga {end}"},
    "attested": {"en": "in office on {dates}", "id": "menjabat pada {dates}"},
}


def period(start: str | None, end: str | None) -> str:
    """'2019-10-21/2020-05'; an unknown start or end is '..'."""
    return f"{start or OPEN}/{end or OPEN}"


def days(dates: Iterable[str]) -> str:
    """'{2020-05,2020-05-01}': every one of these dates."""
    return "{" + ",".join(dates) + "}"


def human_date(value: str, lang: str = "en") -> str:
    """'2025-11-24' → '24 Nov 2025', '2025-11' → 'Nov 2025', '2025' → '2025'."""
    match = re.fullmatch(r"(-?\d{4})(?:-(\d\d))?(?:-(\d\d))?", value.strip()[:10])
    if match is None:
        return value
    year, month, day = match.groups()
    months = MONTHS.get(lang, MONTHS["en"])
    if month is None or not 1 <= int(month) <= 12:
        return year
    if day is None:
        return f"{months[int(month) - 1]} {year}"
    return f"{int(day)} {months[int(month) - 1]} {year}"


def human_dates(dates: str, lang: str = "en") -> str:
    """The view's `dates` in words: '2019-10-21/2020-05' → '21 Oct 2019 – May 2020',
    '2019-10-21/..' → 'from 21 Oct 2019', '{2020-05,2020-05-01}' → 'in office on May 2020, 1 May 2020'."""
    if not dates:
        return ""
    if dates.startswith("{") and dates.endswith("}"):
        listed = ", ".join(human_date(day, lang) for day in dates[1:-1].split(","))
        return fill(words_in(DATE_WORDS["attested"], lang), {"dates": listed})
    if "/" not in dates:
        return human_date(dates, lang)
    start, end = dates.split("/", 1)
    values = {
        "start": human_date(start, lang) if start != OPEN else "",
        "end": human_date(end, lang) if end != OPEN else "",
    }
    if values["start"] and values["end"]:
        return fill(words_in(DATE_WORDS["range"], lang), values)
    if values["start"]:
        return fill(words_in(DATE_WORDS["from"], lang), values)
    return fill(words_in(DATE_WORDS["until"], lang), values)
