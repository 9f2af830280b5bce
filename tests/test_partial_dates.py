"""hrg:earliest and hrg:latest: one definition of a partial date's first and last day, written out
as standard SPARQL before any engine (Oxigraph here, a remote endpoint there) sees a query."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from graph.checks.date_rules import rules
from graph.sparql.partial_dates import expand_partial_dates
from graph.sparql.saved import saved_queries

XSD = "http://www.w3.org/2001/XMLSchema#"
CALL = re.compile(r"^[^#]*\bhrg:(earliest|latest)\s*\(", re.MULTILINE)  # outside a comment


@pytest.mark.parametrize(
    ("date", "datatype", "earliest", "latest"),
    [
        ("2025", "gYear", "2025-01-01", "2025-12-31"),
        ("2025-11", "gYearMonth", "2025-11-01", "2025-11-31"),  # "-31": after every day of any month
        ("2025-02", "gYearMonth", "2025-02-01", "2025-02-31"),
        ("2025-11-24", "date", "2025-11-24", "2025-11-24"),
    ],
)
def test_the_first_and_last_day_of_a_partial_date(
    date: str, datatype: str, earliest: str, latest: str
) -> None:
    query = expand_partial_dates(
        f'SELECT ?e ?l WHERE {{ BIND("{date}"^^<{XSD}{datatype}> AS ?d) '
        "BIND(hrg:earliest(?d) AS ?e) BIND(hrg:latest(?d) AS ?l) }"
    )
    result = ox.Store().query(query)
    assert isinstance(result, ox.QuerySolutions)
    (row,) = list(result)
    assert (row["e"].value, row["l"].value) == (earliest, latest)


def test_only_calls_are_written_out_not_strings_or_comments() -> None:
    text = 'SELECT * WHERE { FILTER(hrg:latest(?a) < "hrg:earliest(?b)") } # hrg:earliest(?c)'
    written = expand_partial_dates(text)
    assert 'STRLEN(STR(?a)) = 4, "-12-31"' in written
    assert written.endswith('< "hrg:earliest(?b)") } # hrg:earliest(?c)')


def test_an_argument_may_be_any_expression() -> None:
    written = expand_partial_dates("FILTER(hrg:earliest(COALESCE(?a, hrg:latest(?b))) > ?c)")
    assert "hrg:" not in written
    assert written.count("(") == written.count(")")
    assert "STR(COALESCE(?a, CONCAT(STR(?b)" in written


def test_an_unclosed_call_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"hrg:earliest\( is not closed"):
        expand_partial_dates("FILTER(hrg:latest(?a) > hrg:earliest(?b")


def test_the_shipped_queries_use_them_and_no_engine_is_sent_them() -> None:
    """The .rq files say hrg:earliest/latest; the texts hrgraph runs or sends are standard SPARQL."""
    shipped = [q.text for q in saved_queries().values()] + [r.text for r in rules()]
    assert not [text for text in shipped if CALL.search(text)]
    assert sum("IF(STRLEN(STR(" in text for text in shipped) >= 9  # 7 rules and 2 saved queries
