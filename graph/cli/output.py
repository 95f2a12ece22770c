"""What the command line prints, shared by the command modules: plain-text tables and query
results in the format asked for.

Examples
--------
>>> print(render_table(["id", "name"], [("ukas", "UKAS"), ("anab", None)]))
id    name
----  ----
ukas  UKAS
anab
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from graph.sparql import Boolean, Rows, Triples, python_value

__all__ = ["print_result", "render_table"]


def render_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """``rows`` under ``headers`` as aligned plain text (cells cut at 60 characters)."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, value in enumerate(row):
            widths[i] = min(max(widths[i], len(value)), 60)

    def fmt(values: Sequence[str]) -> str:
        return "  ".join(v[:60].ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    lines = [fmt(headers), fmt(["-" * w for w in widths])]
    lines.extend(fmt(row) for row in cells)
    return "\n".join(lines)


def print_result(result: Any, fmt: str) -> None:
    """Print a query result as ``fmt`` (table, csv, json, ttl, nt, jsonld); warn on standard
    error when it was cut at the row cap."""
    if isinstance(result, Boolean):
        print(result.to_json() if fmt == "json" else ("yes" if result.value else "no"))
    elif isinstance(result, Triples):
        print(result.serialize(fmt if fmt in ("ttl", "nt", "jsonld") else "ttl"), end="")
    elif isinstance(result, Rows):
        if fmt == "csv":
            print(result.to_csv(), end="")
        elif fmt == "json":
            print(result.to_json())
        else:
            rows = [[python_value(t) for t in row] for row in result.rows]
            print(render_table(result.variables, rows))
            print(f"({len(rows)} rows{', truncated at the row cap' if result.truncated else ''})")
    if getattr(result, "truncated", False):
        print(f"warning: truncated at {result.row_cap} rows; raise --limit", file=sys.stderr)
