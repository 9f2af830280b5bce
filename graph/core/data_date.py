"""The data's date: the latest date a source was issued, the day up to which the data speaks,
so that a fact with no known end holds "as of" it (never "today") and a commitment is overdue
only if its due date is before it. One rule for the site, the API, `hrgraph gaps` and the saved
queries (which say it in SPARQL as LATEST_ISSUED_SPARQL does).

Dates are ISO text, whole or partial ('2025', '2025-11', '2025-11-24'). The latest is the
greatest as text, as SPARQL's MAX(STR(?issued)) takes it: of two dates, the one whose first
day is later; of a period and a day in it, the day, which is known for certain ('2025-11-24'
over '2025', whose last day the data may not reach)."""

from __future__ import annotations

from collections.abc import Iterable

LATEST_ISSUED_SPARQL = "SELECT (MAX(STR(?issued)) AS ?latest) WHERE { ?source dcterms:issued ?issued }"
"""The data's date in SPARQL (one row, `latest` unbound when no source gives a date)."""


def latest_issued(dates: Iterable[str]) -> str:
    """The data's date of the dates sources were issued ('' when there are none)."""
    return max(dates, default="")
