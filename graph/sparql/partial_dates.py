"""The first and last day a partial date can mean, defined once for the shipped queries.

A date is stored at the precision its source gives: "2025" (xsd:gYear), "2025-11"
(xsd:gYearMonth) or "2025-11-24" (xsd:date). The rules and saved queries (graph/checks/rules,
graph/sparql/queries) write `hrg:earliest(?d)` and `hrg:latest(?d)` for the first and last day
?d can mean, as text to compare: "2025" → "2025-01-01" and "2025-12-31"; "2025-11" →
"2025-11-01" and "2025-11-31". A month's last day is written "-31" whatever its length: it
compares after every day of the month and before the next month, which is all it is used for.

The two names are written out as standard SPARQL when a query is loaded (expand_partial_dates),
so every engine, a remote endpoint included, runs the same text. At 1.14M triples the date
rules ran 1.1-1.4 times slower with the names given to Oxigraph as Python functions instead
(docs/benchmark.md, "Partial dates").
"""

from __future__ import annotations

import re

from graph.sparql.query import blank_literals, closing_bracket

FIRST_DAY = {4: "-01-01", 7: "-01"}  # what a gYear or gYearMonth lacks, by its length
LAST_DAY = {4: "-12-31", 7: "-31"}
BOUNDS = {"earliest": FIRST_DAY, "latest": LAST_DAY}
_CALL = re.compile(r"\bhrg:(earliest|latest)\s*\(")


def bound_expression(padding: dict[int, str], date: str) -> str:
    """Standard SPARQL for a partial date padded to a full day: `date` is any expression."""
    text = f"STR({date})"
    year, month = (f'"{padding[length]}"' for length in (4, 7))
    return f'CONCAT({text}, IF(STRLEN({text}) = 4, {year}, IF(STRLEN({text}) = 7, {month}, "")))'


def expand_partial_dates(query: str) -> str:
    """The query with every hrg:earliest(x) and hrg:latest(x) written out (see bound_expression)."""
    blanked = blank_literals(query)
    parts, done = [], 0
    for call in _CALL.finditer(blanked):
        if call.start() < done:  # inside an argument, written out with it
            continue
        close = closing_bracket(blanked, call.end() - 1)
        if close < 0:
            raise ValueError(f"hrg:{call.group(1)}( is not closed")
        argument = expand_partial_dates(query[call.end() : close].strip())
        parts += [query[done : call.start()], bound_expression(BOUNDS[call.group(1)], argument)]
        done = close + 1
    return "".join(parts) + query[done:]
