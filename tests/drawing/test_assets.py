"""vis-network linked instead of inlined: the app's frames are small, downloads stay whole."""

from __future__ import annotations

import re

import networkx as nx

from graph.drawing.assets import VIS_FILES, VIS_FOLDER, vis_assets, with_linked_assets
from graph.drawing.html import to_html


def _page() -> str:
    G = nx.MultiDiGraph()
    G.add_node("https://example.org/a", label="A", kind="standard")
    G.add_node("https://example.org/b", label="B", kind="standards-body")
    G.add_edge("https://example.org/b", "https://example.org/a", key="p", label="publishes")
    return to_html(G, caption="two nodes", entity_page="search")


def test_the_served_files_exist_and_are_what_the_page_inlines():
    for name in VIS_FILES:
        assert (VIS_FOLDER / name).is_file()
    js, css = vis_assets()
    page = _page()
    assert f"<script>{js}</script>" in page and f"<style>{css}</style>" in page


def test_a_linked_page_links_both_files_and_keeps_the_drawing():
    page = _page()
    linked = with_linked_assets(page, "/component/explorer_pages.vis.vis_network/")
    js, css = vis_assets()
    assert js not in linked and css not in linked
    assert '<script src="/component/explorer_pages.vis.vis_network/vis-network.min.js">' in linked
    assert (
        '<link rel="stylesheet" href="/component/explorer_pages.vis.vis_network/vis-network.css">'
        in linked
    )
    # everything else is the page as it was: the drawing's data, its script, its node list
    assert linked.count("</script>") == page.count("</script>")
    assert re.search(r"var nodeData = \[.*https://example.org/a", linked, re.DOTALL)
    assert "2 nodes: open an entity page" in linked
    assert len(linked) < len(page) - len(js) - len(css) + 500


def test_a_base_that_is_not_a_plain_path_leaves_the_page_whole():
    page = _page()
    for base in ("https://cdn.example.org/", "//cdn.example.org/", "javascript:alert(1)//",
                 '/x"><script>alert(1)</script>/', "/no-slash"):  # fmt: skip
        assert with_linked_assets(page, base) == page, base
