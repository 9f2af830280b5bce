"""The networkx view (graph/view/build.py and the rules it follows), its filters, its layout,
the page's data, the Gephi exports (graph/output/gephi.py) and the `hrgraph viz` command
through click's CliRunner, with exact exit codes."""

from __future__ import annotations

import io
import json
import math
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import RDFS, Graph, Literal, URIRef

from graph.cli import main
from graph.core.errors import UsageError
from graph.core.vocab import DEFAULT_DATA_BASE, ONTOLOGY_IRI
from graph.output.gephi import to_gephi, to_gexf, to_graphml
from graph.pipeline import Checked
from graph.view import rules
from graph.view.build import to_networkx
from graph.view.dates import human_date, human_dates
from graph.view.filters import Filters, neighbourhood, select, selected_view, subview
from graph.view.layout import UNIT, layout
from graph.view.page import BIG_GRAPH, TEMPLATES, legend, page_data, render_html, to_pyvis
from graph.view.read import label_of
from graph.view.rules import KINDS, LINKS, NARY, local_name
from graph.view.style import STYLE
from graph.view.words import fill, human_number, words_in

from .conftest import GOLDEN, REPO

ID = DEFAULT_DATA_BASE
TOPIC = "https://w3id.org/hrgraph/topic/"
GOLDEN_ARGS = ["--sources", str(GOLDEN / "sources"), "--ontology", str(REPO / "ontology")]


@pytest.fixture(scope="module")
def view(golden: Checked) -> nx.MultiDiGraph:
    return to_networkx(golden.assembly.graph)


def short(node: str) -> str:
    return node[len(ID) :]


def edges_of(view: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(short(u), short(v), data["label"]) for u, v, data in view.edges(data=True)}


# ---------------------------------------------------------------- the rules are data


def test_every_rule_names_terms_of_the_ontology() -> None:
    terms = {str(t) for t in Graph().parse(REPO / "ontology" / "hrgraph.ttl").subjects()}
    named = [k.rdf_type for k in KINDS] + [link.predicate for link in LINKS] + [r.fact for r in NARY]
    named += list(rules.TOPIC_LINKS) + list(rules.COUNTRY_LINKS) + list(rules.FACT_ROWS)
    for rows in rules.FACT_ROWS.values():
        named += [step for row in rows for step in row.path if isinstance(step, URIRef)]
    ours = [str(t) for t in named if str(t).startswith(ONTOLOGY_IRI)]
    assert ours
    assert sorted(set(ours) - terms) == []


def test_every_rule_has_english_words_and_every_kind_a_style() -> None:
    for words in [k.words for k in KINDS] + [link.words for link in LINKS]:
        assert words["en"]
    for rule in NARY:
        assert rule.words["en"]
        assert "{start}" in rule.sentence["en"]
        assert "{end" in rule.sentence["en"]
    assert {k.id for k in KINDS} == set(STYLE)


def test_kinds_and_links_are_named_as_in_the_ontology() -> None:
    """One spelling per concept: the ontology's; the words for readers are only in `words`."""
    assert [k.id for k in KINDS] == [local_name(k.rdf_type) for k in KINDS]
    assert {"Organization", "MeetingSeries", "Observation"} <= {k.id for k in KINDS}
    assert [r.id for r in NARY] == ["Tenure", "Participation", "InstrumentEvent"]
    assert rules.KIND_BY_ID["Observation"].words["en"] == "Figure"


# ---------------------------------------------------------------- the view of the golden data


def test_golden_nodes_and_their_kinds(view: nx.MultiDiGraph) -> None:
    kinds = {short(n): data["kind"] for n, data in view.nodes(data=True)}
    assert kinds == {
        "person/ana": "Person",
        "org/ministry": "Organization",
        "org/agency": "Organization",
        "country/atlantis": "Country",
        "place/capital": "Place",
        "post/minister": "Post",
        "post/agency-head": "Post",
        "meeting/m1": "Meeting",
        "series/talks": "MeetingSeries",
        "commitment/c1": "Commitment",
        "commitment/c2": "Commitment",
        "instrument/accord": "Instrument",
        "instrument/protocol": "Instrument",
        "obs/visitors-2020": "Observation",
        "statement/ana-briefing": "Statement",
    }


