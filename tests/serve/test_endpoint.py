"""``accredigraph serve``: the SPARQL 1.1 Protocol over HTTP, read-only, capped and timed."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest

from graph import sparql
from graph.cli.main import main
from graph.errors import QueryError, ReadOnlyError
from graph.ingest.build import build_store
from graph.query import run_named
from graph.serve.endpoint import Endpoint, negotiate
from graph.serve.formats import CUT_NOTE
from graph.store import RemoteStore
from graph.verify.chain import verify
from tests.conftest import SAMPLE_AS_OF
from tests.servers import ConnectionRecorder, oxigraph_bin
from tests.store.test_remote import _rows

pytestmark = pytest.mark.skipif(oxigraph_bin() is None, reason="oxigraph binary not installed")

CAP = 200
TIMEOUT = 2.0
#: Never finishes on the bundled graph (12,755^5 rows to count).
CROSS_PRODUCT = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p1 ?b . ?c ?p2 ?d . ?e ?p3 ?f . ?g ?p4 ?h . ?i ?p5 ?j }"
)


@pytest.fixture(scope="module")
def disk(tmp_path_factory) -> str:
    location = tmp_path_factory.mktemp("endpoint") / "store"
    build_store(location)
    return str(location)


@pytest.fixture(scope="module")
def endpoint(disk):
    with Endpoint(disk, port=0, timeout=TIMEOUT, max_results=CAP, workers=2) as running:
        yield running


def http(url, *, data=None, headers=None, method=None):
    """``(status, headers, body)`` of a request, error statuses included."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def get(endpoint, query, accept=None):
    url = f"{endpoint.url}?{urllib.parse.urlencode({'query': query})}"
    return http(url, headers={"Accept": accept} if accept else {})


def post(endpoint, query, accept=None):
    headers = {"Content-Type": "application/sparql-query"}
    if accept:
        headers["Accept"] = accept
    return http(endpoint.url, data=query.encode(), headers=headers)


ACRONYMS = "SELECT ?a WHERE { agd:body\\/ukas ag:acronym ?a }"


# --- the protocol ----------------------------------------------------------------------------


def test_get_answers_sparql_json_by_default(endpoint):
    status, headers, body = get(endpoint, ACRONYMS)
    assert status == 200 and headers.get_content_type() == "application/sparql-results+json"
    assert json.loads(body)["results"]["bindings"] == [{"a": {"type": "literal", "value": "UKAS"}}]


