"""A large page's parts after a change that reached few nodes: the parts holding them (and the
links they have) patched, the others neither made nor read, linked from the last build.

The network view says which nodes it made again after a change, with both ends of every edge
it made again (`touched`: graph.view.kept_view). Every other node has the attributes, and every
other edge the ends and attributes, of the last build's view, so its row in the page is the one
in the last build's part files. A part is patched in place of being made when nothing the whole
page numbers moved: the same nodes (hence the same numbers), positions, topics and countries;
each touched node of the same kind and first country (the same group, hence the same parts and
overview); between any two nodes as many edges as before (hence the same edge numbers, links and
degrees); and each touched node or edge citing the same sources in the same order (hence the same
numbering of sources). Then the patched parts are what a cold build makes, byte for byte; when
any of this does not hold, or a part file is not the one recorded, the page is made whole
(graph.view.big with kept_parts' fingerprints).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.view.big import part_data, part_file
from graph.view.kept_parts import LastParts, PageState
from graph.view.page_rows import KindNames, clip, edge_key, edge_row, node_row, source_row

Positions = dict[str, tuple[float, float]]


class NotPatchable(Exception):
    """The change moved something the whole page numbers: the page is made whole."""


@dataclass(frozen=True)
class Patched:
    """The parts made again (file name → text), every part's key and fingerprint (b"" for
    those made again: they are recorded, not fingerprinted), and the page's new state."""

    texts: dict[str, str]
    keys: dict[str, str]
    fingerprints: dict[str, bytes]
    state: PageState


@dataclass(frozen=True)
class Touched:
    """What of a view may differ from the last build's (graph.view.kept_view.MadeView): the
    `nodes` made again, and the (start, end) `pairs` of the edges made again (old and new);
    every edge at a node made again is made again. `pairs` None: every edge at the nodes."""

    nodes: frozenset[str]
    pairs: frozenset[tuple[str, str]] | None = None


def patched_parts(
    view: nx.MultiDiGraph,
    positions: Positions | None,
    touched: Touched,
    last: LastParts,
    lang: str,
) -> Patched | None:
    """The parts of `view`'s page patched from the `last` build's, where only what is
    `touched` differs from its view; None where they cannot be."""
    state = last.record.page
    if state is None or positions is None or state.lang != lang:
        return None
    try:
        return _Patch(view, positions, state, last, lang).run(touched)
    except NotPatchable:
        return None


