"""One hierarchy of errors, so callers can catch ``AccredigraphError`` and show its message.

``DataError`` carries every problem found in a file set at once, each with its file, line and
column, because a user fixing a CSV wants the whole list, not one error per run.

>>> e = DataError([Problem("certificates.csv", 3, "issued", "not a date: '2024-13-01'")])
>>> str(e)
"certificates.csv:3: issued: not a date: '2024-13-01'"
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AccredigraphError",
    "AnswerTooLarge",
    "DataError",
    "FederationError",
    "Problem",
    "QueryBusy",
    "QueryError",
    "QueryLimitError",
    "QuerySyntaxError",
    "QueryTimeout",
    "ReadOnlyError",
    "RefusedQueryError",
    "StoreError",
]


class AccredigraphError(Exception):
    """Base class of every error accredigraph raises on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in an input file: where it is and what is wrong."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


class DataError(AccredigraphError):
    """Input files with problems; nothing of them was loaded."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class StoreError(AccredigraphError):
    """The store cannot be opened, read or written."""


class QueryError(AccredigraphError):
    """A SPARQL query is malformed, unknown or misses a parameter."""


class QueryBusy(QueryError):
    """No turn for a query now (:mod:`graph.sparql.scheduler`): the client's own queries or
    the server's hold every slot, or a long query was stopped to keep room for short ones.

    ``retry_after`` says in how many seconds to try again; ``yours`` is true when the client's
    own queries are the reason ("your other query is still running").
    """

    def __init__(self, message: str, *, retry_after: float = 1.0, yours: bool = False) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.yours = yours


class QuerySyntaxError(QueryError):
    """The engine could not parse a query; the message says where (``error at LINE:COLUMN``,
    counted in the text as the user wrote it) and what it expected."""

    def __str__(self) -> str:
        return f"SPARQL syntax error: {self.detail}"

    @property
    def detail(self) -> str:
        """The engine's own words, e.g. ``error at 2:12: expected one of …``."""
        return str(self.args[0]) if self.args else ""


class RefusedQueryError(QueryError):
    """A query that is valid SPARQL but not allowed here (an update, a federated query)."""


class ReadOnlyError(RefusedQueryError):
    """An update (INSERT, DELETE, LOAD, CLEAR, DROP …) was sent where only queries run."""


class FederationError(RefusedQueryError):
    """A query asked for ``SERVICE`` (federation): this machine sends no requests elsewhere."""


class QueryLimitError(RefusedQueryError):
    """A query too long, too deeply nested or too large to be parsed and run safely."""


class AnswerTooLarge(QueryError):
    """A query whose answer, or whose evaluation, grew past the memory a query may use; it was
    stopped and nothing else was disturbed."""


class QueryTimeout(QueryError):
    """A query ran past its time limit and was stopped."""
