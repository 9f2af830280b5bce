"""A folder output carried over at the switch (the readers' site after a change): the last
build's folder becomes the new build's with only the new files put in and the others removed.
Killed at any step of the switch or of its recovery (and again during recovery), the next build
puts the last site back byte for byte, or finishes the new one; never a mix."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from graph.output import switch
from graph.output.switch import lock_path, next_build, recover

from .test_build_atomic import KILLED_AFTER_STEP

KEPT = {f"site/en/kind/k{i}.html": f"kept {i}".encode() for i in range(8)}
OLD = {
    "graph.nt": b"old nt\n",
    "site/index.html": b"old home",
    "site/en/person/a.html": b"old a",
    "site/en/person/b.html": b"old b",  # removed by the new build
    "site/en/gone/d.html": b"old d",  # removed, and its folder with it
    **KEPT,
}
NEW = {
    "graph.nt": b"new nt\n",
    "site/index.html": b"new home",  # replaced
    "site/en/person/a.html": b"new a",  # replaced
    "site/en/person/n.html": b"new n",  # added
    "site/en/fresh/e.html": b"new e",  # added, in a new folder
    **KEPT,
}
OURS = {"notes.txt": b"mine", ".cache/sources/k": b"cached"}
THIRD = {name: content.replace(b"new", b"third") for name, content in NEW.items()}

# One build of the folder in argv[1] to NEW with its site carried over, killing itself after
# step argv[2] (0: never); argv[3] "fallback" makes the system seem to lack renameat2; argv[4]
# "recover" runs a recovery instead (killed likewise). Prints each step.
BUILD = (
    """
import os, signal, sys
from pathlib import Path
from graph.core.folder_files import files_under
from graph.output import switch

out, kill_at, mode, task = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
"""
    + KILLED_AFTER_STEP
    + """if task == "recover":
    switch.recover(out)
    sys.exit(0)
present = files_under(out / "site")
with switch.next_build(out, print) as staged:
    site = staged.folder(out / "site")
    for name, content in NEW_FILES.items():
        top, _, rest = name.partition("/")
        if top != "site":
            staged.add(out / name, content)
        elif name not in KEPT_FILES:
            (site / rest).parent.mkdir(parents=True, exist_ok=True)
            (site / rest).write_bytes(content)
    staged.carry(out / "site", [name.partition("/")[2] for name in KEPT_FILES], present)
""".replace("NEW_FILES", repr(NEW)).replace("KEPT_FILES", repr(KEPT))
)


def write_set(out: Path, files: dict[str, bytes]) -> None:
    for name, content in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(content)


def tree(folder: Path) -> dict[str, str]:
    """A hash of every file under `folder`, by its path inside it."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def hashed(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(content).hexdigest() for name, content in files.items()}


def site_of(files: dict[str, bytes]) -> dict[str, str]:
    return {name: digest for name, digest in hashed(files).items() if name.startswith("site/")}


def folders(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_dir()}


def beside(out: Path) -> list[str]:
    return sorted(path.name for path in out.parent.iterdir() if path != out)


def run(
    out: Path, kill_at: int, mode: str = "exchange", task: str = "build"
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BUILD, str(out), str(kill_at), mode, task], capture_output=True, text=True
    )


def old_folder(at: Path) -> Path:
    out = at / "build"
    write_set(out, OLD | OURS)
    return out


def switch_in(out: Path, files: dict[str, bytes]) -> None:
    """A build of `files`, every file of it made (no folder carried)."""
    with next_build(out, print) as staged:
        site = staged.folder(out / "site")
        for name, content in files.items():
            top, _, rest = name.partition("/")
            if top != "site":
                staged.add(out / name, content)
                continue
            (site / rest).parent.mkdir(parents=True, exist_ok=True)
            (site / rest).write_bytes(content)


def steps_of(at: Path, mode: str) -> list[str]:
    done = run(old_folder(at), 0, mode)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.parametrize("mode", ["exchange", "fallback"])
