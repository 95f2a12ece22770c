"""``accredigraph serve``: a read-only SPARQL 1.1 Protocol endpoint over the on-disk store.

Every query is run by :func:`graph.sparql.run`, like the CLI's and the app's (docs/endpoint.md):

- ``GET /query?query=…``, ``POST`` with ``application/sparql-query`` or a form field
  ``query=``; ``/sparql`` is the same endpoint. Our prefixes (``ag:``, ``agd:`` …) are
  declared for queries that do not declare them, without moving the query's own lines.
- **Read-only**: updates (``POST application/sparql-update``, an ``update=`` field, ``/update``,
  any text with an update keyword) are refused with 403, and so is ``SERVICE`` (federation
  is off: the endpoint never sends requests elsewhere).
- **Content negotiation** on ``Accept``: SPARQL JSON, XML, CSV and TSV for SELECT (JSON and
  XML for ASK); Turtle, N-Triples, JSON-LD and RDF/XML for CONSTRUCT and DESCRIBE, written by
  pyoxigraph's serialisers.
- **Result cap**: at most ``max_results`` solutions (or triples) are returned; a cut answer
  carries the header ``Accredigraph-Truncated: true``.
- **Time limit**: a query runs in a worker process (:mod:`graph.sparql.worker`) that is
  killed at ``timeout`` seconds; the client gets 504 with a plain-text reason.
- **Concurrency**: at most ``workers`` queries run at once; a request that waits longer than
  ``queue_wait`` for a turn gets 503 with ``Retry-After``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from graph import sparql
from graph.errors import (
    AccredigraphError,
    QueryError,
    QuerySyntaxError,
    QueryTimeout,
    RefusedQueryError,
    StoreError,
)
from graph.settings import Settings
from graph.store import TRUNCATED_HEADER, Dataset, OxigraphStore

__all__ = ["Endpoint", "negotiate"]

log = logging.getLogger(__name__)

#: Result formats of SELECT (and ASK: JSON and XML only), by media type.
RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: RDF formats of CONSTRUCT and DESCRIBE, by media type.
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
ASK_TYPES = ("application/sparql-results+json", "application/json",
             "application/sparql-results+xml", "application/xml")  # fmt: skip
MAX_QUERY_BYTES = 1 << 20


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The media type of ``offered`` that ``accept`` prefers (the first offered on ties).

    >>> negotiate("text/csv;q=0.5, application/json", ["application/sparql-results+json",
    ...           "application/json", "text/csv"])
    'application/json'
    >>> negotiate(None, ["text/turtle"]), negotiate("image/png", ["text/turtle"])
    ('text/turtle', None)
    """
    if not accept or not accept.strip():
        return offered[0]
    ranges: list[tuple[str, float]] = []
    for part in accept.split(","):
        media, *options = (p.strip() for p in part.split(";"))
        quality = 1.0
        for option in options:
            name, _, value = option.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media:
            ranges.append((media.lower(), quality))
    best: tuple[float, str] | None = None
    for media_type in offered:
        kind = media_type.split("/")[0]
        # the most specific range that matches this type gives its quality
        matches = [(2 if m == media_type else 1 if m == f"{kind}/*" else 0, q)
                   for m, q in ranges if m in (media_type, f"{kind}/*", "*/*")]  # fmt: skip
        if not matches:
            continue
        quality = max(matches)[1]
        if quality > 0 and (best is None or quality > best[0]):
            best = (quality, media_type)
    return best[1] if best else None


class _Server(ThreadingHTTPServer):
    #: Connections waiting to be accepted (the default, 5, resets clients under load).
    request_queue_size = 1024
    daemon_threads = True


