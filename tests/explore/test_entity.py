"""Entity pages: what the graph says about one entity, its links page by page, its RDF."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import rdflib

from graph.errors import QueryError
from graph.explore.entity import (
    Entity,
    LinkRow,
    describe,
    entity_rdf,
    links_in,
    links_out,
)
from graph.explore.resolve import resolve_entity
from graph.store import open_store
from graph.vocab.mint import accreditation_iri, body_iri, certificate_iri, standard_iri
from graph.vocab.namespaces import AG, RDFS, SCHEMA, sector

UKAS = body_iri("ukas")


def test_ukas_has_its_country_and_a_source_url(bundled_store):
    ukas = describe(bundled_store, UKAS)
    assert isinstance(ukas, Entity)
    assert ukas.label == "United Kingdom Accreditation Service"
    assert ukas.value("addressCountry") == "GB"
    assert any(s.startswith("https://") for s in ukas.sources)
    assert "AccreditationBody" in ukas.kinds and ukas.kind == "accreditation-body"


def test_classes_sources_and_notes_are_not_repeated_as_facts(bundled_store):
    ukas = describe(bundled_store, UKAS)
    names = {f.predicate_label for f in ukas.facts}
    assert not names & {"type", "source", "comment"}
    assert ukas.comment


def test_an_unknown_iri_has_no_description(bundled_store):
    assert describe(bundled_store, "https://example.org/nothing") is None


def test_predicate_names_come_from_the_ontology(bundled_store):
    issuer_label = describe(bundled_store, AG + "issuer").label
    certificate = describe(bundled_store, certificate_iri("S-C-0001"))
    issuer = next(f for f in certificate.facts if f.predicate == AG + "issuer")
    assert issuer.predicate_label == issuer_label != ""
    assert issuer.is_iri and issuer.value == body_iri("s-thamesmere-assurance")
    assert issuer.value_label == "Thamesmere Assurance Ltd (sample)"


def test_a_predicate_the_ontology_does_not_label_is_named_by_its_local_name():
    store = open_store("memory")
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/vocab#zork")
    store.add(
        [
            ox.Triple(s, p, ox.Literal("x")),
            ox.Triple(s, ox.NamedNode(RDFS + "label"), ox.Literal("S")),
        ]
    )
    fact = next(f for f in describe(store, s.value).facts if f.predicate == p.value)
    assert fact.predicate_label == "zork"
    assert not fact.is_iri and fact.value == "x"


def test_links_in_pages_add_up_to_the_total(bundled_store):
    first = links_in(bundled_store, UKAS, limit=3)
    seen = []
    page = first
    while True:
        seen.extend((r.predicate, r.value) for r in page.rows)
        if not page.has_more:
            break
        page = links_in(bundled_store, UKAS, offset=page.offset + page.limit, limit=3)
    assert first.total > 3
    assert len(seen) == len(set(seen)) == first.total


def test_a_page_past_the_end_is_empty_but_keeps_the_total(bundled_store):
    page = links_in(bundled_store, UKAS, offset=10_000)
    assert page.rows == [] and page.total > 0


def test_links_name_the_other_node_and_its_kind(bundled_store):
    rows = links_out(bundled_store, accreditation_iri("S-A-002"), limit=100).rows
    issuer = next(r for r in rows if r.predicate == AG + "issuer")
    assert isinstance(issuer, LinkRow)
    assert (issuer.iri, issuer.label, issuer.kind) == (
        UKAS,
        "United Kingdom Accreditation Service",
        "accreditation-body",
    )


def test_links_leave_out_classes_and_sources(bundled_store):
    rows = links_out(bundled_store, UKAS, limit=100).rows
    assert {r.predicate_label for r in rows}.isdisjoint({"type", "source"})


def test_entity_rdf_is_turtle_with_the_labels_of_linked_nodes(bundled_store):
    text = entity_rdf(bundled_store, certificate_iri("S-C-0001"))
    g = rdflib.Graph().parse(data=text, format="turtle")
    cb = rdflib.URIRef(body_iri("s-thamesmere-assurance"))
    assert (rdflib.URIRef(certificate_iri("S-C-0001")), rdflib.URIRef(AG + "issuer"), cb) in g
    assert str(g.value(cb, rdflib.RDFS.label)) == "Thamesmere Assurance Ltd (sample)"


def test_entity_rdf_as_json_ld(bundled_store):
    data = json.loads(entity_rdf(bundled_store, UKAS, fmt="jsonld"))
    nodes = data if isinstance(data, list) else data.get("@graph", [data])

    def values(iri, predicate):
        return [v for n in nodes if n.get("@id") == iri for v in n.get(predicate, [])]

    addresses = [v["@id"] for v in values(UKAS, SCHEMA + "address")]
    countries = [v["@value"] for a in addresses for v in values(a, SCHEMA + "addressCountry")]
    assert countries == ["GB"]
    assert values(addresses[0], str(rdflib.RDF.type)) == [{"@id": SCHEMA + "PostalAddress"}]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ukas", UKAS),
        ("UKAS", UKAS),
        (UKAS, UKAS),
        ("S-C-0001", certificate_iri("S-C-0001")),
        ("S-A-002", accreditation_iri("S-A-002")),
        ("iso 9001", standard_iri("ISO 9001")),
        ("ISO/IEC 27001:2022", standard_iri("ISO/IEC 27001:2022")),
        ("IAF 28", sector(28)),
        ("iaf-mla", "https://w3id.org/accredigraph/id/arrangement/iaf-mla"),
    ],
)
def test_resolve_entity_accepts_what_people_type(bundled_store, text, expected):
    assert resolve_entity(bundled_store, text) == expected


@pytest.mark.parametrize("text", ["", "nobody", "https://example.org/nothing", "ISO 99999"])
def test_resolve_entity_says_none_when_nothing_matches(bundled_store, text):
    assert resolve_entity(bundled_store, text) is None


@pytest.mark.parametrize("text", ["not an iri", "https://x y", "https://example.org/<script>", ""])
def test_text_that_is_not_an_iri_is_no_entity_and_a_clear_error(bundled_store, text):
    assert describe(bundled_store, text) is None
    assert resolve_entity(bundled_store, text) is None
    with pytest.raises(QueryError, match="not an IRI"):
        links_in(bundled_store, text)
    with pytest.raises(QueryError, match="not an IRI"):
        entity_rdf(bundled_store, text)


def test_links_past_the_count_limit_are_more_than_and_still_page_on(bundled_store, monkeypatch):
    from graph.explore import entity

    exact = links_in(bundled_store, UKAS, limit=3)
    monkeypatch.setattr(entity, "COUNT_LIMIT", 5)
    first = links_in(bundled_store, UKAS, limit=3)
    assert exact.total_exact and exact.total > 5
    assert not first.total_exact and first.total == 5 and first.of == "more than 5"
    later = links_in(bundled_store, UKAS, offset=3, limit=3)
    assert later.has_more and [r.value for r in later.rows] not in (
        [],
        [r.value for r in first.rows],
    )


def test_a_huge_offset_stops_at_the_furthest_page_instead_of_counting_everything(
    bundled_store, monkeypatch
):
    """``?in=1000000000000`` once made the store count every link up to that number."""
    from graph.explore import entity

    monkeypatch.setattr(entity, "MAX_OFFSET", 4)
    counted: list[int] = []
    original = entity._run_page

    def spy(store, name, iri, offset, limit):
        counted.append(offset + limit)
        return original(store, name, iri, offset, limit)

    monkeypatch.setattr(entity, "_run_page", spy)
    page = links_in(bundled_store, UKAS, offset=10**12, limit=3)
    assert page.offset == 4 and max(counted) <= entity.COUNT_LIMIT + 1
