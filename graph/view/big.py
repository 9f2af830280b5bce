"""The network page of a large graph: an overview drawn at once, the rest in parts loaded on demand.

From `BIG_PAGE` nodes a page of the whole graph is too slow to draw and to move (measured with
scripts/bench_html.py: at 15,000 nodes a zoom step takes 230 ms, at 60,000 the first draw 12 s).
Such a page opens on an overview, one node per kind and country sized by how many nodes it
stands for, and loads from a folder beside it (script files, which a page opened from disk may
load, where it may not fetch) what the reader picks or searches for:

- `index.js`: every node's id, name, kind, group and part, position and number of links (the
  search runs over every name);
- `c<N>.js`: the details of a part's nodes (those of one group, a few hundred at a time), their
  links with the links' details, and the sources they cite.

Each file calls `hrgraphPart(name, key, json_text)`; `key` is a hash of the file's data, and the
page lists every file's key, so a file left from another build is refused, not shown, unless it
holds the same data. A part whose data did not change is the same file (graph.view.kept_parts
links it from the last build instead of encoding it again).
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.view.kept_parts import Reuse, fingerprint
from graph.view.rules import KINDS

BIG_PAGE = 8000
"""From this many nodes the page opens on an overview (measured: below it, the whole graph
draws within about 1.5 s and a zoom step takes under 100 ms in headless Chromium)."""
PART_NODES = 400
"""At most this many nodes' details in one part file."""
COLUMNS = 16
"""At most this many columns in the overview (the countries with the most nodes, the others in one)."""
OTHER = -2
NONE = -1
"""The overview's column of the nodes of other countries, and of those in no country."""
COLUMN = 220.0
ROW = 170.0
FONT = 40
"""The overview's grid: one column per country (sorted by name, then no country), one row per kind."""


@dataclass(frozen=True)
class Group:
    """The nodes of one kind in one country (`country` -1: in none)."""

    kind: str
    country: int
    members: list[int]


@dataclass(frozen=True)
class BigData:
    """What a large graph's page embeds (`overview`) and the parts it loads: `keys` of every
    part by name ('index', 'c0', ...), in the page; `parts`, file name → JavaScript text, of
    those made (all but the reused); with reuse, each part's data's `fingerprints`."""

    keys: dict[str, str]
    overview: dict[str, Any]
    parts: dict[str, str]
    fingerprints: dict[str, bytes] = field(default_factory=dict)
    index: dict[str, Any] = field(default_factory=dict)
    """The index part's data (every node's id, name, kind, group, part, position, links)."""


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _part_text(name: str, key: str, compact: str) -> str:
    text = json.dumps(compact, ensure_ascii=False)
    return f"hrgraphPart({json.dumps(name)},{json.dumps(key)},{text});\n"


def part_file(name: str, value: Any) -> tuple[str, str]:
    """A part's key and its file's text."""
    compact = _compact(value)
    key = hashlib.sha256(compact.encode("utf-8")).hexdigest()[:16]
    return key, _part_text(name, key, compact)


def part_data(text: str) -> Any:
    """The data of a part file's text (as `part_file` wrote it); ValueError if it is not one."""
    start, end = "hrgraphPart(", ");\n"
    if not (text.startswith(start) and text.endswith(end)):
        raise ValueError("not a part file")
    _, _, compact = json.loads(f"[{text[len(start) : -len(end)]}]")
    return json.loads(compact)


class _Parts:
    """The parts as they are made: each encoded and keyed by its data, or reused."""

    def __init__(self, reuse: Reuse | None) -> None:
        self.reuse = reuse
        self.keys: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        self.fingerprints: dict[str, bytes] = {}

    def add(self, name: str, value: Any) -> None:
        if self.reuse is not None:
            found = self.fingerprints[name] = fingerprint(value)
            key = self.reuse(name, found)
            if key is not None:
                self.keys[name] = key
                return
        self.keys[name], self.texts[f"{name}.js"] = part_file(name, value)


