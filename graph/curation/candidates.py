"""Candidate facts from an article, written as YAML for a curator to review: the source record
(when it is new), a meeting skeleton with the people and the place found, an observation for
each figure, each marked `review: pending` and citing the sentence it came from, with that
sentence's characters in the article as the citation's locator."""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from typing import TypeVar

from rapidfuzz import fuzz

from graph.curation.dates import DateMention, find_dates
from graph.curation.entities import EntityIndex, Mention, find_entities
from graph.curation.figures import FigureMention, find_figures
from graph.curation.sentences import sentence_around, sentence_spans
from graph.ingest.dataset import Dataset
from graph.ingest.records import Measure, Meeting, PartialDate, Source, Tenure

PENDING = "    review: pending"
KHMER = re.compile("[\u1780-\u17ff]")
INDONESIAN_WORDS = frozenset(
    ["dan", "yang", "di", "dengan", "untuk", "ini", "dari", "dalam", "tidak", "akan", "kepada"]
)
ENGLISH_WORDS = frozenset(
    ["the", "and", "of", "to", "in", "with", "for", "this", "from", "on", "was", "were"]
)
PLACE_KINDS = ("place", "country")


@dataclass
class Found:
    """What was found in an article: entities, dates and figures, each at its characters."""

    text: str
    entities: list[Mention]
    dates: list[DateMention]
    figures: list[FigureMention]
    sentences: list[tuple[int, int]] = field(default_factory=list)

    def ids(self, *kinds: str) -> list[str]:
        """The ids found of these kinds, each once, in the order of the text."""
        seen: dict[str, None] = {}
        for mention in self.entities:
            if mention.kind in kinds:
                seen.setdefault(mention.id)
        return list(seen)

    def first(self, entity: str) -> Mention:
        return next(m for m in self.entities if m.id == entity)

    def cited(self, entity: str) -> Mention:
        """The mention to quote: the first in the body, else the one in the headline."""
        headline_end = self.sentences[0][1] if self.sentences else 0
        mentions = [m for m in self.entities if m.id == entity]
        return next((m for m in mentions if m.start >= headline_end), mentions[0])

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        return sentence_around(self.sentences, start, end)


def guess_language(text: str) -> str:
    """km when Khmer script is a third of the letters; else id or en by their commonest words."""
    letters = sum(c.isalpha() for c in text) or 1
    if len(KHMER.findall(text)) / letters > 1 / 3:
        return "km"
    words = re.findall(r"[a-z]+", text.casefold())
    indonesian = sum(w in INDONESIAN_WORDS for w in words)
    english = sum(w in ENGLISH_WORDS for w in words)
    return "en" if english > indonesian else "id"


def find_all(index: EntityIndex, text: str, language: str, reference: date | None) -> Found:
    """Every entity, date and figure of `text`; a figure's words are not read as a date."""
    figures = find_figures(text, language)
    dates = outside(find_dates(text, reference), figures)
    return Found(text, find_entities(index, text), dates, figures, sentence_spans(text))


def outside(dates: list[DateMention], figures: list[FigureMention]) -> list[DateMention]:
    """The dates no figure overlaps (`figures` in the order of the text)."""
    starts = [f.start for f in figures]
    reach = list(accumulate((f.end for f in figures), max))  # the furthest end of the first n
    # a date is overlapped when a figure that starts before it ends reaches past its start
    return [d for d in dates if not ((before := bisect_left(starts, d.end)) and reach[before - 1] > d.start)]


def _quoted(text: str) -> str:
    """A YAML scalar for any text: a JSON string is a YAML double-quoted one (a ` #` stays)."""
    return json.dumps(text, ensure_ascii=False)


def _citation(found: Found, source: str, start: int, end: int, indent: str) -> list[str]:
    first, last = found.sentence(start, end)
    return [
        f"{indent}cites:",
        f"{indent}  - source: {source}",
        f"{indent}    quote: {_quoted(found.text[first:last])}",
        f"{indent}    locator: characters {first}-{last}",
    ]


def _tail(entity: str) -> str:
    return entity.split("/", 1)[1].rsplit("-", 1)[-1]


def _name(dataset: Dataset, entity: str, language: str) -> str:
    names: dict[str, str] = getattr(dataset.records.get(entity), "name", None) or {}
    return names.get(language) or names.get("en") or next(iter(names.values()), entity)


