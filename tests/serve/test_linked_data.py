"""The endpoint as linked data (issue 13): the VoID description at ``/.well-known/void``, named
by the Service Description, and every IRI of ours dereferenceable by content negotiation."""

from __future__ import annotations

import copy
import http.client
import re
from pathlib import Path
from urllib.parse import urljoin

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF

from graph import sparql
from graph.cli.main import main
from graph.ingest.build import build_store
from graph.query import DATASET, LICENSE, run_named
from graph.serve.endpoint import Endpoint
from graph.store import open_store
from graph.vocab.mint import certificate_iri, organisation_iri
from tests.conftest import BASE_REGISTER, write_register
from tests.servers import oxigraph_bin

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(oxigraph_bin() is None, reason="oxigraph binary not installed"),
]

VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
AG = "https://w3id.org/accredigraph/def#"
ROOT = "https://w3id.org/accredigraph/"
HOSTILE = '<script>alert("x")</script> & Co'
ODD_ID = "X 1/2"  # a certificate id that must be percent-encoded in its IRI


@pytest.fixture(scope="module")
def location(tmp_path_factory):
    """The bundled data and a register with a hostile name and an id with a space and a slash."""
    tables = copy.deepcopy(BASE_REGISTER)
    tables["certificates.csv"].append({**tables["certificates.csv"][0], "id": ODD_ID,
                                       "organisation": HOSTILE})  # fmt: skip
    folder = write_register(tmp_path_factory.mktemp("register") / "reg", tables)
    where = tmp_path_factory.mktemp("linked") / "store"
    build_store(where, extra=[folder])
    return str(where)


@pytest.fixture(scope="module")
def endpoint(location):
    with Endpoint(location, port=0, timeout=20, max_results=5000, workers=2) as running:
        yield running