class _Patch:
    def __init__(
        self, view: nx.MultiDiGraph, positions: Positions, state: PageState, last: LastParts, lang: str
    ) -> None:
        self.view, self.state, self.last, self.lang = view, state, last, lang
        iris = sorted(view)
        _require(iris == state.iris)
        topics = [list(t) for t in view.graph.get("topics", {}).items()]
        countries = [list(c) for c in view.graph.get("countries", {}).items()]
        _require(topics == state.topics and countries == state.countries)
        index = state.index
        zero = (0.0, 0.0)
        _require([positions.get(iri, zero) for iri in iris] == list(zip(index["x"], index["y"], strict=True)))
        self.number = dict(zip(iris, range(len(iris)), strict=True))
        self.topic_index = {iri: i for i, (iri, _) in enumerate(topics)}
        self.country_index = {iri: i for i, (iri, _) in enumerate(countries)}
        self.parts: dict[int, dict[str, Any]] = {}  # the last build's parts read, by number
        self.old_nodes: dict[int, dict[str, Any]] = {}  # their nodes' rows, by number
        self.old_edges: dict[tuple[int, int], dict[int, list[Any]]] = {}  # their edges, by ends
        self.source_numbers: dict[tuple[str, ...], int] = {}

    def run(self, touched: Touched) -> Patched:
        index = self.state.index
        part_of: list[int] = index["parts"]
        number = self.number
        _require(all(iri in number for iri in touched.nodes))
        _require(touched.pairs is None or all(u in number and v in number for u, v in touched.pairs))
        _require(self.last.intact())  # the parts not made again are linked as they are
        numbers = sorted(number[iri] for iri in touched.nodes)
        if touched.pairs is None:
            ends = {(i, j) for i in numbers for j in self._ends(i)}
        else:
            ends = {(number[u], number[v]) for u, v in touched.pairs}
        for p in sorted({part_of[i] for i in numbers} | {part_of[i] for pair in ends for i in pair}):
            self._read(p)
        rows = {i: self._node_row(i) for i in numbers}
        pairs = {pair for i in numbers for pair in self._pairs(i)}  # every edge at a node made again
        if touched.pairs is not None:
            pairs |= ends
        edges: dict[int, list[Any]] = {}
        for pair in sorted(pairs):
            edges.update(self._block(*pair))
        years = Counter(self.state.years)
        for i, row in rows.items():
            years.subtract(self.old_nodes[i]["years"])
            years.update(row["years"])
        texts: dict[str, str] = {}
        keys = {name: part.key for name, part in self.last.record.parts.items()}
        fingerprints = {name: part.fingerprint for name, part in self.last.record.parts.items()}
        for p, part in self.parts.items():
            name = f"c{p}"
            for entry in part["nodes"]:
                if entry[0] in rows:
                    entry[1] = {**rows[entry[0]], "links": entry[1]["links"]}
            part["edges"] = [edges.get(edge[0], edge) for edge in part["edges"]]
            part["sources"] = [(n, row) for n, row in part["sources"]]
            self._made(name, part, texts, keys, fingerprints)
        labels = {i: self.view.nodes[self.state.iris[i]]["label"] for i in numbers}
        if any(index["labels"][i] != label for i, label in labels.items()):
            index = {**index, "labels": list(index["labels"])}
            for i, label in labels.items():
                index["labels"][i] = label
            self._made("index", index, texts, keys, fingerprints)
        state = PageState(
            self.lang,
            self.state.other,
            self.state.iris,
            index,
            self.state.topics,
            self.state.countries,
            {year: count for year, count in years.items() if count > 0},
            self.state.overview,
            self.state.legend,
        )
        return Patched(texts, keys, fingerprints, state)

    def _made(
        self,
        name: str,
        value: Any,
        texts: dict[str, str],
        keys: dict[str, str],
        fingerprints: dict[str, bytes],
    ) -> None:
        key, text = part_file(name, value)
        if key != keys[name]:
            keys[name], texts[f"{name}.js"], fingerprints[name] = key, text, b""

    def _read(self, p: int) -> None:
        text = self.last.text(f"c{p}")
        _require(text is not None)
        try:
            part = part_data(str(text))
        except ValueError as error:
            raise NotPatchable from error
        self.parts[p] = part
        for number, row in part["sources"]:
            self.source_numbers[tuple(row)] = number
        for i, row in part["nodes"]:
            self.old_nodes[i] = row
        for edge in part["edges"]:
            self.old_edges.setdefault((edge[1], edge[2]), {})[edge[0]] = edge

    def _ends(self, i: int) -> set[int]:
        """The nodes linked to node `i`, in the view (the same as in the last one's, or the
        pairs' counts differ)."""
        iri = self.state.iris[i]
        return {self.number[other] for other in (*self.view._succ[iri], *self.view._pred[iri])}

    def _pairs(self, i: int) -> set[tuple[int, int]]:
        """The (start, end) pairs of the edges at node `i`, now; every one that was must be."""
        iri = self.state.iris[i]
        now = {(i, self.number[end]) for end in self.view._succ[iri]}
        now |= {(self.number[start], i) for start in self.view._pred[iri]}
        links = self.old_nodes[i]["links"]
        before = {pair for j, _ in links for pair in ((i, j), (j, i)) if pair in self.old_edges}
        _require(now == before)
        return now

    def _cites(self, items: list[dict[str, str]]) -> list[list[Any]]:
        """The view's sources cited by their numbers in the last build's page (each must be in
        the parts read: a touched node or edge cites the sources it cited)."""
        found = []
        for source in items:
            number = self.source_numbers.get(tuple(source_row(source, self.lang)))
            _require(number is not None)
            found.append([number, source["quote"]])
        return found

    def _node_row(self, i: int) -> dict[str, Any]:
        data = self.view.nodes[self.state.iris[i]]
        row = node_row(
            data, self.lang, KindNames(self.lang), self._cites, self.topic_index, self.country_index
        )
        old = self.old_nodes[i]
        _require(row["kind"] == old["kind"] and row["countries"][:1] == old["countries"][:1])
        _require(_numbers(row["cites"]) == _numbers(old["cites"]))
        return row

    def _block(self, start: int, end: int) -> dict[int, list[Any]]:
        """The edges from `start` to `end`, by number: the same numbers as the last build's,
        given in the page's order of edges."""
        u, v = self.state.iris[start], self.state.iris[end]
        old = self.old_edges.get((start, end), {})
        now = sorted(((u, v, data) for data in self.view._succ[u][v].values()), key=edge_key)
        _require(len(now) == len(old))
        made = {}
        for e, (_, _, data) in zip(sorted(old), now, strict=True):
            row = edge_row(data, self.lang, self._cites)
            _require(_numbers(row["cites"]) == _numbers(old[e][4]["cites"]))
            made[e] = [e, start, end, clip(data["label"], 40), row]
        return made


def _numbers(cites: list[list[Any]]) -> list[int]:
    return [cite[0] for cite in cites]


def _require(condition: bool) -> None:
    if not condition:
        raise NotPatchable


def years_of(rows: Iterable[dict[str, Any]]) -> dict[Any, int]:
    """How many of the rows have each year."""
    return dict(Counter(year for row in rows for year in row["years"]))