def test_post_as_sparql_query_and_as_form(endpoint):
    assert post(endpoint, ACRONYMS)[0] == 200
    form = urllib.parse.urlencode({"query": ACRONYMS}).encode()
    status, _, body = http(
        endpoint.url, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 200 and b"UKAS" in body


@pytest.mark.parametrize(
    ("accept", "media", "fmt"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", "JSON"),
        ("application/sparql-results+xml", "application/sparql-results+xml", "XML"),
        ("text/csv", "text/csv", None),
        ("text/tab-separated-values", "text/tab-separated-values", "TSV"),
        ("text/csv;q=0.2, application/sparql-results+xml", "application/sparql-results+xml", "XML"),
    ],
)
def test_select_content_negotiation(endpoint, accept, media, fmt):
    status, headers, body = get(endpoint, ACRONYMS, accept)
    assert status == 200 and headers.get_content_type() == media
    if fmt is None:
        assert body.decode().splitlines() == ["a", "UKAS"]
    else:
        parsed = ox.parse_query_results(body, getattr(ox.QueryResultsFormat, fmt))
        assert [s["a"].value for s in parsed] == ["UKAS"]


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_construct_content_negotiation(endpoint, accept, fmt):
    query = "CONSTRUCT { agd:body\\/iso ?p ?o } WHERE { agd:body\\/iso ?p ?o }"
    status, headers, body = get(endpoint, query, accept)
    assert status == 200 and headers.get_content_type() == accept
    triples = list(ox.parse(body, fmt))
    assert any(getattr(t.object, "value", None) == "ISO" for t in triples)


def test_describe_and_ask(endpoint):
    status, _, body = get(endpoint, "DESCRIBE agd:body\\/ukas", "text/turtle")
    assert status == 200 and b"United Kingdom Accreditation Service" in body
    status, _, body = get(endpoint, "ASK { agd:body\\/ukas a ag:AccreditationBody }")
    assert status == 200 and json.loads(body)["boolean"] is True
    assert get(endpoint, "ASK {}", "text/csv")[0] == 406


def test_unacceptable_types_and_methods_are_refused(endpoint):
    assert get(endpoint, ACRONYMS, "image/png")[0] == 406
    assert http(endpoint.url, data=b"x", headers={"Content-Type": "text/plain"})[0] == 415
    assert http(endpoint.url, method="DELETE")[0] == 405
    assert http(endpoint.url.replace("/query", "/store"))[0] == 404


def test_the_root_page_says_how_to_use_the_endpoint(endpoint):
    status, _, body = http(endpoint.url.replace("/query", "/"))
    assert status == 200 and b"read-only" in body and b"Accredigraph-Truncated" in body


def test_syntax_errors_come_back_as_400_with_the_line_of_the_text_sent(endpoint):
    status, _, body = get(endpoint, "SELECT ?x\nWHERE { ?x ")
    assert status == 400 and body.decode().startswith("error at 2:")


def test_negotiate_prefers_quality_then_the_order_offered():
    offered = ["application/sparql-results+json", "text/csv"]
    assert negotiate("*/*", offered) == "application/sparql-results+json"
    assert negotiate("text/*, application/json;q=0.1", offered) == "text/csv"
    assert negotiate("text/csv;q=0, */*", offered) == "application/sparql-results+json"


# --- read-only, everywhere -------------------------------------------------------------------

UPDATES = [
    "INSERT DATA { agd:x ag:acronym 'X' }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 'x' } WHERE { ?s ?p ?o }",
    "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "CLEAR ALL",
    "DROP DEFAULT",
    "CREATE GRAPH <http://g>",
    "ADD DEFAULT TO <http://g>",
    "MOVE DEFAULT TO <http://g>",
    "COPY DEFAULT TO <http://g>",
    "PREFIX ex: <http://e/>\n# a comment\nclear silent all",
    "\\u0043LEAR ALL",
]


@pytest.mark.parametrize("surface", ["run_sparql", "cli", "http-get", "http-post"])
@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_with_a_clear_message(endpoint, disk, capsys, surface, update):
    if surface == "run_sparql":
        with pytest.raises(ReadOnlyError, match="read-only"):
            sparql.run(open_disk(disk), update)
    elif surface == "cli":
        assert main(["--store", disk, "query", update]) == 1
        assert "read-only" in capsys.readouterr().err
    else:
        status, _, body = (get if surface == "http-get" else post)(endpoint, update)
        assert status == 403 and b"read-only" in body


def open_disk(disk):
    from graph.store import open_store

    return open_store(disk)


@pytest.mark.parametrize(
    ("path", "data", "content_type"),
    [
        ("/query", b"CLEAR ALL", "application/sparql-update"),
        ("/update", b"CLEAR ALL", "application/sparql-update"),
        ("/query", b"update=CLEAR+ALL", "application/x-www-form-urlencoded"),
        ("/query?update=CLEAR+ALL", None, None),
    ],
)
def test_every_update_route_is_refused(endpoint, disk, path, data, content_type):
    before = len(open_disk(disk))
    url = endpoint.url.replace("/query", path)
    status, _, body = http(url, data=data, headers={"Content-Type": content_type} if data else {})
    assert status == 403 and b"read-only" in body
    assert len(open_disk(disk)) == before


# --- no federation ---------------------------------------------------------------------------


def test_service_makes_no_request_from_the_library_or_the_endpoint(endpoint, bundled_store):
    recorder = ConnectionRecorder()
    try:
        for template in (
            "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
            "SELECT * WHERE {{ \\u0053ERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        ):
            query = template.format(url=recorder.url)
            with pytest.raises(QueryError, match="SERVICE"):
                sparql.run(bundled_store, query)
            status, _, body = get(endpoint, query)
            assert status == 403 and b"SERVICE" in body
        time.sleep(0.3)
        assert recorder.connections == 0
        # the guard is what stops it: the engine itself would connect
        with pytest.raises(OSError):
            list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{recorder.url}> {{ ?s ?p ?o }} }}"))
        time.sleep(0.3)
        assert recorder.connections == 1
    finally:
        recorder.close()


# --- result cap and time limit ---------------------------------------------------------------


