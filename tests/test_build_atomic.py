"""A build switched into place in one step (issue 15, finding 11): killed at any step of the
switch, the output folder holds exactly the old set or exactly the new set; the next build puts
back every entry that was not the build's and removes every temporary."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from graph.core.errors import SystemFailure
from graph.output import switch
from graph.output.switch import lock_path, next_build, recover
from tests.polling import wait_until

OLD = {
    "graph.nt": b"old nt\n",
    "graph.ttl": b"old ttl\n",
    "site/index.html": b"old home",
    "site/en/person/a.html": b"old a",
    "store/stamp.json": b"{old}",
}
NEW = {
    "graph.nt": b"new nt\n",
    "graph.ttl": b"new ttl\n",
    "graph.html": b"new html",  # an output the old build did not have
    "site/index.html": b"new home",
    "site/en/person/b.html": b"new b",
    "store/stamp.json": b"{new}",
}
THIRD = {name: content.replace(b"new", b"third") for name, content in NEW.items()}
OURS = {  # not the build's: kept across every switch, never lost
    "notes.txt": b"mine",
    "benchmark/results.json": b"[1, 2]",
    ".cache/sources/k": b"cached",
}

# In a script that switches a build: kill itself (SIGKILL) after step `kill_at` (0: never), print
# each step, and with `mode` "fallback" make the system seem to lack renameat2.
KILLED_AFTER_STEP = """
steps = []
def after_step(step):
    steps.append(step)
    print(step, flush=True)
    if len(steps) == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
switch.after_step = after_step
if mode == "fallback":
    switch._libc = lambda: None
"""

# Runs one switch of the folder in argv[1] to NEW, killing itself (SIGKILL) after step argv[2]
# (0: never); argv[3] "fallback" makes the system seem to lack renameat2. Prints each step.
SWITCH = (
    """
import os, signal, sys
from pathlib import Path
from graph.core.errors import SystemFailure
from graph.output import switch

out, kill_at, mode = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
"""
    + KILLED_AFTER_STEP
    + """with switch.next_build(out, print) as staged:
    folders = {}
    for name, content in NEW_FILES.items():
        top, _, rest = name.partition("/")
        if not rest:
            staged.add(out / name, content)
            continue
        if top not in folders:
            folders[top] = staged.folder(out / top)
        (folders[top] / rest).parent.mkdir(parents=True, exist_ok=True)
        (folders[top] / rest).write_bytes(content)
