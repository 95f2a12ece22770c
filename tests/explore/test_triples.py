"""CONSTRUCT / DESCRIBE results as networkx graphs (graph/triples_graph.py)."""

from __future__ import annotations

import pyoxigraph as ox

from graph import sparql
from graph.explore.triples import triples_to_graph
from graph.sparql import Triples
from graph.vocab.mint import body_iri, certificate_iri
from graph.vocab.namespaces import AG, RDF, RDFS

EX = "http://example.org/"


def _t(s: str, p: str, o: ox.NamedNode | ox.Literal | ox.BlankNode) -> ox.Triple:
    return ox.Triple(ox.NamedNode(EX + s), ox.NamedNode(p), o)


def test_literals_become_labels_and_facts_not_nodes():
    g = triples_to_graph(
        [
            _t("a", RDFS + "label", ox.Literal("A <script>")),
            _t("a", AG + "number", ox.Literal("N-1")),
            _t("a", AG + "issuer", ox.NamedNode(EX + "b")),
        ]
    )
    assert set(g.nodes) == {EX + "a", EX + "b"}
    assert g.nodes[EX + "a"]["label"] == "A <script>"  # escaping is render.py's job
    assert g.nodes[EX + "a"]["facts"] == ["number: N-1"]
    assert g.nodes[EX + "b"]["label"] == "b"


def test_types_give_kinds_and_blank_nodes_are_drawn():
    blank = ox.BlankNode("x1")
    g = triples_to_graph(
        [
            _t("a", RDF + "type", ox.NamedNode(AG + "AccreditationBody")),
            _t("a", AG + "scope", blank),
        ]
    )
    assert g.nodes[EX + "a"]["kind"] == "accreditation-body"
    assert "_:x1" in g.nodes
    assert g.nodes["_:x1"]["kind"] == "other"


def test_cap_keeps_the_best_connected_nodes_and_says_so():
    triples = [_t("hub", AG + "link", ox.NamedNode(f"{EX}leaf{i}")) for i in range(30)]
    g = triples_to_graph(triples, cap=10)
    assert g.number_of_nodes() == 10
    assert EX + "hub" in g
    assert g.graph == {"total": 31, "capped": True}
    assert all(u == EX + "hub" for u, _, _ in g.edges(keys=True))


def test_repeated_triples_give_one_edge():
    triple = _t("a", AG + "issuer", ox.NamedNode(EX + "b"))
    assert triples_to_graph([triple, triple]).number_of_edges() == 1


def test_describe_of_a_sample_certificate(bundled_store):
    result = sparql.run(bundled_store, f"DESCRIBE <{certificate_iri('S-C-0001')}>")
    assert isinstance(result, Triples)
    g = triples_to_graph(result.triples)
    node = g.nodes[certificate_iri("S-C-0001")]
    assert node["kind"] == "certificate"
    assert any(v == body_iri("s-thamesmere-assurance") for _, v in g.out_edges(node["iri"]))