class Refused(Exception):
    """A request answered with an error status and a plain-text reason."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


@dataclass
class Answer:
    """A response to send: status, media type, body and extra headers."""

    status: int
    media_type: str
    body: bytes
    headers: dict[str, str]


class Endpoint:
    """The read-only SPARQL endpoint over the on-disk store at ``location``.

    ``start()`` serves in a background thread (tests, benchmarks); ``serve_forever()`` in this
    one (the command). ``url`` is the query URL.
    """

    def __init__(
        self,
        location: str | Path,
        *,
        host: str = "127.0.0.1",
        port: int = 7878,
        timeout: float | None = None,
        max_results: int = 10_000,
        workers: int = 4,
        queue_wait: float | None = None,
    ) -> None:
        path = Path(location)
        if not (path / "CURRENT").is_file():
            raise StoreError(
                f"no store at {path}: build one first (accredigraph --store {path} build)"
            )
        settings = Settings()
        self.location = path
        self.timeout = float(timeout or settings.query_timeout)
        self.max_results = max_results
        self.queue_wait = self.timeout if queue_wait is None else queue_wait
        self.workers = workers
        #: Queries stopped at the time limit since the endpoint started.
        self.stopped = 0
        self._turns = threading.BoundedSemaphore(workers)
        self.store = OxigraphStore(path, read_only=True)
        try:
            self.server = _Server((host, port), _handler_for(self))
        except OSError:
            self.store.close()
            raise
        self.host, self.port = self.server.server_address[:2]
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The query URL, e.g. ``http://127.0.0.1:7878/query``."""
        return f"http://{self.host}:{self.port}/query"

    def start(self) -> Endpoint:
        """Serve in a daemon thread; returns self."""
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve until interrupted (Ctrl-C or SIGTERM), then stop."""
        try:
            self.server.serve_forever()
        finally:
            self.close()

    def close(self) -> None:
        """Stop serving and release the store."""
        if self._thread is not None:
            self.server.shutdown()
            self._thread.join()
            self._thread = None
        self.server.server_close()
        self.store.close()

    def __enter__(self) -> Endpoint:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- answering ---------------------------------------------------------------------------

    def answer(self, text: str, accept: str | None, dataset: Dataset | None) -> Answer:
        """Negotiate the answer's type, run ``text`` with :func:`graph.sparql.run` within the
        limits, and write the answer."""
        form = sparql.query_form(text)
        offered = _offered(form)
        media_type = negotiate(accept, offered)
        if media_type is None:
            raise Refused(406, f"cannot answer a {form or 'SPARQL'} query as {accept}; "
                               f"use one of: {', '.join(offered)}")  # fmt: skip
        if not self._turns.acquire(timeout=self.queue_wait):
            raise Refused(503, f"every query worker is busy (waited {self.queue_wait:g} s); "
                          "try again", {"Retry-After": "1"})  # fmt: skip
        try:
            result = sparql.run(self.store, text, row_cap=self.max_results, timeout=self.timeout,
                                dataset=dataset, triple_cap=self.max_results)  # fmt: skip
        except RefusedQueryError as exc:
            raise Refused(403, str(exc)) from None
        except QuerySyntaxError as exc:
            raise Refused(400, exc.detail) from None
        except QueryTimeout:
            self.stopped += 1
            raise Refused(504, f"the query ran past the time limit of {self.timeout:g} s "
                               "and was stopped") from None  # fmt: skip
        except QueryError as exc:
            raise Refused(400, str(exc)) from None
        finally:
            self._turns.release()
        body = _encode(result, media_type)
        headers = {"Accredigraph-Result-Cap": str(self.max_results)}
        if isinstance(result, (sparql.Rows, sparql.Triples)) and result.truncated:
            headers[TRUNCATED_HEADER] = "true"
        return Answer(200, media_type, body, headers)


def _offered(form: str) -> list[str]:
    """The media types an answer to a query of ``form`` can be written in."""
    if form in ("CONSTRUCT", "DESCRIBE"):
        return list(GRAPH_TYPES)
    if form == "ASK":
        return list(ASK_TYPES)
    return list(RESULT_TYPES)  # SELECT, or text the parser will reject with its own message


def _encode(result: sparql.Result, media_type: str) -> bytes:
    """``result`` in ``media_type``, by pyoxigraph's serialisers."""
    if isinstance(result, sparql.Triples):
        return result.encode(GRAPH_TYPES[media_type])
    fmt = RESULT_TYPES.get(media_type)
    if fmt is None:  # the text's form and the engine's answer disagree (a regex misread it)
        raise Refused(500, "the answer could not be written in the type negotiated")
    return result.encode(fmt)


HELP = """accredigraph SPARQL endpoint (read-only)

  GET  /query?query=SELECT...           SPARQL 1.1 Protocol, query via GET
  POST /query  (application/sparql-query, or a form with query=...)

Answers: SPARQL JSON, XML, CSV, TSV (SELECT); Turtle, N-Triples, JSON-LD, RDF/XML (CONSTRUCT,
DESCRIBE), chosen by the Accept header. Prefixes ag:, agd:, agc:, agx:, rdfs:, schema:,
dcterms:, skos:, org:, prov:, xsd:, owl:, rdf: are declared for you.
Updates and SERVICE are refused. Time limit: {timeout:g} s. At most {cap} results per answer;
a cut answer has the header Accredigraph-Truncated: true.
"""


