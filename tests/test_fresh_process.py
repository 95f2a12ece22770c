"""A fresh process's first named query loads only what a query needs (issue 14: the first query of
a new process on a 1 M store within 0.3 s, measured by ``benchmarks/run.py``, never here).

Each test runs a new Python process and lists what it imported: the query path (as the bench's
``FRESH_QUERY`` runs it), the worker process that enforces the time limit, and the command
line's ``query``. Modules named here were on those paths once and were taken off; the command
line's other commands (explore, verify, serve, build) import theirs when they run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Off the path of ``run_named(open_store(DIR), NAME)``: the scheduler's asyncio (for the
#: endpoint's coroutines) and the remote store's HTTP client.
OFF_THE_QUERY_PATH = ("asyncio", "http.client", "ssl", "urllib.request")
#: Off the path of ``accredigraph --store DIR query NAME`` too: the explorer's, the verifier's,
#: the endpoint's and the builder's libraries.
OFF_THE_CLI_PATH = (
    *OFF_THE_QUERY_PATH,
    *("networkx", "pyvis", "pyshacl", "rdflib", "uvicorn", "starlette", "pycountry"),
    *("graph.ingest.build", "graph.serve.endpoint"),
)

_LOADED = """
import json, sys
{body}
off = {off!r}
print(json.dumps(sorted(m for m in off if m in sys.modules)))
"""


def _loaded(body: str, off: tuple[str, ...], *args: str) -> tuple[list[str], str]:
    """Run ``body`` in a new process; the modules of ``off`` it loaded, and what it printed."""
    done = subprocess.run(
        [sys.executable, "-c", _LOADED.format(body=body, off=off), *args],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    *before, last = done.stdout.splitlines()
    return json.loads(last), b"\n".join(before).decode(errors="replace")


@pytest.mark.slow
def test_a_named_query_in_a_fresh_process_loads_no_endpoint_or_http_module(cli_store):
    body = (
        "from graph.query import run_named\n"
        "from graph.store import open_store\n"
        "print(len(run_named(open_store(sys.argv[1], read_only=True), 'who-is-who').rows))\n"
    )
    loaded, printed = _loaded(body, OFF_THE_QUERY_PATH, cli_store)
    assert int(printed) > 0  # answered, through the worker process (the default time limit)
    assert loaded == []


@pytest.mark.slow
def test_the_query_worker_loads_the_answer_writer_only_to_stream(cli_store):
    # The worker as its parent starts it; stdin closed: it opens the store, says so, and ends.
    body = (
        "import runpy\n"
        "sys.argv = ['worker', sys.argv[1], '0']\n"
        "runpy.run_module('graph.sparql.worker_process', run_name='__main__')\n"
        "sys.stdout.buffer.flush(); print()\n"
    )
    off = ("graph.sparql.serialise", *OFF_THE_QUERY_PATH)
    done = subprocess.run(
        [sys.executable, "-c", _LOADED.format(body=body, off=off), cli_store],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert b"ready" in done.stdout  # it opened the store
    assert json.loads(done.stdout.splitlines()[-1]) == []


@pytest.mark.slow
def test_the_command_line_query_loads_none_of_the_other_commands_libraries(cli_store):
    body = (
        "from graph.cli.main import main\n"
        "assert main(['--store', sys.argv[1], 'query', 'who-is-who', '--format', 'csv']) == 0\n"
    )
    loaded, printed = _loaded(body, OFF_THE_CLI_PATH, cli_store)
    assert printed.splitlines()[0].startswith("kind,thing,name")  # the answer was written
    assert loaded == []


@pytest.mark.slow
def test_the_other_commands_still_load_what_they_run(cli_store):
    """The lists above can fail: a command that needs a library still loads it."""
    body = (
        "from graph.cli.main import main\n"
        "assert main(['--store', sys.argv[1], 'hubs', '--top', '1']) == 0\n"
    )
    loaded, _ = _loaded(body, ("networkx",), cli_store)
    assert loaded == ["networkx"]
