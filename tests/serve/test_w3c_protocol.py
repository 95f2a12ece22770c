"""The W3C SPARQL 1.1 Protocol tests, run against ``accredigraph serve``: 27 of 27 applicable.

Source: the W3C test manifest ``sparql/sparql11/protocol/manifest.ttl`` in
https://github.com/w3c/rdf-tests (base ``http://www.w3.org/2009/sparql/docs/tests/data-sparql11/
protocol/manifest#``; 34 entries). Each test below is named after its W3C case and sends the
manifest's request — method, path (``/sparql/`` and its parameters), headers, body — and checks
the manifest's expected status class and result (boolean, tabular or RDF, parsed).

Applicable: the 20 query tests (``query_*`` and ``bad_query_*``/``bad_multiple_queries``) and
the 7 ``bad_update_*``/``bad_multiple_updates`` tests, which expect a 4xx answer to an update
request (this endpoint refuses every update with 403; the W3C cases check that a malformed
update is refused, which it is). Not applicable: the 7 tests that expect an update to succeed
(``update_dataset_default_graph``, ``update_dataset_default_graphs``,
``update_dataset_named_graphs``, ``update_dataset_full``, ``update_post_form``,
``update_post_direct``, ``update_base_uri``): the endpoint is read-only by design
(docs/endpoint.md), so they cannot pass and do not apply.

The data: the manifest's ``ut:graphData`` names graphs ``http://kasei.us/2009/09/sparql/data/
data1.rdf`` … ``data3.rdf`` loaded from ``data1.nt`` … ``data3.nt``; those files each hold one
``foaf:Document`` typing triple of the graph's own IRI (w3c/rdf-tests
``sparql12-protocol-test.md``), and so does the store here.

One case is run as its evident intent rather than verbatim: ``query_multiple_dataset`` sends
``named-graph-uri=…data1.rdf%26named-graph-uri%3D…data2.rdf`` — one parameter whose value has an
encoded ``&`` — yet expects both graphs as named graphs. Decoded as the Protocol says, that is a
single (absent) named graph and the answer is ``false``. The test sends the two parameters it
means and checks that the protocol's dataset overrides the query's ``FROM``; the verbatim request
is checked to be answered (2xx, a boolean), not refused.
"""

from __future__ import annotations

import http.client
from urllib.parse import quote

import pyoxigraph as ox
import pytest

from graph.serve.endpoint import Endpoint
from graph.serve.formats import GRAPH_TYPES, RESULT_TYPES

DATA = "http://kasei.us/2009/09/sparql/data/"
FOAF_DOCUMENT = ox.NamedNode("http://xmlns.com/foaf/0.1/Document")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

#: The manifest's 34 entries, in its order, split by whether they apply to a read-only endpoint.
APPLICABLE = [
    "query_post_form", "query_dataset_default_graphs_get", "query_dataset_default_graphs_post",
    "query_dataset_named_graphs_post", "query_dataset_named_graphs_get", "query_dataset_full",
    "query_multiple_dataset", "query_get", "query_content_type_select",
    "query_content_type_ask", "query_content_type_describe", "query_content_type_construct",
    "query_post_direct", "bad_query_method", "bad_multiple_queries",
    "bad_query_wrong_media_type", "bad_query_missing_form_type",
    "bad_query_missing_direct_type", "bad_query_non_utf8", "bad_query_syntax",
    "bad_update_get", "bad_multiple_updates", "bad_update_wrong_media_type",
    "bad_update_missing_form_type", "bad_update_non_utf8", "bad_update_syntax",
    "bad_update_dataset_conflict",
]  # fmt: skip
NOT_APPLICABLE = [
    "update_dataset_default_graph", "update_dataset_default_graphs",
    "update_dataset_named_graphs", "update_dataset_full", "update_post_form",
    "update_post_direct", "update_base_uri",
]  # fmt: skip


def _enc(iri: str) -> str:
    return quote(iri, safe="")


D0, D1, D2, D3 = (_enc(f"{DATA}data{n}.rdf") for n in range(4))


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    location = tmp_path_factory.mktemp("w3c") / "store"
    store = ox.Store(str(location))
    for n in (1, 2, 3):
        graph = ox.NamedNode(f"{DATA}data{n}.rdf")
        store.add(ox.Quad(graph, RDF_TYPE, FOAF_DOCUMENT, graph))
    store.flush()
    del store  # the endpoint opens it read-only
    with Endpoint(location, port=0, timeout=20, workers=2) as running:
        yield running