def test_golden_edges_in_words(view: nx.MultiDiGraph) -> None:
    assert edges_of(view) == {
        ("person/ana", "country/atlantis", "nationality"),
        ("person/ana", "place/capital", "birth place"),
        ("person/ana", "post/minister", "served as"),
        ("person/ana", "post/agency-head", "served as"),
        (
            "person/ana",
            "meeting/m1",
            "attended as Head of the Agency of Examples, Minister of Examples, speaker for the region",
        ),
        ("org/agency", "org/ministry", "part of"),
        ("org/ministry", "country/atlantis", "country"),
        ("country/atlantis", "instrument/accord", "ratification (Jun 2020)"),
        ("place/capital", "country/atlantis", "located in"),
        ("post/agency-head", "org/agency", "post in"),
        ("post/minister", "org/ministry", "post in"),
        ("meeting/m1", "place/capital", "place"),
        ("meeting/m1", "series/talks", "in series"),
        ("meeting/m1", "instrument/accord", "led to"),
        ("series/talks", "instrument/accord", "led to"),
        ("commitment/c1", "country/atlantis", "made by"),
        ("commitment/c1", "meeting/m1", "made at"),
        ("commitment/c2", "person/ana", "made by"),
        ("instrument/accord", "instrument/protocol", "led to"),
        ("obs/visitors-2020", "country/atlantis", "about"),
        ("obs/visitors-2020", "org/ministry", "reported by"),
        ("obs/visitors-2020", "meeting/m1", "stated at"),
        ("statement/ana-briefing", "person/ana", "said by"),
        ("statement/ana-briefing", "meeting/m1", "said at"),
        ("statement/ana-briefing", "place/capital", "said in the place"),
        ("statement/ana-briefing", "country/atlantis", "concerning"),
        ("statement/ana-briefing", "commitment/c1", "concerning"),
    }


def test_tenures_participations_and_events_read_as_sentences(view: nx.MultiDiGraph) -> None:
    sentences = {data["link"] + " " + short(u): data["sentence"] for u, _, data in view.edges(data=True)}
    by_link: dict[str, set[str]] = {}
    for _, _, data in view.edges(data=True):
        by_link.setdefault(data["link"], set()).add(data["sentence"])
    assert by_link["Tenure"] == {
        "Ana Example — served as Minister of Examples (21 Oct 2019 – May 2020)",
        "Ana Example — served as Head of the Agency of Examples (in office: May 2020 and 1 May 2020)",
    }
    assert by_link["Participation"] == {
        "Ana Example — attended as Head of the Agency of Examples, Minister of Examples, speaker for the "
        "region (host) → Meeting, 2020 – Dec 2020, Capital City"
    }
    assert by_link["InstrumentEvent"] == {"Atlantis — ratification of Example Accord, Jun 2020"}
    assert sentences["nationality person/ana"] == "Ana Example — nationality → Atlantis"


def test_seed_participation_reads_like_the_issue_says(seed_view: nx.MultiDiGraph) -> None:
    pigai = [
        data["sentence"]
        for u, _, data in seed_view.edges(data=True)
        if u == ID + "person/natalius-pigai" and data["link"] == "Participation"
    ]
    assert any(
        s.startswith("Natalius Pigai — attended as Minister of Human Rights")
        and s.endswith("→ Meeting, 24 Nov 2025, Phnom Penh")
        for s in pigai
    ), pigai


@pytest.fixture(scope="module")
def seed_view(seed_build: Any) -> nx.MultiDiGraph:
    return to_networkx(seed_build.assembly.graph)


