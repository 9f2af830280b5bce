"""A build's outputs switched into place in one step.

The new build is written whole into a folder beside the output folder (`.build.next-XXXX` for
`build/`); the entries of `build/` that are not this build's outputs (benchmark/, .cache/, a
reader's notes) are moved into it; then one `renameat2(RENAME_EXCHANGE)` swaps the two folders,
so whoever opens `build/...` sees the old set or the new set, never a mix, even if the build is
killed at any point. What a killed build left beside is recovered by the next one: carried entries
are moved back (never lost), half-written folders removed. Builds of one folder take turns on a
lock file beside it (`.build.lock`): `build/` itself is a new inode after every switch."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.core.errors import SystemFailure
from graph.output.staged import StagedFiles, remove_entry, umask

CARRIED = ".hrgraph-carried"  # in a new build folder: what was moved into it from the old one
RENAME_EXCHANGE = 2  # linux/fs.h
AT_FDCWD = -100


def after_step(step: str) -> None:
    """Called after every step of a switch or a recovery that changes the file system: the
    crash tests replace it to kill the process there."""


class BuildBusy(Exception):
    """Another build holds the output folder's lock."""


def lock_path(out: Path) -> Path:
    """The lock file of builds of `out`, beside it (beside the folder a symbolic link names)."""
    real = Path(os.path.realpath(out))
    return real.parent / f".{real.name}.lock"


