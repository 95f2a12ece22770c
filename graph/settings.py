"""Paths, limits and the version, in one frozen dataclass; no I/O happens at import.

>>> s = Settings()
>>> s.node_cap, s.row_cap, s.max_query_depth
(150, 1000, 16)
>>> Settings(row_cap=10).row_cap
10
>>> (s.data_dir.parent / "ontology.ttl") == s.ontology_path
True

Where the bundled files come from
---------------------------------
The sources of truth — ``data/`` (the CSV tables, with the sample register in ``data/sample``),
``ontology.ttl`` and ``shapes.ttl`` — live at the top of the checkout, beside ``graph/``, where a
trainer edits them. :func:`bundled_root` finds them in one of two places:

1. **a checkout** (``make run``, ``make test``, an editable install): the folder above the
   ``graph`` package, when it holds ``ontology.ttl``;
2. **an installed wheel**: the wheel carries them as data files (``[tool.setuptools.data-files]``
   in ``pyproject.toml``), which pip installs under the environment's data directory as
   ``share/accredigraph/`` (``data/``, ``data/sample/``, ``ontology.ttl``, ``shapes.ttl``). The
   installed distribution's file list says exactly where (so ``pip install --user`` works too);
   failing that, ``sys.prefix/share/accredigraph``.

Any path can still be given explicitly: ``Settings(data_dir=..., ontology_path=...)``.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

__all__ = ["PROJECT_ROOT", "SHARE", "VERSION", "Settings", "bundled_root"]

#: The release, read by ``pyproject.toml`` and re-exported as ``graph.__version__``.
VERSION = "0.1.0"

#: The folder above the ``graph`` package: a checkout's root (or, installed, site-packages).
PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Where an installed wheel puts the bundled files, relative to the environment's data directory.
SHARE = Path("share") / "accredigraph"


def bundled_root() -> Path:
    """The folder holding ``data/``, ``ontology.ttl`` and ``shapes.ttl``: the checkout when
    there is one, else where the installed wheel put them."""
    if (PROJECT_ROOT / "ontology.ttl").is_file():
        return PROJECT_ROOT
    return _installed_root()


@functools.cache
def _installed_root() -> Path:
    from importlib import metadata

    try:
        files = metadata.files("accredigraph") or []
    except metadata.PackageNotFoundError:
        files = []
    for file in files:
        if file.parts[-3:] == (*SHARE.parts, "ontology.ttl"):
            located = Path(str(file.locate())).resolve()
            if located.is_file():
                return located.parent
    return Path(sys.prefix) / SHARE


@dataclass(frozen=True)
class Settings:
    """Where things are and how far queries and drawings may go."""

    data_dir: Path = field(default_factory=lambda: bundled_root() / "data")
    ontology_path: Path = field(default_factory=lambda: bundled_root() / "ontology.ttl")
    shapes_path: Path = field(default_factory=lambda: bundled_root() / "shapes.ttl")
    store_path: Path = field(default_factory=lambda: Path(".accredigraph") / "store")
    #: Most nodes a neighbourhood drawing shows ("showing N of M").
    node_cap: int = 150
    #: Most rows a result table carries before it says "truncated".
    row_cap: int = 1000
    #: Seconds a query may run before it is stopped.
    query_timeout: float = 20.0
    #: Seconds the app's download of every row of a long list (a paged named query) may take,
    #: read a page at a time, each page within ``query_timeout``: past it the download holds
    #: the rows read so far and says so.
    download_timeout: float = 60.0
    #: Largest upload the app accepts, in bytes.
    upload_limit: int = 50 * 1024 * 1024
    #: Largest register a visitor may upload into their own workspace, in bytes.
    workspace_bytes: int = 5 * 1024 * 1024
    #: Most CSV rows (all files together) a visitor's workspace holds.
    workspace_rows: int = 20_000
    #: Longest SPARQL text a user may send, in characters (docs/security.md).
    max_query_chars: int = 100_000
    #: Deepest nesting of groups, parentheses and brackets in a user's query.
    max_query_depth: int = 16
    #: Most words and symbols in a user's query (long operator chains crash the engine).
    max_query_tokens: int = 5_000
    #: Most bytes of text one collected result may hold (every value of every row, or every
    #: triple: :func:`graph.sparql.run`), and of an endpoint answer held to know a result-cap
    #: cut; answers streamed as they are written have no such limit, only the time limit.
    max_answer_bytes: int = 64 * 1024 * 1024
    #: Address space of a query worker process (on-disk stores), in bytes: past it, the
    #: query dies alone.
    worker_memory: int = 4 * 1024 * 1024 * 1024
    #: Most queries with a time limit that run at once (the endpoint's ``--workers``; the
    #: app's queries of every visitor): each holds a worker process for an on-disk store.
    query_slots: int = 4
    #: Most of those that may have run longer than ``long_query_after`` (fewer than
    #: ``query_slots``: the rest stay free for new queries); a further long one is stopped.
    long_query_slots: int = 2
    #: Seconds after which a query is long: its CPU priority drops to the lowest.
    long_query_after: float = 0.5
    #: Queries one endpoint client (an address) may run at once; the rest wait their turn.
    client_slots: int = 2
    #: Queries one app visitor (a browser session) may run at once.
    visitor_slots: int = 1
    #: Queries one client or visitor may have waiting for a turn.
    client_queue: int = 32
    #: Queries that may wait for a turn in all.
    queue_limit: int = 256
    #: Seconds an app visitor's query waits for a turn before they are told why not.
    visitor_wait: float = 5.0
    #: Most visitors' workspaces (uploads held in memory) the app keeps at once.
    max_workspaces: int = 10
    #: Most triples a visitor's uploads add to their workspace.
    workspace_triples: int = 400_000

    def with_overrides(self, pairs: Sequence[str]) -> Settings:
        """These settings with ``NAME=VALUE`` pairs applied (the app's ``--setting``).

        >>> Settings().with_overrides(["query_slots=8", "long_query_after=1.5"]).query_slots
        8
        >>> Settings().with_overrides(["no_such=1"])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: unknown setting 'no_such'; known: data_dir, ...
        """
        kinds = {f.name: type(getattr(self, f.name)) for f in fields(self)}
        changes: dict[str, object] = {}
        for pair in pairs:
            name, _, value = pair.partition("=")
            name = name.strip()
            if name not in kinds:
                raise ValueError(f"unknown setting {name!r}; known: {', '.join(kinds)}")
            kind = kinds[name]
            try:
                changes[name] = kind(value.strip()) if kind is not bool else value in ("1", "true")
            except ValueError:
                raise ValueError(f"setting {name}: {value!r} is not a {kind.__name__}") from None
        return replace(self, **changes)  # type: ignore[arg-type]
