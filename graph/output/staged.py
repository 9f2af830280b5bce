"""Outputs replaced all together or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Iterable
from pathlib import Path

from graph.core.errors import SystemFailure, UsageError
from graph.core.folder_files import link_files


def write_atomically(files: dict[Path, bytes]) -> None:
    """Replace all the files, or none of them (see StagedFiles)."""
    with StagedFiles() as staged:
        for target, content in files.items():
            staged.add(target, content)


LEFT_BY_FILE_BROWSERS = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
"""What a file browser leaves in a folder it has shown: replaced with the folder."""


def theirs(folder: Path, ours: Callable[[Path], bool]) -> list[str] | None:
    """What in `folder` hrgraph did not write, were it replaced whole (`StagedFiles.folder`):
    nothing ([]) when it is missing, empty or `ours`; None when it is a file."""
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        return None
    except OSError as error:
        raise SystemFailure.of("read", folder, error) from error
    found = sorted(name for name in names if name not in LEFT_BY_FILE_BROWSERS)
    return [] if not found or ours(folder) else found


def refuse_to_replace_theirs(folder: Path, ours: Callable[[Path], bool], what: str) -> None:
    """A UsageError when `folder`, which `what` replaces whole, holds anything not written by
    hrgraph (`theirs`)."""
    found = theirs(folder, ours)
    if found == []:
        return
    from graph.ingest.dataset import display_path  # only to word the refusal

    if found is None:
        why = f"is a file, and {what} puts a folder there: move the file elsewhere"
    else:
        shown = ", ".join(found[:3]) + (f" and {len(found) - 3} more" if len(found) > 3 else "")
        why = (
            f"holds files hrgraph did not write ({shown}), and {what} replaces that folder "
            "whole: move them elsewhere"
        )
    raise UsageError(f"{display_path(folder)} {why}, or give another folder")


class StagedFiles:
    """Files replaced all together, or none of them.

    `add` writes a file at once to a temporary name beside its target, so a caller need not
    hold every output in memory; leaving the `with` block renames them all into place. If
    anything fails (in the block or while renaming), the files already replaced are restored
    from a backup taken just before, and the temporary files are removed, so readers see either
    the old set or the new set."""

    def __init__(self) -> None:
        self.staged: list[tuple[Path, Path]] = []
        self.withdrawn: list[Path] = []

    def __enter__(self) -> StagedFiles:
        return self

    def add(self, target: Path, content: bytes) -> None:
        self.add_pieces(target, [content])

    def add_pieces(self, target: Path, pieces: Iterable[bytes | memoryview]) -> None:
        """`add` of the file its pieces make, in order."""
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            self.staged.append((Path(temp_name), target))
            with os.fdopen(handle, "wb") as out:
                out.writelines(pieces)
            os.chmod(temp_name, 0o666 & ~umask())
        except OSError as error:
            raise SystemFailure.of("write", target, error) from error

    def staged_file(self, target: Path) -> Path:
        """Where the file (or folder) staged for `target` is written until it is put in place."""
        return next(temp for temp, staged in self.staged if staged == target)

    def folder(self, target: Path) -> Path:
        """A new empty folder beside `target` to fill; it replaces `target` (a whole folder, such
        as the readers' site) together with the files."""
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        except OSError as error:
            raise SystemFailure.of("write", target, error) from error
        os.chmod(temp, 0o777 & ~umask())
        self.staged.append((temp, target))
        return temp

    def withdraw(self, target: Path) -> None:
        """An output not made this time: whatever is at `target` is removed with the others."""
        self.withdrawn.append(target)

    def carry(self, target: Path, kept: Collection[str], present: Collection[str]) -> None:
        """The folder staged for `target` holds only the files this build made: the files `kept`
        of `target` (paths inside it) are linked into it, so that it replaces `target` whole.
        (`present`, every file of `target`, is for a staging that carries `target` over.)"""
        link_files(target, self.staged_file(target), kept)

    @property
    def targets(self) -> list[Path]:
        return [target for _, target in self.staged]

    def __exit__(self, kind: type[BaseException] | None, *details: object) -> None:
        try:
            if kind is None:
                self._replace()
        finally:
            for temp, _target in self.staged:
                remove_entry(temp)

    def _replace(self) -> None:
        backups: list[tuple[Path, Path | None]] = []  # each target put in place, and what it replaced
        try:
            for temp, target in self.staged:
                backup = None
                if target.is_file() or (target.is_dir() and temp.is_dir()):
                    backup = target.with_name(f".{target.name}.previous")
                    remove_entry(backup)
                    os.replace(target, backup)
                try:
                    os.replace(temp, target)
                except OSError as error:  # (a file onto a folder, say): what was there stays
                    if backup is not None:
                        os.replace(backup, target)
                    raise SystemFailure.of("write", target, error) from error
                backups.append((target, backup))
            for target in self.withdrawn:
                if os.path.lexists(target):
                    backup = target.with_name(f".{target.name}.previous")
                    remove_entry(backup)
                    os.replace(target, backup)
                    backups.append((target, backup))
        except BaseException:
            for target, backup in reversed(backups):
                if backup is not None:
                    if backup.is_dir():
                        remove_entry(target)
                    os.replace(backup, target)
                else:
                    remove_entry(target)
            raise
        finally:
            for _, backup in backups:
                if backup is not None:
                    remove_entry(backup)


def remove_entry(path: Path) -> None:
    """Remove a file or a folder and what it holds, if it is there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
