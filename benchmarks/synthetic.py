"""Synthetic curated sources in hrgraph's own YAML format, for benchmarks and scale tests.

The data is made up but shaped like the real folder: sources (news reports, press releases,
statements), the ASEAN countries and their cities, organisations and the posts in them, people
and their tenures, meeting series, meetings with participants, topics and hosts, the
commitments made there with their status reports, instruments with signature and ratification
events, measures and the observations of them — every fact citing sources, often with a quote —
spread over many files in folders (one file per meeting, people and organisations by country,
sources by year).

The same seed and size always give byte-identical files (nothing depends on the clock, the hash
seed or the file system). The output passes `hrgraph validate` with no warning.

    python -m benchmarks.synthetic --records 10000 --out /tmp/syn/sources
    hrgraph validate --sources /tmp/syn/sources

Next to the YAML files the generator writes `synthetic.json` (which hrgraph does not read): the
counts, and example ids the benchmark uses as query parameters (a busy person, a post and a date
within a tenure of it, a measure, a meeting) plus a one-line edit for an incremental rebuild.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, get_args

from graph.core.ontology import default_ontology_dir, load_ontology
from graph.core.vocab import CONCEPT_SCHEMES
from graph.ingest.records import Qualifier

MANIFEST = "synthetic.json"
MIN_RECORDS = 100

# (short name, ISO code, English name, local language, local name, Wikidata id)
COUNTRIES: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("indonesia", "ID", "Indonesia", "id", "Indonesia", "Q252"),
    ("cambodia", "KH", "Cambodia", "km", "កម្ពុជា", "Q424"),
    ("thailand", "TH", "Thailand", "th", "ประเทศไทย", "Q869"),
    ("vietnam", "VN", "Viet Nam", "vi", "Việt Nam", "Q881"),
    ("laos", "LA", "Laos", "lo", "ລາວ", "Q819"),
    ("malaysia", "MY", "Malaysia", "ms", "Malaysia", "Q833"),
    ("philippines", "PH", "Philippines", "fil", "Pilipinas", "Q928"),
    ("myanmar", "MM", "Myanmar", "my", "မြန်မာ", "Q836"),
    ("singapore", "SG", "Singapore", "ms", "Singapura", "Q334"),
    ("brunei", "BN", "Brunei", "ms", "Brunei Darussalam", "Q921"),
    ("timor-leste", "TL", "Timor-Leste", "pt", "Timor-Leste", "Q574"),
)

# Share of each section in the records (countries are fixed; people take the remainder).
SHARES: dict[str, float] = {
    "sources": 0.25,
    "places": 0.03,
    "organizations": 0.04,
    "posts": 0.06,
    "tenures": 0.14,
    "series": 0.004,
    "meetings": 0.03,
    "commitments": 0.05,
    "instruments": 0.005,
    "measures": 0.005,
    "observations": 0.11,
}

SYLLABLES = [
    "ka",
    "ri",
    "so",
    "ma",
    "ni",
    "ta",
    "wa",
    "ra",
    "lu",
    "de",
    "pa",
    "hi",
    "bu",
    "sen",
    "ti",
    "ko",
    "na",
    "ya",
    "dar",
    "mo",
    "su",
    "ran",
    "vi",
    "ho",
    "ang",
    "phon",
    "tha",
    "lin",
    "chea",
    "reth",
    "nu",
    "gan",
    "sa",
    "ba",
    "ro",
    "me",
    "di",
    "jo",
    "ke",
    "la",
    "han",
    "tri",
]
ORG_KINDS = (
    ("ministry", "Ministry of {}", "Kementerian {}"),
    ("government-agency", "Agency for {}", "Badan {}"),
    ("human-rights-body", "Commission on {}", "Komisi {}"),
    ("embassy", "Embassy in {}", "Kedutaan di {}"),
    ("parliament", "Committee on {}", "Komite {}"),
)
PORTFOLIOS = (
    "Human Rights",
    "Foreign Affairs",
    "Manpower",
    "Justice",
    "Home Affairs",
    "Women and Children",
    "Migrant Workers",
    "Legal Affairs",
    "Social Welfare",
    "Information",
)
POST_TITLES = ("Minister", "Deputy Minister", "Director-General", "Secretary-General", "Adviser", "Chair")
MEETING_KINDS = (
    "bilateral meeting",
    "working visit",
    "ministerial dialogue",
    "consultation",
    "regional workshop",
    "courtesy call",
)
SOURCE_KINDS = ("news article", "press release", "official statement", "report")
MEASURE_NAMES = (
    ("citizens abroad", "people"),
    ("online-scam cases", "cases"),
    ("trafficking victims repatriated", "people"),
    ("complaints received", "complaints"),
    ("migrant workers placed", "people"),
    ("detainees released", "people"),
    ("reports filed", "reports"),
    ("hotline calls", "calls"),
)
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)  # the model is their one home
PLAIN = re.compile(r"^[a-z0-9][a-z0-9/._-]*$")
YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


class Flow(dict[str, Any]):
    """A mapping written in flow style on one line, like `name: {en: ..., id: ...}`."""


@dataclass
class Manifest:
    """What was generated: counts, files, examples for queries, and an edit for rebuilds."""

    records: int
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0
    examples: dict[str, str] = field(default_factory=dict)
    edit: dict[str, str] = field(default_factory=dict)


def plan(records: int) -> dict[str, int]:
    """How many records of each section make `records` records in all."""
    if records < MIN_RECORDS:
        raise ValueError(f"at least {MIN_RECORDS} records are needed, got {records}")
    counts = {"countries": len(COUNTRIES)}
    counts.update({section: max(1, round(records * share)) for section, share in SHARES.items()})
    counts["people"] = records - sum(counts.values())
    return counts


class _Generator:
    def __init__(self, records: int, seed: int, concepts: Iterable[str]):
        self.rng = random.Random(seed)
        self.counts = plan(records)
        self.manifest = Manifest(records, seed, dict(self.counts))
        known = sorted(concepts)
        self.concepts = {kind: [c for c in known if c.startswith(kind + "/")] for kind in CONCEPT_SCHEMES}
        for kind, found in self.concepts.items():
            if not found:
                raise ValueError(f"the ontology defines no {kind}/... concept")
        self.files: dict[str, dict[str, list[dict[str, Any]]]] = {}
        self.cite_cursor = 0

    # ------------------------------------------------------------ helpers

    def pick(self, items: list[Any] | tuple[Any, ...]) -> Any:
        return items[self.rng.randrange(len(items))]

    def concept(self, kind: str, *preferred: str) -> str:
        choices = [f"{kind}/{p}" for p in preferred if f"{kind}/{p}" in self.concepts[kind]]
        return str(self.pick(choices or self.concepts[kind]))

    def word(self, syllables: int = 2) -> str:
        return "".join(self.pick(SYLLABLES) for _ in range(syllables)).capitalize()

    def day(self, start: int = 1988, end: int = 2025) -> date:
        first = date(start, 1, 1).toordinal()
        return date.fromordinal(self.rng.randrange(first, date(end, 12, 31).toordinal() + 1))

    def partial(self, when: date, day_share: float = 0.8) -> str:
        """The date at day, month or year precision, as a source might give it."""
        roll = self.rng.random()
        if roll < day_share:
            return when.isoformat()
        if roll < day_share + (1 - day_share) / 2:
            return when.strftime("%Y-%m")
        return str(when.year)

    def cites(self, quote: str | None = None, extra: float = 0.3) -> list[Any]:
        """One or two sources; every source is cited by someone (round robin first)."""
        sources = self.counts["sources"]
        first = self.cite_cursor % sources
        self.cite_cursor += 1
        chosen = [first]
        if self.rng.random() < extra:
            other = self.rng.randrange(sources)
            if other != first:
                chosen.append(other)
        result: list[Any] = []
        for index, number in enumerate(chosen):
            source = f"src/syn-{number:06d}"
            if index == 0 and quote is not None and self.rng.random() < 0.4:
                result.append({"source": source, "quote": quote})
            else:
                result.append(source)
        return result

    def add(self, path: str, section: str, record: dict[str, Any]) -> None:
        self.files.setdefault(path, {}).setdefault(section, []).append(record)

    # ------------------------------------------------------------ sections

    def generate(self) -> dict[str, str]:
        self.sources()
        self.countries_and_places()
        self.organizations_and_posts()
        self.people_and_tenures()
        self.measures()
        self.series_and_instruments()
        self.meetings()
        self.statements()
        self.observations_elsewhere()
        self.manifest.files = len(self.files)
        self.manifest.counts = {
            section: sum(len(f.get(section, [])) for f in self.files.values()) for section in self.counts
        }
        return {path: _emit(path, sections) for path, sections in sorted(self.files.items())}

    def sources(self) -> None:
        count = self.counts["sources"]
        self.source_day: list[date] = sorted(self.day(1988, 2025) for _ in range(count))
        for number, when in enumerate(self.source_day):
            name, _, _, lang, _, _ = self.pick(COUNTRIES)
            outlet = self.rng.randrange(40)
            record: dict[str, Any] = {
                "id": f"src/syn-{number:06d}",
                "title": f"{self.word(3)} {self.word(2)}: report {number} on {self.pick(PORTFOLIOS).lower()}",
                "publisher": f"{self.word(2)} {self.pick(('News', 'Post', 'Times', 'Daily'))} ({name})",
                "language": lang if self.rng.random() < 0.7 else "en",
                "url": f"https://outlet-{outlet}.example.org/{when.year}/{number:06d}",
                "kind": self.pick(SOURCE_KINDS),
            }
            if self.rng.random() < 0.9:
                record["published"] = self.partial(when, 0.85)
            self.add(f"documents/{when.year}/sources-{number // 200:04d}.yaml", "sources", record)

    def countries_and_places(self) -> None:
        for name, iso, english, lang, local, wikidata in COUNTRIES:
            labels = Flow(en=english)
            if lang != "en":
                labels[lang] = local
            record = {"id": f"country/{name}", "name": labels, "iso": iso, "wikidata": wikidata}
            self.add("places/countries.yaml", "countries", record)
        self.places_of: dict[str, list[str]] = {c[0]: [] for c in COUNTRIES}
        for number in range(self.counts["places"]):
            country = COUNTRIES[number % len(COUNTRIES)]
            city = self.word(self.rng.choice((2, 3)))
            place = f"place/{country[1].lower()}-{city.lower()}-{number}"
            self.places_of[country[0]].append(place)
            record = {"id": place, "name": Flow(en=city, **{country[3]: city}), "in": f"country/{country[0]}"}
            self.add(f"places/cities-{country[1].lower()}.yaml", "places", record)

    def organizations_and_posts(self) -> None:
        self.orgs_of: dict[str, list[str]] = {c[0]: [] for c in COUNTRIES}
        self.posts_of: dict[str, list[str]] = {c[0]: [] for c in COUNTRIES}
        self.all_orgs: list[str] = []
        self.single_holder: set[str] = set()
        ministries: dict[str, list[str]] = {c[0]: [] for c in COUNTRIES}
        posts_left = self.counts["posts"]
        orgs = self.counts["organizations"]
        for number in range(orgs):
            country = COUNTRIES[number % len(COUNTRIES)]
            kind, english, local = ORG_KINDS[(number // len(COUNTRIES)) % len(ORG_KINDS)]
            portfolio = self.pick(PORTFOLIOS)
            org = f"org/{country[1].lower()}-{kind}-{number}"
            path = f"organizations/{country[0]}/organizations-{number // (len(COUNTRIES) * 40):03d}.yaml"
            record: dict[str, Any] = {
                "id": org,
                "name": Flow(en=english.format(portfolio) + f" ({country[2]}, {number})"),
                "kind": self.concept("org-kind", kind),
                "country": f"country/{country[0]}",
                "cites": self.cites(f"the {english.format(portfolio).lower()} of {country[2]}", 0.2),
            }
            if country[3] == "id":
                record["name"]["id"] = local.format(portfolio) + f" ({number})"
            if kind != "ministry" and ministries[country[0]] and self.rng.random() < 0.5:
                record["parent"] = self.pick(ministries[country[0]])
            if kind == "ministry":
                ministries[country[0]].append(org)
            self.orgs_of[country[0]].append(org)
            self.all_orgs.append(org)
            self.add(path, "organizations", record)
            share = posts_left // (orgs - number)
            for index in range(share):
                title = POST_TITLES[index % len(POST_TITLES)]
                post = f"post/{country[1].lower()}-{title.lower().replace(' ', '-')}-{number}-{index}"
                post_record: dict[str, Any] = {
                    "id": post,
                    "name": Flow(en=f"{title}, {english.format(portfolio)} of {country[2]} ({number})"),
                    "in": org,
                    "cites": self.cites(f"{title} {portfolio}", 0.1),
                }
                if index == 0:
                    post_record["single_holder"] = True
                    self.single_holder.add(post)
                self.posts_of[country[0]].append(post)
                self.add(path, "posts", post_record)
            posts_left -= share

    def people_and_tenures(self) -> None:
        people = self.counts["people"]
        self.person_names: list[str] = []
        self.people_of: dict[str, list[int]] = {c[0]: [] for c in COUNTRIES}
        for number in range(people):
            country = COUNTRIES[number % len(COUNTRIES)]
            name = f"{self.word(2)} {self.word(self.rng.choice((2, 3)))}"
            person = f"person/{name.lower().replace(' ', '-')}-{number}"
            record: dict[str, Any] = {
                "id": person,
                "name": Flow(en=name, **({country[3]: name} if country[3] != "en" else {})),
                "nationality": f"country/{country[0]}",
                "cites": self.cites(name, 0.2),
            }
            if self.rng.random() < 0.5:
                record["born"] = self.partial(self.day(1940, 1990), 0.5)
            if self.places_of[country[0]] and self.rng.random() < 0.2:
                record["birth_place"] = self.pick(self.places_of[country[0]])
            self.people_of[country[0]].append(number)
            self.person_names.append(person)
            self.add(self.people_file(number), "people", record)
        self.tenures()

    def people_file(self, number: int) -> str:
        country = COUNTRIES[number % len(COUNTRIES)][0]
        return f"people/{country}/people-{number // (len(COUNTRIES) * 100):04d}.yaml"

    def tenures(self) -> None:
        """Each post's holders one after another; a single-holder post never has two at once,
        and only its last tenure may be open."""
        self.active_by_year: dict[int, list[tuple[int, str, date, date]]] = {}
        posts = [(country, post) for country, found in self.posts_of.items() for post in found]
        left = self.counts["tenures"]
        last_day = date(2025, 12, 31)
        examples = self.manifest.examples
        number = 0
        for index, (country, post) in enumerate(posts):
            if not self.people_of[country]:
                continue
            share = left // (len(posts) - index)
            chain = max(1, share + self.rng.randrange(-1, 2)) if share else int(self.rng.random() < 0.5)
            chain = left if index == len(posts) - 1 else min(chain, left)
            left -= chain
            single = post in self.single_holder
            when = self.day(1985, 2005)
            for step in range(chain):
                holder = self.pick(self.people_of[country])
                start = when
                end: date | None = start + timedelta(days=self.rng.randrange(365, 6 * 365))
                if end is not None and (
                    end > date(2025, 6, 30) or (step == chain - 1 and self.rng.random() < 0.5)
                ):
                    end = None
                record: dict[str, Any] = {
                    "id": f"tenure/{self.person_names[holder].split('/', 1)[1]}-{number}",
                    "person": self.person_names[holder],
                    "post": post,
                }
                if not single and self.rng.random() < 0.1:
                    record["attested"] = [start.isoformat()]
                    truth = (start, start)
                else:
                    record["start"] = self.partial(start, 0.7)
                    if end is not None:
                        record["end"] = self.partial(end, 0.7)
                        if self.rng.random() < 0.3:
                            record["end_reason"] = self.pick(("resigned", "reshuffle", "term ended"))
                    truth = (start, end or last_day)
                    if single and step == 1 and "post" not in examples:
                        examples["post"] = post
                        examples["post_on"] = (start + (truth[1] - start) / 2).isoformat()
                record["cites"] = self.cites(f"{post.split('/', 1)[1]} appointed", 0.3)
                self.add(self.people_file(holder), "tenures", record)
                for year in range(truth[0].year, truth[1].year + 1):
                    self.active_by_year.setdefault(year, []).append((holder, post, truth[0], truth[1]))
                number += 1
                if end is None:
                    break
                when = end + timedelta(days=self.rng.randrange(1, 200))
        if "post" not in examples:
            examples["post"] = posts[0][1]
            examples["post_on"] = "2000-01-01"

    def participants_on(self, when: date, size: int) -> list[tuple[int, str | None]]:
        """People at a meeting: mostly office holders on that day, attending as their post."""
        active = self.active_by_year.get(when.year, [])
        chosen: list[tuple[int, str | None]] = []
        people = self.counts["people"]
        for _ in range(size * 4):
            if len(chosen) == size:
                break
            if active and self.rng.random() < 0.85:
                holder, post, start, end = self.pick(active)
                if not start <= when <= end:
                    continue
                entry: tuple[int, str | None] = (holder, post)
            else:
                entry = (self.rng.randrange(people), None)
            if all(entry[0] != other for other, _ in chosen):
                chosen.append(entry)
        return chosen or [(self.rng.randrange(people), None)]

    def measures(self) -> None:
        for number in range(self.counts["measures"]):
            name, unit = MEASURE_NAMES[number % len(MEASURE_NAMES)]
            record = {
                "id": f"measure/syn-{number}",
                "name": Flow(en=f"{name.capitalize()} ({number})"),
                "unit": unit,
            }
            self.add("figures/measures.yaml", "measures", record)
        self.manifest.examples["measure"] = "measure/syn-0"

    def series_and_instruments(self) -> None:
        self.series = [f"series/syn-{n}" for n in range(self.counts["series"])]
        for series in self.series:
            record: dict[str, Any] = {
                "id": series,
                "name": Flow(en=f"{self.word(2)} {self.pick(MEETING_KINDS).title()}s"),
                "topics": sorted({self.concept("topic") for _ in range(2)}),
            }
            if self.counts["instruments"] and self.rng.random() < 0.5:
                record["led_to"] = [f"instrument/syn-{self.rng.randrange(self.counts['instruments'])}"]
            record["cites"] = self.cites(None)
            self.add("history/series.yaml", "series", record)
        count = self.counts["instruments"]
        for number in range(count):
            adopted = self.day(1990, 2024)
            record = {
                "id": f"instrument/syn-{number}",
                "name": Flow(en=f"{self.word(3)} {self.pick(('Declaration', 'Convention', 'Agreement'))}"),
                "kind": self.concept("instrument-kind"),
                "adopted": self.partial(adopted, 0.9),
                "topics": [self.concept("topic")],
            }
            events = []
            for country in self.rng.sample(COUNTRIES, self.rng.randrange(1, 5)):
                when = adopted + timedelta(days=self.rng.randrange(0, 2000))
                kind = self.concept("event-kind", "signature", "ratification", "accession")
                events.append({"kind": kind, "party": f"country/{country[0]}", "date": self.partial(when)})
            record["events"] = events
            if number + 1 < count and self.rng.random() < 0.2:
                record["led_to"] = [f"instrument/syn-{number + 1}"]
            record["cites"] = self.cites(None)
            self.add(f"history/instruments-{number // 200:03d}.yaml", "instruments", record)

    def meetings(self) -> None:
        count = self.counts["meetings"]
        commitments = self.counts["commitments"]
        made_at = commitments - commitments // 10
        observations = self.counts["observations"]
        stated_at = observations // 2
        self.meeting_ids: list[str] = []
        busy: dict[int, int] = {}
        for number in range(count):
            when = self.day(1988, 2025)
            host_country = self.pick(COUNTRIES)
            kind = self.pick(MEETING_KINDS)
            meeting = f"meeting/{when.isoformat()}-syn-{number}"
            participants = []
            for index, (person, post) in enumerate(self.participants_on(when, self.rng.randrange(2, 5))):
                busy[person] = busy.get(person, 0) + 1
                entry: dict[str, Any] = {"person": self.person_names[person]}
                if post is not None:
                    entry["as"] = post
                entry["role"] = self.concept("role", "host" if index == 0 else "guest", "delegate")
                if self.rng.random() < 0.1:
                    entry["cites"] = self.cites(f"{self.person_names[person]} attended", 0.0)
                participants.append(entry)
            record: dict[str, Any] = {
                "id": meeting,
                "name": Flow(
                    en=f"{host_country[2]} {kind} {number}",
                    id=f"Pertemuan {kind} {number} di {host_country[4]}",
                ),
                "date": self.partial(when, 0.9),
            }
            if self.places_of[host_country[0]]:
                record["place"] = self.pick(self.places_of[host_country[0]])
            if self.orgs_of[host_country[0]]:
                record["host"] = self.pick(self.orgs_of[host_country[0]])
            if self.rng.random() < 0.3:
                record["venue"] = Flow(en=f"Office of the {self.word(2)} Commission")
            record["participants"] = participants
            record["topics"] = sorted({self.concept("topic") for _ in range(self.rng.randrange(1, 4))})
            if self.series and self.rng.random() < 0.2:
                record["series"] = self.pick(self.series)
            record["cites"] = self.cites(f"the {kind} in {host_country[2]} discussed cooperation", 0.2)
            path = f"meetings/{when.year}/{meeting.split('/', 1)[1]}.yaml"
            self.add(path, "meetings", record)
            self.meeting_ids.append(meeting)
            first = number * made_at // count
            for index in range(first, (number + 1) * made_at // count):
                self.add(path, "commitments", self.commitment(index, when, meeting, None))
            first = number * stated_at // count
            for index in range(first, (number + 1) * stated_at // count):
                self.add(path, "observations", self.observation(index, when, meeting))
            if number == count // 2:
                old = f"en: {json.dumps(record['name']['en'], ensure_ascii=False)}"
                self.manifest.edit = {"file": path, "old": old, "new": old[:-1] + ' (revised)"'}
        examples = self.manifest.examples
        top = max(sorted(busy), key=lambda p: busy[p])
        examples["person"] = self.person_names[top]
        examples["meeting"] = self.meeting_ids[count // 2]
        examples["country"] = f"country/{COUNTRIES[0][0]}"
        examples["other_country"] = f"country/{COUNTRIES[1][0]}"
        examples["series"] = self.series[0]

    def commitment(self, number: int, when: date, meeting: str | None, source: str | None) -> dict[str, Any]:
        country = self.pick(COUNTRIES)
        other = self.pick([c for c in COUNTRIES if c != country])
        by_roll = self.rng.random()
        if by_roll < 0.4:
            by = f"country/{country[0]}"
        elif by_roll < 0.7 and self.orgs_of[country[0]]:
            by = self.pick(self.orgs_of[country[0]])
        else:
            by = self.pick(self.person_names)
        portfolio = self.pick(PORTFOLIOS).lower()
        record: dict[str, Any] = {
            "id": f"commitment/{when.isoformat()}-syn-{number}",
            "kind": self.concept("commitment-kind"),
            "by": by,
            "to": [f"country/{other[0]}"],
        }
        if self.rng.random() < 0.3 and self.orgs_of[other[0]]:
            record["with"] = [self.pick(self.orgs_of[other[0]])]
        if meeting is not None:
            record["made_at"] = meeting
        else:
            record["made_in"] = source
        record["text"] = Flow(
            en=f"{country[2]} will work with {other[2]} on {portfolio} (item {number}).",
            id=f"{country[4]} akan bekerja sama dengan {other[4]} soal {portfolio} (butir {number}).",
        )
        record["topics"] = [self.concept("topic")]
        if self.rng.random() < 0.6:
            record["due"] = str(when.year + self.rng.randrange(0, 3))
        statuses = [{"value": self.concept("status", "open"), "as_of": when.isoformat()}]
        if self.rng.random() < 0.3:
            later = when + timedelta(days=self.rng.randrange(30, 1500))
            statuses.append({"value": self.concept("status"), "as_of": later.isoformat()})
        record["status"] = statuses if len(statuses) > 1 else statuses[0]
        if self.rng.random() < 0.1:
            record["confidence"] = self.concept("confidence")
        record["cites"] = self.cites(f"{country[4]} akan bekerja sama dengan {other[4]}", 0.3)
        return record

    def observation(self, number: int, when: date, meeting: str | None) -> dict[str, Any]:
        country = self.pick(COUNTRIES)
        record: dict[str, Any] = {
            "id": f"obs/syn-{number}",
            "measure": f"measure/syn-{number % self.counts['measures']}",
            "about": f"country/{country[0]}",
            "value": self.rng.randrange(0, 200_000),
            "qualifier": self.pick(QUALIFIERS),
            "as_of": when.isoformat(),
        }
        if self.rng.random() < 0.3:
            record["period_start"] = str(when.year)
        if self.orgs_of[country[0]] and self.rng.random() < 0.7:
            record["reported_by"] = self.pick(self.orgs_of[country[0]])
        if meeting is not None:
            record["stated_at"] = meeting
        record["cites"] = self.cites(f"{record['value']} {country[2]}", 0.2)
        return record

    def statements(self) -> None:
        """Commitments made in a statement (made_in a source), not at a meeting."""
        commitments = self.counts["commitments"]
        made_at = commitments - commitments // 10
        for number in range(made_at, commitments):
            source = self.rng.randrange(self.counts["sources"])
            when = self.source_day[source]
            record = self.commitment(number, when, None, f"src/syn-{source:06d}")
            self.add(f"statements/{when.year}/statements-{number // 200:04d}.yaml", "commitments", record)

    def observations_elsewhere(self) -> None:
        """Figures from reports rather than meetings."""
        observations = self.counts["observations"]
        for number in range(observations // 2, observations):
            when = self.day(1995, 2025)
            self.add(
                f"figures/{when.year}/observations-{number // 500:04d}.yaml",
                "observations",
                self.observation(number, when, None),
            )


# ---------------------------------------------------------------- a small YAML writer


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if PLAIN.match(text) and text.lower() not in YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(value: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items()) + "}"


def _lines(record: dict[str, Any], indent: str) -> list[str]:
    lines = []
    for key, value in record.items():
        if isinstance(value, Flow):
            lines.append(f"{indent}{key}: {_flow(value)}")
        elif isinstance(value, dict):
            lines.append(f"{indent}{key}:")
            lines.extend(_lines(value, indent + "  "))
        elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
            lines.append(f"{indent}{key}:")
            for item in value:
                if isinstance(item, dict):
                    first, *rest = _lines(item, indent + "    ")
                    lines.append(f"{indent}  - {first.lstrip()}")
                    lines.extend(rest)
                else:
                    lines.append(f"{indent}  - {_scalar(item)}")
        elif isinstance(value, list):
            lines.append(f"{indent}{key}: [{', '.join(_scalar(v) for v in value)}]")
        else:
            lines.append(f"{indent}{key}: {_scalar(value)}")
    return lines


def _emit(path: str, sections: dict[str, list[dict[str, Any]]]) -> str:
    out = [f"# Synthetic data for benchmarks (graph/synthetic.py): {path}"]
    for section, records in sections.items():
        out.append(f"{section}:")
        for record in records:
            first, *rest = _lines(record, "    ")
            out.append(f"  - {first.lstrip()}")
            out.extend(rest)
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# ---------------------------------------------------------------- entry points


def generate(
    records: int, seed: int = 1, ontology_dir: Path | None = None
) -> tuple[dict[str, str], Manifest]:
    """The files (relative path → YAML text) of a synthetic sources folder, and its manifest."""
    ontology = load_ontology(ontology_dir or default_ontology_dir())
    generator = _Generator(records, seed, ontology.concepts)
    files = generator.generate()
    return files, generator.manifest


def write(out: Path, records: int, seed: int = 1, ontology_dir: Path | None = None) -> Manifest:
    """Write a synthetic sources folder into `out` (which must be empty or absent)."""
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty: give a new folder")
    files, manifest = generate(records, seed, ontology_dir)
    for relative, text in files.items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (out / MANIFEST).write_text(
        json.dumps(manifest.__dict__, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return manifest


def read_manifest(sources: Path) -> Manifest:
    """The manifest written beside a synthetic sources folder's files."""
    return Manifest(**json.loads((sources / MANIFEST).read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.synthetic",
        description="Write a deterministic synthetic sources folder in hrgraph's YAML format.",
    )
    parser.add_argument(
        "--records", type=int, required=True, help=f"how many records (at least {MIN_RECORDS})"
    )
    parser.add_argument("--out", type=Path, required=True, help="an empty or new folder to write into")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--ontology", type=Path, default=None, help="ontology folder (default ./ontology)")
    args = parser.parse_args(argv)
    try:
        manifest = write(args.out, args.records, args.seed, args.ontology)
    except (ValueError, FileExistsError) as exc:
        print(f"synthetic: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote {manifest.records} records in {manifest.files} files to {args.out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
