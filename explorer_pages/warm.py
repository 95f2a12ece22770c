"""Work every visitor shares, done once in the background when the server opens the store.

The pages that show the same thing to everyone (the Learn page and its five steps, the Data
page's counts and ontology, the Verify page's samples, the Explore page's default drawing) read
their results through ``st.cache_data``, which the whole server process shares. At 1 M
certificates filling that cache takes seconds, so a person's first visit would wait for it:
instead each page module names its shared work with :func:`task`, and :func:`start` (called by
``app.py`` on every run, after the pages are registered) runs those tasks once per store and
store version, in a background thread, with the same cached functions and arguments the pages
use. A visitor who arrives while a task runs waits only for that task (Streamlit computes each
cached value once; a second caller waits for it).

It stays correct after an import: an import into the shared store holds :func:`exclusive`, so
no task is half-way through the old graph when the cache is cleared, and the store's
:attr:`~graph.store.protocol.Store.generation` changes, so the next run starts the warm-up again
on the new graph (a warm-up of the old one stops at its next task). A visitor's own upload is
never warmed: its results are only theirs.

The tasks' queries take turns from the server's scheduler as one client (``warm-up``, one query
at a time), so a visitor's query is never queued behind more than one of them.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from graph.sparql import as_client
from graph.store import MEMORY

from .common import SETTINGS, location, scheduler, store_at, warming

__all__ = ["Warming", "exclusive", "forget", "start", "task", "tasks", "wait"]

log = logging.getLogger("accredigraph.app")
Work = TypeVar("Work", bound=Callable[[], None])

#: The shared work: (order, task); done by order (the Learn page first: it is the home page).
_TASKS: list[tuple[int, Callable[[], None]]] = []
#: Held by each task while it runs and by an import into the shared store.
_EXCLUSIVE = threading.RLock()
#: Guards :data:`_STATE`.
_GUARD = threading.Lock()


@dataclass
class Warming:
    """One warm-up of one store version: when it started, whether and when it ended."""

    where: str | None
    generation: int
    started: float = field(default_factory=time.monotonic)
    done: threading.Event = field(default_factory=threading.Event)
    seconds: float | None = None
    failed: list[str] = field(default_factory=list)


#: Store location -> its latest warm-up.
_STATE: dict[str | None, Warming] = {}


def task(order: int) -> Callable[[Work], Work]:
    """Name the decorated function (no arguments; it reads the shared store through the pages'
    own cached functions) as shared work, done at start-up by ``order`` (lowest first)."""

    def named(func: Work) -> Work:
        _TASKS.append((order, func))
        return func

    return named


#: Libraries Streamlit imports the first time a page draws a chart or a table (about a second
#: at 1 M on the reference machine, paid by whoever opens such a page first).
LIBRARIES = ("pandas", "pyarrow", "altair")


@task(order=-1)
def _libraries() -> None:
    """Import what the charts and tables need, before a visitor's page does."""
    for name in LIBRARIES:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def tasks() -> list[Callable[[], None]]:
    """The shared work, in the order it is done."""
    return [func for _, func in sorted(_TASKS, key=lambda t: t[0])]


@contextlib.contextmanager
def exclusive() -> Iterator[None]:
    """No warm-up task runs in this block (an import into the shared store holds it)."""
    with _EXCLUSIVE:
        yield


def start(where: str | None = None, *, background: bool = True) -> Warming | None:
    """Warm the shared store at ``where`` (default: the app's ``--store``) unless this version
    of it is warm or being warmed; returns that warm-up. In the background, a store held in
    memory is not warmed (it is small: nothing to gain) and ``None`` is returned;
    ``background=False`` does the work before returning (tests, benchmarks)."""
    where = location() if where is None else where
    store = store_at(where)
    if store.location == MEMORY and background:
        return None
    with _GUARD:
        current = _STATE.get(where)
        if current is not None and current.generation == store.generation:
            return current
        current = _STATE[where] = Warming(where, store.generation)
    if background:
        threading.Thread(target=_run, args=(current,), name="accredigraph-warm-up",
                         daemon=True).start()  # fmt: skip
    else:
        _run(current)
    return current


def forget(where: str | None = None) -> None:
    """Forget the warm-up of ``where`` (after its cache was cleared other than by an import),
    so that the next :func:`start` does the work again."""
    with _GUARD:
        _STATE.pop(location() if where is None else where, None)


def wait(where: str | None = None, timeout: float | None = None) -> Warming | None:
    """Wait for the warm-up of ``where`` to end (at most ``timeout`` seconds); it, or None."""
    where = location() if where is None else where
    current = _STATE.get(where)
    if current is not None:
        current.done.wait(timeout)
    return current


def _run(state: Warming) -> None:
    try:
        with warming(state.where), as_client(scheduler(), "warm-up", wait=SETTINGS.query_timeout):
            for work in tasks():
                with _EXCLUSIVE:
                    if store_at(state.where).generation != state.generation:
                        state.failed.append("stopped: the store changed")
                        return  # a newer warm-up does the work
                    try:
                        work()
                    except Exception as exc:
                        state.failed.append(getattr(work, "__qualname__", str(work)))
                        log.warning("warm-up task %s failed: %s", work, exc)
    finally:
        state.seconds = time.monotonic() - state.started
        state.done.set()
    failed = f" ({len(state.failed)} task(s) failed, see above)" if state.failed else ""
    print(f"accredigraph: shared pages ready in {state.seconds:.1f} s{failed}", file=sys.stderr,
          flush=True)  # fmt: skip
