"""Names the command line needs before it runs anything (its options' defaults and choices),
kept apart from the modules that load pyoxigraph, so that `hrgraph --help` does not load it."""

from __future__ import annotations

GRAPH_NAME = "graph"  # build/graph.ttl, graph.nt, graph.jsonld, graph.html
NETWORK_PARTS = f"{GRAPH_NAME}-parts"  # beside graph.html: what a large graph's page loads as asked
NETWORK_IN_SITE = "network.html"  # the same page inside the readers' site, whose links stay in it
RESULT_FORMATS = ("table", "csv", "tsv", "json")  # hrgraph query --format
