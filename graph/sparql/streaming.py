"""Answers written as they are produced: :func:`open_stream`, the streaming side of the one
way to run SPARQL (the endpoint's answers, the CLI's ``query --format``).

:func:`open_stream` checks and binds a query exactly as :func:`graph.sparql.run` does, takes
its turn from the scheduler the same way, and then has the answer written in a W3C format by
pyoxigraph's serialisers (:func:`~graph.sparql.serialise.write_answer`):

- on an on-disk store with a time limit, in a worker process that is killed at the deadline
  (:func:`~graph.sparql.worker.stream_in_worker`); the chunks come over its pipe, which holds
  at most a pipe's worth, so a reader that does not read stops the writer;
- elsewhere (an in-memory or remote store, or no time limit), in a thread that hands chunks
  over through a queue of at most :data:`QUEUE_CHUNKS`; at the deadline it is told to stop at
  its next write (an in-memory query still evaluating cannot be stopped before then).

The deadline covers the whole answer, not only its first bytes: a chunk asked for past it
raises :class:`~graph.errors.QueryTimeout`. What was already read stays read — a reader that
must not pass on a short answer as a whole one (the endpoint) aborts its own output then.

Examples
--------
>>> from graph.store import open_store
>>> with open_stream(open_store("memory"), "SELECT ?n { VALUES ?n { 1 2 } }", "csv") as s:
...     s.form, b"".join(s)
('SELECT', b'n\\r\\n1\\r\\n2\\r\\n')
>>> s.written
Written(form='SELECT', count=2, truncated=False)
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Iterator, Mapping
from types import TracebackType

from graph.errors import QueryError, QueryTimeout
from graph.settings import Settings
from graph.sparql.execution import DEFAULT_TIMEOUT, Query, _prepare
from graph.sparql.guard import default_settings
from graph.sparql.serialise import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    Cancelled,
    Chunks,
    Counter,
    Message,
    Written,
    form_of,
    write_answer,
)
from graph.sparql.ticket import turn_for_run
from graph.sparql.worker import WorkerAnswer, stream_in_worker
from graph.store.protocol import Dataset, Store, Term
from graph.vocab.namespaces import PREFIXES

__all__ = ["QUEUE_CHUNKS", "AnswerStream", "open_stream"]

#: Chunks an in-process writer may have ready before it waits for the reader.
QUEUE_CHUNKS = 4


def _message(source: _ThreadAnswer, deadline: float | None, timeout: float | None) -> Message:
    """The thread's next message; its error raised, or :class:`QueryTimeout` at the deadline."""
    try:
        message = source.read(deadline)
    except TimeoutError:
        raise QueryTimeout(f"the query ran past its time limit of {timeout:g} s and was "
                           "stopped") from None  # fmt: skip
    if "error" in message:
        error = message["error"]
        assert isinstance(error, QueryError)
        raise error
    return message


class _ThreadAnswer:
    """An answer written by a thread in this process (see the module)."""

    def __init__(self, store: Store, text: str, fmt: str, substitutions: Mapping[str, Term],
                 cap: int | None, hold: int | None, dataset: Dataset | None,
                 base_iri: str | None) -> None:  # fmt: skip
        self._queue: queue.Queue[Message] = queue.Queue(maxsize=QUEUE_CHUNKS)
        self._cancelled = threading.Event()

        def post(message: Message) -> None:  # waits for room, unless told to stop
            while True:
                if self._cancelled.is_set():
                    raise Cancelled
                with contextlib.suppress(queue.Full):
                    return self._queue.put(message, timeout=0.1)

        def produce() -> None:
            try:
                raw = store.query(text, substitutions=substitutions or None, prefixes=PREFIXES,
                                  dataset=dataset, base_iri=base_iri)  # fmt: skip
                chunks = Chunks(post, form_of(raw), hold)
                written = write_answer(raw, chunks, fmt, Counter(cap, self._cancelled))
                chunks.finish(written)
            except Cancelled:
                return
            except QueryError as exc:
                post({"error": exc})
            except (RuntimeError, ValueError) as exc:  # the engine failed while it was read
                post({"error": QueryError(f"the query stopped while its answer was written: "
                                          f"{exc}")})  # fmt: skip

        threading.Thread(target=produce, name="accredigraph-answer", daemon=True).start()

    def read(self, deadline: float | None) -> Message:
        try:
            if deadline is None:
                message = self._queue.get()
            else:
                message = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            self._cancelled.set()
            raise TimeoutError from None
        if "error" in message or "end" in message:
            self._cancelled.set()
        return message

    def close(self) -> None:
        self._cancelled.set()


