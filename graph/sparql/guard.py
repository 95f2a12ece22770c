"""What a user's query must pass before it runs: a read-only, local SPARQL 1.1 query.

The guard *parses* the query with a real SPARQL 1.1 parser (rdflib's grammar) and fails closed:

1. the text is put in the one form both rdflib and Oxigraph read alike, and measured without
   recursion: too long, too deeply nested or too many tokens is refused before any parser
   runs (:mod:`graph.sparql.limits`);
2. it is parsed as a query; a text that is not a query but parses as an update is refused as
   an update, anything else as a syntax error — what cannot be parsed never runs;
3. the parse tree is walked for ``SERVICE`` anywhere (sub-queries, ``OPTIONAL``, ``UNION``,
   ``GRAPH``, ``MINUS``, ``EXISTS`` in filters…): federation is off.

:func:`check` returns the text the engine must be given (the canonical one, exactly what was
parsed) and the query form. Parses are cached by text, and run in one long-lived thread,
so their stack depth does not depend on the caller's.

Examples
--------
>>> check("SELECT ?insert WHERE { ?s ex:load 'DROP' } # CLEAR").form
'SELECT'
>>> check("SELECT * { OPTIONAL { service <http://e/> { ?s ?p ?o } } }")
Traceback (most recent call last):
...
graph.errors.FederationError: SERVICE (federated query) is turned off: ...
>>> check("PREFIX ex: <http://e/> clear all")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graph.errors.ReadOnlyError: updates are refused: accredigraph queries are read-only ...
>>> query_form("PREFIX x: <http://x/> # SELECT in a comment\\nASK { ?s ?p ?o }")
'ASK'
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from graph.errors import (
    FederationError,
    QueryError,
    QueryLimitError,
    QuerySyntaxError,
    ReadOnlyError,
)
from graph.settings import Settings
from graph.sparql.limits import canonical, check_shape, unclosed

__all__ = ["Checked", "check", "check_update", "default_settings", "query_form"]

log = logging.getLogger(__name__)

_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
          "DescribeQuery": "DESCRIBE"}  # fmt: skip
_UPDATE = ("updates are refused: accredigraph queries are read-only (SELECT, ASK, CONSTRUCT "
           "and DESCRIBE run; this is a SPARQL update)")  # fmt: skip
_SERVICE = ("SERVICE (federated query) is turned off: accredigraph queries only read the local "
            "graph")  # fmt: skip
#: The rules of rdflib's grammar that are SPARQL 1.1 Update operations.
_OPERATIONS = {"Load", "Clear", "Drop", "Create", "Add", "Move", "Copy", "InsertData",
               "DeleteData", "DeleteWhere", "Modify"}  # fmt: skip
#: Every parse runs in this one thread: a fresh, shallow stack, and one parse at a time.
_PARSER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="accredigraph-guard")


@dataclass(frozen=True)
class Checked:
    """A query that passed the guard: ``text`` is what the engine must run, ``form`` is
    ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``."""

    text: str
    form: str


@functools.cache
def default_settings() -> Settings:
    """The limits of :class:`~graph.settings.Settings` as they are by default (made once)."""
    return Settings()


def check(text: str, settings: Settings | None = None) -> Checked:
    """Check a user's ``text``; raise a :class:`~graph.errors.QueryError` saying why it may
    not run (:class:`~graph.errors.QueryLimitError`, :class:`~graph.errors.QuerySyntaxError`,
    :class:`~graph.errors.ReadOnlyError`, :class:`~graph.errors.FederationError`)."""
    limits = settings or default_settings()
    check_shape(text, max_chars=limits.max_query_chars, max_depth=limits.max_query_depth,
                max_tokens=limits.max_query_tokens)  # fmt: skip
    clean = canonical(text)
    kind, detail = _verdict(clean)
    if kind == "query":
        return Checked(clean, detail)
    raise {"update": ReadOnlyError, "service": FederationError, "deep": QueryLimitError,
           "syntax": QuerySyntaxError}[kind](detail)  # fmt: skip


def query_form(text: str) -> str:
    """The form (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``) of a query text that
    passes :func:`check`, else ``""``."""
    try:
        return check(text).form
    except QueryError:
        return ""


def check_update(text: str) -> str:
    """The canonical text of a SPARQL update the code means to run, parsed like a query is:
    ``LOAD`` and ``SERVICE`` fetch from the network and are refused, and so is what does not
    parse as an update.

    >>> check_update("INSERT DATA { <http://e/a> <http://e/p> 1 }")
    'INSERT DATA { <http://e/a> <http://e/p> 1 }'
    >>> check_update("LOAD <http://127.0.0.1:9/data.ttl>")
    Traceback (most recent call last):
    ...
    graph.errors.ReadOnlyError: SERVICE and LOAD are refused: accredigraph makes no network requests
    """
    clean = canonical(text)
    kind, detail = _PARSER.submit(_analyse_update, clean).result()
    if kind == "syntax":
        raise QuerySyntaxError(detail)
    if kind == "network":
        raise ReadOnlyError("SERVICE and LOAD are refused: accredigraph makes no network requests")
    return clean


def _analyse_update(clean: str) -> tuple[str, str]:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql import parser

    try:
        tree = parser.UpdateUnit.parse_string(clean, parse_all=True)
    except ParseBaseException as exc:
        return "syntax", _syntax_message(clean, exc, engine=False)  # not measured: no Oxigraph
    if {"Load", "ServiceGraphPattern"} & set(_names(tree)):
        return "network", ""
    return "update", ""


@functools.lru_cache(maxsize=512)
def _verdict(clean: str) -> tuple[str, str]:
    """``(kind, detail)`` for a canonical text: ``("query", form)`` or a refusal's kind and
    message. Cached: the app reruns the same text, the endpoint sees the same queries."""
    try:
        return _PARSER.submit(_analyse, clean).result()
    except RecursionError:
        return "deep", "the query nests too deeply to be checked; simplify it"
    except Exception:  # fail closed: whatever the parser could not handle does not run
        log.exception("the SPARQL guard could not parse a query")
        return "syntax", "error at 1:1: this text could not be read as a SPARQL 1.1 query"


def _analyse(clean: str) -> tuple[str, str]:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql import parser

    if not clean.strip():
        return "syntax", "error at 1:1: the query is empty"
    try:
        tree = parser.Query.parse_string(clean, parse_all=True)
    except ParseBaseException as exc:
        try:
            update = parser.UpdateUnit.parse_string(clean, parse_all=True)
        except ParseBaseException:
            return "syntax", _syntax_message(clean, exc)
        if _OPERATIONS & set(_names(update)):
            return "update", _UPDATE
        return "syntax", _syntax_message(clean, exc)
    names = set(_names(tree))
    if "ServiceGraphPattern" in names:
        return "service", _SERVICE
    form = next((_FORMS[n] for n in _top_names(tree) if n in _FORMS), "")
    if not form:
        return "syntax", "error at 1:1: this text could not be read as a SPARQL 1.1 query"
    return "query", form


def _syntax_message(clean: str, exc: Any, *, engine: bool = True) -> str:
    """``error at LINE:COLUMN (line L, column C): unexpected …; expected one of …``: where the
    text stops being SPARQL, what was found there and what would have been read there.

    The place is rdflib's; what was expected comes from Oxigraph's parser
    (:func:`_expected`; only with ``engine``, for texts :func:`check` measured first, as
    Oxigraph's parser recurses), never the grammar's rule names.

    >>> print(_syntax_message("SELECT ?s\\nWHERE { ?s ?p ?o }\\nLIMIT x", _At(29)))
    ... # doctest: +NORMALIZE_WHITESPACE
    error at 3:7 (line 3, column 7): unexpected 'x'; expected one of HAVING, OFFSET, OPTIONAL,
    VALUES, a digit
    """
    loc = min(max(0, int(exc.loc)), len(clean))
    found_at, expected = _expected(clean) if engine else (None, [])
    if found_at is not None and found_at >= loc:
        loc = found_at  # Oxigraph read further on: that is where the text stops being SPARQL
    line = clean.count("\n", 0, loc) + 1
    column = loc - (clean.rfind("\n", 0, loc) + 1) + 1
    near = clean[loc : loc + 30].split("\n")[0].strip()
    found = f"unexpected {near!r}" if near else "unexpected end of query"
    where = f"error at {line}:{column} (line {line}, column {column})"
    still_open = unclosed(clean) if not near else None
    if still_open is not None:  # the text ends inside a group: say which one to close
        bracket, at = still_open
        opened = f"{clean.count(chr(10), 0, at) + 1}:{at - (clean.rfind(chr(10), 0, at) + 1) + 1}"
        closing = {"{": "}", "(": ")", "[": "]"}[bracket]
        return f"{where}: {found}; expected {closing!r} to close the {bracket!r} opened at {opened}"
    if not expected:
        return f"{where}: {found} (not valid SPARQL 1.1 here)"
    listed = expected[0] if len(expected) == 1 else "one of " + ", ".join(expected)
    return f"{where}: {found}; expected {listed}"


@dataclass(frozen=True)
class _At:
    """A parser's failure offset (what pyparsing's exceptions carry as ``loc``)."""

    loc: int


#: Oxigraph's message: ``error at LINE:COLUMN: expected …`` (columns count characters).
_OX_ERROR = re.compile(r"error at (\d+):(\d+): expected (?:one of )?(.*)", re.DOTALL)
#: One item of Oxigraph's list: a character class ``[...]``, a quoted token or a word.
_OX_ITEM = re.compile(r"\[(?:[^\[\]]|\[[^\]]*\])*\]|\"[^\"]*\"|[^,]+")
#: Character classes that say something to a reader; every other class is left out.
_CLASSES = {"['0'..='9']": "a digit", "['A'..='Z'|'a'..='z'": "a name"}


def _expected(clean: str) -> tuple[int | None, list[str]]:
    """Where Oxigraph's parser stops reading ``clean`` (an offset, or ``None`` past its end)
    and the tokens it expected there, in words.

    The text is given a character no SPARQL can contain after it (on a line of its own, so a
    closing comment cannot swallow it): Oxigraph never parses it whole, so nothing runs (its
    store would otherwise send a ``SERVICE`` request), and the empty store has nothing to read.
    """
    import pyoxigraph as ox

    from graph.vocab.namespaces import PREFIXES

    try:
        ox.Store().query(clean + "\n\x60", prefixes=PREFIXES)
    except SyntaxError as exc:
        match = _OX_ERROR.match(str(exc))
    except Exception:  # only words for a message: rdflib's place stands
        return None, []
    else:  # pragma: no cover - the appended character is never SPARQL
        return None, []
    if match is None:
        return None, []
    line, column = int(match.group(1)), int(match.group(2))
    starts = [0] + [i + 1 for i, c in enumerate(clean) if c == "\n"]
    offset = starts[line - 1] + column - 1 if line <= len(starts) else len(clean) + 1
    words: list[str] = []
    for item in (m.group(0).strip() for m in _OX_ITEM.finditer(match.group(3))):
        if item.startswith("["):
            compact = re.sub(r"\s+", "", item)
            item = next((w for c, w in _CLASSES.items() if compact.startswith(c)), "")
        if item and item not in words:
            words.append(item)
    return (offset if offset < len(clean) else None), words[:16]


def _names(tree: Any) -> Iterator[str]:
    """The name of every rule in an rdflib parse tree, without recursion."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node.name
            stack.extend(dict.values(node))
        elif isinstance(node, ParseResults | list | tuple):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())


def _top_names(tree: Any) -> Iterator[str]:
    from rdflib.plugins.sparql.parserutils import CompValue

    for node in tree:
        if isinstance(node, CompValue):
            yield node.name
