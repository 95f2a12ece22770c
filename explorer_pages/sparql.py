"""SPARQL: the named-query library (with parameters as form fields) and an editor.

The URL reproduces what is shown: ``?named=<name>&p.<param>=<value>`` for a named query,
``?query=<text>`` for SPARQL typed in the editor, ``?example=<name>`` for an example; opening
such a URL runs the query. A long list (a named query with ``# page:``) shows a page at a time:
"Next" puts the last row's values in its next-page parameters (``p.afterDate``, ``p.afterId`` …),
so the URL holds the page too. Queries are read-only (updates are refused) and stopped at the time
limit; the table is capped at the row cap, with a visible notice when that cut it short, and
every row can still be downloaded (:mod:`explorer_pages.sparql_results`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
import streamlit as st

from graph import sparql
from graph.errors import QueryBusy, QueryError, QuerySyntaxError, QueryTimeout, ReadOnlyError
from graph.explore.triples import triples_to_graph
from graph.query import completions, load_named, named_queries, run_named, walk_named
from graph.sparql import Boolean, Rows, Triples, query_form
from graph.vocab.namespaces import PREFIXES

from . import warm
from .common import SETTINGS, busy_notice, code, md, source, store_at
from .editor import editor_completions, error_place, sparql_editor
from .sparql_results import (
    DOWNLOAD_ROW_CAP,
    VIEW_KEY,
    ResultView,
    RowDownloads,
    iri_columns,
    pager,
    show_result,
)
from .views import graph_view

__all__ = ["AUDIENCES", "EXAMPLES", "ResultView", "page", "run_query"]

#: The audiences of the library, in the order shown ("internal" queries are not shown).
AUDIENCES = ("buyer", "trainer", "analyst", "student")
#: The editor's examples (``?example=<name>``), each checked against a count made another way
#: (tests/app/test_sparql_examples.py).
EXAMPLES = {
    "ea-members": (
        "Members of EA, the European regional group, today",
        """# Every accreditation body recorded as a member of EA today, with how sure we are of it.
# Memberships are org:Membership nodes (member, organisation, role, confidence, and first and
# last day where known: ag:validFrom, ag:validUntil): the shortcut org:memberOf is written
# only for confirmed memberships with no end, so it undercounts.
SELECT ?ab ?name ?country ?role ?confidence WHERE {
  ?membership a org:Membership ; org:organization ?group ; org:member ?ab .
  ?group ag:acronym "EA" .
  # A membership that ended before today is left out (BSCA's ended on 2023-05-23).
  FILTER NOT EXISTS { ?membership ag:validUntil ?end FILTER(STR(?end) < SUBSTR(STR(NOW()), 1, 10)) }
  ?ab a ag:AccreditationBody ; rdfs:label ?name .
  OPTIONAL { ?ab schema:address/schema:addressCountry ?country }
  OPTIONAL { ?membership org:role ?r }
  OPTIONAL { ?membership ag:confidence ?c }
  BIND(STRAFTER(STR(?r), "membership-role/") AS ?role)
  BIND(STRAFTER(STR(?c), "confidence/") AS ?confidence)
}
ORDER BY ?confidence ?name
""",
    ),
    "bodies-per-country": (
        "Accreditation bodies per country (with a map)",
        """# How many accreditation bodies the graph has in each country.
