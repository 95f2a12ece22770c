"""The store: a typed :class:`Store` protocol, Oxigraph embedded (in memory or on disk), remote
SPARQL 1.1 endpoints, and atomic swaps of an on-disk store. Names load their module on first
use (PEP 562).

>>> from graph.store import open_store
>>> len(open_store("memory"))
0
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.store.embedded import OxigraphStore, is_store
    from graph.store.journal import recover
    from graph.store.lock import StoreBusyError
    from graph.store.opening import open_store
    from graph.store.protocol import MEMORY, Dataset, RawResult, Store, Term, is_memory, is_remote
    from graph.store.remote import TRUNCATED_HEADER, RemoteStore
    from graph.store.swap import rebuild, scratch, update_atomically, writing

__all__ = [
    "MEMORY",
    "TRUNCATED_HEADER",
    "Dataset",
    "OxigraphStore",
    "RawResult",
    "RemoteStore",
    "Store",
    "StoreBusyError",
    "Term",
    "is_memory",
    "is_remote",
    "is_store",
    "open_store",
    "rebuild",
    "recover",
    "scratch",
    "update_atomically",
    "writing",
]

#: Public name -> the module that defines it, imported on first use.
_LAZY = {
    "MEMORY": "graph.store.protocol",
    "Dataset": "graph.store.protocol",
    "RawResult": "graph.store.protocol",
    "Store": "graph.store.protocol",
    "Term": "graph.store.protocol",
    "is_memory": "graph.store.protocol",
    "is_remote": "graph.store.protocol",
    "OxigraphStore": "graph.store.embedded",
    "is_store": "graph.store.embedded",
    "StoreBusyError": "graph.store.lock",
    "open_store": "graph.store.opening",
    "TRUNCATED_HEADER": "graph.store.remote",
    "RemoteStore": "graph.store.remote",
    "rebuild": "graph.store.swap",
    "recover": "graph.store.journal",
    "scratch": "graph.store.swap",
    "update_atomically": "graph.store.swap",
    "writing": "graph.store.swap",
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
