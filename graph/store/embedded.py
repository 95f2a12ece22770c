"""The triple store: Oxigraph embedded (in memory or on disk). The only module touching pyoxigraph's
``Store``.

The rest of accredigraph talks to a :class:`GraphStore`, a small interface of five verbs
(``query``, ``add``, ``bulk_load``, ``dump``, ``__len__``), so a remote SPARQL 1.1 endpoint can
stand behind the same calls as one more module.

A remote SPARQL 1.1 endpoint is that module: :func:`open_store` hands ``http(s)://`` URLs to
:class:`graph.store.remote.RemoteStore`.

Builds of an on-disk store are atomic: :func:`rebuild` loads into a fresh directory beside the
target and swaps it in only when everything loaded, so a failed or killed build leaves the old
store as it was. Imports on top of a store do the same with a checkpoint copy of it
(:func:`update_atomically`), and :func:`recover` tidies up after a process killed mid-swap.

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
import uuid
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import QueryError, StoreError

__all__ = [
    "GraphStore",
    "OxigraphStore",
    "is_memory",
    "open_store",
    "rebuild",
    "recover",
    "update_atomically",
]

MEMORY = "memory"


def is_memory(location: str | Path | None) -> bool:
    """True when ``location`` names the in-memory store (``None`` or ``"memory"``)."""
    return location is None or str(location) == MEMORY


class GraphStore:
    """What accredigraph needs from a triple store. Subclasses implement each verb."""

    location: str = MEMORY
    #: Bumped by every write through this object, so callers may cache what they read.
    generation: int = 0
    #: How many queries bulk readers (the bulk verifier) may run at once on this store.
    parallel_reads: int = 1

    def query(self, sparql: str, *, substitutions: Mapping[str, Any] | None = None) -> Any:
        """Run a SPARQL query; return pyoxigraph solutions, triples or a boolean."""
        raise NotImplementedError

    def add(self, triples: Iterable[ox.Triple]) -> None:
        """Add triples in one transaction: all of them or none."""
        raise NotImplementedError

    def update(self, sparql: str) -> None:
        """Run a SPARQL update. Only :func:`graph.query.named.run_update` calls this."""
        raise NotImplementedError

    def check_writable(self) -> None:
        """Raise :class:`StoreError`, saying why, if this store cannot be changed."""

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

    #: Oxigraph's ``Store`` is safe to read from several threads and evaluates queries without
    #: Python's lock, so reads scale with the cores (at most four, to leave room for the rest).
    parallel_reads = max(1, min(4, os.cpu_count() or 1))

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.location = MEMORY if path is None else str(path)
        #: True when this object may only read: asked for, or the directory is held by another
        #: process (RocksDB lets one process write a directory; others may open it read-only).
        self.read_only = read_only
        #: True when it is read-only because another process holds the directory.
        self.held_elsewhere = False
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = self._open_writable(path)
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc

    def _open_writable(self, path: Path) -> ox.Store:
        """Open ``path`` for writing or, when another process (the app, ``accredigraph
        serve``, another command) holds it, for reading only.

        Reading beside a writer is safe here because accredigraph never changes a store
        directory in place once built: builds and imports write a copy and swap it in. So the
        app can stay open while an analyst queries the same store from the command line.
        """
        try:
            return ox.Store(str(path))
        except OSError as exc:
            if not _locked(exc):
                raise
        self.read_only = self.held_elsewhere = True
        return ox.Store.read_only(str(path))

    def check_writable(self) -> None:
        if not self.read_only:
            return
        if self.held_elsewhere:
            raise StoreError(_held_message(self.location, "change the store"))
        raise StoreError(f"the store at {self.location} was opened read-only")

    def query(self, sparql: str, *, substitutions: Mapping[str, Any] | None = None) -> Any:
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
        try:
            return self._store.query(sparql, substitutions=subs or None)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except RuntimeError as exc:
            raise QueryError(str(exc)) from exc

    def add(self, triples: Iterable[ox.Triple]) -> None:
        self.check_writable()
        self.generation += 1
        self._store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)

    def update(self, sparql: str) -> None:
        self.check_writable()
        self.generation += 1
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc

    def bulk_load(self, data: bytes | str | Path, fmt: ox.RdfFormat) -> None:
        self.check_writable()
        self.generation += 1
        if isinstance(data, Path):
            self._store.bulk_load(path=str(data), format=fmt)
        else:
            self._store.bulk_load(data, format=fmt)

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        return self._store.dump(format=fmt, from_graph=ox.DefaultGraph())

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        """Write what is buffered to disk, so readers in other processes see it."""
        if self.path is not None and not self.read_only:  # read-only: nothing to flush
            with contextlib.suppress(OSError):
                self._store.flush()

    def close(self) -> None:
        if not hasattr(self, "_store"):
            return
        if self.path is not None:
            _OPEN.pop(self.path.resolve(), None)
            if not self.read_only:  # a read-only store has nothing to flush
                with contextlib.suppress(OSError):
                    self._store.flush()
        del self._store


#: On-disk stores open in this process, by resolved path. RocksDB locks a directory per
#: process, so a second open of the same path must share the first one.
_OPEN: dict[Path, OxigraphStore] = {}


def open_store(
    location: str | Path | None = None,
    *,
    read_only: bool = False,
    update_url: str | None = None,
    graph_store_url: str | None = None,
) -> GraphStore:
    """Open the store named by ``location``: ``"memory"``/``None``, a directory path, or the
    ``http(s)://`` URL of a SPARQL 1.1 query endpoint (a :class:`graph.store.remote.RemoteStore`).

    Opening a directory this process already has open returns the same store. A remote store
    is read-only unless given an ``update_url`` (default: ``$ACCREDIGRAPH_UPDATE_URL``); a
    ``graph_store_url`` (default: ``$ACCREDIGRAPH_GRAPH_STORE_URL``) makes loads fast.
    """
    if is_memory(location):
        return OxigraphStore(None)
    if str(location).lower().startswith(("http://", "https://")):
        from graph.store.remote import RemoteStore  # one module per backend

        return RemoteStore(
            str(location),
            update_url=update_url or os.environ.get("ACCREDIGRAPH_UPDATE_URL"),
            graph_store_url=graph_store_url or os.environ.get("ACCREDIGRAPH_GRAPH_STORE_URL"),
        )
    path = Path(location).resolve()  # type: ignore[arg-type]
    if path not in _OPEN:
        recover(path)
        _OPEN[path] = OxigraphStore(path, read_only=read_only)
    return _OPEN[path]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(target: Path) -> None:
    """Finish or undo a swap that a killed process left half done, and remove its leftovers.

    A swap renames the store to ``.NAME.old-PID`` and the new one to ``NAME``: when ``NAME`` is
    missing, the old store is put back. Temporary ``.NAME.building-PID-*`` and
    ``.NAME.importing-PID-*`` directories of processes no longer running are deleted.
    """
    if not target.parent.is_dir():
        return
    for leftover in sorted(target.parent.glob(f".{target.name}.*-*")):
        kind, _, rest = leftover.name[len(target.name) + 2 :].partition("-")
        pid = rest.split("-", 1)[0]
        if kind not in ("old", "building", "importing") or not pid.isdigit():
            continue
        if _pid_alive(int(pid)) and int(pid) != os.getpid():
            continue  # another process is building or swapping right now
        if kind == "old" and not target.exists():
            os.replace(leftover, target)
        else:
            shutil.rmtree(leftover, ignore_errors=True)


def _swap(tmp: Path, target: Path) -> None:
    """Rename ``tmp`` to ``target``, replacing the directory there (see :func:`recover`)."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(tmp, target)
    shutil.rmtree(old, ignore_errors=True)


