"""The exception family: every problem a user can cause, none a traceback."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "DataError",
    "Problem",
    "QueryError",
    "SozialgraphError",
    "StoreError",
    "UsageError",
    "did_you_mean",
]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in the input, located as a planner would find it.

    ``row`` is the row number as a spreadsheet shows it (the header is row 1).
    """

    file: str
    row: int | None = None
    column: str | None = None
    message: str = ""

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        if self.column:
            where += f" {self.column}"
        return f"{where}: {self.message}"


class SozialgraphError(Exception):
    """Base of all errors the command line turns into a message and exit code 1."""


class DataError(SozialgraphError):
    """The input data has problems; all of them are listed, sorted by place.

    ``where`` names the input in the one-line summary ("3 problems in the storyboard").
    """

    def __init__(self, problems: Iterable[Problem], where: str = "the data"):
        self.problems = sorted(set(problems), key=_problem_key)
        self.where = where
        super().__init__("\n".join(str(p) for p in self.problems))


class QueryError(SozialgraphError):
    """A query cannot be run: unknown name, syntax error, bad parameter."""


class StoreError(SozialgraphError):
    """The store or endpoint failed: unreachable, timed out, refused, truncated."""


class UsageError(SozialgraphError):
    """Options that do not go together (the command line exits with 2)."""


def _problem_key(p: Problem) -> tuple:
    return (p.file, p.row or 0, p.column or "", p.message)


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """Return `` (did you mean 'x'?)`` for the closest candidate, or ``""``.

    Examples
    --------
    >>> did_you_mean("FB 65", ["FB 56", "FB 45"])
    " (did you mean 'FB 56'?)"
    >>> did_you_mean("zzz", ["FB 56"])
    ''
    """
    pool = {c.casefold(): c for c in candidates}
    import difflib

    close = difflib.get_close_matches(value.casefold(), list(pool), n=1, cutoff=0.6)
    return f" (did you mean {pool[close[0]]!r}?)" if close else ""
