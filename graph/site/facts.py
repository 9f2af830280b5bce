"""Facts as a page shows them: each value with the markers of its own sources, its confidence
and its curator's note; the sources themselves numbered once per page as endnotes."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.core.ontology import Ontology
from graph.core.vocab import DCTERMS, HRG, SCHEMA
from graph.rdf.pages import kind_of, page_path
from graph.rdf.reads import KeptReads, RecordingGraph
from graph.rdf.triples import GraphLike
from graph.view.read import label_of, short_id
from graph.view.rules import LABEL_PREDICATES
from graph.view.words import human_number

_Made = TypeVar("_Made")

LONG_NAME = 90
"""A name made from a longer text (a commitment's) is cut to this many characters."""


@dataclass(frozen=True)
class Source:
    """One source as an endnote: the page of the source, what it is, and the quote the fact rests on."""

    page: str
    title: str
    publisher: str
    issued: str
    url: str
    archived: str
    quote: str
    locator: str


@dataclass(frozen=True)
class Named:
    """A thing named on a page: its name in the page's language, its page if it has one, and
    `fallback` set to the language of the name when it is not the page's."""

    text: str
    page: str = ""
    fallback: str = ""


@dataclass
class Value:
    """A value on a page (a date, a name, a figure, a text) with who says so: its sources (numbered
    as endnotes when the page is written), its confidence and the curator's note on it."""

    parts: list[Named]
    sources: list[Source] = field(default_factory=list)
    confidence: str = ""
    note: str = ""
    note_lang: str = ""
    """The note's language when it is not the page's (it is shown marked, as a name is)."""


@dataclass
class Endnotes:
    """The sources cited on one page, numbered in the order they are first cited: the same
    source with the same quote keeps its number."""

    notes: list[Source] = field(default_factory=list)
    numbers: dict[Source, int] = field(default_factory=dict)

    def number(self, source: Source) -> int:
        """The endnote number of `source`, given when it is first cited on the page."""
        if source not in self.numbers:
            self.notes.append(source)
            self.numbers[source] = len(self.notes)
        return self.numbers[source]


Citation = tuple[Node, str, str, frozenset[Node]]
"""A fact's citation as the graph has it: its source, quote, locator and the properties it is
cited for (hrg:citedFor; none: the whole fact)."""


def for_field(field: URIRef, cited: list[Citation]) -> list[Citation]:
    """Of a fact's citations, those cited for `field`, else those cited for no field in
    particular: never those cited for other fields only (all, when none names a field)."""
    if not any(fields for *_, fields in cited):
        return cited
    named = [c for c in cited if field in c[3]]
    return named or [c for c in cited if not c[3]]


@dataclass
class Reader:
    """Reads facts from the graph for the pages of one language. What it reads of a thing (its
    name, its page, the sources of a fact) is kept: the graph does not change while the site
    is written, and the same things are named on many pages."""

    graph: GraphLike
    lang: str
    ontology: Ontology
    gettext: Callable[[str], str] = str
    _named: dict[Node, Named] = field(default_factory=dict, init=False, repr=False)
    _names: dict[Node, tuple[str, str]] = field(default_factory=dict, init=False, repr=False)
    _sources: dict[Node, tuple[str, str, str, str, str, str]] = field(
        default_factory=dict, init=False, repr=False
    )
    _captions: dict[Node, str] = field(default_factory=dict, init=False, repr=False)
    citations: dict[Node, list[Citation]] = field(default_factory=dict, repr=False)
    """Each fact's citations as the graph has them: the same in every language, so the readers
    of a process share them (and empty them between tasks)."""
    kept_reads: dict[Hashable, KeptReads] = field(default_factory=dict, repr=False)
    """When the graph is a RecordingGraph: what each kept answer read, noted again each time
    the answer is used (shared by the readers that share `citations`)."""

    def _kept(
        self, answers: dict[Node, _Made], node: Node, key: Hashable, make: Callable[[], _Made]
    ) -> _Made:
        """The answer kept in `answers` for `node`, else `make()` kept there; when the graph
        records, what the answer read is noted (under `key`) each time it is used again."""
        graph = self.graph
        answer = answers.get(node)
        if not isinstance(graph, RecordingGraph):
            if answer is None:
                answer = answers[node] = make()
            return answer
        if answer is not None:
            graph.note(self.kept_reads[key])
            return answer
        with graph.recording() as reads:
            answer = answers[node] = make()
        self.kept_reads[key] = reads.kept()
        return answer

    def caption(self, term: URIRef) -> str:
        """The ontology's word for a class or property in the page's language."""
        caption = self._captions.get(term)
        if caption is None:
            label = self.ontology.label(term, self.lang)
            caption = self._captions[term] = label[:1].upper() + label[1:]
        return caption

    def named(self, node: Node) -> Named:
        """A thing by its name in the page's language, linked to its page when it has one."""
        if isinstance(node, Literal):
            return Named(self.text(node))
        return self._kept(self._named, node, (self.lang, "named", node), lambda: self._make_named(node))

    def _make_named(self, node: Node) -> Named:
        name, found = self.name(node)
        page = page_path(node) if kind_of(self.graph, node) is not None else ""
        return Named(name, page, self.foreign(found))

    def name(self, node: Node) -> tuple[str, str]:
        """The name in the page's language (else English, Indonesian, any) and its language.
        A commitment is named by what was promised, a statement by what was said, a figure by its
        measure and value."""
        return self._kept(self._names, node, (self.lang, "name", node), lambda: self._name(node))

    def _name(self, node: Node) -> tuple[str, str]:
        name = self.pick(o for p in LABEL_PREDICATES for o in self.graph.objects(node, p))
        if name[0]:
            return name
        title = self.text_of(node, DCTERMS.title)  # a source is named by its title
        if title[0]:
            return title
        text, lang = self.text_of(node, HRG.text)
        if not text:  # a statement is named by what was said
            text, lang = self.text_of(node, HRG.statementText)
        if text:
            return (text if len(text) <= LONG_NAME else text[: LONG_NAME - 1].rstrip() + "…"), lang
        measure, value = self.graph.value(node, HRG.measure), self.graph.value(node, HRG.value)
        if measure is not None and value is not None:
            measure_name, lang = self.name(measure)
            return f"{measure_name}: {human_number(str(value), self.lang)}", lang
        return short_id(str(node)), ""

    def pick(self, texts: Iterable[Node]) -> tuple[str, str]:
        """Of language-tagged texts, the one in the page's language, else English, Indonesian,
        any; with its language ('' for none)."""
        ordered = sorted(
            (t for t in texts if isinstance(t, Literal)), key=lambda t: (str(t), t.language or "")
        )
        for wanted in (self.lang, "en", "id"):
            for text in ordered:
                if text.language == wanted:
                    return str(text), wanted
        return (str(ordered[0]), ordered[0].language or "") if ordered else ("", "")

    def text_of(self, node: Node, predicate: URIRef) -> tuple[str, str]:
        """A text of `node` in the page's language if it has one, and the language it is in."""
        return self.pick(self.graph.objects(node, predicate))

    def text(self, literal: Node) -> str:
        return str(literal)

    def note_of(self, node: Node) -> Named | None:
        """The curator's note on `node` (`said`)."""
        return self.said(node, HRG.curatorNote)

    def said(self, node: Node, predicate: URIRef) -> Named | None:
        """A text of `node` in the page's language (else English, Indonesian, any), its language
        marked when it is not the page's; None when it has none."""
        text, lang = self.text_of(node, predicate)
        return Named(text, fallback=self.foreign(lang)) if text else None

    def foreign(self, lang: str) -> str:
        """The language a text in `lang` is marked with: none ('') in the page's or untagged."""
        return "" if lang in ("", self.lang) else lang

    def words(self, node: Node, predicate: URIRef) -> str:
        """A text of `node` in the page's language (else English, Indonesian, any)."""
        return self.text_of(node, predicate)[0]

    def cited(self, fact: Node, parts: list[Named], noted: bool = True, field: URIRef | None = None) -> Value:
        """`parts` as said by `fact` (its value of `field`, when given): its sources' endnote
        numbers, confidence and (when `noted`) the curator's note on it."""
        value = Value(parts, list(dict.fromkeys(self.sources(fact, field))))
        confidence = self.graph.value(fact, HRG.confidence)
        # the record's confidence is said of its sources in general, not of a value that rests
        # on sources of its own (cited for its field): shown there, it would claim too much
        if confidence is not None and not (field is not None and field in self.fields_cited_for(fact)):
            value.confidence = label_of(self.graph, confidence, self.lang)
        if noted:
            note = self.note_of(fact)
            if note is not None:
                value.note, value.note_lang = note.text, note.fallback
        return value

    def sources(self, fact: Node, field: URIRef | None = None) -> list[Source]:
        """The sources `fact` cites, with the quote and place in the source it rests on; given a
        `field`, those of its value of that property (see `for_field`)."""
        cited = self._cited(fact)
        if field is not None:
            cited = for_field(field, cited)
        return [
            Source(*self.source(source), quote=quote, locator=locator) for source, quote, locator, _ in cited
        ]

    def fields_cited_for(self, fact: Node) -> frozenset[Node]:
        """The properties some citation of `fact` is cited for."""
        return frozenset().union(*(fields for *_, fields in self._cited(fact)))

    def _cited(self, fact: Node) -> list[Citation]:
        return self._kept(self.citations, fact, ("citations", fact), lambda: self._citations(fact))

    def _citations(self, fact: Node) -> list[Citation]:
        graph = self.graph
        return [
            (
                source,
                str(graph.value(citation, HRG.quote) or ""),
                str(graph.value(citation, HRG.locator) or ""),
                frozenset(graph.objects(citation, HRG.citedFor)),
            )
            for citation in sorted(graph.objects(fact, HRG.citation), key=str)
            if (source := graph.value(citation, HRG.source)) is not None
        ]

    def source(self, source: Node) -> tuple[str, str, str, str, str, str]:
        """A source's page, title (in the page's language if it has one), publisher, date,
        address and archived copy."""
        return self._kept(self._sources, source, (self.lang, "source", source), lambda: self._source(source))

    def _source(self, source: Node) -> tuple[str, str, str, str, str, str]:
        graph = self.graph
        return (
            page_path(source),
            self.words(source, DCTERMS.title) or label_of(graph, source, self.lang),
            str(graph.value(source, DCTERMS.publisher) or ""),
            str(graph.value(source, DCTERMS.issued) or ""),
            str(graph.value(source, SCHEMA.url) or ""),
            str(graph.value(source, HRG.archivedAt) or ""),
        )
