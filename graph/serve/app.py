"""The endpoint's HTTP layer: a Starlette (ASGI) app, served by uvicorn (docs/endpoint.md).

It reads the SPARQL 1.1 Protocol's requests — routes, methods, parameters, bodies and their
charsets, size — and leaves answering to :meth:`graph.serve.endpoint.Endpoint.answer`:

- ``GET`` with ``query=``; ``POST`` with ``application/sparql-query`` (the body is the query)
  or a form (``application/x-www-form-urlencoded``); a ``query`` given twice is 400;
  ``default-graph-uri`` / ``named-graph-uri`` from the URL or the form.
- ``application/sparql-query`` is UTF-8 (the Protocol says so): another charset is 415. A
  form's ``charset`` other than UTF-8 is decoded when Python knows it, else 415; chunked
  bodies are read like any other; past :data:`MAX_QUERY_BYTES` is 413.
- ``GET`` without a query: the Service Description (Turtle by default, and the other RDF
  formats), or the plain-text help for ``text/plain`` and browsers (``text/html``).
- Read-only: ``update=``, ``application/sparql-update`` and ``/update`` are 403; ``PUT``,
  ``DELETE``, ``PATCH`` are 405.
- CORS (Starlette's ``CORSMiddleware``) for the allowed origins, with the
  ``Accredigraph-*`` headers exposed to browser scripts.
- Every error is a status and one plain-text line; details go to this module's logger.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from graph.errors import AccredigraphError
from graph.serve.entities import linked_routes
from graph.serve.formats import Answer, Refused
from graph.serve.streamed import StreamedResponse, quiet_aborts
from graph.store import TRUNCATED_HEADER, Dataset

if TYPE_CHECKING:
    from graph.serve.endpoint import Endpoint

__all__ = ["EXPOSED_HEADERS", "MAX_QUERY_BYTES", "build_app"]

log = logging.getLogger("graph.serve.endpoint")

#: The largest request body read (a query, a form), in bytes: larger is 413.
MAX_QUERY_BYTES = 1 << 20
#: Response headers a browser script may read (CORS ``Access-Control-Expose-Headers``).
EXPOSED_HEADERS = [TRUNCATED_HEADER, "Accredigraph-Result-Cap", "Retry-After"]
ALLOW = "GET, HEAD, POST, OPTIONS"
READ_ONLY = "updates are refused: this endpoint is read-only"
_CHARSET_NAME = re.compile(r"[A-Za-z0-9._:+-]{1,40}")

Params = dict[str, list[str]]


def build_app(endpoint: Endpoint, *, cors_origins: Sequence[str] = ("*",)) -> Starlette:
    """The ASGI app of ``endpoint``; CORS for ``cors_origins`` (none: no CORS headers)."""

    async def handle(request: Request) -> Response:
        try:
            return _response(await _dispatch(endpoint, request))
        except Refused as refused:
            return _refusal(refused)
        except ClientDisconnect:
            return _refusal(Refused(400, "the request ended early", {"Connection": "close"}))
        except AccredigraphError:  # the store cannot be read: details (paths) stay here
            log.exception("the endpoint could not answer %s %s", request.method, request.url.path)
            return _refusal(Refused(503, "the graph cannot be read right now; try again later"))
        except Exception:  # a bug: the client learns that much, the log learns the rest
            log.exception("the endpoint failed on %s %s", request.method, request.url.path)
            return _refusal(Refused(500, "the endpoint could not answer this request",
                                    {"Connection": "close"}))  # fmt: skip

    quiet_aborts()  # an answer broken off on purpose is logged once, by us
    middleware = []
    if cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(cors_origins),
                                     allow_methods=["GET", "POST", "OPTIONS"],
                                     allow_headers=["Accept", "Content-Type"],
                                     expose_headers=EXPOSED_HEADERS, max_age=600))  # fmt: skip
    methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
    routes = [*linked_routes(endpoint), Route("/{path:path}", handle, methods=methods)]
    return Starlette(routes=routes, middleware=middleware)


async def _dispatch(endpoint: Endpoint, request: Request) -> Answer:
    path = request.url.path.rstrip("/") or "/"
    if path == "/update":
        raise Refused(403, READ_ONLY)
    if path not in ("/", "/query", "/sparql"):
        raise Refused(404, f"no such resource {_printable(path)}; the endpoint is /query")
    method = request.method
    if method == "OPTIONS":  # not a CORS preflight (the middleware answers those)
        return Answer(204, "", b"", {"Allow": ALLOW})
    if method not in ("GET", "HEAD", "POST"):
        raise Refused(405, "this endpoint is read-only: GET or POST a query", {"Allow": ALLOW})
    params = parse_qs(request.scope["query_string"].decode("latin-1"), keep_blank_values=True)
    accept = request.headers.get("accept")
    if "update" in params:
        raise Refused(403, READ_ONLY)
    if method != "POST":
        if "query" not in params:
            return endpoint.describe(accept)
        return await endpoint.answer(
            _one(params, "query"), accept, _dataset(params), _client(request)
        )
    media, charset = _content_type(request.headers.get("content-type", ""))
    if media == "application/sparql-update":
        raise Refused(403, READ_ONLY)
    if media not in ("application/sparql-query", "application/x-www-form-urlencoded"):
        raise Refused(415, "send the query as application/sparql-query or as a form "
                           "(application/x-www-form-urlencoded)")  # fmt: skip
    _check_charset(charset)
    if media == "application/sparql-query" and codecs.lookup(charset).name != "utf-8":
        # the media type is UTF-8 by definition (SPARQL 1.1 Protocol 2.1.3; W3C test
        # bad_query_non_utf8); a form may still say its charset
        raise Refused(415, "a query sent as application/sparql-query must be UTF-8; send it in "
                           "UTF-8 or as a form with its charset")  # fmt: skip
    body = await _body(request)
    if media == "application/sparql-query":
        if "query" in params:
            raise Refused(400, "the query is given twice: in the body and in the URL")
        text = _decode(body, charset)
    else:
        try:
            form = parse_qs(body.decode("ascii"), keep_blank_values=True, encoding=charset,
                            errors="strict")  # fmt: skip
        except UnicodeDecodeError:
            raise Refused(400, f"the form is not valid {charset} (URL-encoded)") from None
        if "update" in form:
            raise Refused(403, READ_ONLY)
        params = {name: params.get(name, []) + form.get(name, []) for name in {*params, *form}}
        if "query" not in params:
            raise Refused(400, "the form has no query field")
        text = _one(params, "query")
    return await endpoint.answer(text, accept, _dataset(params), _client(request))


def _client(request: Request) -> str:
    """Who asks, for the scheduler's per-client turns: the peer's address."""
    return request.client.host if request.client else ""


def _one(params: Params, name: str) -> str:
    """The one value of ``name``: a protocol parameter given twice is an error."""
    values = params[name]
    if len(values) > 1:
        raise Refused(400, f"the {name} parameter is given {len(values)} times; give it once")
    return values[0]


def _content_type(header: str) -> tuple[str, str]:
    """``(media type, charset)`` of a Content-Type header; the charset defaults to UTF-8."""
    media, *options = (part.strip() for part in header.split(";"))
    charset = "utf-8"
    for option in options:
        name, _, value = option.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').strip() or "utf-8"
    return media.lower(), charset


def _check_charset(charset: str) -> None:
    """415 unless Python can decode text in ``charset``."""
    try:
        if not getattr(codecs.lookup(charset), "_is_text_encoding", True):  # rot13, zlib
            raise LookupError(charset)
    except LookupError:
        named = charset if _CHARSET_NAME.fullmatch(charset) else "given"
        raise Refused(415, f"the charset {named} is unknown; send the query in UTF-8") from None


def _decode(body: bytes, charset: str) -> str:
    try:
        return body.decode(charset)
    except UnicodeDecodeError:
        raise Refused(400, f"the query is not valid {charset} text") from None


async def _body(request: Request) -> bytes:
    """The request body (chunked or not), at most :data:`MAX_QUERY_BYTES`, else 413."""
    too_large = Refused(413, f"the request is larger than {MAX_QUERY_BYTES} bytes",
                        {"Connection": "close"})  # fmt: skip
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_QUERY_BYTES:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_QUERY_BYTES:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _dataset(params: Params) -> Dataset | None:
    """The dataset the ``default-graph-uri`` and ``named-graph-uri`` parameters name, if any."""
    default = tuple(params.get("default-graph-uri", []))
    named = tuple(params.get("named-graph-uri", []))
    return Dataset(default, named) if default or named else None


def _printable(text: str) -> str:
    return "".join(c for c in text if c.isprintable())[:200]


def _response(answer: Answer) -> Response:
    headers = {"Vary": "Accept", **answer.headers}
    if answer.media_type:
        content_type = answer.media_type
        if content_type.startswith("text/") or content_type.endswith(("json", "xml")):
            content_type += "; charset=utf-8"
        headers["Content-Type"] = content_type
    if answer.chunks is not None:
        return StreamedResponse(answer.chunks, status_code=answer.status, headers=headers,
                                deadline=answer.deadline)  # fmt: skip
    return Response(answer.body, status_code=answer.status, headers=headers)


def _refusal(refused: Refused) -> Response:
    body = (refused.message.rstrip() + "\n").encode("utf-8")
    return _response(Answer(refused.status, "text/plain", body, refused.headers))
