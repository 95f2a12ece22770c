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
"""

from __future__ import annotations

import time

import pyoxigraph as ox

from graph.errors import AnswerTooLarge, QueryTimeout
from graph.sparql.results import Boolean, Cell, Result, Rows, Triples
from graph.store.protocol import RawResult

__all__ = ["TRIPLES_PER_ROW", "collect"]

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


def _too_large(byte_cap: int) -> AnswerTooLarge:
    return AnswerTooLarge(f"the query's answer grew past {byte_cap // (1024 * 1024)} MB and was "
                          "stopped; ask for fewer or shorter values")  # fmt: skip
