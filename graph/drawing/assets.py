"""vis-network's script and stylesheet: inlined in a drawing's page, or linked from a server.

A drawing saved as a file carries vis-network inlined (:func:`graph.drawing.to_html`: it must
work offline, opened from disk). A server that shows many drawings can serve the two files
itself (they are in pyvis's package, :data:`VIS_FOLDER`) and send each page with links to
them instead (:func:`with_linked_assets`): the browser fetches and compiles them once and
keeps them, and the page shrinks from about 700 kB to the drawing's own data.

>>> import networkx as nx
>>> from graph.drawing.html import to_html
>>> page = to_html(nx.MultiDiGraph(), caption="empty")
>>> linked = with_linked_assets(page, "/component/vis/")
>>> len(page) > 600_000, len(linked) < 20_000
(True, True)
>>> '<script src="/component/vis/vis-network.min.js"></script>' in linked
True
>>> with_linked_assets(page, "javascript:alert(1)//") == page  # not a plain path: unchanged
True
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pyvis

__all__ = ["VIS_FILES", "VIS_FOLDER", "vis_assets", "with_linked_assets"]

#: The folder of pyvis's package holding vis-network 9.1.2's script and stylesheet.
VIS_FOLDER = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
#: The script's and the stylesheet's file names in :data:`VIS_FOLDER`.
VIS_FILES = ("vis-network.min.js", "vis-network.css")
#: A base the links may use: a relative or absolute path of plain characters, ending in "/".
_BASE = re.compile(r"^/?([A-Za-z0-9._~-]+/)*$")


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet, as text (read once)."""
    script, style = VIS_FILES
    return (VIS_FOLDER / script).read_text(encoding="utf-8"), (VIS_FOLDER / style).read_text(
        encoding="utf-8"
    )


def with_linked_assets(page: str, base: str) -> str:
    """``page`` (from :func:`graph.drawing.to_html`) with vis-network's inlined script and
    stylesheet replaced by links to ``base`` + their file names (:data:`VIS_FILES`).

    ``base`` must be a plain path ending in "/" (``/component/vis/``); anything else leaves
    the page unchanged, as does a page without the inlined assets.
    """
    if not _BASE.match(base):
        return page
    js, css = vis_assets()
    script, style = VIS_FILES
    return page.replace(
        f"<style>{css}</style>", f'<link rel="stylesheet" href="{base}{style}">', 1
    ).replace(f"<script>{js}</script>", f'<script src="{base}{script}"></script>', 1)
