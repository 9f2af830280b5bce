"""`hrgraph validate --watch`: check the sources again each time a file under them is saved,
and say what is new and what was fixed since the last check.

Files are watched with watchfiles (inotify on Linux, polling where there is none): a burst of
saves (an editor's temporary file renamed over the original, a script writing many files) is
one check, made once no change has come for STEP_MS. Every check reads every file's bytes again
(graph.analyst.warm), so a change the watcher missed is still seen at the next check. A file
saved half-way is a YAML problem like any other; the next save fixes it."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.analyst.warm import WarmCheck
from graph.checks.coverage import config_path
from graph.core.errors import UsageError
from graph.ingest.dataset import display_path

STEP_MS = 50  # a burst of saves is over once none came for this long
IDLE_MS = 500  # with no save, the watcher wakes up this often (and says nothing)
WARNING = re.compile(r"^.*?:\d+: warning: ")  # how a Problem of severity warning is worded
Echo = Callable[[str], None]


@dataclass(frozen=True)
class Difference:
    """The problems a check found that the one before had not, and those it no longer finds."""

    new: list[str]
    fixed: list[str]

    def summary(self) -> str:
        """'2 new problems, 1 fixed', or 'no new problem, none fixed'."""
        new = f"{len(self.new)} new problem{'s' * (len(self.new) != 1)}" if self.new else "no new problem"
        fixed = f"{len(self.fixed)} fixed" if self.fixed else "none fixed"
        return f"{new}, {fixed}"


def difference(before: Sequence[str], after: Sequence[str]) -> Difference:
    """What changed between two reports (a problem reported twice counts twice), in report order."""
    gone = Counter(before) - Counter(after)
    came = Counter(after) - Counter(before)
    return Difference(_taken(after, came), _taken(before, gone))


def _taken(report: Sequence[str], wanted: Counter[str]) -> list[str]:
    """The lines of `report` counted in `wanted`, in the report's order."""
    left = Counter(wanted)
    found = []
    for line in report:
        if left[line] > 0:
            left[line] -= 1
            found.append(line)
    return found


def tally(report: Sequence[str]) -> str:
    """'3 problems in all: 2 errors, 1 warning' or 'no problem'."""
    warnings = sum(1 for line in report if WARNING.match(line))
    errors = len(report) - warnings
    if not report:
        return "no problem"
    parts = [f"{errors} error{'s' * (errors != 1)}"] * bool(errors)
    parts += [f"{warnings} warning{'s' * (warnings != 1)}"] * bool(warnings)
    return f"{len(report)} problem{'s' * (len(report) != 1)} in all: {', '.join(parts)}"


class Watcher:
    """Checks, then checks again on each batch of changes, echoing what changed."""

    def __init__(self, check: WarmCheck, echo: Echo):
        self.check, self.echo = check, echo
        self.report: list[str] = []

    def first(self) -> None:
        """The first check: every problem, as validate lists them."""
        started = time.perf_counter()
        self.report = self.check.report()
        for line in self.report:
            self.echo(line)
        self.echo(f"checked: {tally(self.report)} ({time.perf_counter() - started:.2f} s)")

    def again(self, changed: Iterable[Path]) -> None:
        """A check after changes: the new problems and the fixed ones, each as validate words it."""
        started = time.perf_counter()
        if any(_under(path, self.check.ontology_dir) for path in changed):
            self.check.reload_ontology()
        report = self.check.report()
        found = difference(self.report, report)
        self.report = report
        for line in found.new:
            self.echo(f"new: {line}")
        for line in found.fixed:
            self.echo(f"fixed: {line}")
        seconds = time.perf_counter() - started
        self.echo(f"checked: {found.summary()}; {tally(report)} ({seconds:.2f} s)")


def _under(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def watched_paths(check: WarmCheck) -> list[Path]:
    """The sources folder, the ontology folder, and the project file beside the sources if any."""
    paths = [check.sources, check.ontology_dir]
    config = config_path(check.sources)
    return paths + [config] * config.is_file()


def watch(check: WarmCheck, echo: Echo, force_polling: bool | None = None) -> None:
    """Check, then check again after every batch of saves, until Ctrl-C (KeyboardInterrupt,
    which the caller turns into a clean exit)."""
    from watchfiles import watch as changes_of

    for folder in (check.sources, check.ontology_dir):
        if not folder.is_dir():
            raise UsageError(f"cannot watch {folder}: there is no such folder")
    watcher = Watcher(check, echo)
    paths = watched_paths(check)
    echo(f"watching {', '.join(display_path(path) for path in paths)} (Ctrl-C to stop)")
    batches = changes_of(
        *paths,
        step=STEP_MS,
        rust_timeout=IDLE_MS,
        yield_on_timeout=True,
        force_polling=force_polling,
        raise_interrupt=True,
    )
    checked = False
    for batch in batches:  # the first is empty, once the files are watched: no save is missed
        if not checked:
            watcher.first()
            checked = True
        elif batch:
            watcher.again(Path(path) for _, path in batch)
