"""A crowded drawing (a hub and its leaves) names on its canvas only the nodes that hold it
together; the leaves' names stay in their tooltips and in the list under the drawing."""

from __future__ import annotations

import json
import re

import networkx as nx

from graph.drawing import to_html
from graph.drawing.layout import CROWDED_NODES

HUB = "https://w3id.org/accredigraph/id/body/hub"


def _star(leaves: int, *, other: bool = False) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(centre=HUB)
    G.add_node(HUB, label="Hub Certification", kind="certification-body")
    for i in range(leaves):
        leaf = f"https://w3id.org/accredigraph/id/certificate/C-{i:03d}"
        G.add_node(leaf, label=f"Certificate C-{i:03d}", kind="certificate")
        G.add_edge(leaf, HUB, key="issuer", label="issuer")
    if other:  # a node with two links: it holds the drawing together
        G.add_node("https://w3id.org/accredigraph/id/standard/x", label="ISO 9001", kind="standard")
        for i in (0, 1):
            leaf = f"https://w3id.org/accredigraph/id/certificate/C-{i:03d}"
            G.add_edge(leaf, "https://w3id.org/accredigraph/id/standard/x", key="s", label="std")
    return G


def _canvas(page: str) -> tuple[dict[str, dict], list[dict]]:
    """The nodes (by id) and edges the page hands vis-network."""
    nodes = json.loads(re.search(r"var nodeData = (\[.*?\]), edgeData", page, re.S).group(1))
    edges = json.loads(re.search(r"edgeData = (\[.*?\]);", page, re.S).group(1))
    return {n["id"]: n for n in nodes}, edges


def test_a_hub_with_many_leaves_names_them_on_hover_only():
    page = to_html(_star(CROWDED_NODES + 10, other=True), caption="hub")
    nodes, edges = _canvas(page)
    assert nodes[HUB]["label"] == "Hub Certification"
    assert nodes["https://w3id.org/accredigraph/id/standard/x"]["label"] == "ISO 9001"
    leaf = "https://w3id.org/accredigraph/id/certificate/C-005"
    assert nodes[leaf]["label"] == "" and "Certificate C-005" in nodes[leaf]["title"]
    assert "Certificate C-005</a>" in page, "the list under the drawing still names it"
    leaves = CROWDED_NODES + 10 - 2  # two of them are linked to the standard too
    assert f"nodes: open an entity page ({leaves} with one link, named on hover)" in page
    # the two leaves linked to the standard as well keep their names, as do their links
    assert (
        nodes["https://w3id.org/accredigraph/id/certificate/C-000"]["label"] == "Certificate C-000"
    )
    to_leaf = [e for e in edges if e["from"] == leaf]
    assert to_leaf and all(e["label"] == "" and e["title"] for e in to_leaf)
    assert any(e["label"] == "std" for e in edges)


def test_a_highlighted_leaf_keeps_its_name():
    leaf = "https://w3id.org/accredigraph/id/certificate/C-007"
    nodes, _ = _canvas(to_html(_star(CROWDED_NODES + 5), highlight=[leaf]))
    assert nodes[leaf]["label"] == "Certificate C-007"
    assert nodes["https://w3id.org/accredigraph/id/certificate/C-008"]["label"] == ""


def test_a_drawing_that_is_not_crowded_names_every_node():
    page = to_html(_star(CROWDED_NODES - 1))
    nodes, edges = _canvas(page)
    assert all(n["label"] for n in nodes.values()) and "named on hover" not in page
    assert all(e["label"] == "issuer" for e in edges)


def test_a_crowded_slide_leaves_the_same_nodes_unnamed():
    from graph.drawing.layout import scene

    G = _star(CROWDED_NODES + 10, other=True)
    named = {" ".join(t.lines) for t in scene(G, caption="hub").texts if t.role == "node"}
    assert "Hub Certification" in named and "ISO 9001" in named
    assert "Certificate C-000" in named and "Certificate C-005" not in named
    small = {" ".join(t.lines) for t in scene(_star(5)).texts if t.role == "node"}
    assert "Certificate C-004" in small
