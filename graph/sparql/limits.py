"""What a user's query text must satisfy before any parser or engine sees it.

Both parsers recurse: rdflib's (in Python) runs out of stack at a few dozen nested brackets,
and Oxigraph's (in Rust) kills the whole process with a segmentation fault at a few thousand
nested groups or parentheses, or a chain of a few thousand operators (measured with
pyoxigraph 0.5.13; docs/security.md). So a text is measured on a flat token stream first,
without recursion, and refused when it is too long, too deeply nested or has too many tokens.

:func:`canonical` also rewrites the text into the one form both parsers read alike (SPARQL's
``\\u`` escapes decoded, line ends as ``\\n``): the guard parses that text, and the engine is
given that same text.

Examples
--------
>>> canonical("SELECT * { ?s ?p '\\\\u00e9' } # note\\r SERVICE")
"SELECT * { ?s ?p 'é' } # note\\n SERVICE"
>>> measure("SELECT * { ?s ?p ?o FILTER((?o > 1)) }")
Shape(depth=3, tokens=15)
>>> check_shape("SELECT * " + "{" * 40 + "}" * 40, max_chars=1000, max_depth=16,
...             max_tokens=1000)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graph.errors.QueryLimitError: the query nests groups or parentheses 40 deep; at most 16 ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.errors import QueryLimitError, QuerySyntaxError

__all__ = ["Shape", "canonical", "check_shape", "measure", "unclosed"]

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LEFTOVER = re.compile(r"\\[uU]")
_LINE_END = re.compile(r"\r\n?")

#: The tokens of a query, for measuring only. Brackets inside strings, IRIs and comments
#: still count towards the depth (see :func:`measure`), so a token this scanner reads
#: differently from a parser can make the measure too high, never too low for long.
_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\n]+)
  | (?P<inert>\#[^\n]*
            |\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
            |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'
            |<[^<>"'{}|^`\\\x00-\x20]*>)
  | (?P<open>[({\[])
  | (?P<close>[)}\]])
  | (?P<word>(?:\\.|[^\s(){}\[\]\#"'<>\\,;.=!&|+*/^-])+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_BRACKETS = {"(": 1, "{": 1, "[": 1, ")": -1, "}": -1, "]": -1}


def canonical(text: str) -> str:
    r"""``text`` with ``\uXXXX`` / ``\UXXXXXXXX`` decoded and every line end written ``\n``.

    SPARQL allows those escapes anywhere; rdflib decodes them before parsing, Oxigraph only
    inside strings and IRIs, so the same text could read differently to the two. After this,
    the text has no escape left to decode, and a comment ends at the same place for both (a
    bare carriage return ends a comment for Oxigraph, not for rdflib). Raises
    :class:`~graph.errors.QuerySyntaxError` for an escape that names no character, or for an
    escape that spells another escape (``\u005Cu0053``), which no parser would read alike.

    >>> canonical(r"<http://e/\u0070>")
    '<http://e/p>'
    >>> canonical(r"'\u005Cu0053'")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.QuerySyntaxError: ... an escape that spells another escape
    """

    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            line = text.count("\n", 0, match.start()) + 1
            raise QuerySyntaxError(f"error at {line}: {match.group(0)} names no character")
        return chr(code)

    decoded = _ESCAPE.sub(char, text)
    leftover = _LEFTOVER.search(decoded)
    if leftover is not None:
        line = decoded.count("\n", 0, leftover.start()) + 1
        raise QuerySyntaxError(
            f"error at {line}: \\u or \\U must be followed by 4 or 8 hexadecimal digits, "
            "and cannot be an escape that spells another escape"
        )
    return _LINE_END.sub("\n", decoded)


@dataclass(frozen=True)
class Shape:
    """How deeply a text nests brackets (``{``, ``(``, ``[``) and how many tokens it has."""

    depth: int
    tokens: int


def measure(text: str) -> Shape:
    """The nesting depth and token count of ``text``, without recursion.

    A bracket in code counts; a string, IRI or comment counts the deepest its own brackets
    reach, and adds to the depth what it leaves open (its closing brackets never close
    anything outside it). So hiding brackets in a string cannot lower the measure.
    """
    depth = deepest = count = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "ws":
            continue
        count += 1
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "inert":
            inner = peak = 0
            for char in match.group():
                step = _BRACKETS.get(char)
                if step:
                    inner = max(0, inner + step)
                    peak = max(peak, inner)
            deepest = max(deepest, depth + peak)
            depth += inner
        deepest = max(deepest, depth)
    return Shape(deepest, count)


def unclosed(text: str) -> tuple[str, int] | None:
    """The innermost bracket ``text`` leaves open, as ``(bracket, offset)``, or ``None``
    (brackets inside strings, IRIs and comments do not count).

    >>> unclosed("SELECT * { ?s ?p ?o FILTER(?o > 1) ")
    ('{', 9)
    >>> unclosed("ASK { ?s ?p '{' }") is None
    True
    """
    stack: list[tuple[str, int]] = []
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "open":
            stack.append((match.group(), match.start()))
        elif match.lastgroup == "close" and stack:
            stack.pop()
    return stack[-1] if stack else None


def check_shape(text: str, *, max_chars: int, max_depth: int, max_tokens: int) -> Shape:
    """Raise :class:`~graph.errors.QueryLimitError` when ``text`` is longer than ``max_chars``,
    nests deeper than ``max_depth`` or has more than ``max_tokens`` tokens; else its shape."""
    if len(text) > max_chars:
        raise QueryLimitError(
            f"the query is {len(text):,} characters long; at most {max_chars:,} are accepted"
        )
    shape = measure(text)
    if shape.depth > max_depth:
        raise QueryLimitError(
            f"the query nests groups or parentheses {shape.depth} deep; at most {max_depth} "
            "levels are accepted"
        )
    if shape.tokens > max_tokens:
        raise QueryLimitError(
            f"the query has {shape.tokens:,} words and symbols; at most {max_tokens:,} are "
            "accepted (split it, or use fewer VALUES)"
        )
    return shape
