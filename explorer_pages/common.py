"""What every page shares: the store, cached results, URL state, safe text, links and diagrams.

The shared store is opened once per server process (``st.cache_resource``); results are cached
per store location with ``st.cache_data`` and cleared when an import changes the store. A
visitor who uploaded a register also has a workspace of their own (``explorer_pages.workspace``),
held in their session and known here by an unguessable token (``workspace:<random>``, new at each
upload): :func:`source` is the location the visitor reads (the shared store's, or that token
when they chose "my upload") and :func:`store_at` opens either, so every cached result is keyed
by what it was computed on and one visitor's upload never shows in another's pages. Nothing in
here writes SPARQL: it calls ``graph`` functions and named queries.
"""

from __future__ import annotations

import argparse
import contextlib
import contextvars
import re
import sys
import uuid
import weakref
from collections.abc import Iterator, Mapping, Sequence
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from graph.drawing.download import with_link_base
from graph.drawing.png import to_png
from graph.drawing.svg import to_svg
from graph.errors import QueryBusy
from graph.query import run_named
from graph.settings import Settings
from graph.sparql import Rows, Scheduler, as_client, python_value
from graph.store import Store
from graph.workspace import open_workspace

from .vis import framed

__all__ = [
    "SETTINGS",
    "code",
    "entity_link",
    "expanded_nodes",
    "location",
    "md",
    "named_records",
    "offer_download",
    "page",
    "register_pages",
    "set_params",
    "show_diagram",
    "small_table",
    "source",
    "store",
    "store_at",
    "sync_url",
    "visitor_turns",
    "warming",
]


def _overrides() -> list[str]:
    """``--setting NAME=VALUE`` pairs given after ``--`` on the ``streamlit run`` line."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--setting", action="append", default=[])
    args, _ = parser.parse_known_args(sys.argv[1:])
    return list(args.setting)


#: The app's limits: the defaults of :class:`~graph.settings.Settings`, changed by the operator
#: with ``--setting NAME=VALUE`` (docs/security.md, "Limits").
SETTINGS = Settings().with_overrides(_overrides())

#: The pages of the running app, by name; ``app.py`` registers them on every run.
_PAGES: dict[str, Any] = {}


def register_pages(pages: Mapping[str, Any]) -> None:
    """Remember the ``st.Page`` objects so pages can link to each other."""
    _PAGES.clear()
    _PAGES.update(pages)


def page(name: str) -> Any:
    """The ``st.Page`` called ``name`` (``learn``, ``search``, ``explore`` …)."""
    return _PAGES[name]


# --- the store ------------------------------------------------------------------------------


def location() -> str | None:
    """The store location given after ``--`` on the ``streamlit run`` line (``--store``)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--store")
    args, _ = parser.parse_known_args(sys.argv[1:])
    return args.store


def allow_import() -> bool:
    """Whether the operator started the app with ``--allow-import`` (after ``--``): only then
    does the Data page import into the shared store, changing what every visitor sees."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--allow-import", action="store_true")
    args, _ = parser.parse_known_args(sys.argv[1:])
    return bool(args.allow_import)


@st.cache_resource(show_spinner="Opening the graph…", max_entries=4)
def _shared_store_at(where: str | None) -> Store:
    return open_workspace(where, quiet=True)


#: Prefix of a visitor's workspace token (``workspace:<random>``).
WORKSPACE = "workspace:"
#: Token -> the visitor's workspace store. The session holds the store; when the session ends
#: the store goes, and so does its entry here.
WORKSPACES: weakref.WeakValueDictionary[str, Store] = weakref.WeakValueDictionary()
#: Session-state keys: the visitor's workspace token, and what they chose to read.
TOKEN_KEY, READ_KEY = "workspace.token", "workspace.read"
SHARED, MINE = "the shared graph", "my upload"


def store_at(where: str | None) -> Store:
    """The store at ``where``: a location (the shared store, opened once per process) or a
    visitor's workspace token."""
    if where is not None and where.startswith(WORKSPACE):
        return WORKSPACES[where]
    return _shared_store_at(where)


#: The store location read by work done for every visitor at once (``explorer_pages.warm``),
#: outside any visitor's session; unset in a visitor's run.
_WARMING: contextvars.ContextVar[tuple[str | None] | None] = contextvars.ContextVar(
    "accredigraph_warming", default=None
)


@contextlib.contextmanager
def warming(where: str | None) -> Iterator[None]:
    """In the block, :func:`source` is the shared store at ``where`` (no session is asked):
    the pages' own functions then fill the cache every visitor reads."""
    token = _WARMING.set((where,))
    try:
        yield
    finally:
        _WARMING.reset(token)


