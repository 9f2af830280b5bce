"""Known entities found in an article: every label and alias of people, organisations, posts,
places, countries and topics, in every language, matched exactly (Aho-Corasick over folded
text) or, for a name of five letters or more, as a misspelling ("Pigay", "Keo Remi").

The fuzzy scorer is rapidfuzz's plain `ratio` over windows of as many words as the name has, at
80 or more, with the first letter the same, every word of the window capitalised as a name is
in the press, and a one-word name differing only in its last two letters. Measured on the four
test articles (tests/fixtures/suggest) over their fixture's names, fuzzy hits before the exact
matches are preferred: `WRatio` 56 (common words, "Kamboja, Keo" for Keo Remy, parts of longer
names); `ratio` 24 ("jalan" for Japan, "atas" for Alatas, "kerja sama HAM yang" for a topic);
with capitals 8 ("Jalan", "Langkah" starting a sentence, "Cambodian"); with the last rule 5:
"Pigay", "Natalius Pigay", "Keo Remi", and "Kementerian Luar", which the exact "Kementerian Luar
Negeri" around it then outranks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import ahocorasick
from rapidfuzz import fuzz, process

from graph.core.ontology import Ontology
from graph.curation.folding import Folded, fold, fold_name
from graph.ingest.dataset import Dataset
from graph.ingest.records import Country, Organization, Person, Place, Post, Record

ENTITY_TYPES: tuple[type[Record], ...] = (Person, Organization, Post, Place, Country)
INDEXED_CONCEPTS = ("topic",)
FUZZY_SCORE = 80
FUZZY_SHORTEST = 5
SURNAME_SHORTEST = 5
WORD = re.compile(r"\w+")
LATIN_WORD = re.compile(r"[a-z0-9]")


@dataclass(frozen=True, order=True)
class Mention:
    """A known entity named in the text at start:end (offsets in the original text)."""

    start: int
    end: int
    id: str
    surface: str
    score: float = 100.0

    @property
    def kind(self) -> str:
        return self.id.split("/", 1)[0]

    @property
    def exact(self) -> bool:
        return self.score >= 100.0


@dataclass
class EntityIndex:
    """Every folded name of every known entity, and the ids it names."""

    names: dict[str, set[str]] = field(default_factory=dict)
    automaton: ahocorasick.Automaton = field(default_factory=ahocorasick.Automaton)

    def add(self, entity: str, name: str) -> None:
        folded = fold_name(name)
        if folded:
            self.names.setdefault(folded, set()).add(entity)

    def finish(self) -> EntityIndex:
        for folded, ids in self.names.items():
            self.automaton.add_word(folded, (folded, frozenset(ids)))
        if self.names:
            self.automaton.make_automaton()
        return self


def _names(record: Record) -> Iterator[str]:
    yield from (getattr(record, "name", None) or {}).values()
    for names in (getattr(record, "aliases", None) or {}).values():
        yield from names


def build_index(dataset: Dataset, ontology: Ontology) -> EntityIndex:
    """The index of every name of the dataset's entities and the ontology's topics. A person's
    family name alone (the last word of a name of several, five letters or more) is indexed
    too when no other name is written the same."""
    index = EntityIndex()
    surnames: dict[str, set[str]] = {}
    for record in dataset.records.values():
        if not isinstance(record, ENTITY_TYPES):
            continue
        for name in _names(record):
            index.add(record.id, name)
            words = name.split()
            if isinstance(record, Person) and len(words) > 1 and len(words[-1]) >= SURNAME_SHORTEST:
                surnames.setdefault(fold_name(words[-1]), set()).add(record.id)
    for short, iri in sorted(ontology.concepts.items()):
        if short.split("/", 1)[0] in INDEXED_CONCEPTS:
            for label in ontology.labels.get(iri, {}).values():
                index.add(short, label)
    for surname, ids in surnames.items():
        if len(ids) == 1 and surname not in index.names:
            index.names[surname] = ids
    return index.finish()


def _is_word_edge(text: str, index: int) -> bool:
    """No Latin letter or digit at `index` (a match must not start or end inside a word)."""
    return index < 0 or index >= len(text) or not LATIN_WORD.match(text[index])


def _exact(index: EntityIndex, folded: Folded, original: str) -> list[Mention]:
    found: list[Mention] = []
    if not index.names:
        return found
    for last, (name, ids) in index.automaton.iter(folded.text):
        first = last - len(name) + 1
        if LATIN_WORD.match(name[0]) and not _is_word_edge(folded.text, first - 1):
            continue
        if LATIN_WORD.match(name[-1]) and not _is_word_edge(folded.text, last + 1):
            continue
        start, end = folded.span(first, last + 1)
        found.extend(Mention(start, end, entity, original[start:end]) for entity in sorted(ids))
    return found


def _windows(folded: Folded, size: int) -> list[tuple[str, int, int]]:
    """Every run of `size` Latin words of the folded text, with its folded span."""
    words = [(m.start(), m.end()) for m in WORD.finditer(folded.text) if LATIN_WORD.match(m.group())]
    return [
        (folded.text[words[i][0] : words[i + size - 1][1]], words[i][0], words[i + size - 1][1])
        for i in range(len(words) - size + 1)
    ]


def _capitalised(surface: str) -> bool:
    """Every word starts with a capital letter, as a name does ("Keo Remi", not "jalan")."""
    return all(word[0].isupper() for word in surface.split() if word[0].isalpha())


def _same_stem(word: str, name: str) -> bool:
    """A one-word name misspelt as transliteration varies it: the same length and letters but
    the last two ("Pigay" for Pigai), not a word one letter away ("Jalan" for Japan)."""
    return len(word) == len(name) and word[:-2] == name[:-2]


def _fuzzy(index: EntityIndex, folded: Folded, original: str) -> list[Mention]:
    found: list[Mention] = []
    by_size: dict[int, list[str]] = {}
    for name in index.names:
        if len(name) >= FUZZY_SHORTEST and LATIN_WORD.match(name[0]):
            by_size.setdefault(len(name.split()), []).append(name)
    for size, names in sorted(by_size.items()):
        windows = _windows(folded, size)
        texts = [text for text, _, _ in windows]
        if not texts:
            continue
        for name in names:
            for text, score, position in process.extract(
                name, texts, scorer=fuzz.ratio, score_cutoff=FUZZY_SCORE, limit=None
            ):
                if text == name or text[0] != name[0] or text in index.names:
                    continue
                _, first, last = windows[position]
                start, end = folded.span(first, last)
                if not _capitalised(original[start:end]) or (size == 1 and not _same_stem(text, name)):
                    continue
                found.extend(
                    Mention(start, end, entity, original[start:end], score)
                    for entity in sorted(index.names[name])
                )
    return found


def _outermost(mentions: Iterable[Mention]) -> list[Mention]:
    """The mentions not inside a longer one of their kind (a post's name may name its
    organisation: both are kept), exact ones before misspellings of the same span."""
    kept: list[Mention] = []
    reaching: list[Mention] = []  # those kept that end at or after the current start
    ordered = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start), -m.score, m.id))
    for mention in ordered:
        # taken by start, so a kept mention ending before this one's start meets no later one
        reaching = [k for k in reaching if k.end >= mention.start]
        inside = any(
            k.start <= mention.start
            and mention.end <= k.end
            and (k.end - k.start) > (mention.end - mention.start)
            and k.kind == mention.kind
            for k in reaching
        )
        same_span_better = any(
            (k.start, k.end) == (mention.start, mention.end) and k.score > mention.score for k in reaching
        )
        overlapping_exact = not mention.exact and any(
            k.exact and k.start < mention.end and mention.start < k.end for k in reaching
        )
        if not (inside or same_span_better or overlapping_exact):
            kept.append(mention)
            reaching.append(mention)
    return sorted(kept)


def find_entities(index: EntityIndex, text: str) -> list[Mention]:
    """Every mention of a known entity in `text`, in the order of the text."""
    folded = fold(text)
    return _outermost(_exact(index, folded, text) + _fuzzy(index, folded, text))
