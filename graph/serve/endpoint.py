"""``accredigraph serve``: a read-only SPARQL 1.1 Protocol endpoint over the on-disk store.

The HTTP layer is a Starlette app (:mod:`graph.serve.app`) served by uvicorn; every query is
run by :func:`graph.sparql.run`, like the CLI's and the app's (docs/endpoint.md):

- ``GET /query?query=…``, ``POST`` with ``application/sparql-query`` or a form field
  ``query=``; ``/sparql`` is the same endpoint. Our prefixes (``ag:``, ``agd:`` …) are
  declared for queries that do not declare them, without moving the query's own lines, and
  relative IRIs resolve against the endpoint's public URL (``base_iri``).
- **Read-only**: updates (``POST application/sparql-update``, an ``update=`` field, ``/update``,
  a text that parses as an update) are refused with 403, and so is ``SERVICE`` (federation
  is off: the endpoint never sends requests elsewhere).
- **Content negotiation** on ``Accept`` (:mod:`graph.serve.formats`): SPARQL JSON, XML, CSV
  and TSV for SELECT (JSON and XML for ASK); Turtle, N-Triples, JSON-LD and RDF/XML for
  CONSTRUCT and DESCRIBE, written by pyoxigraph's serialisers. The form comes from the parsed
  query. ``GET`` without a query gives the Service Description (:mod:`graph.serve.description`).
- **Every row, streamed**, by default: an answer holds every solution (or triple) the query
  has, written by the worker as the engine yields it and sent in chunks as they come
  (:mod:`graph.serve.streamed`), bounded only by the time limit. An operator may set
  ``max_results``: then every answer carries ``Accredigraph-Result-Cap: N``, and the answer
  is written whole before it is sent (at most ``max_answer_bytes``), so that a cut one
  carries ``Accredigraph-Truncated: true`` and a note in the results where the format has
  room (:func:`graph.serve.formats.cut_head`, :func:`~graph.serve.formats.cut_tail`).
- **Time limit**: a query runs in a worker process (:mod:`graph.sparql.worker`) that is
  killed at ``timeout`` seconds; the client gets 504 with a plain-text reason when no byte
  of the answer has gone yet, else the response is broken off (no final chunk).
- **Concurrency** (:class:`graph.sparql.Scheduler`): at most ``workers`` queries run at
  once, at most ``per_client`` of them for one client address; the others wait in a queue per
  client, served round-robin between clients. A query past ``long_after`` seconds drops to the
  lowest CPU priority, and at most ``max_long`` such long queries run at once (a further one
  is stopped), so there is always a slot for a new query. A request that cannot have a turn
  (it waited ``queue_wait`` seconds, its client has ``client_queue`` waiting, the queue holds
  ``queue_limit``, or its long query was stopped) gets 503 with ``Retry-After`` and a plain
  reason.
"""

from __future__ import annotations

import contextlib
import math
import socket
import threading
import time
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pyoxigraph as ox
import uvicorn
from starlette.concurrency import run_in_threadpool

from graph import sparql
from graph.errors import (
    QueryBusy,
    QueryError,
    QuerySyntaxError,
    QueryTimeout,
    RefusedQueryError,
    StoreError,
)
from graph.serve.app import MAX_QUERY_BYTES, build_app
from graph.serve.description import DESCRIPTION_TYPES, describe, help_text
from graph.serve.formats import (
    GRAPH_TYPES,
    Aborted,
    Answer,
    Refused,
    cut_head,
    cut_tail,
    negotiate,
    offered,
    writer_format,
)
from graph.settings import Settings
from graph.store import TRUNCATED_HEADER, Dataset, OxigraphStore

__all__ = ["MAX_QUERY_BYTES", "WHOLE_BELOW", "Endpoint", "negotiate"]

#: An answer written whole before its first bytes went, and at most this many bytes, is sent
#: with a ``Content-Length`` rather than in chunks (small answers: most of them).
WHOLE_BELOW = 256 * 1024


