"""Hubs: the best-connected nodes of each kind, by degree and by weighted PageRank.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_nodes_from(["ab", "cb1", "cb2"], kind="x")
>>> G.nodes["ab"].update(kind="accreditation-body", label="AB")
>>> G.add_edge("ab", "cb1", weight=2); G.add_edge("ab", "cb2", weight=1)
>>> top = hubs(G, top=1)
>>> top["accreditation-body"][0].label, top["accreditation-body"][0].degree
('AB', 2)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

__all__ = ["Hub", "hubs", "pagerank"]


@dataclass(frozen=True)
class Hub:
    """A well-connected node: its distinct neighbours (``degree``) and weighted PageRank."""

    iri: str
    label: str
    kind: str
    degree: int
    pagerank: float


def pagerank(
    G: nx.Graph, *, alpha: float = 0.85, weight: str = "weight", tol: float = 1.0e-8
) -> dict[object, float]:
    """Weighted PageRank by power iteration, in pure Python (networkx's needs SciPy).

    Undirected edges count both ways; parallel edges add their weights; a node without
    out-links spreads its rank evenly.

    >>> G = nx.DiGraph([("a", "b"), ("c", "b")])
    >>> rank = pagerank(G)
    >>> max(rank, key=rank.get), round(sum(rank.values()), 6)
    ('b', 1.0)
    """
    nodes = list(G)
    n = len(nodes)
    if n == 0:
        return {}
    out: dict[object, dict[object, float]] = {u: {} for u in nodes}
    edges = G.edges(data=True)
    for u, v, data in edges:
        w = float(data.get(weight, 1) or 0)
        out[u][v] = out[u].get(v, 0.0) + w
        if not G.is_directed() and u != v:
            out[v][u] = out[v].get(u, 0.0) + w
    totals = {u: sum(out[u].values()) for u in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(200):
        dangling = alpha * sum(rank[u] for u in nodes if totals[u] == 0) / n
        following = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u in nodes:
            if totals[u]:
                share = alpha * rank[u] / totals[u]
                for v, w in out[u].items():
                    following[v] += share * w
        change = sum(abs(following[u] - rank[u]) for u in nodes)
        rank = following
        if change < n * tol:
            break
    return rank


def _neighbours(G: nx.Graph, node: object) -> int:
    if G.is_directed():
        return len(set(G.predecessors(node)) | set(G.successors(node)))
    return len(set(G.neighbors(node)))


def hubs(G: nx.Graph, *, top: int = 10) -> dict[str, list[Hub]]:
    """The ``top`` hubs of each kind of node in ``G``, and of all kinds together (``"all"``).

    Parameters
    ----------
    G : networkx.Graph
        Any graph whose nodes have ``label`` and ``kind`` (e.g.
        :func:`graph.explore.neighbourhood.projection`); edge ``weight`` (default 1) weighs
        PageRank.
    top : int
        How many hubs per kind.

    Returns
    -------
    dict of str to list of Hub
        Per kind, hubs by PageRank then degree, highest first.
    """
    if G.number_of_nodes() == 0:
        return {}
    rank = pagerank(G, weight="weight")
    by_kind: dict[str, list[Hub]] = defaultdict(list)
    every: list[Hub] = []
    for node, data in G.nodes(data=True):
        hub = Hub(
            str(node),
            str(data.get("label") or node),
            str(data.get("kind") or "other"),
            _neighbours(G, node),
            float(rank.get(node, 0.0)),
        )
        by_kind[hub.kind].append(hub)
        every.append(hub)
    order = lambda h: (-h.pagerank, -h.degree, h.label)  # noqa: E731
    result = {kind: sorted(found, key=order)[:top] for kind, found in sorted(by_kind.items())}
    result["all"] = sorted(every, key=order)[:top]
    return result
