"""Type stub of graph.sparql: what its ``__init__`` loads on first use (lazy_loader)."""

from .execution import DEFAULT_ROW_CAP, DEFAULT_TIMEOUT, Binding, Query, run, stream, update
from .guard import check, query_form
from .results import Boolean, Cell, Result, Rows, Triples, Value, python_value
from .scheduler import Scheduler, as_client
from .spreadsheet import neutralise, neutralise_row

__all__ = [
    "DEFAULT_ROW_CAP",
    "DEFAULT_TIMEOUT",
    "Binding",
    "Boolean",
    "Cell",
    "Query",
    "Result",
    "Rows",
    "Scheduler",
    "Triples",
    "Value",
    "as_client",
    "check",
    "neutralise",
    "neutralise_row",
    "python_value",
    "query_form",
    "run",
    "stream",
    "update",
]
