"""Triples (a CONSTRUCT or DESCRIBE result) as a networkx graph for :mod:`graph.drawing.html`.

Resources (IRIs and blank nodes) become nodes; a triple between two resources becomes an edge
named after its predicate. Literals do not become nodes: a node's name comes from its
``rdfs:label``, ``schema:name``, ``skos:prefLabel`` or ``ag:designation``, its kind from its
``rdf:type`` (the explorer's kinds, :mod:`graph.vocab.kinds`), and its other literal values are
kept as ``facts`` for the tooltip. At most ``cap`` nodes are kept, the best connected first, and
``graph.graph`` says how many there were (``total``) and whether the cap cut some (``capped``).

Examples
--------
>>> import pyoxigraph as ox
>>> from graph.vocab.namespaces import AG, RDF, RDFS
>>> a, b = ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b")
>>> triples = [
...     ox.Triple(a, ox.NamedNode(RDF + "type"), ox.NamedNode(AG + "Certificate")),
...     ox.Triple(a, ox.NamedNode(RDFS + "label"), ox.Literal("Certificate A")),
...     ox.Triple(a, ox.NamedNode(AG + "issuer"), b),
... ]
>>> g = triples_to_graph(triples)
>>> g.nodes["http://example.org/a"]["label"], g.nodes["http://example.org/a"]["kind"]
('Certificate A', 'certificate')
>>> [(u, v, d["label"]) for u, v, d in g.edges(data=True)]
[('http://example.org/a', 'http://example.org/b', 'issuer')]
>>> g.graph["total"], g.graph["capped"]
(2, False)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import networkx as nx
import pyoxigraph as ox

from graph.vocab.kinds import kind_of, local_name
from graph.vocab.namespaces import AG, RDF, RDFS, SCHEMA, SKOS

__all__ = ["LABEL_PREDICATES", "triples_to_graph"]

#: Predicates whose literal value names a node, best first.
LABEL_PREDICATES = (RDFS + "label", SCHEMA + "name", SKOS + "prefLabel", AG + "designation")
_TYPE = RDF + "type"
_MAX_FACTS = 12


def _node_id(term: ox.NamedNode | ox.BlankNode) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def triples_to_graph(triples: Iterable[ox.Triple], *, cap: int | None = None) -> nx.MultiDiGraph:
    """A :class:`networkx.MultiDiGraph` of the resources in ``triples`` (see the module doc)."""
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    classes: dict[str, list[str]] = defaultdict(list)
    facts: dict[str, list[str]] = defaultdict(list)
    edges: list[tuple[str, str, str]] = []
    order: dict[str, None] = {}
    for triple in triples:
        subject, predicate, obj = triple.subject, triple.predicate.value, triple.object
        if not isinstance(subject, ox.NamedNode | ox.BlankNode):
            continue  # RDF-star quoted triples are not drawn
        s = _node_id(subject)
        order.setdefault(s)
        if isinstance(obj, ox.Literal):
            if predicate in LABEL_PREDICATES:
                labels[s].setdefault(predicate, obj.value)
            elif len(facts[s]) < _MAX_FACTS:
                facts[s].append(f"{local_name(predicate)}: {obj.value}")
        elif predicate == _TYPE and isinstance(obj, ox.NamedNode):
            classes[s].append(obj.value)
        elif isinstance(obj, ox.NamedNode | ox.BlankNode):
            o = _node_id(obj)
            order.setdefault(o)
            edges.append((s, o, predicate))
    degree: Counter[str] = Counter()
    for s, o, _ in edges:
        degree[s] += 1
        degree[o] += 1
    nodes = list(order)
    if cap is not None and len(nodes) > cap:
        position = {n: i for i, n in enumerate(nodes)}
        nodes = sorted(nodes, key=lambda n: (-degree[n], position[n]))[:cap]
    keep = set(nodes)
    graph = nx.MultiDiGraph(total=len(order), capped=len(keep) < len(order))
    for n in nodes:
        named = next((labels[n][p] for p in LABEL_PREDICATES if p in labels[n]), None)
        graph.add_node(
            n,
            label=named or local_name(n) or n,
            kind=kind_of(classes[n], n),
            iri=n,
            facts=list(facts[n]),
        )
    for s, o, predicate in edges:
        if s in keep and o in keep:
            graph.add_edge(s, o, key=predicate, predicate=predicate, label=local_name(predicate))
    return graph
