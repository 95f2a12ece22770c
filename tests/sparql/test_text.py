"""SPARQL text: parameter binding for remote engines (checked against pyoxigraph's own
substitutions). The guard is tested in test_guard.py."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.sparql.text import bind_parameters
from graph.vocab.mint import XSD_DATE

A = ox.NamedNode("http://e/a")
P = ox.NamedNode("http://e/p")


def _same(text: str, substitutions: dict, store: ox.Store) -> None:
    """The bound text answers as pyoxigraph's pre-binding does."""
    subs = {ox.Variable(k): v for k, v in substitutions.items()}
    try:
        expected = store.query(text, substitutions=subs)
    except RuntimeError as exc:  # pyoxigraph binds only projected variables: so do we
        with pytest.raises(ValueError, match="does not project"):
            bind_parameters(text, substitutions)
        assert "projection" in str(exc)
        return
    got = store.query(bind_parameters(text, substitutions))
    if isinstance(expected, ox.QueryBoolean):
        assert bool(expected) == bool(got)
    elif isinstance(expected, ox.QuerySolutions):
        assert sorted(map(str, expected)) == sorted(map(str, got))
    else:
        assert sorted(map(str, expected)) == sorted(map(str, got))


@pytest.fixture(scope="module")
def small() -> ox.Store:
    store = ox.Store()
    for i in range(5):
        node = ox.NamedNode(f"http://e/{i}")
        store.add(ox.Quad(node, P, ox.Literal(str(i))))
        store.add(ox.Quad(A, P, node))
    return store


@pytest.mark.parametrize(
    ("text", "substitutions"),
    [
        ("SELECT ?s ?o WHERE { ?s <http://e/p> ?o }", {"s": A}),
        ("SELECT ?x ?o WHERE { ?s <http://e/p> ?o FILTER(STR(?o) = ?x) }", {"x": ox.Literal("3")}),
        (
            "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s <http://e/p> ?o } GROUP BY ?s ORDER BY ?s",
            {"s": A},
        ),
        (
            "SELECT ?s ?n WHERE { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s } }",
            {"s": A},
        ),
        ("SELECT ?o WHERE { { SELECT ?s WHERE { ?s ?p ?o2 } } ?s <http://e/p> ?o }", {"s": A}),
        ("SELECT ?o WHERE { ?x <http://e/p> ?o }", {"x": A}),  # not projected: refused
        (
            "SELECT ?s ?o WHERE { { SELECT ?o WHERE { ?s ?p ?o } } ?s <http://e/p> ?o }",
            {"s": A},
        ),  # the sub-select's ?s is another variable
        ("ASK { ?s <http://e/p> <http://e/2> }", {"s": A}),
        ("CONSTRUCT { ?s <http://e/q> ?o } WHERE { ?s <http://e/p> ?o }", {"s": A}),
        ("DESCRIBE ?s", {"s": A}),
        (
            "SELECT ?d ?u WHERE { BIND(xsd:date(?d) + xsd:dayTimeDuration('P9D') AS ?u) }",
            {
                "d": ox.Literal(
                    "2026-11-23", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
                )
            },
        ),
    ],
)
def test_bound_text_answers_like_pyoxigraph_substitutions(small, text, substitutions):
    text = "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n" + text
    _same(text, substitutions, small)


def test_blank_nodes_cannot_be_bound():
    with pytest.raises(ValueError, match="blank node"):
        bind_parameters("SELECT ?s WHERE { ?s ?p ?o }", {"s": ox.BlankNode()})


def test_a_bound_variable_reaches_inside_minus_written_in_as_pre_bound():
    """The right side of MINUS is evaluated on its own, so an outer VALUES does not reach it:
    a date compared inside MINUS must be bound there too, or the MINUS removes nothing."""
    import pyoxigraph as ox

    from graph import sparql
    from graph.store import open_store

    store = open_store("memory")
    e = "http://e/"
    store.add([ox.Triple(ox.NamedNode(e + n), ox.NamedNode(e + "until"),
                         ox.Literal(d, datatype=ox.NamedNode(XSD_DATE)))
               for n, d in (("old", "2020-01-01"), ("new", "2030-01-01"))])  # fmt: skip
    text = (f"SELECT ?x ?asOf WHERE {{ ?x <{e}until> ?u . "
            f"MINUS {{ ?x <{e}until> ?v FILTER(?v >= ?asOf) }} }}")  # fmt: skip
    as_of = {"asOf": ox.Literal("2026-01-01", datatype=ox.NamedNode(XSD_DATE))}
    answers = {}
    for binding in sparql.Binding:
        rows = sparql.run(store, sparql.Query(text, binding=binding), bindings=as_of)
        answers[binding] = sorted(r["x"] for r in rows.records())
    assert answers[sparql.Binding.TEXT] == answers[sparql.Binding.SUBSTITUTION] == [e + "old"]
    assert "MINUS { VALUES (?asOf)" in bind_parameters(text, as_of)