def test_node_details_dates_and_sources_are_data_in_the_view(view: nx.MultiDiGraph) -> None:
    c1 = view.nodes[ID + "commitment/c1"]
    assert c1["summary"] == "Commitment, 2020 – Dec 2020"  # a text for readers
    assert c1["dates"] == "2020/2020-12"  # the meeting it was made at, in ISO 8601
    assert {fact["caption"]: (fact["form"], fact["values"]) for fact in c1["facts"]} == {
        "What was promised": ("text", ["To meet again"]),
        "Kind of commitment": ("label", ["Pledge"]),
        "Made by": ("label", ["Atlantis"]),
        "Made at": ("label", ["First meeting"]),
        "Due": ("date", ["2021"]),
        "Latest known status": ("label", ["Fulfilled"]),
        "As of": ("date", ["2021-03"]),
    }
    figure = view.nodes[ID + "obs/visitors-2020"]
    assert figure["label"] == "Visitors: 1,200"
    assert figure["dates"] == "2020-05-01"
    assert {"caption": "Value", "form": "number", "values": ["1200"]} in figure["facts"]
    (source,) = view.nodes[ID + "person/ana"]["sources"]
    assert source == {
        "id": ID + "src/gazette-1",
        "title": "Gazette number one",
        "publisher": "Example Gazette",
        "date": "2020-05",
        "url": "https://example.org/gazette/1",
        "quote": "",
    }


def test_edge_dates_are_iso_8601(view: nx.MultiDiGraph) -> None:
    dates = {(d["link"], short(v)): d["dates"] for _, v, d in view.edges(data=True) if d["dates"]}
    assert dates == {
        ("Tenure", "post/minister"): "2019-10-21/2020-05",
        ("Tenure", "post/agency-head"): "{2020-05,2020-05-01}",  # attested on these days
        ("Participation", "meeting/m1"): "2020/2020-12",  # the meeting's dates
        ("InstrumentEvent", "instrument/accord"): "2020-06",
    }


def test_the_page_words_dates_and_numbers(view: nx.MultiDiGraph) -> None:
    data = page_data(view)
    node = dict(zip(data["iris"], data["nodes"], strict=True))
    assert dict(map(tuple, node[ID + "commitment/c1"]["facts"])) == {
        "What was promised": "To meet again",
        "Kind of commitment": "Pledge",
        "Made by": "Atlantis",
        "Made at": "First meeting",
        "Due": "2021",
        "Latest known status": "Fulfilled",
        "As of": "Mar 2021",
    }
    assert ["Value", "1,200"] in node[ID + "obs/visitors-2020"]["facts"]
    assert [source[3] for source in data["sources"]] == ["May 2020"]
    assert {edge["dates"] for edge in data["edges"]} == {
        "",
        "21 Oct 2019 – May 2020",
        "in office: May 2020 and 1 May 2020",
        "2020 – Dec 2020",
        "Jun 2020",
    }
    indonesian = page_data(view, "id")
    facts = dict(zip(indonesian["iris"], indonesian["nodes"], strict=True))[ID + "obs/visitors-2020"]["facts"]
    assert ["Value", "1.200"] in facts
    assert "21 Okt 2019 – Mei 2020" in {edge["dates"] for edge in indonesian["edges"]}


def test_filter_attributes(view: nx.MultiDiGraph) -> None:
    node = view.nodes
    assert node[ID + "meeting/m1"]["topics"] == [TOPIC + "capacity-building"]
    assert node[ID + "meeting/m1"]["years"] == [2020]
    assert node[ID + "commitment/c1"]["years"] == [2020, 2021]  # made 2020, due 2021, fulfilled 2021
    assert node[ID + "series/talks"]["years"] == [2020]  # the years of its meetings
    assert node[ID + "person/ana"]["years"] == []  # people, places, ... have no years of their own
    assert node[ID + "post/agency-head"]["countries"] == [ID + "country/atlantis"]  # post → org → country
    assert node[ID + "series/talks"]["countries"] == []
    assert view.graph["countries"] == {ID + "country/atlantis": "Atlantis"}
    assert list(view.graph["topics"]) == [TOPIC + "capacity-building", TOPIC + "peace-process"]


