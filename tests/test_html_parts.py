"""The network page of a large graph, without a browser: the overview and the parts it loads.

Below graph.view.big.BIG_PAGE nodes render_page is render_html's one file; from it, every node
is in the index and in exactly one part with its links, each link in the parts of both its ends,
and every file carries its key, a hash of its data, which the page lists.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph.view.big import BIG_PAGE, COLUMNS, OTHER, columns_of
from graph.view.page import NetworkPage, render_html, render_page, write_page
from tests.big_views import people_and_meetings

PART = re.compile(r'^hrgraphPart\(("[^"]*"),("[^"]*"),(".*")\);\n$', re.S)


def embedded(html: str, name: str) -> Any:
    """The data the page declares as `var name = JSON.parse("…")`."""
    match = re.search(rf'var {name} = JSON\.parse\(("(?:[^"\\]|\\.)*")\);', html)
    assert match, name
    return json.loads(json.loads(match.group(1)))


def parts_of(page: NetworkPage) -> dict[str, tuple[str, Any]]:
    """Each part file's name → its key and its data, read as the page reads them."""
    found = {}
    for file, text in page.parts.items():
        match = PART.match(text)
        assert match, file
        name, key, data = (json.loads(group) for group in match.groups())
        assert file == f"{name}.js"
        found[name] = (key, json.loads(data))
    return found


@pytest.fixture(scope="module")
def big_view() -> nx.MultiDiGraph:
    return people_and_meetings(BIG_PAGE, 400)


@pytest.fixture(scope="module")
def big_page(big_view: nx.MultiDiGraph) -> NetworkPage:
    return render_page(big_view, title="big")


def test_a_small_graph_is_the_one_file_page_of_render_html() -> None:
    view = people_and_meetings(300, 40)
    page = render_page(view, title="small")
    assert page.parts == {}
    assert page.html == render_html(view, title="small")


def test_every_node_is_in_the_index_and_in_one_part(big_view: nx.MultiDiGraph, big_page: NetworkPage) -> None:
    parts = parts_of(big_page)
    assert embedded(big_page.html, "PARTS")["keys"] == {name: key for name, (key, _) in parts.items()}
    assert big_page.keys == embedded(big_page.html, "PARTS")["keys"]
    for name, (key, data) in parts.items():  # each file's key is a hash of its own data
        compact = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        assert key == hashlib.sha256(compact.encode("utf-8")).hexdigest()[:16], name
    _, index = parts.pop("index")
    iris = [index["base"] + rest for rest in index["ids"]]
    assert iris == sorted(big_view)
    assert index["labels"] == [big_view.nodes[n]["label"] for n in iris]
    placed: dict[int, str] = {}
    for name, (_, part) in parts.items():
        for number, row in part["nodes"]:
            assert number not in placed, f"node {number} in {placed.get(number)} and {name}"
            placed[number] = name
            assert index["parts"][number] == int(name[1:])
            assert row["kind"] == index["kindIds"][index["kinds"][number]]
    assert sorted(placed) == list(range(len(iris)))


def test_each_link_is_in_the_parts_of_both_its_ends(big_view: nx.MultiDiGraph, big_page: NetworkPage) -> None:
    parts = parts_of(big_page)
    _, index = parts.pop("index")
    iris = [index["base"] + rest for rest in index["ids"]]
    found: set[tuple[str, str]] = set()
    for _, part in parts.values():
        numbers = {number for number, _ in part["nodes"]}
        edges = {e[0]: e for e in part["edges"]}
        for number, row in part["nodes"]:
            for other, e in row["links"]:
                assert {edges[e][1], edges[e][2]} == {number, other}
        for _, start, end, label, data in part["edges"]:
            assert start in numbers or end in numbers
            found.add((iris[start], iris[end]))
            assert label == data["sentence"]  # the views made here say the same in both
    assert found == set(big_view.edges())


def test_the_overview_counts_every_node_once(big_view: nx.MultiDiGraph, big_page: NetworkPage) -> None:
    overview = embedded(big_page.html, "OVERVIEW")
    assert sum(g["count"] for g in overview["nodes"]) == len(big_view)
    assert len(overview["nodes"]) <= 3 * 4  # three kinds, three countries and none
    people = {g["country"]: g["count"] for g in overview["nodes"] if g["kind"] == "Person"}
    assert people == {**{c: len(range(c, BIG_PAGE, 3)) for c in range(3)}, -1: 1}  # and the hostile one


def test_many_countries_share_one_column() -> None:
    names = [f"Land {n:03d}" for n in range(40)]
    countries = [[n % 40] for n in range(4000)] + [[0]] * 100 + [[]]
    columns = columns_of(countries, names)
    assert len(columns) == COLUMNS + 1  # the largest countries, the others, no country
    assert columns[0] == 0 and columns[-2:] == [OTHER, -1]


def test_the_page_and_its_parts_are_written_side_by_side(big_page: NetworkPage, tmp_path: Path) -> None:
    write_page(big_page, tmp_path / "graph.html")
    assert (tmp_path / "graph.html").read_text(encoding="utf-8") == big_page.html
    assert sorted(p.name for p in (tmp_path / big_page.parts_folder).iterdir()) == sorted(big_page.parts)
    assert embedded(big_page.html, "PARTS")["folder"] == f"{big_page.parts_folder}/"
