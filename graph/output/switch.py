"""A build's outputs switched into place in one step.

The new build is written whole into a folder beside the output folder (`.build.next-XXXX` for
`build/`); the entries of `build/` that are not this build's outputs (benchmark/, .cache/, a
reader's notes) are moved into it; then one `renameat2(RENAME_EXCHANGE)` swaps the two folders,
so whoever opens `build/...` sees the old set or the new set, never a mix, even if the build is
killed at any point. What a killed build left beside is recovered by the next one: carried entries
are moved back (never lost), half-written folders removed. Builds of one folder take turns on a
lock file beside it (`.build.lock`): `build/` itself is a new inode after every switch.

A folder output may be carried over (`NextBuild.carry`: the readers' site after a change): the
new build's folder then holds only the files this build made, and the switch, after writing a
journal of what it will do, moves the last build's folder into the new build and puts the new
files in it, the replaced and removed ones set aside in the old build (`build/.site.replaced/`,
removed with it). The work is what changed, not the whole folder; the price is that from the
moment it is carried to the exchange, a moment later, `build/site` is missing: a reader then
finds no site, never a mix of two. A build killed before the exchange is undone from the journal
by the next one (each file put back: the last site as it was, byte for byte)."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import sys
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.core.errors import SystemFailure
from graph.core.folder_files import files_under, link_files
from graph.output.staged import StagedFiles, remove_entry, umask

CARRIED = ".hrgraph-carried"  # in a new build folder: what was moved into it from the old one
JOURNAL = ".hrgraph-journal"  # in a new build folder: the folders carried over into it, file by file
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
        self.carried_over: list[CarriedFolder] = []  # folders carried over from the last build

    def add(self, target: Path, content: bytes) -> None:
        """Write the output `target` (a path under `out`)."""
        self.add_pieces(target, [content])

    def add_pieces(self, target: Path, pieces: Iterable[bytes | memoryview]) -> None:
        """Write the output `target` (a path under `out`) from its pieces, in order."""
        path = self._inside(target, folder=False)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as file:
                file.writelines(pieces)
        except OSError as error:
            raise SystemFailure.of("write", target, error) from error

    def staged_file(self, target: Path) -> Path:
        """Where the output `target` (added or made a folder) is written until the switch."""
        return self.path / Path(os.path.realpath(target.parent), target.name).relative_to(self.out)

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

    def carry(self, target: Path, kept: Collection[str], present: Collection[str]) -> None:
        """The folder output `target` (made by `folder`) holds only the files this build made;
        of the last build's `target`, which held the files `present` (paths inside it), those
        `kept` are this build's too: at the switch the last `target` is carried over with the new
        files put in and the others removed. Where most of it is new, or a new file's name is a
        folder there (or the other way round), the kept files are linked into the new folder
        instead, which then replaces `target` whole."""
        relative = Path(os.path.realpath(target.parent), target.name).relative_to(self.out)
        made, last = self.path / relative, self.out / relative
        written = files_under(made)
        if len(relative.parts) != 1 or len(kept) < len(written) or not _fits(last, written):
            link_files(last, made, kept)
            return
        removed = set(present).difference(kept, written)
        replaced = [name for name in written if os.path.lexists(last / name)]
        added = sorted(set(written).difference(replaced))
        self.carried_over.append(CarriedFolder(relative.name, sorted(replaced), added, sorted(removed)))

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
            and entry not in (CARRIED, JOURNAL)
            and not any(entry.startswith(f".{name}.") for name in self.names)
        )

    def switch(self) -> None:
        """Carry over the folders to carry, move the entries to keep into the new folder,
        exchange it with `out`, remove the old."""
        try:  # on an error, next_build's recover() undoes it from the journal
            self._carry_over()
        except OSError as error:
            raise SystemFailure.of("write", self.out, error) from error
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
            (self.out / JOURNAL).unlink(missing_ok=True)
            (self.out / CARRIED).unlink()
            after_step("unmarked")
        except OSError as error:
            raise SystemFailure.of("write", self.out, error) from error

    def _carry_over(self) -> None:
        """The journal first, complete on disk; then each folder to carry: the new files set
        aside in the new build, the last folder moved into it, each of its replaced and removed
        files set aside in the old build (`out/.NAME.replaced/`), each new file put in."""
        if not self.carried_over:
            return
        _write_journal(self.path, self.carried_over)
        after_step("journaled")
        for carried in self.carried_over:
            name = carried.name
            folder, changes = self.path / name, self.path / f".{name}.changes"
            aside = self.out / f".{name}.replaced"
            os.rename(folder, changes)
            after_step(f"set aside the new files of {name}")
            os.rename(self.out / name, folder)
            after_step(f"carried over {name}")
            made: set[str] = set()
            for file in carried.replaced:
                _move(folder, aside, file, made)
                after_step(f"set aside {name}/{file}")
                _move(changes, folder, file, made)
                after_step(f"replaced {name}/{file}")
            for file in carried.added:
                _move(changes, folder, file, made)
                after_step(f"added {name}/{file}")
            for file in carried.removed:
                if os.path.lexists(folder / file):
                    _move(folder, aside, file, made)
                    _prune(folder, file)
                    after_step(f"removed {name}/{file}")
            remove_entry(changes)
            after_step(f"removed the set-aside folder of {name}")


class CarriedFolder:
    """A folder output carried over from the last build: its name under `out`, and its files
    (paths inside it) replaced by, added from, or removed by the new build."""

    def __init__(self, name: str, replaced: list[str], added: list[str], removed: list[str]) -> None:
        self.name = name
        self.replaced = replaced
        self.added = added
        self.removed = removed

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "replaced": self.replaced, "added": self.added, "removed": self.removed}


def _write_journal(folder: Path, carried: list[CarriedFolder]) -> None:
    """The journal of the folders carried into `folder`, on disk (synced) before any is moved."""
    text = json.dumps([each.to_json() for each in carried], ensure_ascii=False)
    temporary = folder / f"{JOURNAL}.new"
    with open(temporary, "w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, folder / JOURNAL)
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _move(source: Path, target: Path, name: str, made: set[str]) -> None:
    """Rename the file `name` of the folder `source` to the same name in `target` (its folders
    made)."""
    parent = os.path.dirname(f"{target}{os.sep}{name}")
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)
    os.rename(f"{source}{os.sep}{name}", f"{target}{os.sep}{name}")


def _prune(folder: Path, name: str) -> None:
    """Remove the folders of `folder` that held the file `name` and are now empty (a cold build
    makes no empty folder)."""
    parent = Path(name).parent
    while parent != Path("."):
        try:
            os.rmdir(folder / parent)
        except OSError:  # not empty
            return
        parent = parent.parent


def _fits(last: Path, written: list[str]) -> bool:
    """Whether the new files can be put into the folder `last`: none of their names, nor of
    their folders, is held there by the other kind."""
    folders = {str(Path(name).parent) for name in written} - {"."}
    for name in folders:
        if os.path.lexists(last / name) and (not os.path.isdir(last / name) or os.path.islink(last / name)):
            return False
    return not any(os.path.isdir(last / name) for name in written)


def _undo_carry(folder: Path, out: Path) -> None:
    """Undo what a switch into `folder` carried over from `out` before it was exchanged (from
    the journal; idempotent, for a recovery killed in turn): each file set aside put back, each
    new one taken out, the last folder moved back into `out`, the set-aside folder removed."""
    journal = folder / JOURNAL
    if not journal.is_file():
        return
    for entry in json.loads(journal.read_text(encoding="utf-8")):
        name = entry["name"]
        carried, aside = folder / name, out / f".{name}.replaced"
        if not os.path.lexists(out / name) and carried.is_dir():
            made: set[str] = set()
            for file in [*entry["replaced"], *entry["removed"]]:
                if os.path.lexists(aside / file):
                    if os.path.lexists(carried / file):
                        os.unlink(carried / file)  # the new file put in its place
                    _move(aside, carried, file, made)
                    after_step(f"put back {name}/{file}")
            for file in entry["added"]:
                if os.path.lexists(carried / file):
                    os.unlink(carried / file)
                    _prune(carried, file)
                    after_step(f"took out {name}/{file}")
            os.rename(carried, out / name)
            after_step(f"moved back {name}")
        if os.path.lexists(aside):
            remove_entry(aside)
            after_step(f"removed the set-aside files of {name}")
    journal.unlink()
    after_step("journal removed")


def recover(out: Path) -> None:
    """Finish or undo what a killed switch left beside `out` (the lock held): if `out` is
    missing, a complete new build is renamed in (or the old one back); then the folders carried
    over into a new build not exchanged are moved back (as they were, by its journal), the
    entries carried out of `out` moved back into it and the left folders removed. The old set never holds
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
        (out / JOURNAL).unlink(missing_ok=True)  # a switch killed just after the exchange
        (out / CARRIED).unlink(missing_ok=True)
        for folder in left:
            _undo_carry(folder, out)  # a journal in a folder beside: not exchanged, undone
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
