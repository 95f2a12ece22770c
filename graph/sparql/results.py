"""Query results as plain Python: rows of a SELECT, the answer of an ASK, the triples of a
CONSTRUCT, and their CSV, SPARQL-JSON and RDF serialisations.

:mod:`graph.query.named` returns these; the app, the CLI and the endpoint render them.

Examples
--------
>>> import pyoxigraph as ox
>>> python_value(ox.Literal("2026-11-23", datatype=ox.NamedNode(XSD + "date")))
datetime.date(2026, 11, 23)
>>> Rows(["n"], [(ox.Literal("7", datatype=ox.NamedNode(XSD + "integer")),)]).records()
[{'n': 7}]
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from graph.errors import QueryError
from graph.sparql.spreadsheet import neutralise, neutralise_row
from graph.store.protocol import Term
from graph.vocab.namespaces import PREFIXES, XSD

__all__ = ["Boolean", "Cell", "Result", "Rows", "Triples", "Value", "python_value"]

#: One cell of a row: a term, or ``None`` where the variable is unbound.
Cell = Term | None
#: A cell as plain Python.
Value = str | int | float | bool | dt.date | None


def _boolean(value: str) -> bool:
    return value in ("true", "1")


def _decimal(value: str) -> float:
    return float(Decimal(value))


#: Literal datatypes read as Python values; any other literal is its lexical form.
_LITERAL_VALUE: dict[str, Callable[[str], Value]] = {
    XSD + "integer": int,
    XSD + "long": int,
    XSD + "int": int,
    XSD + "decimal": _decimal,
    XSD + "double": float,
    XSD + "float": float,
    XSD + "boolean": _boolean,
    XSD + "date": dt.date.fromisoformat,
}


def python_value(term: Cell) -> Value:
    """A pyoxigraph term as a plain Python value (str, int, float, bool, date, or None).

    Called once per cell of every result, so it dispatches on the exact type first.
    """
    kind = type(term)
    if kind is ox.NamedNode:
        return term.value
    if term is None:
        return None
    if kind is ox.Literal:
        convert = _LITERAL_VALUE.get(term.datatype.value)
        if convert is None:
            return term.value
        try:
            return convert(term.value)
        except (ValueError, InvalidOperation):
            return term.value
    if kind is ox.BlankNode:
        return f"_:{term.value}"
    return str(term)


def _term_json(term: Term, spreadsheet: bool = False) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": neutralise(term.value) if spreadsheet else term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


@dataclass
class Rows:
    """Rows of a SELECT query; ``truncated`` is True when the row cap cut it short."""

    variables: list[str]
    rows: list[tuple[Cell, ...]]
    truncated: bool = False
    row_cap: int | None = None

    def __reduce__(self) -> tuple[Callable[..., Rows], tuple]:
        """Pickled with each distinct term once: a worker's answer crosses a pipe, and a column
        holding one value on every row (a bound parameter, a node's IRI) costs one term, not
        one a row (10,000 rows of five columns: 0.26 s to pickle and unpickle, then 0.06 s).

        >>> import pickle
        >>> rows = Rows(["s", "p"], [(ox.NamedNode("http://a"), None)] * 3, True, 3)
        >>> pickle.loads(pickle.dumps(rows)) == rows
        True
        """
        terms: dict[Cell, int] = {}
        index = [tuple(terms.setdefault(t, len(terms)) for t in row) for row in self.rows]
        return _unpickle_rows, (self.variables, list(terms), index, self.truncated, self.row_cap)

    def column(self, name: str) -> list[Value]:
        """The plain Python values of one column, row by row (``None`` where unbound): for a
        caller that needs one column of a long answer, without a dict for every row.

        >>> rows = Rows(["s", "n"], [(ox.NamedNode("http://a"), ox.Literal("1")), (None, None)])
        >>> rows.column("s")
        ['http://a', None]
        """
        at = self.variables.index(name)
        return [python_value(row[at]) for row in self.rows]

    def records(self) -> list[dict[str, Value]]:
        """Each row as a dict of plain Python values."""
        return [
            {v: python_value(t) for v, t in zip(self.variables, row, strict=True)}
            for row in self.rows
        ]

    def to_csv(self) -> str:
        """The rows as CSV text with a header; a cell a spreadsheet would run as a formula
        starts with ``'`` (:func:`~graph.sparql.spreadsheet.neutralise`).

        >>> print(Rows(["name"], [(ox.Literal("=1+1"),)]).to_csv(), end="")
        name
        '=1+1
        """
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.variables)
        for row in self.rows:
            writer.writerow(neutralise_row(None if t is None else python_value(t) for t in row))
        return buffer.getvalue()

    def to_json(self, *, spreadsheet: bool = False, one_line: bool = False) -> str:
        r"""The rows as SPARQL 1.1 Query Results JSON, a row a line (``one_line=True``: all on
        one line); with ``spreadsheet=True`` every value is
        :func:`~graph.sparql.spreadsheet.neutralise`\ d (for CSV and TSV). Either way the text is
        written by the json module's C encoder (an indented text is written in Python, several
        times slower: 5.8 s for 119,157 rows).

        >>> print(Rows(["n"], [(ox.Literal("1"),), (None,)]).to_json())
        {"head": {"vars": ["n"]},
         "results": {"bindings": [
          {"n": {"type": "literal", "value": "1"}},
          {}
         ]}}
        >>> Rows(["n"], []).to_json(one_line=True)
        '{"head": {"vars": ["n"]}, "results": {"bindings": []}}'
        """
        bindings = []
        seen: dict[Term, dict[str, str]] = {}  # a value repeated down a column: made once
        for row in self.rows:
            binding = {}
            for v, t in zip(self.variables, row, strict=True):
                if t is not None:
                    binding[v] = seen.get(t) or seen.setdefault(t, _term_json(t, spreadsheet))
            bindings.append(binding)
        head = {"vars": self.variables}
        if one_line or not bindings:
            return json.dumps({"head": head, "results": {"bindings": bindings}},
                              ensure_ascii=False)  # fmt: skip
        lines = ",\n  ".join(json.dumps(binding, ensure_ascii=False) for binding in bindings)
        return (f'{{"head": {json.dumps(head, ensure_ascii=False)},\n'
                f' "results": {{"bindings": [\n  {lines}\n ]}}}}')  # fmt: skip

    def encode(self, fmt: ox.QueryResultsFormat) -> bytes:
        """The rows in a SPARQL 1.1 results format (JSON, XML, CSV, TSV), written by
        pyoxigraph's own serialisers; in CSV and TSV a literal a spreadsheet would run as a
        formula starts with ``'``.

        >>> rows = Rows(["n"], [(ox.Literal("1"),), (ox.Literal("@cmd"),)])
        >>> rows.encode(ox.QueryResultsFormat.CSV)
        b"n\\r\\n1\\r\\n'@cmd\\r\\n"
        """
        spreadsheet = fmt in (ox.QueryResultsFormat.CSV, ox.QueryResultsFormat.TSV)
        if fmt == ox.QueryResultsFormat.JSON:
            return self.to_json().encode("utf-8")
        data = self.to_json(spreadsheet=spreadsheet, one_line=True).encode("utf-8")
        parsed = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=fmt) or b""


@dataclass
class Boolean:
    """The answer of an ASK query."""

    value: bool

    def to_json(self) -> str:
        return json.dumps({"head": {}, "boolean": self.value})

    def encode(self, fmt: ox.QueryResultsFormat) -> bytes:
        """The answer in SPARQL 1.1 results JSON or XML (pyoxigraph's serialisers)."""
        parsed = ox.parse_query_results(self.to_json().encode(), ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=fmt) or b""


def _unpickle_rows(
    variables: list[str],
    terms: list[Cell],
    index: list[tuple[int, ...]],
    truncated: bool,
    row_cap: int | None,
) -> Rows:
    """The :class:`Rows` that :meth:`Rows.__reduce__` wrote."""
    return Rows(variables, [tuple(terms[i] for i in row) for row in index], truncated, row_cap)


@dataclass
class Triples:
    """Triples of a CONSTRUCT or DESCRIBE query."""

    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False

    def serialize(self, fmt: str = "ttl") -> str:
        """The triples as Turtle (``ttl``), N-Triples (``nt``) or JSON-LD (``jsonld``)."""
        formats = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                   "jsonld": ox.RdfFormat.JSON_LD}  # fmt: skip
        if fmt not in formats:
            raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(formats)}")
        return self.encode(formats[fmt]).decode()

    def encode(self, fmt: ox.RdfFormat) -> bytes:
        """The triples in an RDF format; Turtle with our prefixes (pyoxigraph's serialisers)."""
        prefixes = PREFIXES if fmt == ox.RdfFormat.TURTLE else None
        return ox.serialize(self.triples, format=fmt, prefixes=prefixes) or b""


#: What :func:`graph.sparql.run` returns.
Result = Rows | Boolean | Triples
