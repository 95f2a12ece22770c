"""Issue 15: a drawing you can work in: readable tooltips, a legend, and a node-click menu that
opens the node's page or expands it in place (the browser side is tests/e2e/test_urls.py)."""

from __future__ import annotations

import html
import json
import re

import networkx as nx

from graph.drawing.html import to_html
from graph.explore.neighbourhood import neighbourhood
from graph.vocab.mint import body_iri

ODD = "https://w3id.org/accredigraph/id/organisation/caf%C3%A9-%26-sons"


def _nodes(page: str) -> dict[str, dict]:
    match = re.search(r"var nodeData = (\[.*?\]), edgeData", page, re.DOTALL)
    assert match
    return {n["id"]: n for n in json.loads(match.group(1))}


def test_tooltips_are_label_kind_country_and_a_compact_decoded_id(bundled_store):
    hood = neighbourhood(bundled_store, body_iri("ukas"))
    tip = html.unescape(_nodes(to_html(hood.graph))[body_iri("ukas")]["title"])
    lines = tip.splitlines()
    assert lines[:3] == ["United Kingdom Accreditation Service", "accreditation-body · GB",
                         "agd:body/ukas"]  # fmt: skip
    assert "%" not in tip and "https://" not in tip


def test_a_percent_encoded_iri_is_shown_decoded():
    G = nx.MultiDiGraph()
    G.add_node(ODD, label="Café & Sons", kind="organisation")
    tip = html.unescape(_nodes(to_html(G))[ODD]["title"])
    assert "agd:organisation/café-&-sons" in tip and "%C3" not in tip


def test_a_legend_names_every_kind_drawn(bundled_store):
    hood = neighbourhood(bundled_store, body_iri("ukas"))
    page = to_html(hood.graph)
    legend = re.search(r'<div class="ag-legend">(.*?)</div>', page).group(1)
    kinds = {d["kind"] for _, d in hood.graph.nodes(data=True)}
    assert len(kinds) >= 3
    for kind in kinds:
        assert f"</span>{kind}</span>" in legend


def test_clicking_a_node_offers_open_and_expand_only_when_asked():
    G = nx.MultiDiGraph()
    G.add_node(body_iri("ukas"), label="UKAS", kind="accreditation-body")
    plain, expandable = to_html(G), to_html(G, expand=True)
    for page in (plain, expandable):
        assert 'id="ag-menu"' in page and 'data-action="open"' in page
        assert 'network.on("click"' in page and "popstate" in page
    assert "var EXPAND = false," in plain and "var EXPAND = true," in expandable


def test_nodes_lead_to_the_apps_entity_page_and_a_bad_page_name_is_dropped():
    G = nx.MultiDiGraph()
    G.add_node(body_iri("ukas"), label="UKAS", kind="accreditation-body")
    page = to_html(G, entity_page="search")
    assert 'href="search?entity=https%3A%2F%2Fw3id.org%2Faccredigraph%2Fid%2Fbody%2Fukas"' in page
    assert 'ENTITY_PAGE = "search";' in page
    hostile = to_html(G, entity_page='x"></a><script>alert(1)</script>')
    assert 'href="?entity=' in hostile and 'ENTITY_PAGE = "";' in hostile


def test_the_menu_title_is_set_as_text_never_as_html():
    G = nx.MultiDiGraph()
    G.add_node(body_iri("x"), label="<img src=x onerror=alert(1)>", kind="other")
    page = to_html(G, expand=True)
    assert ".textContent = node.label" in page and "innerHTML = node" not in page
    assert "<img src=x" not in page
