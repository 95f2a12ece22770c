"""Explore: the neighbourhood of any entity, "how is X related to Y?", and the hubs.

The neighbourhood is filtered by kind, country and standard, to a depth, with a node cap and
"showing N of M". Beside the drawing a selector leads to the page of any node drawn.
"""

from __future__ import annotations

import streamlit as st

from graph.errors import AccredigraphError
from graph.explore.algorithms.centrality import hubs
from graph.explore.algorithms.paths import how_related
from graph.explore.neighbourhood import projection
from graph.vocab.kinds import KINDS
from graph.vocab.mint import body_iri, certificate_iri

from . import warm
from .common import (
    SETTINGS,
    choose_entity,
    entity_link,
    error_box,
    expanded_nodes,
    md,
    show_diagram,
    source,
    store_at,
)
from .views import GraphView, entity, graph_view, hits, neighbourhood_view, resolve
from .workspace import reading_caption

__all__ = ["page"]

DEFAULT_FOCUS = body_iri("ukas")
#: The sidebar's depth until the visitor changes it.
DEFAULT_DEPTH = 2


def entity_picker(key: str, label: str, *, param: str) -> str | None:
    """A search box and a selectbox of its hits; picking one writes its IRI to URL ``param``.

    Returns the IRI in the URL (the last one picked, or one given in a link).
    """

    def picked() -> None:
        iri = st.session_state.get(f"{key}.pick")
        if iri:
            st.query_params[param] = iri

    text = st.text_input(label, key=f"{key}.text", placeholder="name, id, designation …")
    if text.strip():
        try:
            found = hits(text, limit=15)
        except AccredigraphError as exc:
            error_box(exc)
            found = []
        if found:
            options = {h.iri: f"{h.label} ({h.kind})" for h in found}
            st.selectbox(
                "Matches",
                list(options),
                format_func=options.get,
                index=None,
                key=f"{key}.pick",
                on_change=picked,
                placeholder=f"{len(options)} matches: pick one",
            )
        elif (iri := resolve(text)) is not None:
            st.query_params[param] = iri
        else:
            st.caption("Nothing matches.")
    return st.query_params.get(param)


@st.cache_data(show_spinner="Computing hubs…", max_entries=4)
def _hubs(where: str | None, top: int) -> dict:
    return hubs(projection(store_at(where)), top=top)


@st.cache_data(show_spinner="Looking for paths…", max_entries=32)
def _related(where: str | None, a: str, b: str, max_paths: int, max_depth: int):
    found = how_related(store_at(where), a, b, max_paths=max_paths, max_depth=max_depth)
    sentences = found.sentences()
    view = graph_view(found.graph, caption="How they are related", highlight=[a, b], height=520)
    return sentences, view


def _focus() -> str:
    """The centre the URL names (an IRI or an id in any case), written back as its IRI."""
    asked = st.query_params.get("focus")
    known = resolve(asked) if asked else None
    if known and known != asked:
        st.query_params["focus"] = known
    return known or asked or DEFAULT_FOCUS


def _drawing(
    focus: str,
    depth: int = DEFAULT_DEPTH,
    kinds: tuple[str, ...] = (),
    country: str | None = None,
    standard: str | None = None,
    cap: int = SETTINGS.node_cap,
    expanded: tuple[str, ...] = (),
) -> GraphView:
    """The page's drawing of the neighbourhood of ``focus`` with the sidebar's choices."""
    return neighbourhood_view(
        focus,
        depth=depth,
        classes=kinds or None,
        country=(country or "").upper() or None,
        standard=(standard or "").strip() or None,
        cap=cap,
        caption="Neighbourhood",
        height=680,
        expanded=expanded,
        expandable=True,
    )


@warm.task(order=30)
def _shared_default() -> None:
    """The page's first drawing (the default centre, with the sidebar's defaults)."""
    entity(DEFAULT_FOCUS)
    _drawing(DEFAULT_FOCUS)