def _post_of(
    dataset: Dataset, person: str, named: set[str], when: PartialDate | None
) -> tuple[str, str] | None:
    """The post a person attended as: one they held that the article names, else the one a
    tenure shows them holding on the day; with the tenure it comes from."""
    tenures = [r for r in dataset.records.values() if isinstance(r, Tenure) and r.person == person]
    for tenure in tenures:
        if tenure.post in named:
            return tenure.post, f"{tenure.id}; the article names the post"
    if when is None:
        return None
    for tenure in tenures:
        started = tenure.start is None or tenure.start.earliest() <= when.latest()
        ongoing = tenure.end is None or tenure.end.latest() >= when.earliest()
        if started and ongoing:
            return tenure.post, f"{tenure.id}; the article does not name the post: check it"
    return None


def _measure_guess(dataset: Dataset, figure: FigureMention, sentence: str) -> tuple[str, int] | None:
    """The measure whose name is closest to the figure's sentence, among those of its unit."""
    best: tuple[str, int] | None = None
    for record in dataset.records.values():
        if not isinstance(record, Measure) or (figure.unit and record.unit != figure.unit):
            continue
        score = max(int(fuzz.token_set_ratio(name, sentence)) for name in record.name.values())
        if best is None or score > best[1]:
            best = record.id, score
    return best


def _summary(found: Found) -> list[str]:
    lines = ["# Found in the article (what, as first written, its characters, how often):"]
    for entity in found.ids(*{m.kind for m in found.entities}):
        mentions = [m for m in found.entities if m.id == entity]
        first = mentions[0]
        how = "" if first.exact else f", spelt differently ({first.score:.0f})"
        lines.append(f"#   {entity}: {first.surface!r} {first.start}-{first.end}{how}, {len(mentions)}x")
    lines.extend(f"#   date {d.date}: {d.surface!r} {d.start}-{d.end}" for d in found.dates)
    lines.extend(
        f"#   figure {f.value} ({f.qualifier}, {f.unit or 'unit unknown'}): {f.surface!r} {f.start}-{f.end}"
        for f in found.figures
    )
    return lines


def _source_lines(found: Found, source: str, language: str, reference: date | None) -> list[str]:
    title = next((found.text[s:e] for s, e in found.sentences), "")
    lines = [
        "sources:",
        f"  - id: {source}",
        PENDING,
        f"    title: {_quoted(title)}  # the first line of the article: check it is the headline",
        "    # publisher: the outlet or body that published it (required)",
        f"    language: {language}",
    ]
    lines.append(f"    published: {reference}" if reference else "    # published: YYYY-MM-DD")
    lines.append("    # url: https://... (its address, when it has one)")
    return lines


def _meeting_lines(
    found: Found, dataset: Dataset, source: str, language: str, reference: date | None
) -> tuple[str, list[str]]:
    people = found.ids("person")
    when = found.dates[0] if found.dates else None
    day = str(when.date) if when else (str(reference) if reference else "undated")
    meeting = f"meeting/{day}-" + "-".join(_tail(p) for p in people[:2])
    lines = ["meetings:", f"  - id: {meeting}", PENDING]
    if meeting in dataset.records:
        lines.append(
            f"    # {meeting} is already defined at {dataset.records[meeting].file}: merge, or delete this"
        )
    else:
        for same in _same_meetings(dataset, people, when.date if when else None, reference):
            lines.append(
                f"    # maybe {same.id} ({same.date}, at {same.file}:{same.line_of()}), with the same people:"
                f" if so, cite {source} there and delete this"
            )
    names = " and ".join(_name(dataset, p, "en") for p in people[:2])
    lines.append(f"    name: {{en: {_quoted('Meeting of ' + names)}}}  # name it as the source does")
    if when:
        lines.append(f"    date: {when.date}  # written {when.surface!r}: check it is the meeting's day")
    else:
        lines.append(
            "    # date: YYYY-MM-DD (required; the article gives no date"
            + (f", and was published {reference})" if reference else ")")
        )
    places = found.ids("place") or found.ids("country")
    if places:
        lines.append(f"    place: {places[0]}  # written {found.first(places[0]).surface!r}")
    named_posts = set(found.ids("post"))
    lines.append("    participants:")
    for person in people:
        mention = found.cited(person)
        lines.append(f"      - person: {person}  # written {mention.surface!r}")
        post = _post_of(dataset, person, named_posts, when.date if when else None)
        if post:
            lines.append(f"        as: {post[0]}  # from {post[1]}")
        lines.append("    " + PENDING)
        lines.extend(_citation(found, source, mention.start, mention.end, "        "))
    topics = found.ids("topic")
    if topics:
        lines.append(f"    topics: [{', '.join(topics)}]")
    first = found.cited(people[0])
    lines.extend(_citation(found, source, first.start, first.end, "    "))
    return meeting, lines


