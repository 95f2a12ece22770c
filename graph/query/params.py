"""Parameters of named queries: what a user typed, checked and bound as an RDF term.

>>> from graph.query.catalogue import Param
>>> bind_value(Param("d", "date", "", "Date"), "2026-11-23", None)
<Literal value=2026-11-23 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#date>>
>>> bind_value(Param("d", "date", "", "Date"), "23/11/2026", None)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graph.errors.QueryError: parameter d: '23/11/2026' is not a date (YYYY-MM-DD)
"""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox

from graph.errors import QueryError
from graph.query.catalogue import Param, load_named
from graph.sparql import Rows, run
from graph.store import Store, Term
from graph.vocab.mint import accreditation_iri, body_iri, certificate_iri, name_key
from graph.vocab.namespaces import XSD
from graph.vocab.standards import parse_designation

__all__ = ["bind_value"]


def bind_value(param: Param, value: str, store: Store | None) -> Term:
    """``value`` as the term ``param`` binds; a standard is looked up in ``store``.

    A value holding bytes that are not UTF-8 (a command line's argument decoded with
    Python's ``surrogateescape``) is refused: it is no text, and no RDF term can hold it.

    >>> bind_value(Param("text", "string", "", "Text"), "s-c-\\udcff1", None)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: parameter text: 's-c-\\udcff1' is not text (bytes that are not UTF-8)
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise QueryError(f"parameter {param.name}: {value!r} is not text (bytes that are not "
                         "UTF-8)") from None  # fmt: skip
    value = value.strip()
    if param.kind in ("string", "country"):
        return ox.Literal(value.upper() if param.kind == "country" else value)
    if param.kind == "integer":
        if not value.lstrip("-").isdigit():
            raise QueryError(f"parameter {param.name}: {value!r} is not a whole number")
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "integer"))
    if param.kind == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            message = f"parameter {param.name}: {value!r} is not a date (YYYY-MM-DD)"
            raise QueryError(message) from None
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
    if param.kind == "iri":
        return ox.NamedNode(value)
    if param.kind == "name":
        return ox.Literal(name_key(value))
    if param.kind == "body":
        return ox.NamedNode(body_iri(value))
    if param.kind == "certificate":
        return ox.NamedNode(certificate_iri(value))
    if param.kind == "accreditation":
        return ox.NamedNode(accreditation_iri(value))
    return ox.NamedNode(_resolve_standard(store, param, value))


def _resolve_standard(store: Store | None, param: Param, value: str) -> str:
    if value.startswith("http"):
        return value
    parsed = parse_designation(value)
    if parsed is not None and store is not None:
        result = run(store, load_named("internal-standards").query, row_cap=None, timeout=None,
                     trusted=True)  # fmt: skip
        assert isinstance(result, Rows)
        for row in result.records():
            other = parse_designation(str(row["designation"]))
            if other == parsed:
                return str(row["standard"])
    raise QueryError(f"parameter {param.name}: {value!r} is not a standard in the graph")
