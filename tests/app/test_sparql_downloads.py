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


# --- every row of a long list, a page at a time (issue 14) --------------------------------------

LIST = "expiring-certificates"
WINDOW = {"asOf": "2020-01-01", "days": "3650"}  # every sample certificate


def _pages_of(monkeypatch, rows: int, **settings) -> None:
    """Pages of ``rows`` rows, and the app's settings changed by ``settings``."""
    import dataclasses

    from explorer_pages import sparql as page
    from explorer_pages import sparql_results as results
    from graph.query import walk

    monkeypatch.setattr(walk, "PAGE_ROWS", rows)
    changed = dataclasses.replace(page.SETTINGS, **settings)
    monkeypatch.setattr(page, "SETTINGS", changed)
    monkeypatch.setattr(results, "SETTINGS", changed)


def test_a_long_list_downloads_every_row_a_page_at_a_time(bundled_store, monkeypatch):
    from explorer_pages.sparql import fetch_all
    from graph.query import run_named

    whole = run_named(bundled_store, LIST, WINDOW, row_cap=None, timeout=None)
    assert len(whole.rows) > 7
    _pages_of(monkeypatch, 3)
    rows = fetch_all(bundled_store, named=LIST, params=WINDOW)
    assert rows.rows == whole.rows and not rows.truncated


def test_a_long_list_past_the_download_time_says_where_it_stopped(bundled_store, monkeypatch):
    from explorer_pages.sparql import fetch_all

    _pages_of(monkeypatch, 3, download_timeout=0)
    rows = fetch_all(bundled_store, named=LIST, params=WINDOW)
    assert len(rows.rows) == 3 and rows.truncated and rows.row_cap is None  # cut by the time


def test_a_long_list_keeps_the_download_row_cap(bundled_store, monkeypatch):
    from explorer_pages import sparql as page
    from graph.query import run_named

    total = len(run_named(bundled_store, LIST, WINDOW, row_cap=None, timeout=None).rows)
    _pages_of(monkeypatch, 3)
    monkeypatch.setattr(page, "DOWNLOAD_ROW_CAP", 5)
    rows = page.fetch_all(bundled_store, named=LIST, params=WINDOW)
    assert len(rows.rows) == 5 and rows.truncated and rows.row_cap == 5
    monkeypatch.setattr(page, "DOWNLOAD_ROW_CAP", total)  # exactly every row: nothing cut
    rows = page.fetch_all(bundled_store, named=LIST, params=WINDOW)
    assert len(rows.rows) == total and not rows.truncated


def test_the_page_says_a_download_stopped_at_its_time_and_how_to_get_every_row(monkeypatch):
    from tests.app.test_pages import assert_clean, open_page

    _pages_of(monkeypatch, 3, download_timeout=0, row_cap=4)
    at = open_page("sparql", named=LIST, **{"p.asOf": "2020-01-02", "p.days": "3649"})
    assert_clean(at)
    assert len(at.dataframe[0].value) == 4
    at = at.button(key="sparql.all.go").click().run()
    assert_clean(at)
    said = " ".join(w.value for w in at.warning)
    assert "The downloads hold the first 3 rows" in said and "passed the 0 s" in said
    assert f"accredigraph query {LIST} --format csv" in said
    assert {"CSV", "TSV", "SPARQL JSON", "SPARQL XML"} <= {b.label for b in
                                                            at.get("download_button")}  # fmt: skip
