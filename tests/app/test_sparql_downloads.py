"""The SPARQL page's downloads (issue 13): the SPARQL 1.1 results formats the CLI and the
endpoint write, and a plain word when they hold only the rows shown."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox

from explorer_pages.sparql import run_query
from graph.settings import Settings
from graph.store import open_store

TYPED = "SELECT ?b ?d WHERE { VALUES (?b ?d) { (true 3.14159265358979323846264338327950288) } }"


def test_downloads_are_the_w3c_results_formats():
    view = run_query(open_store("memory"), text=TYPED)
    rows = list(csv.reader(io.StringIO(view.downloads["csv"], newline="")))
    assert rows == [["b", "d"], ["true", "3.14159265358979323846264338327950288"]]  # not True
    (solution,) = ox.parse_query_results(view.downloads["json"].encode(),
                                          ox.QueryResultsFormat.JSON)  # fmt: skip
    assert solution["b"] == ox.Literal("true", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#boolean"))  # fmt: skip


def test_a_cut_result_says_its_downloads_hold_the_rows_shown(bundled_store):
    view = run_query(bundled_store, text="SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert view.truncated
    lines = view.downloads["csv"].split("\r\n")
    assert len([line for line in lines if line]) == Settings().row_cap + 1  # and the header
