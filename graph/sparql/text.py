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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["bind_parameters", "nested", "seed_values", "tokens"]

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
    ``red-flag-lapsed-accreditation-valid-certificates``: 0.06 s against 0.10 s at 1 M). A
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


def seed_values(text: str, variables: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """``text`` with a ``VALUES`` block of ``rows`` at the start of its top-level ``WHERE``
    group: a small set worked out first (the editions void on a date, the days of a window),
    handed to the engine so it plans the rest of the query around it. ``None`` in a row is
    ``UNDEF``; terms are written by the same term writer as :func:`bind_parameters`, never
    pasted, so a value cannot change the query around it.

    The right side of a ``MINUS`` is evaluated on its own, all of it, whatever the left side
    holds. So a ``MINUS`` of the ``WHERE`` group itself also gets a ``VALUES`` block: the
    distinct values of each seeded variable it shares with the left side (one it binds where
    it is, not only inside a sub-select that does not project it) and that every row binds.
    It can take out only left rows with one of those values, so the answer is the same; the
    engine reads only what could (the pairs in force of
    ``red-flag-lapsed-accreditation-valid-certificates``: 0.065 s against 0.10 s at 1 M).

    >>> import pyoxigraph as ox
    >>> print(seed_values("SELECT ?e ?n WHERE { ?c <urn:std> ?e }", ["e"],
    ...                   [(ox.NamedNode("urn:a"),), (ox.NamedNode("urn:b"),)]))
    SELECT ?e ?n WHERE { VALUES (?e) { (<urn:a>) (<urn:b>) } ?c <urn:std> ?e }
    >>> text = seed_values("SELECT * WHERE { ?c <urn:p> ?e MINUS { ?c <urn:q> ?d } }",
    ...                    ["c", "e"], [(ox.NamedNode("urn:a"), None)] * 2)
    >>> print(text.replace(" MINUS", "\\nMINUS"))
    SELECT * WHERE { VALUES (?c ?e) { (<urn:a> UNDEF) (<urn:a> UNDEF) } ?c <urn:p> ?e
    MINUS { VALUES (?c) { (<urn:a>) } ?c <urn:q> ?d } }
    """
    rows = [tuple(row) for row in rows]
    toks = [t for t in tokens(text) if t[0] != "comment"]
    at = _where_start(text)
    if at is None:
        raise ValueError("no WHERE group to seed")
    names = " ".join(f"?{v}" for v in variables)
    data = " ".join(
        "(" + " ".join("UNDEF" if t is None else _term(t) for t in row) + ")" for row in rows
    )
    inserts = {at: f" VALUES ({names}) {{ {data} }}"}
    bound = [n for n, v in enumerate(variables) if all(row[n] is not None for row in rows)]
    closing, pattern = _closing_braces(toks), _pattern_positions(toks)
    for start, end in _own_minus_groups(toks, closing, at):
        shared = [n for n in bound if _visible(toks, closing, pattern, start, end, variables[n])]
        if shared and rows:
            distinct = dict.fromkeys(tuple(_term(row[n]) for n in shared) for row in rows)
            block = " ".join("(" + " ".join(values) + ")" for values in distinct)
            inserts[toks[start][2] + 1] = (
                f" VALUES ({' '.join(f'?{variables[n]}' for n in shared)}) {{ {block} }}"
            )
    out, last = [], 0
    for offset in sorted(inserts):
        out += [text[last:offset], inserts[offset]]
        last = offset
    return "".join([*out, text[last:]])


def _own_minus_groups(toks: list[tuple[str, str, int]], closing: dict[int, int],
                      at: int) -> list[tuple[int, int]]:  # fmt: skip
    """``(index of "{", index of its "}")`` of each ``MINUS`` directly in the group that opens
    just before the offset ``at`` (not in a group nested in it); ``closing``: as
    :func:`_closing_braces` gives it."""
    group = next((i for i, t in enumerate(toks) if t[1] == "{" and t[2] + 1 == at), None)
    if group is None or group not in closing:
        return []
    out, k = [], group + 1
    while k < closing[group]:
        kind, value = toks[k][0], toks[k][1]
        if kind == "word" and value.upper() == "MINUS" and toks[k + 1][1] == "{":
            out.append((k + 1, closing[k + 1]))
        k = closing[k] + 1 if value == "{" and k in closing else k + 1
    return out


def _visible(toks: list[tuple[str, str, int]], closing: dict[int, int], pattern: list[bool],
             start: int, end: int, name: str) -> bool:  # fmt: skip
    """Does every solution of the group from ``start`` to ``end`` (token indexes of its
    braces) bind ``?name``? Yes when a triple pattern of its own has it, or a group in it that
    always does (a plain one, not a branch of ``UNION``; a sub-select that projects it). Not
    an ``OPTIONAL``, ``MINUS``, ``EXISTS`` or ``VALUES`` (which may leave it ``UNDEF``), nor
    an expression or ``BIND`` (which may fail): when unsure, no. ``closing`` and ``pattern``:
    :func:`_closing_braces` and :func:`_pattern_positions` of ``toks``."""
    k = start + 1
    while k < end:
        kind, value, _ = toks[k]
        if value == "{" and k in closing:
            after = closing[k]
            before = toks[k - 1][1].upper() if k > 0 else ""
            joined = toks[after + 1][1].upper() if after + 1 < len(toks) else ""
            plain = before not in ("OPTIONAL", "MINUS", "UNION", "EXISTS", "GRAPH", "SERVICE")
            if plain and joined != "UNION" and _group_binds(toks, closing, pattern, k, after,
                                                            name):  # fmt: skip
                return True
            k = after + 1
            continue
        if kind == "var" and value[1:] == name and pattern[k] and not _is_target(toks, k):
            return True
        k += 1
    return False


def _group_binds(toks: list[tuple[str, str, int]], closing: dict[int, int], pattern: list[bool],
                 start: int, end: int, name: str) -> bool:  # fmt: skip
    """:func:`_visible` of a plain group in a group, or of the sub-select it holds."""
    if toks[start + 1][1].upper() != "SELECT":
        return _visible(toks, closing, pattern, start, end, name)
    projected, projection_end = _projection(toks, start + 2)
    group = _next_brace(toks, projection_end)
    if group is None or group not in closing or not ({name, "*"} & projected):
        return False
    return _visible(toks, closing, pattern, group, closing[group], name)


def _where_start(text: str) -> int | None:
    """The offset just after the ``{`` that opens the query's own ``WHERE`` group (None: it
    has none): where :func:`seed_values` and :func:`nested` write."""
    toks = list(tokens(text))
    form = _top_form(toks)
    if form == "SELECT":
        scopes = _scopes(toks, _closing_braces(toks))
        group = scopes[0].group if scopes else None
    else:
        group = _top_group(toks, form) if form else None
    return None if group is None else toks[group][2] + 1


def nested(outer: str, inner: str, *, limit: int) -> str:
    """``outer`` with ``inner`` (a SELECT, its parameters bound in the text) as a sub-select cut
    at ``limit`` rows, at the start of ``outer``'s WHERE group: a count of the rows of an
    answer (``internal-count-rows.rq``), which the engine works out without writing out their
    values. ``inner`` must start with its SELECT (our prefixes are given to the engine apart)
    and have no ``LIMIT``, ``OFFSET`` or trailing ``VALUES`` of its own.

    >>> print(nested("SELECT (COUNT(*) AS ?n) WHERE { }", "SELECT ?o WHERE { ?s ?p ?o }", limit=9))
    SELECT (COUNT(*) AS ?n) WHERE {
    { SELECT ?o WHERE { ?s ?p ?o }
    LIMIT 9 } }
    >>> nested("SELECT (COUNT(*) AS ?n) WHERE { }", "SELECT ?o WHERE { ?s ?p ?o } LIMIT 5", limit=9)
    Traceback (most recent call last):
    ...
    ValueError: only a SELECT without LIMIT, OFFSET or a trailing VALUES can be nested
    """
    toks = [t for t in tokens(inner) if t[0] != "comment"]
    scopes = _scopes(toks, _closing_braces(toks)) if _top_form(toks) == "SELECT" else []
    words = {value.upper() for kind, value, _ in toks if kind == "word"}
    if (
        not scopes
        or toks[0][1].upper() != "SELECT"
        or words & {"LIMIT", "OFFSET"}
        or any(v.upper() == "VALUES" for _, v, _ in toks[scopes[0].group_end :])
    ):
        raise ValueError("only a SELECT without LIMIT, OFFSET or a trailing VALUES can be nested")
    at = _where_start(outer)
    if at is None:
        raise ValueError("no WHERE group to nest in")
    return f"{outer[:at]}\n{{ {inner.strip()}\nLIMIT {int(limit)} }}{outer[at:]}"


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
