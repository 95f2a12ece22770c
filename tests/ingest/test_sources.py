"""How well the bundled accreditation bodies are sourced (issue 11, item 3)."""

from __future__ import annotations

import json

from graph.cli.main import main
from graph.query import run_named

STATUSES = {"confirmed", "confirmed-scopes-unknown", "unconfirmed", "not-signatory"}


def _counts(store) -> dict[str, int]:
    return {r["status"]: r["count"] for r in run_named(store, "ab-source-counts").records()}


def test_every_accreditation_body_has_one_source_status(bundled_store):
    counts = _counts(bundled_store)
    rows = run_named(bundled_store, "ab-source-status", row_cap=None).records()
    assert set(counts) <= STATUSES
    assert sum(counts.values()) == len(rows) == len({r["abId"] for r in rows})
    for status in STATUSES:
        assert counts.get(status, 0) == sum(r["status"] == status for r in rows)


def test_a_confirmed_signatory_cites_a_source_and_its_scopes(bundled_store):
    rows = run_named(bundled_store, "ab-source-status", row_cap=None).records()
    for row in rows:
        if row["status"].startswith("confirmed"):
            assert row["state"] == "signatory" and row["confidence"] != "unverified"
            assert row["sources"] >= 1, row["abId"]
        if row["status"] == "confirmed":
            assert row["scopes"] >= 1, row["abId"]


def test_stats_sources_prints_the_counts(cli_store, capsys):
    assert main(["--store", cli_store, "stats", "--sources", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    statuses = {b["status"]["value"] for b in data["results"]["bindings"]}
    assert statuses <= STATUSES and "confirmed" in statuses
    assert main(["--store", cli_store, "stats", "--sources"]) == 0
    assert "unconfirmed" in capsys.readouterr().out
