"""The IRIs hrgraph names things under, as plain text: the command line shows the default base
in its help before it has loaded rdflib (graph.core.vocab makes the terms from them)."""

from __future__ import annotations

ONTOLOGY_IRI = "https://w3id.org/hrgraph/ontology#"
VOCABULARY_BASE = "https://w3id.org/hrgraph/"
DEFAULT_DATA_BASE = "https://w3id.org/hrgraph/id/"
