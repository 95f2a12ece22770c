"""vis-network served by the app itself, so a drawing's frame links it instead of inlining it.

A drawing's page (:func:`graph.drawing.to_html`) carries vis-network's script and stylesheet
inlined (about 700 kB), so that a downloaded copy works offline. Sent that way on every visit,
those 700 kB travel in the page's websocket message and the browser parses them in every
frame. Here the two files of pyvis's package are served by the app's own server (Streamlit's
component file route, ``/component/<name>/<file>``, nothing from outside) and the frame links
them: the message shrinks to the drawing's data, and the browser keeps the files it fetched.
Downloads keep the inlined page.
"""

from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

from graph.drawing.assets import VIS_FOLDER, with_linked_assets

__all__ = ["framed"]

_VIS = components.declare_component("vis_network", path=str(VIS_FOLDER))


def _base() -> str:
    """The path the component's files are served under (the app's base URL path honoured)."""
    prefix = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return "/" + (f"{prefix}/" if prefix else "") + f"component/{_VIS.name}/"


def framed(page: str) -> str:
    """``page`` as the app's frame shows it: vis-network linked from the app's server."""
    return with_linked_assets(page, _base())
