"""``GET /.well-known/void``: the served dataset described in VoID (:mod:`graph.query.void`),
in the RDF format the ``Accept`` header prefers (Turtle by default), and what the endpoint's
linked-data routes (:mod:`graph.serve.entities`) share: negotiation, plain-text errors.

The description is computed from the store once per version of the store (a build or an
import swaps the directory in: a new inode) and kept; its queries run in a worker process
like every other (:func:`graph.sparql.run`), within :data:`VOID_TIMEOUT` seconds.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from graph.errors import AccredigraphError, QueryTimeout
from graph.query import void_document
from graph.serve.formats import GRAPH_TYPES, Refused, negotiate

if TYPE_CHECKING:
    from graph.serve.endpoint import Endpoint

__all__ = [
    "RDF_TYPES",
    "VOID_PATH",
    "VOID_TIMEOUT",
    "VoidCache",
    "guarded",
    "plain",
    "rdf_type",
    "void_route",
    "with_charset",
]

log = logging.getLogger("graph.serve.endpoint")

#: Where the VoID description is served (RFC 8615, VoID §7.2).
VOID_PATH = "/.well-known/void"
#: Seconds each of the VoID's counting queries may take (they read the whole store).
VOID_TIMEOUT = 120.0
#: RDF media types of descriptions, the default first.
RDF_TYPES = ["text/turtle", "application/ld+json", "application/n-triples",
             "application/rdf+xml"]  # fmt: skip


def plain(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A status with one line of plain text."""
    return Response((message.rstrip() + "\n").encode(), status_code=status,
                    media_type="text/plain; charset=utf-8", headers=headers)  # fmt: skip


def guarded(handler: Callable[[Request], Awaitable[Response]]) -> Callable:
    """``handler`` with every failure answered as a status and one plain-text line; details
    (paths, exceptions) go to the log, never to the client."""

    async def handle(request: Request) -> Response:
        try:
            return await handler(request)
        except Refused as refused:
            return plain(refused.status, refused.message, refused.headers)
        except QueryTimeout:
            return plain(504, "the description took longer than the time limit; try again later")
        except AccredigraphError:
            log.exception("could not answer %s %s", request.method, request.url.path)
            return plain(503, "the graph cannot be read right now; try again later")
        except Exception:
            log.exception("failed on %s %s", request.method, request.url.path)
            return plain(500, "the endpoint could not answer this request")

    return handle


def rdf_type(accept: str | None, *, extra: tuple[str, ...] = ()) -> str:
    """The media type to answer in: one of :data:`RDF_TYPES` (and ``extra``), else 406."""
    offered = [*RDF_TYPES, *extra]
    chosen = negotiate(accept, offered)
    if chosen is None:
        raise Refused(406, f"cannot answer in {accept}; use one of: {', '.join(offered)}")
    return chosen


class VoidCache:
    """The VoID document per (store version, media type), computed once, one at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[tuple[int, str], bytes] = {}

    def get(self, endpoint: Endpoint, media_type: str) -> bytes:
        key = (os.stat(endpoint.location).st_ino, media_type)
        with self._lock:
            if key not in self._kept:
                body = void_document(endpoint.store, GRAPH_TYPES[media_type],
                                     endpoint=endpoint.base_iri, timeout=VOID_TIMEOUT)  # fmt: skip
                self._kept = {k: v for k, v in self._kept.items() if k[0] == key[0]}
                self._kept[key] = body
            return self._kept[key]


def void_route(endpoint: Endpoint, cache: VoidCache) -> Callable[[Request], Awaitable[Response]]:
    """The handler of :data:`VOID_PATH` for ``endpoint``, answering from ``cache``."""

    async def answer(request: Request) -> Response:
        media_type = rdf_type(request.headers.get("accept"))
        body = await run_in_threadpool(cache.get, endpoint, media_type)
        return Response(body, media_type=with_charset(media_type), headers={"Vary": "Accept"})

    return guarded(answer)


def with_charset(media_type: str) -> str:
    """``media_type`` with ``; charset=utf-8``."""
    return f"{media_type}; charset=utf-8"


assert all(t in GRAPH_TYPES for t in RDF_TYPES)