class AnswerStream:
    """An answer being written (:func:`open_stream`): ``form`` (``SELECT``, ``ASK``,
    ``CONSTRUCT``), ``truncated`` (known from the start when the answer was held, else
    ``None`` until the end), the chunks by :meth:`next_chunk` or iteration, ``written`` at the
    end. Close it (or use it as a context manager) whether read whole or not: that stops a
    writer still going and gives the turn back."""

    def __init__(self, source: WorkerAnswer | _ThreadAnswer, turn: contextlib.ExitStack,
                 head: Message | None, deadline: float | None,
                 timeout: float | None) -> None:  # fmt: skip
        self._source, self._turn = source, turn
        self._deadline, self._timeout = deadline, timeout
        #: When the whole answer must have been written (``time.monotonic()``), if ever.
        self.deadline = deadline
        described = source if isinstance(source, WorkerAnswer) else head
        #: The answer's bytes when it was written whole before its first bytes were handed
        #: over (a small or a held answer: the rest is ready), else ``None``.
        self.size: int | None
        if isinstance(described, WorkerAnswer):
            self.form, self.truncated = described.form, described.truncated
            self.size = described.size
        else:
            assert isinstance(described, dict)
            truncated, size = described["truncated"], described.get("size")
            self.form = str(described["form"])
            self.truncated = None if truncated is None else bool(truncated)
            self.size = size if isinstance(size, int) else None
        self.written: Written | None = None
        self._done = False

    def next_chunk(self) -> bytes | None:
        """The next bytes, ``None`` at the end; :class:`~graph.errors.QueryTimeout` past
        the deadline, :class:`~graph.errors.QueryError` when the query fails on the way."""
        if self._done:
            return None
        try:
            if isinstance(self._source, WorkerAnswer):
                chunk = self._source.next_chunk()
                if chunk is None:
                    self.written = self._source.written
            else:
                chunk = self._from_thread()
        except BaseException:
            self.close()
            raise
        if chunk is None:
            self.truncated = self.written.truncated if self.written else self.truncated
            self.close()
        return chunk

    def _from_thread(self) -> bytes | None:
        assert isinstance(self._source, _ThreadAnswer)
        message = _message(self._source, self._deadline, self._timeout)
        if "end" in message:
            written = message["end"]
            assert isinstance(written, Written)
            self.written = written
            return None
        chunk = message["chunk"]
        assert isinstance(chunk, bytes)
        return chunk

    def __iter__(self) -> Iterator[bytes]:
        while (chunk := self.next_chunk()) is not None:
            yield chunk

    def close(self) -> None:
        """Stop the writer if it is still going, and give the turn back."""
        if not self._done:
            self._done = True
            self._source.close()
            self._turn.close()

    def __enter__(self) -> AnswerStream:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:  # fmt: skip
        self.close()


def open_stream(
    store: Store,
    query: str | Query,
    fmt: str,
    *,
    bindings: Mapping[str, Term] | None = None,
    trusted: bool = False,
    row_cap: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    dataset: Dataset | None = None,
    base_iri: str | None = None,
    limits: Settings | None = None,
    hold: bool = False,
) -> AnswerStream:
    """Start writing the answer to ``query`` on ``store`` in ``fmt`` (a key of
    :data:`~graph.sparql.serialise.RESULT_FORMATS` or
    :data:`~graph.sparql.serialise.GRAPH_FORMATS`); returns once its first bytes (or its
    end) are there, so that a query the engine refuses, one past its time limit before any
    output, or a format that does not fit raises here, before anything is read.

    Checked, bound and scheduled as :func:`graph.sparql.run`; at most ``row_cap`` solutions
    or triples (``None``: every one), within ``timeout`` seconds for the whole answer.
    ``hold=True`` (with a ``row_cap``) writes the answer whole before its first byte, at
    most ``limits.max_answer_bytes`` of it (else :class:`~graph.errors.AnswerTooLarge`), so
    that ``truncated`` is known from the start (the endpoint's result-cap header).
    """
    if fmt not in RESULT_FORMATS and fmt not in GRAPH_FORMATS:
        raise QueryError(f"unknown format {fmt!r}; use one of "
                         f"{', '.join([*RESULT_FORMATS, *GRAPH_FORMATS])}")  # fmt: skip
    limits = limits or default_settings()
    text, substitutions = _prepare(store, query, bindings, trusted, limits)
    held = limits.max_answer_bytes if hold and row_cap is not None else None
    turn = contextlib.ExitStack()
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        ticket = turn.enter_context(turn_for_run())  # a turn from the scheduler, when there is one
        if ticket is not None:
            ticket.timeout = timeout
        if store.path is not None and timeout is not None:
            answer = stream_in_worker(store, text, fmt, row_cap=row_cap, timeout=timeout,
                                      hold=held, substitutions=substitutions, prefixes=PREFIXES,
                                      dataset=dataset, memory=limits.worker_memory,
                                      base_iri=base_iri)  # fmt: skip
            return AnswerStream(answer, turn, None, deadline, timeout)
        source = _ThreadAnswer(store, text, fmt, substitutions, row_cap, held, dataset, base_iri)
        head = _message(source, deadline, timeout)["head"]
        assert isinstance(head, dict)
        return AnswerStream(source, turn, head, deadline, timeout)
    except BaseException:
        turn.close()
        raise