def test_labels_in_the_chosen_language_with_fallback(golden: Checked) -> None:
    graph = golden.assembly.graph
    assert to_networkx(graph, "km").nodes[ID + "person/ana"]["label"] == "អាណា"
    assert to_networkx(graph, "id").nodes[ID + "person/ana"]["label"] == "Ana Example"  # no id: en
    indonesian = to_networkx(graph, "id")
    assert indonesian.nodes[ID + "meeting/m1"]["kind"] == "Meeting"  # an id, in any language
    assert {entry["kind"]: entry["label"] for entry in legend(indonesian)}["Meeting"] == "Pertemuan"
    assert indonesian.nodes[ID + "obs/visitors-2020"]["label"] == "Visitors: 1.200"
    tenure = {d["sentence"] for _, _, d in indonesian.edges(data=True) if d["link"] == "Tenure"}
    assert "Ana Example — menjabat Minister of Examples (21 Okt 2019 – Mei 2020)" in tenure

    g = Graph()
    node = URIRef(ID + "person/x")
    assert label_of(g, node) == "person/x"  # no label at all: the id
    g.add((node, RDFS.label, Literal("Xavier", lang="fr")))
    assert label_of(g, node, "km") == "Xavier"  # any language
    g.add((node, RDFS.label, Literal("Eks", lang="id")))
    assert label_of(g, node, "km") == "Eks"  # Indonesian before any other
    g.add((node, RDFS.label, Literal("Ex", lang="en")))
    assert label_of(g, node, "km") == "Ex"  # English before Indonesian
    g.add((node, RDFS.label, Literal("អ៊ិច", lang="km")))
    assert label_of(g, node, "km") == "អ៊ិច"


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("2025-11-24", "en", "24 Nov 2025"),
        ("2025-08-05", "id", "5 Agu 2025"),
        ("1988-07", "en", "Jul 1988"),
        ("1988", "en", "1988"),
        ("2025-11-24", "km", "24 វិច្ឆិកា 2025"),
        ("not a date", "en", "not a date"),
    ],
)
def test_human_date(value: str, lang: str, expected: str) -> None:
    assert human_date(value, lang) == expected


@pytest.mark.parametrize(
    ("dates", "lang", "expected"),
    [
        ("2019-10-21/2020-05", "en", "21 Oct 2019 – May 2020"),
        ("2019-10-21/..", "en", "from 21 Oct 2019"),
        ("2019-10-21/..", "id", "sejak 21 Okt 2019"),
        ("../2020-05", "en", "until May 2020"),
        ("{2020-05,2020-05-01}", "en", "in office: May 2020 and 1 May 2020"),
        ("{1998,2003}", "id", "menjabat pada 1998 dan 2003"),
        ("2025-11-24", "en", "24 Nov 2025"),
        ("2025-11-21/2025-11-24", "en", "21–24 Nov 2025"),
        ("2025-11-21/2025-11-24", "id", "21–24 Nov 2025"),
        ("2022/2022", "en", "2022"),
        ("2022-03/2022-03", "km", "មីនា 2022"),
        ("2019/2022", "id", "2019–2022"),
        ("2024-12-30/2025-01-02", "en", "30 Dec 2024\u2009–\u20092 Jan 2025"),  # CLDR: thin spaces
        ("", "en", ""),
    ],
)
def test_human_dates(dates: str, lang: str, expected: str) -> None:
    assert human_dates(dates, lang) == expected


def test_human_numbers() -> None:
    assert human_number("130000") == "130,000"
    assert human_number("130000", "id") == "130.000"
    assert human_number("2.5") == "2.5"
    assert human_number("many") == "many"


def test_templates_leave_out_what_is_unknown() -> None:
    template = "{start} — attended[ as {capacity}][ ({role})] → {end}"
    assert fill(template, {"start": "A", "end": "B", "capacity": "C", "role": ""}) == "A — attended as C → B"
    assert fill(template, {"start": "{x}", "end": "B"}) == "{x} — attended → B"  # values never re-read
    assert words_in({"en": "made by", "id": "oleh"}, "km") == "made by"


# ---------------------------------------------------------------- filters


def kept(view: nx.MultiDiGraph, **filters: Any) -> set[str]:
    return {short(n) for n in select(view, Filters(**filters))}


def test_no_filter_keeps_everything(view: nx.MultiDiGraph) -> None:
    assert kept(view) == {short(n) for n in view}


