"""Search indexes kept as SQLite files beside an on-disk store, and never outliving its data.

Oxigraph has no text index, so the search keeps its own in the store's derived folder
(:data:`graph.store.embedded.DERIVED`), as Jena keeps a Lucene index beside TDB: the
organisation names (:mod:`graph.explore.name_index`) and the accreditation and certificate
numbers (:mod:`graph.explore.number_index`). This module is what they share:

- :func:`write` builds one in a part file (its :class:`Table`, filled with rows read from the
  store), with a table ``about`` saying what layout it is, and keeps it only if the store was
  not written meanwhile (:meth:`graph.store.DerivedFiles.keep_derived` and the store's
  generation). Every write to the store deletes the derived folder first, so an index is
  never older than the data.
- :func:`ensure` gives an index that is there, or builds it when asked to and the store may be
  written (an on-disk embedded store this process holds), one build at a time per store and
  file; a build that fails (a full disk) is logged, and the search asks its query instead.
- :func:`connect` opens one, read-only for reading.

Examples
--------
>>> from graph.ingest.build import build_store
>>> memory, _ = build_store("memory")
>>> ensure(memory, "x.sqlite", "x 1", lambda s: None) is None  # nowhere to keep a file
True
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from graph.store import DerivedFiles, Lookups, Store

__all__ = ["Table", "connect", "ensure", "usable", "write"]

log = logging.getLogger("accredigraph.search")

#: One lock per store location and index file: one build at a time, others wait for it.
_LOCKS: dict[tuple[str, str], threading.Lock] = {}
_GUARD = threading.Lock()
#: Rows written to an index per statement while it is built.
_CHUNK = 10_000


@dataclass(frozen=True)
class Table:
    """An index's table: the statement that makes it, the one that adds a row (``?`` for each
    value), and those run once every row is in (an index on a column, an FTS5 ``optimize``)."""

    create: str
    insert: str
    after: tuple[str, ...] = ()


def connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A connection to the index file ``path`` (read-only: the file is never changed)."""
    if read_only:
        return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
    return sqlite3.connect(path)


def usable(path: Path, layout: str) -> bool:
    """True when ``path`` is an index file whose ``about`` table says ``layout``."""
    if not path.is_file():
        return False
    try:
        with contextlib.closing(connect(path, read_only=True)) as db:
            return db.execute("SELECT format FROM about").fetchone() == (layout,)
    except sqlite3.Error:
        return False


def ensure(
    store: Store,
    file: str,
    layout: str,
    build: Callable[[Store], Path | None],
    *,
    build_missing: bool = True,
) -> Path | None:
    """The index ``file`` of ``store`` when it is there in ``layout``, or built now by
    ``build`` when ``build_missing`` and the store may be written; ``None`` when it has none
    (a store in memory, a remote endpoint, a store held read-only, a failed build)."""
    if not isinstance(store, DerivedFiles):
        return None
    path = store.derived_file(file)
    if path is None:
        return None
    if usable(path, layout):
        return path
    if not build_missing or store.read_only or not isinstance(store, Lookups):
        return None
    with _lock(store.location, file):
        if usable(path, layout):  # built meanwhile by another thread
            return path
        try:
            return build(store)
        except (OSError, sqlite3.Error) as exc:  # a full disk: the query still answers
            log.warning("the search index %s of %s could not be built: %s", file,
                        store.location, exc)  # fmt: skip
            return None


def write(
    store: Store,
    file: str,
    layout: str,
    table: Table,
    rows: Callable[[Lookups], Iterable[tuple[str, ...]]],
) -> Path | None:
    """Build the index ``file`` of ``store`` (an on-disk embedded store that may be written):
    ``table`` in a new database, holding ``rows(store)``, kept as the store's ``file`` unless
    the store was written meanwhile; returns the file, or ``None`` (nothing is kept)."""
    if not isinstance(store, DerivedFiles) or not isinstance(store, Lookups):
        raise TypeError("only an embedded on-disk store keeps a search index")
    target = store.derived_file(file)
    if target is None or store.read_only:
        raise TypeError("only a writable on-disk store keeps a search index")
    generation = store.generation
    target.parent.mkdir(parents=True, exist_ok=True)
    # One name: only the process that may write the store builds (RocksDB lets one process
    # write a directory), one thread at a time (ensure's lock), and what a killed build left
    # is written over.
    made = target.with_name(f"{file}.part")
    made.unlink(missing_ok=True)
    try:
        with contextlib.closing(sqlite3.connect(made)) as db:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute("CREATE TABLE about (format TEXT)")
            db.execute("INSERT INTO about VALUES (?)", (layout,))
            db.execute(table.create)
            read = iter(rows(store))
            while chunk := [row for _, row in zip(range(_CHUNK), read, strict=False)]:
                db.executemany(table.insert, chunk)
            for statement in table.after:
                db.execute(statement)
            db.commit()
        if store.keep_derived(made, file, generation=generation):
            return target
        return None
    finally:
        made.unlink(missing_ok=True)


def _lock(location: str, file: str) -> threading.Lock:
    with _GUARD:
        return _LOCKS.setdefault((location, file), threading.Lock())
