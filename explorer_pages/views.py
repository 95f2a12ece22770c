"""Cached drawings and results the pages share: neighbourhoods, chains, searches, entities.

Each function takes the store location first (the cache key) and returns plain data (HTML text,
numbers, dataclasses), so ``st.cache_data`` can keep it. ``st.cache_data.clear()`` after an
import makes every page read the new graph.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx
import streamlit as st

from graph.drawing.html import to_html
from graph.drawing.style import highlights
from graph.explore.entity import describe, links_in, links_out, total_in_words
from graph.explore.neighbourhood import merged, neighbourhood
from graph.explore.resolve import resolve_entity
from graph.explore.search import find, search
from graph.verify.chain import verify
from graph.verify.model import Verification
from graph.verify.picture import chain_graph

from .common import SETTINGS, page, source, store_at

__all__ = [
    "ChainView",
    "GraphView",
    "chain_view",
    "graph_view",
    "hits",
    "in_columns",
    "neighbourhood_view",
    "selection_view",
]


@dataclass(frozen=True)
class GraphView:
    """A drawing and what is in it: ``shown`` of ``total`` nodes, and the nodes drawn."""

    html: str
    total: int
    shown: int
    nodes: tuple[tuple[str, str, str], ...]  # (iri, label, kind)
    total_exact: bool = True
    graph: nx.Graph | None = None  # what was drawn, for the SVG and PNG downloads
    highlight: tuple[tuple[str, str], ...] = ()  # node -> colour, as drawn

    @property
    def note(self) -> str:
        """ "showing N of M" in words ("of more than M" when M is a lower bound)."""
        if self.total > self.shown or not self.total_exact:
            of = total_in_words(self.total, self.total_exact)
            return (
                f"Showing {self.shown} of {of} nodes (the node cap); narrow the "
                "filters or raise the cap to see more."
            )
        return f"Showing all {self.shown} nodes."


def _entity_page() -> str:
    """The URL path of the entity page (the Search page), where a drawing's nodes lead."""
    try:
        return str(page("search").url_path)
    except KeyError:  # outside the running app
        return ""


def _nodes(graph: nx.Graph) -> tuple[tuple[str, str, str], ...]:
    rows = [
        (str(n), str(d.get("label") or n), str(d.get("kind") or ""))
        for n, d in graph.nodes(data=True)
    ]
    return tuple(sorted(rows, key=lambda r: (r[2], r[1].lower())))


def graph_view(
    graph: nx.Graph,
    *,
    caption: str = "",
    highlight=None,
    height: int = 640,
    total: int | None = None,
    total_exact: bool = True,
    expandable: bool = False,
) -> GraphView:
    """Draw ``graph`` (not cached: callers cache what built it); ``expandable``: a click on a
    node also offers to expand it (the page honours ``?expand=<IRI>``)."""
    html = to_html(graph, height=f"{height}px", highlight=highlight, caption=caption,
                   expand=expandable, entity_page=_entity_page())  # fmt: skip
    shown = graph.number_of_nodes()
    rings = tuple(highlights(highlight).items())
    return GraphView(
        html, total if total is not None else shown, shown, _nodes(graph), total_exact, graph, rings
    )


@st.cache_data(show_spinner="Drawing the neighbourhood…", max_entries=64)
def _neighbourhood(
    where: str | None,
    iri: str,
    depth: int,
    classes: tuple[str, ...] | None,
    country: str | None,
    standard: str | None,
    cap: int,
    caption: str,
    height: int,
    also: tuple[str, ...] = (),
    expanded: tuple[str, ...] = (),
    expandable: bool = False,
    columns: tuple[str, ...] = (),
) -> GraphView:
    hoods = [
        neighbourhood(
            store_at(where),
            centre,
            depth=depth,
            classes=list(classes) if classes else None,
            country=country,
            standard=standard,
            cap=cap,
        )
        for centre in (iri, *also)
    ]
    hoods += [  # each node expanded in place: its own neighbours, with the same filters
        neighbourhood(store_at(where), node, depth=1, classes=list(classes) if classes else None,
                      country=country, standard=standard, cap=cap)
        for node in expanded
    ]  # fmt: skip
    hood = merged(*hoods) if len(hoods) > 1 else hoods[0]
    if columns:
        in_columns(hood.graph, columns)
    return graph_view(
        hood.graph, caption=caption, highlight=[iri, *expanded], height=height,
        total=hood.total, total_exact=hood.total_exact, expandable=expandable,
    )  # fmt: skip


