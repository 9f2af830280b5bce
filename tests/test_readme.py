"""README.md's console examples print what the README shows (scripts/readme_tour.py), on the
curated sources of the revision the README pins, so a new fact in sources/ never fails them."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent


def _load_tour() -> ModuleType:
    spec = importlib.util.spec_from_file_location("readme_tour", REPO / "scripts" / "readme_tour.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


tour = _load_tour()


PROJECT_FOLDERS = tuple(
    f"{folder}/" for folder in ("graph", "scripts", "ontology", "tests", "docs", "benchmarks", "notebooks")
)


def test_every_project_path_the_readme_names_exists() -> None:
    """A path such as `graph/sparql/queries/*.rq` names files of the project (it said
    `graph/queries/*.rq`, a folder that does not exist)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    named = {path for path in re.findall(r"`([^`\s]+)`", text) if path.startswith(PROJECT_FOLDERS)}
    assert len(named) >= 10
    assert sorted(path for path in named if not any(REPO.glob(path))) == []


@pytest.mark.slow
def test_every_console_example_of_the_readme_prints_what_it_shows() -> None:
    readme = tour.parse((REPO / "README.md").read_text(encoding="utf-8"))
    ran = tour.run_tour(readme)
    assert len(ran) >= 15, "the tour lost its examples: is every ```console block still read?"
    drifted = [each for each in ran if each.drifted]
    assert not drifted, (
        "README.md's examples no longer print what it shows (run .venv/bin/python "
        "scripts/readme_tour.py --update if the new output is right):\n\n" + tour.report(drifted)
    )


def test_only_publishing_is_left_unchecked_and_the_readme_says_why() -> None:
    readme = tour.parse((REPO / "README.md").read_text(encoding="utf-8"))
    unchecked = tour.unchecked(readme)
    commands = {example.command.split(" --")[0] for block in unchecked for example in block.examples}
    assert commands == {"hrgraph publish"}
    assert all("needs a store server" in block.detail for block in unchecked)


FAKE = """\
<!-- tour: sources as of {revision} -->

```console
$ printf 'a\\r\\nb\\r\\n'
a
b
$ echo 'two
lines' | wc -l
2
$ ls -d hrgraph.toml ontology/hrgraph.ttl sources/README.md; echo to stderr >&2
hrgraph.toml
ontology/hrgraph.ttl
sources/README.md
to stderr
$ echo hello
hi
```

<!-- tour: not checked: it would print the wrong thing -->
```console
$ echo nothing
something
```
"""


def _fake_readme(revision: str | None = None) -> str:
    return FAKE.format(revision=revision or tour.head())


def test_the_check_runs_commands_on_the_pinned_sources_and_reports_a_drift() -> None:
    ran = tour.run_tour(tour.parse(_fake_readme()))
    assert [each.example.command for each in ran] == [
        "printf 'a\\r\\nb\\r\\n'",
        "echo 'two\nlines' | wc -l",
        "ls -d hrgraph.toml ontology/hrgraph.ttl sources/README.md; echo to stderr >&2",
        "echo hello",
    ]
    assert [each.drifted for each in ran] == [False, False, False, True]
    report = tour.report(ran)
    assert report.startswith("README.md:15: $ echo hello\n")
    assert "\n-hi\n+hello" in report


def test_update_rewrites_the_outputs_and_pins_head(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pinned = tour.parse((REPO / "README.md").read_text(encoding="utf-8")).revision
    readme = tmp_path / "README.md"
    readme.write_text(_fake_readme(pinned), encoding="utf-8")
    assert tour.main(["--check", "--readme", str(readme)]) == 1
    assert "+hello" in capsys.readouterr().out
    assert tour.main(["--update", "--readme", str(readme)]) == 0
    text = readme.read_text(encoding="utf-8")
    assert f"<!-- tour: sources as of {tour.head()} -->" in text
    assert "$ echo hello\nhello\n```" in text
    assert "$ echo nothing\nsomething\n```" in text  # a block not checked is left as it is
    assert tour.main(["--check", "--readme", str(readme)]) == 0


def test_a_pin_git_cannot_read_fails_with_a_clear_message() -> None:
    fake = tour.parse(_fake_readme(revision="0123456789ab"))
    with pytest.raises(tour.TourError, match=r"pins the tour's sources to 0123456789ab.*full clone"):
        tour.run_tour(fake)


def test_a_readme_without_its_pin_or_with_an_unknown_comment_is_refused() -> None:
    with pytest.raises(tour.TourError, match="must name the tour's sources once"):
        tour.parse("```console\n$ echo hi\nhi\n```\n")
    with pytest.raises(tour.TourError, match="unknown tour comment"):
        tour.parse(_fake_readme().replace("not checked:", "skip:"))
