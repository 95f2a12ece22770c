"""Counting a named query's answer without reading it (``count_named``): the same number as
the rows read, cut at the bound, with its parameters bound as terms."""

from __future__ import annotations

import pytest

from graph import sparql
from graph.errors import QueryError
from graph.query import count_named, load_named, run_named
from graph.store import open_store
from graph.vocab.mint import body_iri, standard_iri

UKAS = body_iri("ukas")
CASES = [
    ("entity-neighbour-ids", {"node": UKAS}),
    ("entity-neighbour-ids", {"node": body_iri("iaf")}),
    ("entity-neighbour-ids", {"node": UKAS, "onlyCountry": "GB"}),
    ("entity-neighbour-ids", {"node": standard_iri("ISO 9001:2015"), "onlyClasses": "any"}),
    ("entity-links-in", {"node": UKAS}),
    ("entity-links-out", {"node": UKAS}),
    ("cbs-accredited-by", {"ab": "ukas"}),
]


@pytest.mark.parametrize(("name", "params"), CASES)
def test_a_count_is_the_number_of_rows_of_the_answer(bundled_store, name, params):
    rows = run_named(bundled_store, name, params, row_cap=None).rows  # type: ignore[union-attr]
    assert rows, "a case that answers nothing proves nothing"
    assert count_named(bundled_store, name, params, bound=len(rows) + 10) == len(rows)


@pytest.mark.parametrize(("name", "params"), CASES)
def test_a_count_stops_at_its_bound(bundled_store, name, params):
    rows = run_named(bundled_store, name, params, row_cap=None).rows  # type: ignore[union-attr]
    assert count_named(bundled_store, name, params, bound=len(rows) - 1) == len(rows) - 1


def test_a_count_runs_through_the_query_worker_on_a_store_on_disk(cli_store):
    store = open_store(cli_store, read_only=True)
    try:
        rows = run_named(store, "entity-neighbour-ids", {"node": UKAS}, row_cap=None).rows  # type: ignore[union-attr]
        assert count_named(store, "entity-neighbour-ids", {"node": UKAS}, bound=10_000,
                           timeout=20) == len(rows) > 0  # fmt: skip
    finally:
        store.close()


def test_a_value_that_looks_like_sparql_is_counted_as_a_value(bundled_store):
    """The parameters are written as RDF terms: text that would close the query's string and
    add a pattern of its own is only a list of classes no node has."""
    hostile = 'x") } UNION { ?other ?p ?o } FILTER(CONTAINS("x'
    params = {"node": UKAS, "onlyClasses": hostile}
    assert count_named(bundled_store, "entity-neighbour-ids", params, bound=10_000) == 0
    assert count_named(bundled_store, "entity-neighbour-ids", {"node": UKAS}, bound=10_000) > 0


def test_an_unknown_parameter_is_refused_as_for_running(bundled_store):
    with pytest.raises(QueryError, match="has no parameter"):
        count_named(bundled_store, "entity-neighbour-ids", {"nod": UKAS}, bound=10)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5",
        "SELECT ?s WHERE { ?s ?p ?o } OFFSET 5",
        "SELECT ?s WHERE { ?s ?p ?o } VALUES ?s { <urn:a> }",
        "PREFIX e: <urn:e#> SELECT ?s WHERE { ?s e:p ?o }",
        "ASK { ?s ?p ?o }",
    ],
)
def test_only_a_plain_select_is_nested_in_a_count(text):
    outer = load_named("internal-count-rows").text
    with pytest.raises(ValueError, match="can be nested"):
        sparql.nested(outer, text, limit=10)
