"""Atomic changes of an on-disk store: a build or an import happens whole, or not at all.

:func:`rebuild` loads into a fresh directory beside the target and swaps it in only when
everything loaded, so a failed or killed build leaves the old store as it was. Imports on top
of a store do the same with a checkpoint copy of it (:func:`update_atomically`), and
:func:`recover` tidies up after a process killed mid-swap.

>>> import tempfile, pathlib, pyoxigraph as ox
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "store"
>>> triple = ox.Triple(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x"))
>>> store = rebuild(folder, lambda s: s.add([triple]))
>>> len(store), sorted(p.name for p in folder.parent.iterdir())
(1, ['store'])
>>> store.close()
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from graph.errors import StoreError
from graph.store.embedded import OxigraphStore, held_message, is_locked, is_open, open_on_disk
from graph.store.protocol import Store

__all__ = ["rebuild", "recover", "update_atomically"]


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


def update_atomically(store: Store, fill: Callable[[Store], None]) -> None:
    """Change an on-disk ``store`` with ``fill`` so that all of it happens or none of it.

    ``fill`` receives a copy of the store (a RocksDB checkpoint: hard links, made in
    milliseconds) in a sibling ``.NAME.importing-PID-*`` directory, and may use the fast,
    non-transactional ``bulk_load``. Only when it returns is the copy swapped in; ``store``
    (the same object) then reads the new directory. If ``fill`` raises, or the process is
    killed, the store is left as it was. In-memory and remote stores are given to ``fill``
    as they are.
    """
    if not isinstance(store, OxigraphStore) or store.path is None:
        fill(store)  # in memory: one transaction; remote: the engine's own
        return
    store.check_writable()  # never swap a directory another process is using
    target = store.path
    recover(target)
    tmp = target.with_name(f".{target.name}.importing-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    store.backup(tmp)
    try:
        copy = OxigraphStore(tmp)
        fill(copy)
        copy.close()
        del copy
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    store.release()  # the lock and the files of the old directory
    try:
        _swap(tmp, target)
    finally:
        store.reopen()


def _check_not_held(target: Path) -> None:
    """Raise :class:`StoreError` when another process has the store at ``target`` open for
    writing (the app, ``accredigraph serve``): swapping a new build under it would leave it
    reading a deleted directory."""
    if not target.is_dir() or is_open(target) is not None:
        return
    try:
        probe = ox.Store(str(target))
    except OSError as exc:
        if is_locked(exc):
            raise StoreError(held_message(target, "rebuild the store")) from None
        return  # not a readable store: the build replaces it
    del probe


def rebuild(location: str | Path, fill: Callable[[Store], None]) -> Store:
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
    if (current := is_open(target)) is not None:
        current.close()  # release the lock before the swap
    _swap(tmp, target)
    return open_on_disk(target)
