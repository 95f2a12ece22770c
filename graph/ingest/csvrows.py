"""Reading CSV files row by row, checking each cell and collecting every problem found.

A :class:`Row` hands out typed cell values (``text``, ``date``, ``choice``, ``items`` …). When a
cell is wrong it records a :class:`~graph.errors.Problem` naming the file, line and column and
returns ``None``, so one pass over a file reports all of its problems at once.

Examples
--------
>>> problems = []
>>> row = Row("certificates.csv", 2, {"issued": "2024-02-30", "status": "valid"}, problems)
>>> row.date("issued") is None, row.choice("status", {"valid", "expired"})
(True, 'valid')
>>> print(problems[0])
certificates.csv:2: issued: not a date (YYYY-MM-DD): '2024-02-30'
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

import pycountry

from graph.errors import Problem

__all__ = ["CsvFile", "Row", "read_csv"]

#: Not in ISO 3166-1 but used by the EU and by accreditation bodies for Kosovo.
_EXTRA_COUNTRIES = frozenset({"XK"})
_COUNTRIES = frozenset(c.alpha_2 for c in pycountry.countries) | _EXTRA_COUNTRIES


@dataclass
class Row:
    """One CSV record with its line number, and the shared list problems are added to."""

    file: str
    line: int
    cells: dict[str, str]
    problems: list[Problem]

    def problem(self, column: str, message: str) -> None:
        """Record a problem with ``column`` of this row."""
        self.problems.append(Problem(self.file, self.line, column, message))

    def raw(self, column: str) -> str:
        """The cell stripped of surrounding spaces ('' when the column is absent)."""
        return (self.cells.get(column) or "").strip()

    def text(self, column: str, *, required: bool = False) -> str | None:
        """The cell's text, or ``None`` when empty (a problem if ``required``)."""
        value = self.raw(column)
        if not value:
            if required:
                self.problem(column, "is required")
            return None
        return value

    def items(self, column: str) -> list[str]:
        """The ``;``-separated items of the cell, stripped, empty ones dropped."""
        return [item.strip() for item in self.raw(column).split(";") if item.strip()]

    def date(self, column: str, *, required: bool = False) -> dt.date | None:
        """The cell as a date written ``YYYY-MM-DD``."""
        value = self.text(column, required=required)
        if value is None:
            return None
        try:
            if len(value) != 10:
                raise ValueError
            return dt.date.fromisoformat(value)
        except ValueError:
            self.problem(column, f"not a date (YYYY-MM-DD): {value!r}")
            return None

    def choice(self, column: str, allowed: Collection[str], *, required: bool = True) -> str | None:
        """The cell, which must be one of ``allowed`` (compared in lower case)."""
        value = self.text(column, required=required)
        if value is None:
            return None
        if value.lower() not in allowed:
            self.problem(column, f"{value!r} is not one of: {', '.join(sorted(allowed))}")
            return None
        return value.lower()

    def flag(self, column: str, *, default: bool | None = None) -> bool | None:
        """The cell as ``yes``/``no``."""
        value = self.raw(column).lower()
        if not value:
            return default
        if value in {"yes", "true", "1"}:
            return True
        if value in {"no", "false", "0"}:
            return False
        self.problem(column, f"{self.raw(column)!r} is not yes or no")
        return None

    def country(self, column: str, *, required: bool = False) -> str | None:
        """The cell as an ISO 3166-1 alpha-2 code, upper case."""
        value = self.text(column, required=required)
        if value is None:
            return None
        if value not in _COUNTRIES:
            self.problem(column, f"{value!r} is not an ISO 3166-1 alpha-2 country code")
            return None
        return value


@dataclass
class CsvFile:
    """A CSV file with a readable header; ``rows()`` streams its records from disk.

    ``header`` is ``None`` when the file could not be read at all (the problem is recorded).
    Rows are read lazily so a file of millions of certificates never sits in memory; call
    ``rows()`` again to read the file again.
    """

    name: str
    header: list[str] | None
    path: Path
    problems: list[Problem]

    def require(self, columns: Collection[str], problems: list[Problem]) -> bool:
        """Check the header has every column in ``columns``; record the missing ones."""
        if self.header is None:
            return False
        missing = [c for c in columns if c not in self.header]
        for column in missing:
            problems.append(Problem(self.name, 1, column, "missing column"))
        return not missing

    def rows(self) -> Iterator[Row]:
        """Every non-blank record after the header, with its physical line number."""
        if self.header is None:
            return
        header = self.header
        unnamed = [i for i, name in enumerate(header) if not name]
        with self.path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            next(reader, None)
            start = reader.line_num + 1
            try:
                for record in reader:
                    if any(cell.strip() for cell in record):
                        if len(record) > len(header):
                            message = f"{len(record)} cells but the header has {len(header)}"
                            self.problems.append(Problem(self.name, start, "-", message))
                        for i in unnamed:
                            if i < len(record) and record[i].strip():
                                message = "a value under a column with no name in the header"
                                self.problems.append(
                                    Problem(self.name, start, f"column {i + 1}", message)
                                )
                        yield Row(self.name, start, dict(zip(header, record, strict=False)),
                                  self.problems)  # fmt: skip
                    start = reader.line_num + 1
            except csv.Error as exc:
                self.problems.append(Problem(self.name, start, "-", f"not valid CSV: {exc}"))


def read_csv(path: Path, problems: list[Problem], *, name: str | None = None) -> CsvFile:
    """Open ``path`` as UTF-8 CSV with a header row; problems go to ``problems``.

    The whole file is checked to be UTF-8 first (streamed, so memory stays flat), then the
    header is read. Header names are stripped of spaces. Line numbers count physical lines,
    header = 1, so a message points where an editor shows the row. Columns with a blank
    header (the trailing ``,,`` spreadsheets write) are allowed while they stay empty; a value
    under one is reported by ``rows()``, never dropped silently.
    """
    label = name or path.name
    try:
        _check_utf8(path)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = next(csv.reader(handle), None)
    except _NotUtf8 as exc:
        problems.append(Problem(label, exc.line, "-", f"not UTF-8 text ({exc.reason})"))
        return CsvFile(label, None, path, problems)
    except OSError as exc:
        problems.append(Problem(label, 0, "-", f"cannot read the file: {exc.strerror}"))
        return CsvFile(label, None, path, problems)
    except csv.Error as exc:
        problems.append(Problem(label, 1, "-", f"not valid CSV: {exc}"))
        return CsvFile(label, None, path, problems)
    if not first or not any(h.strip() for h in first):
        problems.append(Problem(label, 1, "-", "the file is empty: a header row is required"))
        return CsvFile(label, None, path, problems)
    header = [h.strip() for h in first]
    for column in sorted({h for h in header if h and header.count(h) > 1}):
        problems.append(Problem(label, 1, column, "column appears more than once"))
    return CsvFile(label, header, path, problems)


class _NotUtf8(Exception):
    def __init__(self, line: int, reason: str) -> None:
        self.line, self.reason = line, reason


def _check_utf8(path: Path) -> None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                raise _NotUtf8(line + chunk[: exc.start].count(b"\n"), exc.reason) from None
            line += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise _NotUtf8(line, exc.reason) from None
