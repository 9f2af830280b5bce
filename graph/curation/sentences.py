"""Sentences of an article, as character spans: a sentence ends at . ! ? or the Khmer ។ before a
space, or at a line break (a headline, a paragraph)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

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
    """The span of the sentence holding start:end (or of the sentences it runs across).
    `spans` are sentence_spans': in order and apart, so each is found by bisection."""
    at = bisect_right(spans, start, key=lambda span: span[0]) - 1  # the last starting at or before
    first = spans[at][0] if at >= 0 and start < spans[at][1] else start
    at = bisect_left(spans, end, key=lambda span: span[0]) - 1  # the last starting before `end`
    last = spans[at][1] if at >= 0 and end <= spans[at][1] else end
    return first, max(last, end)
