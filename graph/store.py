"""The triple store: Oxigraph embedded (in memory or on disk). The only module touching pyoxigraph's
``Store``.

The rest of accredigraph talks to a :class:`GraphStore`, a small interface of five verbs
(``query``, ``add``, ``bulk_load``, ``dump``, ``__len__``), so a remote SPARQL 1.1 endpoint can
stand behind the same calls as one more module.

Builds of an on-disk store are atomic: :func:`rebuild` loads into a fresh directory beside the
target and swaps it in only when everything loaded, so a failed or killed build leaves the old
store as it was.

Examples
--------
>>> from pyoxigraph import NamedNode, Triple, Literal
>>> store = open_store("memory")
>>> store.add([Triple(NamedNode("http://example.org/a"), NamedNode("http://example.org/p"),
...                   Literal("x"))])
>>> len(store)
1
>>> [str(row["o"].value) for row in store.query("SELECT ?o WHERE { ?s ?p ?o }")]
['x']
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .errors import QueryError, StoreError

__all__ = ["GraphStore", "OxigraphStore", "is_memory", "open_store", "rebuild"]

MEMORY = "memory"


def is_memory(location: str | Path | None) -> bool:
    """True when ``location`` names the in-memory store (``None`` or ``"memory"``)."""
    return location is None or str(location) == MEMORY


class GraphStore:
    """What accredigraph needs from a triple store. Subclasses implement each verb."""

    location: str = MEMORY

    def query(self, sparql: str, *, substitutions: Mapping[str, Any] | None = None) -> Any:
        """Run a SPARQL query; return pyoxigraph solutions, triples or a boolean."""
        raise NotImplementedError

    def add(self, triples: Iterable[ox.Triple]) -> None:
        """Add triples in one transaction: all of them or none."""
        raise NotImplementedError

    def update(self, sparql: str) -> None:
        """Run a SPARQL update. Only :func:`graph.query.run_update` calls this."""
        raise NotImplementedError

    def bulk_load(self, data: bytes | str | Path, fmt: ox.RdfFormat) -> None:
        """Load a large serialisation fast (not transactional)."""
        raise NotImplementedError

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        """Serialise the default graph."""
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def close(self) -> None:
        """Release the store (flush to disk where there is one)."""


class OxigraphStore(GraphStore):
    """An embedded Oxigraph store, in memory (``path=None``) or on disk."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.location = MEMORY if path is None else str(path)
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc

    def query(self, sparql: str, *, substitutions: Mapping[str, Any] | None = None) -> Any:
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
        try:
            return self._store.query(sparql, substitutions=subs or None)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except RuntimeError as exc:
            raise QueryError(str(exc)) from exc

    def add(self, triples: Iterable[ox.Triple]) -> None:
        self._store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc

    def bulk_load(self, data: bytes | str | Path, fmt: ox.RdfFormat) -> None:
        if isinstance(data, Path):
            self._store.bulk_load(path=str(data), format=fmt)
        else:
            self._store.bulk_load(data, format=fmt)

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        return self._store.dump(format=fmt, from_graph=ox.DefaultGraph())

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        if not hasattr(self, "_store"):
            return
        if self.path is not None:
            _OPEN.pop(self.path.resolve(), None)
            with contextlib.suppress(OSError):  # a read-only store has nothing to flush
                self._store.flush()
        del self._store


#: On-disk stores open in this process, by resolved path. RocksDB locks a directory per
#: process, so a second open of the same path must share the first one.
_OPEN: dict[Path, OxigraphStore] = {}


def open_store(location: str | Path | None = None, *, read_only: bool = False) -> GraphStore:
    """Open the store named by ``location``: ``"memory"``/``None`` or a directory path.

    Opening a directory this process already has open returns the same store.
    """
    if is_memory(location):
        return OxigraphStore(None)
    path = Path(location).resolve()  # type: ignore[arg-type]
    if path not in _OPEN:
        _OPEN[path] = OxigraphStore(path, read_only=read_only)
    return _OPEN[path]


def rebuild(location: str | Path, fill: Callable[[GraphStore], None]) -> GraphStore:
    """Build a new on-disk store at ``location`` with ``fill`` and swap it in atomically.

    ``fill`` receives an empty store in a sibling temporary directory. If it raises, the
    temporary directory is removed and the store at ``location`` is left as it was; a process
    killed during ``fill`` leaves only a stray ``.building-*`` directory. On success the old
    directory is renamed away, the new one renamed into place and the old one deleted.
    Returns the new store, opened.
    """
    target = Path(location)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    try:
        store = OxigraphStore(tmp)
        fill(store)
        store.close()
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if (current := _OPEN.get(target.resolve())) is not None:
        current.close()  # release the lock before the swap
    if target.exists():
        os.replace(target, old)
    os.replace(tmp, target)
    shutil.rmtree(old, ignore_errors=True)
    return open_store(target)
