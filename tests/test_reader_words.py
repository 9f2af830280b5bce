"""Dates and numbers for readers, written by Babel the way each language writes them."""

from __future__ import annotations

import pytest

from graph.core.languages import LANGUAGES, babel_locale
from graph.view.dates import human_date, human_dates
from graph.view.words import human_number


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("2025-11-24", "en", "24 Nov 2025"),
        ("2025-11-24", "id", "24 Nov 2025"),
        ("2025-11-24", "km", "24 វិច្ឆិកា 2025"),
        ("2025-08-05", "id", "5 Agu 2025"),
        ("2025-05", "id", "Mei 2025"),
        ("2025-11", "en", "Nov 2025"),
        ("2025-11", "km", "វិច្ឆិកា 2025"),
        ("2025", "en", "2025"),
        ("2025", "km", "2025"),
        ("2025-11-24T09:30:00", "en", "24 Nov 2025"),
        (" 2025-11-24 ", "en", "24 Nov 2025"),
    ],
)
def test_a_date_at_each_precision_in_each_language(value: str, lang: str, expected: str) -> None:
    assert human_date(value, lang) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("-0044", "-0044"),
        ("-0044-03-15", "-0044-03-15"),
        ("0000", "0000"),
        ("2025-02-30", "2025-02-30"),
        ("2025-13", "2025-13"),
        ("2025-1", "2025-1"),
        ("not a date", "not a date"),
        ("", ""),
    ],
)
def test_what_the_calendar_cannot_hold_stays_as_written(value: str, lang: str, expected: str) -> None:
    assert human_date(value, lang) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_years_before_1000_are_written(lang: str) -> None:
    assert human_date("0044", lang) == "44"
    assert human_date("0999-03-15", lang).endswith(" 999")


def test_an_unknown_language_writes_english() -> None:
    assert human_date("2025-11-24", "fr") == "24 Nov 2025"
    assert human_number("2.5", "fr") == "2.5"
    assert str(babel_locale("../x")) == "en_001"


@pytest.mark.parametrize(
    ("dates", "lang", "expected"),
    [
        ("2019-10-21/2020-05", "km", "21 តុលា 2019 – ឧសភា 2020"),
        ("2019-10-21/..", "id", "sejak 21 Okt 2019"),
        ("../2020-05", "en", "until May 2020"),
    ],
)
def test_periods_are_worded_with_dates_in_the_language(dates: str, lang: str, expected: str) -> None:
    assert human_dates(dates, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("130000", "en", "130,000"),
        ("130000", "id", "130.000"),
        ("130000", "km", "130,000"),
        ("130000.0", "en", "130,000"),
        ("2.5", "id", "2,5"),
        ("2.12345", "en", "2.12345"),
        ("-1234567.5", "id", "-1.234.567,5"),
        ("1e3", "en", "1,000"),
        ("many", "en", "many"),
        ("nan", "en", "nan"),
        ("inf", "id", "inf"),
        ("", "km", ""),
    ],
)
def test_numbers_are_grouped_the_way_each_language_groups_them(value: str, lang: str, expected: str) -> None:
    assert human_number(value, lang) == expected
