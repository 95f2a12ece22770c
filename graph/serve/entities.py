"""Dereferenceable IRIs: ``GET`` on the path of one of our IRIs describes that resource, so
every IRI in an export can be followed (LodView-style; docs/endpoint.md).

Our IRIs are ``https://w3id.org/accredigraph/…`` (:mod:`graph.vocab.mint`); the endpoint
answers their paths: ``/id/…`` (bodies, standards, accreditations, certificates, …),
``/code/…`` (code lists), ``/def`` (the ontology and its ``def#`` terms, one document) and
``/id/dataset`` (the dataset: its VoID description, as ``/.well-known/void``). A proxy (or
w3id.org's redirect) that sends ``https://w3id.org/accredigraph/X`` to the endpoint's ``/X``
makes the IRIs resolve.

- The description is the resource's own triples and the labels of what it links to (the named
  query ``entity-rdf``, what the app's entity page downloads), at most ``max_results`` triples
  (``Accredigraph-Truncated: true`` when cut); ``/def`` is ``ontology-document``.
- ``Accept`` chooses Turtle (the default, also for ``*/*``), JSON-LD, N-Triples, RDF/XML or
  HTML (:mod:`graph.serve.page`); ``?format=ttl|jsonld|nt|rdfxml|html`` overrides it (links for
  browsers). Anything else is **406**.
- **200** with the description itself (no 303 hop): the path names the document that
  describes the resource; ``Vary: Accept`` and ``Content-Location`` say which variant came.
- **404** when the store says nothing about the IRI; only ``GET`` and ``HEAD``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from graph import sparql
from graph.query import DATASET, run_named
from graph.serve.formats import GRAPH_TYPES, Refused
from graph.serve.page import CSP, ROOT, render
from graph.serve.void import (
    VOID_PATH,
    VoidCache,
    guarded,
    plain,
    rdf_type,
    void_route,
    with_charset,
)
from graph.store import TRUNCATED_HEADER

if TYPE_CHECKING:
    from graph.serve.endpoint import Endpoint

__all__ = ["FORMAT_PARAMETER", "linked_routes"]

#: ``?format=`` values and the media types they stand for.
FORMAT_PARAMETER = {"ttl": "text/turtle", "jsonld": "application/ld+json",
                    "nt": "application/n-triples", "rdfxml": "application/rdf+xml",
                    "html": "text/html"}  # fmt: skip
_ONTOLOGY = ROOT + "def"


def linked_routes(endpoint: Endpoint) -> list[Route]:
    """The routes of the dataset's VoID and of our IRIs' paths, for :func:`build_app`."""
    cache = VoidCache()
    describe = _read_only(guarded(_describer(endpoint, cache)))
    void = _read_only(void_route(endpoint, cache))
    methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]  # 405 but GET, HEAD
    return [
        Route(VOID_PATH, void, methods=methods),
        Route("/def", describe, methods=methods),
        Route("/id/{rest:path}", describe, methods=methods),
        Route("/code/{rest:path}", describe, methods=methods),
    ]


def _read_only(handler: Callable[[Request], Awaitable[Response]]) -> Callable:
    async def handle(request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return plain(405, "a description is read with GET", {"Allow": "GET, HEAD"})
        return await handler(request)

    return handle


def _media_type(request: Request) -> str:
    asked = request.query_params.get("format")
    if asked is not None:
        if asked not in FORMAT_PARAMETER:
            raise Refused(406, f"unknown format {asked[:20]!r}; use one of: "
                          f"{', '.join(FORMAT_PARAMETER)}")  # fmt: skip
        return FORMAT_PARAMETER[asked]
    return rdf_type(request.headers.get("accept"), extra=("text/html",))


def _describer(endpoint: Endpoint, cache: VoidCache) -> Callable[[Request], Awaitable[Response]]:
    async def describe(request: Request) -> Response:
        raw = request.scope.get("raw_path") or request.url.path.encode()
        path = raw.decode("latin-1").split("?", 1)[0]
        media_type = _media_type(request)
        iri = ROOT + path[1:]
        try:
            subject = ox.NamedNode(iri)
        except ValueError:
            raise Refused(404, "no such resource") from None
        headers = {"Vary": "Accept", "Content-Location": f"{path}?format=" + next(
            k for k, v in FORMAT_PARAMETER.items() if v == media_type)}  # fmt: skip
        if iri == DATASET and media_type != "text/html":
            body = await run_in_threadpool(cache.get, endpoint, media_type)
            return Response(body, media_type=with_charset(media_type), headers=headers)
        result = await run_in_threadpool(_description, endpoint, iri)
        if not any(t.subject == subject for t in result.triples):
            if iri == DATASET:  # HTML of the dataset: its VoID
                result = sparql.Triples(_void_triples(cache, endpoint))
            else:
                raise Refused(404, f"nothing is known about {iri}")
        if result.truncated:
            headers[TRUNCATED_HEADER] = "true"
        if media_type == "text/html":
            page = render(path, subject, result.triples).encode()
            headers["Content-Security-Policy"] = CSP
            headers["X-Content-Type-Options"] = "nosniff"
            return Response(page, media_type=with_charset("text/html"), headers=headers)
        body = result.encode(GRAPH_TYPES[media_type])
        return Response(body, media_type=with_charset(media_type), headers=headers)

    return describe


def _description(endpoint: Endpoint, iri: str) -> sparql.Triples:
    """The resource's description (blocking: in a thread of the pool)."""
    # Every triple, as for any answer (bounded by the time and answer-size limits), unless the
    # operator set a result cap: a CONSTRUCT then keeps ten triples per row of it.
    cap = None if endpoint.max_results is None else max(1, endpoint.max_results // 10)
    if iri == _ONTOLOGY:
        result = run_named(endpoint.store, "ontology-document", row_cap=cap,
                           timeout=endpoint.timeout)  # fmt: skip
    else:
        result = run_named(endpoint.store, "entity-rdf", {"node": iri}, row_cap=cap,
                           timeout=endpoint.timeout)  # fmt: skip
    assert isinstance(result, sparql.Triples)
    return result


def _void_triples(cache: VoidCache, endpoint: Endpoint) -> list[ox.Triple]:
    body = cache.get(endpoint, "application/n-triples")
    return [q.triple for q in ox.parse(body, ox.RdfFormat.N_TRIPLES)]
