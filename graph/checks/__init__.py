"""Stage 4, checks on the graph: the SHACL shapes as SPARQL, the date rules of rules/, the coverage
assertions, each problem located at its file:line.
"""