def send(endpoint, method, path, body=None, headers=None):
    """``(status, content type, body)`` of the manifest's request, sent as written."""
    conn = http.client.HTTPConnection(endpoint.host, endpoint.port, timeout=30)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        conn.putheader("Content-Length", str(len(body or b"")))
        conn.endheaders(body)
        response = conn.getresponse()
        return response.status, response.headers.get_content_type(), response.read()
    finally:
        conn.close()


def boolean(status, media, body) -> bool:
    """The manifest's ``mf:expectedFormat "boolean"`` with a 2xx status: the answer's value."""
    assert 200 <= status < 400, body
    assert media in ("application/sparql-results+xml", "application/sparql-results+json")
    parsed = ox.parse_query_results(body, RESULT_TYPES[media])
    assert isinstance(parsed, ox.QueryBoolean)
    return bool(parsed)


def refused(status) -> bool:
    """``mf:expectedStatus ht:StatusCode4xx``."""
    return 400 <= status < 500


FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}
ASK_D1_D2 = f"ASK {{ <{DATA}data1.rdf> a ?type . <{DATA}data2.rdf> a ?type . }}"
ASK_NAMED = (f"ASK {{ GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }} "
             f"GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }} }}")  # fmt: skip


# --- query tests ------------------------------------------------------------------------------


def test_query_post_form(endpoint):
    answer = send(endpoint, "POST", f"/sparql/?default-graph-uri={D0}",
                  b"query=ASK%20%7B%7D", FORM)  # fmt: skip
    assert boolean(*answer) is True


def test_query_dataset_default_graphs_get(endpoint):
    path = f"/sparql/?query={_enc(ASK_D1_D2)}&default-graph-uri={D1}&default-graph-uri={D2}"
    assert boolean(*send(endpoint, "GET", path)) is True


def test_query_dataset_default_graphs_post(endpoint):
    path = f"/sparql/?default-graph-uri={D1}&default-graph-uri={D2}"
    assert boolean(*send(endpoint, "POST", path, ASK_D1_D2.encode(), DIRECT)) is True


def test_query_dataset_named_graphs_post(endpoint):
    path = f"/sparql/?named-graph-uri={D1}&named-graph-uri={D2}"
    assert boolean(*send(endpoint, "POST", path, ASK_NAMED.encode(), DIRECT)) is True


def test_query_dataset_named_graphs_get(endpoint):
    path = f"/sparql/?query={_enc(ASK_NAMED)}&named-graph-uri={D1}&named-graph-uri={D2}"
    assert boolean(*send(endpoint, "GET", path)) is True


def test_query_dataset_full(endpoint):
    text = (f"ASK {{\n  <{DATA}data3.rdf> a ?type\n"
            f"  GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }}\n"
            f"  GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }}\n}}")  # fmt: skip
    path = f"/sparql/?default-graph-uri={D3}&named-graph-uri={D1}&named-graph-uri={D2}"
    assert boolean(*send(endpoint, "POST", path, text.encode(), DIRECT)) is True


def test_query_multiple_dataset(endpoint):
    text = (f"ASK FROM <{DATA}data3.rdf> {{ GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }} "
            f"GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }} }}").encode()  # fmt: skip
    # the intent: the protocol's named graphs replace the query's FROM (which names none)
    path = f"/sparql/?named-graph-uri={D1}&named-graph-uri={D2}"
    assert boolean(*send(endpoint, "POST", path, text, DIRECT)) is True
    assert boolean(*send(endpoint, "POST", "/sparql/", text, DIRECT)) is False  # FROM alone
    # the manifest's path, verbatim: one named graph whose IRI holds "&named-graph-uri="
    verbatim = f"/sparql/?named-graph-uri={D1}%26named-graph-uri%3D{D2}"
    assert boolean(*send(endpoint, "POST", verbatim, text, DIRECT)) is False


def test_query_get(endpoint):
    path = f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={D0}"
    assert boolean(*send(endpoint, "GET", path)) is True


def test_query_content_type_select(endpoint):
    status, media, body = send(endpoint, "POST", f"/sparql/?default-graph-uri={D0}",
                               b"SELECT (1 AS ?value) {}", DIRECT)  # fmt: skip
    assert 200 <= status < 400 and media in RESULT_TYPES  # tabular results
    if media == "text/csv":
        assert body.decode().splitlines() == ["value", "1"]
    else:
        solutions = list(ox.parse_query_results(body, RESULT_TYPES[media]))
        assert [s["value"].value for s in solutions] == ["1"]


def test_query_content_type_ask(endpoint):
    answer = send(endpoint, "POST", f"/sparql/?default-graph-uri={D0}", b"ASK {}", DIRECT)
    assert boolean(*answer) is True


