"""Loading source files fast: unchanged files come from a cache.

What a file gives (its records, its problems) depends only on its bytes, the path shown in
messages, and hrgraph's loader code, so `SourceCache` keeps it per file under that key. An entry
is written atomically and checked on reading: a stale, foreign or damaged entry is a miss, never
an error.

Nothing is written while the files are read: what a cold file gives waits in memory until the
caller says the build succeeded (`save`), so a failed build writes nothing, evicts no entry of
the last good one (an edit undone is a hit again) and leaves the folder as it was.

Entries are pickles, which can run code when read; so each is signed (HMAC-SHA256) with a key
that never leaves this user's own cache folder (`signing_key`), and an entry is unpickled only
when its signature is right. Whoever can write `build/` (a shared CI cache, a copied folder) but
not that key can make the next build read the files again, never run code in it.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import os
import pickle
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from graph.core.fingerprint import code_fingerprint
from graph.ingest.read_file import FileLoad, load_file
from graph.ingest.records import Record
from graph.ingest.summary import FileSummary

SOURCES_CACHE = Path(".cache") / "sources"
"""Where in a build folder its cache of loaded source files lives."""

# The packages whose code decides what a file gives: a change to any module in them empties the cache.
LOADER_PACKAGES = ("core", "ingest")
LOADER_LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "rdflib")


def loader_fingerprint() -> str:
    """A hash of the loader's code and of the libraries it relies on."""
    return code_fingerprint(LOADER_PACKAGES, LOADER_LIBRARIES)


KEY_BYTES = 32
SIGNATURE_BYTES = 32  # HMAC-SHA256


