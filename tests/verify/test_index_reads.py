"""A single verification reads a certificate's own statements from the store's index when the
store has one (``graph.store.Lookups.statements``) and by SPARQL otherwise (a remote endpoint):
both paths give the same facts and the same verification, certificate by certificate — a
generated register's (sectors, sources, every status), the bundled sample's, and a visitor's
upload (marked user-supplied)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pyoxigraph as ox
import pytest

from graph.ingest.build import build_store
from graph.ingest.generate import generate_register
from graph.query import run_named
from graph.store import Lookups, OxigraphStore
from graph.verify import verify
from graph.verify.accreditations import accreditation_rows
from graph.verify.cache import facts_cache
from graph.vocab.mint import certificate_iri, id_from_iri
from tests.conftest import SparqlOnly

AS_OF = dt.date(2026, 11, 23)


def _certificates(store) -> list[str]:
    rows = run_named(store, "internal-ids", row_cap=None).records()
    return sorted(r["id"] for r in rows if r["type"].endswith("#Certificate"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("index-reads") / "register"
    generate_register(folder, 300, seed=5)
    store, _ = build_store("memory", extra=[folder])
    return store


@pytest.mark.parametrize("which", ["generated", "workspace"])
def test_index_and_sparql_read_the_same_facts_and_verdicts(which, request):
    store = request.getfixturevalue(which)
    remote_like = SparqlOnly(store)
    assert isinstance(store, Lookups) and not isinstance(remote_like, Lookups)
    ids = _certificates(store)
    assert len(ids) >= (300 if which == "generated" else 2)
    indexed, asked = facts_cache(store), facts_cache(remote_like)
    for identifier in ids:
        by_index = verify(store, identifier, as_of=AS_OF)
        by_sparql = verify(remote_like, identifier, as_of=AS_OF)
        assert replace(by_index, checked_at=None) == replace(by_sparql, checked_at=None), identifier
    certificates = [indexed.certificate(certificate_iri(i)) for i in ids]
    assert certificates == [asked.certificate(certificate_iri(i)) for i in ids]
    assert all(c is not None for c in certificates)
    if which == "workspace":
        assert any(c.user_supplied for c in certificates)


def test_statements_read_the_default_graph_only():
    store, _ = build_store("memory")
    node = "https://w3id.org/accredigraph/id/body/ukas"
    before = store.statements(node)
    assert before and all(isinstance(p, str) for p, _ in before)
    store._store.add(ox.Quad(ox.NamedNode(node), ox.NamedNode("http://e/p"), ox.Literal("x"),
                             ox.NamedNode("http://e/graph")))  # fmt: skip
    assert store.statements(node) == before
    name = "https://schema.org/name"
    assert store.statements(node, predicate=name) == [(p, o) for p, o in before if p == name]
    assert store.statements("https://w3id.org/accredigraph/id/body/no-such-body") == []


def _body_ids(store) -> list[str]:
    """Every body that holds an accreditation."""
    rows = run_named(store, "chain-accreditations", row_cap=None, defaults=False).records()
    return sorted({id_from_iri(r["cb"]) for r in rows})


@pytest.mark.parametrize("which", ["generated", "workspace", "bundled_store"])
def test_index_and_sparql_read_the_same_accreditations_of_every_body(which, request):
    store = request.getfixturevalue(which)
    remote_like = SparqlOnly(store)  # held: the cache holds a store weakly
    indexed, asked = facts_cache(store), facts_cache(remote_like)
    bodies = _body_ids(store)
    assert len(bodies) >= 3
    for body in [*bodies, "no-such-body"]:
        assert indexed.shared(body) == asked.shared(body), body
    assert any(indexed.shared(b).accreditations for b in bodies)


#: An accreditation with what the generated registers never have: a covered edition and a
#: covered work, two sectors, a cited and an uncited source, a body with two labels, a second
#: accreditation lacking a required fact, and a status outside the status scheme.
EDGES = """
@prefix ag: <https://w3id.org/accredigraph/def#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix b: <https://w3id.org/accredigraph/id/body/> .
@prefix e: <https://example.org/> .
e:acc1 a ag:Accreditation ; ag:subject b:edge-cb ; ag:number "E-1" ; ag:issuer e:ab ;
    ag:validFrom "2024-01-01"^^xsd:date ; ag:validUntil "2028-12-31"^^xsd:date ;
    ag:status <https://w3id.org/accredigraph/id/accreditation-status/active> ;
    ag:coversStandard e:std-2015, e:other ; ag:sector e:s17, e:s28 ;
    dcterms:source e:doc, <https://example.org/page> ; ag:allSectors false .
e:std-2015 dcterms:isVersionOf e:std .
e:s17 skos:notation "17" .
e:s28 skos:notation "28" .
e:doc dcterms:bibliographicCitation "A register, 2025" .
e:ab rdfs:label "Edge AB", "Edge Accreditation Body" ; dcterms:identifier "edge-ab" .
e:acc2 a ag:Accreditation ; ag:subject b:edge-cb ; ag:number "E-2" ; ag:issuer e:ab ;
    ag:validFrom "2024-01-01"^^xsd:date ; ag:status "odd" .
e:acc3 a ag:Accreditation ; ag:subject b:edge-cb ; ag:number "E-3" ; ag:issuer e:ab ;
    ag:validFrom "2020-01-01"^^xsd:date ; ag:validUntil "2023-12-31"^^xsd:date ;
    ag:status "odd" .
"""


def test_the_edges_read_alike():
    store = OxigraphStore(None)
    store._store.load(EDGES.encode(), format=ox.RdfFormat.TURTLE)
    rows = accreditation_rows(store, "https://w3id.org/accredigraph/id/body/edge-cb")
    # the body's two labels: two rows each, as the query's GROUP BY gives; E-2 has no end
    assert sorted(r["id"] for r in rows) == ["E-1", "E-1", "E-3", "E-3"]
    remote_like = SparqlOnly(store)
    indexed = facts_cache(store).shared("edge-cb")
    assert indexed == facts_cache(remote_like).shared("edge-cb")
    first, _, third, _ = indexed.accreditations["https://w3id.org/accredigraph/id/body/edge-cb"]
    assert first.covers == (
        ("https://example.org/other", "https://example.org/other"),
        ("https://example.org/std-2015", "https://example.org/std"),
    )
    assert first.sectors == ("17", "28") and set(first.sources) == {
        "A register, 2025",
        "https://example.org/page",
    }
    assert third.status == ""


def test_a_blank_node_is_left_to_the_query():
    store = OxigraphStore(None)
    blank = EDGES + 'e:acc1 dcterms:source [ dcterms:bibliographicCitation "Unnamed" ] .\n'
    store._store.load(blank.encode(), format=ox.RdfFormat.TURTLE)
    assert accreditation_rows(store, "https://w3id.org/accredigraph/id/body/edge-cb") is None
    remote_like = SparqlOnly(store)
    shared = facts_cache(store).shared("edge-cb")
    assert shared == facts_cache(remote_like).shared("edge-cb")
    assert any(
        "Unnamed" in a.sources
        for a in shared.accreditations["https://w3id.org/accredigraph/id/body/edge-cb"]
    )
