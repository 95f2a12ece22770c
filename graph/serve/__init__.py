"""The read-only SPARQL 1.1 endpoint (``accredigraph serve``). Names load their module on first
use (PEP 562).

>>> from graph.serve import negotiate
>>> negotiate("text/csv", ["application/sparql-results+json", "text/csv"])
'text/csv'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.serve.endpoint import Endpoint, negotiate

__all__ = [
    "Endpoint",
    "negotiate",
]

#: Public name -> the module that defines it, imported on first use.
_LAZY = {
    "Endpoint": "graph.serve.endpoint",
    "negotiate": "graph.serve.endpoint",
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
