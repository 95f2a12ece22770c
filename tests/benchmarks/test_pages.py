"""``python -m benchmarks.pages``: each paged query timed page by page on one store."""

from __future__ import annotations

from benchmarks.pages import main, paged_queries, time_pages


def test_every_paged_query_is_timed_page_by_page(bundled_store):
    assert "expiring-certificates" in paged_queries()
    params = {"asOf": "2020-01-01", "days": "3650"}
    timings = time_pages(bundled_store, "expiring-certificates", params, pages=(1, 2),
                         repeat=1, row_cap=3)  # fmt: skip
    assert isinstance(timings["as written"], float)
    assert timings["page 1 rows"] == timings["page 2 rows"] == 3
    # past the end of the list: the page is left out
    short = time_pages(bundled_store, "certificates-of-cb", {}, pages=(1, 500), repeat=1,
                       row_cap=5, as_written=False)  # fmt: skip
    assert "page 1" in short and "page 500" not in short


def test_the_command_prints_one_line_per_paged_query(cli_store, capsys):
    assert main(["--store", cli_store, "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert all(f"{name} " in out for name in paged_queries())
    assert "page 1" in out and "load average" in out