SELECT ?country (COUNT(DISTINCT ?ab) AS ?bodies) WHERE {
  ?ab a ag:AccreditationBody ; schema:address/schema:addressCountry ?country .
}
GROUP BY ?country
ORDER BY DESC(?bodies) ?country
""",
    ),
}
EXAMPLE = EXAMPLES["ea-members"][1]


def _plain(value: Any) -> Any:
    """Values a table and a chart can hold: numbers stay numbers, the rest becomes text."""
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def run_query(
    store,
    *,
    text: str | None = None,
    named: str | None = None,
    params: dict[str, str] | None = None,
) -> ResultView:
    """Run ad-hoc ``text`` or the named query ``named`` with ``params``, as a :class:`ResultView`.

    Raises :class:`ReadOnlyError` for updates, :class:`QueryTimeout` past the time limit and
    :class:`QueryError` for anything else wrong with the query.
    """
    started = time.perf_counter()
    if named:
        result = run_named(
            store, named, params or {}, row_cap=SETTINGS.row_cap, timeout=SETTINGS.query_timeout
        )
    else:
        result = sparql.run(
            store, text or "", row_cap=SETTINGS.row_cap, timeout=SETTINGS.query_timeout
        )
    seconds = time.perf_counter() - started
    if isinstance(result, Rows):
        records = tuple({k: _plain(v) for k, v in r.items()} for r in result.records())
        return ResultView(
            "SELECT",
            seconds,
            tuple(result.variables),
            records,
            result.truncated,
            result.row_cap,
            # the SPARQL 1.1 results formats, as the CLI and the endpoint write them, each
            # written when asked for
            downloads=RowDownloads(result),
            iris=iri_columns(result),
        )
    if isinstance(result, Boolean):
        return ResultView(
            "ASK",
            seconds,
            boolean=result.value,
            downloads={"json": result.encode(ox.QueryResultsFormat.JSON).decode()},
        )
    assert isinstance(result, Triples)
    graph = triples_to_graph(result.triples, cap=SETTINGS.node_cap)
    drawn = graph_view(graph, caption="Query result", height=600)
    note = (
        f"Showing {drawn.shown} nodes of the {len(result.triples)} triples' subjects and "
        "objects (the node cap)."
        if graph.graph.get("capped")
        else drawn.note
    )
    return ResultView(
        "GRAPH",
        seconds,
        truncated=result.truncated,
        row_cap=SETTINGS.row_cap * 10 if result.truncated else None,
        triples=len(result.triples),
        html=drawn.html,
        note=note,
        downloads={
            "ttl": result.serialize("ttl"),
            "jsonld": result.serialize("jsonld"),
            "nt": result.serialize("nt"),
        },
    )


@st.cache_data(show_spinner="Running the query…", max_entries=64)
def _run(
    where: str | None, text: str | None, named: str | None, params: tuple[tuple[str, str], ...]
) -> ResultView:
    return run_query(store_at(where), text=text, named=named, params=dict(params))


def fetch_all(
    store,
    *,
    text: str | None = None,
    named: str | None = None,
    params: dict[str, str] | None = None,
) -> Rows:
    """Every row of a SELECT (up to :data:`DOWNLOAD_ROW_CAP`, and the answer-size limit), for a
    download of a result the table's row cap cut. A long list (a paged named query) is read
    a page at a time (:func:`walked`)."""
    if named and load_named(named).after:
        return walked(store, named, params or {})
    if named:
        result = run_named(
            store, named, params or {}, row_cap=DOWNLOAD_ROW_CAP, timeout=SETTINGS.query_timeout
        )
    else:
        result = sparql.run(
            store, text or "", row_cap=DOWNLOAD_ROW_CAP, timeout=SETTINGS.query_timeout
        )
    if not isinstance(result, Rows):
        raise QueryError("only the rows of a SELECT query are downloaded this way")
    return result


def walked(store, named: str, params: dict[str, str]) -> Rows:
    """Every row of the paged named query ``named``, read a page at a time
    (:func:`graph.query.walk_named`): each page within the query time limit, so a list too
    long for one query within it still downloads, and all of them within
    ``SETTINGS.download_timeout``, at most :data:`DOWNLOAD_ROW_CAP` rows. Cut by the row cap,
    the answer's ``row_cap`` says so; cut by the time, its ``row_cap`` is ``None``."""
    variables: list[str] = []
    rows: list[tuple] = []
    truncated, cap = False, None
    for page in walk_named(store, named, params, timeout=SETTINGS.query_timeout,
                           budget=SETTINGS.download_timeout):  # fmt: skip
        variables, truncated, room = page.variables, page.truncated, DOWNLOAD_ROW_CAP - len(rows)
        rows += page.rows[:room]
        if len(page.rows) > room or (len(page.rows) == room and truncated):
            truncated, cap = True, DOWNLOAD_ROW_CAP
            break
    return Rows(variables, rows, truncated, cap)


