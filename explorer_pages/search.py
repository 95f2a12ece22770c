"""Search and entity pages: one search box with suggestions; ``?entity=<IRI>`` shows an entity.

The matches are counted per kind, country and standard (facets over every match, not only the
page shown); choosing a country or a standard keeps its matches, in the URL
(``search.country=GB``, ``search.standard=ISO 9001``) like the text, the kinds and the page.

The entity page shows the entity's facts with their sources (IRIs link to their own pages),
the links into and out of it (25 at a time), its neighbourhood drawn, and its description as
Turtle or JSON-LD.
"""

from __future__ import annotations

import streamlit as st

from graph.errors import AccredigraphError
from graph.explore import name_index, number_index
from graph.explore.entity import entity_rdf
from graph.explore.search import MATCH_LIMIT, SEARCH_KINDS
from graph.ingest.overlay import USER_SUPPLIED
from graph.vocab.namespaces import PROV

from . import warm
from .common import (
    code,
    entity_link,
    error_box,
    expanded_nodes,
    md,
    offer_download,
    short_iri,
    show_diagram,
    small_table,
    source,
    store_at,
)
from .common import page as page_of
from .common import store as current_store
from .views import entity, found, links, neighbourhood_view, resolve
from .workspace import reading_caption

__all__ = ["page"]

PAGE_SIZE = 25
#: The entity page's links tabs (out, in): their key and query parameter.
LINKS_KEY = "links"
#: Search matches shown per page.
HITS = 20
#: Most values of a facet shown as buttons; the rest are in a drop-down beside them.
FACET_BUTTONS = 12
#: The facets a visitor can choose: URL parameter (and widget key) -> what it is called.
FACETS = {"search.country": "Country", "search.standard": "Standard"}
NOUNS = {"search.country": "countries", "search.standard": "standards"}


@st.cache_data(show_spinner=False, max_entries=64)
def _rdf(where: str | None, iri: str, fmt: str) -> str:
    return entity_rdf(store_at(where), iri, fmt=fmt)


@warm.task(order=50)
def _name_index() -> None:
    """The shared store's organisation name index, built if it has none (about 13 s at 1 M
    certificates), so that no visitor's search reads every name
    (:mod:`graph.explore.name_index`). Last: the pages' own shared work comes first."""
    name_index.ensure(current_store())


@warm.task(order=51)
def _number_index() -> None:
    """The shared store's number index, built if it has none, so that no visitor's search
    for the start of a number reads every number (:mod:`graph.explore.number_index`)."""
    number_index.ensure(current_store())


def _open(iri: str) -> None:
    st.query_params["entity"] = iri


def _pick() -> None:
    """Selectbox callback: open the suggestion picked."""
    iri = st.session_state.get("search.pick")
    if iri:
        _open(iri)
        st.session_state["search.pick"] = None


def _hit_line(hit) -> str:
    extra = f" · {hit.identifier}" if getattr(hit, "identifier", "") else ""
    return f"{hit.label} ({hit.kind}{extra})"


def _chosen(key: str) -> str | None:
    """A facet's value: the URL's (``search.country=GB``), so a link, reload and Back show it."""
    return st.query_params.get(key) or None


def _choose(key: str, value: str | None) -> None:
    """Put a facet's value in the URL (a new history entry) and start again at page 1."""
    if value:
        st.query_params[key] = value
    elif key in st.query_params:
        del st.query_params[key]
    st.session_state["search.page"] = 1


def _picked(key: str) -> None:
    """A facet's button was pressed (or pressed again, to clear it)."""
    _choose(key, st.session_state.get(key))


def _take_more(key: str) -> None:
    """A value picked from a facet's drop-down becomes the facet's value."""
    picked = st.session_state.get(f"{key}.more")
    if picked:
        _choose(key, picked)
        st.session_state[f"{key}.more"] = None


def _facet(key: str, counts: tuple[tuple[str, int], ...], chosen: str | None, result) -> None:
    """One facet: its values with their counts as buttons (the most frequent first; the rest
    in a drop-down), the chosen one selected; pressing it again clears it.

    The URL holds the value, not the widget (a widget bound to the URL would write its label,
    count included): the buttons show what the URL says, and a press writes the URL.
    """
    numbers = dict(counts)
    values = [value for value, _ in counts]
    shown = values[:FACET_BUTTONS]
    if chosen and chosen not in shown:
        shown.append(chosen)  # kept selectable (to clear it) even where it has no match now
    if not shown:
        return
    st.session_state[key] = chosen  # after Back or a pasted link, as the URL says
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    with left:
        st.pills(
            FACETS[key],
            shown,
            format_func=lambda v: f"{v} · {result.count_in_words(numbers.get(v, 0))}",
            key=key,
            on_change=_picked,
            args=(key,),
            wrap=True,
        )
    rest = [value for value in values if value not in shown]
    if rest:
        with right:
            st.selectbox(
                f"Other {NOUNS[key]}",
                rest,
                format_func=lambda v: f"{v} · {result.count_in_words(numbers[v])}",
                index=None,
                key=f"{key}.more",
                on_change=_take_more,
                args=(key,),
                placeholder=f"{len(rest)} more",
            )


