""":func:`graph.sparql.open_stream`: the answer in chunks as the worker writes it, under
:func:`graph.sparql.run`'s guard, turn and deadline (issue 13)."""

from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import sparql
from graph.errors import AnswerTooLarge, QueryError, QuerySyntaxError, QueryTimeout, ReadOnlyError
from graph.ingest.build import build_store
from graph.settings import Settings
from graph.sparql import worker

pytestmark = pytest.mark.slow

ENDLESS = "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d }"
EVERY_TRIPLE = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def disk(tmp_path_factory):
    store, _ = build_store(tmp_path_factory.mktemp("streaming") / "store")
    yield store
    store.close()


def test_an_answer_comes_in_chunks_and_whole(disk):
    count = len(sparql.run(disk, EVERY_TRIPLE, row_cap=None, timeout=None).rows)
    with sparql.open_stream(disk, EVERY_TRIPLE, "tsv", timeout=60) as answer:
        assert answer.form == "SELECT" and answer.truncated is None  # not known until the end
        chunks = list(answer)
    assert len(chunks) > 10  # a 2 MB answer, in 64 KiB chunks
    assert len(list(ox.parse_query_results(b"".join(chunks), ox.QueryResultsFormat.TSV))) == count
    assert answer.written is not None and answer.written.truncated is False


def test_errors_come_before_any_chunk(disk):
    with pytest.raises(QuerySyntaxError):
        sparql.open_stream(disk, "SELECT WHERE {", "json")
    with pytest.raises(ReadOnlyError):
        sparql.open_stream(disk, "DELETE WHERE { ?s ?p ?o }", "json")
    with pytest.raises(QueryError, match="answers in triples: use --format ttl"):
        sparql.open_stream(disk, "CONSTRUCT WHERE { ?s ?p ?o }", "csv")


def test_the_deadline_covers_the_whole_answer(disk):
    started = time.monotonic()
    answer = sparql.open_stream(disk, ENDLESS, "csv", timeout=1.5)
    assert answer.next_chunk()  # the first bytes came in time …
    with pytest.raises(QueryTimeout), answer:
        while answer.next_chunk() is not None:  # … the rest did not
            pass
    assert 1.5 <= time.monotonic() - started < 5
    assert sparql.run(disk, "ASK { ?s ?p ?o }").value is True  # a fresh worker answers


def test_closing_early_stops_the_worker_and_gives_the_turn_back(disk):
    scheduler = sparql.Scheduler(slots=1, per_client=1, monitor=False)
    with sparql.as_client(scheduler, "a", wait=5):
        answer = sparql.open_stream(disk, ENDLESS, "json", timeout=60)
        assert answer.next_chunk()
        assert scheduler.state()["running"] == 1  # the turn is held while the answer is read
        (pid,) = scheduler._held[0].tasks  # the worker writing it
        answer.close()
    assert scheduler.state()["running"] == 0
    assert not Path(f"/proc/{pid}").exists()  # killed (and reaped)
    assert pid not in [w.proc.pid for idle in worker._IDLE.values() for w in idle]
    assert sparql.run(disk, "ASK { ?s ?p ?o }").value is True


def test_a_held_answer_knows_its_cut_from_the_start(disk):
    with sparql.open_stream(disk, EVERY_TRIPLE, "json", row_cap=10, hold=True) as answer:
        assert answer.truncated is True and answer.size is not None
        body = b"".join(answer)
    assert len(list(ox.parse_query_results(body, ox.QueryResultsFormat.JSON))) == 10
    with pytest.raises(AnswerTooLarge, match="grew past 0 MB"):
        sparql.open_stream(disk, EVERY_TRIPLE, "json", row_cap=10**6, hold=True,
                           limits=Settings(max_answer_bytes=100_000))  # fmt: skip
