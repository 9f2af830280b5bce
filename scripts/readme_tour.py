#!/usr/bin/env python3
"""README.md's console examples, run and compared with the output the README shows.

    .venv/bin/python scripts/readme_tour.py --check    # exit 1 and a diff per example that drifted
    .venv/bin/python scripts/readme_tour.py --update   # pin the sources to HEAD, rewrite the outputs

Every ```console block is a list of `$ command` lines (a command goes on over the next lines
while a quote is open), each followed by what it prints, standard output and standard error
interleaved as a terminal shows them. The commands run through bash with the bin folder of the
Python running this script (.venv/bin, where `hrgraph` is) first on PATH, in README order, in
one working folder shared by every block not marked otherwise (below), so that the tour's one
`hrgraph build` serves the queries after it. That folder holds:

- sources/ and hrgraph.toml as of the revision the README names once, in an HTML comment
  `<!-- tour: sources as of REV -->`, extracted with `git archive`: the data is pinned, so a
  new fact in sources/ never changes the tour, and `--update` re-pins it to HEAD;
- a copy of the working tree's ontology/: the ontology is the code's vocabulary (the shapes the
  build compiles, the classes the view draws) and changes with the code, in the same commit.

An HTML comment on the line above a block changes how it runs:

    <!-- tour: in the repository, ... -->          in the repository itself (it reads git history)
    <!-- tour: sources from tests/fixtures/NAME, ... -->
                                                   in a folder of its own, with that sources/
    <!-- tour: until Ctrl-C, ... -->               a server: once it has printed as many lines as
                                                   the README shows, Ctrl-C (SIGINT) stops it
    <!-- tour: not checked: REASON -->             not run

Outputs are compared exactly, with one normalisation: CRLF line ends (the W3C CSV results)
read as LF, as a terminal shows them. Nothing else an example prints varies from run to run.
--update writes nothing when a command crashed (printed a Python traceback). Other blocks
(```sh, ```python) are not run here: CI runs the setup commands.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import os
import re
import selectors
import shlex
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
PINNED = ("sources", "hrgraph.toml")
PIN = re.compile(r"<!-- tour: sources as of ([0-9a-f]{7,40})\b")
PIN_FORM = "<!-- tour: sources as of REV -->"
DIRECTIVE = re.compile(r"^<!-- tour: (.*?) ?-->$")
SERVER_WAIT = 120.0
"""Seconds a server may take to print its lines, or to stop after Ctrl-C, before it is killed."""

CRASH = "Traceback (most recent call last):"
"""A line no example may print: --update does not write a crash into the README."""

Mode = Literal["tour", "repository", "fixture", "server", "unchecked"]


class TourError(Exception):
    """The tour cannot be run: no git, no such revision, a README block it cannot read."""


@dataclass(frozen=True)
class Example:
    """One `$ command` of a console block and the output the README shows for it."""

    line: int  # README line of its `$`, from 1
    command: str
    shown: tuple[str, ...]
    output_at: int  # index of the first output line in the README's lines
    output_end: int  # index after the last one


@dataclass(frozen=True)
class Block:
    """A console block: its examples and how they run (see the module's docstring)."""

    line: int  # README line of its fence, from 1
    mode: Mode
    detail: str  # the fixture folder, or why the block is not checked
    examples: tuple[Example, ...]


@dataclass(frozen=True)
class Tour:
    """Every console block of a README and the revision its sources are pinned to."""

    revision: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Ran:
    """An example and what it printed."""

    example: Example
    printed: tuple[str, ...]

    @property
    def drifted(self) -> bool:
        return self.printed != self.example.shown


# ---------------------------------------------------------------- reading the README


def parse(text: str) -> Tour:
    """The README's console blocks, with their mode, and the revision of the tour's sources."""
    pins = PIN.findall(text)
    if len(pins) != 1:
        raise TourError(f"README.md must name the tour's sources once, not {len(pins)} times: {PIN_FORM}")
    lines = text.split("\n")
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        if lines[index].strip() != "```console":
            index += 1
            continue
        end = next((i for i in range(index + 1, len(lines)) if lines[i].strip() == "```"), None)
        if end is None:
            raise TourError(f"README.md:{index + 1}: the console block is not closed")
        mode, detail = _mode(lines[index - 1] if index else "", index)
        blocks.append(Block(index + 1, mode, detail, tuple(_examples(lines, index + 1, end))))
        index = end + 1
    return Tour(pins[0], tuple(blocks))


def _mode(above: str, fence: int) -> tuple[Mode, str]:
    found = DIRECTIVE.match(above.strip())
    if found is None or PIN.match(above.strip()):
        return "tour", ""
    words = found.group(1)
    if words.startswith("not checked:"):
        reason = words.removeprefix("not checked:").strip()
        if reason:
            return "unchecked", reason
        raise TourError(f"README.md:{fence}: say why the block is not checked")
    if words.startswith("in the repository"):
        return "repository", ""
    elif words.startswith("until Ctrl-C"):
        return "server", ""
    elif words.startswith("sources from "):
        folder = words.removeprefix("sources from ").split()[0].rstrip(",")
        if (REPO / folder / "sources").is_dir():
            return "fixture", folder
        raise TourError(f"README.md:{fence}: {folder}/sources is not a folder")
    raise TourError(
        f"README.md:{fence}: unknown tour comment {above.strip()!r} (see scripts/readme_tour.py's docstring)"
    )


def _examples(lines: list[str], start: int, end: int) -> Iterator[Example]:
    index = start
    while index < end:
        if not lines[index].startswith("$ "):
            raise TourError(f"README.md:{index + 1}: output before any `$ command` in a console block")
        first = index
        command = lines[index].removeprefix("$ ")
        while not _complete(command):
            index += 1
            if index == end:
                raise TourError(f"README.md:{first + 1}: the command's quote is never closed")
            command += "\n" + lines[index]
        output_at = index = index + 1
        while index < end and not lines[index].startswith("$ "):
            index += 1
        yield Example(first + 1, command, tuple(lines[output_at:index]), output_at, index)


def _complete(command: str) -> bool:
    """Whether a command is whole: no quote left open, no line ending in a backslash."""
    try:
        shlex.split(command)
    except ValueError:
        return False
    return not command.endswith("\\")


# ---------------------------------------------------------------- running the examples


def run_tour(tour: Tour, repo: Path = REPO) -> list[Ran]:
    """Run every checked example; what each printed, in README order.

    The blocks of the shared tour folder run one after the other; a block in a folder of its
    own (the repository, a fixture) runs beside them."""
    env = _environment()
    with tempfile.TemporaryDirectory(prefix="readme-tour-") as temporary:
        scratch = Path(temporary)
        tour_folder = scratch / "tour"
        _extract(repo, tour.revision, tour_folder)
        shutil.copytree(repo / "ontology", tour_folder / "ontology")
        lanes: list[list[Block]] = [[]]
        for block in tour.blocks:
            if block.mode in ("tour", "server"):
                lanes[0].append(block)
            elif block.mode != "unchecked":
                lanes.append([block])
        with ThreadPoolExecutor(max_workers=2) as pool:
            done = pool.map(lambda lane: _run_lane(lane, scratch, tour_folder, repo, env), lanes)
            by_line = {ran.example.line: ran for lane in done for ran in lane}
    return [by_line[line] for line in sorted(by_line)]


def _run_lane(
    blocks: list[Block], scratch: Path, tour_folder: Path, repo: Path, env: dict[str, str]
) -> list[Ran]:
    ran: list[Ran] = []
    for block in blocks:
        folder = tour_folder
        if block.mode == "repository":
            folder = repo
        elif block.mode == "fixture":
            folder = scratch / f"fixture-{block.line}"
            shutil.copytree(repo / block.detail / "sources", folder / "sources")
            shutil.copytree(repo / "ontology", folder / "ontology")
        for example in block.examples:
            if block.mode == "server":
                printed = run_until_interrupted(example.command, folder, env, len(example.shown))
            else:
                printed = run_command(example.command, folder, env)
            ran.append(Ran(example, _lines(printed)))
    return ran


def _environment() -> dict[str, str]:
    """This environment, with its bin folder first on PATH and no HRGRAPH_* setting."""
    bin_folder = Path(sys.executable).parent
    if not (bin_folder / "hrgraph").exists():
        raise TourError(f"no hrgraph beside {sys.executable}: run this with .venv/bin/python")
    env = {name: value for name, value in os.environ.items() if not name.startswith("HRGRAPH_")}
    env["PATH"] = f"{bin_folder}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _extract(repo: Path, revision: str, folder: Path) -> None:
    """sources/ and hrgraph.toml as of a revision, written into folder."""
    if shutil.which("git") is None:
        raise TourError(f"git is needed to extract the tour's sources as of {revision}: it is not on PATH")
    archive = subprocess.run(
        ["git", "-C", str(repo), "archive", "--format=tar", revision, *PINNED],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise TourError(
            f"README.md pins the tour's sources to {revision}, which git cannot read in {repo} "
            f"({archive.stderr.decode(errors='replace').strip()}); the check needs a full clone "
            "(git fetch --unshallow), or re-pin with scripts/readme_tour.py --update"
        )
    folder.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            tar.extractall(folder, filter="data")
        else:  # pragma: no cover - git's own archive of this repository
            tar.extractall(folder)


def run_command(command: str, folder: Path, env: dict[str, str]) -> str:
    """What a command prints through bash, standard output and error in the order written."""
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        check=False,
    )
    return done.stdout.decode("utf-8", errors="replace")


def run_until_interrupted(command: str, folder: Path, env: dict[str, str], lines: int) -> str:
    """What a server prints until it has printed `lines` lines, then after Ctrl-C until it stops.

    Ctrl-C is SIGINT to the command's process group, as a terminal sends it."""
    with subprocess.Popen(
        ["bash", "-c", command],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    ) as server:
        assert server.stdout is not None
        printed = b""
        deadline = time.monotonic() + SERVER_WAIT
        with selectors.DefaultSelector() as selector:
            selector.register(server.stdout, selectors.EVENT_READ)
            while printed.count(b"\n") < lines and selector.select(max(0.0, deadline - time.monotonic())):
                chunk = os.read(server.stdout.fileno(), 65536)
                if not chunk:
                    break
                printed += chunk
        with contextlib.suppress(ProcessLookupError):  # it has already stopped
            os.killpg(server.pid, signal.SIGINT)
        try:
            rest, _ = server.communicate(timeout=SERVER_WAIT)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            rest, _ = server.communicate()
            rest += f"[readme_tour: still running {SERVER_WAIT:.0f} s after Ctrl-C; killed]\n".encode()
    return (printed + rest).decode("utf-8", errors="replace")


def _lines(printed: str) -> tuple[str, ...]:
    """Output as lines, a CRLF read as LF (the only normalisation)."""
    text = printed.replace("\r\n", "\n").removesuffix("\n")
    return tuple(text.split("\n")) if text else ()


# ---------------------------------------------------------------- reporting and updating


def report(ran: Sequence[Ran]) -> str:
    """A unified diff, README against actual output, for each example that drifted."""
    parts = []
    for each in ran:
        if not each.drifted:
            continue
        example = each.example
        diff = difflib.unified_diff(
            list(example.shown), list(each.printed), "README.md", "printed", lineterm="", n=2
        )
        parts.append(f"README.md:{example.line}: $ {example.command}\n" + "\n".join(diff))
    return "\n\n".join(parts)


def updated(text: str, tour: Tour, ran: Sequence[Ran]) -> str:
    """The README with each example's output replaced by what it printed, pinned to tour.revision."""
    lines = text.split("\n")
    for each in sorted(ran, key=lambda r: r.example.output_at, reverse=True):
        lines[each.example.output_at : each.example.output_end] = each.printed
    return PIN.sub(f"<!-- tour: sources as of {tour.revision}", "\n".join(lines), count=1)


def unchecked(tour: Tour) -> list[Block]:
    """The blocks the tour does not run."""
    return [block for block in tour.blocks if block.mode == "unchecked"]


def head(repo: Path = REPO) -> str:
    """HEAD's commit, abbreviated to 12 digits."""
    if shutil.which("git") is None:
        raise TourError("git is needed to pin the tour's sources to HEAD, and it is not on PATH")
    return subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--short=12", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--check", action="store_true", help="compare; exit 1 when an example drifted")
    action.add_argument("--update", action="store_true", help="pin to HEAD and rewrite every checked output")
    parser.add_argument("--readme", type=Path, default=README, help="the README (default: %(default)s)")
    args = parser.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    try:
        tour = parse(text)
        if args.update:
            tour = replace(tour, revision=head())
        ran = run_tour(tour)
    except TourError as exc:
        print(f"readme_tour: {exc}", file=sys.stderr)
        return 2
    checked = len(ran)
    skipped = [f"README.md:{block.line}: {block.detail}" for block in unchecked(tour)]
    if args.update:
        crashed = [each for each in ran if CRASH in each.printed]
        if crashed:
            print(report(crashed), file=sys.stderr)
            print("readme_tour: a command crashed; README.md is left as it was", file=sys.stderr)
            return 2
        if args.readme.read_text(encoding="utf-8") != text:
            print("readme_tour: README.md changed during the run; run --update again", file=sys.stderr)
            return 2
        args.readme.write_text(updated(text, tour, ran), encoding="utf-8")
        rewritten = sum(each.drifted for each in ran)
        print(f"{checked} examples run on sources as of {tour.revision}; {rewritten} outputs rewritten")
    else:
        drifted = [each for each in ran if each.drifted]
        if drifted:
            print(report(drifted))
        print(f"{checked} examples run on sources as of {tour.revision}; {len(drifted)} drifted")
    for line in skipped:
        print(f"not checked: {line}")
    return 1 if args.check and any(each.drifted for each in ran) else 0


if __name__ == "__main__":
    sys.exit(main())
