"""Type stub of graph.explore.algorithms: what its ``__init__`` loads on first use (lazy_loader)."""

from .centrality import Hub, hubs, pagerank
from .paths import Paths, how_related
from .wording import RELATION_WORDS, path_sentence, step_sentence

__all__ = [
    "RELATION_WORDS",
    "Hub",
    "Paths",
    "how_related",
    "hubs",
    "pagerank",
    "path_sentence",
    "step_sentence",
]
