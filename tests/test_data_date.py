"""The data's date, one rule (graph.core.data_date) for everything that says it: the site's
footer and overdue marks, the API's coverage_date, `hrgraph gaps` and the saved query that says
"in office as of the latest source". A source dated by its year alone must not move it past
the day a dated source gives (it did in `hrgraph gaps`, which took the year's last day)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.analyst.api import KnowledgeGraph
from graph.cli import main
from graph.core.data_date import latest_issued
from graph.pipeline import check
from graph.site.site_index import SiteIndex

from .conftest import FIXTURES, ONTOLOGY

YEARLY_SOURCE = """
  - id: src/test-yearly
    title: Test Yearbook
    publisher: Example Test Publisher
    published: 2025
    language: en
    url: https://example.org/yearbook
"""


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The gaps fixture (its latest dated source: 2025-12-20) with a source dated 2025 alone."""
    folder = tmp_path_factory.mktemp("data-date") / "sources"
    shutil.copytree(FIXTURES / "gaps" / "sources", folder)
    file = folder / "gaps.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("sources:\n", "sources:" + YEARLY_SOURCE, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("dates", "latest"),
    [
        (["2025", "2025-12-20"], "2025-12-20"),  # a day in the year: known for certain
        (["2025-12", "2025-12-20"], "2025-12-20"),
        (["2026", "2025-12-20"], "2026"),  # the year begins after the day
        (["2025-11-24", "2025-03"], "2025-11-24"),
        ([], ""),
    ],
)
def test_the_latest_date_is_the_latest_first_day_and_a_day_before_its_period(
    dates: list[str], latest: str
) -> None:
    assert latest_issued(dates) == latest


def test_the_site_the_api_gaps_and_the_saved_queries_give_the_same_date(sources: Path) -> None:
    checked = check(sources, ONTOLOGY)
    assert SiteIndex.of(checked.assembly.triples).data_date == "2025-12-20"

    kg = KnowledgeGraph.from_sources(sources, ONTOLOGY)
    assert kg.coverage_date == "2025-12-20"
    rows = kg.saved("post-holder-on-date", post="post/test-minister", on="2025")
    assert [row["tenureEnd"] for row in rows] == ["in office as of the latest source (2025-12-20)"]

    result = CliRunner().invoke(
        main, ["gaps", "--sources", str(sources), "--ontology", str(ONTOLOGY), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    details = {row["id"]: row["detail"] for row in csv.DictReader(io.StringIO(result.stdout))}
    assert details["post/test-deputy"] == "no tenure or attestation covers 2025-12-20"