def neighbourhood_view(
    iri: str,
    *,
    depth: int = 1,
    classes: tuple[str, ...] | None = None,
    country: str | None = None,
    standard: str | None = None,
    cap: int = SETTINGS.node_cap,
    caption: str = "",
    height: int = 640,
    also: tuple[str, ...] = (),
    expanded: tuple[str, ...] = (),
    expandable: bool = False,
    columns: tuple[str, ...] = (),
) -> GraphView:
    """The neighbourhood of ``iri`` drawn, cached per store; with ``also``, merged with the
    neighbourhoods (same depth and filters) of those nodes
    (:func:`graph.explore.neighbourhood.merged`); with ``expanded``, merged with the direct
    neighbours of each of those (a node clicked and expanded in place). ``expandable``: the
    drawing's click menu offers "Expand its neighbours here". With ``columns`` (kinds), drawn
    in columns left to right by kind (:func:`in_columns`)."""
    return _neighbourhood(
        source(), iri, depth, classes, country, standard, cap, caption, height, also,
        expanded, expandable, columns,
    )  # fmt: skip


#: Kinds whose labels repeat what the drawing shows after their identifier
#: ("Accreditation S-A-001: UKAS → Northwind …"): in columns they keep the identifier.
_SHORTENED = ("certificate", "accreditation")


def in_columns(graph: nx.Graph, columns: tuple[str, ...]) -> None:
    """Lay ``graph`` out left to right, one column per kind in ``columns`` (other kinds after
    them), and shorten certificate and accreditation labels to their identifier (the full
    label stays in the tooltip)."""
    graph.graph["layout"] = "LR"
    for _, data in graph.nodes(data=True):
        kind = str(data.get("kind") or "")
        data["level"] = columns.index(kind) if kind in columns else len(columns)
        if kind in _SHORTENED:
            data["label"] = str(data.get("label") or "").split(":")[0]


#: Links drawn one way only in a selection: the inverse of a link already drawn.
_INVERSES = ("isReplacedBy", "hasVersion")

#: A node of a selection: (IRI, column, short label or "") or, placed by hand, with its row.
Placed = tuple[str, int, str] | tuple[str, int, str, float]


@st.cache_data(show_spinner="Drawing…", max_entries=16)
def _selection(
    where: str | None,
    nodes: tuple[Placed, ...],
    classes: tuple[str, ...] | None,
    cap: int,
    caption: str,
    height: int,
    centres: tuple[str, ...] = (),
    hidden: tuple[tuple[str, str], ...] = (),
) -> GraphView:
    store = store_at(where)
    hoods = [
        neighbourhood(store, iri, classes=list(classes) if classes else None, cap=cap, count=False)
        for iri in centres or [node[0] for node in nodes]
    ]
    drawn = merged(*hoods).graph.subgraph([node[0] for node in nodes]).copy()
    drawn.remove_edges_from(
        [
            (u, v, k)
            for u, v, k, d in drawn.edges(keys=True, data=True)
            if d.get("label") in _INVERSES or (u, v) in hidden
        ]
    )
    drawn.graph["layout"] = "LR"
    for iri, column, label, *row in nodes:
        if iri in drawn:
            drawn.nodes[iri]["level"] = column
            drawn.nodes[iri]["label"] = label or drawn.nodes[iri].get("label")
            if row:
                drawn.nodes[iri]["row"] = row[0]
    return graph_view(drawn, caption=caption, highlight=[nodes[0][0]], height=height)


