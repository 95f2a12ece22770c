"""How is X related to Y? The shortest paths between two entities of the graph.

The paths run over the :func:`~graph.explore.neighbourhood.projection` (bodies, standards,
arrangements) joined with the neighbourhoods of the two endpoints, so certificates, organisations,
accreditations, sectors and editions can be endpoints too. A step from an accreditation body to a
certification body in the projection is spelt out through the accreditation that links them, so a
certificate reaches its accreditation body as *certificate → certification body → accreditation →
accreditation body*.

Examples
--------
>>> from graph.ingest.build import build_store
>>> store, _ = build_store("memory")
>>> found = how_related(store, "https://w3id.org/accredigraph/id/certificate/S-C-0001",
...                     "https://w3id.org/accredigraph/id/body/ukas", max_paths=1)
>>> [found.graph.nodes[n]["kind"] for n in found.paths[0]]
['certificate', 'certification-body', 'accreditation', 'accreditation-body']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice, pairwise

import networkx as nx

from graph.explore.algorithms.wording import path_sentence
from graph.explore.neighbourhood import neighbourhood, node_data, projection
from graph.query import run_named
from graph.store import Store
from graph.vocab.kinds import local_name
from graph.vocab.mint import check_iri
from graph.vocab.namespaces import AG

__all__ = ["Paths", "how_related"]

#: Nodes read around an endpoint that is not in the projection, and how far out.
ENDPOINT_CAP = 60
ENDPOINT_DEPTH = 2


@dataclass(frozen=True)
class Paths:
    """Shortest paths between two entities.

    Attributes
    ----------
    paths : list of list of str
        Each path as the IRIs it passes, from ``a`` to ``b``; shortest first; empty when the
        two are not connected within ``max_depth`` links.
    graph : networkx.MultiDiGraph
        The union of the paths: nodes with ``label``, ``kind``, ``country``, ``title``; edges
        in the direction the graph states them, with ``label`` (the relation or predicate).
    steps : list of list of str
        For each path, the label of each step (one fewer than its nodes).
    links : list of list of list of (str, bool)
        For each path and each step, its relations, each with True when the graph states it
        from the earlier node to the later one (False: the path walks that link backwards).
    """

    paths: list[list[str]]
    graph: nx.MultiDiGraph
    steps: list[list[str]] = field(default_factory=list)
    links: list[list[list[tuple[str, bool]]]] = field(default_factory=list)

    def sentences(self) -> list[str]:
        """Each path in words, every link read the way the graph states it
        (:func:`~graph.explore.algorithms.wording.path_sentence`)."""
        labels = dict(self.graph.nodes(data="label"))
        return [
            path_sentence(path, links, labels)
            for path, links in zip(self.paths, self.links, strict=False)
        ]


def _attach(work: nx.Graph, store: Store, iri: str) -> None:
    """Add ``iri`` and its neighbourhood to ``work`` (undirected, direction kept in attrs)."""
    hood = neighbourhood(store, iri, depth=ENDPOINT_DEPTH, cap=ENDPOINT_CAP, count=False)
    for node, data in hood.graph.nodes(data=True):
        if node not in work:
            work.add_node(node, **data)
    for u, v, data in hood.graph.edges(data=True):
        if work.has_edge(u, v):  # another relation of the same pair, with its own direction
            known = work.edges[u, v]
            ways = known.setdefault("ways", {known["label"]: (known["source"], known["target"])})
            if data["label"] not in ways:
                ways[data["label"]] = (u, v)
                known["relation"] = known["label"] = "; ".join(ways)
        else:
            work.add_edge(
                u,
                v,
                weight=1,
                relation=data["label"],
                label=data["label"],
                predicate=data["predicate"],
                source=u,
                target=v,
                ways={data["label"]: (u, v)},
            )


def _accreditation(store: Store, ab: str, cb: str) -> str | None:
    rows = run_named(store, "accreditations-between", {"ab": ab, "cb": cb}, row_cap=1).records()
    return str(rows[0]["accreditation"]) if rows else None


def _spell_out(store: Store, work: nx.Graph, path: list[str]) -> list[str]:
    """Insert the accreditation between an accreditation body and a certification body."""
    out = [path[0]]
    for u, v in pairwise(path):
        data = work.edges[u, v]
        if "accredits" in data.get("relation", "").split("; "):
            ab, cb = data.get("ways", {}).get("accredits", (data["source"], data["target"]))
            accreditation = _accreditation(store, ab, cb)
            if accreditation is not None and accreditation not in out:
                if accreditation not in work:
                    work.add_node(accreditation, **node_data(store, accreditation))
                work.add_edge(
                    accreditation,
                    ab,
                    relation="issuer",
                    label="issuer",
                    predicate=AG + "issuer",
                    source=accreditation,
                    target=ab,
                    ways={"issuer": (accreditation, ab)},
                    weight=1,
                )
                work.add_edge(
                    accreditation,
                    cb,
                    relation="subject",
                    label="subject",
                    predicate=AG + "subject",
                    source=accreditation,
                    target=cb,
                    ways={"subject": (accreditation, cb)},
                    weight=1,
                )
                out.append(accreditation)
        out.append(v)
    return out


def _union(
    work: nx.Graph, paths: list[list[str]]
) -> tuple[nx.MultiDiGraph, list[list[str]], list[list[list[tuple[str, bool]]]]]:
    graph = nx.MultiDiGraph()
    steps, links = [], []
    for path in paths:
        for node in path:
            graph.add_node(node, **work.nodes[node])
        labels, relations = [], []
        for u, v in pairwise(path):
            data = work.edges[u, v]
            source, target = data.get("source", u), data.get("target", v)
            label = str(data.get("label") or local_name(str(data.get("predicate", ""))))
            ways = data.get("ways") or {label: (source, target)}
            step = []
            for relation, (head, tail) in ways.items():
                if not graph.has_edge(head, tail, key=relation):
                    predicate = data.get("predicate", "")
                    graph.add_edge(head, tail, key=relation, label=relation,
                                   predicate=predicate, relation=relation)  # fmt: skip
                step.append((relation, head == u))
            labels.append(label)
            relations.append(step)
        steps.append(labels)
        links.append(relations)
    return graph, steps, links


def how_related(store: Store, a: str, b: str, *, max_paths: int = 3, max_depth: int = 6) -> Paths:
    """The shortest paths from ``a`` to ``b``: at most ``max_paths``, of ``max_depth`` links.

    Parameters
    ----------
    store : Store
    a, b : str
        IRIs of any two entities (bodies, standards, certificates, organisations …).
    max_paths : int
        How many paths to return, shortest first.
    max_depth : int
        The longest path considered, in links (before accreditations are spelt out).

    Returns
    -------
    Paths
        Empty ``paths`` when the two are not connected that closely.
    """
    check_iri(a), check_iri(b)
    work = projection(store)
    for endpoint in dict.fromkeys((a, b)):
        if endpoint not in work:
            _attach(work, store, endpoint)
    if a not in work or b not in work:
        return Paths([], nx.MultiDiGraph(), [], [])
    if a == b:
        graph, _, _ = _union(work, [[a]])
        return Paths([[a]], graph, [[]], [[]])
    found: list[list[str]] = []
    try:
        for path in islice(nx.shortest_simple_paths(work, a, b), max(0, max_paths)):
            if len(path) - 1 > max_depth:
                break
            found.append(path)
    except nx.NetworkXNoPath:
        pass
    spelt = [_spell_out(store, work, path) for path in found]
    graph, steps, links = _union(work, spelt)
    return Paths(spelt, graph, steps, links)
