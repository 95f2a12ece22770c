"""Worker processes that run queries on an on-disk store and are killed at the deadline.

pyoxigraph evaluates a query inside one call that cannot be interrupted, so a query on an
on-disk store that must stop on time runs in a worker process that opens the store read-only
(RocksDB allows readers beside the one writer) and answers requests over a pipe. At the
deadline the worker is killed (``SIGKILL``), the caller gets
:class:`~graph.errors.QueryTimeout` and the next query starts a fresh worker. Workers are
reused while the store is unchanged (same directory and inode, same
:attr:`~graph.store.protocol.Store.generation`) and replaced when it changes; none is started
before the first query that needs one.
"""

from __future__ import annotations

import atexit
import logging
import os
import pickle
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import QueryError, QueryTimeout
from graph.sparql.deadline import spawn
from graph.sparql.results import Boolean, Result, Rows, Triples
from graph.sparql.ticket import Ticket, current_ticket
from graph.sparql.worker_process import HEADER as _HEADER
from graph.sparql.worker_process import out_of_memory, send
from graph.store.protocol import Dataset, Store, Term

if TYPE_CHECKING:  # the writer is loaded only for an answer written as it goes
    from graph.sparql.serialise import Message, Written

__all__ = ["KEEP_IDLE", "KEEP_IDLE_TOTAL", "WorkerAnswer", "run_in_worker", "shutdown",
           "stream_in_worker"]  # fmt: skip

log = logging.getLogger(__name__)

#: What tells workers apart: the store's directory, its inode, its generation and the
#: worker's memory limit.
Key = tuple[str, int | None, int, int | None]


