"""The DuckDB floor asks the same questions as the named queries: on the same 10 k register,
each SQL answer has as many rows as Oxigraph's answer to the named query (with its defaults)."""

from __future__ import annotations

import pytest

from benchmarks.duckdb_floor import FLOOR_QUERIES, connect, time_floor
from graph.query import run_named
from graph.settings import Settings

pytest.importorskip("duckdb")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def floor(register_10k):
    data = Settings().data_dir
    con = connect([data, data / "sample", register_10k])
    yield time_floor(con, repeat=1)
    con.close()


def test_every_aggregate_and_red_flag_of_the_issue_has_a_floor():
    assert set(FLOOR_QUERIES) == {
        "certificates-per-standard",
        "certificates-per-standard-and-country",
        "expiring-certificates",
        "red-flag-ab-not-signatory",
        "red-flag-issued-before-accreditation",
        "red-flag-lapsed-accreditation-valid-certificates",
        "red-flag-non-certifiable-standard",
        "red-flag-sector-outside-scope",
        "red-flag-void-edition",
    }


@pytest.mark.parametrize("name", FLOOR_QUERIES)
def test_the_floor_counts_the_rows_oxigraph_answers(floor, store_10k, name):
    answer = run_named(store_10k, name, row_cap=None, timeout=None)
    assert "error" not in floor[name], floor[name]
    assert floor[name]["rows"] > 0  # a question with no answer would compare nothing
    assert floor[name]["rows"] == len(answer.rows)
    assert floor[name]["seconds"] > 0
