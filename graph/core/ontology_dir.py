"""Where the ontology's Turtle files are, found without reading them (so without rdflib: a
query that only looks up the ontology's terms reads them with pyoxigraph)."""

from __future__ import annotations

from pathlib import Path

SHAPES_FILE = "shapes.ttl"
"""The ontology folder's file of SHACL shapes (the others describe the vocabulary's terms)."""


def default_ontology_dir() -> Path:
    """./ontology when it exists, else the copy shipped with the package."""
    here = Path("ontology")
    if here.is_dir():
        return here
    package = Path(__file__).parent.parent
    packaged = package / "ontology"
    if packaged.is_dir():
        return packaged
    return package.parent / "ontology"
