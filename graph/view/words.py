"""Texts for readers: a text by language, templates with optional parts, numbers as written."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from babel.numbers import format_decimal
from rdflib import URIRef

from graph.core.languages import LANGUAGES, babel_locale
from graph.core.messages import gettext_for
from graph.core.ontology import shipped_ontology

Words = Mapping[str, str]
"""A text by language tag; `words_in` picks one with a fallback to English. The view's words
are `Labelled` (an ontology term's labels) or a `Message` (a msgid of graph/locale)."""


class Labelled(Mapping[str, str]):
    """A class's or a property's name by language, from the ontology's labels ('Meeting',
    'post in'); `caption=True` starts it with a capital, as the heading of a detail ('Post in')."""

    def __init__(self, term: URIRef, caption: bool = False) -> None:
        self.term, self.caption = term, caption

    def __getitem__(self, lang: str) -> str:
        return _label(self.term, lang, self.caption)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)

    def __repr__(self) -> str:
        return f"Labelled({str(self.term)!r})"


class Message(Mapping[str, str]):
    """An English text (a msgid of the catalogues) by language: 'attended[ as {capacity}]'."""

    def __init__(self, msgid: str) -> None:
        self.msgid = msgid

    def __getitem__(self, lang: str) -> str:
        return _translated(self.msgid, lang)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)

    def __repr__(self) -> str:
        return f"Message({self.msgid!r})"


@cache
def _label(term: URIRef, lang: str, caption: bool) -> str:
    text = shipped_ontology().label(term, lang)
    return text[:1].upper() + text[1:] if caption else text


@cache
def _translated(msgid: str, lang: str) -> str:
    return gettext_for(lang)(msgid)


def words_in(words: Words, lang: str) -> str:
    """The text in `lang`, else in English."""
    return words.get(lang) or words["en"]


def fill(template: str, values: Mapping[str, str]) -> str:
    """Fill `{name}`s; a `[...]` part is left out when one of its values is empty."""

    def part(match: re.Match[str]) -> str:
        names = re.findall(r"{(\w+)}", match.group(1))
        return match.group(1) if all(values.get(name) for name in names) else ""

    return re.sub(r"\[([^\[\]]*)\]", part, template).format_map(_Blank(values))


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


@lru_cache(maxsize=1 << 16)  # Babel's formatting costs tens of microseconds; figures recur
def human_number(value: str, lang: str = "en") -> str:
    """'130000' → '130,000' (in Indonesian '130.000', '2.5' → '2,5'), every digit given kept;
    what is not a finite number stays as it is."""
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return value
    if not number.is_finite():
        return value
    return format_decimal(number, locale=babel_locale(lang), decimal_quantization=False)
