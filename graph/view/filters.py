"""The filters that both `hrgraph viz`'s options and the page apply, with the same rule
(graph/view/templates/graph.js follows `Filters.state` and `select`), and the part of the view
`hrgraph viz` draws.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.core.errors import UsageError
from graph.core.messages import N_, gettext_for
from graph.core.vocab import VOCABULARY_BASE
from graph.view.read import short_id
from graph.view.words import fill


@dataclass(frozen=True)
class Filters:
    """What the page's filters (and `hrgraph viz`'s options) ask for; None: no filter."""

    kinds: frozenset[str] | None = None  # kind ids, as in the view: Person, Organization, ...
    topic: str | None = None
    country: str | None = None
    year_from: int | None = None
    year_to: int | None = None

    @property
    def by_years(self) -> bool:
        return self.year_from is not None or self.year_to is not None

    def year_in_range(self, years: Iterable[int]) -> bool:
        low = self.year_from if self.year_from is not None else -(10**6)
        high = self.year_to if self.year_to is not None else 10**6
        return any(low <= y <= high for y in years)

    def state(self, data: Mapping[str, Any]) -> str:
        """'yes' when the node matches; 'no' when it does not; 'unknown' when it matches what
        it can but has no topics or countries (or years) for a filter that asks for them;
        'undated' when only its years are missing."""
        if self.kinds is not None and data["kind"] not in self.kinds:
            return "no"
        state = "yes"
        checks = (
            (self.topic is not None, data["topics"], lambda v: self.topic in v, "unknown"),
            (self.country is not None, data["countries"], lambda v: self.country in v, "unknown"),
            (self.by_years, data["years"], self.year_in_range, "undated"),
        )
        for active, values, matches, missing in checks:
            if not active:
                continue
            if not values:
                state = "unknown" if state == "unknown" else missing
            elif not matches(values):
                return "no"
        return state


def select(view: nx.MultiDiGraph, filters: Filters) -> set[str]:
    """The nodes the filters keep: those that match; and those that match except for having
    no topics, countries or years of their own, when linked to one that matches (a person
    follows the meeting they attended; a country the commitment made to it) or, for years, by
    a link dated in the range (a person and a post follow the tenure that links them)."""
    states = {node: filters.state(data) for node, data in view.nodes(data=True)}
    kept = {node for node, state in states.items() if state == "yes"}
    for node, state in states.items():
        if state not in ("unknown", "undated"):
            continue
        links = [(v, d) for _, v, d in view.out_edges(node, data=True)]
        links += [(u, d) for u, _, d in view.in_edges(node, data=True)]
        for other, data in links:
            dated = state == "undated" and bool(data["years"]) and filters.year_in_range(data["years"])
            if states[other] == "yes" or (dated and states[other] != "no"):
                kept.add(node)
                break
    return kept


def edge_kept(data: Mapping[str, Any], filters: Filters) -> bool:
    """An edge between two kept nodes stays unless the year filter excludes its own dates."""
    return not (filters.by_years and data["years"] and not filters.year_in_range(data["years"]))


def neighbourhood(view: nx.MultiDiGraph, focus: str, depth: int) -> set[str]:
    """The nodes at most `depth` links away from `focus`, whatever the links' direction."""
    lengths = nx.single_source_shortest_path_length(view.to_undirected(as_view=True), focus, cutoff=depth)
    return set(lengths)


def subview(view: nx.MultiDiGraph, nodes: Iterable[str], filters: Filters | None = None) -> nx.MultiDiGraph:
    """The view restricted to `nodes` (and to the edges the filters keep), with its attributes."""
    part = nx.MultiDiGraph(view.subgraph(nodes))
    if filters is not None:
        part.remove_edges_from(
            [(u, v, k) for u, v, k, data in part.edges(keys=True, data=True) if not edge_kept(data, filters)]
        )
    part.graph = dict(view.graph)
    present = set(part)
    part.graph["countries"] = {c: name for c, name in view.graph.get("countries", {}).items() if c in present}
    used = {t for _, data in part.nodes(data=True) for t in data["topics"]}
    part.graph["topics"] = {t: name for t, name in view.graph.get("topics", {}).items() if t in used}
    return part


