"""The endpoint's HTTP details on the ASGI stack (issue 13): CORS, duplicate parameters,
charsets, chunked bodies, the query form from the parser, the Service Description and a stable
base IRI."""

from __future__ import annotations

import http.client
import json
import socket
import urllib.parse

import pytest
import rdflib
from rdflib.namespace import RDF

from graph import sparql
from graph.cli.main import parser as build_parser
from graph.serve.app import MAX_QUERY_BYTES
from graph.serve.description import FORMAT_IRIS, SERVICE
from graph.serve.endpoint import Endpoint
from graph.serve.formats import GRAPH_TYPES, RESULT_TYPES
from graph.store import RemoteStore
from tests.servers import oxigraph_bin

pytestmark = pytest.mark.skipif(oxigraph_bin() is None, reason="oxigraph binary not installed")

CAP = 50
TIMEOUT = 10.0
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
OTHER = "http://other.example"
CERTIFICATES = "SELECT ?c WHERE { ?c a ag:Certificate }"


@pytest.fixture(scope="module")
def endpoint(cli_store):
    with Endpoint(cli_store, port=0, timeout=TIMEOUT, max_results=CAP, workers=2) as running:
        yield running


def request(endpoint, method, target="/query", *, body=None, headers=None):
    """``(status, headers, body)``; ``body`` may be an iterable of chunks (sent chunked)."""
    conn = http.client.HTTPConnection(endpoint.host, endpoint.port, timeout=30)
    try:
        chunked = body is not None and not isinstance(body, bytes)
        conn.request(method, target, body=body, headers=headers or {}, encode_chunked=chunked)
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def query_url(**params):
    return "/query?" + urllib.parse.urlencode(list(params.items()), doseq=True)


def bindings(body):
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(body)["results"]["bindings"]]


# --- CORS ------------------------------------------------------------------------------------


def test_a_cors_preflight_from_another_origin_is_allowed(endpoint):
    status, headers, _ = request(endpoint, "OPTIONS", headers={
        "Origin": OTHER, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})  # fmt: skip
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert {"GET", "POST", "OPTIONS"} <= {
        m.strip() for m in headers["Access-Control-Allow-Methods"].split(",")
    }
    assert "content-type" in headers["Access-Control-Allow-Headers"].lower()


def test_an_answer_to_another_origin_exposes_the_truncation_header(endpoint):
    status, headers, body = request(endpoint, "POST", body=CERTIFICATES.encode(), headers={
        "Origin": OTHER, "Content-Type": "application/sparql-query"})  # fmt: skip
    assert status == 200 and len(bindings(body)) == CAP
    assert headers["Access-Control-Allow-Origin"] == "*"
    exposed = {h.strip().lower() for h in headers["Access-Control-Expose-Headers"].split(",")}
    assert {"accredigraph-truncated", "accredigraph-result-cap"} <= exposed
    assert headers["Accredigraph-Truncated"] == "true"


def test_cors_origins_can_be_named_or_turned_off(cli_store):
    allowed = "http://allowed.example"
    with Endpoint(cli_store, port=0, timeout=TIMEOUT, workers=1, cors_origins=[allowed]) as named:
        ask = query_url(query="ASK {}")
        _, headers, _ = request(named, "GET", ask, headers={"Origin": allowed})
        assert headers["Access-Control-Allow-Origin"] == allowed
        _, headers, _ = request(named, "GET", ask, headers={"Origin": OTHER})
        assert "Access-Control-Allow-Origin" not in headers
    with Endpoint(cli_store, port=0, timeout=TIMEOUT, workers=1, cors_origins=()) as off:
        status, headers, _ = request(off, "GET", query_url(query="ASK {}"),
                                     headers={"Origin": OTHER})  # fmt: skip
        assert status == 200 and "Access-Control-Allow-Origin" not in headers


def test_the_serve_command_takes_cors_origins_and_a_base_iri():
    args = build_parser().parse_args(["serve"])
    assert args.cors_origins == "*" and args.base_iri is None
    args = build_parser().parse_args(
        ["serve", "--cors-origins", "http://a.example,http://b.example",
         "--base-iri", "https://sparql.example.org/query"]
    )  # fmt: skip
    assert args.cors_origins == "http://a.example,http://b.example"
    assert args.base_iri == "https://sparql.example.org/query"


# --- parameters and bodies -------------------------------------------------------------------


def test_a_query_parameter_given_twice_is_400(endpoint):
    status, _, body = request(endpoint, "GET", query_url(query=["ASK {}", "ASK {}"]))
    assert status == 400 and b"query parameter is given 2 times" in body
    form = urllib.parse.urlencode([("query", "ASK {}"), ("query", "SELECT * {}")]).encode()
    form_type = {"Content-Type": "application/x-www-form-urlencoded"}
    status, _, _ = request(endpoint, "POST", body=form, headers=form_type)
    assert status == 400
    status, _, _ = request(endpoint, "POST", query_url(query="ASK {}"), body=b"ASK {}",
                           headers={"Content-Type": "application/sparql-query"})  # fmt: skip
    assert status == 400