# --- the library ------------------------------------------------------------------------------


def _library() -> str | None:
    """The named queries grouped by audience; returns the one chosen (``?named=``)."""
    queries = {n: q for n, q in named_queries().items() if q.audience in AUDIENCES}
    current = st.query_params.get("named")
    if current not in queries:
        current = None
    if current and st.session_state.get("_sparql.shown") != current:
        st.session_state["sparql.audience"] = queries[current].audience
    st.session_state["_sparql.shown"] = current
    st.session_state.setdefault("sparql.audience", AUDIENCES[0])
    audience = st.pills("Audience", AUDIENCES, key="sparql.audience") or AUDIENCES[0]
    names = sorted(
        (n for n, q in queries.items() if q.audience == audience),
        key=lambda n: queries[n].title.lower(),
    )
    key = f"sparql.lib.{audience}"
    st.session_state[key] = current if current in names else None

    def chosen() -> None:
        name = st.session_state.get(key)
        if name:
            _start_over()
            st.query_params["named"] = name

    with st.container(height=560, border=False):
        st.radio(
            f"{len(names)} queries for the {audience}",
            names,
            key=key,
            on_change=chosen,
            format_func=lambda n: queries[n].title,
        )
    return current


@warm.task(order=40)
def _named_forms() -> None:
    """Check the text of every listed named query once, before a visitor opens one: the form
    shown above its parameters (SELECT, CONSTRUCT …) comes from the SPARQL guard's parse,
    about 0.1 s a query the first time (kept: the guard caches its verdicts)."""
    for query in named_queries().values():
        if query.audience != "internal":
            query_form(query.text)


def _named_form(name: str) -> dict[str, str] | None:
    """The named query's description and its parameters as form fields; returns the values."""
    query = named_queries()[name]
    st.subheader(md(query.title))
    st.markdown(md(query.description))
    st.caption(f"audience: {query.audience} · {query.form} · named query `{name}`")
    values = {p.name: st.query_params.get(f"p.{p.name}", p.default) for p in query.params}
    with st.form(key=f"sparql.form.{name}", border=bool(query.params)):
        for p in query.params:
            key = f"sparql.p.{name}.{p.name}"
            st.session_state.setdefault(key, values[p.name])  # the "Next" button may set it
            values[p.name] = st.text_input(f"{p.label} ({p.kind})", key=key)
        submitted = st.form_submit_button("Run", type="primary", icon=":material/play_arrow:")
    # Drawn only once opened: Streamlit's code box loads a 1.5 MB highlighter, about 0.2 s
    # more on a person's first visit (docs/scale.md, "Code boxes drawn on demand").
    text_box = st.expander("The query text", key=f"sparql.text.{name}", on_change="rerun")
    if text_box.open:
        with text_box:
            st.code(query.text, language="sparql")
    if submitted:
        _start_over()
        st.query_params["named"] = name
        for key, value in values.items():
            st.query_params[f"p.{key}"] = value
    if submitted or st.query_params.get("run", "1") == "1":
        return values
    return None


def _start_over() -> None:
    """Drop the URL's query parameters for a new query, all but the result's view (Table,
    Chart, Map: bound to its tabs, which Streamlit alone may change)."""
    for key in [k for k in st.query_params if k != VIEW_KEY]:
        del st.query_params[key]


@st.cache_data(show_spinner=False, max_entries=8)
def _completions(where: str | None) -> list[dict[str, Any]]:
    """The editor's completion options for the graph at ``where`` (a few thousand at most)."""
    return editor_completions(completions(store_at(where), timeout=SETTINGS.query_timeout))


def _editor_text() -> tuple[str, str | None]:
    """What the editor shows, and the text to run: the URL's ``query`` or ``example``."""
    url_text = st.query_params.get("query")
    example = EXAMPLES.get(st.query_params.get("example", ""))
    if url_text:
        return url_text, url_text
    if example:
        return example[1], example[1]
    return EXAMPLE, None


