"""SPARQL as text: a small tokenizer for the rewrites done before a query runs.

It is *not* what decides whether a query may run: the guard (:mod:`graph.sparql.guard`)
parses the query with a real SPARQL parser. :func:`bind_parameters` binds parameters
for engines that cannot take pre-bound variables (remote SPARQL endpoints): a ``VALUES``
block where pyoxigraph's ``substitutions`` would bind the variable, and the term itself in
triple patterns. Neither needs a full parser: the
tokens are enough, and a SPARQL engine still parses the result.

Examples
--------
>>> import pyoxigraph as ox
>>> print(bind_parameters("SELECT ?x ?y WHERE { ?x ?p ?y FILTER(?x != ?y) }",
...                       {"x": ox.NamedNode("http://e/a")}))
SELECT ?x ?y WHERE { VALUES (?x) { (<http://e/a>) } <http://e/a> ?p ?y FILTER(?x != ?y) }
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["bind_parameters", "tokens"]

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
_BOUND = re.compile(r"(?:^|[^\w:.-])BOUND$", re.IGNORECASE)
_BEFORE_GROUP = {"WHERE", "FROM", "NAMED", "DISTINCT", "REDUCED", "*"}


def tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """``(kind, text, offset)`` for each token: comment, string, iri, var, punct or word."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "word"
        if kind != "ws":
            yield kind, match.group(), match.start()


def _term(value: Any) -> str:
    import pyoxigraph as ox

    if isinstance(value, ox.BlankNode):
        raise ValueError("a blank node cannot be bound as a parameter of a remote query")
    if not isinstance(value, (ox.NamedNode, ox.Literal)):
        raise ValueError(f"cannot bind {value!r}: give a pyoxigraph NamedNode or Literal")
    return str(value)


@dataclass
class _Scope:
    """A SELECT as token index ranges: projection, WHERE group, end of its modifiers."""

    start: int  # the SELECT keyword
    projection_end: int  # the first token after the projection
    group: int  # the "{" opening the WHERE group
    group_end: int  # the "}" closing it
    end: int  # the first token after the sub-select (or the end of the text)
    projected: set[str]


def bind_parameters(
    text: str, substitutions: Mapping[str, Any], *, expressions: bool = False
) -> str:
    """Bind ``substitutions`` (variable name -> pyoxigraph term) in ``text``, for any engine.

    This does what pyoxigraph's ``substitutions`` does, in SPARQL 1.1 text, in two steps:

    1. A ``VALUES`` block at the start of the ``WHERE`` group binds the variable before the
       rest of the group is evaluated, so its ``FILTER``\\ s, ``BIND``\\ s and ``OPTIONAL``\\ s
       see it — in the query's own group (a ``SELECT`` must project the variable, as
       pyoxigraph requires) and in each sub-select that projects it. (A trailing ``VALUES``
       clause would be wrong: it joins after the pattern was evaluated with the variable
       unbound, so a parameter used only in a ``FILTER`` would match nothing.)
    2. In triple patterns of those scopes the variable is also written as its term, so the
       engine plans the pattern around a constant as the embedded store plans around a
       pre-bound variable. (``VALUES`` alone made Oxigraph 10 to 30 times slower on two named
       queries; constants in expressions too hit an Oxigraph constant-folding bug in date
       arithmetic — docs/scale.md.)

    With ``expressions``, the term is also written in the expressions of those scopes
    (``FILTER``, ``BIND``, function arguments; never as the argument of ``BOUND`` or the
    target of ``AS``): Oxigraph 0.5 filters a scan against a constant as it reads it, but
    joins a ``VALUES`` row first and filters after (the first step of
    ``red-flag-lapsed-accreditation-valid-certificates`` over its lapse windows, in-process at
    1 M: 13 ms against 115 ms). A
    query asks for it (``# binding: constant``) only when it does no arithmetic on the
    parameter, which Oxigraph 0.5.13 folds wrongly on a constant (above).

    A sub-select that does not project the variable keeps it: there it is another variable.
    As with pyoxigraph, a ``SELECT`` must project every bound variable (``ValueError`` if
    not). Terms are written in N-Triples form; blank nodes cannot be bound.

    >>> import pyoxigraph as ox
    >>> print(bind_parameters("SELECT ?d WHERE { ?s ?p ?o FILTER(?o < ?d && BOUND(?d)) }",
    ...                       {"d": ox.Literal("1")}, expressions=True))
    SELECT ?d WHERE { VALUES (?d) { ("1") } ?s ?p ?o FILTER(?o < "1" && BOUND(?d)) }
    """
    if not substitutions:
        return text
    terms = {name: _term(value) for name, value in substitutions.items()}
    out: list[str] = []
    for literal, names, at_end in _plan(text, tuple(terms), expressions):
        out.append(literal)
        if names is None:
            continue
        if isinstance(names, str):
            out.append(terms[names])
            continue
        variables = " ".join(f"?{n}" for n in names)
        values = " ".join(terms[n] for n in names)
        clause = f"VALUES ({variables}) {{ ({values}) }}"
        out.append(f"\n{clause}\n" if at_end else f" {clause}")
    return "".join(out)


