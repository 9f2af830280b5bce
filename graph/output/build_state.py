"""What the last good build was made of, kept with its outputs: `OUT/.state/manifest.json`.

A build stages the manifest with graph.nt and the rest, so it is switched in with them or not at
all. It names the code and libraries that made the graph, the base, the ontology's bytes, the
size and SHA-256 of graph.nt, each source file's entry (graph.rdf.parts.FileEntry: its bytes'
digest, its records' ids, the languages its quotes took) with its summary (graph.ingest.summary:
what its records name and cite, its sources' lines, addresses and languages, so that the next
load need not read the file) and what the checks of the graph found
(warnings, each with its nodes: graph.checks.focused starts from it), and how its files were
shown (graph.ingest.reshown: a later command run from another folder renames them). A rebuild
(or `hrgraph validate`) starts from the last graph.nt only if every one of these matches and
graph.nt's bytes are the ones named; otherwise it takes the cold path, silently."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from graph.core.errors import Problem
from graph.core.fingerprint import code_fingerprint
from graph.ingest.cache import KnownFile
from graph.ingest.reshown import SAME, Reshown
from graph.ingest.summary import FileSummary
from graph.output.state_files import manifest_path
from graph.rdf.parts import FileEntry

STATE_FORMAT = 3  # 2: each file's summary; 3: graph.nt's lines
GRAPH_DUMP = "graph.nt"
# The packages whose code decides the graph's N-Triples: a change to any module empties the state.
GRAPH_PACKAGES = ("core", "ingest", "rdf")
GRAPH_LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "rdflib", "pyoxigraph")


@cache
def graph_fingerprint() -> str:
    """A hash of the code that makes the graph from the sources, and of its libraries."""
    return code_fingerprint(GRAPH_PACKAGES, GRAPH_LIBRARIES)


def ontology_digest(ontology_dir: Path) -> str:
    """A hash of the ontology folder's Turtle files (names and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(ontology_dir.glob("*.ttl")):
        digest.update(path.name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class LastBuild:
    """The last good build of an output folder, as a rebuild starts from it."""

    ntriples: bytes  # its graph.nt, checked against the manifest
    sha256: str
    lines: int  # graph.nt's lines (its triples), as the manifest says: not counted again
    entries: dict[str, FileEntry]
    report: list[Problem]  # what the checks of its graph found (warnings), with their nodes
    known: dict[str, KnownFile] = field(default_factory=dict)  # each file as it was read
    reshown: Reshown = SAME
    """Its files as it showed them, renamed as this command shows them (the keys above are)."""


def _identity(base: str, ontology_dir: Path) -> dict[str, object]:
    return {
        "format": STATE_FORMAT,
        "code": graph_fingerprint(),
        "base": base,
        "ontology": ontology_digest(ontology_dir),
    }


def manifest_bytes(
    base: str,
    ontology_dir: Path,
    ntriples: bytes,
    entries: dict[str, FileEntry],
    report: list[Problem],
    sha256: str | None = None,
    summaries: Mapping[str, FileSummary] | None = None,
    lines: int | None = None,
    shown_sources: str | None = None,
) -> bytes:
    """The manifest of a build that wrote `ntriples` (whose digest is `sha256` and lines
    `lines`, if given) as its graph.nt; `summaries`, each file's (graph.ingest.summary), if known;
    `shown_sources`, how its files' shown paths begin (graph.ingest.reshown.sources_prefix)."""
    digest = sha256 or hashlib.sha256(ntriples).hexdigest()
    lines = ntriples.count(b"\n") if lines is None else lines
    summaries = summaries or {}
    files: dict[str, dict[str, object]] = {}
    for shown, e in sorted(entries.items()):
        files[shown] = {"digest": e.digest, "ids": list(e.ids), "languages": e.languages}
        summary = summaries.get(shown)
        if summary is not None:
            files[shown]["summary"] = summary.to_json()
    manifest = {
        **_identity(base, ontology_dir),
        "graph_nt": {"size": len(ntriples), "sha256": digest, "lines": lines},
        "files": files,
        "report": [[p.file, p.line, p.message, p.hint, p.severity, sorted(p.nodes)] for p in report],
    }
    if shown_sources is not None:
        manifest["shown_sources"] = shown_sources
    return json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8")


def last_build(
    out: Path, base: str, ontology_dir: Path, shown_sources: str | None = None
) -> LastBuild | None:
    """The last build of `out` if a rebuild with this code, base and ontology can start from it:
    its manifest readable and matching, its graph.nt the bytes the manifest names. None for any
    other case (no build, another version, a damaged or edited file), never an error. Its files
    are named as this command shows them, whose shown paths begin with `shown_sources`
    (graph.ingest.reshown.sources_prefix; None: as the manifest names them)."""
    try:
        manifest = json.loads(manifest_path(out).read_bytes())
        if not isinstance(manifest, dict):
            return None
        if any(manifest.get(key) != value for key, value in _identity(base, ontology_dir).items()):
            return None
        dump = manifest["graph_nt"]
        ntriples = (out / GRAPH_DUMP).read_bytes()
        sha256 = hashlib.sha256(ntriples).hexdigest()
        if len(ntriples) != dump["size"] or sha256 != dump["sha256"]:
            return None
        then = manifest.get("shown_sources")
        reshown = SAME
        if isinstance(then, str) and shown_sources is not None:
            reshown = Reshown(then, shown_sources)
        files = {reshown(str(shown)): entry for shown, entry in manifest["files"].items()}
        entries = {
            name: FileEntry(
                str(entry["digest"]),
                tuple(str(i) for i in entry["ids"]),
                {str(s): (None if lang is None else str(lang)) for s, lang in entry["languages"].items()},
            )
            for name, entry in files.items()
        }
        known = {
            name: KnownFile(
                entries[name].digest,
                entries[name].ids,
                _reshown_summary(FileSummary.from_json(entry["summary"]), reshown),
            )
            for name, entry in files.items()
            if "summary" in entry
        }
        report = [
            Problem(
                reshown(str(file)),
                int(line),
                str(message),
                str(hint),
                "warning" if severity == "warning" else "error",
                frozenset(str(node) for node in nodes),
            )
            for file, line, message, hint, severity, nodes in manifest["report"]
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return LastBuild(ntriples, sha256, int(dump["lines"]), entries, report, known, reshown)


def _reshown_summary(summary: FileSummary, reshown: Reshown) -> FileSummary:
    """The summary with its warnings' files renamed."""
    if not summary.warnings or reshown == SAME:
        return summary
    warnings = tuple(replace(p, file=reshown(p.file)) for p in summary.warnings)
    return replace(summary, warnings=warnings)
