"""Issue 13: the entity page's sources read as written, a web address or the citation of a
named document, though the graph cites the document by its citation node (docs/model.md,
"Sources"); the entity's RDF carries the citation with the node."""

from __future__ import annotations

import pyoxigraph as ox

from graph.explore.entity import describe, entity_rdf
from graph.vocab.mint import body_iri, source_iri
from tests.ingest.test_source_iris import CITED, CITED_AB, CITED_CB


def test_the_entity_lists_the_web_address_and_the_named_document(register_store):
    store = register_store(CITED)
    for iri, (url, text) in ((body_iri("t-ab"), CITED_AB), (body_iri("t-cb"), CITED_CB)):
        entity = describe(store, iri)
        assert sorted(entity.sources) == sorted([url, text])
        # the citation node is a source, not a link to another entity of the page
        assert not [f for f in entity.facts if "/id/source/" in f.value]


def test_the_entitys_rdf_names_the_document_it_cites(register_store):
    store = register_store(CITED)
    turtle = entity_rdf(store, body_iri("t-ab"), "ttl")
    graph = list(ox.parse(turtle.encode(), ox.RdfFormat.TURTLE))
    node, url = ox.NamedNode(source_iri(CITED_AB[1])), ox.NamedNode(CITED_AB[0])
    sources = {t.object for t in graph if t.predicate.value.endswith("/terms/source")}
    assert sources == {node, url}
    citation = [t.object for t in graph if t.subject == node and "Citation" in t.predicate.value]
    assert citation == [ox.Literal(CITED_AB[1])]