""".replace("NEW_FILES", repr(NEW))
)


def write_set(out: Path, files: dict[str, bytes]) -> None:
    for name, content in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(content)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its path inside it, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def beside(out: Path) -> list[str]:
    return sorted(path.name for path in out.parent.iterdir() if path != out)


def switch_in(out: Path, files: dict[str, bytes]) -> None:
    """A build of `files` in this process."""
    with next_build(out, print) as staged:
        folders: dict[str, Path] = {}
        for name, content in files.items():
            top, _, rest = name.partition("/")
            if not rest:
                staged.add(out / name, content)
                continue
            if top not in folders:
                folders[top] = staged.folder(out / top)
            (folders[top] / rest).parent.mkdir(parents=True, exist_ok=True)
            (folders[top] / rest).write_bytes(content)


def run_switch(out: Path, kill_at: int, mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SWITCH, str(out), str(kill_at), mode], capture_output=True, text=True
    )


def old_folder(tmp_path: Path) -> Path:
    out = tmp_path / "build"
    write_set(out, OLD | OURS)
    return out


@pytest.mark.parametrize("mode", ["exchange", "fallback"])
def test_a_switch_not_killed_replaces_the_outputs_and_keeps_the_rest(tmp_path: Path, mode: str) -> None:
    out = old_folder(tmp_path)
    done = run_switch(out, 0, mode)
    assert done.returncode == 0, done.stderr
    assert tree(out) == NEW | OURS
    assert beside(out) == [lock_path(out).name]
    assert ("exchanged" in done.stdout.split("\n")) == (mode == "exchange")


@pytest.mark.parametrize("mode", ["exchange", "fallback"])
def test_a_switch_killed_at_any_step_leaves_the_old_set_or_the_new_and_the_next_build_recovers(
    tmp_path: Path, mode: str
) -> None:
    steps = run_switch(old_folder(tmp_path / "count"), 0, mode).stdout.splitlines()
    assert len(steps) >= 6, steps  # marked, 3 carried, exchanged (or aside and in), unmarked, removed
    outcomes = set()
    for kill_at in range(1, len(steps) + 1):
        out = old_folder(tmp_path / str(kill_at))
        killed = run_switch(out, kill_at, mode)
        assert killed.returncode == -signal.SIGKILL, (kill_at, killed.stderr)
        if out.exists():
            outputs = {
                name: content
                for name, content in tree(out).items()
                if name.split("/")[0] in {"graph.nt", "graph.ttl", "graph.html", "site", "store"}
            }
        else:  # the fallback, killed between its two renames: no build, never a mix
            outputs = {}
        assert outputs in (OLD, NEW, {}), (kill_at, steps[kill_at - 1])
        assert outputs or mode == "fallback", (kill_at, steps[kill_at - 1])
        outcomes.add("new" if outputs == NEW else "old" if outputs else "none")

        recover(out)  # what the next build does first, under the lock
        recovered = tree(out)
        assert recovered in (OLD | OURS, NEW | OURS), (kill_at, steps[kill_at - 1], recovered)
        assert beside(out) == [lock_path(out).name], (kill_at, steps[kill_at - 1])

        switch_in(out, THIRD)  # and the next build is whole
        assert tree(out) == THIRD | OURS
        assert beside(out) == [lock_path(out).name]
    assert {"old", "new"} <= outcomes


MOST_ATTEMPTS = 24
"""Attempts of the random-moment test: six, and more (with more work) until one is killed mid-way."""


def test_a_build_killed_while_switching_at_random_moments_leaves_one_set(tmp_path: Path) -> None:
    """Not at a step of ours: killed as soon as the parent sees the switch under way (the new
    folder being written, exchanged, the old one half removed), wherever the child is then."""
    kills: list[bool] = []
    pages = 1000  # doubled after a switch that ended before the kill: a fast machine needs more work
    for attempt in range(MOST_ATTEMPTS):
        if attempt >= 6 and any(kills):
            break
        seen = ("writing", "exchanged", "removing")[attempt % 3]
        big = {f"site/en/p{i}.html": b"x" * 100 for i in range(pages)}
        out = tmp_path / str(attempt) / "build"
        write_set(out, OLD | OURS | big)
        child = subprocess.Popen(
            [sys.executable, "-c", SWITCH, str(out), "0", "exchange"], stdout=subprocess.DEVNULL
        )
        wait_until(lambda: reached(out, seen) or child.poll() is not None, f"the switch reaches '{seen}'")  # noqa: B023
        child.kill()
        kills.append(child.wait() == -signal.SIGKILL)
        if not kills[-1]:
            pages = min(2 * pages, 64_000)
        files = tree(out)
        outputs = {
            k: v for k, v in files.items() if not k.startswith(("notes", "benchmark", ".cache", ".hrgraph"))
        }
        assert outputs in (OLD | big, NEW), (attempt, seen, sorted(outputs)[:5])
        recover(out)
        assert tree(out) in (OLD | OURS | big, NEW | OURS)
        assert beside(out) == [lock_path(out).name]
    assert any(kills)  # most are killed mid-way; one that finished first proves nothing


def reached(out: Path, seen: str) -> bool:
    """Whether a switch of `out` has got as far as `seen`, by what it shows on disk."""
    news = list(out.parent.glob(".build.next-*"))
    if seen == "writing":
        return any(not (folder / switch.CARRIED).exists() for folder in news)
    if seen == "exchanged":
        return (out / "graph.html").exists()
    pages = [folder / "site" / "en" for folder in news if (folder / "site" / "en").is_dir()]
    return (out / "graph.html").exists() and any(len(os.listdir(folder)) < 700 for folder in pages)


def test_the_stale_temporaries_of_killed_builds_up_to_50_mb_are_removed_by_the_next(tmp_path: Path) -> None:
    out = old_folder(tmp_path)
    fifty = os.urandom(1 << 20) * 50
    half = tmp_path / ".build.next-k1ll3d00"  # a new build killed while being written
    (half / "site").mkdir(parents=True)
    (half / "graph.nt").write_bytes(fifty)
    (out / ".graph.nt.k1ll3d00").write_bytes(fifty)  # a temporary of a build before the switch
    (out / ".graph.ttl.previous").write_bytes(b"old")
    (out / ".site.k1ll3d00" / "en").mkdir(parents=True)
    switch_in(out, NEW)
    assert tree(out) == NEW | OURS
    assert beside(out) == [lock_path(out).name]


def test_an_entry_made_again_while_its_carried_copy_waits_is_kept_beside(tmp_path: Path) -> None:
    """Killed after moving benchmark/ into the new folder; benchmark/ is made again before the next
    build: both are kept (the carried one in the folder beside), never one lost."""
    out = old_folder(tmp_path)
    steps = run_switch(old_folder(tmp_path / "count"), 0, "exchange").stdout.splitlines()
    killed = run_switch(out, steps.index("carried benchmark") + 1, "exchange")
    assert killed.returncode == -signal.SIGKILL
    write_set(out, {"benchmark/results.json": b"[3]"})
    recover(out)
    (left,) = [path for path in tmp_path.glob(".build.next-*")]
    assert (left / "benchmark" / "results.json").read_bytes() == b"[1, 2]"
    assert (out / "benchmark" / "results.json").read_bytes() == b"[3]"


def test_the_folder_is_exchanged_in_one_step_on_this_system(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x").write_text("a")
    (tmp_path / "b" / "x").write_text("b")
    assert switch._exchange(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "a" / "x").read_text() == "b" and (tmp_path / "b" / "x").read_text() == "a"


def test_a_failed_build_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    out = old_folder(tmp_path)
    with pytest.raises(RuntimeError), next_build(out, print) as staged:
        staged.add(out / "graph.nt", b"new nt\n")
        raise RuntimeError("the HTML could not be drawn")
    assert tree(out) == OLD | OURS
    assert beside(out) == [lock_path(out).name]


def test_a_build_run_from_inside_its_folder_writes_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = old_folder(tmp_path)
    monkeypatch.chdir(out)
    inode = out.stat().st_ino
    switch_in_place = next_build(out, print)
    with switch_in_place as staged:
        staged.add(out / "graph.nt", b"new nt\n")
    assert out.stat().st_ino == inode  # not exchanged: the working directory stays the build
    assert tree(out) == OLD | OURS | {"graph.nt": b"new nt\n"}
    assert beside(out) == [lock_path(out).name]  # the same lock as every build of the folder


def test_a_folder_named_by_a_symbolic_link_is_switched_where_it_is(tmp_path: Path) -> None:
    out = old_folder(tmp_path / "disk")
    link = tmp_path / "build"
    link.symlink_to(out, target_is_directory=True)
    assert lock_path(link) == lock_path(out)
    switch_in(link, NEW)
    assert link.is_symlink() and tree(link) == NEW | OURS
    assert beside(out) == [lock_path(out).name]


@pytest.mark.parametrize(
    ("made", "output", "message"),
    [("folder", "graph.nt", "Is a directory"), ("file", "site", "Not a directory")],
)
def test_an_output_name_held_by_the_other_kind_is_refused_not_removed(
    tmp_path: Path, made: str, output: str, message: str
) -> None:
    out = tmp_path / "build"
    out.mkdir()
    if made == "folder":
        write_set(out, {f"{output}/mine.txt": b"mine"})
    else:
        write_set(out, {output: b"mine"})
    before = tree(out)
    with pytest.raises(SystemFailure, match=rf"^cannot write .*/build/{output}: {message}$"):
        switch_in(out, NEW)
    assert tree(out) == before
    assert beside(out) == [lock_path(out).name]