SAME_MEETING_DAYS = 7
"""How many days apart an article's meeting and a curated one with the same people may be and
still be named as maybe the same (an article often appears a day or more after the meeting)."""


def _same_meetings(
    dataset: Dataset, people: list[str], found: PartialDate | None, reference: date | None
) -> list[Meeting]:
    """The curated meetings the article's may be: the two first people found (or the one)
    among their participants, within SAME_MEETING_DAYS of the day found (else the article's)."""
    around = found.earliest() if found is not None else reference
    if around is None or not people:
        return []
    wanted = set(people[:2])
    near = timedelta(days=SAME_MEETING_DAYS)
    return [
        record
        for record in dataset.of_type(Meeting)
        if isinstance(record, Meeting)
        and wanted <= {participant.person for participant in record.participants}
        and record.date.earliest() - near <= around <= (record.end or record.date).latest() + near
    ]


_Mentioned = TypeVar("_Mentioned", Mention, DateMention)


def _starting_in(mentions: list[_Mentioned], first: int, last: int) -> list[_Mentioned]:
    """Those of `mentions` (in the order of the text) that start in first:last."""
    low = bisect_left(mentions, first, key=lambda m: m.start)
    return mentions[low : bisect_left(mentions, last, lo=low, key=lambda m: m.start)]


def _observation_lines(
    found: Found, dataset: Dataset, source: str, meeting: str | None, reference: date | None
) -> list[str]:
    lines = ["observations:"]
    for number, figure in enumerate(found.figures, 1):
        first, last = found.sentence(figure.start, figure.end)
        sentence = found.text[first:last]
        in_sentence = _starting_in(found.entities, first, last)
        dates = _starting_in(found.dates, first, last) or found.dates[:1]
        as_of = str(dates[0].date) if dates else (str(reference) if reference else None)
        lines += [f"  - id: obs/{as_of or 'undated'}-{figure.unit or 'figure'}-{number}", PENDING]
        guess = _measure_guess(dataset, figure, sentence)
        if guess:
            lines.append(f"    measure: {guess[0]}  # the closest by name ({guess[1]}): check it")
        else:
            lines.append("    # measure: measure/... (required: define what the figure counts)")
        about = next((m for m in in_sentence if m.kind in PLACE_KINDS), None)
        if about:
            lines.append(f"    about: {about.id}  # written {about.surface!r}")
        else:
            lines.append("    # about: country/... (required: what the figure is about)")
        lines.append(f"    value: {figure.value}  # written {figure.surface!r}")
        if figure.qualifier != "exact":
            lines.append(f"    qualifier: {figure.qualifier}")
        if as_of:
            lines.append(f"    as_of: {as_of}  # check: the date the figure is true as of")
        else:
            lines.append("    # as_of: YYYY-MM-DD (required)")
        if meeting:
            lines.append(f"    stated_at: {meeting}")
        lines.extend(_citation(found, source, figure.start, figure.end, "    "))
    return lines


def candidate_yaml(
    found: Found,
    dataset: Dataset,
    source: str,
    language: str,
    reference: date | None,
    article: str,
) -> str:
    """The candidate file: a header, what was found, then the candidate records."""
    lines = [
        f"# Candidate facts suggested by hrgraph suggest from {article} for {source}.",
        "# Nothing here is a fact yet. Check each candidate against the source, fix it or delete it,",
        "# then delete its `review: pending` line: validate and build refuse this file until none is",
        "# left. Each quote is the sentence a candidate was found in; its locator gives that",
        "# sentence's characters in the article (from 0, the end excluded).",
        *_summary(found),
        "",
    ]
    known = dataset.records.get(source)
    if not isinstance(known, Source):
        lines += [*_source_lines(found, source, language, reference), ""]
    meeting = None
    if found.ids("person"):
        meeting, meeting_lines = _meeting_lines(found, dataset, source, language, reference)
        lines += [*meeting_lines, ""]
    if found.figures:
        lines += [*_observation_lines(found, dataset, source, meeting, reference), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
