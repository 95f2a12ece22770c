"""``python -m benchmarks.named_queries --query NAME`` times only the queries named (what
docs/scale.md's figures for single queries are measured with)."""

from __future__ import annotations

import json

from benchmarks.named_queries import main


def test_query_option_times_only_the_queries_named(tmp_path, capsys):
    out = tmp_path / "timings.json"
    names = ["red-flag-imitation-ab-names", "summary-certificates-per-cb"]
    argv = ["--store", "memory", "--repeat", "1", "--out", str(out)]
    assert main([*argv, "--query", names[0], "--query", names[1]]) == 0
    assert sorted(json.loads(out.read_text())) == names
    table = capsys.readouterr().out
    assert all(f"| {name} |" in table for name in names)
    assert "2 named queries" in table
