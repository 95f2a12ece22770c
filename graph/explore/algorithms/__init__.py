"""Graph algorithms on the explorer's networkx graphs: paths between entities, and hubs.

>>> from graph.explore.algorithms import how_related, hubs
>>> sorted(__all__)
['Hub', 'Paths', 'how_related', 'hubs']
"""

from __future__ import annotations

from .centrality import Hub, hubs
from .paths import Paths, how_related

__all__ = ["Hub", "Paths", "how_related", "hubs"]
