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


def test_issue12_a_mistyped_store_path_is_refused_and_nothing_is_created(tmp_path):
    import pytest

    from graph.errors import StoreError

    typo = tmp_path / "sotre"
    with pytest.raises(StoreError, match=r"no store at .*sotre: build one first \(accredigraph"):
        open_workspace(typo)
    assert list(tmp_path.iterdir()) == []  # no store, no lock file, nothing


def test_issue12_a_folder_that_is_not_a_store_is_refused_as_it_is(tmp_path):
    import pytest

    from graph.errors import StoreError

    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="no store at"):
        open_workspace(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_issue12_cli_refuses_a_mistyped_store_with_how_to_build_one(tmp_path, capsys):
    from graph.cli.main import main

    typo = tmp_path / "typo"
    assert main(["--store", str(typo), "stats"]) == 1
    assert capsys.readouterr().err.strip() == (
        f"error: no store at {typo}: build one first (accredigraph --store {typo} build)"
    )
    assert not typo.exists() and list(tmp_path.iterdir()) == []


def test_issue12_the_default_store_half_swapped_by_a_killed_build_is_found(tmp_path, monkeypatch):
    """``.accredigraph/store`` missing because a build was killed between the two renames of
    its swap: the next command finishes the swap instead of falling back to memory."""
    import json

    import pyoxigraph as ox

    from graph.store import rebuild

    monkeypatch.chdir(tmp_path)
    target = tmp_path / ".accredigraph" / "store"
    from graph.ingest.layout import STORE_LAYOUT

    triple = ox.Triple(ox.NamedNode("http://e/new"), ox.NamedNode("http://e/p"), ox.Literal("x"))
    stamp = ox.Triple(  # what a build stamps: the layout of its build-time nodes
        ox.NamedNode("https://w3id.org/accredigraph/id/build"),
        ox.NamedNode("https://w3id.org/accredigraph/def#storeLayout"),
        ox.Literal(
            str(STORE_LAYOUT), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
        ),
    )
    rebuild(tmp_path / ".accredigraph" / "built", lambda s: s.add([triple, stamp])).close()
    # the state a kill leaves after `rename NAME -> OLD` and before `rename NEW -> NAME`
    (tmp_path / ".accredigraph" / "built").rename(target.with_name(".store.building-1-ab"))
    target.with_name(".store.swap").write_text(
        json.dumps({"new": ".store.building-1-ab", "old": ".store.old-1-cd"})
    )
    store = open_workspace(None)
    assert isinstance(store, OxigraphStore) and store.path == target.resolve()
    assert len(store) == 2
    store.close()
