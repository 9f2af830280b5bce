"""The files under a folder, by their paths inside it."""

from __future__ import annotations

import os
from pathlib import Path


def files_under(folder: Path) -> list[str]:
    """Every file under `folder` (not following links), by its path inside it ("en/person/x.html";
    0.4 s for 230,000 files)."""
    found: list[str] = []
    folders = [""]
    while folders:
        inside = folders.pop()
        with os.scandir(f"{folder}{os.sep}{inside}" if inside else folder) as entries:
            for entry in entries:
                name = f"{inside}/{entry.name}" if inside else entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.append(name)
                else:
                    found.append(name)
    return found
