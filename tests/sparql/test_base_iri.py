"""Relative IRIs in a query (``<x>``) resolve against the ``base_iri`` given to
:func:`graph.sparql.run`, the same on every run and in every place a query runs: in process, in
an on-disk store's worker, and through a remote endpoint (issue 13: a stable public base IRI)."""

from __future__ import annotations

import pytest

from graph import sparql
from graph.errors import QuerySyntaxError
from graph.store import open_store

BASE = "http://sparql.example.org/query"
RELATIVE = "SELECT (<x> AS ?i) (<#f> AS ?f) {}"


def _iris(result: sparql.Result) -> tuple[str, str]:
    assert isinstance(result, sparql.Rows)
    (i, f) = result.rows[0]
    return str(i.value), str(f.value)


@pytest.mark.parametrize("where", ["memory", "disk", "disk-no-timeout"])
def test_relative_iris_resolve_against_the_base_iri_on_every_run(where, cli_store):
    store = open_store("memory" if where == "memory" else cli_store)
    timeout = None if where == "disk-no-timeout" else 10
    runs = {_iris(sparql.run(store, RELATIVE, base_iri=BASE, timeout=timeout)) for _ in range(3)}
    assert runs == {("http://sparql.example.org/x", f"{BASE}#f")}


def test_the_querys_own_base_wins(cli_store):
    text = "BASE <http://other.example/a/> SELECT (<x> AS ?i) (<#f> AS ?f) {}"
    result = sparql.run(open_store(cli_store), text, base_iri=BASE, timeout=10)
    assert _iris(result) == ("http://other.example/a/x", "http://other.example/a/#f")


def test_without_a_base_a_relative_iri_is_a_syntax_error():
    with pytest.raises(QuerySyntaxError):
        sparql.run(open_store("memory"), RELATIVE)
