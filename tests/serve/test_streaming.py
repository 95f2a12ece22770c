"""Answers stream (issue 13, docs/endpoint.md "Every row, streamed"): the first bytes come
while the query still runs, an answer larger than the answer-size limit comes whole, the
endpoint holds a bounded amount whatever the answer's size, and a deadline hit mid-answer
breaks the response off so that clients see an error, never a short document that looks whole.

The store is the bundled graph built by the CLI (about 15,000 triples) on disk;
``VALUES ?k { 1 … N }`` multiplies ``SELECT * { ?s ?p ?o }`` into answers of any size.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from graph import sparql
from graph.serve.endpoint import Endpoint
from graph.serve.formats import CUT_NOTE
from graph.serve.streamed import GRACE
from graph.settings import Settings
from graph.store import OxigraphStore

pytestmark = pytest.mark.slow

EVERY_TRIPLE = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
#: Never ends within a test's time limit: 15,000² rows, the first at once.
ENDLESS = "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d }"
MB = 1024 * 1024


def times(n: int) -> str:
    """Every triple ``n`` times over."""
    return f"SELECT * WHERE {{ ?s ?p ?o . VALUES ?k {{ {' '.join(map(str, range(n)))} }} }}"


@pytest.fixture(scope="module")
def triples(cli_store) -> int:
    store = OxigraphStore(Path(cli_store), read_only=True)
    try:
        (count,) = sparql.run(store, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", row_cap=None,
                              timeout=None).rows[0]  # fmt: skip
    finally:
        store.close()
    return int(count.value)


def url(endpoint: Endpoint, query: str) -> str:
    return f"{endpoint.url}?{urllib.parse.urlencode({'query': query})}"


def test_an_answer_larger_than_the_answer_size_limit_streams_whole(cli_store, triples):
    """``max_answer_bytes`` (here 1 MB) no longer bounds an answer that is streamed: every row
    comes; it still bounds an answer that must be held (with a result cap)."""
    limits = Settings(max_answer_bytes=1 * MB)
    with Endpoint(cli_store, port=0, timeout=60, settings=limits) as endpoint:
        response = requests.get(url(endpoint, EVERY_TRIPLE), timeout=120,
                                headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    assert response.status_code == 200
    assert response.headers["transfer-encoding"] == "chunked"
    assert len(response.content) > 2 * MB  # past the limit
    assert len(json.loads(response.content)["results"]["bindings"]) == triples
    with Endpoint(cli_store, port=0, timeout=60, settings=limits, max_results=10**6) as capped:
        response = requests.get(url(capped, EVERY_TRIPLE), timeout=120)
    assert response.status_code == 400 and "grew past 1 MB" in response.text


def test_the_first_bytes_come_while_the_query_still_runs(cli_store, triples):
    with Endpoint(cli_store, port=0, timeout=120) as endpoint:
        started = time.monotonic()
        with requests.get(url(endpoint, times(30)), stream=True, timeout=120,
                          headers={"Accept": "text/csv"}) as response:  # fmt: skip
            chunks = response.iter_content(chunk_size=None)
            first = next(chunks)
            first_at = time.monotonic() - started
            assert endpoint.scheduler.state()["running"] == 1  # the query holds its turn
            size = len(first) + sum(len(chunk) for chunk in chunks)
        total = time.monotonic() - started
        assert endpoint.scheduler.state()["running"] == 0
    print(f"first bytes after {first_at:.3f} s, {size / MB:.0f} MB after {total:.2f} s")
    assert size > 30 * triples * 50  # 30 × every triple, CSV rows of at least 50 bytes
    assert first_at < total / 4


def test_a_deadline_mid_answer_breaks_the_response_off(cli_store):
    """The answer started (200, bytes sent), then the time limit passed: the client gets an
    error from its HTTP library, not a short document; the slot and the worker are freed."""
    with Endpoint(cli_store, port=0, timeout=2) as endpoint:
        started = time.monotonic()
        with requests.get(url(endpoint, ENDLESS), stream=True, timeout=60) as response:
            assert response.status_code == 200
            with pytest.raises(requests.exceptions.ChunkedEncodingError):
                for _ in response.iter_content(chunk_size=None):
                    pass
        assert time.monotonic() - started < 2 + GRACE + 3
        assert endpoint.stopped == 1
        done = subprocess.run(["curl", "--silent", "--output", "/dev/null", "--header",
                               "Accept: text/csv", url(endpoint, ENDLESS)],
                              timeout=60, check=False)  # fmt: skip
        assert done.returncode == 18  # "transfer closed with outstanding read data remaining"
        assert endpoint.scheduler.state()["running"] == 0
        small = requests.get(url(endpoint, "SELECT ?a { agd:body\\/ukas ag:acronym ?a }"))
        assert small.status_code == 200 and "UKAS" in small.text


def test_a_client_that_stops_reading_holds_its_slot_only_until_the_deadline(cli_store):
    with Endpoint(cli_store, port=0, timeout=2, workers=1, per_client=1) as endpoint:
        client = socket.create_connection((endpoint.host, endpoint.port))
        client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        path = url(endpoint, times(40)).split(str(endpoint.port), 1)[1]
        client.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        assert client.recv(4096).startswith(b"HTTP/1.1 200")  # then it reads no more
        time.sleep(0.5)
        assert endpoint.scheduler.state()["running"] == 1
        time.sleep(2 + GRACE + 1)
        assert endpoint.scheduler.state()["running"] == 0  # broken off at the deadline
        small = requests.get(url(endpoint, "ASK { ?s ?p ?o }"), timeout=10)
        assert small.status_code == 200 and small.json()["boolean"] is True
        client.close()


@pytest.mark.parametrize("accept", ["application/sparql-results+json",
                                    "application/sparql-results+xml"])  # fmt: skip
def test_a_cut_answer_in_many_chunks_keeps_its_note(cli_store, accept):
    """A capped answer longer than a chunk: the note goes into its head all the same."""
    with Endpoint(cli_store, port=0, timeout=60, max_results=5000) as endpoint:
        response = requests.get(url(endpoint, EVERY_TRIPLE), headers={"Accept": accept})
    assert response.headers["Accredigraph-Truncated"] == "true" and len(response.content) > MB
    fmt = ox.QueryResultsFormat.JSON if "json" in accept else ox.QueryResultsFormat.XML
    assert len(list(ox.parse_query_results(response.content, fmt))) == 5000
    if fmt == ox.QueryResultsFormat.JSON:
        assert json.loads(response.content)["head"]["link"] == [CUT_NOTE]
    else:
        assert f'<link href="{CUT_NOTE}"/></head>'.encode() in response.content


def _peak_rss(pid: int) -> int:
    """The peak resident memory of process ``pid`` (``VmHWM``), in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


def test_the_endpoint_holds_a_bounded_amount_of_a_large_answer(cli_store):
    """``accredigraph serve`` as a process: its peak memory grows by far less than the size of
    the answer it sends (before streaming it held the answer twice: rows, then the body)."""
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    server = subprocess.Popen([sys.executable, "-m", "graph", "--store", cli_store,
                               "serve", "--port", str(port), "--timeout", "120"],
                              env={**os.environ, "PYTHONPATH": str(Path.cwd())},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}/query"
        for _ in range(300):
            try:
                requests.get(base, params={"query": "ASK {}"}, timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        warm = requests.get(base, params={"query": times(1)}, timeout=120)  # every code path
        assert warm.status_code == 200
        before = _peak_rss(server.pid)
        size = 0
        with requests.get(base, params={"query": times(40)}, stream=True, timeout=300) as answer:
            for chunk in answer.iter_content(chunk_size=1 << 20):
                size += len(chunk)
        after = _peak_rss(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    print(f"answer {size / MB:.0f} MB; endpoint peak RSS {before / MB:.0f} -> {after / MB:.0f} MB")
    assert size > 100 * MB
    assert after - before < 30 * MB