class _Worker:
    """One worker process holding the store open read-only."""

    def __init__(self, path: Path, key: Key) -> None:
        self.key = key
        #: Whether the worker has said it opened the store (its first message).
        self.ready = False
        self._pending = bytearray()
        self.proc = spawn(
            [sys.executable, "-m", "graph.sparql.worker_process", str(path), str(key[3] or 0)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": _package_root()},
        )

    def ask(
        self, request: Message, timeout: float | None, started: Callable[[], None] = lambda: None
    ) -> Message:
        """Send ``request`` and read the answer within ``timeout``; ``started`` is called when
        the worker has the query (a new worker first opens the store and says so)."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        deadline = None if timeout is None else time.monotonic() + timeout
        send(self.proc.stdin, request)
        if not self.ready:
            self.ready = bool(self.read(deadline).get("ready"))
        started()
        return self.read(deadline)

    def read(self, deadline: float | None) -> Message:
        """The next message; bytes read past it (the answer behind ``ready``) are kept."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        chunks = self._pending
        needed = _HEADER.size
        while True:
            if len(chunks) >= _HEADER.size:
                needed = _HEADER.size + _HEADER.unpack(bytes(chunks[: _HEADER.size]))[0]
                if len(chunks) >= needed:
                    break
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
        message = pickle.loads(bytes(chunks[_HEADER.size : needed]))
        del chunks[:needed]
        return message

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
_IDLE: dict[Key, list[_Worker]] = {}
_IDLE_LOCK = threading.Lock()
#: Most idle workers kept per store.
KEEP_IDLE = 4
#: Most idle workers kept in all (a process may query many stores, e.g. a test session).
KEEP_IDLE_TOTAL = 6
#: Idle workers kept ready for a store whose worker was killed (a query stopped at its time
#: limit, stopped as long by the scheduler, or left at low priority): the next query, often a
#: light one, then finds a worker that has already started and opened the store, instead of
#: paying for both on a machine busy with the heavy queries.
SPARE = 1


def _key(store: Store, memory: int | None) -> Key:
    assert store.path is not None, "workers serve on-disk stores"
    path = Path(store.path).resolve()
    try:
        inode = os.stat(path).st_ino
    except OSError:
        inode = None
    return (str(path), inode, store.generation, memory)


def _checkout(store: Store, memory: int | None) -> _Worker:
    key = _key(store, memory)
    with _IDLE_LOCK:
        stale = [k for k in _IDLE if k[0] == key[0] and k != key]
        for k in stale:
            for worker in _IDLE.pop(k):
                worker.kill()
        if _IDLE.get(key):
            return _IDLE[key].pop()
    store.flush()  # the worker reads what is on disk
    return _Worker(Path(key[0]), key)


def _checkin(store: Store, worker: _Worker) -> None:
    stale: list[_Worker] = [worker]
    with _IDLE_LOCK:
        key = worker.key
        idle = _IDLE.pop(key, [])
        if key == _key(store, key[3]) and len(idle) < KEEP_IDLE and worker.proc.poll() is None:
            idle.append(worker)
            stale = []
        _IDLE[key] = idle  # the store used last goes last
        while sum(map(len, _IDLE.values())) > KEEP_IDLE_TOTAL:
            stale.extend(_IDLE.pop(next(iter(_IDLE))))  # the store not used for longest
    for extra in stale:
        extra.kill()


def _replenish(store: Store, key: Key) -> None:
    """Start a worker for ``key`` when fewer than :data:`SPARE` are idle (it opens the store
    while nobody waits for it)."""
    if key != _key(store, key[3]):
        return  # the store was rebuilt or swapped: the next query starts its own
    with _IDLE_LOCK:
        if len(_IDLE.get(key, ())) >= SPARE or sum(map(len, _IDLE.values())) >= KEEP_IDLE_TOTAL:
            return
        _IDLE.setdefault(key, []).append(_Worker(Path(key[0]), key))


def _retire(store: Store, worker: _Worker) -> None:
    """Kill ``worker`` and keep a spare ready in its place."""
    worker.kill()
    _replenish(store, worker.key)


def _request(text: str, row_cap: int | None, substitutions: Mapping[str, Term] | None,
             prefixes: Mapping[str, str] | None, dataset: Dataset | None,
             base_iri: str | None, **more: object) -> Message:  # fmt: skip
    return {"text": text, "row_cap": row_cap, "prefixes": dict(prefixes or {}),
            "substitutions": dict(substitutions or {}), "dataset": dataset,
            "base_iri": base_iri, **more}  # fmt: skip


def _start(worker: _Worker, ticket: Ticket | None) -> Callable[[], None]:
    def started() -> None:  # the scheduler demotes it when long, or stops it
        if ticket is not None:
            ticket.attach(pid=worker.proc.pid, stop=worker.proc.kill)  # the pipe ends

    return started


def _failure(store: Store, worker: _Worker, ticket: Ticket | None, exc: BaseException,
             timeout: float | None, memory: int | None) -> BaseException:  # fmt: skip
    """What the caller raises when reading from ``worker`` failed with ``exc`` (the time
    limit, or the pipe closed: stopped by the scheduler, or the worker died); the worker is
    killed and a spare started."""
    if isinstance(exc, TimeoutError):
        _retire(store, worker)
        return QueryTimeout(f"the query ran past its time limit of {timeout:g} s and was stopped")
    if ticket is not None and ticket.stopped is not None:  # by the scheduler
        _retire(store, worker)
        return ticket.stopped
    try:
        code: int | None = worker.proc.wait(timeout=2)  # a closed pipe: it is exiting
    except subprocess.TimeoutExpired:
        code = None
    _retire(store, worker)
    log.warning("a query worker stopped (exit status %s)", code)
    if code == -signal.SIGABRT and memory:  # Rust aborts when an allocation fails
        return out_of_memory(memory)
    return QueryError("the query stopped its engine unexpectedly; try a simpler query")


def _done(store: Store, worker: _Worker, ticket: Ticket | None) -> None:
    """``worker`` has answered: back to the idle ones (unless it was demoted)."""
    if ticket is not None:
        ticket.detach()
    if _demoted(worker):
        _retire(store, worker)  # a worker at low priority is not reused for the next query
    else:
        _checkin(store, worker)


def _error(answer: Message) -> QueryError:
    error = answer["error"]
    if isinstance(error, QueryError):
        return error
    log.warning("a query worker could not run a query: %s", error)  # may name paths
    return QueryError("the engine could not run this query; the error was logged")


#: What reading from a worker raises when the pipe ends (it was killed, or it died).
_ENDED = (EOFError, OSError, pickle.UnpicklingError)


def run_in_worker(
    store: Store,
    text: str,
    *,
    row_cap: int | None,
    timeout: float | None,
    substitutions: Mapping[str, Term] | None = None,
    prefixes: Mapping[str, str] | None = None,
    dataset: Dataset | None = None,
    triple_cap: int | None = None,
    byte_cap: int | None = None,
    memory: int | None = None,
    base_iri: str | None = None,
) -> Result:
    """Run ``text`` on the on-disk ``store`` in a worker process, killed at the deadline.

    ``substitutions`` bind as in-process (the same plans). ``memory`` caps the worker's
    address space (``RLIMIT_AS``): a query that needs more kills its worker only. Raises
    :class:`~graph.errors.QueryTimeout` at the deadline,
    :class:`~graph.errors.AnswerTooLarge` past ``byte_cap`` or ``memory``, and
    :class:`~graph.errors.QueryError` for a query the engine refuses.
    """
    worker = _checkout(store, memory)
    ticket = current_ticket()
    request = _request(text, row_cap, substitutions, prefixes, dataset, base_iri,
                       triple_cap=triple_cap, byte_cap=byte_cap)  # fmt: skip
    try:
        answer = worker.ask(request, timeout, _start(worker, ticket))
    except (TimeoutError, *_ENDED) as exc:
        raise _failure(store, worker, ticket, exc, timeout, memory) from None
    _done(store, worker, ticket)
    if "error" in answer:
        raise _error(answer)
    result = answer["result"]
    assert isinstance(result, (Rows, Boolean, Triples))
    return result


class WorkerAnswer:
    """An answer a worker writes and sends as it goes (:func:`stream_in_worker`): ``form``
    and ``truncated`` (``None`` until the end, unless held) from its head, then
    :meth:`next_chunk` until ``None``; :meth:`close` when done with it, read whole or not."""

    def __init__(self, store: Store, worker: _Worker, ticket: Ticket | None,
                 deadline: float | None, timeout: float | None, memory: int | None,
                 head: Message) -> None:  # fmt: skip
        self._store, self._worker, self._ticket = store, worker, ticket
        self._deadline, self._timeout, self._memory = deadline, timeout, memory
        self.form = str(head["form"])
        truncated, size = head["truncated"], head.get("size")
        self.truncated: bool | None = None if truncated is None else bool(truncated)
        #: The answer's bytes when it was written whole before its head (else ``None``).
        self.size = size if isinstance(size, int) else None
        #: What was written, once the end has been read.
        self.written: Written | None = None
        self._open = True

    def next_chunk(self) -> bytes | None:
        """The next bytes of the answer, ``None`` at its end; raises
        :class:`~graph.errors.QueryTimeout` at the deadline (the worker is killed) and
        :class:`~graph.errors.QueryError` when the query fails on the way."""
        if not self._open:
            return None
        try:
            message = self._worker.read(self._deadline)
        except (TimeoutError, *_ENDED) as exc:
            self._open = False
            raise _failure(self._store, self._worker, self._ticket, exc, self._timeout,
                           self._memory) from None  # fmt: skip
        if "chunk" in message:
            chunk = message["chunk"]
            assert isinstance(chunk, bytes)
            return chunk
        self._open = False
        _done(self._store, self._worker, self._ticket)
        if "error" in message:
            raise _error(message)
        written = message["end"]
        from graph.sparql.serialise import Written

        assert isinstance(written, Written)
        self.written = written
        self.truncated = written.truncated
        return None

    def close(self) -> None:
        """Stop: a worker still writing is killed (a spare takes its place)."""
        if self._open:
            self._open = False
            if self._ticket is not None:
                self._ticket.detach()
            _retire(self._store, self._worker)


def stream_in_worker(
    store: Store,
    text: str,
    fmt: str,
    *,
    row_cap: int | None,
    timeout: float | None,
    hold: int | None = None,
    substitutions: Mapping[str, Term] | None = None,
    prefixes: Mapping[str, str] | None = None,
    dataset: Dataset | None = None,
    memory: int | None = None,
    base_iri: str | None = None,
) -> WorkerAnswer:
    """Start writing the answer to ``text`` in ``fmt`` in a worker process; returns when
    its head (its first bytes) is there, or raises as :func:`run_in_worker` does. The
    deadline, ``timeout`` seconds from now, covers the whole answer: a chunk read past it
    raises :class:`~graph.errors.QueryTimeout` and the worker is killed. ``hold``: see
    :mod:`graph.sparql.worker_process`."""
    worker = _checkout(store, memory)
    ticket = current_ticket()
    deadline = None if timeout is None else time.monotonic() + timeout
    request = _request(text, row_cap, substitutions, prefixes, dataset, base_iri,
                       stream=fmt, hold=hold)  # fmt: skip
    try:
        head = worker.ask(request, timeout, _start(worker, ticket))
    except (TimeoutError, *_ENDED) as exc:
        raise _failure(store, worker, ticket, exc, timeout, memory) from None
    if "error" in head:
        _done(store, worker, ticket)
        raise _error(head)
    described = head["head"]
    assert isinstance(described, dict)
    return WorkerAnswer(store, worker, ticket, deadline, timeout, memory, described)


def _demoted(worker: _Worker) -> bool:
    """Whether the scheduler lowered the worker's priority (a long query), and it could not
    be raised again (raising a priority is a privilege)."""
    try:
        ours = os.getpriority(os.PRIO_PROCESS, os.getpid())
        if os.getpriority(os.PRIO_PROCESS, worker.proc.pid) <= ours:
            return False
        os.setpriority(os.PRIO_PROCESS, worker.proc.pid, ours)
        return False
    except OSError:
        return True


@atexit.register
def shutdown() -> None:
    """Stop every idle worker (they also stop when this process exits)."""
    with _IDLE_LOCK:
        for workers in _IDLE.values():
            for worker in workers:
                worker.kill()
        _IDLE.clear()
