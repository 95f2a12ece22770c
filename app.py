"""accredigraph in the browser: a thin Streamlit layer over the ``graph`` package.

    streamlit run app.py -- --store .accredigraph/store     # or --store memory

The pages live in ``explorer_pages/``; this file only sets the page up and routes.
"""

from __future__ import annotations

import logging

import streamlit as st

from explorer_pages import navigation, warm
from explorer_pages.common import store, visitor_turns
from graph.errors import AccredigraphError

st.set_page_config(page_title="accredigraph", page_icon="🔗", layout="wide")
try:
    store()  # opened once per server process; a store that cannot be opened stops here
except AccredigraphError:
    # the reason names server paths: it goes to the operator's log, not to the visitor
    logging.getLogger("accredigraph.app").exception("the graph could not be opened")
    st.error("The graph is not available right now: the operator has been told why (server log).")
    st.stop()
with visitor_turns():  # a visitor's queries take turns: light ones stay fast under heavy ones
    shown = navigation()
    warm.start()  # what every visitor shares, computed once per store version (in the background)
    shown.run()
