"""The query store behind one interface: an in-memory Oxigraph store loaded from a dump.

Oxigraph answers SPARQL one to two orders of magnitude faster than rdflib's own engine on
this domain (measured in docs/benchmark.md); rdflib stays the library for assembly and SHACL.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import pyoxigraph

from graph.core.errors import UsageError
from graph.sparql.names import GRAPH_NAME as GRAPH_NAME
from graph.sparql.names import NETWORK_PARTS as NETWORK_PARTS


def open_store(dump: Path) -> pyoxigraph.Store:
    """Load an N-Triples or Turtle dump into a fresh in-memory store."""
    if not dump.is_file():
        raise UsageError(f"no graph at {dump}: run 'hrgraph build' first (or pass --graph FILE)")
    fmt = pyoxigraph.RdfFormat.N_TRIPLES if dump.suffix == ".nt" else pyoxigraph.RdfFormat.TURTLE
    store = pyoxigraph.Store()
    store.bulk_load(path=str(dump), format=fmt)
    return store


def store_from_ntriples(data: bytes) -> pyoxigraph.Store:
    """A store holding the given N-Triples."""
    store = pyoxigraph.Store()
    store.bulk_load(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


T = TypeVar("T")
R = TypeVar("R")


def on_every_core(run: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """run(item) for each item, in order, on one thread per core: Oxigraph lets go of Python's
    lock while it evaluates a query, so the shape checks run in half the time on 2 cores."""
    threads = min(len(items), os.cpu_count() or 1, 8)
    if threads <= 1:
        return [run(item) for item in items]
    from concurrent.futures import ThreadPoolExecutor  # (logging, queue): not for a query

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(run, items))


def standard_prefixes() -> dict[str, str]:
    """The prefixes every build declares, with the default data base."""
    from graph.core.vocab import DEFAULT_DATA_BASE
    from graph.rdf.assemble import new_graph

    return {p: str(ns) for p, ns in new_graph(DEFAULT_DATA_BASE).namespaces() if p}


def read_prefixes(turtle: Path, standard: dict[str, str] | None = None) -> dict[str, str]:
    """The prefixes a build declared (read from its Turtle dump) over the standard ones (made
    here, with rdflib, unless given: a kept store's stamp holds them)."""
    mapping = dict(standard) if standard else standard_prefixes()
    if turtle.is_file():
        with turtle.open(encoding="utf-8") as lines:
            for line in lines:
                if not line.startswith("@prefix"):
                    break
                _, name, iri, *_ = line.split()
                mapping[name.rstrip(":")] = iri.strip("<>")
    return mapping