@pytest.mark.parametrize(
    "accept",
    [
        "application/sparql-results+json",
        "text/csv",
        "text/tab-separated-values",
        "application/sparql-results+xml",
    ],
)
def test_result_cap_cuts_the_answer_and_says_so(endpoint, accept):
    status, headers, body = get(endpoint, "SELECT ?c WHERE { ?c a ag:Certificate }", accept)
    assert status == 200 and headers["Accredigraph-Truncated"] == "true"
    assert headers["Accredigraph-Result-Cap"] == str(CAP)
    if accept == "text/csv":
        assert len(body.decode().splitlines()) == CAP + 1
    else:
        fmt = {
            "application/sparql-results+json": "JSON",
            "text/tab-separated-values": "TSV",
            "application/sparql-results+xml": "XML",
        }[accept]
        assert len(list(ox.parse_query_results(body, getattr(ox.QueryResultsFormat, fmt)))) == CAP
    if accept == "application/sparql-results+json":  # a note in the results too, where the
        assert json.loads(body)["head"]["link"] == [CUT_NOTE]  # format has room for one
    if accept == "application/sparql-results+xml":
        assert f'<link href="{CUT_NOTE}"/>'.encode() in body
    status, headers, body = get(endpoint, "SELECT ?s WHERE { ?s a ag:StandardsBody }", accept)
    assert status == 200 and "Accredigraph-Truncated" not in headers
    assert CUT_NOTE.encode() not in body


def test_result_cap_applies_to_triples_too(endpoint):
    status, headers, body = get(
        endpoint, "CONSTRUCT WHERE { ?s a ag:Certificate }", "application/n-triples"
    )
    assert status == 200 and headers["Accredigraph-Truncated"] == "true"
    assert len(list(ox.parse(body, ox.RdfFormat.N_TRIPLES))) == CAP
    assert body.decode().splitlines()[-1].startswith("# cut at the endpoint's result cap")


def test_remote_store_sees_the_cap_as_truncated_or_as_an_error(endpoint):
    remote = RemoteStore(endpoint.url)
    result = sparql.run(remote, "SELECT ?c WHERE { ?c a ag:Certificate }", row_cap=1000)
    assert len(result.rows) == CAP and result.truncated
    with pytest.raises(QueryError, match="result cap"):
        run_named(remote, "chain-certificate", row_cap=None, timeout=None, defaults=False)


@pytest.mark.slow
def test_a_query_past_the_time_limit_is_stopped_and_the_next_one_answers(endpoint):
    stopped = endpoint.stopped
    started = time.monotonic()
    status, _, body = get(endpoint, CROSS_PRODUCT)
    elapsed = time.monotonic() - started
    assert status == 504 and b"time limit of 2 s" in body
    assert TIMEOUT <= elapsed < TIMEOUT + 1.5
    assert endpoint.stopped == stopped + 1
    assert get(endpoint, ACRONYMS)[0] == 200  # a fresh worker took the killed one's place


@pytest.mark.slow
def test_a_busy_endpoint_answers_503_rather_than_queueing_forever(disk):
    with Endpoint(disk, port=0, timeout=TIMEOUT, workers=1, queue_wait=0.3) as busy:
        slow = threading.Thread(target=get, args=(busy, CROSS_PRODUCT))
        slow.start()
        time.sleep(0.3)
        status, headers, body = get(busy, ACRONYMS)
        slow.join()
        assert status == 503 and headers["Retry-After"] == "1" and b"busy" in body
        assert get(busy, ACRONYMS)[0] == 200


# --- clients ---------------------------------------------------------------------------------


def test_verification_and_named_queries_through_the_endpoint(endpoint, bundled_store):
    remote = RemoteStore(endpoint.url)
    for certificate in ("S-C-0001", "S-C-0002", "S-C-0100"):
        here = verify(bundled_store, certificate, as_of=SAMPLE_AS_OF)
        there = verify(remote, certificate, as_of=SAMPLE_AS_OF)
        assert (here.verdict, [link.code for link in here.links]) == (
            there.verdict,
            [link.code for link in there.links],
        )
    for name in ("cbs-accredited-by", "signatories-for-standard", "find-certificates"):
        assert _rows(run_named(remote, name)) == _rows(run_named(bundled_store, name))


@pytest.mark.slow
def test_the_endpoint_follows_a_rebuilt_store(tmp_path, make_register):
    from tests.conftest import BASE_REGISTER

    location = tmp_path / "store"
    build_store(location)
    with Endpoint(location, port=0, timeout=TIMEOUT, workers=1) as running:
        ask = "ASK { ?c ag:number 'T-C-1' }"
        assert json.loads(get(running, ask)[2])["boolean"] is False
        assert main(["--store", str(location), "import", str(make_register(BASE_REGISTER))]) == 0
        assert json.loads(get(running, ask)[2])["boolean"] is True


def test_serve_refuses_a_missing_store_with_a_clear_message(tmp_path, capsys):
    assert main(["--store", str(tmp_path / "nothing"), "serve"]) == 1
    assert "no store at" in capsys.readouterr().err
    assert main(["--store", "memory", "serve"]) == 1
    assert "on-disk store" in capsys.readouterr().err
