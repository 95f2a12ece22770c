"""A generated register on disk with the search's indexes built, shared by the index tests."""

from __future__ import annotations

import pytest

from graph.explore import name_index, number_index
from graph.ingest.build import build_store
from graph.ingest.generate import generate_register
from graph.store import OxigraphStore


@pytest.fixture(scope="package")
def disk_store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    """A generated register of 5,000 certificates (about 3,500 organisations) on disk, with
    its name index and number index built."""
    folder = tmp_path_factory.mktemp("indexed")
    generate_register(folder / "register", 5_000, seed=5)
    store, _ = build_store(folder / "store", extra=[folder / "register"])
    assert isinstance(store, OxigraphStore)
    for index in (name_index, number_index):
        assert index.ensure(store) == store.derived_file(index.FILE)
    return store
