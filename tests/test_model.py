"""Partial dates and the record models, at their boundaries."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from graph.ingest.fields import field_docs
from graph.ingest.records import Observation, PartialDate, Tenure


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        (2025, "year", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025", "year", date(2025, 1, 1), date(2025, 12, 31)),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-02", "month", date(2025, 2, 1), date(2025, 2, 28)),
        ("2025-11-24", "day", date(2025, 11, 24), date(2025, 11, 24)),
    ],
)
def test_partial_dates(text: object, precision: str, earliest: date, latest: date) -> None:
    parsed = PartialDate.parse(text)
    assert parsed.precision == precision
    assert (parsed.earliest(), parsed.latest()) == (earliest, latest)
    assert str(parsed) == str(text)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2025-02-30", "February 2025 has 28 days"),
        ("2024-02-30", "February 2024 has 29 days"),
        ("2025-13", "there is no month 13"),
        ("24/11/2025", "is not a date in a form hrgraph reads"),
        ("2025-11-24T10:00", "is not a date in a form hrgraph reads"),
        ("next year", "is not a date in a form hrgraph reads"),
        (True, "a date is expected"),
    ],
)
def test_impossible_or_malformed_dates_are_refused(text: object, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        PartialDate.parse(text)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("24/11/2025", "write 2025-11-24: the year first"),
        ("11/24/2025", "write 2025-11-24: the year first"),
        ("05/11/2025", "write 2025-11-05 or 2025-05-11, whichever the source means"),
        ("24.11.2025", "write 2025-11-24: the year first"),
        ("2025/11/24", "write 2025-11-24: the year first"),
        ("24 November 2025", "write 2025-11-24: the year first"),
        ("November 24, 2025", "write 2025-11-24: the year first"),
        ("Nov 2025", "write 2025-11: the year first"),
        ("24 Agustus 2025", "write 2025-08-24: the year first"),
        ("Mei 2025", "write 2025-05: the year first"),
        ("31/02/2025", "write YYYY, YYYY-MM or YYYY-MM-DD, with only the precision the source gives"),
        ("next year", "write YYYY, YYYY-MM or YYYY-MM-DD, with only the precision the source gives"),
    ],
)
def test_a_date_written_another_way_is_given_back_in_the_form_hrgraph_reads(text: str, hint: str) -> None:
    """Month names in English and Indonesian (Babel's); both readings where the day could be
    the month; none for a date off the calendar."""
    with pytest.raises(PydanticCustomError) as caught:
        PartialDate.parse(text)
    assert caught.value.context == {"hint": hint}


def test_a_count_given_as_text_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Observation.model_validate(
            {
                "id": "obs/x",
                "measure": "measure/m",
                "about": "country/c",
                "value": "130000",
                "as_of": 2025,
                "cites": ["src/s"],
            }
        )
    (error,) = caught.value.errors()
    assert error["loc"] == ("value",)
    assert "a number is expected, got str '130000'" in error["msg"]


def test_a_tenure_needs_a_start_or_an_attested_date() -> None:
    base = {"id": "tenure/t", "person": "person/p", "post": "post/q", "cites": ["src/s"]}
    assert Tenure.model_validate({**base, "attested": ["2025-11-24"]}).start is None
    assert str(Tenure.model_validate({**base, "start": "2024-10"}).start) == "2024-10"
    with pytest.raises(ValidationError, match="a tenure needs its start"):
        Tenure.model_validate(base)


def test_claims_keep_conflicting_values_typed() -> None:
    from graph.ingest.records import Person

    person = Person.model_validate(
        {
            "id": "person/p",
            "name": {"en": "P"},
            "born": 1975,
            "cites": ["src/a"],
            "claims": [
                {"field": "born", "value": "1975-12-25", "cites": ["src/a"]},
                {"field": "born", "value": "1975-06-28", "cites": ["src/b"]},
            ],
        }
    )
    assert [str(c.value) for c in person.claims or []] == ["1975-12-25", "1975-06-28"]
    assert all(isinstance(c.value, PartialDate) for c in person.claims or [])


@pytest.mark.parametrize(
    ("claim", "words"),
    [
        (
            {"field": "shoe_size", "value": 42, "cites": ["src/a"]},
            "a claim names 'shoe_size', which is not a field",
        ),
        ({"field": "born", "value": "1975-02-30", "cites": ["src/a"]}, "February 1975 has 28 days"),
        ({"field": "born", "value": "1975"}, "Field required"),
    ],
)
def test_bad_claims_are_refused(claim: dict[str, object], words: str) -> None:
    from graph.ingest.records import Person

    with pytest.raises(ValidationError, match=words):
        Person.model_validate({"id": "person/p", "name": {"en": "P"}, "cites": ["src/a"], "claims": [claim]})


def test_claims_on_a_required_date_field() -> None:
    from graph.ingest.records import Meeting

    meeting = Meeting.model_validate(
        {
            "id": "meeting/m",
            "name": {"en": "M"},
            "date": "2025-05",
            "participants": [{"person": "person/a"}],
            "cites": ["src/a"],
            "claims": [
                {"field": "date", "value": "2025-05-24", "cites": ["src/a"]},
                {"field": "date", "value": "2025-05-25", "cites": ["src/b"]},
            ],
        }
    )
    assert [str(c.value) for c in meeting.claims or []] == ["2025-05-24", "2025-05-25"]


def test_a_commitment_is_made_at_a_meeting_or_in_a_statement() -> None:
    from graph.ingest.records import Commitment

    base = {
        "id": "commitment/c",
        "kind": "commitment-kind/pledge",
        "by": "country/c",
        "text": {"en": "T"},
        "status": {"value": "status/open", "as_of": 2025},
        "cites": ["src/s"],
    }
    assert Commitment.model_validate({**base, "made_in": "src/s"}).made_at is None
    with pytest.raises(ValidationError, match="a commitment needs where it was made") as caught:
        Commitment.model_validate(base)
    (error,) = caught.value.errors()
    assert error["ctx"]["hint"] == Commitment.rules[0].hint


def test_every_field_says_what_it_holds() -> None:
    """The records are the curators' reference: a docstring under every field."""
    from graph.ingest.records import NESTED_TYPES, RECORD_TYPES, Citation, Claim

    models: tuple[type[BaseModel], ...] = (*RECORD_TYPES, *NESTED_TYPES, Claim, Citation)
    for model in models:
        docs = field_docs(model)
        for name in model.model_fields:
            assert docs.get(name, "").strip(), f"{model.__name__}.{name} has no docstring"
    assert field_docs(Observation)["qualifier"].startswith("How the source states the value")
    assert field_docs(Observation)["id"]  # inherited from Record


def test_the_table_of_fields_reads_the_models() -> None:
    from graph.core.vocab import HRG
    from graph.ingest.fields import fields_by_key, fields_by_predicate, fields_of
    from graph.ingest.records import Meeting, Post

    post_in = fields_by_key(Post)["in"]
    assert (post_in.name, post_in.predicate, post_in.targets) == ("post_in", HRG.postIn, ("org",))
    assert post_in.required and not post_in.many and post_in.hint == "add in: org/..."
    qualifier = fields_of(Observation)["qualifier"]
    assert qualifier.defaulted and not qualifier.required
    assert qualifier.choices == ("exact", "about", "more-than", "at-least", "up-to")
    participants = fields_by_predicate(Meeting)[HRG.participation]
    assert (
        participants.many and participants.part is not None and participants.part.__name__ == "Participation"
    )
    assert fields_of(Meeting) is fields_of(Meeting)  # asked per value at scale: built once
