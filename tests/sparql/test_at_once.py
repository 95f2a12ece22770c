"""An answer read at once (``run(..., at_once=True)``) is the answer read row by row.

The bulk verifier reads its batches this way (the engine evaluates the whole query, then the
rows are read from its own SPARQL JSON serialisation), so every kind of term a store can hold
must come back equal, in the same order, with the same unbound cells.
"""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest

from graph import sparql
from graph.sparql import Rows
from graph.store import open_store

XSD = "http://www.w3.org/2001/XMLSchema#"
E = "http://example.org/"


def _store():
    store = open_store("memory")
    s, p = ox.NamedNode(E + "s"), ox.NamedNode(E + "p")
    objects = [
        ox.NamedNode(E + "o?x=1&y=%C3%A9#frag"),
        ox.BlankNode("b1"),
        ox.Literal("plain"),
        ox.Literal('quote " backslash \\ newline \n tab \t'),
        ox.Literal("émoji 🙂 and \U0010fffd"),
        ox.Literal(""),
        ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")),
        ox.Literal("2026-12-05", datatype=ox.NamedNode(XSD + "date")),
        ox.Literal("1.50", datatype=ox.NamedNode(XSD + "decimal")),
        ox.Literal("not a number", datatype=ox.NamedNode(XSD + "integer")),
        ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
        ox.Literal("x", datatype=ox.NamedNode(E + "ownDatatype")),
        ox.Literal("chat", language="fr"),
        ox.Literal("نص", language="ar", direction=ox.BaseDirection.RTL),
        ox.Literal("text", language="en-gb", direction=ox.BaseDirection.LTR),
    ]
    quoted = ox.Triple(s, p, ox.Literal("said"))
    store.add(
        [ox.Triple(s, p, o) for o in objects]
        + [
            ox.Triple(ox.BlankNode("b1"), p, ox.Literal("from a blank node")),
            ox.Triple(s, ox.NamedNode(E + "q"), quoted),
        ]
    )
    return store, len(objects)


def _both(store, text: str) -> tuple[Rows, Rows]:
    rows = sparql.run(store, text, row_cap=None, timeout=None, trusted=True)
    whole = sparql.run(store, text, row_cap=None, timeout=None, trusted=True, at_once=True)
    assert isinstance(rows, Rows) and isinstance(whole, Rows)
    return rows, whole


def test_every_kind_of_term_and_unbound_cells_come_back_equal_in_order():
    store, n = _store()
    rows, whole = _both(store, "SELECT ?s ?p ?o ?never WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o")
    assert len(rows.rows) == n + 2
    assert whole.variables == rows.variables == ["s", "p", "o", "never"]
    assert whole.rows == rows.rows
    assert whole.records() == rows.records()
    assert (whole.truncated, whole.row_cap) == (False, None)
    assert all(row[3] is None for row in whole.rows)


def test_a_triple_term_comes_back_as_a_triple():
    store, _ = _store()
    rows, whole = _both(store, f"SELECT ?t WHERE {{ ?s <{E}q> ?t }}")
    assert whole.rows == rows.rows
    assert isinstance(whole.rows[0][0], ox.Triple)


def test_no_rows_and_computed_values():
    store, _ = _store()
    assert _both(store, "SELECT ?x WHERE { ?x ?y 'nowhere' }")[1].rows == []
    rows, whole = _both(store, "SELECT (COUNT(*) AS ?n) (STRLANG('a', 'de') AS ?l) "
                        "(BNODE() AS ?b) WHERE { ?s ?p ?o }")  # fmt: skip
    assert whole.rows[0][:2] == rows.rows[0][:2]
    assert isinstance(whole.rows[0][2], ox.BlankNode)


def test_ask_and_construct_answer_as_they_do_row_by_row():
    store, n = _store()
    ask = sparql.run(store, "ASK { ?s ?p ?o }", row_cap=None, timeout=None, trusted=True,
                     at_once=True)  # fmt: skip
    assert ask.value is True
    graph = sparql.run(store, "CONSTRUCT WHERE { ?s ?p ?o }", row_cap=None, timeout=None,
                       trusted=True, at_once=True)  # fmt: skip
    assert len(graph.triples) == n + 2


def test_every_statement_of_the_bundled_data_reads_the_same_at_once(bundled_store):
    rows, whole = _both(bundled_store, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert len(rows.rows) == len(bundled_store)
    # no ORDER BY: the engine may order them otherwise from one run to the next
    assert Counter(whole.rows) == Counter(rows.rows)


@pytest.mark.parametrize(
    "options",
    [
        {"row_cap": 10, "timeout": None, "trusted": True},
        {"row_cap": None, "timeout": 5.0, "trusted": True},
        {"row_cap": None, "timeout": None, "trusted": False},
    ],
)
def test_at_once_is_refused_with_a_row_cap_a_time_limit_or_a_visitors_text(options):
    store, _ = _store()
    with pytest.raises(ValueError, match="at_once"):
        sparql.run(store, "SELECT * WHERE { ?s ?p ?o }", at_once=True, **options)