def test_a_carried_site_keeps_the_inodes_of_its_kept_files_and_leaves_nothing_beside(
    tmp_path: Path, mode: str
) -> None:
    out = old_folder(tmp_path)
    inodes = {name: os.stat(out / name).st_ino for name in KEPT}
    done = run(out, 0, mode)
    assert done.returncode == 0, done.stderr
    assert tree(out) == hashed(NEW | OURS)
    assert {name: os.stat(out / name).st_ino for name in KEPT} == inodes  # carried, not copied
    assert "en/gone" not in folders(out / "site")  # emptied by the removal: gone, as in a cold build
    assert beside(out) == [lock_path(out).name]
    steps = done.stdout.splitlines()
    assert steps.index("journaled") < steps.index("carried over site") < steps.index("marked complete")


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["exchange", "fallback"])
def test_a_carry_killed_at_any_step_leaves_the_old_site_or_the_new_and_the_next_build_recovers(
    tmp_path: Path, mode: str
) -> None:
    steps = steps_of(tmp_path / "count", mode)
    carrying = steps[: steps.index("marked complete")]
    assert {
        "journaled",
        "carried over site",
        "set aside site/en/person/a.html",
        "replaced site/index.html",
    } <= set(carrying)
    assert {"added site/en/fresh/e.html", "removed site/en/gone/d.html"} <= set(carrying)
    outcomes = set()
    for kill_at in range(1, len(steps) + 1):
        out = old_folder(tmp_path / str(kill_at))
        killed = run(out, kill_at, mode)
        assert killed.returncode == -signal.SIGKILL, (kill_at, killed.stderr)
        step = steps[kill_at - 1]
        if out.exists() and (out / "site").exists():  # else: between carrying the site and the exchange
            site = {name: digest for name, digest in tree(out).items() if name.startswith("site/")}
            assert site in (site_of(OLD), site_of(NEW)), (kill_at, step)

        recover(out)  # what the next build does first, under the lock
        recovered = tree(out)
        assert recovered in (hashed(OLD | OURS), hashed(NEW | OURS)), (kill_at, step, recovered)
        outcomes.add("new" if recovered == hashed(NEW | OURS) else "old")
        if recovered == hashed(OLD | OURS):
            assert folders(out / "site") == folders(old_folder(tmp_path / f"fresh{kill_at}") / "site"), step
        assert beside(out) == [lock_path(out).name], (kill_at, step)

        again = run(out, 0, mode)  # and the next build is whole
        assert again.returncode == 0, again.stderr
        assert tree(out) == hashed(NEW | OURS)
        switch_in(out, THIRD)
        assert tree(out) == hashed(THIRD | OURS)
        assert beside(out) == [lock_path(out).name]
    assert outcomes == {"old", "new"}


@pytest.mark.slow
@pytest.mark.parametrize(
    "step", ["set aside site/en/person/a.html", "removed site/en/gone/d.html", "marked complete"]
)
def test_a_recovery_killed_at_any_of_its_steps_and_run_again_puts_the_old_site_back(
    tmp_path: Path, step: str
) -> None:
    """The build killed with its site carried over into the new folder (part of the way, all
    of it, or with the new folder complete) but not exchanged; its recovery killed at each of
    its steps in turn, then run again."""
    steps = steps_of(tmp_path / "count", "exchange")
    kill_at = steps.index(step) + 1
    undoing: list[str] = []
    for recovery_kill in range(1, 100):
        out = old_folder(tmp_path / str(recovery_kill))
        assert run(out, kill_at).returncode == -signal.SIGKILL
        assert not (out / "site").exists()  # carried into the new build, not yet exchanged
        killed = run(out, recovery_kill, task="recover")
        if killed.returncode == 0:
            undoing = killed.stdout.splitlines()
            break
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        recover(out)  # the recovery's own recovery
        assert tree(out) == hashed(OLD | OURS), (recovery_kill, killed.stdout.splitlines()[-1])
        assert folders(out / "site") == folders(old_folder(tmp_path / f"fresh{recovery_kill}") / "site")
        assert beside(out) == [lock_path(out).name]
        assert run(out, 0).returncode == 0
        assert tree(out) == hashed(NEW | OURS)
    assert "moved back site" in undoing
    assert len(undoing) >= 3, undoing  # files put back or taken out, the site moved back, ...


def test_a_site_mostly_new_is_made_whole_not_carried(tmp_path: Path) -> None:
    """More new files than kept ones: the kept are linked into the new folder, which replaces
    the site whole as before (no journal)."""
    out = tmp_path / "build"
    write_set(out, {"site/index.html": b"old", "site/en/k.html": b"kept", "site/en/x.html": b"old x"})
    with next_build(out, print) as staged:
        site = staged.folder(out / "site")
        write_set(site, {"index.html": b"new", "en/y.html": b"y", "en/z.html": b"z"})
        staged.carry(out / "site", ["en/k.html"], ["index.html", "en/k.html", "en/x.html"])
        assert staged.carried_over == []  # type: ignore[union-attr]
    assert tree(out / "site") == hashed(
        {"index.html": b"new", "en/k.html": b"kept", "en/y.html": b"y", "en/z.html": b"z"}
    )