def search_box() -> None:
    """The search box, its suggestions, and a list of hits linking to their entity pages."""
    left, right = st.columns([3, 2])
    with left:
        text = st.text_input(
            "Search the graph",
            key="search.text",
            bind="query-params",
            placeholder="UKAS, ISO 9001, Northwind, S-C-0001, GB …",
            help="Names, acronyms, ids, standard designations; press Enter.",
        )
    with right:
        kinds = st.multiselect(
            "Only these kinds",
            list(SEARCH_KINDS),
            key="search.kinds",
            bind="query-params",
            placeholder="all kinds",
        )
    if not text.strip():
        st.caption("Type a name, an id or a designation and press Enter.")
        return
    # the page bound to the URL: in the session once its widget has run, else in the URL
    page_number = int(st.session_state.get("search.page") or st.query_params.get("search.page")
                      or 1)  # fmt: skip
    filters = {"country": _chosen("search.country"), "standard": _chosen("search.standard")}
    try:
        try:
            result = found(text, kinds=tuple(kinds) or None, offset=(page_number - 1) * HITS,
                           limit=HITS, **filters)  # fmt: skip
        except AccredigraphError as exc:  # a country or standard from a link that is not one
            if not any(filters.values()):
                raise
            error_box(exc)
            for key in FACETS:
                if key in st.query_params:
                    del st.query_params[key]
            filters = {"country": None, "standard": None}
            result = found(text, kinds=tuple(kinds) or None, limit=HITS)
        if result.total and not result.hits:  # a page past the end (another search's page)
            st.session_state["search.page"] = page_number = 1
            result = found(text, kinds=tuple(kinds) or None, limit=HITS, **filters)
    except AccredigraphError as exc:
        error_box(exc)
        return
    if not result.total and not any(filters.values()):
        st.info("Nothing matches. Try part of a name, an acronym, an id, a designation such as "
                "ISO 9001, or a country.")  # fmt: skip
        return
    for key, value in (("search.country", result.country), ("search.standard", result.standard)):
        if value and value != _chosen(key):  # "gb", "iso 9001" in a link: as the facet says it
            st.query_params[key] = value
    facets = " · ".join(f"{kind} {count}" for kind, count in result.by_kind)
    st.caption(md(f"Matches {result.in_words()}" + (f" — {facets}" if facets else "")))
    _facet("search.country", result.by_country, result.country, result)
    _facet("search.standard", result.by_standard, result.standard, result)
    if not result.exact and (result.by_country or result.by_standard):
        st.caption(f"n+: at least n. The search stopped reading at {MATCH_LIMIT:,} matches "
                   "of a kind; narrow it to count them all.")  # fmt: skip
    if not result.total:
        st.info("Nothing matches with this country and standard: choose another, or click the "
                "chosen one again to clear it.")  # fmt: skip
        return
    pages = -(-result.total // HITS)
    if pages > 1:
        st.number_input("Page", min_value=1, max_value=pages, step=1, key="search.page",
                        bind="query-params")  # fmt: skip
    shown = result.hits
    if not shown:
        return
    labels = {h.iri: _hit_line(h) for h in shown}
    st.selectbox(
        f"{len(shown)} suggestion{'s' if len(shown) != 1 else ''} on this page",
        list(labels),
        format_func=labels.get,
        index=None,
        key="search.pick",
        on_change=_pick,
        placeholder="Pick one to open its page",
    )
    for h in shown:
        cols = st.columns([3, 1, 2])
        with cols[0]:
            entity_link(h.iri, h.label)
        cols[1].caption(md(h.kind))
        cols[2].caption(md(" · ".join(str(x) for x in (h.identifier, h.detail) if x)))


def user_supplied_words(described) -> str | None:
    """ "user-supplied (upload of <time>)" for an entity a visitor uploaded, else ``None``."""
    facts = {f.predicate: f for f in described.facts}
    if USER_SUPPLIED not in facts:
        return None
    upload = facts.get(PROV + "wasGeneratedBy")
    when = md(upload.value_label) if upload and upload.value_label else "an upload"
    return (
        f"**User-supplied ({when})**: this comes from a visitor's upload into their own "
        "workspace, not from the bundled, sourced data."
    )


def _facts(described) -> None:
    literals = []
    for fact in described.facts:
        if fact.is_iri:
            continue
        literals.append(
            {
                "property": fact.predicate_label or short_iri(fact.predicate),
                "value": str(fact.value_label or fact.value),
            }
        )
    if literals:
        small_table(literals, alt="The entity's values")
    iri_facts = [f for f in described.facts if f.is_iri]
    if iri_facts:
        st.markdown("**Links to other entities**")
        for fact in iri_facts[:200]:
            cols = st.columns([1, 2])
            cols[0].caption(md(fact.predicate_label or short_iri(fact.predicate)))
            with cols[1]:
                entity_link(str(fact.value), fact.value_label)
        if len(iri_facts) > 200:
            st.caption(f"… and {len(iri_facts) - 200} more: see the links out below.")
    if described.sources:
        st.markdown("**Sources**")
        st.markdown("\n".join(f"- {code(source)}" for source in described.sources))


def _row_cells(row) -> tuple[str, str, str]:
    """(predicate label, other IRI, other label) of one link row."""
    predicate = getattr(row, "predicate_label", None) or short_iri(getattr(row, "predicate", ""))
    other = getattr(row, "iri", None) or getattr(row, "value", None) or getattr(row, "other", "")
    label = getattr(row, "label", None) or getattr(row, "value_label", None) or short_iri(other)
    return str(predicate), str(other), str(label)


def _links(iri: str, direction: str) -> None:
    param = direction
    try:
        offset = max(0, int(st.query_params.get(param, "0")))
    except ValueError:
        offset = 0
    try:
        chunk = links(iri, direction, offset, PAGE_SIZE)
    except AccredigraphError as exc:
        error_box(exc)
        return
    if chunk.total == 0:
        st.caption("None.")
        return
    end = chunk.offset + len(chunk.rows)
    st.caption(f"{chunk.offset + 1:,}–{end:,} of {chunk.of}")
    for row in chunk.rows:
        predicate, other, label = _row_cells(row)
        cols = st.columns([1, 2, 1])
        cols[0].caption(md(predicate))
        with cols[1]:
            entity_link(other, label)
        kind = getattr(row, "kind", "")
        cols[2].caption(md(kind))
    prev_col, next_col, _ = st.columns([1, 1, 4])
    if prev_col.button("◀ Previous", key=f"search.{direction}.prev", disabled=chunk.offset == 0):
        st.query_params[param] = str(max(0, chunk.offset - PAGE_SIZE))
        st.rerun()
    if next_col.button("Next ▶", key=f"search.{direction}.next", disabled=not chunk.has_more):
        st.query_params[param] = str(chunk.offset + PAGE_SIZE)
        st.rerun()


def entity_page(iri: str) -> None:
    """The page of one entity."""
    try:
        described = entity(iri)
    except AccredigraphError as exc:
        error_box(exc)
        return
    if described is None:
        st.title("Not in the graph")
        st.warning("No entity with this IRI is in the graph.")
        st.code(iri, language=None)
        return
    st.title(md(described.label))
    st.caption(md(" · ".join(described.kinds)) + "  \n" + code(iri))
    if words := user_supplied_words(described):
        st.warning(words, icon=":material/person_alert:")
    if described.comment:
        st.markdown(md(described.comment))
    left, right = st.columns([1, 1.3], gap="large")
    with left:
        st.subheader("Facts")
        _facts(described)
        downloads = st.columns(2)
        name = short_iri(iri).replace(":", "-").replace("/", "-")
        for col, fmt, label, mime in (
            (downloads[0], "ttl", "Turtle", "text/turtle"),
            (downloads[1], "jsonld", "JSON-LD", "application/ld+json"),
        ):
            try:
                text = _rdf(source(), iri, fmt)
            except AccredigraphError as exc:
                error_box(exc)
                continue
            offer_download(
                col,
                f"Download as {label}",
                text,
                file_name=f"{name}.{fmt}",
                mime=mime,
                key=f"search.download.{fmt}",
                icon=":material/download:",
            )
    with right:
        st.subheader("Neighbourhood")
        expanded = expanded_nodes()
        try:
            view = neighbourhood_view(iri, depth=1, cap=80, caption=described.label, height=520,
                                      expanded=expanded, expandable=True)  # fmt: skip
        except AccredigraphError as exc:
            error_box(exc)
        else:
            st.caption(view.note)
            show_diagram(view.html, name=f"entity-{name}", height=520, caption=described.label)
            st.page_link(
                page_of("explore"),
                label="Explore further from here",
                query_params={"focus": iri, **({"expand": list(expanded)} if expanded else {})},
                icon=":material/hub:",
            )
    # Only the chosen tab is drawn (in the URL: ``?links=Links+in``); each holds a page of
    # links, about 180 elements, which a first visit's browser pays for even unopened.
    out_tab, in_tab = st.tabs(["Links out", "Links in"], key=LINKS_KEY, bind="query-params")
    if out_tab.open is not False:
        with out_tab:
            _links(iri, "out")
    if in_tab.open:
        with in_tab:
            _links(iri, "in")


def page() -> None:
    """The Search and entity page."""
    iri = st.query_params.get("entity")
    if iri and (known := resolve(iri)) and known != iri:
        # ids in any case, designations: the URL takes the entity's own IRI
        st.query_params["entity"] = iri = known
    if iri:
        st.page_link(page_of("search"), label="Back to search", icon=":material/arrow_back:")
        entity_page(iri)
        return
    st.title("Search and entities")
    reading_caption()
    st.markdown("Every node of the graph has a page: find it by name, acronym, id or standard.")
    search_box()
