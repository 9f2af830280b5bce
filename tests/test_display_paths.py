"""display_paths (each folder resolved once) names every file as display_path does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.ingest.dataset import display_path, display_paths, scan_sources


def _tree(root: Path) -> Path:
    sources = root / "project" / "sources"
    (sources / "meetings" / "2025").mkdir(parents=True)
    (sources / "people").mkdir()
    (root / "elsewhere").mkdir()
    for name in ("meetings/a.yaml", "meetings/2025/b.yaml", "people/c.yml", "top.yaml"):
        (sources / name).write_text("sources: []\n", encoding="utf-8")
    (root / "elsewhere" / "d.yaml").write_text("sources: []\n", encoding="utf-8")
    os.symlink(sources / "people" / "c.yml", sources / "link-to-c.yaml")  # a file link inside
    os.symlink(sources / "meetings", sources / "linked-meetings")  # a folder link inside
    os.symlink(root / "elsewhere" / "d.yaml", sources / "out.yaml")  # a link leading out
    return sources


@pytest.mark.parametrize("where", ["project", "sources", "elsewhere", "root"])
def test_display_paths_names_files_as_display_path_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    sources = _tree(tmp_path)
    cwd = {"project": sources.parent, "sources": sources, "elsewhere": tmp_path / "elsewhere"}
    monkeypatch.chdir(cwd.get(where, tmp_path))
    for given in (sources, Path(os.path.relpath(sources))):
        files = scan_sources(given)[0] + sorted(given.rglob("*.yaml")) + [tmp_path / "elsewhere" / "d.yaml"]
        assert display_paths(files) == [display_path(path) for path in files]
    assert display_paths([]) == []


def test_a_yaml_file_is_read_whatever_the_case_of_its_suffix(tmp_path: Path) -> None:
    """people.YAML and notes.Yml are curated files (a curator's editor named them so); notes.txt
    and a.yaml.txt are not."""
    for name in ("people.YAML", "notes.Yml", "a.yaml", "notes.txt", "a.yaml.txt"):
        (tmp_path / name).write_text("sources: []\n", encoding="utf-8")
    assert [path.name for path in scan_sources(tmp_path)[0]] == ["a.yaml", "notes.Yml", "people.YAML"]
