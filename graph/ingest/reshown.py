"""Source files named as a past command named them, renamed as this one names them.

A file is shown (in messages, and as its key in the last build's state) as the user would type
it: relative to the current folder (graph.ingest.dataset.display_path). The same sources named
from another folder, or absolutely, are shown otherwise; the last build's state keeps the way
its files were shown (`sources_prefix`), so a later command renames its keys and finds every
unchanged file, wherever it runs from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph.ingest.dataset import display_path


def sources_prefix(sources: Path) -> str | None:
    """How the files of the folder `sources` begin when shown from here: the folder as shown,
    then '/' ('' when it is the current folder). None from a folder inside it, whose own files
    are shown from it and the others not ('a.yaml', '../people/b.yaml'): no one beginning."""
    here, folder = Path.cwd().resolve(), sources.resolve()
    if here != folder and here.is_relative_to(folder):
        return None
    shown = display_path(sources)
    return "" if shown == "." else f"{shown.rstrip('/')}/"


@dataclass(frozen=True)
class Reshown:
    """Renames a file shown as `then` began into the same file shown as `now` begins (a file
    not under `then`, e.g. reached through a link, keeps its name: it is then read again)."""

    then: str
    now: str

    def __call__(self, shown: str) -> str:
        if self.then == self.now or not shown.startswith(self.then):
            return shown
        return self.now + shown[len(self.then) :]


SAME = Reshown("", "")
"""Renames nothing (a state that does not say how its files were shown)."""