def source() -> str | None:
    """What this visitor reads: their workspace's token when they chose "my upload" (and still
    have it), else the shared store's location."""
    if (shared := _WARMING.get()) is not None:
        return shared[0]
    token = st.session_state.get(TOKEN_KEY)
    if st.session_state.get(READ_KEY) == MINE and token in WORKSPACES:
        return token
    return location()


def store() -> Store:
    """The store this visitor reads (:func:`source`)."""
    return store_at(source())


@st.cache_data(show_spinner=False, max_entries=256)
def _named(where: str | None, name: str, params: tuple[tuple[str, str], ...], cap: int | None):
    result = run_named(
        store_at(where), name, dict(params), row_cap=cap, timeout=SETTINGS.query_timeout
    )
    assert isinstance(result, Rows)
    return result.records()


def named_records(
    name: str, params: Mapping[str, str] | None = None, *, cap: int | None = 1000
) -> list[dict[str, Any]]:
    """The rows of a named SELECT query as plain dicts, cached per store."""
    return _named(source(), name, tuple(sorted((params or {}).items())), cap)


# --- turns -----------------------------------------------------------------------------------

#: The process's scheduler: every visitor's queries with a time limit take their turns from it.
_SCHEDULER: list[Scheduler] = []
#: Session-state key of the visitor's anonymous id for the scheduler.
VISITOR_ID = "turns.visitor"


def scheduler() -> Scheduler:
    """The one scheduler of this server process (docs/security.md, "Limits")."""
    if not _SCHEDULER:
        _SCHEDULER.append(Scheduler(
            slots=SETTINGS.query_slots, per_client=SETTINGS.visitor_slots,
            client_queue=SETTINGS.client_queue, queue_limit=SETTINGS.queue_limit,
            long_after=SETTINGS.long_query_after, max_long=SETTINGS.long_query_slots,
        ))  # fmt: skip
    return _SCHEDULER[0]


@contextlib.contextmanager
def visitor_turns() -> Iterator[None]:
    """Run the page with this visitor's queries taking turns (at most
    :attr:`~graph.settings.Settings.visitor_slots` at once); a query that gets no turn ends the
    page with a plain notice ("Your other query is still running …")."""
    visitor = st.session_state.setdefault(VISITOR_ID, uuid.uuid4().hex)
    with as_client(scheduler(), visitor, wait=SETTINGS.visitor_wait):
        try:
            yield
        except QueryBusy as busy:
            busy_notice(busy)


def busy_notice(busy: QueryBusy) -> None:
    """Say plainly why a query got no turn and when to try again."""
    text = str(busy)
    st.warning(md(text[:1].upper() + text[1:] + "."), icon=":material/hourglass_top:")


# --- URL state ------------------------------------------------------------------------------


def set_params(**values: Any) -> None:
    """Write page state to the URL (``None`` removes a parameter)."""
    for name, value in values.items():
        if value is None or value == "":
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != str(value):
            st.query_params[name] = str(value)


def sync_url() -> None:
    """Put this run's query parameters in the address bar (once per run, before the page).

    Streamlit 1.67 runs a ``st.page_link`` to the page already shown with the link's query
    string but leaves the address bar as it was, so reload, Back and a copied link lose the
    view. Sending the parameters back makes the browser push them as a history entry when
    they differ from its address (it compares the text, so a pasted link already showing
    them adds nothing); after Back or Forward it replaces instead, so history stays whole.
    """
    st.query_params.update()


#: The most nodes a drawing expands in place (``?expand=<IRI>``, one per node clicked).
MAX_EXPANDED = 12


def expanded_nodes() -> tuple[str, ...]:
    """The nodes the URL asks to expand in place (``expand=<IRI>``, repeated), in the order
    they were clicked, at most :data:`MAX_EXPANDED`; with a button that undoes them all."""
    from graph.vocab.mint import is_iri

    asked = [
        iri
        for iri in st.query_params.get_all("expand")
        if iri.startswith(("https://", "http://")) and is_iri(iri)
    ]
    nodes = tuple(dict.fromkeys(asked))[:MAX_EXPANDED]
    if nodes:
        cols = st.columns([3, 1])
        cols[0].caption(
            f"Expanded in place: {len(nodes)} node{'s' if len(nodes) != 1 else ''} (click a "
            "node, then “Expand its neighbours here”; Back undoes the last one)."
        )
        if cols[1].button("Undo the expansions", key="expand.clear", icon=":material/undo:"):
            del st.query_params["expand"]
            st.rerun()
    return nodes


# --- safe text ------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:/$=^&\"'])")


def md(text: Any) -> str:
    """``text`` from the data, escaped so Markdown shows it literally (no links, no HTML)."""
    value = "" if text is None else str(python_value(text) if not isinstance(text, str) else text)
    return _MD_SPECIAL.sub(r"\\\1", value).replace("\n", " ")


