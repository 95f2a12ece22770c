"""A SELECT answer as SPARQL 1.1 results JSON (``Rows.to_json``, the SPARQL page's JSON
download): the same answer pyoxigraph's own parser reads back, a row a line whatever the
values hold, and every value the JSON of the term, not a string pasted in."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from graph.sparql import Rows

TRICKY = [
    (ox.NamedNode("https://example.org/a"), ox.Literal('two\nlines, a "quote" and \\')),
    (ox.BlankNode("b1"), ox.Literal("Zürich ✓", language="de")),
    (
        None,
        ox.Literal("2026-12-04", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
    ),
    (ox.NamedNode("https://example.org/a"), None),
    (None, None),
]


@pytest.mark.parametrize("one_line", [False, True])
def test_the_json_reads_back_as_the_same_answer(one_line):
    rows = Rows(["s", "o"], TRICKY)
    text = rows.to_json(one_line=one_line)
    parsed = ox.parse_query_results(text.encode(), ox.QueryResultsFormat.JSON)
    assert [tuple(solution[v] for v in ("s", "o")) for solution in parsed] == TRICKY
    assert json.loads(text)["head"] == {"vars": ["s", "o"]}


def test_a_row_a_line_whatever_the_values_hold():
    lines = Rows(["s", "o"], TRICKY).to_json().splitlines()
    assert len(lines) == 2 + len(TRICKY) + 1  # head, "bindings": [, a line a row, ]}}
    assert [json.loads(line.rstrip(",")) for line in lines[2:-1]][3] == {
        "s": {"type": "uri", "value": "https://example.org/a"}
    }


def test_one_line_is_one_line():
    assert "\n" not in Rows(["s", "o"], TRICKY).to_json(one_line=True)


def test_the_download_is_the_rows_a_line_each():
    rows = Rows(["s", "o"], TRICKY)
    assert rows.encode(ox.QueryResultsFormat.JSON).decode() == rows.to_json()
