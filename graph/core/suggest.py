"""Parts of messages: 'did you mean ...?' for a word that is not one of the known ones, and a
noun with its article."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# Words that start with a vowel letter but a consonant sound ('a unit', 'a European body').
_CONSONANT_SOUNDS = ("uni", "use", "usu", "uti", "eu", "one")


def with_article(phrase: str) -> str:
    """The phrase after the indefinite article its first word takes: 'a person', 'an organisation'."""
    start = phrase.lower()
    vowel = start[:1] in ("a", "e", "i", "o", "u") and not start.startswith(_CONSONANT_SOUNDS)
    return f"{'an' if vowel else 'a'} {phrase}"


def closest(word: str, known: Iterable[str], many: int = 1) -> list[str]:
    """Up to `many` known words close to the word, the closest first (none when none is close)."""
    import difflib  # here: `hrgraph query` loads this module for a warning it rarely gives

    return difflib.get_close_matches(word, sorted(known), n=many)


def suggest(word: str, known: Any, also: str = "") -> str:
    """A hint naming the closest known word, else the known words; `also` adds another way out."""
    names = sorted(known)
    close = closest(word, names)
    text = f"did you mean '{close[0]}'?" if close else "known: " + ", ".join(names) if names else ""
    if also:
        text = f"{text} Or {also}" if close else f"{also}; {text}" if text else also
    return text
