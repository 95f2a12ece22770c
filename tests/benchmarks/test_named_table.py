"""The side-by-side table of ``make bench`` (benchmarks/named_table.py), on made-up timings."""

from __future__ import annotations

from benchmarks.named_table import COLUMNS, markdown, rows


def _t(seconds: float, rows: int) -> dict:
    return {"seconds": seconds, "rows": min(rows, 1000), "all rows": rows}


ENTRY = {
    "oxigraph": {
        "named queries": {
            "red-flag-void-edition": _t(0.5, 57),
            "red-flag-lapsed-accreditation-valid-certificates": _t(0.05, 13),
            "who-is-who": _t(0.004, 24),
            "certificate-chain": _t(3.0, 1),
            "expiring-certificates": {"error": "stopped at the 30 s limit"},
        },
        "named queries, fresh process": {
            "red-flag-void-edition": {"seconds": 0.9, "wall": 2.5, "rows": 57},
            "who-is-who": {"error": "process exited with status 1"},
        },
    },
    "virtuoso": {
        "named queries": {
            "red-flag-void-edition": _t(1.0, 57),
            "red-flag-lapsed-accreditation-valid-certificates": _t(0.2, 3),
            "who-is-who": _t(0.01, 24),
            "certificate-chain": {"error": "answered 500 SR186: SQ074"},
            "expiring-certificates": _t(2.0, 601),
        }
    },
    "duckdb": {
        "queries": {
            "red-flag-void-edition": _t(0.01, 57),
            "red-flag-lapsed-accreditation-valid-certificates": _t(0.1, 13),
            "expiring-certificates": _t(0.02, 601),
        }
    },
}


def _by_query(entry: dict) -> dict[str, dict[str, str]]:
    return {row["query"]: row for row in rows(entry)}


def test_one_row_per_query_oxigraph_was_asked_with_every_column():
    table = _by_query(ENTRY)
    assert sorted(table) == sorted(ENTRY["oxigraph"]["named queries"])
    assert all(list(row) == COLUMNS for row in table.values())


def test_ratios_against_virtuoso_and_the_duckdb_floor():
    row = _by_query(ENTRY)["red-flag-void-edition"]
    assert row["Oxigraph warm"] == "0.50 s"
    assert row["Virtuoso warm"] == "1.00 s"
    assert row["DuckDB floor"] == "10.0 ms"
    assert row["Oxigraph / Virtuoso"] == "0.5x"
    assert row["Oxigraph / DuckDB"] == "50.0x"
    assert row["Oxigraph fresh process"] == "0.90 s (process 2.50 s)"
    assert row["rows"] == "57"
    assert row["goals"] == "≤ 2 s met; vs Virtuoso met; ≤ 0.2 s MISSED"


def test_a_wrong_answer_is_shown_as_wrong_with_both_counts_and_no_ratio():
    row = _by_query(ENTRY)["red-flag-lapsed-accreditation-valid-certificates"]
    assert row["Virtuoso warm"].startswith("**wrong**: 3 rows, Oxigraph 13")
    assert row["Oxigraph / Virtuoso"] == ""
    assert row["rows"] == "Oxigraph 13 · Virtuoso 3 · DuckDB 13"
    assert "vs Virtuoso" not in row["goals"]  # a wrong answer is no yardstick
    assert "than Oxigraph (or, without an Oxigraph answer, the DuckDB floor): red-flag-lapsed" in (
        markdown(10_000, ENTRY)
    )


def test_failures_are_shown_with_their_reason_not_hidden():
    table = _by_query(ENTRY)
    assert table["certificate-chain"]["Virtuoso warm"] == "failed: answered 500 SR186: SQ074"
    assert table["certificate-chain"]["goals"] == "≤ 2 s MISSED"
    assert table["expiring-certificates"]["Oxigraph warm"] == "failed: stopped at the 30 s limit"
    # no answer misses every goal that applies, against Virtuoso too
    assert (
        table["expiring-certificates"]["goals"]
        == "≤ 2 s MISSED; vs Virtuoso MISSED; ≤ 0.2 s MISSED"
    )
    assert table["who-is-who"]["Oxigraph fresh process"].startswith("failed: process exited")


def test_the_virtuoso_goal_applies_only_above_a_tenth_of_a_second():
    assert _by_query(ENTRY)["who-is-who"]["goals"] == "≤ 2 s met"
    slow = {"oxigraph": {"named queries": {"who-is-who": _t(0.3, 24)}},
            "virtuoso": {"named queries": {"who-is-who": _t(0.2, 24)}}}  # fmt: skip
    assert _by_query(slow)["who-is-who"]["goals"] == "≤ 2 s met; vs Virtuoso MISSED"


def test_missing_engines_say_why():
    entry = {"oxigraph": ENTRY["oxigraph"], "virtuoso": {"not installed": "no virtuoso-t"},
             "duckdb": {"not installed": "no duckdb"}}  # fmt: skip
    table = _by_query(entry)
    assert table["who-is-who"]["Virtuoso warm"] == "not installed"
    assert table["red-flag-void-edition"]["DuckDB floor"] == "not installed"
    assert table["who-is-who"]["DuckDB floor"] == "-"  # no floor for it: not an aggregate
    failed = _by_query({"oxigraph": ENTRY["oxigraph"], "virtuoso": {"error": "did not start"}})
    assert failed["who-is-who"]["Virtuoso warm"] == "failed: did not start"
    assert failed["who-is-who"]["DuckDB floor"] == "-"


def test_markdown_is_one_table_with_a_summary_of_the_goals():
    text = markdown(10_000, ENTRY)
    lines = text.splitlines()
    assert lines[0] == "#### 10,000 certificates"
    assert lines[2] == "| " + " | ".join(COLUMNS) + " |"
    assert sum(line.startswith("| ") for line in lines) == 1 + len(
        ENTRY["oxigraph"]["named queries"]
    )
    assert (
        "3 of 5 listed named queries answer within 2 s warm; 1 of 2 where Virtuoso needs more "
        "than 0.1 s are no slower than Virtuoso; 1 of 3 aggregates and red flags answer within "
        "0.2 s." in text
    )


def test_without_an_oxigraph_answer_virtuoso_is_checked_against_the_floor():
    entry = {
        "oxigraph": {"named queries": {"red-flag-sector-outside-scope": {"error": "stopped"}}},
        "virtuoso": {"named queries": {"red-flag-sector-outside-scope": _t(1.7, 7556)}},
        "duckdb": {"queries": {"red-flag-sector-outside-scope": _t(0.1, 9999)}},
    }
    row = _by_query(entry)["red-flag-sector-outside-scope"]
    assert row["Virtuoso warm"].startswith("**wrong**: 7556 rows, DuckDB 9999")
    assert row["rows"] == "Oxigraph - · Virtuoso 7556 · DuckDB 9999"
    assert "vs Virtuoso" not in row["goals"]
