"""The endpoint's turns (issue 12): one client over its limit waits, then gets a plain 503; a
long query past the cap of long queries is stopped with 503 and Retry-After; other clients are
answered meanwhile. Each client talks from its own loopback address."""

from __future__ import annotations

import http.client
import threading
import time
import urllib.parse

import pytest

from graph.ingest.build import build_store
from graph.serve.endpoint import Endpoint

pytestmark = pytest.mark.slow

CROSS_PRODUCT = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p1 ?b . ?c ?p2 ?d . ?e ?p3 ?f . ?g ?p4 ?h . ?i ?p5 ?j }"
)
LIGHT = "ASK { ?s a ag:AccreditationBody }"


@pytest.fixture(scope="module")
def disk(tmp_path_factory) -> str:
    location = tmp_path_factory.mktemp("turns") / "store"
    build_store(location)
    return str(location)


def ask(endpoint: Endpoint, source: str, query: str) -> tuple[int, http.client.HTTPMessage, str]:
    conn = http.client.HTTPConnection(endpoint.host, endpoint.port, timeout=60,
                                      source_address=(source, 0))  # fmt: skip
    try:
        conn.request("GET", "/query?" + urllib.parse.urlencode({"query": query}))
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        conn.close()


def in_background(endpoint: Endpoint, source: str, query: str) -> tuple[threading.Thread, list]:
    out: list = []
    thread = threading.Thread(target=lambda: out.append(ask(endpoint, source, query)))
    thread.start()
    return thread, out


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, f"never: {what}"
        time.sleep(0.02)


def test_a_client_over_its_limit_waits_its_turn_then_is_told_why_while_others_are_answered(disk):
    with Endpoint(disk, port=0, timeout=3, workers=3, per_client=1, queue_wait=0.5,
                  long_after=30) as endpoint:  # fmt: skip
        slow, answer = in_background(endpoint, "127.0.0.2", CROSS_PRODUCT)
        wait_for(lambda: endpoint.scheduler.state()["running"] == 1, "the long query runs")
        status, headers, body = ask(endpoint, "127.0.0.2", LIGHT)
        assert status == 503 and headers["Retry-After"] == "1"
        assert body.startswith("your other query is still running; this one waited 0.5 s")
        assert ask(endpoint, "127.0.0.3", LIGHT)[0] == 200  # another client is answered
        slow.join()
        assert answer[0][0] == 504
        assert ask(endpoint, "127.0.0.2", LIGHT)[0] == 200  # its turn is back


def test_a_long_query_past_the_cap_of_long_queries_is_stopped_and_its_client_told_to_wait(disk):
    with Endpoint(disk, port=0, timeout=4, workers=3, per_client=1, long_after=0.2,
                  max_long=1) as endpoint:  # fmt: skip
        first, first_answer = in_background(endpoint, "127.0.0.4", CROSS_PRODUCT)
        wait_for(lambda: endpoint.scheduler.state()["long"] == 1, "the first query is long")
        status, headers, body = ask(endpoint, "127.0.0.5", CROSS_PRODUCT)
        assert status == 503
        assert body.startswith("your query ran past 0.2 s while 1 other long queries were")
        assert 1 <= int(headers["Retry-After"]) <= 4  # when the first long query must end
        again = ask(endpoint, "127.0.0.5", LIGHT)
        assert again[0] == 503 and again[2].startswith("your last query ran long")
        assert ask(endpoint, "127.0.0.6", LIGHT)[0] == 200  # a new client is answered
        first.join()
        assert first_answer[0][0] == 504  # the first long query ran to its time limit
        assert endpoint.scheduler.stopped == 1
