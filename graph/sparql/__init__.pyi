"""Type stub of graph.sparql: what its ``__init__`` loads on first use (lazy_loader)."""

from .execution import DEFAULT_ROW_CAP, DEFAULT_TIMEOUT, Binding, Query, run, stream, update
from .guard import check, query_form
from .results import Boolean, Cell, Result, Rows, Triples, Value, python_value
from .scheduler import Scheduler, as_client
from .seeding import fill_values, nested, seed_values
from .spreadsheet import neutralise, neutralise_row
from .streaming import AnswerStream, open_stream
from .writer import GRAPH_FORMATS, RESULT_FORMATS, Written, export

__all__ = [
    "DEFAULT_ROW_CAP",
    "DEFAULT_TIMEOUT",
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "AnswerStream",
    "Binding",
    "Boolean",
    "Cell",
    "Query",
    "Result",
    "Rows",
    "Scheduler",
    "Triples",
    "Value",
    "Written",
    "as_client",
    "check",
    "export",
    "fill_values",
    "nested",
    "neutralise",
    "neutralise_row",
    "open_stream",
    "python_value",
    "query_form",
    "run",
    "seed_values",
    "stream",
    "update",
]
