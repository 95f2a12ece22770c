"""SPARQL as text: a small tokenizer for the checks and rewrites done before a query runs.

The read-only and no-federation guards (:mod:`graph.query`) look at the *keywords* of a query
— bare words outside strings, IRIs and comments — and :func:`bind_values` binds parameters for
engines that cannot take pre-bound variables (remote SPARQL endpoints) by writing a ``VALUES``
block where pyoxigraph's ``substitutions`` would bind them. Neither needs a full parser: the
tokens are enough, and a SPARQL engine still parses the result.

Examples
--------
>>> sorted(keywords('SELECT ?load WHERE { ?s ex:insert "DELETE" } # CLEAR'))
['SELECT', 'WHERE']
>>> import pyoxigraph as ox
>>> print(bind_values("SELECT ?x ?y WHERE { ?x ?p ?y }", {"x": ox.NamedNode("http://e/a")}))
SELECT ?x ?y WHERE { VALUES (?x) { (<http://e/a>) } ?x ?p ?y }
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["bind_values", "decode_escapes", "keywords", "tokens"]

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n]|\\.)*"
              |'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][^\s{}()\[\],;.#"'<>=!&|+*/^@-]+)
  | (?P<punct>[{}()])
  | (?P<word>[^\s{}()\#"'<?$]+|.)
    """,
    re.VERBOSE | re.DOTALL,
)
_BEFORE_GROUP = {"WHERE", "FROM", "NAMED", "DISTINCT", "REDUCED", "*"}
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def decode_escapes(text: str) -> str:
    r"""Replace ``\uXXXX`` and ``\UXXXXXXXX`` escapes, which SPARQL allows anywhere in a query.

    >>> decode_escapes(r"\u0053ERVICE")
    'SERVICE'
    """

    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _ESCAPE.sub(char, text)


def tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """``(kind, text, offset)`` for each token: comment, string, iri, var, punct or word."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "word"
        if kind != "ws":
            yield kind, match.group(), match.start()


def keywords(text: str) -> set[str]:
    """The bare words of ``text`` in upper case, outside strings, IRIs and comments.

    Prefixed names (``ex:load``), variables (``?insert``), language tags and blank node labels
    are not keywords. Escapes are decoded first, as a SPARQL parser would.
    """
    found = set()
    for kind, value, _ in tokens(decode_escapes(text)):
        if kind != "word":
            continue
        for part in re.split(r"[;,.\[\]=!&|+*/^]+", value):
            if part and ":" not in part and not part.startswith(("@", "_")):
                found.add(part.upper())
    return found


def _term(value: Any) -> str:
    import pyoxigraph as ox

    if isinstance(value, ox.BlankNode):
        raise ValueError("a blank node cannot be bound as a parameter of a remote query")
    if not isinstance(value, (ox.NamedNode, ox.Literal)):
        raise ValueError(f"cannot bind {value!r}: give a pyoxigraph NamedNode or Literal")
    return str(value)


def _values(names: list[str], substitutions: Mapping[str, Any]) -> str:
    variables = " ".join(f"?{n}" for n in names)
    terms = " ".join(_term(substitutions[n]) for n in names)
    return f"VALUES ({variables}) {{ ({terms}) }}"


def bind_values(text: str, substitutions: Mapping[str, Any]) -> str:
    """Bind ``substitutions`` (variable name -> pyoxigraph term) in ``text`` with ``VALUES``.

    This does what pyoxigraph's ``substitutions`` does, for any SPARQL 1.1 engine: every
    ``SELECT`` (the query's own and each sub-select) that projects a bound variable gets a
    ``VALUES`` block at the start of its ``WHERE`` group, and an ``ASK``, ``CONSTRUCT`` or
    ``DESCRIBE`` query gets one at the start of its ``WHERE`` group for every variable.

    A ``VALUES`` block first in a group binds the variable before the rest of the group is
    evaluated, so ``FILTER``\\ s, ``BIND``\\ s and ``OPTIONAL``\\ s of that group see it —
    unlike a trailing ``VALUES`` clause, which joins after the whole pattern was evaluated with
    the variable unbound (a query that uses a parameter only in a ``FILTER`` would then return
    nothing). Terms are written in N-Triples form; blank nodes cannot be bound.
    """
    if not substitutions:
        return text
    toks = list(tokens(text))
    inserts: list[tuple[int, list[str]]] = []
    wanted = [n for n in substitutions]
    form_seen = False
    i = 0
    while i < len(toks):
        kind, value, _ = toks[i]
        upper = value.upper() if kind == "word" else ""
        if upper == "SELECT":
            projected, i = _projection(toks, i + 1)
            names = wanted if "*" in projected else [n for n in wanted if n in projected]
            brace = _next_brace(toks, i)
            if brace is not None and names:
                inserts.append((toks[brace][2] + 1, names))
            form_seen = True
        elif upper in ("ASK", "CONSTRUCT", "DESCRIBE") and not form_seen:
            form_seen = True
            j = i + 1
            if upper == "CONSTRUCT" and j < len(toks) and toks[j][1] == "{":
                j = _skip_group(toks, j)
            brace = _next_brace(toks, j)
            if brace is not None:
                inserts.append((toks[brace][2] + 1, wanted))
            else:
                inserts.append((len(text), wanted))  # DESCRIBE <x> with no WHERE: trailing
        i += 1
    out = text
    for offset, names in sorted(inserts, reverse=True):
        clause = _values(names, substitutions)
        if offset == len(text):
            out = f"{out}\n{clause}\n"
        else:
            out = f"{out[:offset]} {clause} {out[offset:].lstrip(' ')}"
    return out


def _projection(toks: list[tuple[str, str, int]], i: int) -> tuple[set[str], int]:
    """The variables a SELECT clause projects, and the index of the token after it."""
    projected: set[str] = set()
    depth = 0
    after_as = False
    while i < len(toks):
        kind, value, _ = toks[i]
        if depth == 0 and (value == "{" or (kind == "word" and value.upper() in ("WHERE", "FROM"))):
            break
        if value == "(":
            depth += 1
        elif value == ")":
            depth -= 1
        elif kind == "var" and (depth == 0 or after_as):
            projected.add(value[1:])
        elif kind == "word" and value == "*" and depth == 0:
            projected.add("*")
        after_as = kind == "word" and value.upper() == "AS"
        i += 1
    return projected, i


def _next_brace(toks: list[tuple[str, str, int]], i: int) -> int | None:
    """The index of the next ``{`` from ``i`` on (the WHERE group), skipping FROM clauses."""
    while i < len(toks):
        kind, value, _ = toks[i]
        if value == "{":
            return i
        if kind == "word" and value.upper() not in _BEFORE_GROUP:
            return None
        i += 1
    return None


def _skip_group(toks: list[tuple[str, str, int]], i: int) -> int:
    """The index after the ``{ … }`` group starting at ``i``."""
    depth = 0
    while i < len(toks):
        if toks[i][1] == "{":
            depth += 1
        elif toks[i][1] == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i
