"""Writers for the graph dumps, as a registry of formats. Every writer is deterministic: the
same graph gives byte-identical output whatever the hash seed or the order of insertion."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    media_type: str
    # graph, and its sorted N-Triples when the caller already made them (else None)
    write: Callable[[Graph, bytes | None], bytes]


def to_ntriples(graph: Graph, ntriples: bytes | None = None) -> bytes:
    """N-Triples, one triple a line, sorted: a git diff shows exactly the changed triples."""
    if ntriples is not None:
        return ntriples
    lines = graph.serialize(format="nt", encoding="utf-8").splitlines()
    return b"".join(sorted(set(line + b"\n" for line in lines if line.strip())))


def to_turtle(graph: Graph, ntriples: bytes | None = None) -> bytes:
    """Turtle with the graph's prefixes, written by Oxigraph from the sorted N-Triples: the same
    order every time, and hundreds of times faster than rdflib's writer on big graphs."""
    import pyoxigraph

    triples = pyoxigraph.parse(to_ntriples(graph, ntriples), format=pyoxigraph.RdfFormat.N_TRIPLES)
    prefixes = {prefix: str(ns) for prefix, ns in sorted(graph.namespaces()) if prefix}
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes) or b""


def to_jsonld(graph: Graph, ntriples: bytes | None = None) -> bytes:
    """Compact JSON-LD with the graph's prefixes as context, nodes sorted by @id."""
    context = {prefix: str(ns) for prefix, ns in sorted(graph.namespaces()) if prefix}
    data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = data.get("@graph", [data] if "@id" in data else [])
    body = {
        "@context": data.get("@context", context),
        "@graph": sorted((_sorted_node(n) for n in nodes), key=lambda n: str(n.get("@id"))),
    }
    return (json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _sorted_node(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted_node(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_sorted_node(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


DUMPS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("ttl", ".ttl", "text/turtle", to_turtle),
        Format("nt", ".nt", "application/n-triples", to_ntriples),
        Format("jsonld", ".jsonld", "application/ld+json", to_jsonld),
    )
}
"""The RDF dumps `hrgraph build` writes."""


def to_graphml(graph: Graph, ntriples: bytes | None = None) -> bytes:
    """The networkx view (graph.network) as GraphML, for Gephi, yEd or Cytoscape."""
    from . import network

    return network.to_graphml(network.to_networkx(graph))


def to_gexf(graph: Graph, ntriples: bytes | None = None) -> bytes:
    """The networkx view (graph.network) as GEXF 1.2, Gephi's own format."""
    from . import network

    return network.to_gexf(network.to_networkx(graph))


FORMATS: dict[str, Format] = {
    **DUMPS,
    "graphml": Format("graphml", ".graphml", "application/graphml+xml", to_graphml),
    "gexf": Format("gexf", ".gexf", "application/gexf+xml", to_gexf),
}
"""Every format `hrgraph export` writes: the dumps, and the networkx view for Gephi users."""


def write_atomically(files: dict[Path, bytes]) -> None:
    """Replace all the files, or none of them.

    Each file is first written to a temporary name beside its target; then the targets are
    renamed into place. If any step fails, the files already replaced are restored from a
    backup taken just before, so readers see either the old set or the new set."""
    staged: list[tuple[Path, Path]] = []
    backups: list[tuple[Path, Path | None]] = []
    try:
        for target, content in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            os.chmod(temp_name, 0o666 & ~_umask())
            staged.append((Path(temp_name), target))
        for temp, target in staged:
            backup = None
            if target.is_file():
                backup = target.with_name(f".{target.name}.previous")
                os.replace(target, backup)
            backups.append((target, backup))
            os.replace(temp, target)
    except BaseException:
        for target, backup in reversed(backups):
            if backup is not None:
                os.replace(backup, target)
            elif target.is_file():
                target.unlink()
        raise
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        for _, backup in backups:
            if backup is not None:
                backup.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
