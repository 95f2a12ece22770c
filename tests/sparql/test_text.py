"""SPARQL text: parameter binding for remote engines (checked against pyoxigraph's own
substitutions). The guard is tested in test_guard.py."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.sparql.text import bind_parameters

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
