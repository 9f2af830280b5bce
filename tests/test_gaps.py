"""`hrgraph gaps` on a fixture whose gaps are known (tests/fixtures/gaps, each marked "gap:"):
the table and the CSV name exactly those, at their file and line; --on and --months move the
judgement; a bad --on is a usage error."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.checks.gaps import months_before
from graph.cli import main

from .conftest import FIXTURES, ONTOLOGY

GAPS = FIXTURES / "gaps" / "sources"
FILE = "gaps.yaml"


def _rows(*args: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(
        main, ["gaps", "--sources", str(GAPS), "--ontology", str(ONTOLOGY), "--format", "csv", *args]
    )
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def _found(rows: list[dict[str, str]]) -> list[tuple[str, str, int]]:
    for row in rows:
        assert Path(row["file"]).name == FILE
    return [(row["kind"], row["id"], int(row["line"])) for row in rows]


def test_gaps_on_the_datas_latest_date() -> None:
    assert _found(_rows()) == [
        ("post-without-holder", "post/test-deputy", 46),
        ("tenure-unreported", "tenure/test-c-adviser", 71),
        ("commitment-unreported", "commitment/test-open-old", 83),
        ("fact-without-quote", "person/test-b", 27),
        ("fact-without-quote", "commitment/test-fulfilled-old", 102),
        ("source-without-address", "src/test-notes", 11),
        ("source-without-date", "src/test-notes", 11),
        ("person-unnamed", "person/test-b", 26),
    ]


def test_the_details_say_what_is_missing() -> None:
    details = {(row["kind"], row["id"]): row["detail"] for row in _rows()}
    assert details["post-without-holder", "post/test-deputy"] == "no tenure or attestation covers 2025-12-20"
    assert "last seen 2023-05" in details["tenure-unreported", "tenure/test-c-adviser"]
    assert "status/open as of 2025-03-01" in details["commitment-unreported", "commitment/test-open-old"]
    assert details["person-unnamed", "person/test-b"] == "no name in id, km"


def test_on_an_earlier_date_other_posts_are_unheld() -> None:
    found = _found(_rows("--on", "2024-06", "--months", "12"))
    posts = [gap_id for kind, gap_id, _ in found if kind == "post-without-holder"]
    assert posts == ["post/test-minister"]  # its tenure starts in 2025; the deputy's covers 2024-06
    # judged on 2024-06, the open commitment's 2025 report is not stale; the adviser's start is
    assert ("commitment-unreported", "commitment/test-open-old", 83) not in found
    assert ("tenure-unreported", "tenure/test-c-adviser", 71) in found


def test_more_months_forgive_an_older_report() -> None:
    kinds = [kind for kind, _, _ in _found(_rows("--months", "10"))]
    assert "commitment-unreported" not in kinds  # 2025-03-01 is within 10 months of 2025-12-20
    assert "tenure-unreported" in kinds


def test_the_table_groups_gaps_by_kind() -> None:
    result = CliRunner().invoke(main, ["gaps", "--sources", str(GAPS), "--ontology", str(ONTOLOGY)])
    assert result.exit_code == 0, result.output
    assert "Posts with no known holder (1):\n  post/test-deputy  " in result.stdout
    assert f"{FILE}:46]" in result.stdout
    assert "Facts with no quote (2):" in result.stdout
    assert "8 gaps, judged on 2025-12-20 (6 months without a report)" in result.stderr


@pytest.mark.parametrize("bad", ["2025-02-30", "yesterday"])
def test_a_bad_date_is_a_usage_error(bad: str) -> None:
    result = CliRunner().invoke(
        main, ["gaps", "--sources", str(GAPS), "--ontology", str(ONTOLOGY), "--on", bad]
    )
    assert result.exit_code == 2
    assert f"hrgraph: --on {bad}: " in result.stderr
    assert "Traceback" not in result.output


def test_months_before_keeps_the_day_or_takes_the_months_last() -> None:
    assert months_before(date(2025, 12, 20), 6) == date(2025, 6, 20)
    assert months_before(date(2025, 3, 31), 1) == date(2025, 2, 28)
    assert months_before(date(2025, 1, 15), 13) == date(2023, 12, 15)
