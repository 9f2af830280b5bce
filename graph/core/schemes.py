"""The controlled words curators pick from: each SKOS scheme of the ontology (topics, statuses,
kinds of organisation, roles, ...) with its concepts and their labels in every reader language,
listed by `hrgraph vocab` as a table or as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from graph.core.errors import UsageError
from graph.core.languages import LANGUAGES
from graph.core.ontology import Ontology
from graph.core.suggest import suggest
from graph.core.vocab import RDF, SKOS, VOCABULARY_BASE


@dataclass(frozen=True)
class Word:
    """One concept a curator may write: its id (topic/migrant-workers) and its labels."""

    scheme: str
    id: str
    labels: dict[str, str]


def controlled_words(ontology: Ontology, scheme: str | None = None) -> list[Word]:
    """Every concept of every scheme (or of `scheme`, e.g. 'topic'), by scheme then id."""
    schemes = sorted(
        str(s)[len(VOCABULARY_BASE) :]
        for s in ontology.vocabularies.subjects(RDF.type, SKOS.ConceptScheme)
        if str(s).startswith(VOCABULARY_BASE)
    )
    if scheme is not None and scheme not in schemes:
        raise UsageError(f"--scheme {scheme}: there is no such scheme; " + suggest(scheme, schemes))
    words = []
    for short, concept in ontology.concepts.items():
        kind = short.split("/", 1)[0]
        if kind in schemes and scheme in (None, kind):
            labels = ontology.labels.get(concept, {})
            words.append(Word(kind, short, {lang: labels.get(lang, "") for lang in LANGUAGES}))
    return sorted(words, key=lambda word: (word.scheme, word.id))


def words_table(words: list[Word]) -> str:
    """The words as aligned columns under a heading per scheme: the id, then its label in each
    language (- where it has none)."""
    width = max((len(word.id) for word in words), default=0)
    widths = {lang: max((len(word.labels[lang] or "-") for word in words), default=0) for lang in LANGUAGES}
    lines: list[str] = []
    scheme = None
    for word in words:
        if word.scheme != scheme:
            if scheme is not None:
                lines.append("")
            lines.append(f"{word.scheme}:")
            scheme = word.scheme
            heading = [f"{'id':<{width}}", *(f"{lang:<{widths[lang]}}" for lang in LANGUAGES)]
            lines.append(("  " + "  ".join(heading)).rstrip())
        labels = [f"{word.labels[lang] or '-':<{widths[lang]}}" for lang in LANGUAGES]
        lines.append(("  " + "  ".join([f"{word.id:<{width}}", *labels])).rstrip())
    return "\n".join(lines) + "\n"


def words_csv(words: list[Word]) -> str:
    """The words as CSV: scheme, id, then one label column per language."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["scheme", "id", *(f"label_{lang}" for lang in LANGUAGES)])
    for word in words:
        writer.writerow([word.scheme, word.id, *(word.labels[lang] for lang in LANGUAGES)])
    return out.getvalue()
