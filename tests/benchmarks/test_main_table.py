"""The bench's main table (``benchmarks.run.table``) shows the build's own peak RSS beside the
child's whole-life peak, each against the 2 GB goal at 1 M: a peak reached after the build, by
what the child measures then, is not put down to the build."""

from __future__ import annotations

import pytest

from benchmarks import run


def _rows(results):
    return {
        (line.split(" | ")[0].strip("| "), line.split(" | ")[1]): line
        for line in run.table(results).splitlines()[2:]
    }


def test_the_build_peak_and_the_child_peak_are_rows_of_their_own():
    results = {
        "sizes": {"1000000": {"oxigraph": {"build: peak RSS": 2_000.0, "peak RSS": 2_300.0}}}
    }
    rows = _rows(results)
    assert rows[("1,000,000", "build: peak RSS")].endswith("| 2,000 MB | - |  | ≤ 2,048 MB ok |")
    assert "MISSED x1.1" in rows[("1,000,000", "peak RSS")]


def test_below_a_million_no_verdict_is_given():
    rows = _rows({"sizes": {"10000": {"oxigraph": {"build: peak RSS": 3_000.0}}}})
    assert rows[("10,000", "build: peak RSS")].endswith("| ≤ 2,048 MB |")


@pytest.mark.parametrize(
    ("kind", "timing", "rows"),
    [
        ("name", "_search_by_name", ("name index build", "a name matching nothing",
                                     "the same, organisations by the query")),
        ("number", "_search_by_number", ("number index build", "a number matching nothing",
                                         "the same, numbers by the query")),
    ],
)  # fmt: skip
def test_the_search_for_something_unknown_is_timed_with_its_index(tmp_path, kind, timing, rows):
    from graph.explore import name_index, number_index
    from graph.ingest.build import build_store

    index = {"name": name_index, "number": number_index}[kind]
    store, _ = build_store(tmp_path / "store")
    assert not store.derived_file(index.FILE).exists()
    figures = getattr(run, timing)(store)
    assert store.derived_file(index.FILE).is_file()  # built, as the app's warm-up does
    assert set(figures) == {f"search: {row}" for row in rows}
    assert all(seconds > 0 for seconds in figures.values())
    table = _rows({"sizes": {"1000000": {"oxigraph": figures}}})
    assert table[("1,000,000", f"search: {rows[1]}")].endswith("| ≤ 2.00 s ok |")
