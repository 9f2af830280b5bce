"""Stage 3, SPARQL on Oxigraph: the store, read-only queries, and the saved queries of queries/."""
