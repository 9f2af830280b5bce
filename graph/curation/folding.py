"""Text folded for matching names: case and Latin diacritics removed, whitespace runs made one
space, with the offset in the original text of every folded character kept."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Latin letters lose their marks (é → e); other scripts keep theirs, since a Khmer vowel sign
# is a combining mark that changes the word.
LATIN_END = 0x0250
LATIN_EXTENDED_ADDITIONAL = range(0x1E00, 0x1F00)


@dataclass(frozen=True)
class Folded:
    """A folded text and, for each of its characters, the index of the original character."""

    text: str
    origins: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded span start:end."""
        return self.origins[start], self.origins[end - 1] + 1


def _fold_char(char: str) -> str:
    code = ord(char)
    if code < LATIN_END or code in LATIN_EXTENDED_ADDITIONAL:
        bare = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        return bare.casefold()
    return char.casefold()


def fold(text: str) -> Folded:
    """`text` folded: 'Pígai  Remy' → 'pigai remy', offsets kept."""
    chars: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                origins.append(index)
            continue
        for part in _fold_char(char):
            chars.append(part)
            origins.append(index)
    return Folded("".join(chars), tuple(origins))


def fold_name(name: str) -> str:
    """A name folded as text is, without leading or trailing space."""
    return fold(name).text.strip()
