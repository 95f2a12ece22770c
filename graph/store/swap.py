"""Crash-safe changes of an on-disk store: a build or an import happens whole, or not at all,
and a kill at any instant leaves the old store or the new one, never none.

:func:`rebuild` loads into a fresh directory beside the target, :func:`update_atomically` into
a checkpoint copy of it; either ends with a journaled swap (:mod:`graph.store.journal`). The
whole of it runs under the store's writer lock (:mod:`graph.store.lock`), so builds and
imports of one store take turns, and leftovers are told from work in progress by that lock,
never by a process id. docs/storage.md says what a kill at each step leaves.

>>> import tempfile, pathlib, pyoxigraph as ox
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "store"
>>> triple = ox.Triple(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x"))
>>> store = rebuild(folder, lambda s: s.add([triple]))
>>> len(store), sorted(p.name for p in folder.parent.iterdir())
(1, ['.store.lock', 'store'])
>>> store.close()
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from graph.errors import StoreError
from graph.store.embedded import (
    OxigraphStore,
    held_message,
    is_locked,
    is_open,
    is_store,
    open_on_disk,
)
from graph.store.journal import crash_point, recover_held, swap_in
from graph.store.lock import DEFAULT_WAIT, holds, writer_lock
from graph.store.protocol import Store

__all__ = ["rebuild", "scratch", "update_atomically", "writing"]


@contextmanager
def scratch(target: Path | None) -> Iterator[Path]:
    """A temporary directory for a build's or an import's work files, removed after the
    ``with`` block: ``.NAME.scratch-PID-*`` beside the on-disk store ``target`` (same file
    system, and :func:`recover` removes it if the process is killed — take it while holding
    the store's writer lock), else in the system's temporary directory (``target=None``).

    >>> with scratch(None) as folder:
    ...     folder.is_dir()
    True
    """
    if target is None:
        with tempfile.TemporaryDirectory(prefix="accredigraph-") as tmp:
            yield Path(tmp)
        return
    with tempfile.TemporaryDirectory(prefix=f".{target.name}.scratch-{os.getpid()}-",
                                     dir=target.parent) as tmp:  # fmt: skip
        yield Path(tmp)


@contextmanager
def writing(store: Store, *, wait: float | None = None, doing: str = "import") -> Iterator[None]:
    """Hold the writer lock of an on-disk ``store`` for the ``with`` block (other stores: no-op).

    Another build or import of the same store is waited for, at most ``wait`` seconds
    (default :data:`graph.store.lock.DEFAULT_WAIT`), then :class:`~graph.store.lock.StoreBusyError`
    is raised. ``store`` lets go of its directory meanwhile (the other writer may swap it) and
    inside the block reads the directory that is current, so what is checked against it is
    what the change lands on.
    """
    if not isinstance(store, OxigraphStore) or store.path is None or store.read_only:
        yield
        return
    target = store.path
    if holds(target):  # this thread is at work here already (an import's own swap)
        yield
        return
    wait = DEFAULT_WAIT if wait is None else wait
    store.release()
    try:
        with writer_lock(target, doing=doing, wait=wait):
            recover_held(target)
            _reopen_alone(store, wait)
            yield
    finally:
        if store.is_released:
            store.reopen()


def _reopen_alone(store: OxigraphStore, wait: float) -> None:
    """Reopen ``store`` for writing, waiting up to ``wait`` seconds for another process that
    has it open (one that just finished a build, a command reading it) to let go."""
    deadline = time.monotonic() + wait
    store.reopen()
    while store.held_elsewhere:
        store.release()
        if time.monotonic() >= deadline:
            raise StoreError(held_message(store.location, "change the store"))
        time.sleep(0.05)
        store.reopen()


def update_atomically(
    store: Store, fill: Callable[[Store], None], *, wait: float | None = None
) -> None:
    """Change an on-disk ``store`` with ``fill`` so that all of it happens or none of it.

    ``fill`` receives a copy of the store (a RocksDB checkpoint: hard links, made in
    milliseconds) in a sibling ``.NAME.importing-PID-*`` directory, and may use the fast,
    non-transactional ``bulk_load``. Only when it returns is the copy swapped in; ``store``
    (the same object) then reads the new directory. If ``fill`` raises, or the process is
    killed before the swap's commit point, the store is left as it was; after it, the next
    open finishes the swap. Another build or import of the store is waited for (see
    :func:`writing`). In-memory and remote stores are given to ``fill`` as they are.
    """
    if not isinstance(store, OxigraphStore) or store.path is None:
        fill(store)  # in memory: one transaction; remote: the engine's own
        return
    store.check_writable()  # never swap a directory another process is using
    target = store.path
    with writing(store, wait=wait):
        crash_point("import:locked")
        tmp = target.with_name(f".{target.name}.importing-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        store.backup(tmp)
        crash_point("import:copied")
        try:
            copy = OxigraphStore(tmp)
            fill(copy)
            crash_point("import:filled")
            copy.close()
            del copy
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        store.release()  # the lock and the files of the old directory
        crash_point("import:released")
        try:
            swap_in(tmp, target, wait=DEFAULT_WAIT if wait is None else wait)
        finally:
            store.reopen()


def _check_replaceable(target: Path) -> None:
    """Raise :class:`StoreError` when ``target`` may not be replaced by a new build: another
    process has the store open (the app, ``accredigraph serve``: it would be left reading a
    deleted directory), or it is a folder of something else than a store."""
    if not target.exists():
        return
    if not target.is_dir() or (not is_store(target) and any(target.iterdir())):
        raise StoreError(f"{target} is not a store (and not empty): a build would replace it; "
                         "give --store a new or empty folder")  # fmt: skip
    if is_open(target) is not None or not is_store(target):
        return
    try:
        probe = ox.Store(str(target))
    except OSError as exc:
        if is_locked(exc):
            raise StoreError(held_message(target, "rebuild the store")) from None
        return  # not a readable store: the build replaces it
    del probe


def rebuild(
    location: str | Path, fill: Callable[[Store], None], *, wait: float | None = None
) -> Store:
    """Build a new on-disk store at ``location`` with ``fill`` and swap it in atomically.

    ``fill`` receives an empty store in a sibling ``.NAME.building-PID-*`` directory. If it
    raises, or the process is killed before the swap's commit point, that directory goes and
    the store at ``location`` stays as it was. Another build or import of the same store is
    waited for, at most ``wait`` seconds (default :data:`graph.store.lock.DEFAULT_WAIT`), then
    :class:`~graph.store.lock.StoreBusyError` is raised. Returns the new store, opened.
    """
    target = Path(location).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(target, doing="build", wait=DEFAULT_WAIT if wait is None else wait) as taken:
        if taken:
            recover_held(target)
        _check_replaceable(target)
        crash_point("build:locked")
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-{os.getpid()}-",
                                    dir=target.parent))  # fmt: skip
        try:
            store = OxigraphStore(tmp)
            fill(store)
            crash_point("build:filled")
            store.close()
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        crash_point("build:closed")
        if (current := is_open(target)) is not None:
            current.close()  # release the lock before the swap
        swap_in(tmp, target, wait=DEFAULT_WAIT if wait is None else wait)
    return open_on_disk(target)
