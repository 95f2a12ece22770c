"""``accredigraph serve``: a read-only SPARQL 1.1 Protocol endpoint over the on-disk store.

The SPARQL itself is answered by the real Oxigraph server (:mod:`graph.serve.upstream`); this module
is the small front on the public port that decides what reaches it (docs/endpoint.md):

- ``GET /query?query=…``, ``POST`` with ``application/sparql-query`` or a form field
  ``query=``; ``/sparql`` is the same endpoint. Our prefixes (``ag:``, ``agd:`` …) are
  declared for queries that do not declare them.
- **Read-only**: updates (``POST application/sparql-update``, an ``update=`` field, ``/update``,
  any text with an update keyword) are refused with 403, and so is ``SERVICE`` (federation
  is off: the endpoint never sends requests elsewhere).
- **Content negotiation** on ``Accept``: SPARQL JSON, XML, CSV and TSV for SELECT (JSON and
  XML for ASK); Turtle, N-Triples, JSON-LD and RDF/XML for CONSTRUCT and DESCRIBE.
- **Result cap**: at most ``max_results`` solutions (or triples) are returned; a cut answer
  carries the header ``Accredigraph-Truncated: true``. The front reads the upstream answer as
  TSV or N-Triples — one solution or triple per line — stops after the cap, and writes the
  kept part in the format asked for with pyoxigraph's serialisers.
- **Time limit**: a query still running at ``timeout`` seconds is stopped by killing its
  Oxigraph process, and the client gets 504 with a plain-text reason.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pyoxigraph as ox

from graph.errors import AccredigraphError, QueryError, StoreError
from graph.query.named import check_no_federation, check_read_only, query_form, with_prefixes
from graph.serve.upstream import Upstream, UpstreamPool
from graph.settings import Settings
from graph.store.remote import TRUNCATED_HEADER
from graph.vocab.namespaces import PREFIXES

__all__ = ["Endpoint", "negotiate"]

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
        self.pool = UpstreamPool(path, size=workers, timeout=self.timeout)
        try:
            self.server = _Server((host, port), _handler_for(self))
        except OSError:
            self.pool.close()
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
        """Serve until interrupted (Ctrl-C or SIGTERM), then stop the Oxigraph processes."""
        try:
            self.server.serve_forever()
        finally:
            self.close()

    def close(self) -> None:
        """Stop serving and stop the Oxigraph processes."""
        if self._thread is not None:
            self.server.shutdown()
            self._thread.join()
            self._thread = None
        self.server.server_close()
        self.pool.close()

    def __enter__(self) -> Endpoint:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- answering ---------------------------------------------------------------------------

    def answer(self, text: str, accept: str | None, dataset: list[tuple[str, str]]) -> Answer:
        """Check ``text``, run it upstream within the limits, and format the answer."""
        try:
            check_read_only(text)
            check_no_federation(text)
        except QueryError as exc:
            raise Refused(403, str(exc)) from None
        added = with_prefixes(text).count("\n") - text.count("\n")
        text = with_prefixes(text)
        form = query_form(text)
        if form in ("CONSTRUCT", "DESCRIBE"):
            offered, upstream_type = list(GRAPH_TYPES), "application/n-triples"
        elif form == "ASK":
            offered, upstream_type = list(ASK_TYPES), "application/sparql-results+json"
        else:  # SELECT, or text the upstream parser will reject with its own message
            offered, upstream_type = list(RESULT_TYPES), "text/tab-separated-values"
        media_type = negotiate(accept, offered)
        if media_type is None:
            raise Refused(406, f"cannot answer a {form or 'SPARQL'} query as {accept}; "
                               f"use one of: {', '.join(offered)}")  # fmt: skip
        started = time.monotonic()
        with self.pool.lend(self.queue_wait) as upstream:
            if upstream is None:
                raise Refused(503, f"every query worker is busy (waited {self.queue_wait:g} s); "
                              "try again", {"Retry-After": "1"})  # fmt: skip
            status, lines, truncated = self._run(upstream, text, upstream_type, dataset, started)
        if status != 200:
            message = b"".join(lines).decode("utf-8", "replace").strip()
            message = re.sub(  # line numbers of the text sent, not of the PREFIX lines added
                r"\berror at (\d+):", lambda m: f"error at {int(m[1]) - added}:", message
            )
            raise Refused(status if status in (400, 406, 415) else 502, message)
        try:
            body = _convert(form, lines, media_type)
        except (SyntaxError, ValueError) as exc:
            raise Refused(502, f"the query engine's answer could not be read: {exc}") from None
        headers = {"Accredigraph-Result-Cap": str(self.max_results)}
        if truncated:
            headers[TRUNCATED_HEADER] = "true"
        return Answer(200, media_type, body, headers)

    def _run(
        self,
        upstream: Upstream,
        text: str,
        upstream_type: str,
        dataset: list[tuple[str, str]],
        started: float,
    ) -> tuple[int, list[bytes], bool]:
        """Send ``text`` upstream; read at most the cap; kill the server at the deadline."""
        deadline = started + self.timeout

        def remaining() -> float:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            return left

        query_string = f"?{urlencode(dataset)}" if dataset else ""
        try:
            conn = upstream.connection(remaining())
            try:
                conn.request("POST", f"/query{query_string}", body=text.encode("utf-8"),
                             headers={"Content-Type": "application/sparql-query",
                                      "Accept": upstream_type})  # fmt: skip
                response = conn.getresponse()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                upstream.drop_connection()  # a keep-alive connection the server had closed
                conn = upstream.connection(remaining())
                conn.request("POST", f"/query{query_string}", body=text.encode("utf-8"),
                             headers={"Content-Type": "application/sparql-query",
                                      "Accept": upstream_type})  # fmt: skip
                response = conn.getresponse()
            if response.status != 200:
                body = response.read()
                return response.status, [body], False
            limit = self.max_results + (1 if upstream_type.startswith("text/tab") else 0)
            lines: list[bytes] = []
            truncated = False
            while True:
                if conn.sock is not None:
                    conn.sock.settimeout(remaining())
                line = response.readline()
                if not line:
                    response.read()  # marks the response done, so the connection is reused
                    break
                if len(lines) >= limit and upstream_type != "application/sparql-results+json":
                    truncated = True
                    upstream.drop_connection()  # the rest stays unread
                    break
                lines.append(line)
            remaining()
            return 200, lines, truncated
        except (TimeoutError, OSError) as exc:
            if isinstance(exc, TimeoutError) or time.monotonic() >= deadline:
                self.pool.kill(upstream)
                raise Refused(504, f"the query ran past the time limit of {self.timeout:g} s "
                                   "and was stopped") from None  # fmt: skip
            upstream.drop_connection()
            raise Refused(502, f"the query engine failed: {exc}") from None


def _convert(form: str, lines: list[bytes], media_type: str) -> bytes:
    """The upstream lines (TSV, JSON or N-Triples) in ``media_type``."""
    data = b"".join(lines)
    if form in ("CONSTRUCT", "DESCRIBE"):
        fmt = GRAPH_TYPES[media_type]
        if fmt == ox.RdfFormat.N_TRIPLES:
            return data
        triples = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in ox.parse(data, ox.RdfFormat.N_TRIPLES)]  # fmt: skip
        prefixes = PREFIXES if fmt == ox.RdfFormat.TURTLE else None
        return ox.serialize(triples, format=fmt, prefixes=prefixes) or b""
    fmt = RESULT_TYPES[media_type]
    if form == "ASK":
        parsed = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=fmt) or b""
    if fmt == ox.QueryResultsFormat.TSV:
        return data
    return ox.parse_query_results(data, ox.QueryResultsFormat.TSV).serialize(format=fmt) or b""


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
            except AccredigraphError as exc:
                self._refuse(Refused(503, str(exc)))
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

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
                length = int(self.headers.get("Content-Length") or 0)
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


def _dataset(params: dict[str, list[str]]) -> list[tuple[str, str]]:
    """The ``default-graph-uri`` and ``named-graph-uri`` parameters, passed upstream."""
    return [(name, value) for name in ("default-graph-uri", "named-graph-uri")
            for value in params.get(name, [])]  # fmt: skip
