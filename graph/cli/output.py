"""What the command line prints, shared by the command modules: plain-text tables and query
results in the format asked for.

Data reaches the terminal through here and through :func:`terminal_safe`, which strips
control characters (ANSI escape sequences that recolour, clear or retitle a terminal, bells,
carriage returns that overwrite a line) from what a command prints.

Examples
--------
>>> printable("UKAS\\x1b[2J\\x1b]0;pwned\\x07 Ltd\\r")
'UKAS Ltd'
>>> print(render_table(["id", "name"], [("ukas", "UKAS"), ("anab", None)]))
id    name
----  ----
ukas  UKAS
anab
"""

from __future__ import annotations

import codecs
import contextlib
import io
import re
import sys
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from graph.sparql import Boolean, Rows, Triples, python_value

__all__ = [
    "MACHINE_FORMATS",
    "TextSink",
    "print_result",
    "printable",
    "render_table",
    "terminal_safe",
]

#: Formats meant for programs; written to a file or a pipe, they are left byte for byte.
MACHINE_FORMATS = frozenset({"csv", "tsv", "json", "xml", "ttl", "nt", "jsonld", "rdfxml",
                             "graphml"})  # fmt: skip
#: ANSI escape sequences (CSI, OSC and two-character ones), then any other control character
#: but tab and line feed (C0, DEL, C1).
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]|"
                      r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # fmt: skip


def printable(text: str) -> str:
    """``text`` without ANSI escape sequences and control characters (tab and newline kept)."""
    return _ESCAPES.sub("", text)


class _Printable(io.TextIOBase):
    """A text stream that writes :func:`printable` text to ``target``."""

    def __init__(self, target: TextIO) -> None:
        self.target = target

    def write(self, text: str) -> int:
        self.target.write(printable(text))
        return len(text)

    def flush(self) -> None:
        self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()


@contextlib.contextmanager
def terminal_safe(fmt: str | None) -> Iterator[None]:
    """Strip control characters from what is printed to standard output and standard error
    while the block runs — except output in a machine format going to a file or a pipe."""
    keep = fmt in MACHINE_FORMATS and not sys.stdout.isatty()
    out = contextlib.nullcontext() if keep else contextlib.redirect_stdout(_Printable(sys.stdout))
    with out, contextlib.redirect_stderr(_Printable(sys.stderr)):
        yield


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


class TextSink(io.RawIOBase):
    """A binary stream that writes UTF-8 bytes to the text stream ``target`` as they come
    (standard output, with :func:`terminal_safe` in force), a character split across two
    writes included.

    >>> out = io.StringIO(); sink = TextSink(out)
    >>> sink.write("é".encode()[:1]), sink.write("é".encode()[1:] + b"!"), out.getvalue()
    (1, 2, 'é!')
    """

    def __init__(self, target: TextIO) -> None:
        self.target = target
        self._decoder = codecs.getincrementaldecoder("utf-8")()

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self.target.write(self._decoder.decode(bytes(data)))
        return len(data)


def print_result(result: Any) -> None:
    """Print a query result for people: rows as a table, ``yes``/``no`` for an ASK, Turtle
    for triples; say when the row cap cut it (the machine formats are
    :func:`graph.sparql.export`'s)."""
    if isinstance(result, Boolean):
        print("yes" if result.value else "no")
    elif isinstance(result, Triples):
        print(result.serialize("ttl"), end="")
    elif isinstance(result, Rows):
        rows = [[python_value(t) for t in row] for row in result.rows]
        print(render_table(result.variables, rows))
        print(f"({len(rows)} rows{', truncated at the row cap' if result.truncated else ''})")
    if getattr(result, "truncated", False):
        print(f"warning: truncated at {result.row_cap} rows; raise --limit, or write every row "
              "with --format csv, tsv, json or xml", file=sys.stderr)  # fmt: skip
