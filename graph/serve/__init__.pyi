"""Type stub of graph.serve: what its ``__init__`` loads on first use (lazy_loader)."""

from .endpoint import Endpoint, negotiate

__all__ = [
    "Endpoint",
    "negotiate",
]
