"""The global options: the endpoint URLs reach the store as arguments, never through the
process environment (no process-wide side effects)."""

from __future__ import annotations

import os

import pytest

import graph.ingest.build
import graph.workspace
from graph.cli.main import main
from graph.store import RemoteStore, open_store

#: Nothing listens on the discard port: a request would fail, and none is made.
QUERY, UPDATE, GSP = (f"http://127.0.0.1:9/{p}" for p in ("query", "update", "store"))
URL_OPTIONS = ["--store", QUERY, "--update-url", UPDATE, "--graph-store-url", GSP]


@pytest.fixture(autouse=True)
def no_url_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACCREDIGRAPH_UPDATE_URL", raising=False)
    monkeypatch.delenv("ACCREDIGRAPH_GRAPH_STORE_URL", raising=False)


def test_update_url_reaches_the_store_and_leaves_the_environment_alone(monkeypatch, capsys):
    before = dict(os.environ)
    opened = []

    def spy(location, **options):
        opened.append((open_store(location, **options), dict(os.environ)))
        return open_store("memory")  # answer from an empty store: no request is made

    monkeypatch.setattr(graph.workspace, "open_store", spy)
    assert main([*URL_OPTIONS, "stats", "--format", "json"]) == 0
    [(remote, environment_during)] = opened
    assert isinstance(remote, RemoteStore)
    assert (remote.query_url, remote.update_url, remote.graph_store_url) == (QUERY, UPDATE, GSP)
    assert environment_during == before
    assert dict(os.environ) == before


def test_options_after_the_command_reach_the_store_too(monkeypatch, capsys):
    before = dict(os.environ)
    opened = []

    def spy(location, **options):
        opened.append(options)
        return open_store("memory")

    monkeypatch.setattr(graph.workspace, "open_store", spy)
    assert main(["stats", *URL_OPTIONS]) == 0
    assert opened == [{"update_url": UPDATE, "graph_store_url": GSP}]
    assert dict(os.environ) == before


def test_build_on_an_endpoint_is_given_the_urls(monkeypatch, capsys):
    before = dict(os.environ)
    calls = []

    def build_store(location, **options):
        calls.append((location, options, dict(os.environ)))
        return None, "built"

    # `accredigraph build` imports the builder when it runs: replace it where it is defined
    monkeypatch.setattr(graph.ingest.build, "build_store", build_store)
    assert main([*URL_OPTIONS, "build"]) == 0
    [(location, options, environment_during)] = calls
    assert location == QUERY
    assert (options["update_url"], options["graph_store_url"]) == (UPDATE, GSP)
    assert environment_during == before
    assert capsys.readouterr().out == f"{QUERY}: built\n"
