"""Issue 12: a query whose answer grows without bound (CONCAT doubling a string) is stopped
with a plain message — by the answer's byte budget, and on disk by the worker's memory cap —
and the next query is answered as usual."""

from __future__ import annotations

import pytest

from graph import sparql
from graph.errors import AnswerTooLarge
from graph.ingest.build import build_store
from graph.settings import Settings
from graph.store import open_store

MB = 1024 * 1024


def doubling(times: int) -> str:
    """A SELECT whose one value is 16 bytes doubled ``times`` times (16 * 2**times bytes)."""
    binds = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(times))
    return f"SELECT ?a{times} WHERE {{ BIND('xxxxxxxxxxxxxxxx' AS ?a0) {binds} }}"


@pytest.fixture(scope="module")
def disk(tmp_path_factory) -> str:
    location = tmp_path_factory.mktemp("limits") / "store"
    build_store(location)
    return str(location)


def test_an_answer_past_the_byte_budget_is_stopped_in_memory():
    store = open_store("memory")
    with pytest.raises(AnswerTooLarge, match="the query's answer grew past 8 MB and was stopped"):
        sparql.run(store, doubling(20), limits=Settings(max_answer_bytes=8 * MB))
    assert len(sparql.run(store, doubling(10)).rows[0][0].value) == 16 * 1024


def test_trusted_text_has_no_byte_budget():
    rows = sparql.run(open_store("memory"), doubling(20), trusted=True,
                      limits=Settings(max_answer_bytes=8 * MB))  # fmt: skip
    assert len(rows.rows[0][0].value) == 16 * MB


@pytest.mark.slow
def test_the_256_mb_concat_answer_is_stopped_with_the_default_limits(disk):
    store = open_store(disk)
    with pytest.raises(AnswerTooLarge, match="grew past 64 MB"):
        sparql.run(store, doubling(24), timeout=60)  # 256 MB
    assert sparql.run(store, "ASK { ?s ?p ?o }", timeout=10).value is True


@pytest.mark.slow
def test_a_worker_past_its_memory_cap_dies_alone_and_the_next_query_answers(disk):
    store = open_store(disk)
    limits = Settings(worker_memory=1024 * MB, max_answer_bytes=4096 * MB)
    with pytest.raises(AnswerTooLarge, match="needed more than 1024 MB of memory and was stopped"):
        sparql.run(store, doubling(27), timeout=60, limits=limits)  # 2 GB
    assert sparql.run(store, "ASK { ?s ?p ?o }", timeout=10, limits=limits).value is True
