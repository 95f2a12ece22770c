"""Stopping a user's query at its time limit — for real, not only between result rows.

This module holds the in-thread deadline and the long-lived spawner thread; the worker
processes for on-disk stores are :mod:`graph.sparql.worker`.

pyoxigraph evaluates a query inside one call that cannot be interrupted: a ``COUNT`` over a
five-way cross product never returns a first row to check a clock against (measured in
docs/endpoint.md). So ad-hoc queries (:func:`graph.sparql.run` with a timeout) run where
they can be stopped:

- **On-disk store**: in a worker process that opens the store read-only (RocksDB allows readers
  beside the one writer) and answers queries over a pipe. At the deadline the worker is killed
  (``SIGKILL``), the caller gets :class:`~graph.errors.QueryTimeout` and the next query starts a
  fresh worker. Workers are reused while the store is unchanged (same directory, same
  :attr:`~graph.store.protocol.Store.generation`) and replaced when it changes.
- **In-memory and remote stores**: in a daemon thread (pyoxigraph releases the GIL while it
  evaluates, and a remote store waits on a socket), abandoned at the deadline. The caller gets
  ``QueryTimeout`` on time and the process stays responsive, but an abandoned in-memory query
  keeps one core busy until it finishes or the process exits; while :data:`MAX_RUNAWAY` of them
  are still running, further in-memory queries with a time limit are refused.

Named queries with a time limit on an on-disk store go to the same worker, with their
parameters as substitutions (the same plans as in-process); without a limit (the verifier's
internal queries) they run in-process.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from graph.errors import QueryError, QueryTimeout

__all__ = ["MAX_RUNAWAY", "call_with_deadline", "runaway_count", "spawn"]

T = TypeVar("T")

#: At most this many abandoned in-memory queries may still be running.
MAX_RUNAWAY = 2
_runaway = 0
_runaway_lock = threading.Lock()


def runaway_count() -> int:
    """How many abandoned in-thread queries are still running."""
    return _runaway


def _without_frames(exc: BaseException) -> BaseException:
    seen = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        link.__traceback__ = None
        link = link.__cause__ or link.__context__
    return exc


def call_with_deadline(fn: Callable[[], T], timeout: float, *, limit: int = MAX_RUNAWAY) -> T:
    """Run ``fn`` in a daemon thread and return its result, or raise ``QueryTimeout`` after
    ``timeout`` seconds (the thread is abandoned and counted until it ends)."""
    global _runaway
    if _runaway >= limit:
        raise QueryError(
            f"{_runaway} earlier queries ran past their time limit and are still running; try "
            "again when they finish (or use an on-disk store, where they are stopped at once)"
        )
    outcome: dict[str, Any] = {}
    finished = threading.Event()
    abandoned = threading.Event()

    def target() -> None:
        global _runaway
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # handed to the caller
            # drop the frames here: pyoxigraph results they hold may not leave this thread
            outcome["error"] = _without_frames(exc)
            del exc
        finally:
            with _runaway_lock:
                finished.set()
                if abandoned.is_set():
                    _runaway -= 1

    thread = threading.Thread(target=target, name="accredigraph-query", daemon=True)
    thread.start()
    if not finished.wait(timeout):
        with _runaway_lock:
            if not finished.is_set():
                abandoned.set()
                _runaway += 1
                raise QueryTimeout(f"the query ran past its time limit of {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


# --- worker processes for on-disk stores ---------------------------------------------------

#: Every child process is started from this one long-lived thread: Linux's "kill me when my
#: parent dies" (PR_SET_PDEATHSIG) watches the *thread* that forked, and request threads end.
_SPAWNER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="accredigraph-spawn")


def spawn(args: list[str], **options: Any) -> subprocess.Popen:
    """``subprocess.Popen(args, **options)``, started from the long-lived spawner thread."""
    return _SPAWNER.submit(subprocess.Popen, args, **options).result()
