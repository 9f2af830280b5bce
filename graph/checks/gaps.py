"""What a small team should fill next (`hrgraph gaps`): posts with no known holder in a period,
tenures and commitments nobody has reported on for months, facts with no quote, sources with
no address or date, people unnamed in a reader language. Each gap names the record, its file
and line, and what is missing, as a table or as CSV.

A post's holder is judged as the saved query post-holder-on-date judges it: a tenure whose
dates overlap the period, or a source that shows the holder in office on a date in it. "The
data's latest date" is the latest date a source was published, as the saved queries take it.
"""

from __future__ import annotations

import calendar
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from graph.core.data_date import latest_issued
from graph.core.languages import LANGUAGES
from graph.ingest.dataset import Dataset
from graph.ingest.records import (
    Commitment,
    PartialDate,
    Person,
    Post,
    Record,
    Source,
    Tenure,
)

# The statuses after which a commitment needs no further report (as overdue-commitments has it).
CLOSED_STATUSES = frozenset({"status/fulfilled", "status/not-fulfilled", "status/withdrawn"})
DEFAULT_MONTHS = 6

KINDS = {
    "post-without-holder": "Posts with no known holder",
    "tenure-unreported": "Tenures with no end and no recent attestation",
    "commitment-unreported": "Open commitments with no recent status report",
    "fact-without-quote": "Facts with no quote",
    "source-without-address": "Sources with no address",
    "source-without-date": "Sources with no publication date",
    "person-unnamed": "People without a name in a reader language",
}


@dataclass(frozen=True)
class Gap:
    """One thing to fill: its kind (a key of KINDS), the record, where it is written, what is missing."""

    kind: str
    id: str
    file: str
    line: int
    detail: str


def latest_date(dataset: Dataset) -> PartialDate | None:
    """The data's date (graph.core.data_date), or None when no source gives one."""
    latest = latest_issued(
        str(s.published) for s in dataset.of_type(Source) if isinstance(s, Source) and s.published
    )
    return PartialDate.parse(latest) if latest else None


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day where it has fewer days)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def find_gaps(dataset: Dataset, on: PartialDate, months: int = DEFAULT_MONTHS) -> list[Gap]:
    """Every gap, by kind (in KINDS's order), then by file and line."""
    cutoff = months_before(on.latest(), months)
    found = [
        *_posts_without_holder(dataset, on),
        *_tenures_unreported(dataset, cutoff, months),
        *_commitments_unreported(dataset, cutoff, months),
        *_facts_without_quote(dataset),
        *_sources_incomplete(dataset),
        *_people_unnamed(dataset),
    ]
    order = list(KINDS)
    return sorted(found, key=lambda gap: (order.index(gap.kind), gap.file, gap.line, gap.id))


def _gap(kind: str, record: Record, detail: str, *field: str) -> Gap:
    return Gap(kind, record.id, record.file, record.line_of(*field), detail)


def _overlaps(start: PartialDate | None, end: PartialDate | None, period: PartialDate) -> bool:
    """At any time in `period`: from `start` (an open start when None) to `end` (open when None)."""
    starts_in_time = start is None or start.earliest() <= period.latest()
    return starts_in_time and (end is None or end.latest() >= period.earliest())


def _holds(tenure: Tenure, period: PartialDate) -> bool:
    by_dates = tenure.start is not None and _overlaps(tenure.start, tenure.end, period)
    return by_dates or any(_overlaps(seen, seen, period) for seen in tenure.attested or [])


def _posts_without_holder(dataset: Dataset, on: PartialDate) -> Iterator[Gap]:
    held = {t.post for t in dataset.of_type(Tenure) if isinstance(t, Tenure) and _holds(t, on)}
    for post in dataset.of_type(Post):
        if post.id not in held:
            yield _gap("post-without-holder", post, f"no tenure or attestation covers {on}")


def _tenures_unreported(dataset: Dataset, cutoff: date, months: int) -> Iterator[Gap]:
    for tenure in dataset.of_type(Tenure):
        assert isinstance(tenure, Tenure)
        if tenure.end is not None:
            continue
        seen = [d for d in [tenure.start, *(tenure.attested or [])] if d is not None]
        last = max(seen, key=lambda d: d.latest())
        if last.latest() < cutoff:
            yield _gap(
                "tenure-unreported",
                tenure,
                f"{tenure.person} as {tenure.post}: no end, last seen {last}, "
                f"nothing in the last {months} months (since {cutoff:%Y-%m-%d})",
            )


def _commitments_unreported(dataset: Dataset, cutoff: date, months: int) -> Iterator[Gap]:
    for commitment in dataset.of_type(Commitment):
        assert isinstance(commitment, Commitment)
        latest = max(commitment.status, key=lambda report: report.as_of.latest())
        if latest.value not in CLOSED_STATUSES and latest.as_of.latest() < cutoff:
            yield _gap(
                "commitment-unreported",
                commitment,
                f"latest status {latest.value} as of {latest.as_of}, none in the last {months} months",
                "status",
            )


def _facts_without_quote(dataset: Dataset) -> Iterator[Gap]:
    for record in dataset.records.values():
        if record.cites and not any(citation.quote for citation in record.cites):
            sources = ", ".join(citation.source for citation in record.cites)
            yield _gap("fact-without-quote", record, f"cites {sources} without a quote", "cites")


def _sources_incomplete(dataset: Dataset) -> Iterator[Gap]:
    for source in dataset.of_type(Source):
        assert isinstance(source, Source)
        if source.url is None:
            yield _gap("source-without-address", source, "no url: add the page's address if it has one")
        if source.published is None:
            yield _gap("source-without-date", source, "no published date")


def _people_unnamed(dataset: Dataset) -> Iterator[Gap]:
    for person in dataset.of_type(Person):
        assert isinstance(person, Person)
        missing = [lang for lang in LANGUAGES if lang not in person.name]
        if missing:
            yield _gap("person-unnamed", person, "no name in " + ", ".join(missing), "name")


def gaps_table(gaps: list[Gap]) -> str:
    """The gaps under a heading per kind, each as file:line, id and what is missing."""
    lines: list[str] = []
    for kind, title in KINDS.items():
        mine = [gap for gap in gaps if gap.kind == kind]
        if not mine:
            continue
        if lines:
            lines.append("")
        lines.append(f"{title} ({len(mine)}):")
        width = max(len(gap.id) for gap in mine)
        for gap in mine:
            lines.append(f"  {gap.id:<{width}}  {gap.detail}  [{gap.file}:{gap.line}]")
    return "\n".join(lines) + "\n" if lines else "No gaps found.\n"


def gaps_csv(gaps: list[Gap]) -> str:
    """The gaps as CSV: kind, id, file, line, detail."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kind", "id", "file", "line", "detail"])
    for gap in gaps:
        writer.writerow([gap.kind, gap.id, gap.file, gap.line, gap.detail])
    return out.getvalue()
