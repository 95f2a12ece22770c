"""How the SPARQL page shows a result: a sortable table whose IRIs are ``prefix:local`` links
to their entity pages, a bar chart, a world map when a column holds countries, and downloads
of every row (CSV, TSV, SPARQL JSON and XML, written by ``Rows.encode``), or a plain word of
where a download was cut.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
import streamlit as st

from graph import sparql
from graph.drawing import choropleth_svg, country_column, per_country
from graph.errors import QueryError
from graph.query import named_queries
from graph.sparql import Rows
from graph.vocab.namespaces import compact

from .common import SETTINGS, code, md, offer_download, page, show_diagram

__all__ = [
    "DOWNLOAD_ROW_CAP",
    "RESULT_FORMATS",
    "VIEW_KEY",
    "ResultView",
    "RowDownloads",
    "display_records",
    "iri_columns",
    "pager",
    "show_result",
]

#: Rows a full download holds at most (the answer's size is also bounded by
#: ``Settings.max_answer_bytes``); past it the page says the file was cut, and where.
DOWNLOAD_ROW_CAP = 1_000_000
#: The result's view (Table, Chart, Map): its tabs' key and query parameter (``?view=Map``).
VIEW_KEY = "view"
#: SELECT downloads: extension → (button label, pyoxigraph format, MIME type); the formats
#: are the CLI's (``graph.sparql.RESULT_FORMATS``, ``accredigraph query --format``).
RESULT_FORMATS: dict[str, tuple[str, ox.QueryResultsFormat, str]] = {
    "csv": ("CSV", sparql.RESULT_FORMATS["csv"], "text/csv"),
    "tsv": ("TSV", sparql.RESULT_FORMATS["tsv"], "text/tab-separated-values"),
    "json": ("SPARQL JSON", sparql.RESULT_FORMATS["json"], "application/sparql-results+json"),
    "xml": ("SPARQL XML", sparql.RESULT_FORMATS["xml"], "application/sparql-results+xml"),
}
_GRAPH_FORMATS = {
    "ttl": ("Turtle", "text/turtle"),
    "jsonld": ("JSON-LD", "application/ld+json"),
    "nt": ("N-Triples", "application/n-triples"),
}


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
    downloads: Mapping[str, str] = field(default_factory=dict)
    triples: int = 0
    html: str = ""
    note: str = ""
    iris: tuple[str, ...] = ()  # the columns whose every bound cell is an IRI


class RowDownloads(Mapping[str, str]):
    """A SELECT answer's downloads (:data:`RESULT_FORMATS`), each written when it is read: a
    result shown is not also written four times (0.2 s for 800 rows at 1 M) for files nobody
    may ask for. It keeps the rows (they pickle, so a cached view keeps them too).

    >>> rows = Rows(["n"], [(ox.Literal("1"),)])
    >>> RowDownloads(rows)["csv"]
    'n\\r\\n1\\r\\n'
    >>> sorted(RowDownloads(rows))
    ['csv', 'json', 'tsv', 'xml']
    """

    def __init__(self, rows: Rows) -> None:
        self.rows = rows

    def __getitem__(self, fmt: str) -> str:
        return self.rows.encode(RESULT_FORMATS[fmt][1]).decode()

    def __iter__(self):
        return iter(RESULT_FORMATS)

    def __len__(self) -> int:
        return len(RESULT_FORMATS)

    def makers(self) -> dict[str, Callable[[], bytes]]:
        """Each format's file, made when its button is clicked."""
        return {fmt: partial(self.rows.encode, spec[1]) for fmt, spec in RESULT_FORMATS.items()}


def iri_columns(rows: Rows) -> tuple[str, ...]:
    """The variables of ``rows`` bound to an IRI in every row where they are bound at all."""
    out = []
    for i, variable in enumerate(rows.variables):
        cells = [row[i] for row in rows.rows if row[i] is not None]
        if cells and all(isinstance(c, ox.NamedNode) for c in cells):
            out.append(variable)
    return tuple(out)


def entity_url(iri: str, base: str = "search") -> str:
    """The entity page of ``iri`` (on the page at URL path ``base``), with its ``prefix:local``
    label as the fragment (what the table shows).

    >>> entity_url("https://w3id.org/accredigraph/id/body/ukas")
    'search?entity=https%3A%2F%2Fw3id.org%2Faccredigraph%2Fid%2Fbody%2Fukas#agd:body/ukas'
    """
    label = quote(compact(iri), safe=":/-_.~@!$&'()*+,;=")
    return f"{base}?entity={quote(iri, safe='')}#{label}"


