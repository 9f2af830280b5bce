"""'Did you mean ...?' for a word that is not one of the known ones."""

from __future__ import annotations

import difflib
from typing import Any


def suggest(word: str, known: Any, also: str = "") -> str:
    """A hint naming the closest known word, else the known words; `also` adds another way out."""
    names = sorted(known)
    close = difflib.get_close_matches(word, names, n=1)
    text = f"did you mean '{close[0]}'?" if close else "known: " + ", ".join(names) if names else ""
    if also:
        text = f"{text} Or {also}" if close else f"{also}; {text}" if text else also
    return text
