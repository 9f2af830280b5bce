"""Progress shows on a terminal only."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.core.progress import Progress, terminal_progress
from graph.pipeline import build

from .conftest import GOLDEN, REPO


def test_progress_reports_each_stage_on_one_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    stream = io.StringIO()
    build(GOLDEN / "sources", REPO / "ontology", tmp_path, progress=Progress(True, stream))
    text = stream.getvalue()
    for stage in (
        "loading sources",
        "assembling 19 records",
        "against the shapes and the date rules",  # one pass since graph.checks.focused
        "writing graph.nt",
        "drawing the HTML view",
    ):
        assert stage in text
    assert "\n" not in text and text.endswith("\r\x1b[K")


def test_no_progress_in_scripts_and_ci(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CI", "true")
    assert not terminal_progress().enabled
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--sources",
            str(GOLDEN / "sources"),
            "--ontology",
            str(REPO / "ontology"),
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0 and result.stderr == ""
