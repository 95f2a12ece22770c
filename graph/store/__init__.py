"""The store: a typed :class:`Store` protocol, Oxigraph embedded (in memory or on disk), remote
SPARQL 1.1 endpoints, and atomic swaps of an on-disk store.

>>> from graph.store import open_store
>>> len(open_store("memory"))
0
"""

from graph.store.embedded import OxigraphStore
from graph.store.opening import open_store
from graph.store.protocol import MEMORY, Dataset, RawResult, Store, Term, is_memory, is_remote
from graph.store.remote import TRUNCATED_HEADER, RemoteStore
from graph.store.swap import rebuild, recover, update_atomically

__all__ = [
    "MEMORY",
    "TRUNCATED_HEADER",
    "Dataset",
    "OxigraphStore",
    "RawResult",
    "RemoteStore",
    "Store",
    "Term",
    "is_memory",
    "is_remote",
    "open_store",
    "rebuild",
    "recover",
    "update_atomically",
]