def test_topic_filter_keeps_matches_and_linked_nodes_without_topics(view: nx.MultiDiGraph) -> None:
    assert kept(view, topic=TOPIC + "capacity-building") == {
        "meeting/m1",  # the match
        # linked to it, without topics of their own:
        "person/ana",
        "place/capital",
        "commitment/c1",
        "instrument/accord",
        "obs/visitors-2020",
        # series/talks is linked but has another topic; c2 is linked only to ana (not a match)
    }


def test_country_filter(view: nx.MultiDiGraph) -> None:
    everything = {short(n) for n in view}
    # instrument/protocol and series/talks have no country: each follows a node linked to it
    assert view.nodes[ID + "instrument/protocol"]["countries"] == []
    assert kept(view, country=ID + "country/atlantis") == everything
    assert kept(view, country=ID + "country/nowhere") == set()


def test_year_filter_and_edges_with_dates(view: nx.MultiDiGraph) -> None:
    later = kept(view, year_from=2021)
    assert {"instrument/protocol", "commitment/c1", "commitment/c2"} <= later
    assert "meeting/m1" not in later and "instrument/accord" not in later
    assert "person/ana" in later  # made c2: linked to a match, without years of her own
    filters = Filters(year_from=2020, year_to=2020)
    part = subview(view, select(view, filters), filters)
    tenures = {short(v) for u, v, d in part.edges(data=True) if d["link"] == "Tenure"}
    assert tenures == {"post/minister", "post/agency-head"}
    filters = Filters(year_to=2019)
    part = subview(view, select(view, filters) | {ID + "person/ana", ID + "post/minister"}, filters)
    assert [d["dates"] for _, _, d in part.edges(data=True) if d["link"] == "Tenure"] == [
        "2019-10-21/2020-05"
    ]


def test_kind_filter(view: nx.MultiDiGraph) -> None:
    assert kept(view, kinds=frozenset({"Person", "Country"})) == {"person/ana", "country/atlantis"}


def test_neighbourhood_follows_links_both_ways(view: nx.MultiDiGraph) -> None:
    assert {short(n) for n in neighbourhood(view, ID + "org/ministry", 1)} == {
        "org/ministry",
        "org/agency",
        "country/atlantis",
        "post/minister",
        "obs/visitors-2020",
    }
    assert neighbourhood(view, ID + "org/ministry", 0) == {ID + "org/ministry"}
    assert len(neighbourhood(view, ID + "org/ministry", 10)) == len(view)


