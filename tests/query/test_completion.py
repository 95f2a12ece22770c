"""What the SPARQL editor completes (issue 15): this graph's classes and properties as
``prefix:local`` names with their number of uses, our prefixes and SPARQL's keywords; a graph
too large to count falls back to a sample, and one too large for that to prefixes and keywords."""

from __future__ import annotations

import time

import pytest

from graph.ingest.build import build
from graph.query import KEYWORDS, completions
from graph.sparql import run
from graph.sparql.deadline import runaway_count
from graph.store import open_store


@pytest.fixture(scope="module")
def store():
    store = open_store("memory")
    build(store)
    yield store
    # The tests with no time left abandon in-memory queries; the tests after these ones must
    # not find them still running (a third query with a time limit would be refused).
    deadline = time.monotonic() + 60
    while runaway_count() and time.monotonic() < deadline:
        time.sleep(0.05)


def _by_label(terms):
    return {t.label: t for t in terms}


def test_classes_and_properties_come_with_their_uses_in_this_graph(store):
    terms = _by_label(completions(store))
    certificates = run(store, "SELECT (COUNT(DISTINCT ?c) AS ?n) { ?c a ag:Certificate }")
    assert terms["ag:Certificate"].kind == "class"
    assert terms["ag:Certificate"].uses == certificates.records()[0]["n"] > 0
    assert terms["org:member"].kind == "property" and terms["org:member"].uses > 0
    assert terms["ag:"].kind == "prefix" and terms["ag:"].detail.endswith("accredigraph/def#")
    assert {k for k in KEYWORDS} <= {t.label for t in terms.values() if t.kind == "keyword"}
    # only names a user can type: no IRIs outside our prefixes, no "agd:body/ukas"
    assert all(":" in t.label and "/" not in t.label for t in terms.values() if t.kind != "keyword")


def test_a_graph_too_large_to_count_gets_a_sample_without_counts(store):
    terms = _by_label(completions(store, count_within=0.0))
    assert terms["ag:Certificate"].kind == "class" and terms["ag:Certificate"].uses == 0
    assert "ag:AccreditationBody" in terms and "org:member" in terms


def test_a_graph_too_large_even_for_a_sample_gets_prefixes_and_keywords(store):
    terms = completions(store, count_within=0.0, timeout=0.0)
    assert {t.kind for t in terms} == {"prefix", "keyword"}
