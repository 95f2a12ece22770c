"""Reading what the engine returned into typed results, within a row cap and a deadline.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("1")))
>>> rows = collect(store.query("SELECT ?o { ?s ?p ?o }"), row_cap=10)
>>> rows.variables, rows.records(), rows.truncated
(['o'], [{'o': '1'}], False)
>>> collect(store.query("ASK { ?s ?p ?o }"), row_cap=None)
Boolean(value=True)
>>> collect(store.query("SELECT ?o { ?s ?p ?o }"), row_cap=None, byte_cap=0)
Traceback (most recent call last):
...
graph.errors.AnswerTooLarge: the query's answer grew past 0 MB and was stopped; ...
>>> collect_at_once(store.query("SELECT ?o { ?s ?p ?o }")).rows == rows.rows
True
"""

from __future__ import annotations

import json
import time
from typing import Any

import pyoxigraph as ox

from graph.errors import AnswerTooLarge, QueryTimeout
from graph.sparql.results import Boolean, Cell, Result, Rows, Triples
from graph.store.protocol import RawResult

__all__ = ["TRIPLES_PER_ROW", "collect", "collect_at_once"]

#: A CONSTRUCT or DESCRIBE is cut at this many triples per row of the row cap.
TRIPLES_PER_ROW = 10


def collect(
    raw: RawResult,
    *,
    row_cap: int | None,
    timeout: float | None = None,
    triple_cap: int | None = None,
    byte_cap: int | None = None,
) -> Result:
    """``raw`` as :class:`Rows`, :class:`Boolean` or :class:`Triples`, keeping at most
    ``row_cap`` rows (and ``triple_cap`` triples: by default ``TRIPLES_PER_ROW`` times the
    row cap) and flagging a cut.

    ``timeout`` (seconds from now) stops reading a long answer with
    :class:`~graph.errors.QueryTimeout`; the clock is looked at every 256 rows. ``byte_cap``
    bounds the text the result holds (every value of every row or triple):
    :class:`~graph.errors.AnswerTooLarge` past it.
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    if isinstance(raw, (ox.QueryBoolean, bool)):
        return Boolean(bool(raw))
    if isinstance(raw, ox.QuerySolutions):
        variables = [v.value for v in raw.variables]
        rows: list[tuple[Cell, ...]] = []
        truncated = False
        size = 0
        for solution in raw:
            if row_cap is not None and len(rows) >= row_cap:
                truncated = True
                break
            row = tuple(solution)  # the values in the order of ``variables``
            if byte_cap is not None:
                size += sum(len(t.value) for t in row if t is not None)
                if size > byte_cap:
                    raise _too_large(byte_cap)
            rows.append(row)
            if deadline is not None and len(rows) % 256 == 0 and time.monotonic() > deadline:
                raise QueryTimeout(f"the query ran past its time limit of {timeout:g} s")
        return Rows(variables, rows, truncated, row_cap)
    if triple_cap is None and row_cap is not None:
        triple_cap = row_cap * TRIPLES_PER_ROW
    triples: list[ox.Triple] = []
    truncated = False
    size = 0
    for triple in raw:
        if triple_cap is not None and len(triples) >= triple_cap:
            truncated = True
            break
        if byte_cap is not None:
            size += sum(len(getattr(t, "value", "")) for t in triple)
            if size > byte_cap:
                raise _too_large(byte_cap)
        triples.append(triple)
    return Triples(triples, truncated)


def collect_at_once(raw: ox.QuerySolutions) -> Rows:
    """Every row of ``raw``, the engine evaluating the whole query in one call before any is
    read: for a small answer read in a thread beside others (the bulk verifier's batches).

    Iterating a pyoxigraph answer lets go of Python's lock and takes it back on every row, so
    beside a thread busy in Python each row waits for that thread's turn to end (the
    interpreter's switch interval, 5 ms). Ten batches of the bulk verifier's own query at a
    million certificates took 0.73 s read in two threads, and 31.7 s beside a third thread
    counting in Python. Written out whole by the engine's own serialiser in the SPARQL JSON
    results format (the lock let go once) and read by the standard library's ``json``, the
    same batches took 0.75 s and 1.09 s. pyoxigraph's own reader of that text
    (``parse_query_results``) is not used: iterating its answer lets go of the lock on every row
    too (three answers of 1,000 rows beside a busy thread: 3.2 s, against 0.03 s with ``json``).
    The answer's text is held whole for a moment, so this is for an answer known to be small;
    there is no row cap and no deadline.

    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.BlankNode("b"), ox.NamedNode("http://e/p"),
    ...                   ox.Literal("chat", language="fr")))
    >>> collect_at_once(store.query("SELECT ?s ?o ?none { ?s ?p ?o }")).rows
    [(<BlankNode value=b>, <Literal value=chat language=fr>, None)]
    """
    variables = [v.value for v in raw.variables]
    answer = json.loads(raw.serialize(format=ox.QueryResultsFormat.JSON))
    datatypes: dict[str, ox.NamedNode] = {}
    rows = [
        tuple(_term(cells[v], datatypes) if v in cells else None for v in variables)
        for cells in answer["results"]["bindings"]
    ]
    return Rows(variables, rows, False, None)


_DIRECTIONS = {"ltr": ox.BaseDirection.LTR, "rtl": ox.BaseDirection.RTL}


def _term(cell: dict[str, Any], datatypes: dict[str, ox.NamedNode]) -> ox.Term:
    """The term a cell of the SPARQL JSON results format writes (``datatypes``: the datatype
    IRIs made so far, each made once)."""
    kind, value = cell["type"], cell["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "literal":
        if "xml:lang" in cell:
            direction = _DIRECTIONS[cell["its:dir"]] if "its:dir" in cell else None
            return ox.Literal(value, language=cell["xml:lang"], direction=direction)
        datatype = cell.get("datatype")
        if datatype is None:
            return ox.Literal(value)
        if datatype not in datatypes:
            datatypes[datatype] = ox.NamedNode(datatype)
        return ox.Literal(value, datatype=datatypes[datatype])
    if kind == "bnode":
        return ox.BlankNode(value)
    if kind == "triple":
        parts = (_term(value[k], datatypes) for k in ("subject", "predicate", "object"))
        return ox.Triple(*parts)
    raise ValueError(f"a SPARQL JSON results cell of an unknown type {kind!r}")


def _too_large(byte_cap: int) -> AnswerTooLarge:
    return AnswerTooLarge(f"the query's answer grew past {byte_cap // (1024 * 1024)} MB and was "
                          "stopped; ask for fewer or shorter values")  # fmt: skip
