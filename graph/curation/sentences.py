"""Sentences of an article, as character spans: a sentence ends at . ! ? or the Khmer ។ before a
space, or at a line break (a headline, a paragraph)."""

from __future__ import annotations

import re

SENTENCE = re.compile(r"[^\n]+?(?:[.!?។៕](?=\s|$)|(?=\n)|$)", re.MULTILINE)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The start and end of every sentence, leading and trailing spaces left out."""
    spans: list[tuple[int, int]] = []
    for match in SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def sentence_around(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The span of the sentence holding start:end (or of the sentences it runs across)."""
    first = next((s for s, e in spans if s <= start < e), start)
    last = next((e for s, e in reversed(spans) if s < end <= e), end)
    return first, max(last, end)