def update_atomically(store: GraphStore, fill: Callable[[GraphStore], None]) -> None:
    """Change an on-disk ``store`` with ``fill`` so that all of it happens or none of it.

    ``fill`` receives a copy of the store (a RocksDB checkpoint: hard links, made in
    milliseconds) in a sibling ``.NAME.importing-PID-*`` directory, and may use the fast,
    non-transactional ``bulk_load``. Only when it returns is the copy swapped in; ``store``
    (the same object) then reads the new directory. If ``fill`` raises, or the process is
    killed, the store is left as it was. In-memory and remote stores are given to ``fill``
    as they are.
    """
    if not isinstance(store, OxigraphStore) or store.path is None:
        fill(store)
        return
    store.check_writable()  # never swap a directory another process is using
    target = store.path
    recover(target)
    tmp = target.with_name(f".{target.name}.importing-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    store._store.backup(str(tmp))
    try:
        copy = OxigraphStore(tmp)
        fill(copy)
        copy.close()
        del copy
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    with contextlib.suppress(OSError):
        store._store.flush()
    del store._store  # release the lock and the files of the old directory
    try:
        _swap(tmp, target)
    finally:
        store._store = ox.Store(str(target))
        store.generation += 1


def _locked(exc: OSError) -> bool:
    """True when opening a store failed because another process holds its RocksDB lock."""
    return "lock" in str(exc).lower()


def _held_message(location: str | Path, doing: str) -> str:
    return (
        f"the store at {location} is open in another process (the app, accredigraph serve or "
        f"another command), so this one may only read it: stop that process to {doing}"
    )


def _check_not_held(target: Path) -> None:
    """Raise :class:`StoreError` when another process has the store at ``target`` open for
    writing (the app, ``accredigraph serve``): swapping a new build under it would leave it
    reading a deleted directory."""
    if not target.is_dir() or target.resolve() in _OPEN:
        return
    try:
        probe = ox.Store(str(target))
    except OSError as exc:
        if _locked(exc):
            raise StoreError(_held_message(target, "rebuild the store")) from None
        return  # not a readable store: the build replaces it
    del probe


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
    recover(target.resolve())
    _check_not_held(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-{os.getpid()}-",
                                dir=target.parent))  # fmt: skip
    try:
        store = OxigraphStore(tmp)
        fill(store)
        store.close()
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if (current := _OPEN.get(target.resolve())) is not None:
        current.close()  # release the lock before the swap
    _swap(tmp, target)
    return open_store(target)
