"""``accredigraph query NAME --after …``: a long list a page at a time from the command line, as
the app's "Next" button gives it (issue 14). The first page says on standard error how to ask
for the next; the pages, end to end, are the list in its order."""

from __future__ import annotations

import csv
import io
import shlex

from graph.cli.main import main

NAME = "expiring-certificates"
WINDOW = ["--param", "asOf=2020-01-01", "--param", "days=3650"]  # every sample certificate


def _csv(cli_store, capsys, *args) -> tuple[list[list[str]], str]:
    code = main(["--store", cli_store, "query", NAME, *WINDOW, "--format", "csv", *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    header = rows[0]
    keep = [i for i, v in enumerate(header) if v not in ("afterDate", "afterId")]
    return [[row[i] for i in keep] for row in rows[1:]], err


def _after(err: str) -> list[str]:
    line = next(x for x in err.splitlines() if x.startswith("next page: add --after "))
    return shlex.split(line.removeprefix("next page: add --after "))


def test_pages_follow_each_other_from_the_command_line(cli_store, capsys):
    whole, err = _csv(cli_store, capsys)
    assert len(whole) > 7 and "next page" not in err  # every row: no page to ask for
    pages, after = [], []
    while True:
        rows, err = _csv(cli_store, capsys, "--limit", "3", *(["--after", *after] if after else []))
        pages += rows
        if "next page" not in err:
            break
        after = _after(err)
        assert len(after) == 2 and after[0][:2] in ("20", "19")  # the expiry date, then the id
    assert pages == whole


def test_the_table_says_how_to_get_the_next_page(cli_store, capsys):
    code = main(["--store", cli_store, "query", NAME, *WINDOW, "--limit", "2"])
    out, err = capsys.readouterr()
    assert code == 0 and "(2 rows, truncated at the row cap)" in out
    first = _after(err)
    code = main(["--store", cli_store, "query", NAME, *WINDOW, "--limit", "2", "--after", *first])
    out, err = capsys.readouterr()
    assert code == 0 and first[1] in out  # the cursor columns say where the page starts
    assert _after(err) != first


def test_after_is_refused_where_it_means_nothing(cli_store, capsys):
    assert main(["--store", cli_store, "query", "class-counts", "--after", "x"]) == 1
    assert "not paged" in capsys.readouterr().err
    assert main(["--store", cli_store, "query", NAME, "--after", "2027-01-01"]) == 1
    assert "validUntil id (2 values)" in capsys.readouterr().err
    assert main(["--store", cli_store, "query", "SELECT * { ?s ?p ?o }", "--after", "x"]) == 1
    assert "named queries only" in capsys.readouterr().err


def test_a_red_flag_comes_a_page_at_a_time_too(cli_store, capsys):
    # The red flags kept in pages (graph/ingest/flag_pages.py) take the last row's problem,
    # certificate id and accreditation id.
    name, shown = "red-flag-ab-not-signatory", 12  # the columns before the cursor's

    def page(*args: str) -> tuple[list[list[str]], str]:
        code = main(["--store", cli_store, "query", name, "--format", "csv", *args])
        out, err = capsys.readouterr()
        assert code == 0, err
        return [row[:shown] for row in list(csv.reader(io.StringIO(out)))[1:]], err

    whole, _ = page()
    assert len(whole) > 4
    pages, after = [], []
    while True:
        rows, err = page("--limit", "2", *(["--after", *after] if after else []))
        pages += rows
        if "next page" not in err:
            break
        after = _after(err)
        assert len(after) == 3 and after[2] in {row[7] for row in rows}  # the accreditation id
    assert pages == whole
