"""The one way to run SPARQL: guarded, time-limited, capped, with typed results.

:func:`run` is what every caller uses (CLI, app, endpoint, verifier, explorer, benchmark);
:func:`stream` reads a SELECT too large to hold; :func:`update` is the one explicit write.
Names load their module on first use (PEP 562).

>>> from graph.sparql import run
>>> from graph.store import open_store
>>> run(open_store("memory"), "ASK { ?s ?p ?o }").value
False
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.sparql.execution import DEFAULT_ROW_CAP, DEFAULT_TIMEOUT, Query, run, stream, update
    from graph.sparql.guard import check_no_federation, check_read_only, query_form
    from graph.sparql.results import Boolean, Cell, Result, Rows, Triples, Value, python_value

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
    "python_value",
    "query_form",
    "run",
    "stream",
    "update",
]

#: Public name -> the module that defines it, imported on first use.
_LAZY = {
    "DEFAULT_ROW_CAP": "graph.sparql.execution",
    "DEFAULT_TIMEOUT": "graph.sparql.execution",
    "Query": "graph.sparql.execution",
    "run": "graph.sparql.execution",
    "stream": "graph.sparql.execution",
    "update": "graph.sparql.execution",
    "check_no_federation": "graph.sparql.guard",
    "check_read_only": "graph.sparql.guard",
    "query_form": "graph.sparql.guard",
    "Boolean": "graph.sparql.results",
    "Cell": "graph.sparql.results",
    "Result": "graph.sparql.results",
    "Rows": "graph.sparql.results",
    "Triples": "graph.sparql.results",
    "Value": "graph.sparql.results",
    "python_value": "graph.sparql.results",
}


def __getattr__(name: str) -> Any:
    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once loaded, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
