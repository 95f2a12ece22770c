"""Drawings: offline, escaped, coloured by kind, linked to entity pages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import networkx as nx
import pytest

import graph
from graph.drawing.html import IMPROVED_LAYOUT_NODES, to_html
from graph.drawing.style import KIND_STYLE, STATUS_COLOURS
from graph.explore.neighbourhood import neighbourhood
from graph.vocab.mint import body_iri

XSS = "<img src=x onerror=alert(1)>"
EVIL = "https://example.org/evil"


def _xss_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node(
        EVIL,
        label=XSS,
        kind="certificate",
        title=f"{XSS}\n<script>alert(2)</script>",
        facts=["note: <b onmouseover=alert(3)>"],
    )
    G.add_node("https://example.org/ok", label="Plain & simple", kind="standard")
    G.add_edge(EVIL, "https://example.org/ok", key="p", label="<svg onload=alert(4)>")
    return G


def _node_json(page: str) -> list[dict]:
    match = re.search(r"var nodeData = (\[.*?\]), edgeData", page, re.DOTALL)
    assert match
    return json.loads(match.group(1))


def test_labels_and_tooltips_from_the_data_are_escaped():
    page = to_html(_xss_graph(), caption=XSS)
    for raw in ("<img", "<script>alert", "<b onmouseover", "<svg"):
        assert raw not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # the caption, shown as text


def test_canvas_labels_keep_their_characters_but_reach_the_page_escaped():
    page = to_html(_xss_graph())
    nodes = {n["id"]: n for n in _node_json(page)}
    assert nodes[EVIL]["label"] == XSS  # drawn as text on the canvas, never parsed
    assert nodes["https://example.org/ok"]["label"] == "Plain & simple"
    assert "\\u003cimg" in page and "<img" not in page


def test_the_page_loads_nothing_from_the_network():
    page = to_html(_xss_graph())
    remote = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
    assert remote.findall(page) == []
    assert re.findall(r"@import|url\(\s*[\"']?\s*(?:https?:)?//", page, re.IGNORECASE) == []
    assert "<script src" not in page and "<link" not in page
    assert "vis.Network" in page  # vis-network is inlined


def test_physics_stabilises_then_freezes():
    page = to_html(_xss_graph())
    assert '"stabilization": {"enabled": true, "iterations": 400' in page
    assert re.search(
        r'once\("stabilizationIterationsDone".*setOptions\(\{physics: false\}\)', page, re.DOTALL
    )


def test_a_large_drawing_skips_the_costly_initial_placement():
    """Past IMPROVED_LAYOUT_NODES, vis-network's Kamada-Kawai placement held a hub's frame up
    by about half a second; a small drawing keeps it."""

    def star(leaves: int) -> nx.MultiDiGraph:
        G = nx.MultiDiGraph()
        for n in range(leaves):
            G.add_edge("https://example.org/hub", f"https://example.org/leaf/{n}", key="p")
        return G

    small = to_html(star(IMPROVED_LAYOUT_NODES - 1))
    large = to_html(star(IMPROVED_LAYOUT_NODES))
    assert '"layout": {"improvedLayout": true}' in small
    assert '"layout": {"improvedLayout": false}' in large
    assert '"stabilization": {"enabled": true' in large  # still laid out, then frozen


def test_every_node_links_to_its_entity_page():
    page = to_html(_xss_graph())
    assert (
        f'<a href="?entity={quote(EVIL, safe="")}" data-iri="{EVIL}" target="_blank" '
        'rel="noopener">'
    ) in page


def test_nodes_are_coloured_and_shaped_by_kind_with_a_legend():
    nodes = {n["id"]: n for n in _node_json(to_html(_xss_graph()))}
    style = KIND_STYLE["standard"]
    assert nodes["https://example.org/ok"]["shape"] == style["shape"]
    assert nodes["https://example.org/ok"]["color"]["background"] == style["color"]
    page = to_html(_xss_graph())
    assert 'class="ag-legend"' in page and ">standard</span>" in page


def test_highlight_recolours_nodes_and_ignores_bad_colours():
    G = _xss_graph()
    page = to_html(G, highlight={EVIL: "fail", "https://example.org/ok": "red;}body{x"})
    nodes = {n["id"]: n for n in _node_json(page)}
    assert nodes[EVIL]["color"]["background"] == STATUS_COLOURS["fail"]
    assert nodes["https://example.org/ok"]["color"]["background"] == KIND_STYLE["standard"]["color"]


def test_a_list_of_nodes_rings_them():
    nodes = {n["id"]: n for n in _node_json(to_html(_xss_graph(), highlight=[EVIL]))}
    assert nodes[EVIL]["borderWidth"] == 4


def test_a_bad_height_falls_back_to_the_default():
    assert "height: 640px" in to_html(_xss_graph(), height="1px;}</style><script>")


def test_a_neighbourhood_of_the_bundled_graph_draws(bundled_store):
    hood = neighbourhood(bundled_store, body_iri("ukas"))
    page = to_html(hood.graph, caption="UKAS")
    assert len(_node_json(page)) == hood.shown


@pytest.mark.parametrize("undirected", [True, False])
def test_plain_and_multi_graphs_both_draw(undirected):
    G = nx.Graph() if undirected else nx.MultiDiGraph()
    G.add_node("a", label="A", kind="network")
    G.add_node("b", label="B", kind="accreditation-body")
    G.add_edge("a", "b", weight=40, label="member of")
    edges = json.loads(re.search(r"edgeData = (\[.*?\]);", to_html(G), re.DOTALL).group(1))
    assert edges[0]["arrows"] == ("" if undirected else "to")


def test_drawing_imports_nothing_from_the_packages_that_use_it():
    above = re.compile(r"^\s*(from|import)\s+(graph\.(cli|serve|verify|explore)|explorer_pages)\b",
                       re.MULTILINE)  # fmt: skip
    folder = Path(graph.__file__).parent / "drawing"
    assert [p.name for p in folder.glob("*.py") if above.search(p.read_text())] == []