def columns_of(countries: list[list[int]], names: list[str]) -> list[int]:
    """The overview's columns: the countries nodes belong to, by name, at most `COLUMNS - 1` of
    them (those with the most nodes), then `OTHER` (the other countries) if any, then `NONE`.
    A node of several countries goes with the first."""
    counts: dict[int, int] = {}
    for found in countries:
        if found:
            counts[found[0]] = counts.get(found[0], 0) + 1
    kept = set(sorted(counts, key=lambda c: (-counts[c], c))[: COLUMNS - 1])
    other = [OTHER] if len(kept) < len(counts) else []
    return sorted(kept, key=lambda c: (names[c].lower(), c)) + other + [NONE]


def groups_of(
    kinds: list[str], countries: list[list[int]], columns: list[int]
) -> tuple[list[Group], list[int]]:
    """The overview's groups, in the grid's order (kinds as KINDS lists them, then `columns`),
    and each node's group."""
    order = {kind.id: i for i, kind in enumerate(KINDS)}
    column = {c: n for n, c in enumerate(columns)}
    found: dict[tuple[str, int], list[int]] = {}
    for i, kind in enumerate(kinds):
        country = countries[i][0] if countries[i] else NONE
        found.setdefault((kind, country if country in column else OTHER), []).append(i)
    last = len(order)
    keys = sorted(found, key=lambda k: (order.get(k[0], last), k[0], column[k[1]]))
    groups = [Group(kind, country, found[(kind, country)]) for kind, country in keys]
    group_of = [0] * len(kinds)
    for g, group in enumerate(groups):
        for i in group.members:
            group_of[i] = g
    return groups, group_of


def big_data(
    view: nx.MultiDiGraph,
    data: dict[str, Any],
    net_nodes: list[dict[str, Any]],
    net_edges: list[dict[str, Any]],
    edge_labels: list[str],
    kind_names: dict[str, str],
    other: str = "other countries",
    reuse: Reuse | None = None,
) -> BigData:
    """Split the page's data (graph.view.page.page_data, and the drawn nodes and edges of
    to_pyvis, in the same order, with each edge's short label) into the overview and the parts.
    With `reuse`, a part it gives a key for is not encoded (nor in `parts`)."""
    iris: list[str] = data["iris"]
    rows: list[dict[str, Any]] = data["nodes"]
    kinds = [row["kind"] for row in rows]
    country_names = [name for _, name in data["countries"]]
    node_countries = [row["countries"] for row in rows]
    columns = columns_of(node_countries, country_names)
    groups, group_of = groups_of(kinds, node_countries, columns)
    links: list[list[list[int]]] = [[] for _ in iris]
    for e, edge in enumerate(net_edges):
        links[edge["from"]].append([edge["to"], e])
        links[edge["to"]].append([edge["from"], e])
    part_of = [0] * len(iris)
    members_of_parts: list[list[int]] = []
    for group in groups:
        for start in range(0, len(group.members), PART_NODES):
            for i in group.members[start : start + PART_NODES]:
                part_of[i] = len(members_of_parts)
            members_of_parts.append(group.members[start : start + PART_NODES])
    base = _common_prefix(iris)
    kind_ids = sorted(set(kinds), key=lambda k: ([kind.id for kind in KINDS] + [k]).index(k))
    kind_number = {k: i for i, k in enumerate(kind_ids)}
    index = {
        "base": base,
        "ids": [iri[len(base) :] for iri in iris],
        "labels": [node["label"] for node in net_nodes],
        "kinds": [kind_number[k] for k in kinds],
        "kindIds": kind_ids,
        "groups": group_of,
        "parts": part_of,
        "x": [node.get("x", 0.0) for node in net_nodes],
        "y": [node.get("y", 0.0) for node in net_nodes],
        "degree": [len(node_links) for node_links in links],
    }
    parts = _Parts(reuse)
    parts.add("index", index)
    for p, members in enumerate(members_of_parts):
        edges: dict[int, list[Any]] = {}
        sources: dict[int, list[str]] = {}
        nodes = []
        for i in members:
            row = rows[i]
            nodes.append([i, {**row, "links": links[i]}])
            for _, e in links[i]:
                if e not in edges:
                    edge = net_edges[e]
                    edges[e] = [e, edge["from"], edge["to"], edge_labels[e], data["edges"][e]]
            for cite in row["cites"]:
                sources[cite[0]] = data["sources"][cite[0]]
        for e in edges:
            for cite in data["edges"][e]["cites"]:
                sources[cite[0]] = data["sources"][cite[0]]
        part = {"nodes": nodes, "edges": list(edges.values()), "sources": sorted(sources.items())}
        parts.add(f"c{p}", part)
    overview = _overview(groups, columns, links, group_of, kind_names, country_names, other)
    return BigData(parts.keys, overview, parts.texts, parts.fingerprints, index)


