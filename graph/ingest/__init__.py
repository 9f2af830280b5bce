"""Stage 1, sources/ → records: YAML read with its lines, checked into pydantic records, cross-
referenced, cached per file.
"""
