"""SPARQL: the named-query library (with parameters as form fields) and an editor.

The URL reproduces what is shown: ``?named=<name>&p.<param>=<value>`` for a named query,
``?query=<text>`` for SPARQL typed in the editor; opening such a URL runs the query. Queries
are read-only (updates are refused) and stopped at the time limit; results are capped at the
row cap, with a visible notice when that cut them short.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from graph import sparql
from graph.errors import QueryBusy, QueryError, QueryTimeout, ReadOnlyError
from graph.explore.triples import triples_to_graph
from graph.query import named_queries, run_named
from graph.sparql import Boolean, Rows, Triples
from graph.vocab.namespaces import sparql_prefixes

from .common import SETTINGS, busy_notice, entity_link, md, show_diagram, source, store_at
from .views import graph_view

__all__ = ["AUDIENCES", "ResultView", "page", "run_query"]

#: The audiences of the library, in the order shown ("internal" queries are not shown).
AUDIENCES = ("buyer", "trainer", "analyst", "student")
EXAMPLE = """
# Accreditation bodies and the regional groups they belong to
SELECT ?ab ?name ?group WHERE {
  ?ab a ag:AccreditationBody ; rdfs:label ?name ; org:memberOf ?g .
  ?g a ag:RegionalAccreditationGroup ; ag:acronym ?group .
}
ORDER BY ?group ?name
LIMIT 50
"""


@dataclass(frozen=True)
class ResultView:
    """A query result in the forms the page shows and offers for download."""

    form: str  # SELECT, ASK or GRAPH
    seconds: float
    variables: tuple[str, ...] = ()
    records: tuple[dict[str, Any], ...] = ()
    truncated: bool = False
    row_cap: int | None = None
    boolean: bool | None = None
    downloads: dict[str, str] = field(default_factory=dict)
    triples: int = 0
    html: str = ""
    note: str = ""


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
            downloads={  # the SPARQL 1.1 results formats, as the CLI and the endpoint write them
                fmt: result.encode(sparql.RESULT_FORMATS[fmt]).decode() for fmt in ("csv", "json")
            },
        )
    if isinstance(result, Boolean):
        return ResultView(
            "ASK", seconds, boolean=result.value, downloads={"json": result.to_json()}
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
            st.query_params.clear()
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


def _named_form(name: str) -> dict[str, str] | None:
    """The named query's description and its parameters as form fields; returns the values."""
    query = named_queries()[name]
    st.subheader(md(query.title))
    st.markdown(md(query.description))
    st.caption(f"audience: {query.audience} · {query.form} · named query `{name}`")
    values = {p.name: st.query_params.get(f"p.{p.name}", p.default) for p in query.params}
    with st.form(key=f"sparql.form.{name}", border=bool(query.params)):
        for p in query.params:
            values[p.name] = st.text_input(
                f"{p.label} ({p.kind})", value=values[p.name], key=f"sparql.p.{name}.{p.name}"
            )
        submitted = st.form_submit_button("Run", type="primary", icon=":material/play_arrow:")
    with st.expander("The query text"):
        st.code(query.text, language="sparql")
    if submitted:
        st.query_params.clear()
        st.query_params["named"] = name
        for key, value in values.items():
            st.query_params[f"p.{key}"] = value
    if submitted or st.query_params.get("run", "1") == "1":
        return values
    return None


def _editor() -> str | None:
    """The SPARQL editor; returns the text to run (from the URL or the Run button)."""
    url_text = st.query_params.get("query")
    if "sparql.text" not in st.session_state or (
        url_text and st.session_state.get("_url.sparql.text") != url_text
    ):
        st.session_state["sparql.text"] = url_text or sparql_prefixes() + "\n" + EXAMPLE
    st.session_state["_url.sparql.text"] = url_text
    text = st.text_area(
        "SPARQL (read-only; our prefixes are declared for you)", height=480, key="sparql.text"
    )
    if st.button("Run", type="primary", icon=":material/play_arrow:", key="sparql.run"):
        st.query_params.clear()
        st.query_params["query"] = text
        st.session_state["_url.sparql.text"] = text
        return text
    return url_text


# --- results ----------------------------------------------------------------------------------


def _numeric(records: tuple[dict[str, Any], ...], column: str) -> bool:
    values = [r.get(column) for r in records if r.get(column) is not None]
    return bool(values) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in values
    )


def _chart(view: ResultView) -> None:
    numeric = [v for v in view.variables if _numeric(view.records, v)]
    labels = [v for v in view.variables if v not in numeric]
    if not numeric or not labels:
        st.caption("A bar chart needs a label column and a numeric column.")
        return
    left, right = st.columns(2)
    x = left.selectbox(
        "Labels",
        labels,
        key="sparql.chart.x",
        index=max(0, len(labels) - 1) if len(labels) > 1 else 0,
    )
    y = right.selectbox("Values", numeric, key="sparql.chart.y")
    totals: dict[str, float] = {}
    for r in view.records:
        if r.get(y) is not None:
            key = str(r.get(x))
            totals[key] = totals.get(key, 0) + r[y]
    top = sorted(totals.items(), key=lambda kv: -kv[1])[:40]
    st.bar_chart(
        {x: [k for k, _ in top], y: [v for _, v in top]},
        x=x,
        y=y,
        horizontal=True,
        height=max(300, 22 * len(top)),
        sort=f"-{y}",
    )
    if len(totals) > len(top):
        st.caption(f"The {len(top)} largest of {len(totals)} labels.")


