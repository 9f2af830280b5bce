"""The notebooks answer what they promise: the tracker's marks are coloured by status with a
legend, "who connects Indonesia and Cambodia" names the 2025 ministers' meeting, the 2025
question names Keo Remy, and no warning reaches the output."""

from __future__ import annotations

import base64
import io
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import REPO

pytestmark = pytest.mark.slow

NOTEBOOKS = REPO / "notebooks"


def executed(name: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)  # type: ignore[no-untyped-call]
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    ).execute()
    return notebook


def outputs(notebook: Any) -> list[dict[str, Any]]:
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]


def texts(notebook: Any) -> str:
    return "\n".join(o.get("data", {}).get("text/plain", "") for o in outputs(notebook))


def assert_no_warnings(notebook: Any) -> None:
    streams = [
        o["text"] for o in outputs(notebook) if o.get("output_type") == "stream" and o["name"] == "stderr"
    ]
    assert not streams, streams


def colour_share(png: bytes, rgb: tuple[int, int, int]) -> float:
    """The share of the image's pixels within a small distance of a colour."""
    import matplotlib.image

    pixels = matplotlib.image.imread(io.BytesIO(png), format="png")[..., :3]
    near = (abs(pixels - [c / 255 for c in rgb]) < 0.04).all(axis=-1)
    return float(near.mean())


def test_getting_started_answers_the_2025_question(monkeypatch: pytest.MonkeyPatch) -> None:
    notebook = executed("01-getting-started.ipynb", monkeypatch)
    assert_no_warnings(notebook)
    assert "attested on" in texts(notebook) and "Keo Remy" in texts(notebook)


def test_the_tracker_colours_its_marks_by_status_with_a_legend(monkeypatch: pytest.MonkeyPatch) -> None:
    notebook = executed("02-commitments-tracker.ipynb", monkeypatch)
    assert_no_warnings(notebook)
    (timeline,) = [
        base64.b64decode(o["data"]["image/png"])
        for o in outputs(notebook)
        if "image/png" in o.get("data", {})
    ]
    timeline_cell = next(c.source for c in notebook.cells if "colours = {" in c.source)
    assert "ax.legend(" in timeline_cell and 'title="Latest status"' in timeline_cell
    assert colour_share(timeline, (0xFF, 0x7F, 0x0E)) > 0.001  # tab:orange, the open commitments
    assert colour_share(timeline, (0x7F, 0x7F, 0x7F)) > 0.001  # tab:grey, those of unknown status


def test_who_connects_the_two_countries_includes_the_2025_ministers_meeting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    notebook = executed("03-networks.ipynb", monkeypatch)
    assert_no_warnings(notebook)
    brokers = next(
        o["data"]["text/plain"]
        for cell in notebook.cells
        if "all_simple_paths" in cell.source
        for o in cell.get("outputs", [])
        if "text/plain" in o.get("data", {})
    )
    assert "Indonesia–Cambodia human-rights ministers' mee" in brokers  # pandas cuts long cells
