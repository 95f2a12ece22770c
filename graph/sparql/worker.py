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
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO

from graph.errors import AnswerTooLarge, QueryError, QueryTimeout
from graph.sparql.deadline import spawn
from graph.sparql.results import Boolean, Result, Rows, Triples
from graph.sparql.ticket import current_ticket
from graph.store.protocol import Dataset, Store, Term

__all__ = ["KEEP_IDLE", "KEEP_IDLE_TOTAL", "run_in_worker", "shutdown"]

log = logging.getLogger(__name__)

#: A request or an answer on the pipe: a pickled dict.
Message = dict[str, object]
#: What tells workers apart: the store's directory, its inode, its generation and the
#: worker's memory limit.
Key = tuple[str, int | None, int, int | None]

_HEADER = struct.Struct("!Q")


def _send(stream: BinaryIO, payload: Message) -> None:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _recv_blocking(stream: BinaryIO) -> Message:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    return pickle.loads(stream.read(size))


class _Worker:
    """One worker process holding the store open read-only."""

    def __init__(self, path: Path, key: Key) -> None:
        self.key = key
        #: Whether the worker has said it opened the store (its first message).
        self.ready = False
        self._pending = bytearray()
        self.proc = spawn(
            [sys.executable, "-m", "graph.sparql.worker", str(path), str(key[3] or 0)],
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
        _send(self.proc.stdin, request)
        if not self.ready:
            self.ready = bool(self._read(deadline).get("ready"))
        started()
        return self._read(deadline)

    def _read(self, deadline: float | None) -> Message:
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

    def started() -> None:  # the scheduler demotes it when long, or stops it
        if ticket is not None:
            ticket.attach(pid=worker.proc.pid, stop=worker.proc.kill)  # the pipe ends

    try:
        request: Message = {"text": text, "row_cap": row_cap, "prefixes": dict(prefixes or {}),
                            "substitutions": dict(substitutions or {}), "dataset": dataset,
                            "triple_cap": triple_cap, "byte_cap": byte_cap,
                            "base_iri": base_iri}  # fmt: skip
        answer = worker.ask(request, timeout, started)
    except TimeoutError:
        _retire(store, worker)
        raise QueryTimeout(
            f"the query ran past its time limit of {timeout:g} s and was stopped"
        ) from None
    except (EOFError, OSError, pickle.UnpicklingError):
        if ticket is not None and ticket.stopped is not None:  # by the scheduler
            _retire(store, worker)
            raise ticket.stopped from None
        try:
            code: int | None = worker.proc.wait(timeout=2)  # a closed pipe: it is exiting
        except subprocess.TimeoutExpired:
            code = None
        _retire(store, worker)
        log.warning("a query worker stopped (exit status %s)", code)
        if code == -signal.SIGABRT and memory:  # Rust aborts when an allocation fails
            raise _out_of_memory(memory) from None
        raise QueryError("the query stopped its engine unexpectedly; try a simpler query") from None
    if ticket is not None:
        ticket.detach()
    if _demoted(worker):
        _retire(store, worker)  # a worker at low priority is not reused for the next query
    else:
        _checkin(store, worker)
    if "error" in answer:
        error = answer["error"]
        if isinstance(error, QueryError):
            raise error
        log.warning("a query worker could not run a query: %s", error)  # may name paths
        raise QueryError("the engine could not run this query; the error was logged")
    result = answer["result"]
    assert isinstance(result, (Rows, Boolean, Triples))
    return result


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


def _out_of_memory(memory: int) -> AnswerTooLarge:
    return AnswerTooLarge(f"the query needed more than {memory // (1024 * 1024)} MB of memory and "
                          "was stopped; ask for fewer or shorter values")  # fmt: skip


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


def _serve(path: str, memory: int) -> None:
    """The worker: answer pickled requests on stdin with pickled answers on stdout, within
    ``memory`` bytes of address space (0: no limit)."""
    from graph.sparql.collect import collect
    from graph.store.embedded import OxigraphStore

    _die_with_parent()
    if memory:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    store = OxigraphStore(Path(path), read_only=True)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    _send(stdout, {"ready": True})  # what came before (start, open) is not a query's time
    while True:
        try:
            request = _recv_blocking(stdin)
        except EOFError:
            return
        cap = request["row_cap"]
        assert cap is None or isinstance(cap, int)
        try:
            raw = store.query(
                str(request["text"]),
                substitutions=request.get("substitutions"),  # type: ignore[arg-type]
                prefixes=request.get("prefixes"),  # type: ignore[arg-type]
                dataset=request.get("dataset"),  # type: ignore[arg-type]
                base_iri=request.get("base_iri"),  # type: ignore[arg-type]
            )
            triples, size = request.get("triple_cap"), request.get("byte_cap")
            assert triples is None or isinstance(triples, int)
            assert size is None or isinstance(size, int)
            answer: Message = {"result": collect(raw, row_cap=cap, triple_cap=triples,
                                                 byte_cap=size)}  # fmt: skip
        except QueryError as exc:
            answer = {"error": exc}
        except MemoryError:
            answer = {"error": _out_of_memory(memory)}
        except Exception as exc:  # reported to the caller, the worker carries on
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        _send(stdout, answer)


if __name__ == "__main__":
    _serve(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0)
