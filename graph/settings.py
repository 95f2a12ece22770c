"""Paths, limits and the version, in one frozen dataclass; no I/O happens at import.

>>> s = Settings()
>>> s.node_cap, s.row_cap
(150, 1000)
>>> Settings(row_cap=10).row_cap
10
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["PROJECT_ROOT", "VERSION", "Settings"]

#: The release, re-exported as ``graph.__version__``.
VERSION = "0.1.0"

#: The checkout (or installed tree) holding ``data/``, ``ontology.ttl`` and ``shapes.ttl``.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Where things are and how far queries and drawings may go."""

    data_dir: Path = field(default_factory=lambda: PROJECT_ROOT / "data")
    ontology_path: Path = field(default_factory=lambda: PROJECT_ROOT / "ontology.ttl")
    shapes_path: Path = field(default_factory=lambda: PROJECT_ROOT / "shapes.ttl")
    store_path: Path = field(default_factory=lambda: Path(".accredigraph") / "store")
    #: Most nodes a neighbourhood drawing shows ("showing N of M").
    node_cap: int = 150
    #: Most rows a result table carries before it says "truncated".
    row_cap: int = 1000
    #: Seconds a query may run before it is stopped.
    query_timeout: float = 20.0
    #: Largest upload the app accepts, in bytes.
    upload_limit: int = 50 * 1024 * 1024
