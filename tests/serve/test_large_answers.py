"""Every row, whole: the endpoint answers 50,000+ solutions (and triples) to the clients analysts
use — SPARQLWrapper, rdflib's ``SPARQLStore`` and ``curl`` — in every result and RDF format, and
each count equals the count taken directly on the store (issue 13; docs/endpoint.md).

The store is a generated register of 3,500 certificates (``accredigraph generate``) built on
disk: about 88,000 triples (57,000 describing certificates), so ``SELECT * { ?s ?p ?o }`` has
that many rows.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import urllib.parse

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from graph import sparql
from graph.ingest.build import build_store
from graph.ingest.generate import generate_register
from graph.serve.endpoint import Endpoint

pytestmark = pytest.mark.slow

EVERY_TRIPLE = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
DESCRIBE = "DESCRIBE ?c WHERE { ?c a ag:Certificate }"
#: At least this many rows, or the test proves nothing about large answers.
LARGE = 50_000


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """``(endpoint, direct counts)``: an endpoint with no result cap over a generated store."""
    folder = tmp_path_factory.mktemp("large")
    generate_register(folder / "register", 3500, seed=3)
    store, _ = build_store(folder / "store", extra=[folder / "register"])
    try:
        (count,) = sparql.run(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                              row_cap=None, timeout=None).rows[0]  # fmt: skip
        described = sparql.run(store, DESCRIBE, row_cap=None, timeout=None)
        counts = {"triples": int(count.value), "described": len(set(described.triples))}
    finally:
        store.close()
    assert counts["triples"] >= LARGE and counts["described"] >= LARGE
    with Endpoint(folder / "store", port=0, timeout=120, workers=2) as endpoint:
        assert endpoint.max_results is None  # the default: every row
        yield endpoint, counts


def curl(endpoint: Endpoint, query: str, accept: str) -> tuple[dict[str, str], bytes]:
    """``curl`` the query as a GET; the response headers (lower-case names) and the body."""
    url = f"{endpoint.url}?{urllib.parse.urlencode({'query': query})}"
    done = subprocess.run(["curl", "--silent", "--show-error", "--fail", "--dump-header", "-",
                           "--header", f"Accept: {accept}", url],
                          capture_output=True, timeout=300, check=True)  # fmt: skip
    head, _, body = done.stdout.partition(b"\r\n\r\n")
    headers = {}
    for line in head.decode("latin-1").splitlines()[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return headers, body


def test_sparqlwrapper_fetches_every_row(large):
    endpoint, counts = large
    client = SPARQLWrapper(endpoint.url)
    client.setQuery(EVERY_TRIPLE)
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    assert len(answer["results"]["bindings"]) == counts["triples"]


def test_rdflib_sparqlstore_fetches_every_row(large):
    endpoint, counts = large
    graph = Graph(store=SPARQLStore(endpoint.url))
    assert len(list(graph.query(EVERY_TRIPLE))) == counts["triples"]


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/csv", ox.QueryResultsFormat.CSV),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ],
)
def test_curl_fetches_every_row_in_each_result_format(large, accept, fmt):
    endpoint, counts = large
    headers, body = curl(endpoint, EVERY_TRIPLE, accept)
    assert headers["content-type"].startswith(accept)
    assert "accredigraph-truncated" not in headers and "accredigraph-result-cap" not in headers
    if fmt == ox.QueryResultsFormat.CSV:  # pyoxigraph does not read CSV results (lossy)
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
        assert rows[0] == ["s", "p", "o"] and len(rows) - 1 == counts["triples"]
    else:
        assert len(list(ox.parse_query_results(body, fmt))) == counts["triples"]


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
@pytest.mark.parametrize(("query", "count"), [(CONSTRUCT, "triples"), (DESCRIBE, "described")])
def test_curl_fetches_every_triple_in_each_rdf_format(large, accept, fmt, query, count):
    endpoint, counts = large
    headers, body = curl(endpoint, query, accept)
    assert headers["content-type"].startswith(accept)
    assert "accredigraph-truncated" not in headers
    parsed = ox.Store()
    parsed.bulk_load(body, fmt)  # a set of triples, as the direct count is
    assert len(parsed) == counts[count]


def test_an_operator_cap_is_said_not_silent(large, tmp_path):
    """With ``--max-results``, a client learns of the cut from the header and the results."""
    endpoint, counts = large
    with Endpoint(endpoint.location, port=0, timeout=120, max_results=LARGE) as capped:
        headers, body = curl(capped, EVERY_TRIPLE, "application/sparql-results+json")
    answer = json.loads(body)
    assert headers["accredigraph-truncated"] == "true"
    assert headers["accredigraph-result-cap"] == str(LARGE)
    assert len(answer["results"]["bindings"]) == LARGE < counts["triples"]
    assert answer["head"]["link"] == ["https://w3id.org/accredigraph/service#ResultCap"]
