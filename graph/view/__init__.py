"""Stage 5, the reader's view: the networkx view of the graph, its filters, its layout and the HTML page."""
