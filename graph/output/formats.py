"""Every format `hrgraph export` writes, as a registry: the RDF dumps, and the networkx view for
Gephi users."""

from __future__ import annotations

from graph.rdf.dumps import DUMPS, Format
from graph.rdf.triples import GraphLike


def to_graphml(graph: GraphLike, ntriples: bytes | None = None) -> bytes:
    """The networkx view (graph.view.network) as GraphML, for Gephi, yEd or Cytoscape."""
    from graph.view import network

    return network.to_graphml(network.to_networkx(graph))


def to_gexf(graph: GraphLike, ntriples: bytes | None = None) -> bytes:
    """The networkx view (graph.view.network) as GEXF 1.2, Gephi's own format."""
    from graph.view import network

    return network.to_gexf(network.to_networkx(graph))


FORMATS: dict[str, Format] = {
    **DUMPS,
    "graphml": Format("graphml", ".graphml", "application/graphml+xml", to_graphml),
    "gexf": Format("gexf", ".gexf", "application/gexf+xml", to_gexf),
}
"""Every format `hrgraph export` writes: the dumps, and the networkx view for Gephi users."""