def _examples() -> None:
    """The examples as links that open and run them (``?example=<name>``)."""
    cols = st.columns(len(EXAMPLES))
    for col, (name, (title, _)) in zip(cols, EXAMPLES.items(), strict=True):
        if col.button(title, key=f"sparql.example.{name}", icon=":material/lightbulb:"):
            _start_over()
            st.query_params["example"] = name
            st.rerun()


def _editor(box: Any, shown: str, problem: str | None) -> None:
    """The SPARQL editor in ``box``, with ``problem`` marked where it says; Run puts the text
    in the URL (``?query=``) and runs it."""
    with box:
        _examples()
        st.caption(
            "Read-only SPARQL. Declared for you: "
            + ", ".join(f"`{p}:`" for p in PREFIXES)
            + ". Ctrl+Space completes prefixes, this graph's classes and properties and "
            "SPARQL's keywords; Ctrl+Enter runs."
        )
        edited = sparql_editor(
            shown,
            completions=_completions(source()),
            error=error_place(problem) if problem else None,
            key="sparql.editor",
        )
    if edited.run and edited.text.strip():
        _start_over()
        st.query_params["query"] = edited.text
        st.rerun()


def _refusal(exc: QueryError) -> str:
    """What the page says about a query that did not run."""
    if isinstance(exc, ReadOnlyError):
        return (
            "Updates are refused: this explorer only reads the graph. Use SELECT, ASK, "
            "CONSTRUCT or DESCRIBE (INSERT, DELETE, LOAD, CLEAR, DROP are not run)."
        )
    if isinstance(exc, QueryTimeout):
        return (
            f"The query ran past the time limit of {SETTINGS.query_timeout:g} s and was "
            "stopped. Narrow it (a LIMIT, a more selective pattern) and try again."
        )
    return str(exc)


def page() -> None:
    """The SPARQL page."""
    st.title("SPARQL")
    st.markdown(
        "The named-query library, by audience, or your own SPARQL. Queries are "
        "read-only; every result can be downloaded; the URL reproduces the query."
    )
    library, main = st.columns([1.4, 3], gap="large")
    with library:
        st.subheader("Library")
        named = _library()
    with main:
        text = shown = None
        params = _named_form(named) if named else None
        if named:
            if st.button("Write my own SPARQL instead", key="sparql.own"):
                _start_over()
                st.rerun()
        else:
            shown, text = _editor_text()
        box = st.container()
        view, failed = None, None
        if (named and params is not None) or text:
            try:
                view = _run(
                    source(), None if named else text, named, tuple(sorted((params or {}).items()))
                )
            except QueryError as exc:
                failed = exc
        if not named:
            syntax = str(failed) if isinstance(failed, QuerySyntaxError) else None
            _editor(box, shown or "", syntax)
        if isinstance(failed, QueryBusy):
            busy_notice(failed)
            return
        if failed is not None:
            icon = ":material/block:" if isinstance(failed, ReadOnlyError) else ":material/error:"
            st.error(md(_refusal(failed)), icon=icon)
            return
        if view is None:
            return
        example = st.query_params.get("example")
        if named:
            share = {"named": named, **{f"p.{k}": v for k, v in (params or {}).items()}}
        elif example in EXAMPLES and not st.query_params.get("query"):
            share = {"example": example}
        else:
            share = {"query": text}
        _share_link("?" + urlencode(share))
        if named:
            pager(named, params or {}, view)
        show_result(
            view, named or "query", _fetcher(named, text, params), repr(sorted(share.items()))
        )


def _share_link(link: str) -> None:
    """The URL's query string that reproduces the result, as a link (no code box: see the
    query text's expander)."""
    st.caption("This page's URL reproduces the query: copy it from the address bar, or this link:")
    st.markdown(f"[{code(link)}]({link})")


def _fetcher(
    named: str | None, text: str | None, params: dict[str, str] | None
) -> Callable[[], Rows]:
    where = source()
    return lambda: fetch_all(store_at(where), text=text, named=named, params=params)
