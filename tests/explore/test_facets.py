"""Search facets (issue 15): matches counted per country and per standard, over every match and
not only the page, checked against an independent count; and filtered by them.

The independent count reads the same graph with rdflib, not SPARQL, following
docs/explorer.md's definitions: a body's or organisation's country is its address's; an
attestation's is its subject's; a standard is the work (an edition counts as its work).
"""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import RDF, URIRef

from graph.errors import QueryError
from graph.explore import facets as facets_module
from graph.explore import search as search_module
from graph.explore.facets import facets_of
from graph.explore.search import find
from graph.vocab.namespaces import AG, SCHEMA

DCT = rdflib.Namespace("http://purl.org/dc/terms/")
A, S = rdflib.Namespace(AG), rdflib.Namespace(SCHEMA)

#: Searches that find each kind with a facet: certificates, accreditations, organisations,
#: bodies of every kind, standards.
TEXTS = ["S-C-0", "S-A-0", "ltd", "a", "iso", "GB", "cert"]


@pytest.fixture(scope="module")
def rdf(bundled_store) -> rdflib.Graph:
    """The bundled graph read by rdflib: the independent reading."""
    graph = rdflib.Graph()
    graph.parse(data=bundled_store.dump(ox.RdfFormat.N_TRIPLES), format="nt")
    return graph


def _countries(g: rdflib.Graph, node: URIRef) -> set[str]:
    own = {str(c) for a in g.objects(node, S.address) for c in g.objects(a, S.addressCountry)}
    if own:
        return own
    return {
        str(c)
        for subject in g.objects(node, A.subject)
        for a in g.objects(subject, S.address)
        for c in g.objects(a, S.addressCountry)
    }


def _work(g: rdflib.Graph, standard: URIRef) -> str | None:
    work = g.value(standard, DCT.isVersionOf) or standard
    designation = g.value(work, A.designation)
    return str(designation) if designation is not None else None


def _standards(g: rdflib.Graph, node: URIRef, kind: str) -> set[str]:
    found: set[URIRef] = set()
    if kind in ("accreditation", "certificate"):
        found |= set(g.objects(node, A.againstStandard)) | set(g.objects(node, A.coversStandard))
    elif kind == "standard":
        found.add(node)
    elif kind == "organisation":
        for certificate in g.subjects(A.subject, node):
            found |= set(g.objects(certificate, A.againstStandard))
    elif kind == "certification-body":
        for accreditation in g.subjects(A.subject, node):
            found |= set(g.objects(accreditation, A.coversStandard))
        for count in g.subjects(A.certificationBody, node):
            found |= set(g.objects(count, A.countOf))
    elif kind == "accreditation-body":
        for status in g.subjects(A.signatory, node):
            found |= set(g.objects(status, A.subScopeStandard))
        for accreditation in g.subjects(A.issuer, node):
            if (accreditation, RDF.type, A.Accreditation) in g:
                found |= set(g.objects(accreditation, A.coversStandard))
    elif kind == "standards-body":
        found |= set(g.subjects(DCT.publisher, node))
    return {w for s in found if (w := _work(g, s)) is not None}


def _truth(g: rdflib.Graph, hits) -> tuple[Counter, Counter]:
    countries = Counter(c for h in hits for c in _countries(g, URIRef(h.iri)))
    standards = Counter(s for h in hits for s in _standards(g, URIRef(h.iri), h.kind))
    return countries, standards


@pytest.mark.parametrize("text", TEXTS)
def test_facet_counts_agree_with_an_independent_count_of_every_match(bundled_store, rdf, text):
    everything = find(bundled_store, text, limit=100_000)
    assert everything.exact and everything.total == len(everything.hits) > 0
    countries, standards = _truth(rdf, everything.hits)
    assert dict(everything.by_country) == dict(countries)
    assert dict(everything.by_standard) == dict(standards)
    assert countries or standards, f"{text!r} should find something with a facet"


@pytest.mark.parametrize("text", TEXTS)
def test_facets_count_every_match_not_only_the_page(bundled_store, text):
    page = find(bundled_store, text, limit=2)
    everything = find(bundled_store, text, limit=100_000)
    assert page.by_country == everything.by_country
    assert page.by_standard == everything.by_standard


def test_facets_list_the_most_frequent_first(bundled_store):
    counts = [n for _, n in find(bundled_store, "S-C-0").by_country]
    assert counts == sorted(counts, reverse=True) and len(counts) > 3