def test_a_new_file_where_the_last_site_has_a_folder_makes_the_site_whole(tmp_path: Path) -> None:
    out = tmp_path / "build"
    kept = {f"en/k{i}.html": b"kept" for i in range(4)}
    write_set(out / "site", kept | {"en/person/a.html": b"a"})
    with next_build(out, print) as staged:
        site = staged.folder(out / "site")
        write_set(site, {"en/person": b"now a file"})
        staged.carry(out / "site", list(kept), [*kept, "en/person/a.html"])
        assert staged.carried_over == []  # type: ignore[union-attr]
    assert tree(out / "site") == hashed(kept | {"en/person": b"now a file"})


def test_in_place_the_kept_files_are_linked_into_the_new_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where no folder beside can be used, the new site is whole (the kept files linked)."""
    out = old_folder(tmp_path)
    monkeypatch.chdir(out)
    present = [name.partition("/")[2] for name in OLD if name.startswith("site/")]
    with next_build(out, print) as staged:
        assert not isinstance(staged, switch.NextBuild)
        site = staged.folder(out / "site")
        write_set(site, {"index.html": b"new home"})
        staged.carry(out / "site", [name.partition("/")[2] for name in KEPT], present)
    assert tree(out / "site") == {
        name.partition("/")[2]: digest for name, digest in hashed(KEPT).items()
    } | hashed({"index.html": b"new home"})


# A build of argv[1] into argv[2] killed at the first step of its switch that starts with argv[4].
KILLED_BUILD = """
import os, signal, sys
from pathlib import Path
from graph.ingest.cache import SourceCache
from graph.output import switch
from graph.pipeline import build

sources, out, ontology, wanted = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
def after_step(step):
    if step.startswith(wanted):
        os.kill(os.getpid(), signal.SIGKILL)
switch.after_step = after_step
build(sources, ontology, out, cache=SourceCache(out / ".cache" / "sources"))
"""


@pytest.mark.slow
def test_a_rebuild_killed_while_carrying_its_site_leaves_the_last_site_and_the_next_equals_a_cold_build(
    tmp_path: Path,
) -> None:
    from benchmarks.synthetic import write
    from graph.ingest.cache import SourceCache
    from graph.pipeline import build
    from graph.site.kept_pages import SiteRecord

    from .conftest import REPO
    from .test_incremental_build import assert_same_outputs

    ontology = REPO / "ontology"
    sources, out = tmp_path / "sources", tmp_path / "out" / "build"
    write(sources, 200, seed=11, ontology_dir=ontology)
    build(sources, ontology, out, cache=SourceCache(out / ".cache" / "sources"))
    before = tree(out / "site")
    meeting = sorted(sources.glob("meetings/**/*.yaml"))[3]
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text.replace('name: {en: "', 'name: {en: "Carried ', 1), encoding="utf-8")
    steps = (
        "journaled",
        "set aside the new files of site",
        "carried over site",
        "set aside site/",
        "replaced site/",
        "removed the set-aside folder of site",
        "marked complete",
        "carried .cache",
    )
    for step in steps:
        assert kill_build(sources, out, ontology, step) == -signal.SIGKILL, step
        recover(out)  # what the next build does first
        assert tree(out / "site") == before, step
        assert SiteRecord.read(out, out / "site") is not None, step  # the last site, as its state says
        assert beside(out) == [lock_path(out).name], step
    cold = tmp_path / "cold"
    build(sources, ontology, cold)
    assert kill_build(sources, out, ontology, "exchanged") == -signal.SIGKILL
    recover(out)
    assert_same_outputs(out, cold)  # killed after the exchange: the new build, whole
    assert beside(out) == [lock_path(out).name]
    meeting.write_text(text.replace('name: {en: "', 'name: {en: "Again ', 1), encoding="utf-8")
    build(sources, ontology, out, cache=SourceCache(out / ".cache" / "sources"))
    build(sources, ontology, cold)
    assert_same_outputs(out, cold)


def kill_build(sources: Path, out: Path, ontology: Path, step: str) -> int:
    """A build killed at the first step of its switch that starts with `step`: its exit code."""
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_BUILD, str(sources), str(out), str(ontology), step],
        capture_output=True,
        text=True,
    )
    assert killed.returncode == -signal.SIGKILL, (step, killed.stderr[-2000:])
    return killed.returncode
