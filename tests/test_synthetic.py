"""The synthetic data generator: its output passes `hrgraph validate`, and it is deterministic."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks import synthetic
from graph.cli import main

from .conftest import REPO

ONTOLOGY = REPO / "ontology"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, synthetic.Manifest]:
    out = tmp_path_factory.mktemp("synthetic") / "sources"
    return out, synthetic.write(out, 400, seed=7, ontology_dir=ONTOLOGY)


def test_the_output_passes_validate_with_no_warning(written: tuple[Path, synthetic.Manifest]) -> None:
    out, manifest = written
    result = CliRunner().invoke(main, ["validate", "--sources", str(out), "--ontology", str(ONTOLOGY)])
    assert result.exit_code == 0, result.output
    files = len(list(out.rglob("*.yaml")))
    assert result.stdout.startswith(f"ok: 400 records in {files} files, ")
    assert "warning" not in result.output
    assert manifest.files == files and sum(manifest.counts.values()) == 400


def test_it_is_shaped_like_the_real_data(written: tuple[Path, synthetic.Manifest]) -> None:
    out, manifest = written
    folders = {p.relative_to(out).parts[0] for p in out.rglob("*.yaml")}
    assert {"documents", "places", "organizations", "people", "meetings", "history", "figures"} <= folders
    assert all(count > 0 for count in manifest.counts.values()), manifest.counts
    text = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*.yaml"))
    for key in (
        "participants:",
        "as: post/",
        "status:",
        "as_of:",
        "quote:",
        "attested:",
        "single_holder: true",
    ):
        assert key in text, key
    for example in ("person", "post", "meeting", "measure", "country"):
        assert f"id: {manifest.examples[example]}\n" in text, example
    edited = out / manifest.edit["file"]
    assert edited.read_text(encoding="utf-8").count(manifest.edit["old"]) == 1


def test_same_seed_same_files_other_seed_other_files() -> None:
    first, _ = synthetic.generate(300, seed=3, ontology_dir=ONTOLOGY)
    again, _ = synthetic.generate(300, seed=3, ontology_dir=ONTOLOGY)
    other, _ = synthetic.generate(300, seed=4, ontology_dir=ONTOLOGY)
    assert first == again
    assert first != other


def test_written_files_are_byte_identical(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    synthetic.write(one, 200, seed=5, ontology_dir=ONTOLOGY)
    synthetic.write(two, 200, seed=5, ontology_dir=ONTOLOGY)
    names = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert all((one / n).read_bytes() == (two / n).read_bytes() for n in names)


def test_sizes_scale_with_the_records() -> None:
    small = synthetic.plan(1_000)
    large = synthetic.plan(100_000)
    assert sum(small.values()) == 1_000 and sum(large.values()) == 100_000
    assert large["meetings"] == 100 * small["meetings"]
    with pytest.raises(ValueError, match="at least"):
        synthetic.plan(10)


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sources"
    assert synthetic.main(["--records", "150", "--out", str(out), "--ontology", str(ONTOLOGY)]) == 0
    assert "Wrote 150 records" in capsys.readouterr().out
    assert synthetic.read_manifest(out).records == 150
    assert synthetic.main(["--records", "150", "--out", str(out), "--ontology", str(ONTOLOGY)]) == 2
    assert "is not empty" in capsys.readouterr().err
