"""Search: what a user types finds the entity they mean, best match first, fast at scale."""

from __future__ import annotations

import re

import pytest

from graph.errors import QueryError
from graph.explore.search import SEARCH_KINDS, Hit, find, search
from graph.query import load_named
from graph.vocab.kinds import KINDS
from graph.vocab.mint import body_iri, certificate_iri, standard_iri
from graph.vocab.namespaces import sector
from tests.conftest import BASE_REGISTER


def test_ukas_finds_ukas_first(bundled_store):
    hits = search(bundled_store, "ukas")
    assert hits[0].iri == body_iri("ukas")
    assert hits[0].kind == "accreditation-body"
    assert hits[0].identifier == "UKAS"


def test_case_does_not_matter(bundled_store):
    assert search(bundled_store, "UkAs")[0].iri == body_iri("ukas")


def test_a_number_finds_the_standard_it_names(bundled_store):
    hits = search(bundled_store, "27001")
    assert hits[0].label == "ISO/IEC 27001"
    assert hits[0].kind == "standard"


def test_iaf_sector_code_finds_the_sector(bundled_store):
    assert search(bundled_store, "IAF 28")[0].iri == sector(28)
    assert search(bundled_store, "28")[0].iri == sector(28)


def test_exact_certificate_number_finds_the_certificate_first(bundled_store):
    hits = search(bundled_store, "S-C-0001")
    assert hits[0].iri == certificate_iri("S-C-0001")
    assert hits[0].kind == "certificate"


def test_certificate_number_prefix_finds_several_certificates(bundled_store):
    hits = search(bundled_store, "s-c-00", kinds=["certificate"], limit=5)
    assert len(hits) == 5
    assert all(h.identifier.startswith("S-C-00") for h in hits)


def test_certificates_match_their_number_only_never_words_of_their_label(bundled_store):
    assert [
        h for h in search(bundled_store, "vehicle bodies", limit=50) if h.kind == "certificate"
    ] == []


def test_a_word_of_an_organisation_name_finds_the_organisation(bundled_store):
    hits = search(bundled_store, "rookwood", kinds=["organisation"])
    assert hits and hits[0].label.startswith("Rookwood")


def test_kinds_keep_only_those_kinds(bundled_store):
    hits = search(bundled_store, "accreditation", kinds=["network"], limit=50)
    assert hits and {h.kind for h in hits} == {"network"}


def test_limit_caps_the_hits(bundled_store):
    assert len(search(bundled_store, "a", limit=3)) == 3


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_blank_text_finds_nothing(bundled_store, text):
    assert search(bundled_store, text) == []


@pytest.mark.parametrize("text", ['"', "\\", "(?i).*", "'; DROP", "<img src=x>", "ü" * 300])
def test_odd_text_is_a_search_not_a_query(bundled_store, text):
    assert isinstance(search(bundled_store, text), list)


def test_an_unknown_kind_is_an_error(bundled_store):
    with pytest.raises(QueryError, match="unknown kind"):
        search(bundled_store, "ukas", kinds=["planet"])


def test_hits_are_plain_frozen_data(bundled_store):
    hit = search(bundled_store, "ukas")[0]
    assert isinstance(hit, Hit)
    with pytest.raises(AttributeError):
        hit.label = "x"  # type: ignore[misc]


def test_a_register_imported_on_top_is_searchable(register_store):
    store = register_store(BASE_REGISTER)
    assert search(store, "T-C-1")[0].iri == certificate_iri("T-C-1")
    assert search(store, "Test Certification")[0].iri == body_iri("t-cb")


def test_search_rq_ranks_kinds_in_the_order_of_graph_kinds():
    ranked = re.findall(r'"(\d\d)([a-z-]+)"', load_named("search").text)
    order = {kind: int(n) for n, kind in ranked}
    assert set(order) <= set(SEARCH_KINDS) <= set(KINDS)
    assert sorted(order, key=order.get) == [k for k in KINDS if k in order]