def _rdf(status, media, body) -> list[ox.Triple]:
    assert 200 <= status < 400 and media in GRAPH_TYPES, body
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, GRAPH_TYPES[media])]


def test_query_content_type_describe(endpoint):
    answer = send(endpoint, "POST", f"/sparql/?default-graph-uri={D0}",
                  b"DESCRIBE <http://example.org/>", DIRECT)  # fmt: skip
    assert _rdf(*answer) == []  # nothing is known about it: an empty graph, but RDF


def test_query_content_type_construct(endpoint):
    answer = send(endpoint, "POST", f"/sparql/?default-graph-uri={D0}",
                  b"CONSTRUCT { <s> <p> 1 } WHERE {}", DIRECT)  # fmt: skip
    (triple,) = _rdf(*answer)
    assert triple.object == ox.Literal("1", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))  # fmt: skip
    assert triple.subject.value.endswith("/s")  # resolved against the endpoint's base IRI


def test_query_post_direct(endpoint):
    assert boolean(*send(endpoint, "POST", "/sparql/", b"ASK {}", DIRECT)) is True


def test_bad_query_method(endpoint):
    status, _, _ = send(endpoint, "PUT", f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={D0}",
                        b"", FORM)  # fmt: skip
    assert refused(status)


def test_bad_multiple_queries(endpoint):
    status, _, _ = send(endpoint, "GET", "/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D")
    assert refused(status)


def test_bad_query_wrong_media_type(endpoint):
    status, _, _ = send(endpoint, "POST", "/sparql/", b"ASK {}", {"Content-Type": "text/plain"})
    assert refused(status)


def test_bad_query_missing_form_type(endpoint):
    assert refused(send(endpoint, "POST", "/sparql/", b"query=ASK%20%7B%7D")[0])


def test_bad_query_missing_direct_type(endpoint):
    assert refused(send(endpoint, "POST", "/sparql/", b"ASK {}")[0])


def test_bad_query_non_utf8(endpoint):
    body = "ASK {}".encode("utf-16")  # with a preceding BOM, as the manifest says
    status, _, _ = send(endpoint, "POST", "/sparql/", body,
                        {"Content-Type": "application/sparql-query; charset=UTF-16"})  # fmt: skip
    assert refused(status)


def test_bad_query_syntax(endpoint):
    assert refused(send(endpoint, "GET", "/sparql/?query=ASK%20%7B")[0])


# --- update requests that must be refused ----------------------------------------------------


def test_bad_update_get(endpoint):
    assert refused(send(endpoint, "GET", "/sparql/?update=CLEAR%20ALL")[0])


def test_bad_multiple_updates(endpoint):
    body = b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT"
    assert refused(send(endpoint, "POST", "/sparql/", body, FORM)[0])


def test_bad_update_wrong_media_type(endpoint):
    status, _, _ = send(endpoint, "POST", "/sparql/", b"CLEAR NAMED",
                        {"Content-Type": "text/plain"})  # fmt: skip
    assert refused(status)


def test_bad_update_missing_form_type(endpoint):
    assert refused(send(endpoint, "POST", "/sparql/", b"update=CLEAR%20NAMED")[0])


def test_bad_update_non_utf8(endpoint):
    status, _, _ = send(endpoint, "POST", "/sparql/", "CLEAR NAMED".encode("utf-16"),
                        {"Content-Type": "application/sparql-update; charset=UTF-16"})  # fmt: skip
    assert refused(status)


def test_bad_update_syntax(endpoint):
    assert refused(send(endpoint, "POST", "/sparql/", b"update=CLEAR%20XYZ", FORM)[0])


def test_bad_update_dataset_conflict(endpoint):
    body = (b"PREFIX foaf:  <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
            b"DELETE { ?person foaf:givenName 'Bill' }\n"
            b"INSERT { ?person foaf:givenName 'William' }\n"
            b"WHERE {\n    ?person foaf:givenName 'Bill'\n}")  # fmt: skip
    path = "/sparql/?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople"
    status, _, _ = send(endpoint, "POST", path, body,
                        {"Content-Type": "application/sparql-update"})  # fmt: skip
    assert refused(status)


def test_every_applicable_w3c_case_is_here():
    """27 of the manifest's 34 cases apply, each a test of its own; the 7 others expect an
    update to succeed."""
    here = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    assert len(APPLICABLE) == 27 and len(NOT_APPLICABLE) == 7
    assert len(set(APPLICABLE) | set(NOT_APPLICABLE)) == 34
    assert set(APPLICABLE) <= here
    assert not set(NOT_APPLICABLE) & here
    assert all(name.startswith("update_") for name in NOT_APPLICABLE)
