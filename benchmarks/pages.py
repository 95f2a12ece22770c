"""Paged named queries, page by page: the first page, later pages, and the text as written.

For each named query with a next page (``# after:``), as the app runs it (row cap 1,000), in
one process: the text as written with its parameters bound (no first step, no paging: what
another engine runs), then the first page through :func:`graph.query.run_named`, then the
pages asked for with the previous page's last row (``--pages``), each a warm-up and the
median of ``--repeat`` runs. Used for docs/scale.md ("Long lists a page at a time")::

    python -m benchmarks.pages --store .accredigraph/store --cb G-CB-00926
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from graph import sparql
from graph.errors import QueryTimeout
from graph.query import bind_value, load_named, named_queries, run_named
from graph.store import Store, open_store

__all__ = ["paged_queries", "time_pages"]


def paged_queries() -> list[str]:
    """The named queries that have a next page, sorted."""
    return sorted(n for n, q in named_queries().items() if q.after)


def _median(call: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    result = call()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def time_pages(
    store: Store,
    name: str,
    params: dict[str, str],
    *,
    pages: tuple[int, ...] = (1, 2, 6),
    repeat: int = 3,
    row_cap: int = 1000,
    timeout: float = 120.0,
    as_written: bool = True,
) -> dict[str, Any]:
    """``{"as written": s, "page N": s, ...}`` for ``name`` with ``params`` (a page past the
    end of the list is left out; a run past ``timeout`` says so)."""
    query = load_named(name)
    out: dict[str, Any] = {}
    if as_written:
        given = {p.name: params.get(p.name, p.default) for p in query.params}
        bindings = {p.name: bind_value(p, given[p.name], store) for p in query.params
                    if given[p.name]}  # fmt: skip
        try:
            out["as written"], _ = _median(lambda: sparql.run(
                store, query.query, bindings=bindings, row_cap=row_cap, timeout=timeout,
                trusted=True), repeat)  # fmt: skip
        except QueryTimeout:
            out["as written"] = f"stopped at {timeout:g} s"
    cursor, at = dict(params), 1
    for page in sorted(pages):
        while at < page:  # the previous pages, untimed, for the cursor
            result = run_named(store, name, cursor, row_cap=row_cap, timeout=timeout)
            if not result.truncated:
                return out
            last = result.rows[-1]
            for column, param in zip(query.page, query.after, strict=True):
                cursor[param] = last[result.variables.index(column)].value
            at += 1
        seconds, result = _median(
            lambda c=dict(cursor): run_named(store, name, c, row_cap=row_cap, timeout=timeout),
            repeat,
        )
        out[f"page {page}"] = seconds
        out[f"page {page} rows"] = len(result.rows)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.pages",
                                description=__doc__.split("\n")[0])  # fmt: skip
    p.add_argument("--store", required=True, help="store directory or SPARQL endpoint URL")
    p.add_argument("--cb", help="certification body for certificates-of-cb (default: its own)")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--no-as-written", action="store_true", help="skip the unpaged text")
    args = p.parse_args(argv)
    store = open_store(args.store, read_only=True)
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    for name in paged_queries():
        params = {"cb": args.cb} if args.cb and name == "certificates-of-cb" else {}
        timings = time_pages(store, name, params, repeat=args.repeat,
                             as_written=not args.no_as_written)  # fmt: skip
        shown = ", ".join(f"{k} {v:.3f} s" if isinstance(v, float) else f"{k} {v}"
                          for k, v in timings.items())  # fmt: skip
        print(f"{name} {params}: {shown}", flush=True)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
