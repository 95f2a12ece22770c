"""A query past its time limit is stopped and reported, and the process answers the next one.

pyoxigraph cannot interrupt a running query: without graph.sparql.deadline, the COUNT below never
returns a row to check a clock against, so the old row-by-row check never fired.
"""

from __future__ import annotations

import os
import socket
import threading
import time

import pyoxigraph as ox
import pytest

from graph import sparql
from graph.cli.main import main
from graph.errors import QueryError, QueryTimeout
from graph.ingest.build import build_store
from graph.sparql import deadline, worker
from graph.store import RemoteStore, open_store

#: Never finishes on the bundled graph (12,755^5 rows to count).
CROSS_PRODUCT = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p1 ?b . ?c ?p2 ?d . ?e ?p3 ?f . ?g ?p4 ?h . ?i ?p5 ?j }"
)
SLACK = 1.5


@pytest.fixture(scope="module")
def disk(tmp_path_factory):
    store, _ = build_store(tmp_path_factory.mktemp("timeouts") / "store")
    return store


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as handle:  # a zombie is not running
        return handle.read().split(") ")[1][0] != "Z"


@pytest.mark.slow
def test_on_disk_query_past_the_limit_is_killed_and_the_next_one_answers(disk):
    sparql.run(disk, "ASK {}", timeout=5)  # start a worker
    workers = {w.proc.pid for ws in worker._IDLE.values() for w in ws}
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="time limit of 1 s and was stopped"):
        sparql.run(disk, CROSS_PRODUCT, timeout=1.0)
    assert 1.0 <= time.monotonic() - started < 1.0 + SLACK
    assert not any(
        _alive(pid) for pid in workers - {w.proc.pid for ws in worker._IDLE.values() for w in ws}
    )
    result = sparql.run(disk, "SELECT ?a WHERE { agd:body\\/ukas ag:acronym ?a }", timeout=5)
    assert [str(r[0].value) for r in result.rows] == ["UKAS"]


@pytest.mark.slow
def test_cli_reports_the_time_limit_and_exits(disk, capsys):
    started = time.monotonic()
    assert main(["--store", disk.location, "query", CROSS_PRODUCT, "--timeout", "1"]) == 1
    assert time.monotonic() - started < 1.0 + SLACK + 1.0  # + starting a worker
    assert "time limit of 1 s" in capsys.readouterr().err


def test_on_disk_workers_see_what_this_process_wrote(tmp_path):
    store = open_store(tmp_path / "store")
    assert sparql.run(store, "ASK { ?s ?p ?o }", timeout=5).value is False
    store.add([ox.Triple(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("v"))])
    assert sparql.run(store, "ASK { ?s ?p 'v' }", timeout=5).value is True


@pytest.mark.slow
def test_in_memory_query_past_the_limit_is_abandoned_and_the_next_one_answers():
    store = open_store("memory")
    node = ox.NamedNode
    store.add(
        ox.Triple(node(f"http://x/{i}"), node("http://x/p"), ox.Literal(str(i)))
        for i in range(3000)
    )
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d }"  # 9e6 rows, ~1-2 s
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="time limit"):
        sparql.run(store, slow, timeout=0.3)
    assert time.monotonic() - started < 0.3 + SLACK
    assert deadline.runaway_count() >= 1
    assert sparql.run(store, "ASK { ?s ?p '7' }", timeout=5).value is True
    for _ in range(100):  # the abandoned query ends by itself, and is no longer counted
        if deadline.runaway_count() == 0:
            break
        time.sleep(0.1)
    assert deadline.runaway_count() == 0


def test_runaway_queries_are_bounded():
    release = threading.Event()
    with pytest.raises(QueryTimeout):
        deadline.call_with_deadline(release.wait, 0.05, limit=deadline.runaway_count() + 1)
    with pytest.raises(QueryError, match="still running"):
        deadline.call_with_deadline(lambda: 1, 1.0, limit=deadline.runaway_count())
    release.set()


def test_remote_query_past_the_limit_times_out():
    silent = socket.socket()  # accepts connections and never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)
    try:
        store = RemoteStore(f"http://127.0.0.1:{silent.getsockname()[1]}/query", timeout=30)
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            sparql.run(store, "ASK {}", timeout=0.5)
        assert time.monotonic() - started < 0.5 + SLACK
    finally:
        silent.close()
