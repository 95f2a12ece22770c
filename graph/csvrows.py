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

import csv
import datetime as dt
import io
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import pycountry

from .errors import Problem

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
    """A CSV file read into rows; ``header`` is ``None`` when the file could not be read."""

    name: str
    header: list[str] | None
    rows: list[Row]

    def require(self, columns: Collection[str], problems: list[Problem]) -> bool:
        """Check the header has every column in ``columns``; record the missing ones."""
        if self.header is None:
            return False
        missing = [c for c in columns if c not in self.header]
        for column in missing:
            problems.append(Problem(self.name, 1, column, "missing column"))
        return not missing


def read_csv(path: Path, problems: list[Problem], *, name: str | None = None) -> CsvFile:
    """Read ``path`` as UTF-8 CSV with a header row; problems go to ``problems``.

    Header names are stripped of spaces. Line numbers count physical lines, header = 1, so a
    message points where an editor shows the row. A record with more cells than the header is a
    problem (its extra cells have no column to go to).
    """
    label = name or path.name
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(label, line, "-", f"not UTF-8 text ({exc.reason})"))
        return CsvFile(label, None, [])
    except OSError as exc:
        problems.append(Problem(label, 0, "-", f"cannot read the file: {exc.strerror}"))
        return CsvFile(label, None, [])
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    rows: list[Row] = []
    start = 1
    try:
        for record in reader:
            if header is None:
                header = [h.strip() for h in record]
                for column in sorted({h for h in header if header.count(h) > 1}):
                    problems.append(Problem(label, 1, column, "column appears more than once"))
            elif any(cell.strip() for cell in record):
                if len(record) > len(header):
                    problems.append(
                        Problem(
                            label,
                            start,
                            "-",
                            f"{len(record)} cells but the header has {len(header)}",
                        )
                    )
                cells = dict(zip(header, record, strict=False))
                rows.append(Row(label, start, cells, problems))
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(label, start, "-", f"not valid CSV: {exc}"))
        return CsvFile(label, None, [])
    if not header:
        problems.append(Problem(label, 1, "-", "the file is empty: a header row is required"))
        return CsvFile(label, None, [])
    return CsvFile(label, header, rows)
