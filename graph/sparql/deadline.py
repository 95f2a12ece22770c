"""Stopping a user's query at its time limit — for real, not only between result rows.

pyoxigraph evaluates a query inside one call that cannot be interrupted: a ``COUNT`` over a
five-way cross product never returns a first row to check a clock against (measured in
docs/endpoint.md). So ad-hoc queries (:func:`graph.query.named.run_sparql` with a timeout) run where
they can be stopped:

- **On-disk store**: in a worker process that opens the store read-only (RocksDB allows readers
  beside the one writer) and answers queries over a pipe. At the deadline the worker is killed
  (``SIGKILL``), the caller gets :class:`~graph.errors.QueryTimeout` and the next query starts a
  fresh worker. Workers are reused while the store is unchanged (same directory, same
  :attr:`~graph.store.embedded.GraphStore.generation`) and replaced when it changes.
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

import atexit
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from graph.errors import QueryError, QueryTimeout

__all__ = [
    "MAX_RUNAWAY",
    "call_with_deadline",
    "run_in_worker",
    "runaway_count",
    "spawn",
]

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


_HEADER = struct.Struct("!Q")


def _send(stream: Any, payload: Any) -> None:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _recv_blocking(stream: Any) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    return pickle.loads(stream.read(size))


class _Worker:
    """One worker process holding the store open read-only."""

    def __init__(self, path: Path, key: tuple) -> None:
        self.key = key
        self.proc = spawn(
            [sys.executable, "-m", "graph.sparql.deadline", str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": _package_root()},
        )

    def ask(self, request: dict, timeout: float | None) -> Any:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        deadline = None if timeout is None else time.monotonic() + timeout
        _send(self.proc.stdin, request)
        fd = self.proc.stdout.fileno()
        chunks = bytearray()
        needed = _HEADER.size
        have_header = False
        while len(chunks) < needed:
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                raise TimeoutError
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                raise TimeoutError
            chunk = os.read(fd, max(65536, needed - len(chunks)))
            if not chunk:
                raise EOFError
            chunks.extend(chunk)
            if not have_header and len(chunks) >= _HEADER.size:
                have_header = True
                needed = _HEADER.size + _HEADER.unpack(bytes(chunks[: _HEADER.size]))[0]
        return pickle.loads(bytes(chunks[_HEADER.size : needed]))

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()


def _package_root() -> str:
    root = str(Path(__file__).resolve().parents[2])
    existing = os.environ.get("PYTHONPATH")
    return root if not existing else f"{root}{os.pathsep}{existing}"


#: Idle workers by store key; a worker is handed to one query at a time.
_IDLE: dict[tuple, list[_Worker]] = {}
_IDLE_LOCK = threading.Lock()
#: Most idle workers kept per store.
KEEP_IDLE = 2
#: Most idle workers kept in all (a process may query many stores, e.g. a test session).
KEEP_IDLE_TOTAL = 4


def _key(store: Any) -> tuple:
    path = Path(store.path).resolve()
    try:
        inode = os.stat(path).st_ino
    except OSError:
        inode = None
    return (str(path), inode, store.generation)


def _checkout(store: Any) -> _Worker:
    key = _key(store)
    with _IDLE_LOCK:
        stale = [k for k in _IDLE if k[0] == key[0] and k != key]
        for k in stale:
            for worker in _IDLE.pop(k):
                worker.kill()
        if _IDLE.get(key):
            return _IDLE[key].pop()
    flush = getattr(store, "flush", None)
    if flush is not None:
        flush()  # the worker reads what is on disk
    return _Worker(Path(key[0]), key)


def _checkin(store: Any, worker: _Worker) -> None:
    stale: list[_Worker] = [worker]
    with _IDLE_LOCK:
        key = worker.key
        idle = _IDLE.pop(key, [])
        if key == _key(store) and len(idle) < KEEP_IDLE and worker.proc.poll() is None:
            idle.append(worker)
            stale = []
        _IDLE[key] = idle  # the store used last goes last
        while sum(map(len, _IDLE.values())) > KEEP_IDLE_TOTAL:
            stale.extend(_IDLE.pop(next(iter(_IDLE))))  # the store not used for longest
    for extra in stale:
        extra.kill()


def run_in_worker(
    store: Any,
    text: str,
    row_cap: int | None,
    timeout: float | None,
    substitutions: dict[str, Any] | None = None,
) -> dict:
    """Run ``text`` on the on-disk ``store`` in a worker process, killed at the deadline.

    Returns ``{"form": "SELECT", "variables": [...], "rows": [...], "truncated": bool}``,
    ``{"form": "ASK", "value": bool}`` or ``{"form": "GRAPH", "triples": [...],
    "truncated": bool}``; raises ``QueryTimeout`` or ``QueryError``.
    """
    worker = _checkout(store)
    try:
        request = {"text": text, "row_cap": row_cap, "substitutions": substitutions}
        answer = worker.ask(request, timeout)
    except TimeoutError:
        worker.kill()
        raise QueryTimeout(
            f"the query ran past its time limit of {timeout:g} s and was stopped"
        ) from None
    except (EOFError, OSError, pickle.UnpicklingError) as exc:
        worker.kill()
        raise QueryError(f"the query worker stopped unexpectedly ({exc!r})") from None
    _checkin(store, worker)
    if "error" in answer:
        raise QueryError(answer["error"])
    return answer


@atexit.register
def shutdown() -> None:
    """Stop every idle worker (they also stop when this process exits)."""
    with _IDLE_LOCK:
        for workers in _IDLE.values():
            for worker in workers:
                worker.kill()
        _IDLE.clear()


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when its parent dies, even mid-query (best effort)."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _serve(path: str) -> None:
    """The worker: answer pickled requests on stdin with pickled answers on stdout."""
    import pyoxigraph as ox

    from graph.store.embedded import OxigraphStore

    _die_with_parent()
    store = OxigraphStore(Path(path), read_only=True)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            request = _recv_blocking(stdin)
        except EOFError:
            return
        cap = request["row_cap"]
        try:
            raw = store.query(request["text"], substitutions=request.get("substitutions"))
            if isinstance(raw, ox.QueryBoolean):
                answer: dict = {"form": "ASK", "value": bool(raw)}
            elif isinstance(raw, ox.QuerySolutions):
                variables = [v.value for v in raw.variables]
                rows, truncated = [], False
                for solution in raw:
                    if cap is not None and len(rows) >= cap:
                        truncated = True
                        break
                    rows.append(tuple(solution[v] for v in variables))
                answer = {"form": "SELECT", "variables": variables, "rows": rows,
                          "truncated": truncated}  # fmt: skip
            else:
                triples, truncated = [], False
                for triple in raw:
                    if cap is not None and len(triples) >= cap * 10:
                        truncated = True
                        break
                    triples.append(triple)
                answer = {"form": "GRAPH", "triples": triples, "truncated": truncated}
        except QueryError as exc:
            answer = {"error": str(exc)}
        except Exception as exc:  # reported to the caller, the worker carries on
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        _send(stdout, answer)


if __name__ == "__main__":
    _serve(sys.argv[1])
