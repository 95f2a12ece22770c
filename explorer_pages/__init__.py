"""The pages of the accredigraph explorer (Streamlit), each a function over ``graph`` functions.

``app.py`` calls :func:`navigation` and runs the page it returns. Every page keeps its state in
the URL (``st.query_params``), so any view can be bookmarked, shared or put on a slide.

Not called ``pages/``: Streamlit gives that directory a meaning of its own.
"""

from __future__ import annotations

import streamlit as st

from . import data, explore, learn, search, sparql, verify
from .common import register_pages, sync_url
from .layout import apply as apply_layout
from .workspace import choose_graph

__all__ = ["PAGE_PATHS", "navigation"]

#: URL path of each page (the Learn page is also the root URL).
PAGE_PATHS = {
    "learn": "learn",
    "search": "search",
    "explore": "explore",
    "verify": "verify",
    "sparql": "sparql",
    "data": "data",
}


def navigation():
    """Register the pages and return the one the URL asks for (call ``.run()`` on it)."""
    pages = {
        "learn": st.Page(
            learn.page,
            title="Learn",
            icon=":material/school:",
            url_path=PAGE_PATHS["learn"],
            default=True,
        ),
        "search": st.Page(
            search.page,
            title="Search and entities",
            icon=":material/search:",
            url_path=PAGE_PATHS["search"],
        ),
        "explore": st.Page(
            explore.page, title="Explore", icon=":material/hub:", url_path=PAGE_PATHS["explore"]
        ),
        "verify": st.Page(
            verify.page,
            title="Verify a certificate",
            icon=":material/verified:",
            url_path=PAGE_PATHS["verify"],
        ),
        "sparql": st.Page(
            sparql.page, title="SPARQL", icon=":material/terminal:", url_path=PAGE_PATHS["sparql"]
        ),
        "data": st.Page(
            data.page, title="Data", icon=":material/database:", url_path=PAGE_PATHS["data"]
        ),
    }
    register_pages(pages)
    current = st.navigation(list(pages.values()))
    apply_layout()  # phone widths, dates applied as typed (explorer_pages/layout.py)
    choose_graph()  # the shared graph or the visitor's upload, when they have one
    entity = st.query_params.get("entity")
    if entity and current.url_path != PAGE_PATHS["search"]:
        # A drawing's node list links to "?entity=<IRI>" on whatever page shows the drawing.
        st.switch_page(pages["search"], query_params={"entity": entity})
    sync_url()  # an in-page link to this page changes the address bar too
    return current
