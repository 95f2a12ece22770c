"""Cells a spreadsheet will not run: the one neutraliser for every CSV or TSV written from data.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel, LibreOffice and Google Sheets (CSV injection, OWASP); data typed by users
(a register, a supplier list, a label) reaches our exports. Such a cell gets a leading ``'``,
which spreadsheets show as text. A plain number (``-5``, ``+1.5e3``) cannot be a formula and
is left as it is. A carriage return inside a cell is written as a line feed: Python's CSV
writer quotes a cell with a line feed but not one with a bare carriage return, which a
spreadsheet reads as the start of a new row — whose first cell could be a formula.

Examples
--------
>>> neutralise("=HYPERLINK(\\"http://evil\\", \\"click\\")")
'\\'=HYPERLINK("http://evil", "click")'
>>> neutralise("-5"), neutralise("Northwind Ltd"), neutralise("@SUM(A1)")
('-5', 'Northwind Ltd', "'@SUM(A1)")
>>> neutralise_row(["ok", "\\t=1+1", None, 3, "a\\r=cmd"])
['ok', "'\\t=1+1", '', '3', 'a\\n=cmd']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["FORMULA_STARTS", "neutralise", "neutralise_row"]

#: What a formula may start with (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(value: str) -> str:
    """``value`` with a ``'`` in front when a spreadsheet would read it as a formula."""
    if value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def neutralise_row(values: Iterable[object]) -> list[str]:
    """A row of cells as text (``None`` as empty), each :func:`neutralise`\\ d."""
    return [neutralise("" if v is None else str(v)) for v in values]