def get(endpoint, target, accept=None, method="GET"):
    """``(status, headers, body)`` of a request to ``target`` (a path)."""
    conn = http.client.HTTPConnection(endpoint.host, endpoint.port, timeout=60)
    try:
        conn.request(method, target, headers={"Accept": accept} if accept else {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def path_of(iri: str) -> str:
    assert iri.startswith(ROOT), iri
    return "/" + iri[len(ROOT) :].split("#")[0]


def graph_of(body: bytes, fmt: str = "turtle") -> rdflib.Graph:
    return rdflib.Graph().parse(data=body.decode(), format=fmt)


# --- VoID --------------------------------------------------------------------------------------


def test_the_void_counts_what_the_store_holds(endpoint, location):
    status, headers, body = get(endpoint, "/.well-known/void")
    assert status == 200 and headers.get_content_type() == "text/turtle"
    void = graph_of(body)
    dataset = rdflib.URIRef(DATASET)
    store = open_store(location)
    assert (dataset, RDF.type, VOID.Dataset) in void
    assert int(void.value(dataset, VOID.triples)) == len(store)
    assert str(void.value(dataset, DCTERMS.license)) == LICENSE
    # ... the licence the ontology itself states for the vocabulary and its data
    ontology = rdflib.Graph().parse(Path(__file__).resolve().parents[2] / "ontology.ttl")
    assert rdflib.URIRef(LICENSE) in set(ontology.objects(None, DCTERMS.license))
    assert str(void.value(dataset, VOID.sparqlEndpoint)) == endpoint.url
    classes = {str(void.value(p, VOID["class"])): int(void.value(p, VOID.entities))
               for p in void.objects(dataset, VOID.classPartition)}  # fmt: skip
    counts = {r["class"]: r["count"] for r in run_named(store, "class-counts").records()}
    assert classes[AG + "Certificate"] == counts[AG + "Certificate"] > 0
    assert {c: classes[c] for c in counts} == counts  # every class of ours, the same counts
    properties = {str(void.value(p, VOID.property)): int(void.value(p, VOID.triples))
                  for p in void.objects(dataset, VOID.propertyPartition)}  # fmt: skip
    assert sum(properties.values()) == len(store)
    sources = {str(s) for s in void.objects(dataset, DCTERMS.source)}
    cited = sparql.run(store, "SELECT DISTINCT ?s WHERE { ?x dcterms:source ?s FILTER isIRI(?s) }",
                       row_cap=None, timeout=None)  # fmt: skip
    assert sources == {r["s"] for r in cited.records()} and len(sources) > 100
    linksets = [ls for ls in void.subjects(RDF.type, VOID.Linkset)
                if void.value(ls, VOID.linkPredicate) == DCTERMS.source]  # fmt: skip
    assert linksets and all(void.value(ls, VOID.subjectsTarget) == dataset for ls in linksets)
    assert sum(int(void.value(ls, VOID.triples)) for ls in linksets) == int(
        sparql.run(store, "SELECT (COUNT(*) AS ?n) { ?x dcterms:source ?s FILTER(isIRI(?s) && "
                   "STRSTARTS(STR(?s), 'http') && "  # citation nodes are ours, not links out
                   "!STRSTARTS(STR(?s), 'https://w3id.org/accredigraph/')) }"
                   ).records()[0]["n"])  # fmt: skip


def test_the_service_description_names_the_dataset_and_its_void(endpoint):
    _, _, body = get(endpoint, "/query", "text/turtle")
    description = graph_of(body)
    service = rdflib.URIRef(endpoint.url)
    dataset = description.value(service, SD.defaultDataset)
    assert str(dataset) == DATASET
    assert (dataset, RDF.type, VOID.Dataset) in description
    void_url = str(description.value(dataset, rdflib.RDFS.seeAlso))
    assert void_url.endswith("/.well-known/void")
    status, _, _ = get(endpoint, void_url.split(str(endpoint.port), 1)[1])
    assert status == 200


def test_the_cli_prints_the_same_void(endpoint, location, capsys):
    assert main(["--store", location, "void", "--endpoint", endpoint.url]) == 0
    printed = graph_of(capsys.readouterr().out.encode())
    _, _, body = get(endpoint, "/.well-known/void", "application/n-triples")
    assert isomorphic(printed, graph_of(body, "nt"))


@pytest.mark.parametrize(("accept", "fmt"), [("application/ld+json", "json-ld"),
                                             ("application/rdf+xml", "xml")])  # fmt: skip
def test_the_void_in_other_formats(endpoint, accept, fmt):
    status, headers, body = get(endpoint, "/.well-known/void", accept)
    assert status == 200 and headers.get_content_type() == accept
    assert (rdflib.URIRef(DATASET), RDF.type, VOID.Dataset) in graph_of(body, fmt)


# --- dereferenceable IRIs ------------------------------------------------------------------------


def test_every_iri_in_an_entity_export_can_be_followed(endpoint, location, capsys):
    sample = sparql.run(open_store(location), "SELECT ?c WHERE { ?c a ag:Certificate ; "
                        "a ag:SampleRecord } ORDER BY ?c LIMIT 1").records()[0]["c"]  # fmt: skip
    assert main(["--store", location, "query", "entity-rdf", "--param", f"node={sample}",
                 "--format", "ttl"]) == 0  # fmt: skip
    export = ox.parse(capsys.readouterr().out.encode(), ox.RdfFormat.TURTLE)
    subjects, ours = set(), set()
    for quad in export:
        if isinstance(quad.subject, ox.NamedNode):
            subjects.add(quad.subject.value)
        if isinstance(quad.object, ox.NamedNode) and quad.object.value.startswith(ROOT):
            ours.add(quad.object.value)
    assert len(subjects) > 3 and sample in subjects
    for iri in sorted(subjects | ours):
        status, _, body = get(endpoint, path_of(iri))
        assert status == 200, (iri, body)
        described = {q.subject.value for q in ox.parse(body, ox.RdfFormat.TURTLE)}
        assert iri in described or iri.split("#")[0] in described, iri


def test_content_negotiation_gives_the_same_triples(endpoint):
    _, _, turtle = get(endpoint, "/id/body/ukas", "text/turtle")
    status, headers, jsonld = get(endpoint, "/id/body/ukas", "application/ld+json")
    assert status == 200 and headers.get_content_type() == "application/ld+json"
    assert "Accept" in headers["Vary"]
    assert isomorphic(graph_of(turtle), graph_of(jsonld, "json-ld"))
    _, _, by_parameter = get(endpoint, "/id/body/ukas?format=nt", "text/html")
    assert isomorphic(graph_of(turtle), graph_of(by_parameter, "nt"))
    status, headers, _ = get(endpoint, "/id/body/ukas", "*/*")
    assert status == 200 and headers.get_content_type() == "text/turtle"


def test_a_browser_gets_an_html_page_linking_other_entities(endpoint):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    status, headers, body = get(endpoint, "/id/body/ukas", browser)
    assert status == 200 and headers.get_content_type() == "text/html"
    assert "script-src" not in headers["Content-Security-Policy"]  # default-src 'none'
    page = body.decode()
    assert "United Kingdom Accreditation Service" in page
    links = re.findall(r'href="([^"]+)"', page)
    local = [link for link in links if not link.startswith(("http:", "https:"))]
    assert any(link.startswith("../") for link in local)  # relative links to other entities
    for link in local[:15]:  # the links resolve against the page's own path
        resolved = _resolve("/id/body/ukas", link)
        assert get(endpoint, resolved, "text/html")[0] == 200, link


def _resolve(base: str, link: str) -> str:
    return urljoin(f"http://host{base}", link).removeprefix("http://host").split("#")[0]


def test_data_cannot_inject_a_script_into_the_page(endpoint):
    status, _, body = get(endpoint, path_of(organisation_iri(HOSTILE, "GB")), "text/html")
    assert status == 200
    page = body.decode()
    assert "<script" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in page


def test_a_percent_encoded_iri_is_found(endpoint):
    iri = certificate_iri(ODD_ID)
    assert "%20" in iri and "%2F" in iri
    status, _, body = get(endpoint, path_of(iri))
    assert status == 200
    assert iri in {q.subject.value for q in ox.parse(body, ox.RdfFormat.TURTLE)}


def test_unknown_iris_and_unsupported_types_are_refused(endpoint):
    assert get(endpoint, "/id/body/nowhere")[0] == 404
    assert get(endpoint, "/code/no-such-list/x", "text/html")[0] == 404
    status, _, body = get(endpoint, "/id/body/ukas", "image/png")
    assert status == 406 and b"text/turtle" in body
    assert get(endpoint, "/id/body/ukas?format=pdf")[0] == 406
    assert get(endpoint, "/id/body/ukas", method="POST")[0] == 405
    status, _, body = get(endpoint, "/id/body/ukas", method="HEAD")
    assert status == 200 and body == b""


def test_the_ontology_and_the_dataset_dereference(endpoint):
    status, _, body = get(endpoint, "/def")
    ontology = graph_of(body)
    assert status == 200
    assert (rdflib.URIRef(AG + "Certificate"), RDF.type, rdflib.OWL.Class) in ontology
    status, _, body = get(endpoint, "/id/dataset")
    assert status == 200 and (rdflib.URIRef(DATASET), RDF.type, VOID.Dataset) in graph_of(body)
    status, _, body = get(endpoint, "/id/dataset", "text/html")
    assert status == 200 and b"void#triples" in body


def test_the_query_routes_are_unchanged(endpoint):
    status, _, body = get(endpoint, "/query?query=ASK%7B%7D")
    assert status == 200 and b"boolean" in body
    assert get(endpoint, "/elsewhere")[0] == 404
