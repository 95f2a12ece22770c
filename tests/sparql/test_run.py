"""The query layer's contract: read-only unless asked, typed results, prefixes offered."""

from __future__ import annotations

import datetime as dt

import pytest

from graph import sparql
from graph.errors import QueryError, ReadOnlyError
from graph.sparql import Rows, query_form
from graph.store import open_store


def test_updates_run_only_when_asked_for_explicitly():
    store = open_store("memory")
    with pytest.raises(ReadOnlyError):
        sparql.run(store, "INSERT DATA { agd:x ag:acronym 'X' }")
    sparql.update(store, "INSERT DATA { agd:x ag:acronym 'X' }")
    assert len(store) == 1


def test_explicit_updates_still_refuse_network_access():
    with pytest.raises(ReadOnlyError):
        sparql.update(open_store("memory"), "LOAD <http://127.0.0.1:9/data.ttl>")


def test_syntax_errors_are_query_errors():
    with pytest.raises(QueryError):
        sparql.run(open_store("memory"), "SELECT ?x WHERE { ?x ")


def test_select_results_render_as_csv_and_json(bundled_store):
    result = sparql.run(bundled_store, "SELECT ?a WHERE { agd:body\\/iso ag:acronym ?a }")
    assert isinstance(result, Rows)
    assert result.to_csv() == "a\nISO\n"
    assert '"value": "ISO"' in result.to_json()


def test_construct_results_serialise_as_turtle(bundled_store):
    result = sparql.run(bundled_store, "CONSTRUCT { agd:body\\/iso ?p ?o } WHERE { "
                        "agd:body\\/iso ?p ?o }")  # fmt: skip
    assert "ISO" in result.serialize("ttl") and "@prefix ag:" in result.serialize("ttl")


def test_query_form_ignores_keywords_in_comments_and_strings():
    assert query_form('# SELECT\nASK { ?s ?p "CONSTRUCT" }') == "ASK"


def test_service_queries_make_no_request(bundled_store):
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.5)
    port = server.getsockname()[1]
    with pytest.raises(QueryError, match="SERVICE"):
        sparql.run(bundled_store, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> "
                   "{ ?s ?p ?o } }")  # fmt: skip
    with pytest.raises(OSError):  # nobody connected
        server.accept()
    server.close()


def test_results_read_as_python_values_and_malformed_literals_as_text():
    rows = sparql.run(
        open_store("memory"),
        "SELECT ?n ?d ?x ?b ?day ?bad ?iri ?none WHERE { VALUES (?n ?d ?x ?b ?day ?bad ?iri) { "
        "(7 2.5 1e3 true '2026-11-23'^^xsd:date 'abc'^^xsd:decimal <http://example.org/a>) } }",
    ).records()
    assert rows == [
        {"n": 7, "d": 2.5, "x": 1000.0, "b": True, "day": dt.date(2026, 11, 23), "bad": "abc",
         "iri": "http://example.org/a", "none": None}
    ]  # fmt: skip
