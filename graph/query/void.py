"""The dataset described in VoID (https://www.w3.org/TR/void/): what it holds, counted from the
store, where its facts come from, under which licence.

:func:`void_triples` runs the named queries ``void-counts``, ``void-class-partition``,
``void-property-partition``, ``void-linksets`` (the statistics written at build time,
:mod:`graph.ingest.statistics` and :mod:`graph.ingest.void_nodes`; counted by their
``-direct`` queries on a store built without them) and ``void-sources`` and writes one
``void:Dataset`` (:data:`DATASET`):

- ``void:triples``, ``void:entities`` (subjects in our ``id/`` and ``code/`` spaces),
  ``void:distinctSubjects``, ``void:distinctObjects``, ``void:classes``, ``void:properties``;
- a ``void:classPartition`` per class (``void:class``, ``void:entities``) and a
  ``void:propertyPartition`` per property (``void:property``, ``void:triples``,
  ``void:distinctSubjects``, ``void:distinctObjects``);
- a ``void:Linkset`` (``void:subset``) per property and external site its objects point to
  (``void:linkPredicate``, ``void:objectsTarget`` a dataset with that ``void:uriSpace``);
- ``void:vocabulary`` for each namespace of the classes and properties used,
  ``void:uriSpace``, ``dcterms:license`` (:data:`LICENSE`), a ``dcterms:source`` per source IRI
  cited in the data (with its ``dcterms:bibliographicCitation`` when it names a document that
  has no web address), and ``void:sparqlEndpoint`` when an endpoint serves it.

``accredigraph void`` prints it; the endpoint serves it at ``/.well-known/void`` and names
:data:`DATASET` as its ``sd:defaultDataset``.

>>> from graph.ingest.build import build_store
>>> store, _ = build_store("memory")
>>> triples = void_triples(store)
>>> count = ox.NamedNode(VOID + "triples")
>>> [int(t.object.value) for t in triples if t.subject == ox.NamedNode(DATASET)
...  and t.predicate == count] == [len(store)]
True
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.query.named import run_named
from graph.sparql import Rows
from graph.store import Store
from graph.vocab.namespaces import AGD, DCTERMS, PREFIXES, RDF, XSD

__all__ = ["DATASET", "LICENSE", "VOID", "void_document", "void_triples"]

VOID = "http://rdfs.org/ns/void#"
FOAF = "http://xmlns.com/foaf/0.1/"
#: The dataset's IRI: one name in our id space, whoever serves it.
DATASET = AGD + "dataset"
#: The licence of the dataset: CC BY 4.0, as the ontology states (``dcterms:license`` in
#: ontology.ttl); the code is MIT (``license`` in pyproject.toml). A test keeps them in step.
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
TITLE = "accredigraph: the accreditation and certification ecosystem as a knowledge graph"
DESCRIPTION = (
    "Standards, standards bodies, accreditation bodies, certification bodies, the IAF MLA and "
    "the regional recognition arrangements with their signatories and scopes, accreditations "
    "of certification bodies, and fictional sample certificates (typed and labelled as "
    "samples). Every fact about a real organisation cites its public source (dcterms:source)."
)


def _rows(store: Store, name: str, timeout: float | None) -> list[dict]:
    result = run_named(store, name, row_cap=None, timeout=timeout)
    assert isinstance(result, Rows)
    return result.records()


def _stored_or_direct(store: Store, name: str, timeout: float | None) -> list[dict]:
    """The rows of ``name``, read from the statistics a build writes
    (:mod:`graph.ingest.statistics`, :mod:`graph.ingest.void_nodes`), or of ``name-direct``,
    which counts them, on a store built without them."""
    return _rows(store, name, timeout) or _rows(store, f"{name}-direct", timeout)


def _namespace(iri: str) -> str:
    """The namespace of a term's IRI: up to its last ``#`` or ``/``."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def void_triples(
    store: Store, *, endpoint: str | None = None, timeout: float | None = None
) -> list[ox.Triple]:
    """The VoID description of ``store`` (see the module doc); ``endpoint`` is the URL of the
    SPARQL endpoint that serves it, if any; each of its queries may take ``timeout`` seconds
    (``None``: no limit)."""
    dataset = ox.NamedNode(DATASET)

    def v(name: str) -> ox.NamedNode:
        return ox.NamedNode(VOID + name)

    def n(value: int) -> ox.Literal:
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))

    a = ox.NamedNode(RDF + "type")
    # the statistics written at build time; counted on a store built without them
    (counts,) = _stored_or_direct(store, "void-counts", timeout)
    classes = _stored_or_direct(store, "void-class-partition", timeout)
    properties = _stored_or_direct(store, "void-property-partition", timeout)
    out = [
        ox.Triple(dataset, a, v("Dataset")),
        ox.Triple(dataset, ox.NamedNode(DCTERMS + "title"), ox.Literal(TITLE, language="en")),
        ox.Triple(dataset, ox.NamedNode(DCTERMS + "description"),
                  ox.Literal(DESCRIPTION, language="en")),
        ox.Triple(dataset, ox.NamedNode(DCTERMS + "license"), ox.NamedNode(LICENSE)),
        ox.Triple(dataset, v("uriSpace"), ox.Literal(AGD)),
        ox.Triple(dataset, v("triples"), n(counts["triples"])),
        ox.Triple(dataset, v("entities"), n(counts["entities"])),
        ox.Triple(dataset, v("distinctSubjects"), n(counts["subjects"])),
        ox.Triple(dataset, v("distinctObjects"), n(counts["objects"])),
        ox.Triple(dataset, v("classes"), n(len(classes))),
        ox.Triple(dataset, v("properties"), n(len(properties))),
    ]  # fmt: skip
    if endpoint:
        out.append(ox.Triple(dataset, v("sparqlEndpoint"), ox.NamedNode(endpoint)))
    vocabularies = {_namespace(r["class"]) for r in classes if r["class"]}
    vocabularies |= {_namespace(r["property"]) for r in properties}
    out += [ox.Triple(dataset, v("vocabulary"), ox.NamedNode(ns)) for ns in sorted(vocabularies)]
    for row in classes:
        part = ox.BlankNode()
        out += [ox.Triple(dataset, v("classPartition"), part),
                ox.Triple(part, v("class"), ox.NamedNode(row["class"])),
                ox.Triple(part, v("entities"), n(row["entities"]))]  # fmt: skip
    for row in properties:
        part = ox.BlankNode()
        out += [ox.Triple(dataset, v("propertyPartition"), part),
                ox.Triple(part, v("property"), ox.NamedNode(row["property"])),
                ox.Triple(part, v("triples"), n(row["triples"])),
                ox.Triple(part, v("distinctSubjects"), n(row["subjects"])),
                ox.Triple(part, v("distinctObjects"), n(row["objects"]))]  # fmt: skip
    targets: dict[str, ox.BlankNode] = {}
    homepage = ox.NamedNode(FOAF + "homepage")
    for row in _stored_or_direct(store, "void-linksets", timeout):
        space = row["space"]
        if space not in targets:
            targets[space] = target = ox.BlankNode()
            out += [ox.Triple(target, a, v("Dataset")),
                    ox.Triple(target, v("uriSpace"), ox.Literal(space)),
                    ox.Triple(target, homepage, ox.NamedNode(space))]  # fmt: skip
        linkset = ox.BlankNode()
        out += [ox.Triple(dataset, v("subset"), linkset),
                ox.Triple(linkset, a, v("Linkset")),
                ox.Triple(linkset, v("subjectsTarget"), dataset),
                ox.Triple(linkset, v("objectsTarget"), targets[space]),
                ox.Triple(linkset, v("linkPredicate"), ox.NamedNode(row["property"])),
                ox.Triple(linkset, v("triples"), n(row["triples"]))]  # fmt: skip
    source, citation = ox.NamedNode(DCTERMS + "source"), DCTERMS + "bibliographicCitation"
    for r in _rows(store, "void-sources", timeout):
        out.append(ox.Triple(dataset, source, ox.NamedNode(r["source"])))
        if r["citation"]:  # a named document: say which (docs/model.md, "Sources")
            node = ox.NamedNode(r["source"])
            out.append(ox.Triple(node, ox.NamedNode(citation), ox.Literal(r["citation"])))
    return out


def void_document(
    store: Store,
    fmt: ox.RdfFormat = ox.RdfFormat.TURTLE,
    *,
    endpoint: str | None = None,
    timeout: float | None = None,
) -> bytes:
    """:func:`void_triples` in ``fmt`` (Turtle with our prefixes and ``void:``)."""
    triples = void_triples(store, endpoint=endpoint, timeout=timeout)
    return _serialize(triples, fmt)


def _serialize(triples: list[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    """``triples`` in ``fmt``; Turtle and RDF/XML with our prefixes, ``void:`` and ``foaf:``."""
    prefixes = {**PREFIXES, "void": VOID, "foaf": FOAF}
    keep = fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML)
    return ox.serialize(triples, format=fmt, prefixes=prefixes if keep else None) or b""
