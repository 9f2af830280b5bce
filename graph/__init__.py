"""hrgraph: curated, cited facts about regional human-rights cooperation as an RDF graph.

The sub-packages follow the pipeline, each depending only on those before it:
core → ingest → rdf → sparql → checks → view → output → pipeline → analyst → cli.
`from graph import KnowledgeGraph` is the Python API (graph.analyst.api).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from graph.analyst.api import KnowledgeGraph

__all__ = ["KnowledgeGraph", "__version__"]


def __getattr__(name: str) -> Any:
    """Import the Python API on first use, so the CLI does not pay for it."""
    if name == "KnowledgeGraph":
        from graph.analyst.api import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'graph' has no attribute {name!r}")
