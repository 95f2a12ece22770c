"""Graph algorithms on the explorer's networkx graphs: paths between entities, and hubs.

Names load their module on first use (PEP 562).

>>> from graph.explore.algorithms import how_related, hubs
>>> sorted(__all__)
['Hub', 'Paths', 'how_related', 'hubs', 'pagerank']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.explore.algorithms.centrality import Hub, hubs, pagerank
    from graph.explore.algorithms.paths import Paths, how_related

__all__ = [
    "Hub",
    "Paths",
    "how_related",
    "hubs",
    "pagerank",
]

#: Public name -> the module that defines it, imported on first use.
_LAZY = {
    "Hub": "graph.explore.algorithms.centrality",
    "hubs": "graph.explore.algorithms.centrality",
    "pagerank": "graph.explore.algorithms.centrality",
    "Paths": "graph.explore.algorithms.paths",
    "how_related": "graph.explore.algorithms.paths",
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