class Endpoint:
    """The read-only SPARQL endpoint over the on-disk store at ``location``.

    ``start()`` serves in a background thread (tests, benchmarks); ``serve_forever()`` in this
    one (the command). ``url`` is the query URL; ``base_iri`` (default: ``url``) is the
    public URL that relative IRIs in queries resolve against, and that the Service Description
    names. ``cors_origins`` may read answers from browser scripts (``()``: no CORS).
    """

    def __init__(
        self,
        location: str | Path,
        *,
        host: str = "127.0.0.1",
        port: int = 7878,
        timeout: float | None = None,
        max_results: int | None = None,
        workers: int | None = None,
        queue_wait: float | None = None,
        base_iri: str | None = None,
        cors_origins: Sequence[str] = ("*",),
        per_client: int | None = None,
        long_after: float | None = None,
        max_long: int | None = None,
        client_queue: int | None = None,
        queue_limit: int | None = None,
        settings: Settings | None = None,
    ) -> None:
        path = Path(location)
        if not (path / "CURRENT").is_file():
            raise StoreError(
                f"no store at {path}: build one first (accredigraph --store {path} build)"
            )
        if base_iri is not None:
            try:
                ox.NamedNode(base_iri)
            except ValueError:
                raise StoreError(f"the base IRI {base_iri!r} is not an absolute IRI") from None
        settings = settings or Settings()
        #: The limits a user's query runs within (docs/security.md, "Limits").
        self.settings = settings
        self.location = path
        self.timeout = float(timeout or settings.query_timeout)
        if max_results is not None and max_results < 1:
            raise StoreError(f"the result cap must be at least 1 (got {max_results})")
        #: Most solutions (or triples) per answer; ``None``: every one.
        self.max_results = max_results
        self.queue_wait = self.timeout if queue_wait is None else queue_wait
        self.workers = workers or settings.query_slots
        #: Queries stopped at the time limit since the endpoint started.
        self.stopped = 0
        self.scheduler = sparql.Scheduler(
            slots=self.workers,
            per_client=per_client or settings.client_slots,
            client_queue=client_queue or settings.client_queue,
            queue_limit=queue_limit or settings.queue_limit,
            long_after=settings.long_query_after if long_after is None else long_after,
            max_long=settings.long_query_slots if max_long is None else max_long,
        )
        self.store = OxigraphStore(path, read_only=True)
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        try:
            self._socket = socket.create_server((host, port), family=family, backlog=1024)
        except OSError:
            self.store.close()
            raise
        self.host, self.port = self._socket.getsockname()[:2]
        self.base_iri = base_iri or self.url
        config = uvicorn.Config(
            build_app(self, cors_origins=cors_origins),
            log_config=None,  # leave the process's logging alone
            access_log=False,  # one line per query would drown the terminal under load
            server_header=False,
            lifespan="off",
            ws="none",
            loop="asyncio",
            # h11, named: with httptools installed (Streamlit's performance extra) uvicorn's
            # "auto" would parse with it, which answers a GET carrying a query of 100 kB with
            # a bare 400; the limit below is h11's
            http="h11",
            backlog=1024,
            timeout_graceful_shutdown=2,
            # a GET's query is in its URL: up to the body limit, percent-encoded
            h11_max_incomplete_event_size=3 * MAX_QUERY_BYTES + 65536,
        )
        self.server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The query URL, e.g. ``http://127.0.0.1:7878/query``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/query"

    def start(self) -> Endpoint:
        """Serve in a daemon thread, ready when this returns; returns self."""
        self._thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.close()
                raise StoreError("the endpoint could not start")
            time.sleep(0.01)
        return self

    def serve_forever(self) -> None:
        """Serve until interrupted (Ctrl-C or SIGTERM), then stop."""
        try:
            self.server.run(sockets=[self._socket])
        finally:
            self.close()

    def close(self) -> None:
        """Stop serving and release the store."""
        if self._thread is not None:
            self.server.should_exit = True
            self._thread.join()
            self._thread = None
        self._socket.close()
        self.store.close()

    def __enter__(self) -> Endpoint:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- answering ---------------------------------------------------------------------------

    def describe(self, accept: str | None) -> Answer:
        """What a ``GET`` without a query answers: the Service Description in the RDF format
        ``accept`` prefers (Turtle by default), or the plain-text help for people."""
        media_type = negotiate(accept, DESCRIPTION_TYPES) or DESCRIPTION_TYPES[0]
        if media_type in ("text/plain", "text/html"):
            text = help_text(self.base_iri, timeout=self.timeout, cap=self.max_results)
            return Answer(200, "text/plain", text.encode("utf-8"))
        body = describe(self.base_iri, timeout=self.timeout, cap=self.max_results,
                        fmt=GRAPH_TYPES[media_type])  # fmt: skip
        return Answer(200, media_type, body)

    async def answer(
        self, text: str, accept: str | None, dataset: Dataset | None, client: str = ""
    ) -> Answer:
        """Negotiate the answer's type, and start writing the answer to ``text`` with
        :func:`graph.sparql.open_stream` within the limits when the scheduler gives ``client``
        a turn (in a thread of the pool). Returns once the first bytes are there, with the
        rest to be sent as they come (``Answer.chunks``); the turn is held until the answer
        has been sent or broken off."""
        form = await run_in_threadpool(sparql.query_form, text)
        choices = offered(form)
        media_type = negotiate(accept, choices)
        if media_type is None:
            raise Refused(406, f"cannot answer a {form or 'SPARQL'} query as {accept}; "
                               f"use one of: {', '.join(choices)}")  # fmt: skip
        turn = contextlib.AsyncExitStack()
        try:
            await turn.enter_async_context(self.scheduler.turn_async(client, wait=self.queue_wait))
            stream = await run_in_threadpool(self._open, text, dataset, media_type)
        except QueryBusy as busy:
            await turn.aclose()
            raise Refused(
                503, str(busy), {"Retry-After": str(math.ceil(busy.retry_after))}
            ) from None
        except BaseException:
            await turn.aclose()
            raise
        headers = {}
        cut = False
        if self.max_results is not None:
            headers["Accredigraph-Result-Cap"] = str(self.max_results)
            cut = bool(stream.truncated)  # held until written whole: known before the head
            if cut:
                headers[TRUNCATED_HEADER] = "true"
        chunks = self._relay(stream, turn, media_type, cut)
        if stream.size is not None and stream.size <= WHOLE_BELOW:  # written, and small
            body = b"".join([chunk async for chunk in chunks])  # a Content-Length, no chunks
            return Answer(200, media_type, body, headers)
        return Answer(200, media_type, b"", headers, chunks=chunks, deadline=stream.deadline)

    def _open(self, text: str, dataset: Dataset | None, media_type: str) -> sparql.AnswerStream:
        """Start the answer (blocking: in a thread of the pool); errors before its first
        bytes become their status."""
        try:
            return sparql.open_stream(self.store, text, writer_format(media_type),
                                      row_cap=self.max_results, timeout=self.timeout,
                                      dataset=dataset, base_iri=self.base_iri,
                                      limits=self.settings, hold=True)  # fmt: skip
        except QueryBusy:
            raise  # 503, in answer()
        except RefusedQueryError as exc:
            raise Refused(403, str(exc)) from None
        except QuerySyntaxError as exc:
            raise Refused(400, exc.detail) from None
        except QueryTimeout:
            self.stopped += 1
            raise Refused(504, self._past_time()) from None
        except QueryError as exc:
            raise Refused(400, str(exc)) from None

    def _past_time(self) -> str:
        return f"the query ran past the time limit of {self.timeout:g} s and was stopped"

    async def _relay(
        self, stream: sparql.AnswerStream, turn: contextlib.AsyncExitStack, media_type: str,
        cut: bool,
    ) -> AsyncIterator[bytes]:  # fmt: skip
        """The answer's chunks as they come, with the cut note where it has room; raises
        :class:`Aborted` when the answer cannot be finished; ends the turn at its end."""
        start = b""  # a cut answer's first bytes, until its head (where the note goes) is whole
        try:
            while True:
                try:
                    chunk = await run_in_threadpool(stream.next_chunk)
                except QueryTimeout:
                    self.stopped += 1
                    raise Aborted(self._past_time() + " while its answer was sent") from None
                except QueryError as exc:
                    raise Aborted(f"the query failed while its answer was sent: {exc}") from None
                if chunk is None:
                    break
                if cut and start is not None:
                    marked = cut_head(start + chunk, media_type)
                    if marked is None:
                        start += chunk
                        continue
                    chunk, start = marked, None
                yield chunk
            if cut:
                yield (start or b"") + cut_tail(media_type, self.max_results or 0)
        finally:
            stream.close()  # a writer still going is stopped
            await turn.aclose()  # the scheduler's turn goes back
