"""The store: in memory or on disk, and builds that replace a store only when complete."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.build import build_store
from graph.errors import DataError
from graph.store import open_store, rebuild

from .conftest import BASE_REGISTER, write_register


def test_on_disk_store_keeps_the_graph_after_reopening(tmp_path):
    location = tmp_path / "store"
    store, report = build_store(location)
    store.close()
    again = open_store(location)
    assert len(again) == report.triples > 10_000


def test_failed_rebuild_leaves_the_old_store_as_it_was(tmp_path):
    location = tmp_path / "store"
    store, _ = build_store(location)
    before = store.dump(ox.RdfFormat.N_QUADS)
    store.close()
    bad = {k: [dict(r) for r in v] for k, v in BASE_REGISTER.items()}
    bad["certificates.csv"][0]["status"] = "revoked"
    with pytest.raises(DataError):
        build_store(location, extra=[write_register(tmp_path / "bad", bad)])
    assert open_store(location).dump(ox.RdfFormat.N_QUADS) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".store")] == []


def test_rebuild_interrupted_midway_leaves_the_old_store(tmp_path):
    location = tmp_path / "store"
    first = rebuild(location, lambda s: s.bulk_load(b"<http://x/a> <http://x/p> <http://x/b> .\n",
                                                    ox.RdfFormat.N_TRIPLES))  # fmt: skip
    first.close()

    def crash(store):
        store.bulk_load(b"<http://x/c> <http://x/p> <http://x/d> .\n", ox.RdfFormat.N_TRIPLES)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rebuild(location, crash)
    reopened = open_store(location)
    assert len(reopened) == 1
