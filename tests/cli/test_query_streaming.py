"""``accredigraph query --format …`` writes a large answer as it comes, in bounded memory, and
stops at ``--timeout`` with an error, on an on-disk store (issue 13; the worker path of
:func:`graph.sparql.open_stream`, as the endpoint's)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

MB = 1024 * 1024
#: Every triple of the bundled graph 40 times over: about 600,000 rows.
LARGE = f"SELECT * WHERE {{ ?s ?p ?o . VALUES ?k {{ {' '.join(map(str, range(40)))} }} }}"
ENDLESS = "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d }"


def _accredigraph(store: str, *args: str, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "graph", "--store", store, "query", *args],
                            stdout=out.open("wb"), stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(Path.cwd())})  # fmt: skip


def _rss(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def test_a_large_answer_is_written_as_it_comes_in_bounded_memory(cli_store, tmp_path):
    out = tmp_path / "answer.json"
    process = _accredigraph(cli_store, "--format", "json", "--timeout", "300", LARGE, out=out)
    peak, first_at, started = 0, None, time.monotonic()
    while process.poll() is None:
        peak = max(peak, _rss(process.pid, "VmHWM:"))
        if first_at is None and out.stat().st_size > 0:
            first_at = time.monotonic() - started
        time.sleep(0.02)
    total = time.monotonic() - started
    assert process.returncode == 0, process.stderr.read() if process.stderr else ""
    size = out.stat().st_size
    print(f"{size / MB:.0f} MB written; first bytes after {first_at} s of {total:.1f} s; "
          f"peak RSS of the command {peak / MB:.0f} MB")  # fmt: skip
    assert size > 100 * MB
    assert first_at is not None and first_at < total / 2  # written while the query ran
    assert peak < 200 * MB  # the command, not its worker: it never holds the answer


def test_the_time_limit_stops_a_streamed_answer_with_an_error(cli_store, tmp_path):
    out = tmp_path / "answer.csv"
    started = time.monotonic()
    process = _accredigraph(cli_store, "--format", "csv", "--timeout", "2", ENDLESS, out=out)
    _, err = process.communicate(timeout=60)
    assert time.monotonic() - started < 15
    assert process.returncode == 1
    assert b"time limit of 2 s" in err
    assert out.stat().st_size > 0  # what came before the deadline was written as it came