def _handler_for(endpoint: Endpoint) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "accredigraph"

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: one line per query would drown the terminal under load

        def _send(self, answer: Answer) -> None:
            self.send_response(answer.status)
            content_type = answer.media_type
            if content_type.startswith("text/") or content_type.endswith(("json", "xml")):
                content_type += "; charset=utf-8"
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            self.send_header("Vary", "Accept")
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(answer.body)

        def _refuse(self, refused: Refused) -> None:
            body = (refused.message.rstrip() + "\n").encode("utf-8")
            self._send(Answer(refused.status, "text/plain", body, refused.headers))

        def _handle(self, work: Callable[[], Answer]) -> None:
            try:
                self._send(work())
            except Refused as refused:
                self._refuse(refused)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
            except AccredigraphError:  # the store cannot be read: details (paths) stay here
                log.exception("the endpoint could not answer %s %s", self.command, self.path)
                self._refuse(Refused(503, "the graph cannot be read right now; try again later"))
            except Exception:  # a bug: the client learns that much, the log learns the rest
                log.exception("the endpoint failed on %s %s", self.command, self.path)
                self.close_connection = True
                self._refuse(Refused(500, "the endpoint could not answer this request"))

        def _route(self) -> str | None:
            path = urlsplit(self.path).path.rstrip("/") or "/"
            if path == "/update":
                raise Refused(403, "updates are refused: this endpoint is read-only")
            if path not in ("/", "/query", "/sparql"):
                raise Refused(404, f"no such resource {path}; the endpoint is /query")
            return path

        def do_GET(self) -> None:
            def work() -> Answer:
                self._route()
                params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
                if "update" in params:
                    raise Refused(403, "updates are refused: this endpoint is read-only")
                if "query" not in params:
                    text = HELP.format(timeout=endpoint.timeout, cap=endpoint.max_results)
                    return Answer(200, "text/plain", text.encode("utf-8"), {})
                return endpoint.answer(params["query"][0], self.headers.get("Accept"),
                                       _dataset(params))  # fmt: skip

            self._handle(work)

        do_HEAD = do_GET

        def do_POST(self) -> None:
            def work() -> Answer:
                self._route()
                try:
                    length = int(self.headers.get("Content-Length") or 0)
                except ValueError:
                    self.close_connection = True
                    raise Refused(400, "Content-Length is not a number") from None
                if length > MAX_QUERY_BYTES:
                    self.close_connection = True
                    raise Refused(413, f"the request is larger than {MAX_QUERY_BYTES} bytes")
                body = self.rfile.read(length) if length else b""
                media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
                params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
                if media == "application/sparql-update" or "update" in params:
                    raise Refused(403, "updates are refused: this endpoint is read-only")
                if media == "application/sparql-query":
                    text = body.decode("utf-8", "replace")
                elif media == "application/x-www-form-urlencoded":
                    form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
                    if "update" in form:
                        raise Refused(403, "updates are refused: this endpoint is read-only")
                    if "query" not in form:
                        raise Refused(400, "the form has no query field")
                    text = form["query"][0]
                    params = {**params, **form}
                else:
                    raise Refused(415, "send the query as application/sparql-query or as a "
                                       "form (application/x-www-form-urlencoded)")  # fmt: skip
                return endpoint.answer(text, self.headers.get("Accept"), _dataset(params))

            self._handle(work)

        def _not_allowed(self) -> None:
            def work() -> Answer:
                raise Refused(405, "this endpoint is read-only: GET or POST a query",
                              {"Allow": "GET, HEAD, POST"})  # fmt: skip

            self._handle(work)

        do_PUT = do_DELETE = do_PATCH = _not_allowed

    return Handler


def _dataset(params: dict[str, list[str]]) -> Dataset | None:
    """The dataset the ``default-graph-uri`` and ``named-graph-uri`` parameters name, if any."""
    default = tuple(params.get("default-graph-uri", []))
    named = tuple(params.get("named-graph-uri", []))
    return Dataset(default, named) if default or named else None
