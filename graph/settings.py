"""Paths and limits, in one frozen dataclass; no I/O happens at import.

>>> s = Settings()
>>> s.node_cap, s.row_cap, s.max_query_depth
(150, 1000, 16)
>>> Settings(row_cap=10).row_cap
10
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["PROJECT_ROOT", "Settings"]

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
    #: Longest SPARQL text a user may send, in characters (docs/security.md).
    max_query_chars: int = 100_000
    #: Deepest nesting of groups, parentheses and brackets in a user's query.
    max_query_depth: int = 16
    #: Most words and symbols in a user's query (long operator chains crash the engine).
    max_query_tokens: int = 5_000
    #: Most bytes of text one result may hold (every value of every row, or every triple).
    max_answer_bytes: int = 64 * 1024 * 1024
    #: Address space of a query worker process (on-disk stores), in bytes: past it, the
    #: query dies alone.
    worker_memory: int = 4 * 1024 * 1024 * 1024
