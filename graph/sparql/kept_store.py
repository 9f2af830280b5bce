"""The graph kept on disk beside the dumps (build/store/): a pyoxigraph store that `hrgraph
query`, `serve` and the Python API open in a fraction of a second instead of parsing graph.nt.

    build/store/oxigraph/    the store (RocksDB files), holding graph.nt's triples
    build/store/stamp.json   what it was made from and by: trusted only when all of it matches

A build writes the folder with its other outputs and switches it in with them. A reader trusts
it only when the stamp names this hrgraph and pyoxigraph, graph.nt has the size and SHA-256 the
stamp gives (hashed only when it was written after the stamp: edited, or copied), and the
store's files are those the stamp lists, at their sizes (a truncated or missing file of the
store is found before a query fails on it). Anything else is a reason to rebuild it
(graph.output.build_store)."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

from graph import __version__
from graph.core.errors import SystemFailure

if TYPE_CHECKING:
    from graph.rdf.change import TripleChange

# hashlib, shutil and tempfile are imported where a store is written or a dump hashed: a query
# on a trusted store (the common case) needs none of them.

STORE_FOLDER = "store"  # build/store/, beside build/graph.nt
DATABASE = "oxigraph"
STAMP = "stamp.json"
STAMP_FORMAT = 1
CHUNK = 1 << 20
UNLISTED = ("LOG", "LOCK")  # RocksDB's own diary and lock: they may change when it is opened
MOST_CHANGED = 8  # a change of more than 1/8 of the graph is loaded anew: faster (measured)


def is_kept_store(folder: Path) -> bool:
    """Whether `folder` holds nothing but what a kept store is made of (its database and stamp)."""
    return set(os.listdir(folder)) <= {DATABASE, STAMP}


@dataclass(frozen=True)
class Verdict:
    """Whether a kept store can be trusted for a dump, and if not, why (said to the user)."""

    store: pyoxigraph.Store | None
    prefixes: dict[str, str]
    why_not: str = ""


def write_store(
    folder: Path, ntriples: bytes, prefixes: dict[str, str], *, sha256: str | None = None
) -> None:
    """Fill an empty folder with a store of the N-Triples and its stamp (written last: a folder
    without a stamp is never trusted). `prefixes` are the build's standard ones, kept so that a
    query need not load rdflib to know them; `sha256`, the N-Triples' digest if the caller has
    it (else hashed here)."""
    try:
        store = pyoxigraph.Store(str(folder / DATABASE))
        store.bulk_load(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        store.flush()
        del store  # closes it: its files are complete before they are listed
        _write_stamp(folder, ntriples, prefixes, sha256)
    except OSError as error:
        raise SystemFailure.of("write", folder, error) from error


def _write_stamp(folder: Path, ntriples: bytes, prefixes: dict[str, str], sha256: str | None) -> None:
    """The stamp of the closed store in `folder`, made from `ntriples` (whose digest is `sha256`
    when given): written last."""
    import hashlib

    stamp = {
        "format": STAMP_FORMAT,
        "hrgraph": __version__,
        "pyoxigraph": pyoxigraph.__version__,
        "dump": {"size": len(ntriples), "sha256": sha256 or hashlib.sha256(ntriples).hexdigest()},
        "files": dict(_database_files(folder / DATABASE)),
        "prefixes": prefixes,
    }
    _write_json(folder / STAMP, stamp)


def update_store(
    previous: Path,
    folder: Path,
    change: TripleChange,
    ntriples: bytes,
    prefixes: dict[str, str],
    *,
    base_sha256: str,
    sha256: str | None = None,
) -> bool:
    """Fill an empty folder with the store of `ntriples` as write_store does, made from the last
    build's store folder `previous` by `change` when it can be trusted for it: stamped by this
    hrgraph and pyoxigraph for the N-Triples whose SHA-256 is `base_sha256` (those the change
    starts from), its files as listed, the change not bigger than 1/MOST_CHANGED of that graph
    and free of blank nodes (which a store renames). True when so made; else (False) loaded
    cold from `ntriples`, silently. `previous` is only read (a reader may hold it open): its
    checkpoint is hard links to its immutable files, written into only in `folder`.

    For the pipeline (integrated by the lead, H1's wiring): in build, in place of write_store
    for the staged store folder, with `previous` = OUT/store/ and `base_sha256` the SHA-256 of
    the last build's graph.nt (the N-Triples `change` was made from)."""
    store = _changed_copy(previous, folder / DATABASE, change, base_sha256)
    if store is None:
        import shutil

        shutil.rmtree(folder / DATABASE, ignore_errors=True)  # what a failed attempt left
        write_store(folder, ntriples, prefixes, sha256=sha256)
        return False
    try:
        store.flush()  # all in its tables: a checkpoint of it (the next update) carries no log
        del store  # closes it: its files are complete before they are listed
        _write_stamp(folder, ntriples, prefixes, sha256)
    except OSError as error:
        raise SystemFailure.of("write", folder, error) from error
    return True


def scratch_store(
    previous: Path, change: TripleChange, into: Path, *, base_sha256: str
) -> pyoxigraph.Store | None:
    """A writable store of the graph `change` leads to, made from the kept store folder
    `previous` (trusted as update_store trusts it) in `into`, an empty folder the caller removes
    (on the file system of `previous`, or the files are copied, not linked); None when
    `previous` cannot be used. For `hrgraph validate`, which must not write the build's store."""
    return _changed_copy(previous, into / DATABASE, change, base_sha256)


def _changed_copy(
    previous: Path, database: Path, change: TripleChange, base_sha256: str
) -> pyoxigraph.Store | None:
    """A checkpoint of the store in `previous` at `database` (absent), opened writable, with
    `change` applied; None, and maybe some files left at `database`, when it cannot be."""
    stamp = _read_json(previous / STAMP)
    if stamp is None or not _made_by_this_version(stamp):
        return None
    dump = stamp.get("dump")
    if not isinstance(dump, dict) or dump.get("sha256") != base_sha256:
        return None
    size = dump.get("size")
    if not isinstance(size, int) or (len(change.removed) + len(change.added)) * MOST_CHANGED > size:
        return None
    if dict(_database_files(previous / DATABASE)) != stamp.get("files"):
        return None
    try:
        removed, added = _quads(change.removed), _quads(change.added)
        if any(_has_blank_node(quad) for quad in (*removed, *added)):
            return None
        source = pyoxigraph.Store.read_only(str(previous / DATABASE))
        source.backup(str(database))
        del source
        store = pyoxigraph.Store(str(database))
        # the graph the change starts from holds what it removes, and not what it adds
        if not all(quad in store for quad in removed) or any(quad in store for quad in added):
            return None
        for quad in removed:
            store.remove(quad)
        store.extend(added)
    except (OSError, RuntimeError, SyntaxError, ValueError):
        return None
    return store


def _quads(lines: bytes) -> list[pyoxigraph.Quad]:
    return list(pyoxigraph.parse(lines, format=pyoxigraph.RdfFormat.N_TRIPLES))


def _has_blank_node(quad: pyoxigraph.Quad) -> bool:
    return isinstance(quad.subject, pyoxigraph.BlankNode) or isinstance(quad.object, pyoxigraph.BlankNode)


def _made_by_this_version(stamp: dict[str, object]) -> bool:
    made_by = (stamp.get("format"), stamp.get("hrgraph"), stamp.get("pyoxigraph"))
    return made_by == (STAMP_FORMAT, __version__, pyoxigraph.__version__)


def open_kept(dump: Path) -> Verdict:
    """The store kept beside `dump`, opened read-only, if it can be trusted for it; else why
    not. Writes nothing (at most touches the stamp of a copied build: see _dump_matches)."""
    folder = dump.parent / STORE_FOLDER
    stamp = _read_json(folder / STAMP)
    if stamp is None:
        why = "is damaged (it has no stamp)" if folder.is_dir() else "is missing"
        return Verdict(None, {}, why)
    prefixes = _prefixes_in(stamp)
    if not _made_by_this_version(stamp):
        return Verdict(
            None,
            {},
            f"was made by hrgraph {stamp.get('hrgraph')} with pyoxigraph {stamp.get('pyoxigraph')} "
            f"(this is hrgraph {__version__} with pyoxigraph {pyoxigraph.__version__})",
        )
    if not _dump_matches(dump, folder, stamp.get("dump")):
        return Verdict(None, prefixes, f"does not match {dump.name} (edited or rewritten since)")
    if dict(_database_files(folder / DATABASE)) != stamp.get("files"):
        return Verdict(None, prefixes, "is damaged (its files are not those it was made with)")
    try:
        store = pyoxigraph.Store.read_only(str(folder / DATABASE))
    except (OSError, RuntimeError) as error:
        return Verdict(None, prefixes, f"is damaged ({error})")
    return Verdict(store, prefixes)


def stamped_prefixes(dump: Path) -> dict[str, str] | None:
    """The standard prefixes a store beside `dump` was stamped with by this version, if any."""
    stamp = _read_json(dump.parent / STORE_FOLDER / STAMP)
    if stamp is None or stamp.get("hrgraph") != __version__:
        return None
    return _prefixes_in(stamp) or None


def _prefixes_in(stamp: dict[str, object]) -> dict[str, str]:
    prefixes = stamp.get("prefixes")
    return {str(k): str(v) for k, v in prefixes.items()} if isinstance(prefixes, dict) else {}


def _dump_matches(dump: Path, folder: Path, stamped: object) -> bool:
    """Whether the dump holds the bytes the stamp was made from: of the same size and written
    before the stamp (a build writes the dumps, then the store), else hashed. A dump that
    matches its hash though newer (a copied build) has the stamp touched, so it is hashed once."""
    if not isinstance(stamped, dict):
        return False
    try:
        size, written = dump.stat().st_size, dump.stat().st_mtime_ns
        stamped_at = (folder / STAMP).stat().st_mtime_ns
    except OSError:
        return False
    if size != stamped.get("size"):
        return False
    if written <= stamped_at:
        return True
    if _digest(dump) != stamped.get("sha256"):
        return False
    with contextlib.suppress(OSError):  # not where the build is read-only
        os.utime(folder / STAMP)
    return True


def _digest(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as data:
        while chunk := data.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _database_files(database: Path) -> Iterator[tuple[str, int]]:
    """Name and size of every file of the store but RocksDB's diary and lock, sorted."""
    try:
        entries = sorted(os.scandir(database), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(UNLISTED) and entry.is_file():
            yield entry.name, entry.stat().st_size


def _read_json(path: Path) -> dict[str, object] | None:
    try:
        value = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _write_json(path: Path, value: object) -> None:
    """Write a small JSON file atomically (a reader sees the old one or the new one)."""
    import tempfile

    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(value, out, indent=1, sort_keys=True)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
