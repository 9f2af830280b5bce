"""For analysts: the Python API, the SPARQL endpoint and the diff of two builds."""