def test_selected_view_and_its_description(view: nx.MultiDiGraph) -> None:
    chosen = selected_view(view, ID, focus="person/ana", depth=1, year_from=2020, year_to=2020)
    assert chosen.description == "Ana Example and what is linked to it · 2020"
    assert chosen.total == len(view)
    assert ID + "instrument/protocol" not in chosen.view
    topic = selected_view(view, ID, topic="capacity-building")
    assert topic.description == "topic: Human-rights capacity building"
    assert set(topic.view.graph["topics"]) == {TOPIC + "capacity-building"}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"focus": "person/anna"}, "--focus person/anna: not in the graph (did you mean person/ana?)"),
        (
            {"topic": "topic/nope"},
            "--topic topic/nope: not in the graph (the graph has topic/capacity-building",
        ),
        ({"country": "country/x"}, "--country country/x: not in the graph (the graph has country/atlantis)"),
        ({"year_from": 2021, "year_to": 2020}, "--from 2021 is after --to 2020"),
        ({"year_from": 1900, "year_to": 1901}, "nothing in the graph matches these options"),
        ({"focus": "meeting/m1", "year_from": 2021}, "--focus meeting/m1: 'First meeting' is not among"),
    ],
)
def test_selected_view_refuses_with_a_hint(
    view: nx.MultiDiGraph, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(UsageError) as error:
        selected_view(view, ID, **options)
    assert str(error.value).startswith(message)


# ---------------------------------------------------------------- Gephi


def test_gephi_attributes_are_strings_or_numbers(view: nx.MultiDiGraph) -> None:
    flat = to_gephi(view)
    values = [v for _, d in flat.nodes(data=True) for v in d.values()]
    values += [v for _, _, d in flat.edges(data=True) for v in d.values()]
    assert values
    assert all(isinstance(v, str | int | float) for v in values)
    ana = flat.nodes[ID + "person/ana"]
    assert json.loads(ana["sources"]) == view.nodes[ID + "person/ana"]["sources"]


@pytest.mark.parametrize(("write", "read"), [(to_graphml, nx.read_graphml), (to_gexf, nx.read_gexf)])
def test_graphml_and_gexf_read_back(view: nx.MultiDiGraph, write: Any, read: Any) -> None:
    data = write(view)
    assert data == write(view)  # deterministic
    assert b"lastmodifieddate" not in data
    back = read(io.BytesIO(data))
    assert set(back) == set(view)
    assert back.number_of_edges() == view.number_of_edges()
    node = back.nodes[ID + "meeting/m1"]
    assert node["kind"] == "Meeting"
    assert json.loads(node["topics"]) == [TOPIC + "capacity-building"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_for_gephi(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"g.{fmt}"
    result = CliRunner().invoke(main, ["export", *GOLDEN_ARGS, "--format", fmt, "-o", str(target)])
    assert result.exit_code == 0, result.output
    back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(target)
    assert len(back) == 15


# ---------------------------------------------------------------- layout


def test_layout_is_deterministic_and_places_every_node(view: nx.MultiDiGraph) -> None:
    positions = layout(view)
    assert positions == layout(view)
    assert set(positions) == set(view)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in positions.values())
    assert len(set(positions.values())) == len(positions)


def synthetic(size: int) -> nx.MultiDiGraph:
    """A sparse random view: enough for the layout and the page's options."""
    graph = nx.gnm_random_graph(size, int(size * 1.3), seed=3)
    view = nx.MultiDiGraph()
    for node in graph:
        view.add_node(f"n{node:05d}", kind="Person", label=f"P{node}", sources=[], topics=[], years=[])
    for u, v in graph.edges():
        view.add_edge(f"n{u:05d}", f"n{v:05d}", label="knows", years=[])
    return view


def test_a_large_layout_is_deterministic_and_spread() -> None:
    """(Its speed is measured by scripts/bench_html.py, not asserted here.)"""
    view = synthetic(3000)
    positions = layout(view)
    assert positions == layout(view)
    points = list(positions.values())
    assert len(set(points)) == len(points)
    xs, ys = zip(*points, strict=True)
    assert max(xs) - min(xs) > 2000 and max(ys) - min(ys) > 2000


def test_nodes_at_the_same_spot_are_set_apart() -> None:
    """Many nodes linking the same two hubs get the same pivot distances, hence one spot."""
    view = synthetic(200)
    for i in range(500):
        view.add_node(f"s{i:03d}", kind="Person", label=f"S{i}", sources=[], topics=[], years=[])
        view.add_edge(f"s{i:03d}", "n00000", label="knows", years=[])
        view.add_edge(f"s{i:03d}", "n00001", label="knows", years=[])
    positions = layout(view)
    stacked = [positions[f"s{i:03d}"] for i in range(500)]
    assert len(set(stacked)) == 500
    xs, ys = zip(*stacked, strict=True)
    assert max(xs) - min(xs) > 10 * UNIT and max(ys) - min(ys) > 10 * UNIT


def test_a_large_graph_draws_without_edge_labels_or_arrows() -> None:
    small, large = synthetic(50), synthetic(BIG_GRAPH)
    assert all("label" in e for e in to_pyvis(small).edges)
    net = to_pyvis(large)
    assert all("label" not in e for e in net.edges)
    assert net.options["edges"]["arrows"]["to"]["enabled"] is False
    assert net.options["physics"] == {"enabled": False}


def test_page_data_lists_each_source_once(view: nx.MultiDiGraph) -> None:
    data = page_data(view)
    assert [s[0] for s in data["sources"]] == [ID + "src/gazette-1"]
    assert len(data["nodes"]) == len(view)
    assert len(data["edges"]) == view.number_of_edges()
    assert data["years"] == [2020, 2021]


# ---------------------------------------------------------------- hrgraph viz


def embedded(html: str, name: str) -> Any:
    """The JSON a page embeds as `var NAME = JSON.parse("...")`."""
    match = re.search(rf"var {name} = JSON\.parse\((\".*?\")\);", html)
    assert match, name
    return json.loads(json.loads(match.group(1)))


def viz(tmp_path: Path, *options: str) -> tuple[Any, Path]:
    target = tmp_path / "view.html"
    result = CliRunner().invoke(main, ["viz", *GOLDEN_ARGS, *options, "-o", str(target)])
    return result, target


def test_viz_writes_the_whole_graph(tmp_path: Path, view: nx.MultiDiGraph) -> None:
    result, target = viz(tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {target} (15 of 15 nodes, 27 links)\n"
    html = target.read_text(encoding="utf-8")
    assert set(embedded(html, "DATA")["iris"]) == set(view)
    assert len(embedded(html, "NODES")) == len(view)
    assert '<html lang="en">' in html


def test_viz_focus_depth_and_language(tmp_path: Path) -> None:
    result, target = viz(tmp_path, "--focus", "org/agency", "--depth", "1", "--lang", "id")
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == f"Wrote {target} (3 of 15 nodes, 2 links; Agency of Examples dan yang terhubung dengannya)\n"
    )
    html = target.read_text(encoding="utf-8")
    assert {iri[len(ID) :] for iri in embedded(html, "DATA")["iris"]} == {
        "org/agency",
        "org/ministry",
        "post/agency-head",
    }
    assert '<html lang="id">' in html
    assert embedded(html, "UI")["legend"] == "Keterangan"


def test_viz_topic_country_and_years(tmp_path: Path) -> None:
    result, target = viz(
        tmp_path,
        "--topic",
        "topic/capacity-building",
        "--country",
        "atlantis",
        "--from",
        "2020",
        "--to",
        "2020",
    )
    assert result.exit_code == 0, result.output
    assert "topic: Human-rights capacity building · country: Atlantis · 2020)" in result.stdout
    ids = {iri[len(ID) :] for iri in embedded(target.read_text(encoding="utf-8"), "DATA")["iris"]}
    assert ids == {"meeting/m1", "person/ana", "place/capital", "commitment/c1", "instrument/accord"} | {
        "obs/visitors-2020"
    }


@pytest.mark.parametrize(
    ("options", "code", "message"),
    [
        (["--focus", "person/nobody"], 2, "hrgraph: --focus person/nobody: not in the graph"),
        (["--topic", "migrant-workers"], 2, "hrgraph: --topic migrant-workers: not in the graph"),
        (["--country", "country/nowhere"], 2, "hrgraph: --country country/nowhere: not in the graph"),
        (["--from", "2021", "--to", "2020"], 2, "hrgraph: --from 2021 is after --to 2020"),
        (["--from", "1900", "--to", "1900"], 2, "hrgraph: nothing in the graph matches these options"),
        (["--lang", "fr"], 2, "Invalid value for '--lang'"),
        (["--depth", "-1"], 2, "Invalid value for '--depth'"),
        (["--from", "last year"], 2, "Invalid value for '--from'"),
    ],
)
def test_viz_usage_errors(tmp_path: Path, options: list[str], code: int, message: str) -> None:
    result, target = viz(tmp_path, *options)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert not target.exists()


def test_viz_of_invalid_data_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "view.html"
    broken = REPO / "tests" / "fixtures" / "broken" / "undefined-source" / "sources"
    result = CliRunner().invoke(
        main, ["viz", "--sources", str(broken), "--ontology", str(REPO / "ontology"), "-o", str(target)]
    )
    assert result.exit_code == 1
    assert "nothing was written" in result.stderr
    assert not target.exists()


def test_render_html_is_deterministic(view: nx.MultiDiGraph) -> None:
    assert render_html(view) == render_html(view)


def test_the_page_is_one_file_with_its_script_and_style_inlined(view: nx.MultiDiGraph) -> None:
    html = render_html(view)
    for name in ("graph-common.js", "graph.js", "graph.css"):
        assert (TEMPLATES / name).read_text(encoding="utf-8") in html
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=", html)
    assert (
        "content=\"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\""
        in html
    )
