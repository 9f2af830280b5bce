"""`hrgraph validate` after edits, starting from the last build (its cache of source files and
its state), says exactly what a cold validate says: the same problems in the same order and
wording, the same summary and exit code; and it never changes build/."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import write
from graph.cli import main
from graph.ingest.cache import SourceCache
from graph.pipeline import build, check

from .conftest import REPO

ONTOLOGY = REPO / "ontology"
KINDS = (
    "rename",
    "delete file",
    "copy file with new ids",
    "copy file as is",
    "break a reference",
    "remove an id another file names",
    "touch",
    "same size and time",
)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("validate-edits") / "sources"
    write(folder, 200, seed=11, ontology_dir=ONTOLOGY)
    return folder


def _pick(files: list[Path], pick: int) -> Path:
    return files[pick % len(files)]


def _edit(sources: Path, kind: str, pick: int, step: int) -> None:
    meeting = _pick(sorted(sources.glob("meetings/**/*.yaml")), pick)
    people = _pick(sorted(sources.glob("people/**/*.yaml")), pick)
    text = meeting.read_text(encoding="utf-8")
    if kind == "rename":
        meeting.write_text(text.replace('name: {en: "', f'name: {{en: "Step{step} ', 1), encoding="utf-8")
    elif kind == "delete file":
        meeting.unlink()
    elif kind == "copy file with new ids":
        copy = meeting.with_name(f"copy-{step}-{meeting.name}")
        copy.write_text(re.sub(r"(\bid: [a-z-]+/)", rf"\1c{step}-", text), encoding="utf-8")
    elif kind == "copy file as is":  # every id defined twice
        shutil.copyfile(meeting, meeting.with_name(f"twin-{step}-{meeting.name}"))
    elif kind == "break a reference":
        broken = re.sub(r"person: person/", "person: person/nobody-", text, count=1)
        assert broken != text
        meeting.write_text(broken, encoding="utf-8")
    elif kind == "remove an id another file names":  # a person renamed where defined
        named = people.read_text(encoding="utf-8")
        people.write_text(re.sub(r"(id: person/)", r"\1gone-", named, count=1), encoding="utf-8")
    elif kind == "touch":  # a new time, the same bytes
        os.utime(meeting)
    elif kind == "same size and time":  # other bytes, the same size and modification time
        before = meeting.stat()
        swapped = re.sub(r'name: \{en: "(.)(.)', r'name: {en: "\2\1', text, count=1)
        assert len(swapped.encode()) == len(text.encode())
        meeting.write_text(swapped, encoding="utf-8")
        os.utime(meeting, ns=(before.st_atime_ns, before.st_mtime_ns))


def _validate(sources: Path, where: Path) -> tuple[int, str]:
    """The exit code and the output of `hrgraph validate` run in `where` (its build/ if any)."""
    with contextlib.chdir(where):
        args = ["validate", "--sources", str(sources), "--ontology", str(ONTOLOGY)]
        result = CliRunner().invoke(main, args)
    return result.exit_code, result.output


def _snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    return {
        path.relative_to(folder).as_posix(): (path.stat().st_mtime_ns, path.stat().st_ino, path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.generate],
)
@given(edits=st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 1000)), min_size=1, max_size=3))
@example(edits=[("same size and time", 3), ("touch", 5)])
@example(edits=[("remove an id another file names", 2), ("break a reference", 7)])
@example(edits=[("copy file with new ids", 1), ("delete file", 4), ("copy file as is", 6)])
@example(edits=[("rename", 0)])
@pytest.mark.slow
def test_validate_after_edits_says_what_a_cold_validate_says(
    tree: Path, tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[str, int]]
) -> None:
    work = tmp_path_factory.mktemp("edits")
    sources, built, cold = work / "sources", work / "built", work / "cold"
    shutil.copytree(tree, sources)
    built.mkdir()
    cold.mkdir()
    out = built / "build"
    build(sources, ONTOLOGY, out, cache=SourceCache(out / ".cache" / "sources"))
    kept = _snapshot(out)
    cache = SourceCache(out / ".cache" / "sources", read_only=True)
    assert check(sources, ONTOLOGY, cache=cache, last=out).last is not None  # the state is used
    assert cache.stats.misses == 0
    for step, (kind, pick) in enumerate(edits):
        _edit(sources, kind, pick, step)
        assert _validate(sources, built) == _validate(sources, cold), (kind, pick)
    assert _snapshot(out) == kept  # validate never changes build/
