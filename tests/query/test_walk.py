"""Every row of a long list, a page at a time (:func:`graph.query.walk_named`, issue 14).

The pages end to end are checked against the query as written, for every paged query at
several dates and page sizes, in ``tests/query/test_first_step.py`` (its ``_paged`` walks
them). Here: what a walk refuses, where a budget stops it, and the command line's every-row
output, which walks the pages so that each one, not the whole list, runs within the time
limit.
"""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest

from graph import sparql
from graph.cli.main import main
from graph.errors import QueryError
from graph.query import load_named, run_named, walk_named
from graph.query import walk as walk_module

NAME = "expiring-certificates"
WINDOW = {"asOf": "2020-01-01", "days": "3650"}  # every sample certificate


def _direct(store) -> list[tuple]:
    """The whole answer in one query, as written: the reference."""
    result = run_named(store, NAME, WINDOW, row_cap=None, timeout=None)
    return [tuple(map(str, row)) for row in result.rows]


def test_the_pages_of_a_walk_are_the_whole_answer_in_order(bundled_store):
    whole = _direct(bundled_store)
    assert len(whole) > 7
    pages = list(walk_named(bundled_store, NAME, WINDOW, page_rows=3, timeout=None))
    assert [len(p.rows) for p in pages[:-1]] == [3] * (len(pages) - 1)
    assert all(p.truncated for p in pages[:-1]) and not pages[-1].truncated
    cursor = set(load_named(NAME).after)
    keep = [i for i, v in enumerate(pages[0].variables) if v not in cursor]
    walked = [tuple(str(row[i]) for i in keep) for p in pages for row in p.rows]
    assert walked == [tuple(row[i] for i in keep) for row in whole]


def test_a_query_that_is_not_paged_is_refused(bundled_store):
    with pytest.raises(QueryError, match="class-counts is not paged"):
        next(walk_named(bundled_store, "class-counts"))
    with pytest.raises(QueryError, match="at least one row"):
        next(walk_named(bundled_store, NAME, page_rows=0))


def test_a_budget_stops_the_walk_after_the_page_that_passed_it(bundled_store):
    pages = list(walk_named(bundled_store, NAME, WINDOW, page_rows=2, budget=0))
    assert len(pages) == 1 and pages[0].truncated  # said: more rows than it holds


def test_a_page_that_would_not_move_on_stops_the_walk(bundled_store, monkeypatch):
    first = run_named(bundled_store, NAME, WINDOW, row_cap=2)
    monkeypatch.setattr(walk_module, "run_named", lambda *args, **kwargs: first)
    with pytest.raises(QueryError, match="would start where this one did"):
        list(walk_named(bundled_store, NAME, WINDOW, page_rows=2))


def _cli(cli_store, capsys, fmt: str, *args: str) -> str:
    params = [a for k, v in WINDOW.items() for a in ("--param", f"{k}={v}")]
    code = main(["--store", cli_store, "query", NAME, *params, "--format", fmt, *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_the_command_line_writes_every_row_page_after_page(cli_store, capsys, monkeypatch, fmt):
    whole = _cli(cli_store, capsys, fmt, "--timeout", "0")  # no limit: in one query
    pages: list[int] = []
    real = walk_module.run_named

    def counted(*args, **kwargs):
        result = real(*args, **kwargs)
        pages.append(len(result.rows))
        return result

    monkeypatch.setattr(walk_module, "PAGE_ROWS", 3)
    monkeypatch.setattr(walk_module, "run_named", counted)
    walked = _cli(cli_store, capsys, fmt)
    assert len(pages) > 2 and set(pages[:-1]) == {3}  # read three rows at a time
    read = sum(pages)
    pages.clear()
    assert _cli(cli_store, capsys, fmt, "--timeout", "0") == whole and not pages
    assert walked == whole  # one document: one header, every row, in order
    if fmt == "csv":  # pyoxigraph reads no CSV back (lossy): Python's reader does
        rows = list(csv.reader(io.StringIO(walked)))
        assert rows[0][0] == "asOf" and sum(r[0] == "asOf" for r in rows) == 1
        assert len(rows) - 1 == read
    else:
        kind = sparql.RESULT_FORMATS[fmt]
        assert len(list(ox.parse_query_results(walked.encode(), kind))) == read