#: One piece of a bound query: text as written, then what goes after it — a bound variable's
#: term (its name), a ``VALUES`` block (the names it binds; at the end of the text or not), or
#: nothing.
Piece = tuple[str, str | tuple[str, ...] | None, bool]


@lru_cache(maxsize=512)
def _plan(text: str, names: tuple[str, ...], expressions: bool = False) -> tuple[Piece, ...]:
    """Where :func:`bind_parameters` writes what, for ``text`` and the variables ``names``
    (in expressions too, with ``expressions``): worked out once per query text (the verifier
    binds the same text thousands of times)."""
    toks = list(tokens(text))
    closing = _closing_braces(toks)
    scopes = _scopes(toks, closing)
    top = _top_form(toks)
    if top == "SELECT" and scopes and not _binds(scopes[0], list(names)):
        missing = ", ".join(f"?{n}" for n in names if n not in scopes[0].projected)
        raise ValueError(f"the query does not project {missing}: only projected variables can "
                         "be bound")  # fmt: skip
    inserts: dict[int, tuple[str, ...]] = {}
    for scope in scopes:
        bound = tuple(n for n in names if n in scope.projected or "*" in scope.projected)
        if bound and all(_binds(outer, list(bound)) for outer in scopes
                         if outer.start < scope.start and scope.start < outer.end):  # fmt: skip
            inserts[toks[scope.group][2] + 1] = bound
    if top in ("ASK", "CONSTRUCT", "DESCRIBE"):
        group = _top_group(toks, top)
        inserts[len(text) if group is None else toks[group][2] + 1] = names
    for start, end in _minus_groups(toks, closing):
        # The right side of MINUS is evaluated on its own: an outer VALUES does not reach it,
        # so a bound variable it mentions is bound again inside it.
        used = {value[1:] for kind, value, _ in toks[start:end] if kind == "var"}
        bound = tuple(n for n in names if n in used)
        if bound:
            inserts[toks[start][2] + 1] = bound
    pattern = _pattern_positions(toks)
    replace: dict[int, tuple[int, str]] = {}
    for k, (kind, value, offset) in enumerate(toks):
        if kind != "var" or value[1:] not in names or _is_target(toks, k):
            continue
        if not pattern[k] and not (expressions and not _in_bound(toks, k)):
            continue
        chain = [scope for scope in scopes if scope.start <= k < scope.end]
        if (top == "SELECT" and not chain) or not all(_binds(s, [value[1:]]) for s in chain):
            continue  # not the bound variable here
        inner = chain[-1] if chain else None
        if inner is not None and not inner.group < k < inner.group_end:
            continue  # a projection or a solution modifier
        replace[offset] = (len(value), value[1:])
    pieces: list[Piece] = []
    last = 0
    edits = sorted([(o, 0, "") for o in inserts] + [(o, n, v) for o, (n, v) in replace.items()])
    for offset, length, name in edits:
        if length:
            pieces.append((text[last:offset], name, False))
        else:
            pieces.append((text[last:offset], inserts[offset], offset == len(text)))
        last = offset + length
    pieces.append((text[last:], None, False))
    return tuple(pieces)


