"""The store: in memory or on disk, and builds that replace a store only when complete."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.errors import DataError
from graph.ingest.build import build_store
from graph.store import open_store, rebuild
from tests.conftest import BASE_REGISTER, write_register


def test_on_disk_store_keeps_the_graph_after_reopening(tmp_path):
    location = tmp_path / "store"
    store, report = build_store(location)
    store.close()
    again = open_store(location)
    assert len(again) == report.triples > 10_000


@pytest.mark.slow
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
    left = [p.name for p in tmp_path.iterdir() if p.name.startswith(".store")]
    assert left == [".store.lock"]  # the lock file stays; nothing else


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


@pytest.fixture
def held_by_another_process(tmp_path):
    """An on-disk store with one triple, held open for writing by a second Python process."""
    import subprocess
    import sys

    location = tmp_path / "store"
    store = open_store(location)
    store.add([ox.Triple(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"),
                         ox.Literal("x"))])  # fmt: skip
    store.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, pyoxigraph as ox; s = ox.Store(sys.argv[1]); "
         "print('open', flush=True); sys.stdin.read()", str(location)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "open"
    yield location
    holder.communicate("", timeout=30)


def test_a_store_another_process_holds_opens_for_reading(held_by_another_process):
    store = open_store(held_by_another_process)
    try:
        assert store.read_only and len(store) == 1
        assert [s["o"].value for s in store.query("SELECT ?o WHERE { ?s ?p ?o }")] == ["x"]
    finally:
        store.close()


def test_writing_a_store_another_process_holds_is_refused_and_changes_nothing(
    held_by_another_process, tmp_path
):
    from graph.errors import StoreError
    from graph.ingest.build import import_register

    folder = write_register(tmp_path / "reg", BASE_REGISTER)
    store = open_store(held_by_another_process)
    try:
        with pytest.raises(StoreError, match="open in another process"):
            import_register(store, folder)
        with pytest.raises(StoreError, match="open in another process"):
            store.update("INSERT DATA { <http://example.org/b> <http://example.org/p> 'y' }")
        assert len(store) == 1
    finally:
        store.close()


def test_rebuilding_a_store_another_process_holds_is_refused(held_by_another_process):
    from graph.errors import StoreError

    with pytest.raises(StoreError, match="open in another process"):
        build_store(held_by_another_process)
