"""The worker process's side of :mod:`graph.sparql.worker`: a loop that opens the store
read-only and answers requests over a pipe, and the framing of the messages on that pipe.

A request is a pickled dict. The worker answers it in one of two ways:

- **collected** (:func:`graph.sparql.run`): one message, ``{"result": Rows | Boolean |
  Triples}`` or ``{"error": …}``;
- **streamed** (``"stream": FORMAT`` in the request; :func:`graph.sparql.open_stream`): the
  answer written by :func:`~graph.sparql.serialise.write_answer` in that format and sent as
  it is produced (:class:`~graph.sparql.serialise.Chunks`): a head, chunks, an end, or an
  error at any point. Writing to the pipe blocks while the reader does not read, so a slow
  reader slows the engine instead of filling memory.

Run as ``python -m graph.sparql.worker_process STORE MEMORY``.
"""

from __future__ import annotations

import pickle
import struct
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from graph.errors import AnswerTooLarge, QueryError

if TYPE_CHECKING:  # the writer is loaded by the first request that streams
    from graph.sparql.serialise import Message

__all__ = ["HEADER", "out_of_memory", "recv", "send"]

#: The length of each message, before it.
HEADER = struct.Struct("!Q")


def send(stream: BinaryIO, payload: Message) -> None:
    """Write one message (blocks while the pipe is full)."""
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def recv(stream: BinaryIO) -> Message:
    """Read one message; ``EOFError`` when the pipe is closed."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        raise EOFError
    (size,) = HEADER.unpack(header)
    return pickle.loads(stream.read(size))


def out_of_memory(memory: int) -> AnswerTooLarge:
    """The error of a query that needed more than ``memory`` bytes."""
    return AnswerTooLarge(f"the query needed more than {memory // (1024 * 1024)} MB of memory and "
                          "was stopped; ask for fewer or shorter values")  # fmt: skip


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
    """The worker: answer requests on stdin with messages on stdout, within ``memory`` bytes
    of address space (0: no limit)."""
    from graph.sparql.collect import collect
    from graph.store.embedded import OxigraphStore

    _die_with_parent()
    if memory:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    store = OxigraphStore(Path(path), read_only=True)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    send(stdout, {"ready": True})  # what came before (start, open) is not a query's time
    while True:
        try:
            request = recv(stdin)
        except EOFError:
            return
        cap, fmt = request["row_cap"], request.get("stream")
        assert cap is None or isinstance(cap, int)
        try:
            raw = store.query(
                str(request["text"]),
                substitutions=request.get("substitutions"),  # type: ignore[arg-type]
                prefixes=request.get("prefixes"),  # type: ignore[arg-type]
                dataset=request.get("dataset"),  # type: ignore[arg-type]
                base_iri=request.get("base_iri"),  # type: ignore[arg-type]
            )
            if fmt is not None:
                from graph.sparql.serialise import Chunks, Counter, form_of, write_answer

                hold = request.get("hold")
                assert hold is None or isinstance(hold, int)
                chunks = Chunks(lambda message: send(stdout, message), form_of(raw), hold)
                counter = Counter(cap)
                try:
                    written = write_answer(raw, chunks, str(fmt), counter)
                except (RuntimeError, ValueError) as exc:  # the engine failed while read
                    raise QueryError(
                        f"the query stopped while its answer was written: {exc}"
                    ) from None
                chunks.finish(written)
                continue
            triples, size = request.get("triple_cap"), request.get("byte_cap")
            assert triples is None or isinstance(triples, int)
            assert size is None or isinstance(size, int)
            answer: Message = {"result": collect(raw, row_cap=cap, triple_cap=triples,
                                                 byte_cap=size)}  # fmt: skip
        except QueryError as exc:
            answer = {"error": exc}
        except MemoryError:
            answer = {"error": out_of_memory(memory)}
        except Exception as exc:  # reported to the caller, the worker carries on
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        send(stdout, answer)


if __name__ == "__main__":
    _serve(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0)
