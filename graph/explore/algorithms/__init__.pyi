"""Type stub of graph.explore.algorithms: what its ``__init__`` loads on first use (lazy_loader)."""

from .centrality import Hub, hubs, pagerank
from .paths import Paths, how_related

__all__ = [
    "Hub",
    "Paths",
    "how_related",
    "hubs",
    "pagerank",
]
