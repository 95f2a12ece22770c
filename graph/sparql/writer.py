"""A query's whole answer written to a binary stream in a W3C format, as the engine yields it.

:func:`export` is :func:`graph.sparql.stream` for files and pipes (``accredigraph query
--format csv``): the same guard, prefixes and bindings, then every solution (or triple)
written as it comes, by pyoxigraph's own serialisers, so nothing is held in memory and no
row cap applies unless the caller asks for one.

- SELECT: the SPARQL 1.1 Query Results formats — ``csv`` and ``tsv``
  (https://www.w3.org/TR/sparql11-results-csv-tsv/), ``json``
  (https://www.w3.org/TR/sparql11-results-json/), ``xml``
  (https://www.w3.org/TR/rdf-sparql-XMLres/). Booleans are ``true``/``false``, numbers keep
  their lexical form (nothing is rounded), TSV keeps language tags and datatypes.
- ASK: the same four; JSON and XML are the W3C boolean forms, CSV and TSV (which the W3C
  formats do not define for ASK) hold the word ``true`` or ``false``, as Oxigraph writes it.
- CONSTRUCT and DESCRIBE: ``ttl`` (with our prefixes), ``nt``, ``jsonld``, ``rdfxml``.

In CSV and TSV a literal a spreadsheet would run as a formula starts with ``'``
(:func:`~graph.sparql.spreadsheet.neutralise`, docs/security.md); JSON and XML carry every
value exactly. Solutions go to the serialiser through :class:`_SolutionsAsTsv`, a reader that
writes each one as a line of SPARQL TSV only when the parser asks for it.

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

import io
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import BinaryIO

import pyoxigraph as ox

from graph.errors import QueryError
from graph.sparql.deadline import call_with_deadline
from graph.sparql.execution import DEFAULT_TIMEOUT, Query, _prepare
from graph.sparql.guard import default_settings
from graph.sparql.results import Boolean
from graph.sparql.spreadsheet import neutralise
from graph.store.protocol import Store, Term
from graph.vocab.namespaces import PREFIXES

__all__ = ["GRAPH_FORMATS", "RESULT_FORMATS", "Written", "export"]

#: The SPARQL 1.1 Query Results formats of SELECT and ASK, by the CLI's name for them.
RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
#: The RDF formats of CONSTRUCT and DESCRIBE, by the CLI's name for them.
GRAPH_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_SPREADSHEET = (ox.QueryResultsFormat.CSV, ox.QueryResultsFormat.TSV)


@dataclass(frozen=True)
class Written:
    """What :func:`export` wrote: the query's form, how many solutions or triples (1 for an
    ASK), and whether ``row_cap`` cut the answer."""

    form: str
    count: int
    truncated: bool


class _Cancelled(Exception):
    """The time limit passed: the thread that writes stops at its next read or write."""


class _Counter:
    """Counts what passes, stops at ``cap`` (noting that more was there) and at a cancel."""

    def __init__(self, cap: int | None, cancelled: threading.Event) -> None:
        self.cap, self.cancelled = cap, cancelled
        self.count, self.truncated = 0, False

    def take(self, items: Iterator) -> Iterator:
        for item in items:
            if self.cancelled.is_set():
                raise _Cancelled
            if self.cap is not None and self.count >= self.cap:
                self.truncated = True
                return
            self.count += 1
            yield item


class _SolutionsAsTsv(io.RawIOBase):
    """SPARQL TSV of ``solutions`` (terms in N-Triples syntax, which TSV is), produced as
    the reader asks for it; literal values :func:`neutralise`\\ d when ``spreadsheet``."""

    def __init__(self, variables: list[str], rows: Iterator, spreadsheet: bool) -> None:
        self._lines = self._produce(variables, rows, spreadsheet)
        self._pending = b""

    @staticmethod
    def _produce(variables: list[str], rows: Iterator, spreadsheet: bool) -> Iterator[bytes]:
        yield ("\t".join(f"?{v}" for v in variables) + "\n").encode()
        for solution in rows:
            cells = []
            for term in solution:
                if term is None:
                    cells.append("")
                elif spreadsheet and type(term) is ox.Literal:
                    value = neutralise(term.value)
                    if value != term.value:
                        term = ox.Literal(value, datatype=None if term.language else term.datatype,
                                          language=term.language)  # fmt: skip
                    cells.append(str(term))
                else:
                    cells.append(str(term))
            yield ("\t".join(cells) + "\n").encode()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while len(self._pending) < len(buffer):
            line = next(self._lines, None)
            if line is None:
                break
            self._pending += line
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


class _Guarded(io.RawIOBase):
    """``out`` until the time limit passes; after it, a write raises :class:`_Cancelled`."""

    def __init__(self, out: BinaryIO, cancelled: threading.Event) -> None:
        self.out, self.cancelled = out, cancelled

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        if self.cancelled.is_set():
            raise _Cancelled
        self.out.write(bytes(data))
        return len(data)


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
    if fmt not in RESULT_FORMATS and fmt not in GRAPH_FORMATS:
        raise QueryError(f"unknown format {fmt!r}; use one of "
                         f"{', '.join([*RESULT_FORMATS, *GRAPH_FORMATS])}")  # fmt: skip
    text, substitutions = _prepare(store, query, bindings, trusted, default_settings())
    cancelled = threading.Event()

    def write() -> Written:
        raw = store.query(text, substitutions=substitutions or None, prefixes=PREFIXES)
        try:
            return _write(raw, _Guarded(out, cancelled), fmt, _Counter(row_cap, cancelled))
        except (RuntimeError, ValueError) as exc:  # the engine failed while it was read
            raise QueryError(f"the query stopped while its answer was written: {exc}") from None

    if timeout is None:
        written = write()
    else:
        try:
            written = call_with_deadline(write, timeout)
        except BaseException:
            cancelled.set()
            raise
    if written.form == "SELECT" and store.answer_was_cut():
        raise QueryError(f"the SPARQL endpoint {store.location} cut this answer at its result "
                         "cap: what was written is not every row")  # fmt: skip
    return written


def _write(raw: object, out: _Guarded, fmt: str, counter: _Counter) -> Written:
    if isinstance(raw, (ox.QueryBoolean, bool)):
        if fmt not in RESULT_FORMATS:
            raise QueryError(f"an ASK query answers true or false: use --format "
                             f"{', '.join(RESULT_FORMATS)}, not {fmt}")  # fmt: skip
        out.write(Boolean(bool(raw)).encode(RESULT_FORMATS[fmt]))
        return Written("ASK", 1, False)
    if isinstance(raw, ox.QuerySolutions):
        results = RESULT_FORMATS.get(fmt)
        if results is None:
            raise QueryError(f"a SELECT query answers in rows: use --format "
                             f"{', '.join(RESULT_FORMATS)}, not {fmt}")  # fmt: skip
        variables = [v.value for v in raw.variables]
        source = _SolutionsAsTsv(variables, counter.take(iter(raw)), results in _SPREADSHEET)
        parsed = ox.parse_query_results(source, ox.QueryResultsFormat.TSV)
        parsed.serialize(out, results)
        return Written("SELECT", counter.count, counter.truncated)
    rdf = GRAPH_FORMATS.get(fmt)
    if rdf is None:
        raise QueryError(f"a CONSTRUCT or DESCRIBE query answers in triples: use --format "
                         f"{', '.join(GRAPH_FORMATS)}, not {fmt}")  # fmt: skip
    prefixes = PREFIXES if rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    ox.serialize(counter.take(iter(raw)), out, rdf, prefixes=prefixes)
    return Written("CONSTRUCT", counter.count, counter.truncated)