SELECTION_WORDS: dict[str, str] = {
    "around one": N_("{name} and what is linked to it"),
    "around": N_("{name} and what is up to {depth} links away"),
    "topic": N_("topic: {name}"),
    "country": N_("country: {name}"),
}
"""How the page's subtitle says what part of the graph `hrgraph viz` drew (msgids)."""


@dataclass(frozen=True)
class Selection:
    """The part of the view `hrgraph viz` draws, and how to say what it is."""

    view: nx.MultiDiGraph
    description: str
    total: int


def selected_view(
    view: nx.MultiDiGraph,
    base: str,
    focus: str | None = None,
    depth: int = 1,
    topic: str | None = None,
    country: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> Selection:
    """The view filtered (as the page filters) and then cut to `depth` links around `focus`.

    Ids are given as in sources/ (person/keo-remy, topic/migrant-workers, country/cambodia) or
    as IRIs; a bad id, an empty range or an empty result raises UsageError with a hint."""
    if year_from is not None and year_to is not None and year_from > year_to:
        raise UsageError(f"--from {year_from} is after --to {year_to} (give the earlier year first)")
    topics: dict[str, str] = view.graph.get("topics", {})
    countries: dict[str, str] = view.graph.get("countries", {})
    topic_iri = _resolve(topic, "topic", VOCABULARY_BASE, topics, "--topic") if topic else None
    country_iri = _resolve(country, "country", base, countries, "--country") if country else None
    filters = Filters(topic=topic_iri, country=country_iri, year_from=year_from, year_to=year_to)
    kept = select(view, filters)
    _ = gettext_for(str(view.graph.get("lang", "en")))
    said = []
    if focus is not None:
        names = {n: short_id(n) for n in view}
        focus_iri = _resolve(focus, "", base, names, "--focus")
        if focus_iri not in kept:
            label = view.nodes[focus_iri]["label"]
            raise UsageError(f"--focus {focus}: {label!r} is not among what the other options keep")
        kept = neighbourhood(view.subgraph(kept), focus_iri, depth)
        said.append(
            fill(
                _(SELECTION_WORDS["around" if depth != 1 else "around one"]),
                {"name": view.nodes[focus_iri]["label"], "depth": str(depth)},
            )
        )
    if topic_iri:
        said.append(fill(_(SELECTION_WORDS["topic"]), {"name": topics[topic_iri]}))
    if country_iri:
        said.append(fill(_(SELECTION_WORDS["country"]), {"name": countries[country_iri]}))
    if filters.by_years:
        low = str(year_from) if year_from is not None else "…"
        high = str(year_to) if year_to is not None else "…"
        said.append(low if low == high else f"{low}–{high}")
    if not kept:
        raise UsageError("nothing in the graph matches these options; nothing was written")
    return Selection(subview(view, kept, filters), " · ".join(said), len(view))


def _resolve(text: str, kind: str, base: str, known: Mapping[str, str], option: str) -> str:
    """The IRI for an id such as `country/cambodia` (or `cambodia`), which must be in `known`."""
    if re.match(r"https?://", text):
        iri, wanted = text, short_id(text)
    else:
        wanted = text if not kind or text.startswith(f"{kind}/") else f"{kind}/{text}"
        iri = base + wanted
    if iri in known:
        return iri
    ids = sorted(short_id(k) for k in known)
    kind_of, _, word = wanted.rpartition("/")
    close = [i for i in ids if word in i.rsplit("/", 1)[-1] and (not kind_of or i.startswith(kind_of + "/"))]
    close = sorted(close, key=lambda i: (len(i.rsplit("/", 1)[-1]), i))[:3]  # the closest first
    close = close or difflib.get_close_matches(wanted, ids, n=3, cutoff=0.75)
    if close:
        hint = "did you mean " + " or ".join(close) + "?"
    elif len(ids) <= 12:
        hint = "the graph has " + ", ".join(ids) if ids else "the graph has none"
    else:
        hint = f"ids look like {ids[0]}"
    raise UsageError(f"{option} {text}: not in the graph ({hint})")