def display_records(
    records: Sequence[Mapping[str, Any]], links: Sequence[str], base: str = "search"
) -> list[dict[str, Any]]:
    """``records`` with each cell of the ``links`` columns made an entity-page URL."""
    return [
        {k: (entity_url(v, base) if k in links and isinstance(v, str) else v) for k, v in r.items()}
        for r in records
    ]


def _numeric(records: Sequence[Mapping[str, Any]], column: str) -> bool:
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
    x = left.selectbox("Labels", labels, key="sparql.chart.x", index=max(0, len(labels) - 1))
    y = right.selectbox("Values", numeric, key="sparql.chart.y")
    totals: dict[str, float] = {}
    for r in view.records:
        if r.get(y) is not None:
            key = compact(str(r.get(x)))
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


def _map(view: ResultView, column: str, stem: str) -> None:
    numeric = [v for v in view.variables if _numeric(view.records, v)]
    rows_word = "number of rows"
    value = st.selectbox("Colour countries by", [*numeric, rows_word], key="sparql.map.value")
    counts = per_country(view.records, column, None if value == rows_word else value)
    label = "rows" if value == rows_word else value
    svg = choropleth_svg(counts.values, title=f"{label} per country ({column})", label=label)
    page_html = f'<!doctype html><html><body style="margin:0"><div id="sparql-map">{svg}</div>'
    st.iframe(
        page_html + "</body></html>",
        height="content",
        alt=f"world map: {label} per country",
    )
    words = f"{len(counts.values)} countries from the column `{column}`"
    if counts.unmatched:
        words += f"; {counts.unmatched} rows name no country and are not on the map"
    if view.truncated:
        words += f"; only the first {len(view.records):,} rows are drawn (the result was cut)"
    st.caption(words + ". Outlines: Natural Earth 1:110m (public domain).")
    offer_download(
        st,
        "Download this map (SVG)",
        svg,
        file_name=f"{stem}-map.svg",
        mime="image/svg+xml",
        key="sparql.map.download",
        icon=":material/download:",
    )


def _download_buttons(data: Mapping[str, bytes | str | Callable[[], bytes]], stem: str) -> None:
    kinds = {k: (label, mime) for k, (label, _, mime) in RESULT_FORMATS.items()}
    kinds.update(_GRAPH_FORMATS)
    cols = st.columns(max(4, len(data)))
    files = data.makers() if isinstance(data, RowDownloads) else data
    for col, (fmt, content) in zip(cols, files.items(), strict=False):
        label, mime = kinds[fmt]
        offer_download(
            col,
            label,
            content,
            file_name=f"{stem}.{fmt}",
            mime=mime,
            key=f"sparql.download.{fmt}",
            icon=":material/download:",
        )


def _all_rows(view: ResultView, stem: str, fetch: Callable[[], Rows] | None, ident: str) -> None:
    """Downloads of every row: the shown rows when they are all, else on request."""
    if not view.truncated:
        st.caption(f"Download all {len(view.records):,} rows:")
        _download_buttons(view.downloads, stem)
        return
    if fetch is None:
        st.caption(f"Downloads hold the {len(view.records):,} rows shown.")
        _download_buttons(view.downloads, stem)
        return
    key = "sparql.all"
    ready = st.session_state.get(key)
    if not (ready and ready[0] == ident):
        st.caption(
            f"The table shows the first {len(view.records):,} rows. Downloads can hold every "
            f"row (up to {DOWNLOAD_ROW_CAP:,})."
        )
        if st.button(
            "Prepare all rows for download", key="sparql.all.go", icon=":material/download:"
        ):
            try:
                with st.spinner("Running the query for every row…"):
                    st.session_state[key] = ready = (ident, fetch())
            except QueryError as exc:
                st.error(f"Every row could not be fetched: {md(str(exc))}", icon=":material/error:")
                return
        else:
            return
    rows: Rows = ready[1]
    if rows.truncated and rows.row_cap is None:  # a long list read a page at a time: the time
        st.warning(
            f"The downloads hold the first {len(rows.rows):,} rows: reading every row, a page "
            f"at a time, passed the {SETTINGS.download_timeout:g} s a download may take here. "
            f"The command line writes every row: `accredigraph query {stem} --format csv` "
            "(with the same parameters, as `--param NAME=VALUE`).",
            icon=":material/timer:",
        )
    elif rows.truncated:
        st.warning(
            f"The downloads hold the first {len(rows.rows):,} rows: the answer has more, and "
            f"{DOWNLOAD_ROW_CAP:,} is the most a download holds. Narrow the query to get the rest.",
            icon=":material/cut:",
        )
    else:
        st.caption(f"All {len(rows.rows):,} rows, ready to download:")
    _download_buttons(RowDownloads(rows), stem)


