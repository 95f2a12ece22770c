"""Search: what a user types finds the entity they mean, best match first, fast at scale."""

from __future__ import annotations

import re

import pytest

from graph.errors import QueryError
from graph.explore.search import SEARCH_KINDS, Hit, search
from graph.query import load_named
from graph.vocab.kinds import KINDS
from graph.vocab.mint import body_iri, certificate_iri
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
