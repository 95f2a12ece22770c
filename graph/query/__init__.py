"""Named queries (``queries/*.rq`` with a header), their parameters, and running them. Names
load their module on first use (PEP 562).

>>> from graph.query import named_queries
>>> "signatories-for-standard" in named_queries()
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.query.catalogue import (
        PARAM_KINDS,
        QUERY_DIR,
        NamedQuery,
        Param,
        load_named,
        named_queries,
    )
    from graph.query.named import run_named
    from graph.query.params import bind_value

__all__ = [
    "PARAM_KINDS",
    "QUERY_DIR",
    "NamedQuery",
    "Param",
    "bind_value",
    "load_named",
    "named_queries",
    "run_named",
]

#: Public name -> the module that defines it, imported on first use.
_LAZY = {
    "PARAM_KINDS": "graph.query.catalogue",
    "QUERY_DIR": "graph.query.catalogue",
    "NamedQuery": "graph.query.catalogue",
    "Param": "graph.query.catalogue",
    "load_named": "graph.query.catalogue",
    "named_queries": "graph.query.catalogue",
    "run_named": "graph.query.named",
    "bind_value": "graph.query.params",
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