def show_result(
    view: ResultView, stem: str, fetch: Callable[[], Rows] | None = None, ident: str = ""
) -> None:
    """A result as a table, chart, map or graph, with its notices and downloads; ``fetch``
    runs the query for every row (for a result the row cap cut), ``ident`` names the query
    (what a prepared download belongs to)."""
    if view.form == "ASK":
        st.metric("Answer", "yes" if view.boolean else "no")
        _download_buttons(view.downloads, stem)
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
            st.code(str(view.downloads["ttl"])[:100_000], language="turtle")
        _download_buttons(view.downloads, stem)
        return
    n = len(view.records)
    st.caption(f"{n} row{'s' if n != 1 else ''} in {view.seconds:.2f} s")
    if view.truncated:
        st.warning(
            f"Truncated at {view.row_cap} rows: the query has more results. Add a LIMIT, "
            "a filter or an aggregate, or download every row below.",
            icon=":material/cut:",
        )
    country = country_column(view.records, view.variables)
    # Only the chosen view is drawn (the tab is in the URL, ``?view=Chart``): the chart's
    # code and the map (a world's outlines, about 500 kB) cost a first visit in the browser
    # even when nobody opens their tab (docs/scale.md).
    tabs = st.tabs(
        ["Table", "Chart", *(["Map"] if country else [])], key=VIEW_KEY, bind="query-params"
    )
    if tabs[0].open is not False:
        with tabs[0]:
            _table(view)
    if tabs[1].open:
        with tabs[1]:
            _chart(view)
    if country and tabs[2].open:
        with tabs[2]:
            _map(view, country, stem)
    _all_rows(view, stem, fetch, ident or stem)


def _table(view: ResultView) -> None:
    """The result as a sortable table, IRIs linking to their entity pages."""
    links = [v for v in view.variables if v in view.iris]
    st.dataframe(
        display_records(view.records, links, page("search").url_path),
        hide_index=True,
        width="stretch",
        column_order=list(view.variables),
        column_config={
            v: st.column_config.LinkColumn(v, display_text=r"#(.+)$", help=f"{v}: entity page")
            for v in links
        },
    )
    if links:
        st.caption("Click a column's name to sort; an IRI opens its entity page.")


def pager(name: str, params: dict[str, str], view: ResultView) -> None:
    """For a paged named query: where this page starts, and buttons to the next and first
    pages (each writes the next-page parameters to the URL and to the form)."""
    query = named_queries()[name]
    if not query.after or view.form != "SELECT":
        return
    start = {p: params.get(p, "") for p in query.after}
    last = view.records[-1] if view.truncated and view.records else None

    def go(values: dict[str, str]) -> None:
        for param, value in values.items():
            st.session_state[f"sparql.p.{name}.{param}"] = value
            if value:
                st.query_params[f"p.{param}"] = value
            elif f"p.{param}" in st.query_params:
                del st.query_params[f"p.{param}"]

    if any(start.values()):
        pairs = zip(query.page, query.after, strict=True)
        shown = ", ".join(f"{c} {code(start[p])}" for c, p in pairs if start[p])
        st.caption(f"Rows after {shown}, in {', '.join(query.page)} order.")
    elif last is not None:
        st.caption(f"The first {len(view.records):,} rows, in {', '.join(query.page)} order.")
    first, after = st.columns(2)
    if any(start.values()):
        first.button("First page", key="sparql.first", icon=":material/first_page:",
                     on_click=go, args=({p: "" for p in query.after},))  # fmt: skip
    if last is not None:
        values = {p: str(last[c]) for c, p in zip(query.page, query.after, strict=True)}
        after.button(f"Next {len(view.records):,}", key="sparql.next", type="primary",
                     icon=":material/navigate_next:", on_click=go, args=(values,))  # fmt: skip
