"""Fixtures shared by the ingest tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.ingest.generate import generate_register


@pytest.fixture(scope="session")
def register_10k(tmp_path_factory) -> Path:
    """A synthetic register of 10,000 certificates (seed 3), generated once for the session:
    the build-time answers (flags, pages, summaries) are compared with the direct queries on
    it. Tests read it and never write into it: an import writes a register of its own."""
    folder = tmp_path_factory.mktemp("generated") / "register"
    generate_register(folder, 10_000, seed=3)
    return folder
