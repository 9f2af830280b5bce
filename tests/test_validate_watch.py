"""`hrgraph validate --watch`: after every save its problems are those a fresh `hrgraph
validate` of the same files lists, it says which are new and which were fixed, Ctrl-C ends it
cleanly, and it writes nothing. The watcher runs as a real process on a copy of a small
synthetic tree; its output is polled (never slept on)."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks import synthetic
from graph.analyst.warm import WarmCheck
from graph.analyst.watch import Watcher, difference, tally
from graph.cli import main
from graph.core.vocab import DEFAULT_DATA_BASE
from tests.conftest import ONTOLOGY
from tests.polling import wait_until
from tests.watch_edits import EDITS, originals_of

SUMMARY = re.compile(r"^hrgraph: \d+ errors?(, \d+ warnings?)?; nothing was written$")


@pytest.fixture(scope="module")
def synthetic_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic") / "sources"
    synthetic.write(folder, 200)
    (folder / "synthetic.json").unlink()  # the manifest is no source: keep the tree all YAML
    return folder


@pytest.fixture
def sources(synthetic_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the tree at ./sources, in an empty current folder (paths are shown from it)."""
    shutil.copytree(synthetic_tree, tmp_path / "sources")
    monkeypatch.chdir(tmp_path)
    return Path("sources")


def fresh_validate(sources: Path) -> list[str]:
    """The problems `hrgraph validate` prints, in its order (without its closing summary)."""
    result = CliRunner().invoke(main, ["validate", "--sources", str(sources), "--ontology", str(ONTOLOGY)])
    lines = result.stderr.splitlines()
    if lines and SUMMARY.match(lines[-1]):
        lines.pop()
    return lines


class WatchProcess:
    """`hrgraph validate --watch` running in the current folder, its output read as it comes."""

    def __init__(self, sources: Path):
        command = [sys.executable, "-m", "graph", "validate", "--watch"]
        command += ["--sources", str(sources), "--ontology", str(ONTOLOGY)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
        )
        self.lines: list[str] = []
        self.errors: list[str] = []
        self.readers = [
            threading.Thread(target=self._read, args=(self.process.stdout, self.lines), daemon=True),
            threading.Thread(target=self._read, args=(self.process.stderr, self.errors), daemon=True),
        ]
        for reader in self.readers:
            reader.start()

    @staticmethod
    def _read(stream: object, into: list[str]) -> None:
        for line in stream:  # type: ignore[attr-defined]
            into.append(line.rstrip("\n"))

    def checks(self) -> int:
        return sum(1 for line in list(self.lines) if line.startswith("checked: "))

    def report(self) -> Counter[str]:
        """The problems it holds now: the first report, then each new one added, each fixed taken."""
        problems: Counter[str] = Counter()
        first = True
        for line in list(self.lines)[1:]:  # after 'watching ...'
            if line.startswith("checked: "):
                first = False
            elif first:
                problems[line] += 1
            elif line.startswith("new: "):
                problems[line.removeprefix("new: ")] += 1
            elif line.startswith("fixed: "):
                problems[line.removeprefix("fixed: ")] -= 1
        return +problems

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=30)
        for reader in self.readers:
            reader.join(timeout=10)
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _atomic_save(path: Path, text: str) -> None:
    """As editors save: a new file renamed over the old one."""
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _meeting_with_a_post(sources: Path) -> tuple[Path, str]:
    for path in sorted((sources / "meetings").rglob("*.yaml")):
        found = re.search(r"as: (post/[\w-]+)", path.read_text(encoding="utf-8"))
        if found:
            return path, found[1]
    raise AssertionError("no meeting names a post")


def test_the_watcher_follows_saves_as_a_fresh_validate_sees_them(sources: Path, synthetic_tree: Path) -> None:
    meeting, post = _meeting_with_a_post(sources)
    other_post = _another_post(sources, post)
    people = sorted((sources / "people").rglob("*.yaml"))[0]
    places = sorted((sources / "places").rglob("cities-*.yaml"))[0]
    originals = {path: path.read_text(encoding="utf-8") for path in (meeting, people, places)}
    new_file = sources / "people" / "new-people.yaml"
    edits: list[tuple[str, Callable[[], object]]] = [
        ("a participant as a post not held (a date rule)", lambda: _edit(meeting, post, other_post)),
        ("a reference to nothing", lambda: _edit(people, "nationality: country/", "nationality: country/x")),
        ("a file saved half-way", lambda: meeting.write_text(originals[meeting][:200], encoding="utf-8")),
        ("its fix, saved by renaming", lambda: _atomic_save(meeting, originals[meeting])),
        ("a new file", lambda: new_file.write_text(NEW_PERSON, encoding="utf-8")),
        ("a file others name deleted", places.unlink),
        ("it back", lambda: places.write_text(originals[places], encoding="utf-8")),
        ("the new file deleted", new_file.unlink),
        ("a burst of saves", lambda: _burst(people, originals[people])),
    ]
    watcher = WatchProcess(sources)
    try:
        wait_until(lambda: watcher.checks() >= 1, "the first check", timeout=60)
        assert watcher.report() == Counter(fresh_validate(sources))
        reported: set[int] = set()
        for what, edit in edits:
            checks = watcher.checks()
            edit()
            expected = Counter(fresh_validate(sources))
            reported.add(len(expected))
            wait_until(
                lambda: watcher.checks() > checks and watcher.report() == expected,  # noqa: B023
                f"the watcher's problems after {what} as validate's",
                timeout=60,
            )
        assert len(reported) > 2, "the edits were to change what validate reports"
        assert any(line.startswith("new: ") for line in watcher.lines)
        assert any(line.startswith("fixed: ") for line in watcher.lines)
        code = watcher.stop()
    finally:
        watcher.kill()
    assert code == 0
    assert watcher.lines[-1] == "stopped watching"
    assert not any("Traceback" in line for line in watcher.errors), watcher.errors
    assert sorted(p.name for p in Path.cwd().iterdir()) == ["sources"], "it wrote beside the sources"
    every_file = {p.relative_to(sources).as_posix() for p in sources.rglob("*") if p.is_file()}
    assert every_file == set(originals_of(sources)), "it wrote into the sources"
    assert originals_of(sources) == originals_of(synthetic_tree), "the edits were all undone"


