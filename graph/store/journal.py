"""The swap of a new store directory into place, its journal, and recovery after a kill.

A complete new directory ``NEW`` replaces the store at ``NAME`` in these steps, while the
swapping process holds the store's writer lock (:mod:`graph.store.lock`)::

    1. fsync every file of NEW                      killed here: NEW is deleted, NAME stays
    2. open NAME for writing (nobody else has it),
       write .NAME.swap (names NEW and OLD), fsync  <- the commit point
    3. rename NAME -> OLD, fsync the folder         killed from here on: recovery rolls forward
    4. rename NEW -> NAME, fsync the folder
    5. delete .NAME.swap, then OLD

The journal is written to ``.NAME.swap.tmp`` and renamed, so it is either absent or whole.
:func:`recover` finishes steps 3–5 when a journal is there (the new store wins once
committed) and otherwise deletes every temporary directory (the old store wins). Between steps
3 and 4 nothing is at ``NAME`` for an instant; an opener that finds the journal waits for the
swap (or finishes it, if its process was killed) rather than open an empty store. The whole
story, step by step, is in docs/storage.md.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "store"
>>> (target.parent / ".store.building-1-x").mkdir()  # a killed build's
>>> recover(target); sorted(p.name for p in target.parent.iterdir())
['.store.lock']
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from graph.errors import StoreError
from graph.store.embedded import held_message, is_locked
from graph.store.lock import busy, lock_path, writer_lock

__all__ = ["COMMIT_POINT", "CRASH_POINTS", "SWAP_WAIT", "crash_point", "recover", "recover_held",
           "swap_in"]  # fmt: skip

#: The steps at which a test may kill a build, an import or their swap: the process kills
#: itself (``SIGKILL``) on reaching the step named by ``$ACCREDIGRAPH_TEST_CRASH_AT``.
CRASH_POINTS = (
    "build:locked", "build:filled", "build:closed",
    "import:locked", "import:copied", "import:filled", "import:released",
    "swap:synced", "swap:journal-written", "swap:committed", "swap:old-moved",
    "swap:new-moved", "swap:journal-removed", "swap:done",
)  # fmt: skip
#: From this step on, a killed swap is rolled forward (the new store wins).
COMMIT_POINT = "swap:committed"
_CRASH_ENV = "ACCREDIGRAPH_TEST_CRASH_AT"
#: Seconds an opener waits for a swap another process is in the middle of (it takes ms).
SWAP_WAIT = 30.0
#: What may sit beside a store ``NAME`` as ``.NAME.<this>``.
_SIBLING = re.compile(
    r"(?:lock|swap|swap\.tmp|(building|importing|old|scratch)-\d+(?:-\w+)?(?:\.tmp)?)"
)  # (RocksDB writes a checkpoint to DIR.tmp first)


def crash_point(step: str) -> None:
    """Kill this process at ``step`` when a test asked for it (``$ACCREDIGRAPH_TEST_CRASH_AT``);
    no effect otherwise."""
    if os.environ.get(_CRASH_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(10)  # the signal is delivered at once; never go on


def _journal(target: Path) -> Path:
    return target.with_name(f".{target.name}.swap")


def _siblings(target: Path) -> Iterator[tuple[Path, str]]:
    """The journal, temporary and old directories beside ``target``, with their kind."""
    prefix = f".{target.name}."
    try:
        names = sorted(p.name for p in target.parent.iterdir())
    except OSError:
        return
    for name in names:
        match = _SIBLING.fullmatch(name[len(prefix) :]) if name.startswith(prefix) else None
        if match is not None and name != lock_path(target).name:
            yield target.parent / name, match.group(1) or name[len(prefix) :]


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_tree(folder: Path) -> None:
    """Put every file of ``folder`` and the folder itself on disk (cheap when RocksDB did)."""
    for child in folder.iterdir():
        if child.is_file():
            _fsync(child)
    _fsync(folder)


def _take_over(target: Path, wait: float) -> ox.Store | None:
    """Open the store at ``target`` for writing, so that no other process has it open through
    the swap; None when there is no store there.

    A process holding a store open for writing while the directory is swapped would, on
    closing, delete and rewrite files by name in the *new* directory and corrupt it (RocksDB
    works by path). So the swap waits up to ``wait`` seconds for such a holder to let go, then
    raises :class:`StoreError`; the handle returned is closed between the two renames, when
    nothing is at ``target`` for it to touch.
    """
    if not target.exists():
        return None
    deadline = time.monotonic() + wait
    while True:
        try:
            return ox.Store(str(target))
        except OSError as exc:
            if not is_locked(exc):
                return None  # not a store RocksDB can open: nobody holds it either
        if time.monotonic() >= deadline:
            raise StoreError(held_message(target, "let the new store be swapped in"))
        time.sleep(0.05)


def _roll_forward(target: Path, record: dict[str, str], held: list[ox.Store] | None = None) -> None:
    """Steps 3–5 of the swap the journal ``record`` describes, from wherever they stopped.

    ``held`` holds the swapping process's only reference to its handle on the old store
    (:func:`_take_over`), emptied here between the renames. Recovery takes one here, and
    raises :class:`StoreError` when another process has the old store open (the journal then
    stays, and a later recovery finishes the swap).
    """
    new, old = target.parent / record["new"], target.parent / record["old"]
    if new.exists():
        if target.exists():
            if old.exists():
                raise StoreError(f"cannot finish the swap of {new} into {target}: {target} and "
                                 f"{old} both exist; move one away by hand")  # fmt: skip
            if not held and (holder := _take_over(target, 0)) is not None:
                held = [holder]
                del holder
            os.replace(target, old)
            _fsync(target.parent)
        if held:
            held.clear()  # the old store closes while nothing is at `target` (see _take_over)
        crash_point("swap:old-moved")
        os.replace(new, target)
        _fsync(target.parent)
        crash_point("swap:new-moved")
    elif not target.exists() and old.exists():  # never happens; keep the old store then
        os.replace(old, target)
    _journal(target).unlink(missing_ok=True)
    _fsync(target.parent)
    crash_point("swap:journal-removed")
    shutil.rmtree(old, ignore_errors=True)


def swap_in(tmp: Path, target: Path, *, wait: float) -> None:
    """Replace the store at ``target`` by the complete store at ``tmp`` (the module's steps),
    or raise :class:`StoreError`, removing ``tmp``, when another process keeps the store at
    ``target`` open for longer than ``wait`` seconds."""
    _sync_tree(tmp)
    crash_point("swap:synced")
    try:
        held = [h] if (h := _take_over(target, wait)) is not None else []
        del h
    except StoreError:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    record = {"new": tmp.name, "old": f".{target.name}.old-{os.getpid()}-{os.urandom(4).hex()}"}
    draft = target.with_name(f".{target.name}.swap.tmp")
    with draft.open("w", encoding="utf-8") as handle:
        json.dump(record, handle)
        handle.flush()
        os.fsync(handle.fileno())
    crash_point("swap:journal-written")
    os.replace(draft, _journal(target))
    _fsync(target.parent)
    crash_point(COMMIT_POINT)
    _roll_forward(target, record, held)
    crash_point("swap:done")


def recover_held(target: Path) -> None:
    """:func:`recover` for a caller that holds the store's writer lock (nobody else is at
    work here: every leftover is a dead writer's)."""
    journal, keep = _journal(target), set()
    if journal.exists():
        record = json.loads(journal.read_text(encoding="utf-8"))
        try:
            _roll_forward(target, record)
        except StoreError:  # the old store is open elsewhere: finish the swap another time
            keep = {journal.name, record["new"], record["old"]}
    for leftover, kind in _siblings(target):
        if leftover.name in keep:
            continue
        if kind == "old" and not target.exists():  # left by a version without a journal
            os.replace(leftover, target)
        elif leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def recover(target: Path, *, wait: float = SWAP_WAIT) -> None:
    """Finish or undo what a killed build, import or swap left at ``target``, and tidy up.

    A committed swap (its journal ``.NAME.swap`` is there) is finished: the new store wins.
    Anything else a writer left — ``.NAME.building-*``, ``.NAME.importing-*``, ``.NAME.old-*``
    — is deleted, unless a writer still holds the store's lock (it is still working: its
    directories are its own). A swap in progress in another process is waited for, at most
    ``wait`` seconds (it takes milliseconds). Does nothing, and creates nothing, when there
    is nothing to recover.
    """
    target = Path(target).resolve()
    if next(_siblings(target), None) is None:
        return
    if busy(target):
        if not _journal(target).exists():
            return  # a build or import at work; its directories are its own
        deadline = time.monotonic() + wait
        while busy(target) and time.monotonic() < deadline:
            time.sleep(0.05)  # a swap under way: wait for it rather than open a missing store
        if busy(target):
            if target.exists():
                return
            raise StoreError(f"the store at {target} is being swapped by another process, "
                             f"which has not finished in {wait:g} s")  # fmt: skip
    try:
        with writer_lock(target, doing="recovery"):
            recover_held(target)
    except StoreError:
        pass  # a writer took the lock meanwhile: it recovers before it starts
    except OSError:
        pass  # a folder we may not write to: open what is there
