"""Dates a store that keeps every date as the instant it starts (Virtuoso) cannot tell apart:
found in the N-Triples before publishing, so that `hrgraph publish` can say what it dropped.
The rule is what Virtuoso 7.2 was measured to do (tests/test_second_store.py publishes to one)."""

from __future__ import annotations

import pytest

from graph.output.date_twins import Twins, dropped_by_instant_stores, first_instant, same_instant_twins

XSD = "http://www.w3.org/2001/XMLSchema#"


def dated(subject: str, value: str, datatype: str, predicate: str = "urn:p") -> str:
    return f'<{subject}> <{predicate}> "{value}"^^<{XSD}{datatype}> .\n'


@pytest.mark.parametrize(
    ("value", "datatype", "instant"),
    [
        ("2020", "gYear", "2020-01-01T00:00:00"),
        ("2020-05", "gYearMonth", "2020-05-01T00:00:00"),
        ("2020-05-03", "date", "2020-05-03T00:00:00"),
        ("2020-05-03T00:00:00", "dateTime", "2020-05-03T00:00:00"),
        ("2020-05-03T09:30:00", "dateTime", None),
        ("2020-05-03T00:00:00Z", "dateTime", None),
        ("2020Z", "gYear", None),
        ("2020-05+07:00", "gYearMonth", None),
    ],
)
def test_the_instant_a_date_starts(value: str, datatype: str, instant: str | None) -> None:
    assert first_instant(value, datatype) == instant


def test_dates_of_one_property_that_start_together_are_twins() -> None:
    data = "".join(
        [
            dated("urn:a", "2020", "gYear"),
            dated("urn:a", "2020-01-01", "date"),
            dated("urn:b", "2020-05", "gYearMonth"),
            dated("urn:b", "2020-05-01", "date"),
            dated("urn:b", "2020-05-02", "date"),  # another day
            dated("urn:c", "2021", "gYear"),
            dated("urn:c", "2021-01", "gYearMonth"),
            dated("urn:c", "2021-01-01", "date"),
            dated("urn:d", "2022", "gYear"),
            dated("urn:d", "2022-01-01", "date", predicate="urn:q"),  # another property
            dated("urn:e", "2023", "gYear"),
            dated("urn:f", "2023-01-01", "date"),  # another subject
            dated("urn:g", "2024-02", "gYearMonth"),
            dated("urn:g", "2024-02-01T00:00:00Z", "dateTime"),  # a time zone: kept apart
            '<urn:h> <urn:p> "2020" .\n<urn:h> <urn:p> "2020-01-01"^^<' + XSD + "date> .\n",  # a plain text
        ]
    ).encode()
    twins = same_instant_twins(data)
    assert twins == [
        Twins("<urn:a>", "<urn:p>", ("2020", "2020-01-01")),
        Twins("<urn:b>", "<urn:p>", ("2020-05", "2020-05-01")),
        Twins("<urn:c>", "<urn:p>", ("2021", "2021-01", "2021-01-01")),
    ]
    assert dropped_by_instant_stores(twins) == 4


def test_a_graph_with_no_twins_has_none() -> None:
    assert same_instant_twins(dated("urn:a", "2020", "gYear").encode()) == []
    assert dropped_by_instant_stores([]) == 0
