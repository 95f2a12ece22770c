"""The one way to run SPARQL: guarded, time-limited, capped, with typed results.

>>> from graph.sparql import run
>>> from graph.store import open_store
>>> run(open_store("memory"), "ASK { ?s ?p ?o }").value
False
"""

from graph.sparql.guard import check_no_federation, check_read_only, query_form
from graph.sparql.results import Boolean, Cell, Result, Rows, Triples, Value, python_value
from graph.sparql.run import DEFAULT_ROW_CAP, DEFAULT_TIMEOUT, Query, run, stream, update
from graph.sparql.spreadsheet import neutralise, neutralise_row

__all__ = [
    "DEFAULT_ROW_CAP",
    "DEFAULT_TIMEOUT",
    "Boolean",
    "Cell",
    "Query",
    "Result",
    "Rows",
    "Triples",
    "Value",
    "check_no_federation",
    "check_read_only",
    "neutralise",
    "neutralise_row",
    "python_value",
    "query_form",
    "run",
    "stream",
    "update",
]
