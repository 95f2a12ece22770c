"""The SPARQL page shows a long named list a page at a time (issue 14): "Next" asks for the rows
after the last one shown and writes where the page starts into the URL (``p.afterDate``,
``p.afterId``), so reload and a copied link show the same page; "First page" goes back."""

from __future__ import annotations

import pytest

import explorer_pages.sparql as sparql_page
from graph.ingest.build import build_store
from graph.query import run_named
from graph.settings import Settings
from tests.app.test_pages import _memory_store, assert_clean, open_page, texts  # noqa: F401

NAME = "expiring-certificates"
WINDOW = {"p.asOf": "2020-01-01", "p.days": "3653"}  # every sample certificate, a unique key
CAP = 3


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Pages of three rows; returns the whole list as the query gives it."""
    monkeypatch.setattr(sparql_page, "SETTINGS", Settings(row_cap=CAP))
    store, _ = build_store("memory")
    params = {k.removeprefix("p."): v for k, v in WINDOW.items()}
    whole = run_named(store, NAME, params, row_cap=None)
    return [(r["id"], str(r["validUntil"])) for r in whole.records()]


def _shown(at) -> list[tuple]:
    table = at.dataframe[0].value
    return list(zip(table["id"], (str(v) for v in table["validUntil"]), strict=True))


def test_next_and_first_page_buttons_follow_the_list_and_the_url(small_pages):
    assert len(small_pages) > 2 * CAP
    at = open_page("sparql", named=NAME, **WINDOW)
    assert_clean(at)
    assert _shown(at) == small_pages[:CAP]
    assert "The first 3 rows, in validUntil, id order." in texts(at)
    at = at.button(key="sparql.next").click().run()
    assert_clean(at)
    assert _shown(at) == small_pages[CAP : 2 * CAP]
    last_id, last_day = small_pages[CAP - 1]
    assert at.query_params.get("p.afterId") == last_id
    assert at.query_params.get("p.afterDate") == last_day
    assert f"Rows after validUntil `{last_day}`, id `{last_id}`" in texts(at)
    at = at.button(key="sparql.next").click().run()
    assert _shown(at) == small_pages[2 * CAP : 3 * CAP]
    at = at.button(key="sparql.first").click().run()
    assert_clean(at)
    assert _shown(at) == small_pages[:CAP]
    assert "p.afterId" not in at.query_params


def test_a_page_opens_from_its_url(small_pages):
    last_id, last_day = small_pages[CAP - 1]
    at = open_page("sparql", named=NAME, **WINDOW, **{"p.afterDate": last_day,
                                                       "p.afterId": last_id})  # fmt: skip
    assert_clean(at)
    assert _shown(at) == small_pages[CAP : 2 * CAP]


def test_a_list_that_fits_has_no_next_button(small_pages):
    at = open_page("sparql", named=NAME, **{"p.asOf": "2020-01-01", "p.days": "1"})
    assert_clean(at)
    assert not [b for b in at.button if b.key == "sparql.next"]


def test_a_red_flag_comes_a_page_at_a_time(monkeypatch):
    # The red flags kept in pages (graph/ingest/flag_pages.py): "Next" takes the last row's
    # problem, certificate id and accreditation id, and the pages follow the whole list.
    name = "red-flag-ab-not-signatory"
    monkeypatch.setattr(sparql_page, "SETTINGS", Settings(row_cap=CAP))
    store, _ = build_store("memory")
    whole = [
        (r["id"], r["accreditationId"]) for r in run_named(store, name, row_cap=None).records()
    ]
    assert len(whole) > 2 * CAP
    at = open_page("sparql", named=name)
    assert_clean(at)
    shown = []
    for _ in range(len(whole)):
        table = at.dataframe[0].value
        shown += list(zip(table["id"], table["accreditationId"], strict=True))
        if not [b for b in at.button if b.key == "sparql.next"]:
            break
        at = at.button(key="sparql.next").click().run()
        assert_clean(at)
        assert at.query_params.get("p.afterId") == shown[-1][0]
    assert shown == whole
