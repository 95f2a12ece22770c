"""Type stub of graph.store: what its ``__init__`` loads on first use (lazy_loader)."""

from .bulk import collector_paused
from .embedded import OxigraphStore, is_store
from .journal import recover
from .lock import StoreBusyError
from .opening import open_store
from .protocol import (
    MEMORY,
    Dataset,
    DerivedFiles,
    Lookups,
    Pattern,
    RawResult,
    Store,
    Term,
    is_memory,
    is_remote,
)
from .remote import TRUNCATED_HEADER, RemoteStore
from .swap import rebuild, scratch, update_atomically, writing

__all__ = [
    "MEMORY",
    "TRUNCATED_HEADER",
    "Dataset",
    "DerivedFiles",
    "Lookups",
    "OxigraphStore",
    "Pattern",
    "RawResult",
    "RemoteStore",
    "Store",
    "StoreBusyError",
    "Term",
    "collector_paused",
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
