"""graph.workspace: one set of rules for the store a user works in (the CLI and the app)."""

from __future__ import annotations

import os

from graph.store import OxigraphStore, RemoteStore
from graph.workspace import open_workspace
from tests.conftest import BASE_REGISTER, write_register

QUERY, UPDATE = "http://127.0.0.1:9/query", "http://127.0.0.1:9/update"


def test_a_url_opens_the_endpoint_with_the_urls_given(monkeypatch):
    monkeypatch.delenv("ACCREDIGRAPH_UPDATE_URL", raising=False)
    before = dict(os.environ)
    store = open_workspace(QUERY, update_url=UPDATE, graph_store_url="http://127.0.0.1:9/store")
    assert isinstance(store, RemoteStore)
    assert (store.update_url, store.graph_store_url) == (UPDATE, "http://127.0.0.1:9/store")
    assert dict(os.environ) == before


def test_a_url_without_an_update_url_is_read_only_unless_the_environment_says(monkeypatch):
    monkeypatch.delenv("ACCREDIGRAPH_UPDATE_URL", raising=False)
    assert open_workspace(QUERY).read_only
    monkeypatch.setenv("ACCREDIGRAPH_UPDATE_URL", UPDATE)  # open_store's default, still read
    assert open_workspace(QUERY).update_url == UPDATE


def test_memory_with_a_register_builds_it_in(tmp_path, capsys):
    folder = write_register(tmp_path / "reg", BASE_REGISTER)
    store = open_workspace("memory", data=[folder])
    assert isinstance(store, OxigraphStore) and store.path is None
    assert store.query("ASK { ?c <http://purl.org/dc/terms/identifier> 'T-C-1' }")
    assert capsys.readouterr().err == ""  # says nothing when registers are given


def test_memory_says_it_builds_unless_quiet(capsys):
    open_workspace("memory")
    assert "building the graph in memory" in capsys.readouterr().err
    open_workspace("memory", quiet=True)
    assert capsys.readouterr().err == ""
