"""Views of many nodes made here, for the tests of the network page of a large graph."""

from __future__ import annotations

import networkx as nx

ID = "https://w3id.org/hrgraph/id/"
HOSTILE_NAME = 'Hostile </script><img src=x onerror="window.__pwned=1">'
HOSTILE_QUOTE = "<img src=x onerror=window.__pwned=2>"


def people_and_meetings(people: int, meetings: int, countries: int = 3, seed: int = 3) -> nx.MultiDiGraph:
    """People of a few countries, each at two meetings held in a country (always the same); one
    more person, `person/hostile`, is named with markup, meeting 0 cites a source whose quote
    is markup, and meeting 3 is named in Indonesian only (`label_lang`, as graph.view.build
    marks a name in another language than the view's)."""
    view = nx.MultiDiGraph(lang="en", topics={}, countries={})
    country_ids = [f"{ID}country/c{c}" for c in range(countries)]
    view.graph["countries"] = {c: f"Land {n}" for n, c in enumerate(country_ids)}
    for n, c in enumerate(country_ids):
        view.add_node(c, kind="Country", label=f"Land {n}", sources=[], years=[], countries=[c])
    for m in range(meetings):
        node = f"{ID}meeting/m{m}"
        view.add_node(node, kind="Meeting", label=f"Meeting {m}", sources=[], years=[2000 + m % 20])
        view.add_edge(node, country_ids[m % countries], label="held in", sentence="held in", years=[])
    if meetings > 3:
        view.nodes[f"{ID}meeting/m3"].update(label="Rapat 3", label_lang="id")
    source = {"id": f"{ID}source/s0", "title": "A report", "publisher": "", "date": "", "url": ""}
    view.nodes[f"{ID}meeting/m0"]["sources"] = [{**source, "quote": HOSTILE_QUOTE}]
    for p in range(people):
        node = f"{ID}person/p{p}"
        view.add_node(node, kind="Person", label=f"Person {p}", sources=[], years=[])
        view.add_edge(node, country_ids[p % countries], label="national of", sentence="national of", years=[])
        for m in ((p * 7 + seed) % meetings, (p * 13 + 1) % meetings):
            view.add_edge(node, f"{ID}meeting/m{m}", label="attended", sentence="attended", years=[])
    view.add_node(f"{ID}person/hostile", kind="Person", label=HOSTILE_NAME, sources=[], years=[])
    view.add_edge(f"{ID}person/hostile", f"{ID}meeting/m0", label="attended", sentence="attended", years=[])
    for node, data in view.nodes(data=True):  # as graph.view.build gives them: by the country links
        if "countries" not in data:
            data["countries"] = sorted(c for c in view.successors(node) if c in country_ids)
    return view
