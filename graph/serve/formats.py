"""Media types of the endpoint's answers, content negotiation, the formats
:func:`graph.sparql.open_stream` writes them in, the note in an answer cut at the result cap,
and what the HTTP layer sends (:class:`Answer`, :class:`Refused`).

>>> negotiate("text/csv", offered("SELECT"))
'text/csv'
>>> offered("CONSTRUCT")[0], offered("ASK")[0]
('text/turtle', 'application/sparql-results+json')
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph import sparql

__all__ = ["ASK_TYPES", "CUT_NOTE", "GRAPH_TYPES", "RESULT_TYPES", "Aborted", "Answer", "Refused",
           "cut_head", "cut_tail", "negotiate", "offered", "writer_format"]  # fmt: skip

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


def writer_format(media_type: str) -> str:
    """The name :func:`graph.sparql.open_stream` knows the format of ``media_type`` by.

    >>> writer_format("application/sparql-results+json"), writer_format("text/plain")
    ('json', 'nt')
    """
    if media_type in RESULT_TYPES:
        names = {v: k for k, v in sparql.RESULT_FORMATS.items()}
        return names[RESULT_TYPES[media_type]]
    names = {v: k for k, v in sparql.GRAPH_FORMATS.items()}
    return names[GRAPH_TYPES[media_type]]


def cut_head(start: bytes, media_type: str) -> bytes | None:
    """``start``, the first bytes of an answer cut at the result cap, with the note that says
    so in its head where the format has one: ``head.link`` in SPARQL JSON, ``<link>`` in
    SPARQL XML (other formats: ``start`` as it is). ``None`` while ``start`` does not yet hold
    the whole head (more bytes are needed).

    >>> cut_head(b'<sparql><head><variable name="a"/></head><results>', "application/xml")
    b'<sparql><head><variable name="a"/><link href="https://w3id.org/accredigraph/service#ResultCap"/></head><results>'
    >>> cut_head(b'{"head":{"vars":["a"]},"results"', "application/json")
    b'{"head":{"vars":["a"],"link":["https://w3id.org/accredigraph/service#ResultCap"]},"results"'
    >>> cut_head(b'{"head":{"vars":["a', "application/json") is None
    True
    """
    fmt = RESULT_TYPES.get(media_type)
    if fmt == ox.QueryResultsFormat.JSON:  # pyoxigraph writes {"head":{"vars":[...]}
        opening = start.find(b'"vars":[')
        end = start.find(b"]", opening) if opening >= 0 else -1
        if end < 0:
            return None
        return start[: end + 1] + f',"link":["{CUT_NOTE}"]'.encode() + start[end + 1 :]
    if fmt == ox.QueryResultsFormat.XML:  # the links come after the variables
        end = start.find(b"</head>")
        if end < 0:
            return None
        return start[:end] + f'<link href="{CUT_NOTE}"/>'.encode() + start[end:]
    return start


def cut_tail(media_type: str, cap: int) -> bytes:
    r"""The note that ends an answer cut at ``cap`` triples where the format has room for one
    at its end: a comment in Turtle, N-Triples and RDF/XML; ``b""`` for the others (CSV,
    TSV and JSON-LD have no room; SPARQL JSON and XML say so in their head, :func:`cut_head`).

    >>> cut_tail("application/n-triples", 1)
    b"# cut at the endpoint's result cap: only the first 1 triples (Accredigraph-Truncated)\n"
    """
    words = f"cut at the endpoint's result cap: only the first {cap} triples"
    fmt = GRAPH_TYPES.get(media_type)
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
        return f"# {words} (Accredigraph-Truncated)\n".encode()
    if fmt == ox.RdfFormat.RDF_XML:
        return f"<!-- {words} (Accredigraph-Truncated) -->\n".encode()
    return b""


class Refused(Exception):
    """A request answered with an error status and a one-line plain-text reason."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


@dataclass
class Answer:
    """A response to send: status, media type, body and extra headers; or, with ``chunks``,
    a body sent as it comes (:mod:`graph.serve.streamed`), by ``deadline``
    (``time.monotonic()``), which raises :class:`Aborted` when it cannot be finished."""

    status: int
    media_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    chunks: AsyncIterator[bytes] | None = None
    deadline: float | None = None


class Aborted(Exception):
    """An answer that was started cannot be finished (its time limit, or its query failed):
    the response is broken off, so that a client never takes part of it for the whole."""
