"""Issue 14: what every visitor shares is computed once per store version, before anyone asks.

The shared pages (Learn and its steps, Data's counts and ontology, Verify's and Explore's first
views) are warmed through the pages' own cached functions, so a first visit after the warm-up
runs no query at all; an import into the shared store changes the store's version, and the next
run warms the new graph (``explorer_pages/warm.py``).
"""

from __future__ import annotations

import sys
import threading

import pytest
import streamlit as st

import explorer_pages.data as data_page
from explorer_pages import warm
from explorer_pages.common import store_at
from graph.store.embedded import OxigraphStore
from tests.app.test_pages import assert_clean, open_page

#: The shared pages a person opens without choosing anything: URL path and query parameters.
SHARED_PAGES = [
    ("", {}),
    *[("", {"step": step}) for step in ("certify", "accredit", "recognise", "check")],
    ("data", {}),
    ("data", {"data.tab": "Ontology"}),
    ("verify", {}),
    ("explore", {}),
]


@pytest.fixture(autouse=True)
def _memory_store(monkeypatch):
    """The app reads ``--store`` from its command line: give it the in-memory build."""
    monkeypatch.setattr(sys, "argv", ["app.py", "--store", "memory"])


@pytest.fixture
def queries(monkeypatch):
    """The queries the store answers (every read of the in-memory store goes through it)."""
    asked: list[str] = []
    real = OxigraphStore.query

    def counted(self, text, *args, **kwargs):
        asked.append(text)
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(OxigraphStore, "query", counted)
    return asked


@pytest.fixture
def cold():
    """Nothing cached and nothing warmed, before and after the test."""
    st.cache_data.clear()
    warm.forget("memory")
    yield
    st.cache_data.clear()
    warm.forget("memory")


@pytest.mark.slow
@pytest.mark.parametrize(("path", "params"), SHARED_PAGES)
def test_a_first_visit_after_the_warm_up_asks_the_store_nothing(path, params, queries, cold):
    open_page("data", **{"data.tab": "Import a register"})  # the store is open, as on a server
    queries.clear()
    assert_clean(open_page(path, **params))
    assert queries, "without the warm-up the first visit does read the store"
    st.cache_data.clear()
    done = warm.start("memory", background=False)
    assert done is not None and done.failed == [] and done.done.is_set()
    queries.clear()
    at = open_page(path, **params)
    assert_clean(at)
    assert queries == []
    assert at.title  # the page itself was drawn, from the warmed results


def test_the_warm_up_is_done_once_per_store_version(cold):
    first = warm.start("memory", background=False)
    assert warm.start("memory", background=False) is first
    store = store_at("memory")
    store.generation += 1  # what any change to the store does
    try:
        again = warm.start("memory", background=False)
        assert again is not first and again.generation == first.generation + 1
    finally:
        store.generation -= 1


def test_a_store_in_memory_is_not_warmed_in_the_background(cold):
    assert warm.start("memory") is None
    assert not [t for t in threading.enumerate() if t.name == "accredigraph-warm-up"]


def test_an_import_waits_for_the_warm_up_task_under_way_and_clears_the_cache(monkeypatch, cold):
    """No warm-up task reads the graph half-way through an import, and what was cached before
    it is gone after it."""
    monkeypatch.setattr(sys, "argv", ["app.py", "--store", "memory", "--allow-import"])
    in_task, release, order = threading.Event(), threading.Event(), []

    def slow_task() -> None:
        in_task.set()
        release.wait(10)
        order.append("task ended")

    monkeypatch.setattr(warm, "tasks", lambda: [slow_task])

    def fake_import(store, files):
        order.append("import")
        store.generation += 1
        return data_page.ImportOutcome(True, "Imported (fake).")

    monkeypatch.setattr(data_page, "import_files", fake_import)
    store = store_at("memory")
    warming = threading.Thread(target=warm.start, args=("memory",), kwargs={"background": False})
    warming.start()
    assert in_task.wait(10)
    importing = threading.Thread(target=data_page.shared_import, args=([("x.csv", b"x")],))
    importing.start()
    importing.join(0.5)
    assert importing.is_alive() and order == []  # the import waits for the task
    release.set()
    warming.join(10)
    importing.join(10)
    try:
        assert order == ["task ended", "import"]
        assert warm.wait("memory").generation == store.generation - 1  # the old version's
    finally:
        store.generation -= 1


def test_the_warm_up_checks_every_listed_named_query_before_a_visitor_opens_one(cold, monkeypatch):
    # The form shown above a named query's parameters comes from the guard's parse (about
    # 0.1 s a query the first time): done by the warm-up, a first visit parses nothing.
    from graph.query import named_queries
    from graph.sparql import guard

    guard._verdict.cache_clear()
    warm.start("memory", background=False)
    parsed: list[str] = []
    real = guard._analyse
    monkeypatch.setattr(guard, "_analyse", lambda text: parsed.append(text) or real(text))
    listed = [q for q in named_queries().values() if q.audience != "internal"]
    assert len(listed) > 30 and all(q.form for q in listed) and parsed == []
    at = open_page("sparql", named="cbs-accredited-by", **{"p.ab": "ukas"})
    assert_clean(at)
    assert not [t for t in parsed if "ag:issuer ?ab" in t]  # its own text: parsed already


def test_the_warm_up_builds_the_search_indexes_and_a_visitors_search_does_not(
    tmp_path, monkeypatch, cold
):
    """The organisation name index (graph.explore.name_index) and the number index
    (graph.explore.number_index) of an on-disk shared store are built by the warm-up, which
    holds off imports while it runs, never in a visitor's run, where a search before they are
    there is answered by the query."""
    import explorer_pages.search  # noqa: F401 - registers its warm-up task, as app.py does
    from explorer_pages import views
    from graph.explore import name_index, number_index
    from graph.ingest.build import build_store

    location = str(tmp_path / "store")
    build_store(location)[0].close()
    monkeypatch.setattr(sys, "argv", ["app.py", "--store", location])
    index = store_at(location).derived_file(name_index.FILE)
    numbers = store_at(location).derived_file(number_index.FILE)
    assert views._found(location, "dairies", None, None, None, 0, 20).total
    assert views._found(location, "s-c-00", None, None, None, 0, 20).total
    assert not index.exists() and not numbers.exists()
    warm.forget(location)
    assert warm.start(location, background=False).failed == []
    assert index.is_file() and numbers.is_file()
    assert views._found(location, "dairy", None, None, None, 0, 20).total
    assert views._found(location, "s-c-000", None, None, None, 0, 20).total
