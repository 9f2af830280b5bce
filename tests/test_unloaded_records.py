"""A new record with several mistakes gets them all in one run: its missing fields, its missing
citation and the ids it names that are not defined, though the record itself cannot be read
(before, each fix revealed the next problem)."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from graph.cli import main
from tests.conftest import GOLDEN, ONTOLOGY


def validate(tmp_path: Path, new: str) -> tuple[int, list[str]]:
    sources = tmp_path / "sources"
    shutil.copytree(GOLDEN / "sources", sources)
    (sources / "new.yaml").write_text(new, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--sources", str(sources), "--ontology", str(ONTOLOGY)])
    shown = str(sources / "new.yaml")
    return result.exit_code, [line.replace(shown, "new.yaml") for line in result.stderr.splitlines()]


def test_every_problem_of_a_half_written_record_is_listed_at_once(tmp_path: Path) -> None:
    code, said = validate(
        tmp_path,
        "statements:\n  - id: statement/half\n    by: person/an\n    at: meeting/m2\n    in: src/gazette-1\n",
    )
    assert code == 1
    assert said == [
        "new.yaml:2: statement/half: 'date' is required (add date: YYYY-MM-DD (or YYYY-MM, or YYYY: "
        "the precision the source gives))",
        "new.yaml:2: statement/half: 'text' is required (add text: {en: what was said, in your words})",
        "new.yaml:2: statement/half: cites no source (add cites: [src/...]; every fact must say where it "
        "comes from)",
        "new.yaml:3: statement/half: 'person/an' is not defined (did you mean 'person/ana'?)",
        "new.yaml:4: statement/half: 'meeting/m2' is not defined (did you mean 'meeting/m1'?)",
        "hrgraph: 5 errors; nothing was written",
    ]


def test_a_field_with_its_own_error_is_not_reported_twice_nor_a_cited_source_that_exists(
    tmp_path: Path,
) -> None:
    code, said = validate(
        tmp_path,
        "statements:\n  - id: statement/half\n    by: 42\n    cites: [src/gazette-1, src/nowhere]\n",
    )
    assert code == 1
    assert [line for line in said if "'by'" in line or "src/" in line] == [
        "new.yaml:3: statement/half: 'by': 42 is not an id (ids look like kind/short-name: lowercase "
        "letters, digits, '-', '.' and '_', e.g. person/keo-remy)",
        "new.yaml:4: statement/half: 'src/nowhere' is not defined (define it under 'sources:' in a "
        "sources file)",
    ]
