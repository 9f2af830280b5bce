"""The first and last day a partial date can mean, defined once for the shipped queries.

A date is stored at the precision its source gives: "2025" (xsd:gYear), "2025-11"
(xsd:gYearMonth) or "2025-11-24" (xsd:date). The rules and saved queries (graph/checks/rules,
graph/sparql/queries) write `hrg:earliest(?d)` and `hrg:latest(?d)` for the first and last day
?d can mean, as text to compare: "2025" → "2025-01-01" and "2025-12-31"; "2025-11" →
"2025-11-01" and "2025-11-31". A month's last day is written "-31" whatever its length: it
compares after every day of the month and before the next month, which is all it is used for.

`hrg:overlaps(?from, ?to, ?period)` is the one rule for "at any time in a period": true when the
days from the first day ?from can mean to the last day ?to can mean share a day with the period
(a year, a month or a day, written as a partial date). An unbound ?from or ?to is an open end. So
a tenure known to start in 2024-10 overlaps 2024-10-01, one known to end in 2025 overlaps
2025-12-31, and a date seen in office overlaps a period when `hrg:overlaps(?seen, ?seen, ?p)`.

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
_CALL = re.compile(r"\bhrg:(earliest|latest|overlaps)\s*\(")


def bound_expression(padding: dict[int, str], date: str) -> str:
    """Standard SPARQL for a partial date padded to a full day: `date` is any expression."""
    text = f"STR({date})"
    year, month = (f'"{padding[length]}"' for length in (4, 7))
    return f'CONCAT({text}, IF(STRLEN({text}) = 4, {year}, IF(STRLEN({text}) = 7, {month}, "")))'


def overlap_expression(start: str, end: str, period: str) -> str:
    """Standard SPARQL for hrg:overlaps: each side holds when its bound is unbound (COALESCE
    takes the comparison's error for an open end)."""
    starts_in_time = (
        f"COALESCE({bound_expression(FIRST_DAY, start)} <= {bound_expression(LAST_DAY, period)}, true)"
    )
    ends_in_time = (
        f"COALESCE({bound_expression(LAST_DAY, end)} >= {bound_expression(FIRST_DAY, period)}, true)"
    )
    return f"({starts_in_time} && {ends_in_time})"


def expand_partial_dates(query: str) -> str:
    """The query with every hrg:earliest(x), hrg:latest(x) and hrg:overlaps(from, to, period)
    written out (see bound_expression, overlap_expression)."""
    blanked = blank_literals(query)
    parts, done = [], 0
    for call in _CALL.finditer(blanked):
        if call.start() < done:  # inside an argument, written out with it
            continue
        name, close = call.group(1), closing_bracket(blanked, call.end() - 1)
        if close < 0:
            raise ValueError(f"hrg:{name}( is not closed")
        arguments = [expand_partial_dates(a) for a in split_arguments(query, call.end(), close)]
        if len(arguments) != (3 if name == "overlaps" else 1):
            raise ValueError(f"hrg:{name}( takes {3 if name == 'overlaps' else 1} argument(s)")
        written = (
            overlap_expression(*arguments)
            if name == "overlaps"
            else bound_expression(BOUNDS[name], *arguments)
        )
        parts += [query[done : call.start()], written]
        done = close + 1
    return "".join(parts) + query[done:]


def split_arguments(query: str, start: int, close: int) -> list[str]:
    """The comma-separated arguments of a call between `start` and its closing bracket, split
    only at the commas of its own level (not inside strings or nested brackets)."""
    blanked = blank_literals(query)
    arguments, depth, begin = [], 0, start
    for index in range(start, close):
        if blanked[index] in "({":
            depth += 1
        elif blanked[index] in ")}":
            depth -= 1
        elif blanked[index] == "," and depth == 0:
            arguments.append(query[begin:index].strip())
            begin = index + 1
    return [*arguments, query[begin:close].strip()]
