"""A query's whole answer written to a binary stream in a W3C format, as the engine yields it.

:func:`export` is :func:`graph.sparql.open_stream` for files and pipes (``accredigraph query
--format csv``): the same guard, prefixes, bindings, turn and time limit as
:func:`graph.sparql.run`, then every solution (or triple) written as it comes, by pyoxigraph's
own serialisers (:mod:`graph.sparql.serialise`) — in a worker process killed at the deadline for
an on-disk store — so only a few chunks are held in memory and no row cap applies unless the
caller asks for one. The formats (SPARQL 1.1 results formats for SELECT and ASK, RDF
formats for CONSTRUCT and DESCRIBE) are :mod:`graph.sparql.serialise`'s.

Examples
--------
>>> import io
>>> from graph.store import open_store
>>> store = open_store("memory")
>>> out = io.BytesIO()
>>> export(store, "SELECT ?n ?ok WHERE { VALUES (?n ?ok) { (1.5 true) ('=cmd' false) } }",
...        out, "csv")
Written(form='SELECT', count=2, truncated=False)
>>> out.getvalue()
b"n,ok\\r\\n1.5,true\\r\\n'=cmd,false\\r\\n"
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import BinaryIO

from graph.errors import QueryError
from graph.settings import Settings
from graph.sparql.execution import DEFAULT_TIMEOUT, Query
from graph.sparql.serialise import GRAPH_FORMATS, RESULT_FORMATS, Written
from graph.sparql.streaming import open_stream
from graph.store.protocol import Store, Term

__all__ = ["GRAPH_FORMATS", "RESULT_FORMATS", "Written", "export"]


def export(
    store: Store,
    query: str | Query,
    out: BinaryIO,
    fmt: str,
    *,
    bindings: Mapping[str, Term] | None = None,
    trusted: bool = False,
    row_cap: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    limits: Settings | None = None,
) -> Written:
    """Write the answer to ``query`` on ``store`` to ``out`` in ``fmt`` (a key of
    :data:`RESULT_FORMATS` for SELECT and ASK, of :data:`GRAPH_FORMATS` for CONSTRUCT and
    DESCRIBE), as the engine yields it; at most ``row_cap`` solutions or triples (``None``:
    every one). Checked and bound as :func:`graph.sparql.run` does.

    ``timeout`` bounds the whole run, writing included (``None``: no limit): past it,
    :class:`~graph.errors.QueryTimeout`, and nothing more is written (what was written stays
    written: a stream cannot be taken back). A format that does not fit the query's form is
    a :class:`~graph.errors.QueryError` before anything is written.
    """
    with open_stream(store, query, fmt, bindings=bindings, trusted=trusted, row_cap=row_cap,
                     timeout=timeout, limits=limits) as answer:  # fmt: skip
        for chunk in answer:
            out.write(chunk)
        written = answer.written
    assert written is not None
    if written.form == "SELECT" and store.answer_was_cut():
        raise QueryError(f"the SPARQL endpoint {store.location} cut this answer at its result "
                         "cap: what was written is not every row")  # fmt: skip
    return written
