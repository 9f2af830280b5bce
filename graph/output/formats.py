"""Every format `hrgraph export` writes, as a registry: the RDF dumps, and the networkx view for
Gephi users (graph.output.gephi)."""

from __future__ import annotations

from graph.rdf.dumps import DUMPS, Format
from graph.rdf.triples import GraphLike

# The view's modules load networkx: imported when a Gephi format is asked, not at every command.


def graphml_of(graph: GraphLike, ntriples: bytes | None = None) -> bytes:
    """The networkx view (graph.view.build) as GraphML, for Gephi, yEd or Cytoscape."""
    from graph.output.gephi import to_graphml
    from graph.view.build import to_networkx

    return to_graphml(to_networkx(graph))


def gexf_of(graph: GraphLike, ntriples: bytes | None = None) -> bytes:
    """The networkx view (graph.view.build) as GEXF 1.2, Gephi's own format."""
    from graph.output.gephi import to_gexf
    from graph.view.build import to_networkx

    return to_gexf(to_networkx(graph))


FORMATS: dict[str, Format] = {
    **DUMPS,
    "graphml": Format("graphml", ".graphml", "application/graphml+xml", graphml_of),
    "gexf": Format("gexf", ".gexf", "application/gexf+xml", gexf_of),
}
"""Every format `hrgraph export` writes: the dumps, and the networkx view for Gephi users."""
