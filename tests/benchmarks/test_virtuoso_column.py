"""``make bench``'s Virtuoso column on the 10 k register: Virtuoso is started, bulk-loaded with
the same graph and stopped; its answers are timed, and those whose row count differs from
Oxigraph's are marked wrong in the table, never shown as a time."""

from __future__ import annotations

import os
import subprocess

import pyoxigraph as ox
import pytest

from benchmarks.engines import virtuoso_named
from benchmarks.named_queries import time_named_queries
from benchmarks.named_table import rows
from benchmarks.virtuoso import installed

REQUIRED = os.environ.get("ACCREDIGRAPH_REQUIRE_ENGINES") == "1"
pytestmark = [
    pytest.mark.virtuoso,
    pytest.mark.slow,
    pytest.mark.skipif(not (installed() or REQUIRED), reason="Virtuoso is not installed"),
]
#: Answered alike by both engines (tests/store/test_virtuoso.py), and the lapsed-accreditation
#: flag, which Virtuoso 7.2 answers with fewer rows (docs/scale.md).
NAMES = ["who-is-who", "red-flag-void-edition", "summary-certificates-per-standard",
         "red-flag-lapsed-accreditation-valid-certificates"]  # fmt: skip


@pytest.fixture(scope="module")
def entry(store_10k, tmp_path_factory):
    work = tmp_path_factory.mktemp("bench-virtuoso")
    export = work / "graph.nt"
    with export.open("wb") as handle:
        store_10k.dump_to(handle, ox.RdfFormat.N_TRIPLES)
    there = virtuoso_named(export, work, 10_000, timeout=30, repeat=1, names=NAMES)
    here = time_named_queries(store_10k, repeat=1, names=NAMES, count_rows=True)
    return {"oxigraph": {"named queries": here}, "virtuoso": there, "store": store_10k}


def test_virtuoso_holds_the_same_graph_and_is_stopped(entry):
    assert "error" not in entry["virtuoso"], entry["virtuoso"]
    assert entry["virtuoso"]["triples"] == len(entry["store"])
    assert entry["virtuoso"]["load seconds"] > 0
    # the server it started is gone (only this test's Virtuoso would listen on its folder)
    running = subprocess.run(["pgrep", "-f", "bench-virtuoso"], capture_output=True, text=True)
    assert running.stdout.strip() == ""


def test_the_virtuoso_column_times_right_answers_and_marks_wrong_ones(entry):
    table = {row["query"]: row for row in rows(entry)}
    assert sorted(table) == sorted(NAMES)
    virtuoso = entry["virtuoso"]["named queries"]
    oxigraph = entry["oxigraph"]["named queries"]
    for name in NAMES:
        cell = table[name]["Virtuoso warm"]
        if virtuoso[name].get("all rows") == oxigraph[name]["all rows"]:
            assert cell.endswith((" s", " ms")), cell
        else:
            assert cell.startswith(("**wrong**", "failed")), cell
            assert table[name]["Oxigraph / Virtuoso"] == ""
    for name in NAMES[:3]:
        assert virtuoso[name]["all rows"] == oxigraph[name]["all rows"], name
