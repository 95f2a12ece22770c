"""What the endpoint says about itself on ``GET`` without a query: a SPARQL 1.1 Service
Description (an ``sd:Service``, https://www.w3.org/TR/sparql11-service-description/) for RDF
clients, or the plain-text help for people.

>>> from graph.serve.description import describe
>>> turtle = describe("http://127.0.0.1:7878/query", timeout=20, cap=10_000)
>>> b"sd:SPARQL11Query" in turtle and b"10000" in turtle
True
"""

from __future__ import annotations

from urllib.parse import urljoin

import pyoxigraph as ox

from graph.query import DATASET, VOID
from graph.serve.formats import GRAPH_TYPES, RESULT_TYPES
from graph.serve.void import VOID_PATH

__all__ = ["DESCRIPTION_TYPES", "HELP", "SD", "SERVICE", "describe", "help_text"]

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
#: Our annotations of the service: its features and limits.
SERVICE = "https://w3id.org/accredigraph/service#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = ox.NamedNode(RDF + "type")
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: The description's media types, the default first; text/plain and text/html get the help.
DESCRIPTION_TYPES = ["text/turtle", "application/n-triples", "application/ld+json",
                     "application/rdf+xml", "text/plain", "text/html"]  # fmt: skip

#: The W3C format IRI of each media type the endpoint answers in.
FORMAT_IRIS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/ld+json": "JSON-LD",
    "application/rdf+xml": "RDF_XML",
}
assert set(FORMAT_IRIS) <= set(RESULT_TYPES) | set(GRAPH_TYPES)
assert set(DESCRIPTION_TYPES[:4]) <= set(GRAPH_TYPES)

#: Features (``sd:feature``): name, label, comment.
FEATURES = [
    ("ReadOnly", "read-only", "Updates are refused (403): SPARQL Update, update=, /update."),
    ("NoFederation", "no federation", "SERVICE is refused (403): no request leaves the machine."),
    ("ResultCap", "result cap", "At most serviceResultCap solutions or triples per answer, when "
     "the operator sets a cap (by default every one is returned); a cut answer carries the "
     "header Accredigraph-Truncated: true and, in SPARQL JSON and XML, a link to this feature."),
    ("TimeLimit", "time limit", "A query still running after serviceTimeLimit seconds is "
     "stopped (504)."),
]  # fmt: skip

HELP = """accredigraph SPARQL endpoint (read-only)

  GET  /query?query=SELECT...           SPARQL 1.1 Protocol, query via GET
  POST /query  (application/sparql-query, or a form with query=...)
  GET  /query  with Accept: text/turtle  this endpoint's SPARQL Service Description

Answers: SPARQL JSON, XML, CSV, TSV (SELECT); Turtle, N-Triples, JSON-LD, RDF/XML (CONSTRUCT,
DESCRIBE), chosen by the Accept header. Prefixes ag:, agd:, agc:, agx:, rdfs:, schema:,
dcterms:, skos:, org:, prov:, xsd:, owl:, rdf: are declared for you; relative IRIs resolve
against {base}.
Updates and SERVICE are refused. Time limit: {timeout:g} s. {cap}
"""


def help_text(base: str, *, timeout: float, cap: int | None) -> str:
    """The plain-text help, for people (``text/plain``, browsers)."""
    words = ("Every result is returned (no result cap)." if cap is None else
             f"At most {cap} results per answer;\na cut answer has the header "
             "Accredigraph-Truncated: true.")  # fmt: skip
    return HELP.format(base=base, timeout=timeout, cap=words)


def _default_dataset(service: ox.NamedNode, url: str) -> list[ox.Triple]:
    """``sd:defaultDataset``: the dataset (an ``sd:Dataset`` and a ``void:Dataset``), whose
    VoID description is at ``/.well-known/void`` (:mod:`graph.serve.void`)."""
    dataset = ox.NamedNode(DATASET)
    void = ox.NamedNode(urljoin(url, VOID_PATH))
    return [
        ox.Triple(service, ox.NamedNode(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, ox.NamedNode(SD + "Dataset")),
        ox.Triple(dataset, RDF_TYPE, ox.NamedNode(VOID + "Dataset")),
        ox.Triple(dataset, ox.NamedNode(RDFS + "seeAlso"), void),
        ox.Triple(dataset, ox.NamedNode(VOID + "sparqlEndpoint"), service),
    ]


def describe(
    url: str, *, timeout: float, cap: int | None, fmt: ox.RdfFormat = ox.RdfFormat.TURTLE
) -> bytes:
    """The Service Description of the endpoint at ``url`` in ``fmt``: an ``sd:Service`` with
    its endpoint, language, result formats, features, and its limits as annotations
    (``service:serviceTimeLimit`` in seconds, ``service:serviceResultCap`` when there is a
    cap)."""
    service = ox.NamedNode(url)

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    def ours(name: str) -> ox.NamedNode:
        return ox.NamedNode(SERVICE + name)

    label, comment = ox.NamedNode(RDFS + "label"), ox.NamedNode(RDFS + "comment")
    triples = [
        ox.Triple(service, RDF_TYPE, sd("Service")),
        ox.Triple(service, sd("endpoint"), service),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, label, ox.Literal("accredigraph SPARQL endpoint (read-only)")),
        ox.Triple(service, comment, ox.Literal(help_text(url, timeout=timeout, cap=cap))),
        ox.Triple(service, ours("serviceTimeLimit"),
                  ox.Literal(f"{timeout:g}", datatype=ox.NamedNode(XSD + "decimal"))),
    ]  # fmt: skip
    if cap is not None:
        triples.append(ox.Triple(service, ours("serviceResultCap"), ox.Literal(cap)))
    for name in FORMAT_IRIS.values():
        triples.append(ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS + name)))
    triples += [ox.Triple(service, sd("feature"), ours(name)) for name, _, _ in FEATURES]
    triples += _default_dataset(service, url)
    for name, text, words in FEATURES:
        feature = ours(name)
        triples += [ox.Triple(feature, RDF_TYPE, sd("Feature")),
                    ox.Triple(feature, label, ox.Literal(text)),
                    ox.Triple(feature, comment, ox.Literal(words))]  # fmt: skip
    for name, words in (
        ("serviceTimeLimit", "Seconds a query may run before it is stopped."),
        ("serviceResultCap", "Most solutions (or triples) in one answer."),
    ):
        prop = ours(name)
        triples += [ox.Triple(prop, RDF_TYPE, ox.NamedNode(RDF + "Property")),
                    ox.Triple(prop, comment, ox.Literal(words))]  # fmt: skip
    prefixes = {"rdf": RDF, "sd": SD, "formats": FORMATS, "service": SERVICE, "rdfs": RDFS,
                "xsd": XSD, "void": VOID}  # fmt: skip
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        return ox.serialize(triples, format=fmt, prefixes=prefixes)
    return ox.serialize(triples, format=fmt)
