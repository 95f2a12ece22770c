"""Media types of the endpoint's answers, content negotiation, writing an answer in the
negotiated type with pyoxigraph's serialisers, and what the HTTP layer sends (:class:`Answer`,
:class:`Refused`).

>>> negotiate("text/csv", offered("SELECT"))
'text/csv'
>>> offered("CONSTRUCT")[0], offered("ASK")[0]
('text/turtle', 'application/sparql-results+json')
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph import sparql

__all__ = ["ASK_TYPES", "CUT_NOTE", "GRAPH_TYPES", "RESULT_TYPES", "Answer", "Refused", "encode",
           "mark_cut", "negotiate", "offered"]  # fmt: skip

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
#: What a cut answer links to (SPARQL JSON ``head.link``, XML ``<link>``): the result-cap
#: feature of the Service Description.
CUT_NOTE = "https://w3id.org/accredigraph/service#ResultCap"
ASK_TYPES = ("application/sparql-results+json", "application/json",
             "application/sparql-results+xml", "application/xml")  # fmt: skip


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


def offered(form: str) -> list[str]:
    """The media types an answer to a query of ``form`` (from the parsed query) can be
    written in, the default first."""
    if form in ("CONSTRUCT", "DESCRIBE"):
        return list(GRAPH_TYPES)
    if form == "ASK":
        return list(ASK_TYPES)
    return list(RESULT_TYPES)  # SELECT, or text the parser will reject with its own message


def encode(result: sparql.Result, media_type: str) -> bytes | None:
    """``result`` in ``media_type`` by pyoxigraph's serialisers; ``None`` when the result's
    kind cannot be written in that type (the engine's answer and the parsed form disagree)."""
    if isinstance(result, sparql.Triples):
        fmt = GRAPH_TYPES.get(media_type)
        return None if fmt is None else result.encode(fmt)
    results = RESULT_TYPES.get(media_type)
    return None if results is None else result.encode(results)


def mark_cut(body: bytes, media_type: str, cap: int) -> bytes:
    r"""``body``, an answer cut at ``cap`` solutions (or triples), with a note saying so where
    the format has room for one: ``head.link`` in SPARQL JSON, ``<link>`` in SPARQL XML, a
    comment in Turtle, N-Triples and RDF/XML. CSV, TSV and JSON-LD have none: there only the
    header ``Accredigraph-Truncated`` says so (docs/endpoint.md).

    >>> mark_cut(b'<sparql><head><variable name="a"/></head></sparql>', "application/xml", 2)
    b'<sparql><head><variable name="a"/><link href="https://w3id.org/accredigraph/service#ResultCap"/></head></sparql>'
    >>> mark_cut(b"<a> <b> <c> .\n", "application/n-triples", 1).decode().splitlines()[-1]
    "# cut at the endpoint's result cap: only the first 1 triples (Accredigraph-Truncated)"
    """
    words = f"cut at the endpoint's result cap: only the first {cap}"
    if RESULT_TYPES.get(media_type) == ox.QueryResultsFormat.JSON:
        answer = json.loads(body)
        answer["head"]["link"] = [*answer["head"].get("link", []), CUT_NOTE]
        return json.dumps(answer, ensure_ascii=False, indent=1).encode("utf-8")
    if RESULT_TYPES.get(media_type) == ox.QueryResultsFormat.XML:
        return body.replace(b"</head>", f'<link href="{CUT_NOTE}"/></head>'.encode(), 1)
    fmt = GRAPH_TYPES.get(media_type)
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
        return body + f"# {words} triples (Accredigraph-Truncated)\n".encode()
    if fmt == ox.RdfFormat.RDF_XML:
        return body + f"<!-- {words} triples (Accredigraph-Truncated) -->\n".encode()
    return body


class Refused(Exception):
    """A request answered with an error status and a one-line plain-text reason."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


@dataclass
class Answer:
    """A response to send: status, media type, body and extra headers."""

    status: int
    media_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
