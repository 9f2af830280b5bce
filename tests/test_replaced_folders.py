"""The folders an output replaces whole (the readers' site, the kept store) are replaced only
when hrgraph wrote them: a folder holding someone's files is refused before any work, with exit
code 2, and nothing in it is touched."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main

from .conftest import GOLDEN, REPO

ARGS = ["--sources", str(GOLDEN / "sources"), "--ontology", str(REPO / "ontology")]


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, *ARGS])
    return result.exit_code, result.output


def test_the_site_command_refuses_a_folder_of_someone_elses_files(tmp_path: Path) -> None:
    mine = tmp_path / "Documents"
    (mine / "letters").mkdir(parents=True)
    (mine / "notes.txt").write_text("my notes")
    (mine / "letters" / "a.txt").write_text("a letter")
    before = _tree(mine)

    code, output = _run("site", "--out", str(mine))

    assert code == 2, output
    assert output == (
        f"hrgraph: {mine} holds files hrgraph did not write (letters, notes.txt), and hrgraph site "
        "replaces that folder whole: move them elsewhere, or give another folder\n"
    )
    assert _tree(mine) == before


def test_the_site_command_replaces_a_site_it_wrote_and_fills_an_empty_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / ".DS_Store").write_bytes(b"\0")  # left by a file browser: not someone's work
    assert _run("site", "--out", str(out))[0] == 0
    (out / "en" / "old-page.html").write_text("from an earlier site")
    code, output = _run("site", "--out", str(out))
    assert code == 0, output
    assert (out / "en" / "index.html").is_file() and not (out / "en" / "old-page.html").exists()


@pytest.mark.parametrize(
    ("folder", "theirs", "why"),
    [
        (
            "site",
            "site/my-page.html",
            "holds files hrgraph did not write (my-page.html), and hrgraph build replaces that "
            "folder whole: move them elsewhere",
        ),
        (
            "store",
            "store/backup.nq",
            "holds files hrgraph did not write (backup.nq), and hrgraph build replaces that "
            "folder whole: move them elsewhere",
        ),
        ("site", "site", "is a file, and hrgraph build puts a folder there: move the file elsewhere"),
    ],
)
def test_a_build_refuses_an_output_folder_holding_someone_elses_files(
    tmp_path: Path, folder: str, theirs: str, why: str
) -> None:
    out = tmp_path / "build"
    (out / theirs).parent.mkdir(parents=True, exist_ok=True)
    (out / theirs).write_text("mine")
    before = _tree(out)

    code, output = _run("build", "--out", str(out))

    assert code == 2, output
    assert output == f"hrgraph: {out / folder} {why}, or give another folder\n"
    assert _tree(out) == before  # nothing written: no dump, no cache


def test_a_build_replaces_its_own_site_and_store(tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert _run("build", "--out", str(out))[0] == 0
    (out / "site" / "en" / "old-page.html").write_text("from an earlier build")
    code, output = _run("build", "--out", str(out))
    assert code == 0, output
    assert (out / "store" / "stamp.json").is_file() and (out / "site" / "index.html").is_file()
