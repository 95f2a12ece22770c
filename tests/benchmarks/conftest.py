"""A generated register of 10,000 certificates and its store, shared by the benchmark tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.ingest.build import build_store
from graph.ingest.generate import generate_register
from graph.store import Store

CERTIFICATES = 10_000


@pytest.fixture(scope="session")
def register_10k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``accredigraph generate --certificates 10000`` (seed 0), as ``make bench`` makes it."""
    folder = tmp_path_factory.mktemp("register-10k")
    generate_register(folder, CERTIFICATES, seed=0)
    return folder


@pytest.fixture(scope="session")
def store_10k(register_10k: Path) -> Store:
    """The bundled data and the 10 k register, built in memory."""
    store, _ = build_store("memory", extra=[register_10k])
    return store