LATIN = 'SELECT ?x WHERE { BIND("Café Zürich" AS ?x) }'


def test_a_latin_1_form_is_decoded_as_its_charset_says(endpoint):
    # a direct POST is UTF-8 by the Protocol (W3C bad_query_non_utf8): another charset is 415
    status, _, body = request(endpoint, "POST", body=LATIN.encode("latin-1"), headers={
        "Content-Type": "application/sparql-query; charset=ISO-8859-1"})  # fmt: skip
    assert status == 415 and b"must be UTF-8" in body
    status, _, body = request(endpoint, "POST", body=LATIN.encode("utf-8"), headers={
        "Content-Type": "application/sparql-query; charset=utf8"})  # fmt: skip
    assert status == 200 and bindings(body) == [{"x": "Café Zürich"}]
    form = urllib.parse.urlencode({"query": LATIN}, encoding="latin-1").encode()
    status, _, body = request(endpoint, "POST", body=form, headers={
        "Content-Type": 'application/x-www-form-urlencoded; charset="latin-1"'})  # fmt: skip
    assert status == 200 and bindings(body) == [{"x": "Café Zürich"}]


@pytest.mark.parametrize("charset", ["x-no-such-charset", "rot13", "zlib"])
def test_an_unknown_charset_is_415(endpoint, charset):
    status, _, body = request(endpoint, "POST", body=b"ASK {}", headers={
        "Content-Type": f"application/sparql-query; charset={charset}"})  # fmt: skip
    assert status == 415 and b"charset" in body and body.endswith(b"\n")


def test_a_body_that_is_not_its_charset_is_400(endpoint):
    status, _, body = request(endpoint, "POST", body=LATIN.encode("latin-1"),
                              headers={"Content-Type": "application/sparql-query"})  # fmt: skip
    assert status == 400 and b"not valid utf-8" in body


def test_a_chunked_body_is_read_whole(endpoint):
    text = "SELECT ?x WHERE {\n" + "# padding\n" * 500 + ' BIND("chunked" AS ?x) }'
    data = text.encode()
    chunks = (data[i : i + 100] for i in range(0, len(data), 100))
    status, _, body = request(endpoint, "POST", body=chunks,
                              headers={"Content-Type": "application/sparql-query"})  # fmt: skip
    assert status == 200 and bindings(body) == [{"x": "chunked"}]


def _raw(endpoint, head: bytes, body: bytes = b"") -> bytes:
    """The raw response to a request written as it is (the server may answer before the
    body is read, and close)."""
    with socket.create_connection((endpoint.host, endpoint.port), timeout=30) as conn:
        conn.sendall(head + body)
        received = b""
        while chunk := conn.recv(65536):
            received += chunk
        return received