def selection_view(
    nodes: tuple[Placed, ...],
    *,
    classes: tuple[str, ...] | None = None,
    cap: int = 200,
    caption: str = "",
    height: int = 640,
    centres: tuple[str, ...] = (),
    hidden: tuple[tuple[str, str], ...] = (),
) -> GraphView:
    """Exactly ``nodes`` (IRI, column, short label or "", and optionally a row in [0, 1]:
    then every node needs one and is drawn just there), those in the graph, drawn in columns
    left to right with the links between them (not the inverse of one drawn, nor a
    ``hidden`` (source, target) pair), the first node ringed; the links are read from each
    node, or only from ``centres`` when given (to avoid walking from a node with a million
    links), up to ``cap`` per node (of the ``classes`` kinds); cached per store."""
    return _selection(source(), tuple(nodes), classes, cap, caption, height, tuple(centres),
                      tuple(hidden))  # fmt: skip


@dataclass(frozen=True)
class ChainView:
    """A verification and its chain drawn."""

    verification: Verification
    view: GraphView


@st.cache_data(show_spinner="Checking the chain…", max_entries=64)
def _chain(where: str | None, certificate: str, as_of: dt.date, height: int) -> ChainView:
    result = verify(store_at(where), certificate, as_of=as_of)
    graph = chain_graph(result)
    caption = f"Trust chain of {certificate} as of {as_of.isoformat()}: {result.verdict.value}"
    return ChainView(result, graph_view(graph, caption=caption, height=height))


def chain_view(certificate: str, as_of: dt.date, *, height: int = 560) -> ChainView:
    """Verify ``certificate`` on ``as_of`` and draw its chain, cached per store."""
    return _chain(source(), certificate.strip(), as_of, height)


@st.cache_data(show_spinner=False, max_entries=256)
def _verification(where: str | None, certificate: str, as_of: dt.date) -> Verification:
    return verify(store_at(where), certificate, as_of=as_of)


def verification(certificate: str, as_of: dt.date) -> Verification:
    """Verify ``certificate`` on ``as_of`` (no drawing), cached per store."""
    return _verification(source(), certificate.strip(), as_of)


@st.cache_data(show_spinner=False, max_entries=256)
def _hits(where: str | None, text: str, limit: int, kinds: tuple[str, ...] | None) -> list:
    return search(store_at(where), text, limit=limit, kinds=list(kinds) if kinds else None)


def hits(text: str, *, limit: int = 20, kinds: tuple[str, ...] | None = None) -> list:
    """Search hits for ``text`` (labels, identifiers, designations), cached per store."""
    if not text.strip():
        return []
    return _hits(source(), text.strip(), limit, kinds)


@st.cache_data(show_spinner=False, max_entries=256)
def _found(where: str | None, text: str, kinds: tuple[str, ...] | None, country: str | None,
           standard: str | None, offset: int, limit: int):  # fmt: skip
    # the name index is built by the warm-up (explorer_pages.search), never in a visitor's run
    return find(store_at(where), text, kinds=list(kinds) if kinds else None, country=country,
                standard=standard, offset=offset, limit=limit, build_index=False)  # fmt: skip


def found(
    text: str,
    *,
    kinds: tuple[str, ...] | None = None,
    country: str | None = None,
    standard: str | None = None,
    offset: int = 0,
    limit: int = 20,
):
    """One page of the search's ranked matches, their number and facets (kind, country,
    standard), in one country or about one standard if asked, cached per store."""
    return _found(source(), text.strip(), kinds, country or None, standard or None, offset, limit)


@st.cache_data(show_spinner=False, max_entries=256)
def _describe(where: str | None, iri: str):
    return describe(store_at(where), iri)


def entity(iri: str):
    """The description of ``iri`` (facts, kinds, sources), cached per store."""
    return _describe(source(), iri)


@st.cache_data(show_spinner=False, max_entries=256)
def _links(where: str | None, iri: str, direction: str, offset: int, limit: int):
    func = links_out if direction == "out" else links_in
    return func(store_at(where), iri, offset=offset, limit=limit)


def links(iri: str, direction: str, offset: int, limit: int = 25):
    """One page of the links out of (``out``) or into (``in``) ``iri``."""
    return _links(source(), iri, direction, offset, limit)


@st.cache_data(show_spinner=False, max_entries=256)
def _resolve(where: str | None, text: str) -> str | None:
    return resolve_entity(store_at(where), text)


def resolve(text: str) -> str | None:
    """The IRI of the entity ``text`` names (an IRI, an id, a designation), or None."""
    return _resolve(source(), text.strip()) if text.strip() else None
