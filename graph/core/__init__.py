"""Underneath every stage: the vocabulary (terms of the ontology), the ontology loader, the errors and
progress reporting.
"""