# --- forgiving search (issue 15): what people type, counted and paged -----------------------


@pytest.mark.parametrize(
    ("typed", "iri"),
    [
        ("ISO 27001", standard_iri("ISO/IEC 27001")),
        ("iso27001", standard_iri("ISO/IEC 27001")),
        ("iso9001", standard_iri("ISO 9001")),
        ("iso 9001:2015", standard_iri("ISO 9001:2015")),
        ("ISO/IEC 27001:2022", standard_iri("ISO/IEC 27001:2022")),
    ],
)
def test_designations_are_found_the_way_people_write_them(bundled_store, typed, iri):
    assert search(bundled_store, typed)[0].iri == iri


@pytest.mark.parametrize("typed", ["GB", "gbr", "United Kingdom", "UK"])
def test_a_country_code_or_name_finds_the_bodies_there(bundled_store, typed):
    found = find(bundled_store, typed, kinds=["accreditation-body"])
    in_gb = {h.iri for h in found.hits if h.detail == "GB"}
    assert {body_iri("ukas"), body_iri("s-ukasc")} <= in_gb


def test_a_country_finds_certification_bodies_too_and_counts_them_by_kind(bundled_store):
    found = find(bundled_store, "United Kingdom", limit=100)
    by_kind = dict(found.by_kind)
    assert by_kind["certification-body"] >= 2 and by_kind["accreditation-body"] >= 1
    assert sum(by_kind.values()) == found.total == len(found.hits)


def test_ids_match_in_any_case(bundled_store):
    assert search(bundled_store, "s-c-0001")[0].iri == certificate_iri("S-C-0001")
    assert [h.identifier for h in search(bundled_store, "s-c-000", limit=3)] == [
        "S-C-0001", "S-C-0002", "S-C-0003"
    ]  # fmt: skip


def test_a_misspelt_name_finds_the_body_it_is_close_to(bundled_store):
    assert search(bundled_store, "Bureau Veritaz")[0].iri == body_iri("bureau-veritas")
    assert search(bundled_store, "Bureau Veritaz zzzz qqqq") == []  # not close to anything


def test_matches_are_counted_and_paged_without_gaps_or_repeats(bundled_store):
    everything = find(bundled_store, "S-C-0", limit=1000)
    assert everything.total == len(everything.hits) > 40 and everything.exact
    pages = [find(bundled_store, "S-C-0", offset=o, limit=20) for o in range(0, 60, 20)]
    assert [h for p in pages for h in p.hits] == list(everything.hits[:60])
    assert pages[1].in_words() == f"21–40 of {everything.total}"
    assert all(p.total == everything.total for p in pages)


def test_a_count_that_reached_the_limit_says_more_than(bundled_store, monkeypatch):
    from graph.explore import search as module

    monkeypatch.setattr(module, "MATCH_LIMIT", 5)
    found = find(bundled_store, "S-C-0", limit=3)
    assert not found.exact and found.in_words().startswith("1–3 of more than")


def test_every_class_the_build_writes_has_a_kind_or_is_left_out_on_purpose(bundled_store):
    """A new class in the data gets its own kind (colour, legend, filter), not "other"."""
    from graph import sparql
    from graph.vocab.kinds import CLASS_KINDS
    from graph.vocab.namespaces import AG, OWL, PROV, RDFS, SKOS

    # Ontology terms, the sample register's bookkeeping and provenance are not explored as kinds.
    left_out = {OWL + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty",
                OWL + "AnnotationProperty", OWL + "Ontology", RDFS + "Datatype",
                SKOS + "ConceptScheme", PROV + "Entity", AG + "SampleRecord"}  # fmt: skip
    rows = sparql.run(bundled_store, "SELECT DISTINCT ?c WHERE { ?s a ?c }", row_cap=None)
    classes = {row["c"] for row in rows.records()}
    assert sorted(classes - set(CLASS_KINDS) - left_out) == []
