"""What the network page shows of one node or one edge, worded in the page's language: the rows
of graph.view.page.page_data, made one at a time so that a large page's parts can be made again
for the few nodes a change reached (graph.view.patched_parts)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from graph.view.dates import human_date, human_dates
from graph.view.rules import KIND_BY_ID
from graph.view.words import human_number, words_in

Cites = Callable[[list[dict[str, str]]], list[list[Any]]]
"""A list of a view's sources (id, title, publisher, date, url, quote) as the page cites them:
[number of the source's row, quote] each."""


def edge_key(edge: tuple[str, str, Mapping[str, Any]]) -> tuple[str, str, str, str]:
    """The page's order of edges: by start, end, label and sentence (then as the view has them)."""
    return (edge[0], edge[1], str(edge[2].get("label")), str(edge[2].get("sentence")))


def clip(text: str, size: int) -> str:
    """`text` cut to at most `size` characters, an ellipsis ending it if cut."""
    return text if len(text) <= size else text[: size - 1] + "…"


def source_row(source: Mapping[str, str], lang: str) -> list[str]:
    """A source as the page lists it once (cited by its number): id, title, publisher, worded
    date, url."""
    return [
        source["id"],
        source["title"],
        source["publisher"],
        human_date(source["date"], lang),
        source["url"],
    ]


class SourceNumbers:
    """The page's sources, numbered in the order they are first cited."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.numbers: dict[tuple[str, ...], int] = {}
        self.rows: list[list[str]] = []

    def cites(self, items: list[dict[str, str]]) -> list[list[Any]]:
        result: list[list[Any]] = []
        for s in items:
            row = source_row(s, self.lang)
            key = tuple(row)  # texts: equal rows, equal tuples
            if key not in self.numbers:
                self.numbers[key] = len(self.rows)
                self.rows.append(row)
            result.append([self.numbers[key], s["quote"]])
        return result


def node_row(
    data: Mapping[str, Any],
    lang: str,
    kind_name: Callable[[str], str],
    cites: Cites,
    topic_index: Mapping[str, int],
    country_index: Mapping[str, int],
) -> dict[str, Any]:
    """What the page shows and filters on of a node (its view attributes `data`); `fallback`,
    the language of its name when that is not the page's."""
    row = {
        "kind": data["kind"],
        "summary": data["summary"] if "summary" in data else kind_name(data["kind"]),
        "facts": [fact_row(fact, lang) for fact in data.get("facts", [])],
        "cites": cites(data.get("sources", [])),
        "topics": [topic_index[t] for t in data.get("topics", []) if t in topic_index],
        "countries": [country_index[c] for c in data.get("countries", []) if c in country_index],
        "years": data.get("years", []),
    }
    if "label_lang" in data:
        row["fallback"] = data["label_lang"]
    return row


def edge_row(data: Mapping[str, Any], lang: str, cites: Cites) -> dict[str, Any]:
    """What the page shows and filters on of an edge (its view attributes `data`)."""
    return {
        "sentence": data.get("sentence") or data["label"],
        "dates": human_dates(data.get("dates", ""), lang),
        "years": data.get("years", []),
        "cites": cites(data.get("sources", [])),
    }


def fact_row(fact: Mapping[str, Any], lang: str) -> list[str]:
    """A detail of the view (graph.view.build.Fact) as the page lists it: caption and text,
    dates and numbers worded for readers ('Status as of', 'Mar 2021')."""
    form, values = fact["form"], fact["values"]
    if form == "date":
        values = [human_date(value, lang) for value in values]
    elif form == "number":
        values = [human_number(value, lang) for value in values]
    return [fact["caption"], ", ".join(values)]


def kind_words(kind: str, lang: str) -> str:
    """A kind's name for readers ('Organisation' for `Organization`); its id if it has none."""
    return words_in(KIND_BY_ID[kind].words, lang) if kind in KIND_BY_ID else kind


class KindNames:
    """Kinds' names in one language, each worded once."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.names: dict[str, str] = {}

    def __call__(self, kind: str) -> str:
        if kind not in self.names:
            self.names[kind] = kind_words(kind, self.lang)
        return self.names[kind]
