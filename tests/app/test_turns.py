"""A visitor's queries take turns (issue 12): while one of theirs runs, another waits, then the
page says plainly that their other query is still running; another visitor is not held up."""

from __future__ import annotations

import dataclasses
import sys

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

import explorer_pages.common as common
from tests.app.test_pages import APP, TIMEOUT


@pytest.fixture(autouse=True)
def _memory_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["app.py", "--store", "memory"])
    monkeypatch.setattr(common, "SETTINGS", dataclasses.replace(common.SETTINGS, visitor_wait=0))


def sparql_page(visitor: str, query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[common.VISITOR_ID] = visitor
    at.query_params["query"] = query
    at._page_hash = calc_hash("sparql")
    return at.run()


def test_a_visitor_whose_other_query_runs_is_told_so_and_another_visitor_is_answered():
    held = common.scheduler().enqueue("visitor-a")  # visitor a's other query holds their turn
    try:
        assert held.granted
        at = sparql_page("visitor-a", "SELECT ?s WHERE { ?s a ag:Standard } LIMIT 3 # turns a")
        assert not at.exception
        said = " ".join(w.value for w in at.warning)
        assert "Your other query is still running" in said
        assert not at.dataframe  # no result was shown
        other = sparql_page("visitor-b", "SELECT ?s WHERE { ?s a ag:Standard } LIMIT 3 # b")
        assert not other.exception and not other.warning
        assert len(other.dataframe[0].value) == 3
    finally:
        common.scheduler().release(held)
    again = sparql_page("visitor-a", "SELECT ?s WHERE { ?s a ag:Standard } LIMIT 3 # again")
    assert not again.warning and len(again.dataframe[0].value) == 3
    assert common.scheduler().state()["running"] == 0