def code(text: Any) -> str:
    """``text`` as inline code (Markdown shows code literally; only backticks need removing)."""
    return "`" + str(text).replace("`", "'") + "`"


def short_iri(iri: str) -> str:
    """An IRI with a known prefix shortened (``ag:Certificate``), for captions and tables."""
    from graph.vocab.namespaces import PREFIXES

    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and len(iri) > len(base):
            return f"{prefix}:{iri[len(base) :]}"
    return iri


# --- links and diagrams ---------------------------------------------------------------------


def entity_link(iri: str, label: str | None = None, *, help: str | None = None) -> None:
    """A link to the entity page of ``iri`` (stays inside the app)."""
    st.page_link(
        page("search"),
        label=md(label or short_iri(iri)),
        query_params={"entity": iri},
        help=help or iri,
    )


def choose_entity(label: str, options: Mapping[str, str], *, key: str, noun: str) -> str | None:
    """A drop-down of entities (``options``: IRI -> what is shown) and, once one is chosen, the
    link to its entity page; returns the chosen IRI (``None`` until one is picked)."""
    chosen = st.selectbox(
        label,
        list(options),
        format_func=options.get,
        index=None,
        key=key,
        placeholder=f"{len(options)} {noun}",
    )
    if chosen:
        entity_link(chosen, options[chosen])
    return chosen


def _app_address() -> str:
    """The address of this page without its query (``http://host:port/learn``), or ""."""
    try:
        parts = urlsplit(str(st.context.url or ""))
    except (AttributeError, ValueError):
        return ""
    return f"{parts.scheme}://{parts.netloc}{parts.path or '/'}" if parts.netloc else ""


def show_diagram(
    html: str,
    *,
    name: str,
    height: int = 640,
    caption: str = "",
    download: bool = True,
    graph: Any = None,
    highlight: Any = None,
) -> None:
    """Draw a pyvis page (it needs JavaScript, so it goes in an iframe) and offer it as a file;
    with the networkx ``graph`` it draws, offer it as SVG and PNG too (for slides)."""
    # The page holds the caption, the canvas (``height`` px), a legend and a node list that
    # links each node to its entity page: let the frame grow to its content.
    st.iframe(framed(html), height="content", alt=caption or f"diagram: {name}")
    if not download:
        return
    stem = f"accredigraph-{re.sub(r'[^A-Za-z0-9._-]+', '-', name)}"
    columns = st.columns(3) if graph is not None else [st.container()]
    with columns[0]:
        offer_download(
            st,
            "Download this diagram (HTML, works offline)",
            # vis-network inlined, its entity links leading back to this app (also from a file
            # on disk); made when asked for, not sent with every visit
            data=partial(with_link_base, html, _app_address()),
            file_name=f"{stem}.html",
            mime="text/html",
            key=f"download.{name}",
            icon=":material/download:",
        )
    if graph is None:
        return
    with columns[1]:
        offer_download(
            st,
            "SVG (for slides)",
            data=lambda: to_svg(graph, caption=caption, highlight=highlight),
            file_name=f"{stem}.svg",
            mime="image/svg+xml",
            key=f"download.{name}.svg",
            icon=":material/image:",
        )
    with columns[2]:
        offer_download(
            st,
            "PNG (for slides)",
            data=lambda: to_png(graph, caption=caption, highlight=highlight),
            file_name=f"{stem}.png",
            mime="image/png",
            key=f"download.{name}.png",
            icon=":material/image:",
        )


def offer_download(where: Any, label: str, data: Any, **options: Any) -> None:
    """``where.download_button(label, data, **options)`` (``where``: ``st`` or a column) that
    reruns nothing when clicked. Every download of the app goes through here.

    A download changes nothing, and the rerun a click would start by default gives the page's
    other made-on-click files (``data`` a callable) new ids and revokes the old ones: a second
    download clicked during that rerun would ask for a revoked id and never arrive.
    """
    where.download_button(label, data, on_click="ignore", **options)


def small_table(rows: Sequence[Mapping[str, Any]], *, alt: str) -> None:
    """A table of a few dozen rows drawn as a static table: text escaped (its cells are
    Markdown), numbers as they are.

    Streamlit's data grid (``st.dataframe``) loads its code and draws on a canvas after the
    page's run: on a person's first visit that is 0.6-0.8 s more before the page is complete
    (docs/scale.md, "Small tables without the data grid"). Results a person sorts, scrolls or
    searches (SPARQL answers, supplier lists) keep the grid.
    """
    st.table(
        [{k: md(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows],
        hide_index=True,
        alt=alt,
    )


def error_box(exc: Exception) -> None:
    """An error the user can act on, as plain text."""
    st.error(md(str(exc)), icon=":material/error:")
