"""RDF to networkx: capped neighbourhoods that say "showing N of M", and the projection."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.errors import QueryError
from graph.explore.neighbourhood import Neighbourhood, neighbourhood, projection
from graph.query import run_named
from graph.vocab.mint import accreditation_iri, body_iri, certificate_iri, standard_iri
from graph.vocab.namespaces import AG
from tests.conftest import BASE_REGISTER

THAMESMERE = body_iri("s-thamesmere-assurance")
UKAS = body_iri("ukas")


def test_a_small_cap_caps_the_drawing_and_says_how_many_there_are(bundled_store):
    hood = neighbourhood(bundled_store, THAMESMERE, cap=5)
    assert isinstance(hood, Neighbourhood)
    assert hood.shown == hood.graph.number_of_nodes() == 5
    assert hood.total > hood.shown and hood.capped


def test_a_fan_out_past_the_count_limit_is_reported_as_more_than(bundled_store, monkeypatch):
    from graph.explore import reach as convert

    exact = neighbourhood(bundled_store, THAMESMERE, cap=5)
    monkeypatch.setattr(convert, "COUNT_LIMIT", 8)
    bounded = neighbourhood(bundled_store, THAMESMERE, cap=5)
    assert exact.total_exact and exact.total > 8
    assert not bounded.total_exact and 8 <= bounded.total < exact.total


def test_without_a_cap_total_is_every_neighbour_plus_the_centre(bundled_store):
    capped = neighbourhood(bundled_store, THAMESMERE, cap=5)
    full = neighbourhood(bundled_store, THAMESMERE, cap=1000)
    assert full.shown == full.total == capped.total
    assert not full.capped


def test_nodes_carry_label_kind_country_and_a_plain_tooltip(bundled_store):
    hood = neighbourhood(bundled_store, UKAS)
    data = hood.graph.nodes[UKAS]
    assert data["label"] == "United Kingdom Accreditation Service"
    assert data["kind"] == "accreditation-body" and data["country"] == "GB"
    assert data["title"].startswith("United Kingdom Accreditation Service\n")


def test_edges_run_the_way_the_graph_states_them(bundled_store):
    hood = neighbourhood(bundled_store, UKAS)
    accreditation = accreditation_iri("S-A-002")
    assert hood.graph.has_edge(accreditation, UKAS, key=AG + "issuer")
    assert hood.graph.edges[accreditation, UKAS, AG + "issuer"]["label"] == "issuer"


def test_literals_classes_sources_and_code_lists_are_not_drawn(bundled_store):
    hood = neighbourhood(bundled_store, certificate_iri("S-C-0001"), cap=1000)
    kinds = {d["kind"] for _, d in hood.graph.nodes(data=True)}
    assert "concept" not in kinds and "other" not in kinds
    assert "sector" in kinds  # IAF sectors are the one code list drawn
    assert not any(n.startswith("http") and "/code/certificate-status/" in n for n in hood.graph)


def test_depth_two_reaches_the_accreditation_body_from_a_certificate(bundled_store):
    hood = neighbourhood(bundled_store, certificate_iri("S-C-0001"), depth=2, cap=1000)
    assert accreditation_iri("S-A-002") in hood.graph
    assert UKAS not in neighbourhood(bundled_store, certificate_iri("S-C-0001")).graph


def test_classes_keep_only_those_kinds_and_the_centre(bundled_store):
    hood = neighbourhood(bundled_store, UKAS, classes=["accreditation"], cap=1000)
    kinds = [d["kind"] for n, d in hood.graph.nodes(data=True) if n != UKAS]
    assert kinds and set(kinds) == {"accreditation"}
    assert hood.total == hood.shown


def test_class_local_names_work_like_kinds(bundled_store):
    by_kind = neighbourhood(bundled_store, UKAS, classes=["accreditation"], cap=1000)
    by_class = neighbourhood(bundled_store, UKAS, classes=["Accreditation"], cap=1000)
    assert set(by_kind.graph) == set(by_class.graph)


def test_an_unknown_class_is_an_error(bundled_store):
    with pytest.raises(QueryError):
        neighbourhood(bundled_store, UKAS, classes=["planet"])


def test_country_keeps_that_country_and_nodes_without_one(bundled_store):
    ea = body_iri("ea")
    hood = neighbourhood(bundled_store, ea, country="de", cap=1000)
    countries = {d["country"] for n, d in hood.graph.nodes(data=True) if n != ea}
    assert countries <= {"DE", ""}
    assert body_iri("dakks") in hood.graph and UKAS not in hood.graph


def test_standard_keeps_only_attestations_for_that_standard(bundled_store):
    hood = neighbourhood(bundled_store, THAMESMERE, standard="ISO 14001", cap=1000)
    certificates = [n for n, d in hood.graph.nodes(data=True) if d["kind"] == "certificate"]
    assert certificates
    for certificate in certificates:
        row = run_named(
            bundled_store, "chain-certificate", {"certificate": certificate.rsplit("/", 1)[1]}
        ).records()[0]
        assert row["work"] == standard_iri("ISO 14001")


def test_an_unknown_standard_is_an_error(bundled_store):
    with pytest.raises(QueryError, match="not a standard"):
        neighbourhood(bundled_store, UKAS, standard="ISO 99999")
    with pytest.raises(QueryError, match="not a standard"):
        neighbourhood(bundled_store, UKAS, standard="ukas")


def test_projection_holds_bodies_standards_and_arrangements_only(bundled_store):
    G = projection(bundled_store)
    assert isinstance(G, nx.Graph) and not G.is_directed()
    kinds = {d["kind"] for _, d in G.nodes(data=True)}
    assert kinds <= {
        "accreditation-body",
        "certification-body",
        "network",
        "standards-body",
        "standard",
        "arrangement",
    }
    assert {"accreditation-body", "certification-body", "network", "standard"} <= kinds


def test_projection_weighs_ab_to_cb_by_accreditations(bundled_store):
    G = projection(bundled_store)
    edge = G.edges[UKAS, body_iri("s-sevbridge-registrar")]
    assert edge["relation"] == "accredits" and edge["weight"] == 2  # S-A-003 and S-A-004


def test_projection_weighs_cb_to_standard_by_certificates(register_store):
    G = projection(register_store(BASE_REGISTER))
    edge = G.edges[body_iri("t-cb"), standard_iri("ISO 9001")]
    assert "certifies to" in edge["relation"] and edge["weight"] == 1


def test_projection_never_says_a_body_that_is_not_a_cb_certifies(bundled_store):
    G = projection(bundled_store)
    claimed = [(a, b) for a, b, d in G.edges(data=True) if "named as issuer for" in d["relation"]]
    assert claimed  # the sample has certificates "issued by" UKAS and by ISO
    for a, b in G.edges():
        relation = G.edges[a, b]["relation"]
        if "certifies to" in relation:
            issuer = a if G.nodes[a]["kind"] != "standard" else b
            assert G.nodes[issuer]["kind"] == "certification-body"


def test_projection_certificate_counts_match_counting_the_certificates(bundled_store):
    def weights(name):
        return {
            (r["a"], r["b"]): r["weight"]
            for r in run_named(bundled_store, name, row_cap=None).records()
        }

    assert weights("projection-certificates") == weights("projection-certificates-direct") != {}


def test_projection_links_members_signatories_and_publishers(bundled_store):
    G = projection(bundled_store)
    assert G.edges[UKAS, body_iri("ea")]["relation"] == "member of"
    arrangement = "https://w3id.org/accredigraph/id/arrangement/iaf-mla"
    assert G.edges[UKAS, arrangement]["relation"] == "signatory of"
    assert "published by" in G.edges[standard_iri("ISO 9001"), body_iri("iso")]["relation"]


def test_a_kind_without_a_class_keeps_only_the_centre(bundled_store):
    hood = neighbourhood(bundled_store, UKAS, classes=["other"])
    assert list(hood.graph) == [UKAS] and hood.total == 1


def test_a_centre_that_is_not_an_iri_is_a_clear_error(bundled_store):
    with pytest.raises(QueryError, match="not an IRI"):
        neighbourhood(bundled_store, "ukas <script>")