def _neighbourhood() -> None:
    focus = _focus()
    with st.sidebar:
        st.subheader("Neighbourhood")
        st.caption("Centred on:")
        centre = entity(focus)
        entity_link(focus, centre.label if centre else None)
        entity_picker("explore.centre", "Centre on", param="focus")
        depth = st.slider(
            "Depth (hops)", 1, 3, DEFAULT_DEPTH, key="explore.depth", bind="query-params"
        )
        kinds = st.multiselect(
            "Kinds of node",
            list(KINDS),
            key="explore.kinds",
            bind="query-params",
            placeholder="all kinds",
        )
        country = st.text_input(
            "Country (ISO 3166 alpha-2)",
            max_chars=2,
            key="explore.country",
            bind="query-params",
            placeholder="GB",
        )
        standard = st.text_input(
            "Standard", key="explore.standard", bind="query-params", placeholder="ISO 9001"
        )
        cap = st.number_input(
            "Node cap", 10, 1000, SETTINGS.node_cap, step=10, key="explore.cap", bind="query-params"
        )
    focus = _focus()
    expanded = expanded_nodes()
    try:
        view = _drawing(focus, depth, tuple(kinds), country, standard, int(cap), expanded)
    except AccredigraphError as exc:
        error_box(exc)
        return
    drawing, side = st.columns([3, 1], gap="medium")
    with drawing:
        st.caption(view.note)
        show_diagram(view.html, name="explore-neighbourhood", height=680, caption="Neighbourhood")
    with side:
        _node_chooser(view)


def _node_chooser(view: GraphView) -> None:
    st.markdown("**Nodes drawn**")
    st.caption(
        "Pick a node (hover one in the drawing to see its name) to open its page or "
        "centre the drawing on it."
    )
    options = {iri: f"{label} ({kind})" if kind else label for iri, label, kind in view.nodes}
    chosen = choose_entity("Node", options, key="explore.node", noun="nodes")
    if chosen and st.button("Centre the drawing here", key="explore.recentre"):
        st.query_params["focus"] = chosen
        st.rerun()


def _label(iri: str) -> str | None:
    described = entity(iri)
    return described.label if described else None


def _how_related() -> None:
    st.header("How is X related to Y?")
    left, right = st.columns(2)
    with left:
        a = entity_picker("explore.a", "X", param="a")
        if a:
            entity_link(a, _label(a))
    with right:
        b = entity_picker("explore.b", "Y", param="b")
        if b:
            entity_link(b, _label(b))
    if not (a and b):
        st.caption("Pick two entities, e.g. a sample certificate and an accreditation body.")
        if st.button("Show an example: certificate S-C-0001 and EA", key="explore.example"):
            st.query_params["a"] = certificate_iri("S-C-0001")
            st.query_params["b"] = body_iri("ea")
            st.rerun()
        return
    try:
        sentences, view = _related(source(), a, b, 3, 6)
    except AccredigraphError as exc:
        error_box(exc)
        return
    if not sentences:
        st.info("No path of up to 6 links joins them.")
        return
    for sentence in sentences:
        st.markdown(f"- {md(sentence)}")
    show_diagram(view.html, name="explore-how-related", height=520, caption="How they are related")


def _hubs_section() -> None:
    st.header("Hubs")
    st.caption(
        "The best-connected nodes of each kind: degree (how many neighbours) and "
        "PageRank (how central), on the graph of entities with the code lists left out."
    )
    if not st.toggle("Compute the hubs", key="explore.hubs", bind="query-params"):
        return
    try:
        by_kind = _hubs(source(), 10)
    except AccredigraphError as exc:
        error_box(exc)
        return
    kinds = sorted(by_kind, key=lambda k: (k != "all", k))
    columns = st.columns(2, gap="large")
    for i, kind in enumerate(kinds):
        with columns[i % 2]:
            st.markdown(f"**{'All kinds' if kind == 'all' else md(kind)}**")
            _hub_table(by_kind[kind], with_kind=kind == "all")


def _hub_table(rows: list, *, with_kind: bool) -> None:
    st.dataframe(
        [
            {
                "name": h.label,
                **({"kind": h.kind} if with_kind else {}),
                "degree": h.degree,
                "PageRank": h.pagerank,
            }
            for h in rows
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "name": st.column_config.TextColumn(width="medium"),
            "PageRank": st.column_config.NumberColumn(format="%.4f"),
        },
    )


def page() -> None:
    """The Explore page."""
    st.title("Explore the graph")
    reading_caption()
    _neighbourhood()
    st.divider()
    _how_related()
    st.divider()
    _hubs_section()
