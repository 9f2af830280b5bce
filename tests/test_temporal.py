"""Temporal consistency rules (SPARQL on Oxigraph): each fails on data that breaks it, at the
file and line of the record concerned, as an error or a warning."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.checks.date_rules import rules
from graph.core.errors import DataInvalid, Problem
from graph.pipeline import check

from .conftest import GOLDEN, REPO

POSTS = """
posts:
  - id: post/head
    name: {en: Head of Examples}
    in: org/ministry
    single_holder: true
    cites: [src/gazette-1]
"""
PERSON_B = """
people:
  - id: person/bo
    name: {en: Bo Example}
    cites: [src/gazette-1]
"""


def _run(tmp_path: Path, extra: str) -> list[Problem]:
    shutil.copytree(GOLDEN / "sources", tmp_path / "sources")
    (tmp_path / "sources" / "extra.yaml").write_text(extra, encoding="utf-8")
    try:
        checked = check(tmp_path / "sources", REPO / "ontology")
    except DataInvalid as exc:
        return exc.problems
    return checked.warnings


def _lines(problems: list[Problem]) -> list[str]:
    return [str(p).replace("sources/", "", 1) if p.file.endswith("extra.yaml") else str(p) for p in problems]


def test_every_rule_has_a_severity_and_a_description() -> None:
    assert {r.name for r in rules()} >= {
        "single-holder-overlap",
        "single-holder-open-tenure",
        "attended-as-post-not-held",
        "due-before-made",
        "status-before-made",
        "attested-outside-tenure",
        "series-order",
    }


def test_overlapping_tenures_of_a_single_holder_post(tmp_path: Path) -> None:
    problems = _run(
        tmp_path,
        POSTS
        + PERSON_B
        + """
tenures:
  - id: tenure/ana-head
    person: person/ana
    post: post/head
    start: 2019
    end: 2021-06
    cites: [src/gazette-1]
  - id: tenure/bo-head
    person: person/bo
    post: post/head
    start: 2020-03-01
    end: 2022
    cites: [src/gazette-1]
""",
    )
    assert [p for p in problems if p.severity == "error"] == [
        Problem(
            str(tmp_path / "sources" / "extra.yaml"),
            17,
            "tenure/ana-head: overlaps with Bo Example's tenure as Head of Examples, a post held by one "
            "person at a time (both surely held it between 2020-03-01 and 2021-06-01)",
            "check the start and end dates of both tenures against their sources",
        )
    ]


def test_successive_tenures_at_month_precision_do_not_overlap(tmp_path: Path) -> None:
    problems = _run(
        tmp_path,
        POSTS
        + PERSON_B
        + """
tenures:
  - id: tenure/ana-head
    person: person/ana
    post: post/head
    start: 2019
    end: 2021-06
    cites: [src/gazette-1]
  - id: tenure/bo-head
    person: person/bo
    post: post/head
    start: 2021-06
    cites: [src/gazette-1]
""",
    )
    assert problems == []


def test_an_open_tenure_followed_by_a_successor_is_a_warning(tmp_path: Path) -> None:
    problems = _run(
        tmp_path,
        POSTS
        + PERSON_B
        + """
tenures:
  - id: tenure/ana-head
    person: person/ana
    post: post/head
    start: 2019
    cites: [src/gazette-1]
  - id: tenure/bo-head
    person: person/bo
    post: post/head
    start: 2024-10-21
    cites: [src/gazette-1]
""",
    )
    (problem,) = problems
    assert (problem.severity, problem.line) == ("warning", 18)
    assert problem.message == (
        "tenure/ana-head: has no end, but Bo Example held Head of Examples from 2024-10-21 "
        "(one holder at a time)"
    )


def test_attending_as_a_post_not_held_then_is_a_warning(tmp_path: Path) -> None:
    problems = _run(
        tmp_path,
        POSTS
        + """
meetings:
  - id: meeting/later
    name: {en: Later meeting}
    date: 2023-05-02
    participants:
      - person: person/ana
        as: post/minister
    cites: [src/gazette-1]
""",
    )
    (problem,) = problems
    assert (problem.severity, problem.line) == ("warning", 15)
    assert problem.message == (
        "meeting/later (participation): attended as Minister of Examples on 2023-05-02, "
        "but no tenure shows Ana Example holding that post then"
    )


def test_attending_within_a_tenure_at_month_precision_is_fine(tmp_path: Path) -> None:
    assert (
        _run(
            tmp_path,
            """
meetings:
  - id: meeting/later
    name: {en: Later meeting}
    date: 2020-05
    participants:
      - person: person/ana
        as: post/minister
    cites: [src/gazette-1]
""",
        )
        == []
    )


@pytest.mark.parametrize(
    ("extra", "line", "message"),
    [
        (
            """
commitments:
  - id: commitment/early
    kind: commitment-kind/pledge
    by: person/ana
    made_at: meeting/m1
    text: {en: Something}
    due: 2019-12
    status: {value: status/open, as_of: 2020}
    cites: [src/gazette-1]
""",
            8,
            "commitment/early: is due (2019-12) before the meeting where it was made (2020)",
        ),
        (
            """
commitments:
  - id: commitment/early
    kind: commitment-kind/pledge
    by: person/ana
    made_at: meeting/m1
    text: {en: Something}
    status: {value: status/open, as_of: 2019-06}
    cites: [src/gazette-1]
""",
            8,
            "commitment/early (status report): is reported as of 2019-06, before the commitment was made "
            "(2020)",
        ),
        (
            """
tenures:
  - id: tenure/odd
    person: person/ana
    post: post/minister
    start: 2019-10-21
    end: 2020-05
    attested: [2021]
    cites: [src/gazette-1]
""",
            8,
            "tenure/odd: is attested on 2021, outside its own start (2019-10-21) and end (2020-05)",
        ),
        (
            """
meetings:
  - id: meeting/second
    name: {en: Second talks}
    date: 2019-02
    series: series/talks
    number: 2
    participants: [{person: person/ana}]
    cites: [src/gazette-1]
  - id: meeting/first
    name: {en: First talks}
    date: 2019-07-25
    series: series/talks
    number: 1
    participants: [{person: person/ana}]
    cites: [src/gazette-1]
""",
            7,
            "meeting/second: is number 2 of its series but took place (2019-02) before number 1, First talks "
            "(2019-07-25)",
        ),
    ],
    ids=["due-before-made", "status-before-made", "attested-outside-tenure", "series-order"],
)
def test_errors(tmp_path: Path, extra: str, line: int, message: str) -> None:
    problems = _run(tmp_path, extra)
    errors = [p for p in problems if p.severity == "error"]
    assert [(p.line, p.message) for p in errors] == [(line, message)]
    assert errors[0].file.endswith("extra.yaml")


def test_a_shared_handover_day_is_not_an_overlap(tmp_path: Path) -> None:
    assert (
        _run(
            tmp_path,
            POSTS
            + PERSON_B
            + """
tenures:
  - id: tenure/ana-head
    person: person/ana
    post: post/head
    attested: [2024-10-22]
    end: 2024-10-22
    cites: [src/gazette-1]
  - id: tenure/bo-head
    person: person/bo
    post: post/head
    start: 2024-10-22
    cites: [src/gazette-1]
""",
        )
        == []
    )
