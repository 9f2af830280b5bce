"""Texts for readers: a text by language, templates with optional parts, numbers as written."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal

from graph.core.languages import babel_locale

Words = Mapping[str, str]
"""A text by language tag; `words_in` picks one with a fallback to English."""


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