def key_file() -> Path:
    """Where this user's signing key lives: $XDG_CACHE_HOME/hrgraph/cache-key (~/.cache/...)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hrgraph" / "cache-key"


def signing_key(path: Path | None = None) -> bytes:
    """This user's key for signing cache entries, made on first use (readable by the user only).
    Raises OSError when it can neither be read nor made."""
    path = path or key_file()
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # made meanwhile by another build
            return signing_key(path)
        with os.fdopen(handle, "wb") as out:
            out.write(os.urandom(KEY_BYTES))
        key = path.read_bytes()
    if len(key) != KEY_BYTES:
        raise OSError(f"{path} is not an hrgraph cache key ({len(key)} bytes); delete it to make a new one")
    return key


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0


class SourceCache:
    """One signed pickle per source file in `folder`, valid for the file's bytes and the loader's
    code. Without a signing key (its folder cannot be written) there is no cache: a warning.
    A `read_only` cache (hrgraph validate's) reads what builds wrote and never writes."""

    def __init__(
        self,
        folder: Path,
        fingerprint: str | None = None,
        signing: bytes | None = None,
        read_only: bool = False,
    ):
        self.folder = folder
        self.read_only = read_only
        self.fingerprint = fingerprint or loader_fingerprint()
        self.stats = CacheStats()
        self.failure: str | None = None  # why the cache could not be written: the build goes on without it
        self.signing = signing
        self.unsaved: dict[str, tuple[str, FileLoad]] = {}  # shown path -> (key, what it gave)
        self.shown_paths: list[str] | None = None  # the files last read, to prune the others
        if signing is None:
            try:
                self.signing = signing_key()
            except OSError as error:
                reason = error.strerror or error
                self.failure = f"cannot read or make the cache key {key_file()} ({reason}); built without it"

    def _entry(self, shown: str) -> Path:
        return self.folder / f"{hashlib.sha256(shown.encode()).hexdigest()[:32]}.pickle"

    def key(self, raw: bytes) -> str:
        """The key of a file's bytes: the very bytes that are then parsed, never a second read."""
        return self.key_of(hashlib.sha256(raw).hexdigest())

    def key_of(self, digest: str) -> str:
        """The key of a file whose bytes' sha256 is `digest`."""
        return f"{self.fingerprint}:{digest}"

    def _sign(self, data: bytes) -> bytes:
        assert self.signing is not None
        return hmac.new(self.signing, data, hashlib.sha256).digest()

    def get(self, shown: str, key: str) -> FileLoad | None:
        if self.signing is None:
            return None
        try:
            signed = self._entry(shown).read_bytes()
        except OSError:
            return None
        signature, data = signed[:SIGNATURE_BYTES], signed[SIGNATURE_BYTES:]
        if not hmac.compare_digest(signature, self._sign(data)):
            return None  # not written by this user's builds: never unpickled
        try:
            stored_shown, stored_key, loaded = pickle.loads(data)
        except Exception:  # written by another version of the loader: read the file instead
            return None
        return loaded if (stored_shown, stored_key) == (shown, key) else None

    def keep(self, shown: str, key: str, loaded: FileLoad) -> None:
        """Hold what a file gave until `save`."""
        self.unsaved[shown] = (key, loaded)

    def save(self) -> None:
        """Write what the files read since the last save gave, and forget the files no longer
        among the sources: called once the build has succeeded."""
        for shown, (key, loaded) in self.unsaved.items():
            self.put(shown, key, loaded)
        self.unsaved.clear()
        if self.shown_paths is not None:
            self.prune(self.shown_paths)

    def put(self, shown: str, key: str, loaded: FileLoad) -> None:
        """Write what a file gave now; if the folder cannot be written, note why and stop writing."""
        if self.failure is not None or self.signing is None or self.read_only:
            return
        data = pickle.dumps((shown, key, loaded), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.folder, prefix=".entry-")
        except OSError as error:
            self._failed(error)
            return
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(self._sign(data) + data)
            os.replace(temp, self._entry(shown))
        except OSError as error:
            Path(temp).unlink(missing_ok=True)
            self._failed(error)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def prune(self, shown_paths: Sequence[str]) -> None:
        """Forget the files that are no longer among the sources."""
        if self.failure is not None or self.read_only:
            return
        keep = {self._entry(shown).name for shown in shown_paths}
        try:
            if self.folder.is_dir():
                for entry in self.folder.glob("*.pickle"):
                    if entry.name not in keep:
                        entry.unlink(missing_ok=True)
        except OSError as error:
            self._failed(error)

    def _failed(self, error: OSError) -> None:
        reason = error.strerror or error
        self.failure = f"cannot write the cache in {self.folder} ({reason}); built without it"


@dataclass(frozen=True)
class KnownFile:
    """A file as the last build read it: its bytes' sha256, its records' ids and its summary."""

    digest: str
    ids: tuple[str, ...]
    summary: FileSummary


@dataclass(frozen=True)
class Unchanged:
    """A file whose bytes are those `known` names: its records are not read (`records` reads
    them when asked)."""

    path: Path
    shown: str
    raw: bytes
    known: KnownFile

    def records(self, cache: SourceCache | None) -> list[Record]:
        """Every record the file gives: from the cache when it has the file, else read."""
        loaded = cache.get(self.shown, cache.key_of(self.known.digest)) if cache is not None else None
        if loaded is None:
            loaded = load_file(self.path, self.shown, self.raw)
        return loaded.records


def load_files(
    files: Sequence[tuple[Path, str]],
    cache: SourceCache | None = None,
    known: Mapping[str, KnownFile] | None = None,
) -> list[FileLoad | Unchanged]:
    """What each (path, shown path) gives, in order: `Unchanged` for a file whose bytes are those
    `known` names, else from the cache when it has the file; what the others give is kept for
    the cache's `save`.

    (Reading the files on several processes was tried and measured: on 2 cores, sending the
    records back costs more than it saves, 2.3 s against 1.9 s for 10,000 records.)"""

    if cache is None and not known:
        return [load_file(path, shown) for path, shown in files]
    with cycle_collector_paused():
        results = [_load_one(path, shown, cache, known or {}) for path, shown in files]
    if cache is not None:
        cache.shown_paths = [shown for _, shown in files]
    return results


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the files' records are unpickled or made: they hold no
    cycles, and its scans of the ever larger heap took half the unpickling (0.22 against 0.10 s
    of CPU for the 494 files of 10k records, measured)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_one(
    path: Path, shown: str, cache: SourceCache | None, known: Mapping[str, KnownFile]
) -> FileLoad | Unchanged:
    """What one file gives: Unchanged when `known` has its bytes, else from the cache, else read
    (and kept for the cache's `save`)."""
    try:
        raw: bytes | None = path.read_bytes()
    except OSError:
        raw = None  # unreadable: load_file reports it
    # One read: the key and the records come from the same bytes, so a file saved during a
    # build can never leave an entry whose key says one content and whose records another.
    digest = hashlib.sha256(raw).hexdigest() if raw is not None else ""
    last = known.get(shown)
    if raw is not None and last is not None and last.digest == digest:
        if cache is not None:
            cache.stats.hits += 1  # not read again, as a hit
        return Unchanged(path, shown, raw, last)
    if cache is None:
        return load_file(path, shown, raw)
    key = cache.key_of(digest) if digest else ""
    loaded = cache.get(shown, key) if key else None
    if loaded is not None:
        cache.stats.hits += 1
    else:
        cache.stats.misses += 1
        loaded = load_file(path, shown, raw)
        if key:
            cache.keep(shown, key, loaded)
    return loaded
