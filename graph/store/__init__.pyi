"""Type stub of graph.store: what its ``__init__`` loads on first use (lazy_loader)."""

from .embedded import OxigraphStore
from .opening import open_store
from .protocol import MEMORY, Dataset, RawResult, Store, Term, is_memory, is_remote
from .remote import TRUNCATED_HEADER, RemoteStore
from .swap import rebuild, recover, update_atomically

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