def _iris_in(view: ResultView) -> list[str]:
    found: dict[str, None] = {}
    for r in view.records:
        for value in r.values():
            if isinstance(value, str) and value.startswith(("http://", "https://")):
                found.setdefault(value)
                if len(found) >= 300:
                    return list(found)
    return list(found)


def _downloads(view: ResultView, stem: str) -> None:
    kinds = {
        "csv": ("CSV", "text/csv"),
        "json": ("JSON", "application/json"),
        "ttl": ("Turtle", "text/turtle"),
        "jsonld": ("JSON-LD", "application/ld+json"),
        "nt": ("N-Triples", "application/n-triples"),
    }
    cols = st.columns(max(1, len(view.downloads)) + 2)
    for col, (fmt, data) in zip(cols, view.downloads.items(), strict=False):
        label, mime = kinds[fmt]
        if view.truncated and view.row_cap:
            label += f" (the first {view.row_cap:,})"
        col.download_button(
            label,
            data,
            file_name=f"{stem}.{fmt}",
            mime=mime,
            key=f"sparql.download.{fmt}",
            icon=":material/download:",
        )


def show_result(view: ResultView, stem: str) -> None:
    """A result as a table, chart or graph, with its notices and downloads."""
    if view.form == "ASK":
        st.metric("Answer", "yes" if view.boolean else "no")
        _downloads(view, stem)
        return
    if view.form == "GRAPH":
        st.caption(f"{view.triples} triples in {view.seconds:.2f} s. {view.note}")
        if view.truncated:
            st.warning(f"Truncated at {view.row_cap} triples: the result has more.")
        graph_tab, text_tab = st.tabs(["Graph", "Turtle"])
        with graph_tab:
            if view.triples:
                show_diagram(view.html, name=f"{stem}-graph", height=600, caption="Query result")
            else:
                st.caption("No triples.")
        with text_tab:
            st.code(view.downloads["ttl"][:100_000], language="turtle")
        _downloads(view, stem)
        return
    st.caption(
        f"{len(view.records)} row{'s' if len(view.records) != 1 else ''} in {view.seconds:.2f} s"
    )
    if view.truncated:
        st.warning(
            f"Truncated at {view.row_cap} rows: the query has more results, and the downloads "
            "below hold these rows only. Add a LIMIT, a filter or an aggregate; "
            "`accredigraph query … --format csv` writes every row.",
            icon=":material/cut:",
        )
    table_tab, chart_tab = st.tabs(["Table", "Chart"])
    with table_tab:
        st.dataframe(
            list(view.records), hide_index=True, width="stretch", column_order=list(view.variables)
        )
        iris = _iris_in(view)
        if iris:
            chosen = st.selectbox(
                "Open an entity from the results",
                iris,
                index=None,
                key="sparql.open",
                placeholder=f"{len(iris)} IRIs",
            )
            if chosen:
                entity_link(chosen)
    with chart_tab:
        _chart(view)
    _downloads(view, stem)


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
        if named:
            params = _named_form(named)
            text = None
            if st.button("Write my own SPARQL instead", key="sparql.own"):
                st.query_params.clear()
                st.rerun()
        else:
            params = None
            text = _editor()
        if not ((named and params is not None) or text):
            return
        try:
            view = _run(
                source(), None if named else text, named, tuple(sorted((params or {}).items()))
            )
        except ReadOnlyError:
            st.error(
                "Updates are refused: this explorer only reads the graph. Use SELECT, ASK, "
                "CONSTRUCT or DESCRIBE (INSERT, DELETE, LOAD, CLEAR, DROP are not run).",
                icon=":material/block:",
            )
            return
        except QueryBusy as busy:
            busy_notice(busy)
            return
        except QueryTimeout:
            st.error(
                f"The query ran past the time limit of {SETTINGS.query_timeout:g} s and "
                "was stopped. Narrow it (a LIMIT, a more selective pattern) and try again.",
                icon=":material/timer_off:",
            )
            return
        except QueryError as exc:
            st.error(md(str(exc)), icon=":material/error:")
            return
        share = (
            {"named": named, **{f"p.{k}": v for k, v in (params or {}).items()}}
            if named
            else {"query": text}
        )
        st.caption(
            "This page's URL reproduces the query: copy it from the address bar, or "
            "append this to the page address:"
        )
        st.code("?" + urlencode(share), language=None, wrap_lines=True)
        show_result(view, named or "query")