@contextmanager
def writer_lock(out: Path, waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the lock of builds of `out` (a file beside it). Without `waiting`, raise BuildBusy
    at once when another build holds it; with it, say so and wait."""
    path = lock_path(out)
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as error:
        raise SystemFailure.of("write", path, error) from error
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is None:
                raise BuildBusy(f"another build of {out} is running") from None
            waiting(f"waiting for another build of {out} to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock


@contextmanager
def next_build(out: Path, waiting: Callable[[str], None]) -> Iterator[NextBuild | StagedFiles]:
    """One build of `out`: wait for the lock, recover what a killed build left, and give a
    folder to fill (`add` files, `folder` for folders, named as under `out`); leaving the block
    switches it into place in one step, or on an error removes it and leaves `out` as it was.

    Where a folder beside `out` cannot be used (its parent is read-only, `out` is a mount point or
    holds the working directory), the outputs are renamed into `out` one by one instead
    (StagedFiles: a kill during those renames may leave a mix)."""
    out = Path(os.path.realpath(out))
    if not _can_switch(out):
        with _in_place(out, waiting) as staged:
            yield staged
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SystemFailure.of("write", out.parent, error) from error
    with writer_lock(out, waiting):
        recover(out)
        try:
            out.mkdir(exist_ok=True)
            folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.next-", dir=out.parent))
            os.chmod(folder, 0o777 & ~umask())
        except OSError as error:
            raise SystemFailure.of("write", out, error) from error
        made = NextBuild(out, folder)
        try:
            yield made
            made.switch()
        finally:
            recover(out)  # the old set after a switch; the new folder, emptied back, after an error


class NextBuild:
    """The new build's folder, beside `out`, and the names of the outputs put in it."""

    def __init__(self, out: Path, folder: Path) -> None:
        self.out = out
        self.path = folder
        self.targets: list[Path] = []  # as the caller named them
        self.names: set[str] = set()  # their first names under `out`

    def add(self, target: Path, content: bytes) -> None:
        """Write the output `target` (a path under `out`)."""
        path = self._inside(target, folder=False)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        except OSError as error:
            raise SystemFailure.of("write", target, error) from error

    def folder(self, target: Path) -> Path:
        """A new empty folder to fill: the output `target` (a path under `out`)."""
        path = self._inside(target, folder=True)
        try:
            path.mkdir(parents=True)
        except OSError as error:
            raise SystemFailure.of("write", target, error) from error
        return path

    def withdraw(self, target: Path) -> None:
        """An output this build does not make (a large graph's page parts, for a small graph):
        what an earlier build left under that name goes with the switch, it is not carried."""
        relative = Path(os.path.realpath(target.parent), target.name).relative_to(self.out)
        self.names.add(relative.parts[0])

    def _inside(self, target: Path, folder: bool) -> Path:
        relative = Path(os.path.realpath(target.parent), target.name).relative_to(self.out)
        self.targets.append(target)
        self.names.add(relative.parts[0])
        self._refuse_other_kind(target, self.out / relative, folder)
        return self.path / relative

    def _refuse_other_kind(self, target: Path, present: Path, folder: bool) -> None:
        """A file output where `out` holds a folder of its name, or a folder output where it
        holds a file, is refused (as renaming one onto the other would be): never removed."""
        if present.is_dir() and not present.is_symlink() and not folder:
            error = OSError(errno.EISDIR, os.strerror(errno.EISDIR))
        elif os.path.lexists(present) and not present.is_dir() and folder:
            error = OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
        else:
            return
        raise SystemFailure.of("write", target, error)

    def carried(self) -> list[str]:
        """The entries of `out` to keep: not this build's outputs, nor their temporaries of a
        build before the switch existed (`.NAME.*`), nor a stale marker."""
        return sorted(
            entry
            for entry in os.listdir(self.out)
            if entry not in self.names
            and entry != CARRIED
            and not any(entry.startswith(f".{name}.") for name in self.names)
        )

    def switch(self) -> None:
        """Move the entries to keep into the new folder, exchange it with `out`, remove the old."""
        try:
            carried = self.carried()
            marker = self.path / f"{CARRIED}.new"
            marker.write_text("".join(f"{name}\n" for name in carried), encoding="utf-8")
            os.replace(marker, self.path / CARRIED)  # complete from now on
            after_step("marked complete")
        except OSError as error:
            raise SystemFailure.of("write", self.out, error) from error
        try:  # on an error, next_build's recover() moves the carried entries back
            for name in carried:
                os.rename(self.out / name, self.path / name)
                after_step(f"carried {name}")
            exchanged = _exchange(self.path, self.out)
            after_step("exchanged" if exchanged else "moved aside")
            if not exchanged:
                os.rename(self.path, self.out)
                after_step("renamed in")
            (self.out / CARRIED).unlink()
            after_step("unmarked")
        except OSError as error:
            raise SystemFailure.of("write", self.out, error) from error


def recover(out: Path) -> None:
    """Finish or undo what a killed switch left beside `out` (the lock held): if `out` is
    missing, a complete new build is renamed in (or the old one back); then the entries carried
    out of `out` are moved back into it and the left folders removed. The old set never holds
    a marker, so the folder left after an exchange is removed whole."""
    left = sorted(out.parent.glob(f".{out.name}.next-*")) + sorted(out.parent.glob(f".{out.name}.prev-*"))
    try:
        if not out.exists():
            complete = [folder for folder in left if (folder / CARRIED).is_file()]
            old = [folder for folder in left if folder.name.startswith(f".{out.name}.prev-")]
            for folder in (complete or old)[:1]:
                os.rename(folder, out)
                after_step("recovered by renaming in")
                left.remove(folder)
        (out / CARRIED).unlink(missing_ok=True)  # a switch killed just after the exchange
        for folder in left:
            _empty_into(folder, out)
    except OSError as error:
        raise SystemFailure.of("write", out, error) from error


def _empty_into(folder: Path, out: Path) -> None:
    """Move back into `out` the entries `folder` carried from it; remove `folder`, unless one
    of them could not go back (`out` has one of that name again): kept, never lost."""
    marker = folder / CARRIED
    names = marker.read_text(encoding="utf-8").splitlines() if marker.is_file() else []
    kept = False
    for name in names:
        if os.path.lexists(folder / name):
            if os.path.lexists(out / name):
                kept = True
                continue
            os.rename(folder / name, out / name)
            after_step(f"carried back {name}")
    if not kept:
        remove_entry(folder)
        after_step("removed")


def _exchange(new: Path, out: Path) -> bool:
    """Swap the two folders' names in one step; False where the system cannot (then `out` has
    been renamed aside to `.NAME.prev-*`, for the caller to rename `new` in)."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is not None:
        renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        if renameat2(AT_FDCWD, os.fsencode(new), AT_FDCWD, os.fsencode(out), RENAME_EXCHANGE) == 0:
            return True
        code = ctypes.get_errno()
        if code not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            raise OSError(code, os.strerror(code), str(out))
    aside = new.with_name(new.name.replace(".next-", ".prev-", 1))
    os.rename(out, aside)
    return False


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _can_switch(out: Path) -> bool:
    """Whether a folder beside `out` can be exchanged with it."""
    parent = out.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not os.access(parent, os.W_OK | os.X_OK) or os.path.ismount(out):
        return False
    here = os.path.realpath(os.getcwd())
    return here != str(out) and not here.startswith(f"{out}{os.sep}")


@contextmanager
def _in_place(out: Path, waiting: Callable[[str], None]) -> Iterator[StagedFiles]:
    """The outputs renamed into `out` one by one, under the lock beside it (or, where nothing
    can be written beside it, a lock on `out` itself)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SystemFailure.of("write", out, error) from error
    locked = writer_lock(out, waiting) if os.access(out.parent, os.W_OK) else _folder_lock(out, waiting)
    with locked:
        with StagedFiles() as staged:
            yield staged
        for target in staged.targets:  # temporaries and backups of killed builds
            for stale in out.glob(f".{target.name}.*"):
                remove_entry(stale)


@contextmanager
def _folder_lock(out: Path, waiting: Callable[[str], None]) -> Iterator[None]:
    try:
        handle = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise SystemFailure.of("write", out, error) from error
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting(f"waiting for another build of {out} to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)
