"""The networkx view for Gephi, yEd or Cytoscape: GraphML and GEXF, deterministic for a view."""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx


def to_gephi(view: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all strings or numbers, as GraphML and GEXF require: lists
    (topics, years, facts, sources) become JSON strings."""
    flat = nx.MultiDiGraph()
    for node, data in view.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in data.items()})
    for source, target, key, data in view.edges(keys=True, data=True):
        flat.add_edge(source, target, key=key, **{k: _flat(v) for k, v in data.items()})
    return flat


def _flat(value: Any) -> str | int | float:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def to_graphml(view: nx.MultiDiGraph) -> bytes:
    """GraphML for Gephi, yEd or Cytoscape; deterministic for a given view."""
    out = io.BytesIO()
    nx.write_graphml(to_gephi(view), out, encoding="utf-8", prettyprint=True)
    return out.getvalue()


def to_gexf(view: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 for Gephi, without the date networkx stamps in it (so builds are reproducible)."""
    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    writer.add_graph(to_gephi(view))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
