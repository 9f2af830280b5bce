"""One exception tree for hrgraph; only the CLI turns it into messages and exit codes."""

from __future__ import annotations

import errno
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong with the curated data, located at a file and line."""

    file: str
    line: int
    message: str
    hint: str = ""
    severity: Severity = "error"
    # the graph nodes whose check reported it (shapes and date rules), so a check of a change
    # can keep the problems of the nodes it did not look at again; no part of its identity
    nodes: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: "
        label = "warning: " if self.severity == "warning" else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{label}{self.message}{hint}"


class HrgraphError(Exception):
    """Base of every error hrgraph raises on purpose."""


class DataInvalid(HrgraphError):
    """The curated data (or the ontology) has problems; all of them are collected here."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems), key=_problem_order)
        count = len(self.errors)
        super().__init__(f"{count} error{'s' if count != 1 else ''} in the data")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class UsageError(HrgraphError):
    """The user asked for something that cannot be done as asked (exit code 2)."""


class ParameterError(UsageError):
    """A saved query's parameter names nothing it can take: an id not in the graph or of the
    wrong kind, an impossible date (exit code 2, as every usage mistake)."""


class SystemFailure(HrgraphError):
    """The operating system refused to read or write a file hrgraph needs (exit code 3)."""

    @classmethod
    def of(cls, action: str, path: object, error: OSError) -> SystemFailure:
        return cls(f"cannot {action} {path}: {system_said(error)}")


def system_said(error: OSError) -> str:
    """What the system said of a failed read or write, with what to do where it is plain."""
    said = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"{said} (free some space on that disk, or write elsewhere)"
    return said


class QueryError(HrgraphError):
    """A SPARQL query could not be parsed or run."""


class StoreUnreachable(HrgraphError):
    """A SPARQL endpoint could not be reached: no mistake of the query or of its options
    (exit code 1, as a store `hrgraph publish` cannot reach)."""


def _problem_order(problem: Problem) -> tuple[str, int, str]:
    return (problem.file, problem.line, problem.message)
