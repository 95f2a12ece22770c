"""A query worker's answer crosses a pipe pickled: every cell comes back as the same term, in
its place, with each distinct term pickled once (graph.sparql.results.Rows.__reduce__)."""

from __future__ import annotations

import pickle

import pyoxigraph as ox

from graph.sparql.results import Rows

IRI = ox.NamedNode("https://w3id.org/accredigraph/id/body/ukas")
TERMS = [
    IRI,
    ox.Literal("UKAS", language="en"),
    ox.Literal("UKAS"),
    ox.Literal("2026-01-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
    ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ox.BlankNode("b0"),
    None,
]


def test_every_cell_comes_back_as_the_same_term_in_its_place():
    rows = Rows(
        ["a", "b", "c"],
        [(t, TERMS[(i + 1) % len(TERMS)], IRI) for i, t in enumerate(TERMS)],
        truncated=True,
        row_cap=7,
    )
    back = pickle.loads(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == rows and back.truncated and back.row_cap == 7
    assert [tuple(map(type, r)) for r in back.rows] == [tuple(map(type, r)) for r in rows.rows]
    assert back.records() == rows.records()


def test_a_repeated_value_is_pickled_once():
    """As an engine answers: an equal term on every row, a new object each time."""
    many = Rows(["node", "other"], [(ox.NamedNode(IRI.value), ox.NamedNode(f"https://e.org/{i}"))
                                    for i in range(2000)])  # fmt: skip
    once = Rows(["other"], [(ox.NamedNode(f"https://e.org/{i}"),) for i in range(2000)])
    assert len(pickle.dumps(many)) < 1.3 * len(pickle.dumps(once))
    assert pickle.loads(pickle.dumps(many)) == many


def test_an_empty_answer_round_trips():
    empty = Rows(["x"], [])
    assert pickle.loads(pickle.dumps(empty)) == empty
