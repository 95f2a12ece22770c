"""RDF to networkx: an entity's neighbourhood with a node cap, and the ecosystem projection.

:func:`neighbourhood` walks out from one node breadth-first, one SPARQL query per node
(``entity-neighbours.rq``), reading at most ``cap + 1`` links of each node, so it never loads all
the certificates of a body or a standard. Then :func:`graph.explore.reach.reach` counts the
distinct nodes within the same number of links (IRIs only, each node once, up to
:data:`~graph.explore.entity.COUNT_LIMIT`), so the drawing can say "showing N of M" — or "of
more than M" for a body with a hundred thousand certificates — honestly. Classes, literal
values, sources, build-time counts and code-list concepts (except IAF sectors) are not drawn.

:func:`projection` is the ecosystem at a glance, an undirected weighted graph of bodies,
standard works and arrangements: who accredits whom (weight: accreditations), who certifies to
what (weight: certificates, summed from the build's counts or counted with ``GROUP BY``), who is
a member or signatory of what, and who publishes each standard.

Examples
--------
>>> from graph.ingest.build import build_store
>>> store, _ = build_store("memory")
>>> hood = neighbourhood(store, "https://w3id.org/accredigraph/id/body/ukas", cap=5)
>>> hood.shown, hood.total > hood.shown
(5, True)
>>> hood.graph.nodes["https://w3id.org/accredigraph/id/body/ukas"]["kind"]
'accreditation-body'
>>> G = projection(store)
>>> G.nodes["https://w3id.org/accredigraph/id/body/ukas"]["label"]
'United Kingdom Accreditation Service'
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import networkx as nx

from graph.errors import QueryError
from graph.explore.entity import summarise, total_in_words
from graph.explore.reach import Reach, reach
from graph.explore.resolve import resolve_entity
from graph.query import run_named
from graph.store import Store
from graph.vocab.kinds import CLASS_KINDS, KINDS, kind_of, local_name
from graph.vocab.mint import check_iri
from graph.vocab.namespaces import AG

__all__ = [
    "Neighbourhood",
    "merged",
    "neighbourhood",
    "node_data",
    "node_title",
    "projection",
]

#: The most links ``entity-neighbours.rq`` reads of one node (its inner LIMIT).
_READ_LIMIT = 1000


@dataclass(frozen=True)
class Neighbourhood:
    """A capped neighbourhood: the ``graph`` drawn, ``shown`` nodes of ``total`` within reach.

    ``total`` counts each distinct node within reach once (the centre included).
    ``total_exact`` is False when counting stopped (more than
    :data:`~graph.explore.entity.COUNT_LIMIT` nodes, or the query budget spent): there are
    then more than ``total``. ``reached`` holds the nodes counted.
    """

    graph: nx.MultiDiGraph
    total: int
    shown: int
    total_exact: bool = True
    reached: frozenset[str] = frozenset()

    @property
    def of(self) -> str:
        """``total`` in words: "1,234" or "more than 10,000"."""
        return total_in_words(self.total, self.total_exact)

    @property
    def capped(self) -> bool:
        """True when some nodes within reach are not drawn."""
        return self.total > self.shown or not self.total_exact


def node_title(label: str, kind: str, country: str = "") -> str:
    """The plain-text tooltip of a node: its label, then its kind and country.

    >>> print(node_title("UKAS", "accreditation-body", "GB"))
    UKAS
    accreditation-body · GB
    """
    second = f"{kind} · {country}" if country else kind
    return f"{label}\n{second}"


def _class_filter(classes: Collection[str] | None) -> str | None:
    """``"<iri><iri>"`` for kinds, class local names or class IRIs; None for no filter."""
    if not classes:
        return None
    by_local = {local_name(iri): iri for iri in CLASS_KINDS}
    wanted: set[str] = set()
    for item in classes:
        if item in KINDS:
            wanted.update(iri for iri, kind in CLASS_KINDS.items() if kind == item)
            if item == "sector":
                wanted.update(iri for iri, kind in CLASS_KINDS.items() if kind == "concept")
        elif item in by_local:
            wanted.add(by_local[item])
        elif item.startswith(("http://", "https://")):
            wanted.add(item)
        else:
            raise QueryError(f"unknown kind or class {item!r}; kinds: {', '.join(KINDS)}")
    # kinds without a class ("other") match nothing rather than lifting the filter
    return "".join(f"<{iri}>" for iri in sorted(wanted)) or "<>"


def _filters(
    store: Store,
    classes: Collection[str] | None,
    country: str | None,
    standard: str | None,
) -> dict[str, str]:
    params: dict[str, str] = {}
    only_classes = _class_filter(classes)
    if only_classes:
        params["onlyClasses"] = only_classes
    if country and country.strip():
        params["onlyCountry"] = country.strip().upper()
    if standard and standard.strip():
        iri = resolve_entity(store, standard)
        if iri is None or summarise(store, iri).kind != "standard":
            raise QueryError(f"{standard!r} is not a standard in the graph")
        params["onlyStandard"] = iri
    return params


def _node_attrs(iri: str, label: object, classes: Iterable[str], country: object) -> dict:
    kind = kind_of(classes, iri)
    text, where = str(label or local_name(iri) or iri), str(country or "")
    return {
        "iri": iri,
        "label": text,
        "kind": kind,
        "country": where,
        "title": node_title(text, kind, where),
    }


def node_data(store: Store, iri: str) -> dict[str, str]:
    """The attributes a drawing's node gets: ``iri``, ``label``, ``kind``, ``country``, ``title``.

    >>> from graph.store import open_store
    >>> node_data(open_store("memory"), "https://example.org/thing")["label"]
    'thing'
    """
    s = summarise(store, iri)
    return _node_attrs(iri, s.label, s.classes, s.country)


def _add_node(graph: nx.Graph, store: Store, iri: str) -> None:
    graph.add_node(iri, **node_data(store, iri))


def _explore(
    store: Store,
    iri: str,
    *,
    depth: int,
    cap: int,
    filters: dict[str, str],
    count: bool = True,
) -> Neighbourhood:
    """Breadth-first from ``iri``, drawing at most ``cap`` nodes; ``count=False`` skips the
    count of what lies within reach (cheaper, and ``total`` is then the nodes drawn)."""
    cap = max(1, int(cap))
    graph = nx.MultiDiGraph()
    _add_node(graph, store, iri)
    read: dict[str, set[str]] = {}  # node -> all its neighbours, when they were all read
    frontier = [iri]
    for _level in range(max(0, int(depth))):
        following: list[str] = []
        for node in frontier:
            if graph.number_of_nodes() >= cap:
                continue
            result = run_named(
                store, "entity-neighbours", {"node": node, **filters}, row_cap=cap + 1
            )
            rows = result.records()
            if not result.truncated and len(rows) < _READ_LIMIT:
                read[node] = {str(r["other"]) for r in rows}
            for row in rows:
                other, predicate = str(row["other"]), str(row["p"])
                if other not in graph:
                    if graph.number_of_nodes() >= cap:
                        continue
                    classes = str(row.get("classes") or "").split()
                    graph.add_node(
                        other, **_node_attrs(other, row.get("label"), classes, row.get("country"))
                    )
                    following.append(other)
                source, target = (node, other) if row["dir"] == "out" else (other, node)
                if not graph.has_edge(source, target, key=predicate):
                    graph.add_edge(
                        source,
                        target,
                        key=predicate,
                        predicate=predicate,
                        label=local_name(predicate),
                    )
        frontier = following
    shown = graph.number_of_nodes()
    if count:
        within = reach(store, iri, depth=depth, filters=filters, known=read)
        nodes = within.nodes | frozenset(graph.nodes)
    else:
        nodes, within = frozenset(graph.nodes), Reach(frozenset(graph.nodes), True)
    found = Reach(nodes, within.exact, within.counted)
    graph.graph.update(
        total=found.total, capped=found.total > shown or not found.exact, centre=iri,
        total_exact=found.exact,
    )  # fmt: skip
    return Neighbourhood(graph, found.total, shown, found.exact, nodes)


def neighbourhood(
    store: Store,
    iri: str,
    *,
    depth: int = 1,
    classes: Collection[str] | None = None,
    country: str | None = None,
    standard: str | None = None,
    cap: int = 150,
    count: bool = True,
) -> Neighbourhood:
    """The nodes within ``depth`` links of ``iri``, at most ``cap`` of them.

    Parameters
    ----------
    store : Store
    iri : str
        The centre; always drawn, whatever the filters.
    depth : int
        How many links out to go (1 = the direct neighbours).
    classes : collection of str, optional
        Keep only nodes of these kinds (``certification-body``), class local names
        (``CertificationBody``) or class IRIs.
    country : str, optional
        Keep only nodes in this country (ISO 3166 alpha-2) or with no country at all
        (standards, sectors, accreditations …).
    standard : str, optional
        A standard (IRI or designation such as ``ISO 9001``): keep only the certificates and
        accreditations against or covering it (or an edition of it); other nodes stay.
    cap : int
        The most nodes drawn.
    count : bool
        Count the distinct nodes within reach, for an honest ``total`` (bounded: see
        :func:`graph.explore.reach.reach`); False skips it and ``total`` is the nodes drawn.

    Returns
    -------
    Neighbourhood
        ``graph`` has nodes keyed by IRI with ``label``, ``kind``, ``country`` and ``title``
        (a plain-text tooltip), and edges keyed by predicate IRI with ``predicate`` and
        ``label`` (its local name); ``total`` says how many nodes are within reach.

    Examples
    --------
    >>> from graph.ingest.build import build_store
    >>> store, _ = build_store("memory")
    >>> cb = "https://w3id.org/accredigraph/id/body/s-northwind-cert"
    >>> hood = neighbourhood(store, cb, classes=["accreditation"])
    >>> sorted(d["kind"] for n, d in hood.graph.nodes(data=True) if n != cb)
    ['accreditation']
    """
    check_iri(iri)
    filters = _filters(store, classes, country, standard)
    return _explore(store, iri, depth=depth, cap=cap, filters=filters, count=count)


def merged(*hoods: Neighbourhood) -> Neighbourhood:
    """Several neighbourhoods drawn as one: the union of their nodes and links.

    Two shallow walks can show what one deep walk would, without its cost: ISO 9001 with its
    editions, and ISO with the standards it publishes, are two depth-1 neighbourhoods, where
    depth 2 from ISO 9001 would also walk the million certificates of ISO 9001:2015 only to
    filter them out. ``total`` counts the nodes within reach of any of them, each once.

    >>> from graph.ingest.build import build_store
    >>> from graph.vocab.mint import body_iri, standard_iri
    >>> store, _ = build_store("memory")
    >>> kinds = ["standard", "standards-body"]
    >>> both = merged(neighbourhood(store, standard_iri("ISO 9001"), classes=kinds),
    ...               neighbourhood(store, body_iri("iso"), classes=kinds))
    >>> standard_iri("ISO 9001:2015") in both.graph and both.shown > 30
    True
    """
    graph = nx.compose_all([h.graph for h in hoods])
    graph.graph["centre"] = hoods[0].graph.graph.get("centre")
    shown = graph.number_of_nodes()
    # A hub counted, not listed, is known to reach at least one more node than its total.
    counted = max((h.total + (0 if h.total_exact else 1) for h in hoods), default=0)
    found = Reach(frozenset(graph.nodes).union(*(h.reached for h in hoods)),
                  all(h.total_exact for h in hoods), counted)  # fmt: skip
    graph.graph.update(total=found.total, capped=found.total > shown or not found.exact,
                       total_exact=found.exact)  # fmt: skip
    return Neighbourhood(graph, found.total, shown, found.exact, found.nodes)


def _add_edge(graph: nx.Graph, a: str, b: str, relation: str, predicate: str, weight: int) -> None:
    if graph.has_edge(a, b):
        data = graph.edges[a, b]
        data["weight"] += weight
        if relation not in data["relation"].split("; "):
            data["relation"] += f"; {relation}"
            data["label"] = data["relation"]
            data["ways"][relation] = (a, b)  # each relation keeps its own direction
        return
    graph.add_edge(
        a,
        b,
        weight=weight,
        relation=relation,
        label=relation,
        predicate=predicate,
        source=a,
        target=b,
        ways={relation: (a, b)},
    )


def _ensure_node(graph: nx.Graph, store: Store, iri: str) -> None:
    if iri not in graph:
        _add_node(graph, store, iri)


def _weighted_rows(rows: Iterable[dict]) -> Iterable[tuple[str, str, int]]:
    for row in rows:
        yield str(row["a"]), str(row["b"]), int(row.get("weight") or 1)


def projection(store: Store) -> nx.Graph:
    """The ecosystem as an undirected weighted graph of bodies, standards and arrangements.

    Nodes (keyed by IRI, with ``label``, ``kind``, ``country``, ``title``): accreditation
    bodies, certification bodies, networks and regional groups, standards bodies, standard
    works, recognition arrangements. Edges carry ``relation`` (and ``label``), ``weight``,
    ``predicate`` and the direction they were read in (``source`` → ``target``; ``ways`` maps
    each relation to its own (source, target) when two relations join the same pair):

    - ``accredits``: accreditation body → certification body, weight = accreditations;
    - ``certifies to``: certification body → standard work, weight = certificates (summed from
      the build's ``ag:CertificateCount`` nodes, or counted with ``GROUP BY`` when there are
      none); ``named as issuer for`` when the issuer named on those certificates is not a
      certification body (an accreditation body, ISO: a false claim, never certification);
    - ``member of``, ``signatory of``, ``administers``, ``roles taken over by``,
      ``published by``: weight 1.

    Examples
    --------
    >>> from graph.ingest.build import build_store
    >>> store, _ = build_store("memory")
    >>> G = projection(store)
    >>> ukas = "https://w3id.org/accredigraph/id/body/ukas"
    >>> G.edges[ukas, "https://w3id.org/accredigraph/id/body/s-northwind-cert"]["relation"]
    'accredits'
    """
    graph = nx.Graph()
    for row in run_named(store, "projection-nodes", row_cap=None).records():
        iri = str(row["node"])
        classes = str(row.get("classes") or "").split()
        graph.add_node(iri, **_node_attrs(iri, row.get("label"), classes, row.get("country")))
    for row in run_named(store, "projection-edges", row_cap=None).records():
        a, b = str(row["a"]), str(row["b"])
        for node in (a, b):
            _ensure_node(graph, store, node)
        _add_edge(
            graph, a, b, str(row["relation"]), str(row["predicate"]), int(row.get("weight") or 1)
        )
    counts = run_named(store, "projection-certificates", row_cap=None).records()
    if not counts:
        counts = run_named(store, "projection-certificates-direct", row_cap=None).records()
    for a, b, weight in _weighted_rows(counts):
        for node in (a, b):
            _ensure_node(graph, store, node)
        # Only a certification body certifies. A certificate naming an accreditation body or
        # ISO as its issuer is a false claim (the verifier calls it invalid): drawn, but not
        # as if that body certified anyone.
        certifies = graph.nodes[a].get("kind") == "certification-body"
        relation = "certifies to" if certifies else "named as issuer for"
        _add_edge(graph, a, b, relation, AG + "issuer", weight)
    return graph