NEW_PERSON = """people:
  - id: person/newly-added-1
    name: {en: "Newly Added"}
    nationality: country/nowhere
    cites: [src/syn-000001]
"""


def _another_post(sources: Path, post: str) -> str:
    text = "".join(path.read_text(encoding="utf-8") for path in sorted(sources.rglob("*.yaml")))
    posts: set[str] = set(re.findall(r"id: (post/[\w-]+)", text))
    return sorted(posts - {post})[0]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _burst(path: Path, final: str) -> None:
    """Several saves in a row, the last one the file as it was."""
    for cut in (10, 300, 50, 700):
        path.write_text(final[:cut], encoding="utf-8")
    path.write_text(final, encoding="utf-8")


def test_a_missing_sources_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["validate", "--watch", "--sources", str(tmp_path / "none"), "--ontology", str(ONTOLOGY)]
    )
    assert result.exit_code == 2
    assert f"cannot watch {tmp_path / 'none'}: there is no such folder" in result.stderr


# ------------------------------------------------------------------ the warm check, in process


def test_an_ontology_saved_half_way_is_reported_and_the_watch_goes_on(sources: Path) -> None:
    """It ended the watch ('hrgraph: 1 error; nothing was written'): an ontology that does not
    load is now the report, as validate lists it, until it is saved whole again."""
    ontology = Path("ontology")
    shutil.copytree(ONTOLOGY, ontology)
    turtle = ontology / "hrgraph.ttl"
    whole = turtle.read_text(encoding="utf-8")
    warm = WarmCheck(sources, ontology, DEFAULT_DATA_BASE, Path("build") / ".cache" / "sources")
    said: list[str] = []
    watcher = Watcher(warm, said.append)
    watcher.first()
    _atomic_save(turtle, whole[: len(whole) // 2])  # cut in the middle of a statement
    watcher.again([turtle.resolve()])
    broken = CliRunner().invoke(main, ["validate", "--sources", str(sources), "--ontology", str(ontology)])
    expected = "\n".join(line for line in broken.stderr.splitlines() if not SUMMARY.match(line))
    assert expected and "\n".join(said[1:-1]) == f"new: {expected}"  # one problem, maybe of several lines
    _atomic_save(turtle, whole)
    watcher.again([turtle.resolve()])
    assert said[-1].startswith("checked: no new problem, 1 fixed; no problem")
    assert warm.report() == fresh_validate(sources) == []


def test_the_warm_check_after_each_kind_of_edit_equals_a_fresh_validate(sources: Path) -> None:
    warm = WarmCheck(sources, ONTOLOGY, DEFAULT_DATA_BASE, Path("build") / ".cache" / "sources")
    assert warm.report() == fresh_validate(sources)
    meeting, post = _meeting_with_a_post(sources)
    _edit(meeting, post, "post/x")  # a post that is not defined: the graph is not checked
    assert warm.report() == fresh_validate(sources) != []
    _edit(meeting, "post/x", _another_post(sources, post))  # one not held then: a date rule warns
    assert warm.report() == fresh_validate(sources) != []
    _edit(meeting, _another_post(sources, post), post)  # the graph's old triple must be gone
    assert warm.report() == fresh_validate(sources) == []
    originals = originals_of(sources)
    rng = random.Random(16)
    for edit in [*EDITS, *EDITS]:
        done = edit(sources, originals, rng)
        assert warm.report() == fresh_validate(sources), done
    assert not Path("build").exists()


@pytest.mark.slow
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 2**32)), min_size=1, max_size=6))
def test_random_edits_leave_the_warm_check_equal_to_a_fresh_validate(
    synthetic_tree: Path, tmp_path: Path, edits: list[tuple[object, int]]
) -> None:
    tree = Path(tempfile.mkdtemp(dir=tmp_path)) / "sources"
    shutil.copytree(synthetic_tree, tree)
    warm = WarmCheck(tree, ONTOLOGY, DEFAULT_DATA_BASE, tmp_path / "no-cache")
    warm.report()
    originals = originals_of(tree)
    for edit, seed in edits:
        done = edit(tree, originals, random.Random(seed))  # type: ignore[operator]
        assert warm.report() == fresh_validate(tree), done


# ------------------------------------------------------------------ what is said


def test_the_difference_of_two_reports_counts_repeated_problems() -> None:
    found = difference(["a", "b", "b", "c"], ["b", "c", "d", "d"])
    assert (found.new, found.fixed) == (["d", "d"], ["a", "b"])
    assert found.summary() == "2 new problems, 2 fixed"
    assert difference(["a"], ["a"]).summary() == "no new problem, none fixed"


def test_the_tally_tells_errors_from_warnings() -> None:
    report = ["s/a.yaml:3: warning: no tenure", "s/b.yaml:1: 'x' is not defined", "s/c.yaml:2: warning: y"]
    assert tally(report) == "3 problems in all: 1 error, 2 warnings"
    assert tally([]) == "no problem"
