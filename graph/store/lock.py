"""The writer lock of an on-disk store: one build or import at a time, whatever the process ids.

A process that changes the store at ``NAME`` (a build, an import and the swap that ends them)
holds an exclusive ``flock`` on the file ``.NAME.lock`` beside it for as long as it works. The
kernel drops the lock when the process ends, however it ends, and a new process that happens
to get the same process id does not hold it — so "is anybody still working on this store?" is
answered by trying the lock, never by ``os.kill(pid, 0)``. The file also records who holds it
(process id, what it does, since when), but only to say so in messages.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "store"
>>> with writer_lock(target, doing="build") as taken:
...     taken, busy(target), holder(target).startswith("process ")
(True, True, True)
>>> busy(target)
False
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.errors import StoreError

__all__ = [
    "DEFAULT_WAIT",
    "StoreBusyError",
    "busy",
    "holder",
    "holds",
    "lock_path",
    "writer_lock",
]

#: Seconds a build or import waits for another one on the same store before giving up.
DEFAULT_WAIT = 120.0
#: Seconds between two tries of a lock held by someone else.
_POLL = 0.05


class StoreBusyError(StoreError):
    """Another process (or thread) is building or importing into the store."""


@dataclass
class _Held:
    fd: int
    thread: int
    depth: int


#: Locks this process holds, by store path: a thread that holds one may take it again.
_HELD: dict[Path, _Held] = {}
_HELD_GUARD = threading.Lock()


def lock_path(target: Path) -> Path:
    """The lock file of the store at ``target``: ``.NAME.lock`` beside it."""
    return target.with_name(f".{target.name}.lock")


def holder(target: Path) -> str:
    """Who holds (or last held) the lock of ``target``, in words, from its record."""
    try:
        record = json.loads(lock_path(target).read_text(encoding="utf-8"))
        return f"process {int(record['pid'])}: {record['doing']} since {record['since']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "another process"


def holds(target: Path) -> bool:
    """True when this thread holds the writer lock of the store at ``target``."""
    with _HELD_GUARD:
        held = _HELD.get(target)
    return held is not None and held.thread == threading.get_ident()


def busy(target: Path) -> bool:
    """True when a build or import holds the store at ``target`` (in any process, this one
    included)."""
    with _HELD_GUARD:
        if target in _HELD:
            return True
    try:
        fd = os.open(lock_path(target), os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops the lock if we took it
    return False


def _acquire(target: Path, wait: float, doing: str) -> int:
    fd = os.open(lock_path(target), os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            pass
        if time.monotonic() >= deadline:
            os.close(fd)
            waited = f"waited {wait:g} s for it; " if wait > 0 else ""
            raise StoreBusyError(
                f"the store at {target} is being changed by another process ({holder(target)}),"
                f" so this {doing} did not start: {waited}try again when it has finished "
                "(or give --wait SECONDS to queue behind it)"
            )
        if not told:
            print(f"waiting up to {wait:g} s for {holder(target)} to finish with the store at "
                  f"{target}…", file=sys.stderr, flush=True)  # fmt: skip
            told = True
        time.sleep(_POLL)


def _write_record(fd: int, doing: str) -> None:
    since = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    record = json.dumps({"pid": os.getpid(), "doing": doing, "since": since}).encode()
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, record, 0)


@contextlib.contextmanager
def writer_lock(target: Path, *, doing: str, wait: float = 0.0) -> Iterator[bool]:
    """Hold the writer lock of the store at ``target`` for the ``with`` block; gives True when
    this takes the lock, False when the thread held it already.

    Parameters
    ----------
    target
        The store's directory (it need not exist yet; its parent must).
    doing
        What the holder does (``"build"``, ``"import"``, ``"recovery"``), for messages.
    wait
        Seconds to wait while another process holds it (saying so once on standard error)
        before raising :class:`StoreBusyError`; ``0`` refuses at once.

    The thread that holds the lock may take it again (an import holds it while its swap takes
    it too); another thread of this process waits like another process would.
    """
    me = threading.get_ident()
    with _HELD_GUARD:
        held = _HELD.get(target)
        if held is not None and held.thread == me:
            held.depth += 1
    if held is not None and held.thread == me:
        try:
            yield False
        finally:
            held.depth -= 1
        return
    fd = _acquire(target, wait, doing)
    with _HELD_GUARD:
        _HELD[target] = _Held(fd, me, 1)
    try:
        _write_record(fd, doing)
        yield True
    finally:
        with _HELD_GUARD:
            del _HELD[target]
        os.close(fd)  # the kernel drops the flock with the last descriptor