@pytest.mark.parametrize(("text", "country", "standard"), [
    ("S-C-0", "GB", None), ("S-C-0", None, "ISO 9001"), ("S-C-0", "GB", "ISO 9001"),
    ("a", "DE", None), ("ltd", "ZA", "ISO 14001"), ("S-A-0", None, "ISO/IEC 27001"),
])  # fmt: skip
def test_a_filter_keeps_exactly_the_matches_the_independent_reading_keeps(
    bundled_store, rdf, text, country, standard
):
    everything = find(bundled_store, text, limit=100_000)
    kept = [
        h.iri
        for h in everything.hits
        if (country is None or country in _countries(rdf, URIRef(h.iri)))
        and (standard is None or standard in _standards(rdf, URIRef(h.iri), h.kind))
    ]
    narrowed = find(bundled_store, text, country=country, standard=standard, limit=100_000)
    assert [h.iri for h in narrowed.hits] == kept, "same matches, same order"
    assert narrowed.total == len(kept) > 0
    assert narrowed.country == country and narrowed.standard == standard
    # each facet counts with the other filters but not its own: the chosen value's count is
    # the number of matches, and the other values say what choosing them would give
    if country:
        assert dict(narrowed.by_country)[country] == narrowed.total
        others = find(bundled_store, text, standard=standard, limit=100_000)
        assert narrowed.by_country == others.by_country
    if standard:
        assert dict(narrowed.by_standard)[standard] == narrowed.total


@pytest.mark.parametrize(("country", "standard"), [
    ("gb", "iso 9001"), ("GBR", "ISO 9001:2015"), ("United Kingdom", "iso9001"), ("UK", "ISO 9001"),
])  # fmt: skip
def test_filters_take_what_people_type(bundled_store, country, standard):
    narrowed = find(bundled_store, "S-C-0", country=country, standard=standard)
    assert (narrowed.country, narrowed.standard) == ("GB", "ISO 9001")
    assert narrowed.total == find(bundled_store, "S-C-0", country="GB", standard="ISO 9001").total


def test_kinds_and_facets_combine(bundled_store, rdf):
    narrowed = find(bundled_store, "a", kinds=["certification-body"], country="GB", limit=1000)
    assert narrowed.hits and {h.kind for h in narrowed.hits} == {"certification-body"}
    assert all("GB" in _countries(rdf, URIRef(h.iri)) for h in narrowed.hits)
    assert dict(narrowed.by_kind) == {"certification-body": narrowed.total}


def test_a_filter_that_keeps_nothing_still_offers_the_other_values(bundled_store):
    none = find(bundled_store, "S-C-0", country="JP")
    assert none.total == 0 and none.in_words() == "no matches"
    assert dict(none.by_country)["GB"] > 0, "the other countries, to choose instead"


@pytest.mark.parametrize(("country", "standard", "message"), [
    ("Narnia", None, "unknown country"), (None, "ISO 99999", "not a standard"),
])  # fmt: skip
def test_an_unknown_country_or_standard_is_a_clear_error(bundled_store, country, standard, message):
    with pytest.raises(QueryError, match=message):
        find(bundled_store, "S-C-0", country=country, standard=standard)


def test_counts_cut_at_the_match_limit_say_so(bundled_store, monkeypatch):
    monkeypatch.setattr(search_module, "MATCH_LIMIT", 5)
    found = find(bundled_store, "S-C-0", limit=3)
    assert not found.exact
    assert sum(n for _, n in found.by_country) <= found.total + 5
    value, count = found.by_country[0]
    assert found.count_in_words(count) == f"{count}+"
    narrowed = find(bundled_store, "S-C-0", country=value, limit=3)
    assert narrowed.in_words().startswith("1–") and " of at least " in narrowed.in_words()


def test_batches_give_the_same_counts_as_one_query(bundled_store, monkeypatch):
    whole = find(bundled_store, "S-C-0")
    monkeypatch.setattr(facets_module, "BATCH", 7)
    assert find(bundled_store, "S-C-0").by_country == whole.by_country
    assert find(bundled_store, "S-C-0").by_standard == whole.by_standard


def test_an_entity_with_neither_has_empty_facets(bundled_store):
    sector = "https://w3id.org/accredigraph/code/iaf-sector/28"
    assert facets_of(bundled_store, [(sector, "sector")])[sector] == facets_module.Facets()


def test_search_without_facets_runs_no_facet_query(bundled_store, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("facets read")

    monkeypatch.setattr(search_module, "facets_of", refuse)
    assert find(bundled_store, "S-C-0", facets=False).total > 0
    with pytest.raises(AssertionError, match="facets read"):
        find(bundled_store, "S-C-0", country="GB", facets=False)  # a filter needs them