def test_a_body_past_the_size_limit_is_413_chunked_or_not(endpoint):
    head = (f"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            f"Content-Length: {MAX_QUERY_BYTES + 1}\r\n\r\n").encode()  # fmt: skip
    assert _raw(endpoint, head).startswith(b"HTTP/1.1 413 ")  # refused before the body comes
    head = (b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")  # fmt: skip
    chunk = b"%x\r\n%s\r\n" % (65536, b"#" * 65536)
    body = chunk * (MAX_QUERY_BYTES // 65536 + 1) + b"0\r\n\r\n"
    assert _raw(endpoint, head, body).startswith(b"HTTP/1.1 413 ")


def test_a_get_carries_a_query_as_long_as_the_guard_accepts(endpoint):
    # 99,000 characters of SPARQL, about 300 kB once percent-encoded in the URL: answered as
    # a POST of it would be (docs/endpoint.md). An HTTP parser that bounds the request line
    # lower (httptools, which uvicorn picks when it is installed) answers a bare 400.
    text = 'SELECT ?x WHERE { BIND("long" AS ?x) }\n' + "#" * 98_000 + "\n"
    text += " " * (99_000 - len(text))
    status, _, body = request(endpoint, "GET", query_url(query=text))
    assert status == 200 and bindings(body) == [{"x": "long"}]
    status, _, body = request(endpoint, "GET", query_url(query=text + " " * 1_001))
    assert status == 403 and b"at most 100,000 are accepted" in body


def test_the_form_comes_from_the_parser_not_the_first_word(endpoint):
    construct = (
        "# a comment\nCONSTRUCT { agd:body\\/iso ag:acronym ?a }\n"
        "WHERE { agd:body\\/iso ag:acronym ?a }"
    )
    status, headers, body = request(endpoint, "GET", query_url(query=construct),
                                    headers={"Accept": "text/turtle"})  # fmt: skip
    assert status == 200 and headers["Content-Type"].startswith("text/turtle") and b"ISO" in body
    ask = "PREFIX ex: <http://e/> # SELECT\nASK {}"
    assert request(endpoint, "GET", query_url(query=ask), headers={"Accept": "text/csv"})[0] == 406


def test_head_put_and_options(endpoint):
    status, headers, body = request(endpoint, "HEAD", query_url(query="ASK {}"))
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0
    status, headers, body = request(endpoint, "PUT", body=b"x")
    assert status == 405 and "POST" in headers["Allow"] and body.endswith(b"\n")
    status, headers, _ = request(endpoint, "OPTIONS")
    assert status == 204 and "GET" in headers["Allow"]


# --- the Service Description -----------------------------------------------------------------


@pytest.mark.parametrize(("accept", "fmt"), [(None, "turtle"), ("text/turtle", "turtle"),
                                             ("application/ld+json", "json-ld"),
                                             ("application/rdf+xml", "xml")])  # fmt: skip
def test_get_without_a_query_describes_the_service(endpoint, accept, fmt):
    status, _, body = request(endpoint, "GET", "/query",
                              headers={"Accept": accept} if accept else {})  # fmt: skip
    assert status == 200
    graph = rdflib.Graph().parse(data=body, format=fmt)
    service = rdflib.URIRef(endpoint.url)
    assert (service, RDF.type, SD.Service) in graph
    assert (service, SD.endpoint, service) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    formats = set(graph.objects(service, SD.resultFormat))
    offered = (set(RESULT_TYPES) | set(GRAPH_TYPES)) - {"application/json", "application/xml",
                                                        "text/plain"}  # fmt: skip
    assert offered == set(FORMAT_IRIS)  # every format offered has its W3C IRI
    assert formats == {rdflib.URIRef(f"http://www.w3.org/ns/formats/{n}")
                       for n in FORMAT_IRIS.values()}  # fmt: skip
    features = set(graph.objects(service, SD.feature))
    assert rdflib.URIRef(SERVICE + "ReadOnly") in features
    assert all((f, RDF.type, SD.Feature) in graph for f in features)
    ours = rdflib.Namespace(SERVICE)
    assert graph.value(service, ours.serviceTimeLimit).toPython() == TIMEOUT
    assert graph.value(service, ours.serviceResultCap).toPython() == CAP
    for prop in (ours.serviceTimeLimit, ours.serviceResultCap):
        assert (prop, RDF.type, RDF.Property) in graph  # documented in the description


@pytest.mark.parametrize("accept", ["text/plain", "text/html,application/xhtml+xml,*/*;q=0.8"])
def test_people_get_the_plain_text_help(endpoint, accept):
    status, headers, body = request(endpoint, "GET", "/", headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert b"read-only" in body and b"Accredigraph-Truncated" in body


# --- a stable base IRI -----------------------------------------------------------------------

RELATIVE = "SELECT (<x> AS ?i) (<#f> AS ?f) {}"


def test_relative_iris_resolve_against_the_endpoints_url_on_every_run(endpoint):
    answers = [bindings(request(endpoint, "GET", query_url(query=RELATIVE))[2]) for _ in range(3)]
    expected = {"i": urllib.parse.urljoin(endpoint.url, "x"), "f": endpoint.url + "#f"}
    assert answers == [[expected]] * 3


def test_a_configured_base_iri_is_used_and_described(cli_store):
    base = "https://sparql.example.org/query"
    with Endpoint(cli_store, port=0, timeout=TIMEOUT, workers=1, base_iri=base) as running:
        status, _, body = request(running, "GET", query_url(query=RELATIVE))
        assert status == 200
        assert bindings(body) == [{"i": "https://sparql.example.org/x", "f": base + "#f"}]
        graph = rdflib.Graph().parse(data=request(running, "GET", "/query")[2], format="turtle")
        assert (rdflib.URIRef(base), SD.endpoint, rdflib.URIRef(base)) in graph
        # a client's own base goes through a remote store as a BASE line, and wins
        remote = RemoteStore(running.url)
        result = sparql.run(remote, "SELECT (<y> AS ?i) {}", base_iri="http://client.example/")
        assert isinstance(result, sparql.Rows)
        assert str(result.rows[0][0].value) == "http://client.example/y"


def test_a_base_iri_that_is_not_an_iri_is_refused(cli_store):
    from graph.errors import StoreError

    with pytest.raises(StoreError, match="not an absolute IRI"):
        Endpoint(cli_store, port=0, base_iri="not an iri")
