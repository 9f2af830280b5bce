"""The languages readers are offered, and the Babel locale that writes dates and numbers in each."""

from __future__ import annotations

from functools import cache

from babel import Locale

LANGUAGES: tuple[str, ...] = ("en", "id", "km")
"""English, Indonesian and Khmer: every word a reader sees exists in each."""

DEFAULT_LANGUAGE = "en"

BABEL_LOCALES: dict[str, str] = {"en": "en_001", "id": "id", "km": "km"}
"""English as written internationally ('24 Nov 2025'), not as in the United States."""


@cache
def babel_locale(lang: str) -> Locale:
    """The locale that writes dates and numbers in `lang`; any other language gives English,
    like the words (a page never mixes English words with another language's dates)."""
    return Locale.parse(BABEL_LOCALES.get(lang, BABEL_LOCALES[DEFAULT_LANGUAGE]))
