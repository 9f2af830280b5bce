"""The built graph opened for `hrgraph query`, `serve` and the Python API: from the store the
build kept beside its dumps (graph.sparql.kept_store) when it can be trusted; else that store is
rebuilt from graph.nt first, said once on stderr; and where it cannot be rebuilt (another build
holds the folder, or the folder is read-only) graph.nt is loaded in memory as it always was.
A dump not written by a build (`--graph FILE`, a graph.nt alone) is loaded in memory too."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from graph.core.errors import SystemFailure, UsageError
from graph.ingest.dataset import display_path
from graph.sparql.kept_store import STORE_FOLDER, is_kept_store, open_kept, write_store
from graph.sparql.store import GRAPH_NAME, open_store, read_prefixes, standard_prefixes


@dataclass(frozen=True)
class BuiltGraph:
    """A build's graph ready to query, and its prefixes (standard, then graph.ttl's)."""

    store: pyoxigraph.Store
    prefixes: dict[str, str]
    kept: bool  # opened from the kept store, not parsed from the dump


def open_built_graph(dump: Path, say: Callable[[str], None]) -> BuiltGraph:
    """The graph of `dump` (a build's graph.nt), from its kept store when it can be."""
    turtle = dump.with_suffix(".ttl")
    if not dump.is_file():
        open_store(dump)  # raises the usage error that names the missing build
    if not _written_by_a_build(dump):
        return BuiltGraph(_parsed(dump), read_prefixes(turtle), kept=False)
    verdict = open_kept(dump)
    if verdict.store is not None:
        return BuiltGraph(verdict.store, read_prefixes(turtle, verdict.prefixes), kept=True)
    folder = dump.parent / STORE_FOLDER
    kept = f"{display_path(folder)}/"
    from graph.output.staged import theirs  # only when the store is not trusted: not for a query

    if theirs(folder, is_kept_store) != []:  # a rebuild replaces it whole
        say(
            f"hrgraph: {kept} holds files hrgraph did not write: using {display_path(dump)}, {kept} untouched"
        )
        return BuiltGraph(_parsed(dump), read_prefixes(turtle), kept=False)
    from graph.output.switch import BuildBusy, writer_lock  # only to rebuild: not for a query

    try:
        with writer_lock(dump.parent):
            rebuild_store(dump)
    except BuildBusy:
        say(f"hrgraph: {kept} {verdict.why_not}; a build is writing it: using {display_path(dump)} as it is")
        return BuiltGraph(_parsed(dump), read_prefixes(turtle), kept=False)
    except SystemFailure as failure:
        say(
            f"hrgraph: {kept} {verdict.why_not}; it cannot be rebuilt ({failure}): using {display_path(dump)}"
        )
        return BuiltGraph(_parsed(dump), read_prefixes(turtle), kept=False)
    say(f"hrgraph: {kept} {verdict.why_not}: rebuilt it from {display_path(dump)}")
    verdict = open_kept(dump)
    if verdict.store is None:  # only if it was changed again meanwhile
        return BuiltGraph(_parsed(dump), read_prefixes(turtle), kept=False)
    return BuiltGraph(verdict.store, read_prefixes(turtle, verdict.prefixes), kept=True)


def rebuild_store(dump: Path) -> None:
    """Make the store beside `dump` anew from it, in a folder of its own switched in with two
    renames (the caller holds the build folder's lock); what a killed rebuild left is removed."""
    import tempfile

    from graph.output.staged import remove_entry

    out = dump.parent
    for stale in out.glob(f".{STORE_FOLDER}.*"):
        remove_entry(stale)
    try:
        fresh = Path(tempfile.mkdtemp(prefix=f".{STORE_FOLDER}.new-", dir=out))
        old = Path(tempfile.mkdtemp(prefix=f".{STORE_FOLDER}.old-", dir=out))
        data = dump.read_bytes()
    except OSError as error:
        raise SystemFailure.of("write", out, error) from error
    try:
        try:
            write_store(fresh, data, standard_prefixes())
        except SyntaxError as error:
            raise UsageError(f"{dump} is not an N-Triples graph ({error.msg})") from None
        target = out / STORE_FOLDER
        try:
            if target.exists():
                os.replace(target, old / STORE_FOLDER)
            os.replace(fresh, target)
        except OSError as error:
            raise SystemFailure.of("write", target, error) from error
    finally:
        remove_entry(fresh)
        remove_entry(old)


def _written_by_a_build(dump: Path) -> bool:
    """A build's graph.nt: a store or graph.ttl beside it (a graph.nt written by hand is parsed
    as it always was, and nothing is written beside it)."""
    return dump.name == f"{GRAPH_NAME}.nt" and (
        (dump.parent / STORE_FOLDER).exists() or dump.with_suffix(".ttl").is_file()
    )


def _parsed(dump: Path) -> pyoxigraph.Store:
    """The dump loaded into memory; a file that is not N-Triples or Turtle is a usage mistake."""
    try:
        return open_store(dump)
    except SyntaxError as error:
        raise UsageError(f"{dump} is not an N-Triples graph ({error.msg})") from None
