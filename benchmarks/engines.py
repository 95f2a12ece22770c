"""The named queries beside Oxigraph's warm timings: in a fresh process, on Virtuoso, and the
DuckDB floor — the columns of :mod:`benchmarks.named_table`, measured by ``make bench``.

- :func:`fresh_process` runs each listed named query in a new Python process of its own, as a
  CLI user does: start, import, open the on-disk store, answer. ``seconds`` is the query alone
  (the first one on a store just opened: nothing cached); ``wall`` is from starting the
  process to its exit.
- :func:`virtuoso_named` loads an N-Triples export of the same store into a Virtuoso of its own
  (Virtuoso's bulk loader) and times every listed named query through ``--store URL``
  (:class:`graph.store.RemoteStore`), warm, like Oxigraph. Virtuoso's own per-query limit
  answers with what it found so far ("anytime" results), so an answer that took the whole limit
  is reported as stopped, never as a time; a query left running after the client gave up makes
  the next ones wait, so Virtuoso is restarted after a timeout.
- :func:`duckdb_floor` is :func:`benchmarks.duckdb_floor.floor_for_register`, or "not
  installed" without the ``duckdb`` package.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.named_queries import listed_queries, time_named_queries

__all__ = ["duckdb_floor", "fresh_process", "virtuoso_named"]

ROOT = Path(__file__).resolve().parent.parent

FRESH = """
import json, sys, time
started = time.perf_counter()
from graph.errors import QueryError
from graph.query import run_named
from graph.store import open_store
store = open_store(sys.argv[1])
opened = time.perf_counter()
try:
    result = run_named(store, sys.argv[2], row_cap=1000, timeout=float(sys.argv[3]))
except QueryError as exc:
    print(json.dumps({"error": str(exc).splitlines()[0][:120]}))
else:
    print(json.dumps({"seconds": time.perf_counter() - opened, "open": opened - started,
                      "rows": len(getattr(result, "rows", getattr(result, "triples", ())))}))
"""


def fresh_process(location: Path, *, timeout: float = 30.0) -> dict[str, dict[str, Any]]:
    """Each listed named query in a new process on the store at ``location``."""
    out: dict[str, dict[str, Any]] = {}
    for name in listed_queries():
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", FRESH, str(location), name, str(timeout)],
            capture_output=True, text=True, cwd=ROOT, check=False, timeout=timeout + 120,
        )  # fmt: skip
        wall = time.perf_counter() - started
        try:
            out[name] = json.loads(done.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            out[name] = {"error": f"process exited with status {done.returncode}"}
            continue
        out[name]["wall"] = wall
    return out


def virtuoso_named(
    ntriples: Path,
    work: Path,
    size: int,
    *,
    timeout: float = 30.0,
    repeat: int = 3,
    names: list[str] | None = None,
) -> dict[str, Any]:
    """Virtuoso loaded with ``ntriples``: ``{"load seconds", "triples", "named queries"}``,
    or ``{"not installed": ...}`` / ``{"error": ...}``. ``names``: these queries only (default:
    every listed one); ``size`` (certificates) sizes Virtuoso's page cache."""
    from benchmarks.virtuoso import VirtuosoError, installed, running
    from graph.store import RemoteStore

    if not installed():
        return {"not installed": "virtuoso-t and isql-vt are not on the PATH (make engines)"}
    folder = work / f"virtuoso-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    # a page cache that holds the graph: ~85,000 pages a GB
    options = {"buffers": 340_000 if size >= 1_000_000 else 120_000,
               "max_seconds": int(timeout), "max_rows": 10_000_000}  # fmt: skip
    res: dict[str, Any] = {"version": _version(), "named queries": {}}
    stack = contextlib.ExitStack()
    try:
        server = stack.enter_context(running(folder, **options))
        started = time.perf_counter()
        server.bulk_load(ntriples)
        res["load seconds"] = time.perf_counter() - started
        # the client waits longer than Virtuoso's own limit, so that limit is what stops a query
        store = RemoteStore(server.url, timeout=timeout + 15)
        res["triples"] = len(store)
        for name in listed_queries() if names is None else names:
            try:
                entry = time_named_queries(store, timeout=timeout + 15, repeat=repeat,
                                           names=[name], count_rows=True)[name]  # fmt: skip
            except Exception as exc:  # e.g. an answer our client cannot read
                reason = str(exc).splitlines()[0][:120] if str(exc) else ""
                entry = {"error": f"{type(exc).__name__}: {reason}"}
            if entry.get("seconds", 0) >= 0.95 * timeout:
                entry = {"error": f"stopped at Virtuoso's {timeout:g} s limit (partial answer)"}
            elif "limit" in entry.get("error", ""):
                entry = {"error": f"no answer within {timeout + 15:g} s (Virtuoso's own "
                         f"{timeout:g} s limit did not stop it)"}  # fmt: skip
            res["named queries"][name] = entry
            if "error" in entry and ("limit" in entry["error"] or "within" in entry["error"]):
                stack.close()  # a query still running there would hold up the next ones
                server = stack.enter_context(running(folder, **options))
                store = RemoteStore(server.url, timeout=timeout + 15)
    except VirtuosoError as exc:
        res["error"] = str(exc)
    finally:
        stack.close()
        shutil.rmtree(folder, ignore_errors=True)
    return res


def _version() -> str:
    done = subprocess.run(["virtuoso-t", "-?"], capture_output=True, text=True, check=False)
    text = (done.stdout + done.stderr).splitlines()
    return next((line.strip() for line in text if "Version" in line), "unknown")


def duckdb_floor(register: Path, *, repeat: int = 3) -> dict[str, Any]:
    """The DuckDB floor on the bundled data and ``register``, or ``{"not installed": ...}``."""
    try:
        import duckdb
    except ImportError:
        return {"not installed": "the duckdb package is not installed (pip install -e .[dev])"}
    from benchmarks.duckdb_floor import floor_for_register

    res = floor_for_register(register, repeat=repeat)
    res["version"] = duckdb.__version__
    return res