def _closing_braces(toks: list[tuple[str, str, int]]) -> dict[int, int]:
    """The index of each ``{`` token mapped to the index of the ``}`` that closes it."""
    stack: list[int] = []
    closing: dict[int, int] = {}
    for i, (_, value, _) in enumerate(toks):
        if value == "{":
            stack.append(i)
        elif value == "}" and stack:
            closing[stack.pop()] = i
    return closing


def _minus_groups(
    toks: list[tuple[str, str, int]], closing: dict[int, int]
) -> list[tuple[int, int]]:
    """``(index of "{", index of its "}")`` of the group after each ``MINUS``."""
    return [
        (i + 1, closing[i + 1])
        for i, (kind, value, _) in enumerate(toks[:-1])
        if kind == "word" and value.upper() == "MINUS" and (i + 1) in closing
    ]


def _binds(scope: _Scope, names: list[str]) -> bool:
    return "*" in scope.projected or all(n in scope.projected for n in names)


def _top_form(toks: list[tuple[str, str, int]]) -> str:
    for kind, value, _ in toks:
        if kind == "word" and value.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return value.upper()
    return ""


def _top_group(toks: list[tuple[str, str, int]], form: str) -> int | None:
    """The ``{`` of the WHERE group of an ASK, CONSTRUCT or DESCRIBE query."""
    i = next(i for i, t in enumerate(toks) if t[0] == "word" and t[1].upper() == form) + 1
    if form == "CONSTRUCT" and i < len(toks) and toks[i][1] == "{":
        depth = 0
        while i < len(toks):  # skip the template
            depth += {"{": 1, "}": -1}.get(toks[i][1], 0)
            i += 1
            if depth == 0:
                break
    return _next_brace(toks, i)


def _scopes(toks: list[tuple[str, str, int]], match: dict[int, int]) -> list[_Scope]:
    """Every SELECT of the query (its own first, then sub-selects, in text order); ``match``
    is :func:`_closing_braces` of ``toks``."""
    scopes = []
    for i, (kind, value, _) in enumerate(toks):
        if kind != "word" or value.upper() != "SELECT":
            continue
        projected, projection_end = _projection(toks, i + 1)
        group = _next_brace(toks, projection_end)
        if group is None or group not in match:
            continue
        end = len(toks)
        if i > 0 and toks[i - 1][1] == "{" and (i - 1) in match:
            end = match[i - 1]  # a sub-select ends where the group around it closes
        scopes.append(_Scope(i, projection_end, group, match[group], end, projected))
    return scopes


def _pattern_positions(toks: list[tuple[str, str, int]]) -> list[bool]:
    """For each token: is it inside braces and outside parentheses (a triple pattern term)?"""
    depths: list[int] = []
    found = []
    for _, value, _ in toks:
        if value == "{":
            depths.append(0)
        elif value == "}" and depths:
            depths.pop()
        elif value == "(" and depths:
            depths[-1] += 1
        elif value == ")" and depths:
            depths[-1] -= 1
        found.append(bool(depths) and depths[-1] == 0)
    return found


def _in_bound(toks: list[tuple[str, str, int]], k: int) -> bool:
    """True when variable ``k`` is the argument of ``BOUND``, which takes a variable only."""
    # a word token runs on over operators: "!BOUND", "&&BOUND"
    return k > 1 and toks[k - 1][1] == "(" and _BOUND.search(toks[k - 2][1]) is not None


def _is_target(toks: list[tuple[str, str, int]], k: int) -> bool:
    """True when variable ``k`` is assigned (``AS ?v``) or listed by an inline ``VALUES``."""
    if k > 0 and toks[k - 1][0] == "word" and toks[k - 1][1].upper() == "AS":
        return True
    j = k - 1
    while j >= 0 and (toks[j][0] == "var" or toks[j][1] == "("):
        j -= 1
    return j >= 0 and toks[j][0] == "word" and toks[j][1].upper() == "VALUES"


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
