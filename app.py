"""accredigraph in the browser: a thin Streamlit layer over the ``graph`` package.

    streamlit run app.py -- --store .accredigraph/store     # or --store memory

The pages live in ``explorer_pages/``; this file only sets the page up and routes.
"""

from __future__ import annotations

import streamlit as st

from explorer_pages import navigation

st.set_page_config(page_title="accredigraph", page_icon="🔗", layout="wide")
navigation().run()