def _common_prefix(iris: list[str]) -> str:
    """The part before the last '/' that every IRI shares ('https://w3id.org/hrgraph/id/')."""
    if not iris:
        return ""
    first, last = min(iris), max(iris)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return first[: first.rfind("/", 0, size + 1) + 1] if "/" in first[:size] else ""


def _overview(
    groups: list[Group],
    columns: list[int],
    links: list[list[list[int]]],
    group_of: list[int],
    kind_names: dict[str, str],
    country_names: list[str],
    other: str,
) -> dict[str, Any]:
    """One node per group on a grid (its kind's row, its country's column), sized and labelled by
    its count, named in its tooltip; the kinds' and countries' names as headers (`headers`, text
    drawn large enough to be read when the whole grid is shown); one edge per pair of groups
    linked, as wide as the links between them are many."""
    rows = list(dict.fromkeys(g.kind for g in groups))  # groups come in KINDS order
    used = [c for c in columns if any(g.country == c for g in groups)]
    font = {"size": FONT}
    items = []
    for g, group in enumerate(groups):
        name = kind_names.get(group.kind, group.kind)
        where = _column_name(group.country, country_names, other)
        count = len(group.members)
        items.append(
            {
                "id": f"g{g}",
                "label": str(count),
                "title": f"{name}{' · ' + where if where else ''}: {count}",
                "group": group.kind,
                "x": used.index(group.country) * COLUMN,
                "y": rows.index(group.kind) * ROW,
                "size": round(10 + 6 * math.log2(1 + count), 1),
                "font": font,
                "count": count,
                "kind": group.kind,
                "country": group.country,
            }
        )
    headers = [
        {"id": f"k{r}", "label": kind_names.get(kind, kind), "x": -1.6 * COLUMN, "y": r * ROW}
        for r, kind in enumerate(rows)
    ] + [
        {
            "id": f"c{n}",
            "label": _column_name(c, country_names, other),
            "x": n * COLUMN,
            "y": -ROW * (0.6 + n % 2 * 0.4),
        }
        for n, c in enumerate(used)
    ]
    for header in headers:
        header.update(shape="text", font={"size": FONT, "color": "#334e68"})
    between: dict[tuple[int, int], int] = {}
    for i, node_links in enumerate(links):
        for j, _ in node_links:
            a, b = group_of[i], group_of[j]
            if a < b:
                between[(a, b)] = between.get((a, b), 0) + 1
    edges = [
        {"id": f"h{n}", "from": f"g{a}", "to": f"g{b}", "width": _width(count), "count": count}
        for n, ((a, b), count) in enumerate(sorted(between.items()))
    ]
    return {"nodes": items, "headers": headers, "edges": edges, "columns": [c for c in columns if c >= 0]}


def _column_name(country: int, country_names: list[str], other: str) -> str:
    return country_names[country] if country >= 0 else other if country == OTHER else ""


def _width(count: int) -> float:
    return round(1 + math.log2(count) / 2, 2)
