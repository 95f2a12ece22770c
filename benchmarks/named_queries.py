"""Every public named query, timed on one store: what an analyst waits for at this size.

For each named query whose audience is not ``internal``, with its default parameters, as the app
and the CLI run it (``graph.query.run_named``: the read-only guard, a row cap of 1,000 and a
time limit): one warm-up run, then the median of ``--repeat`` runs. A query stopped at the time
limit is reported as such, never as a time. Used by ``make bench`` (``benchmarks/run.py``) and on
its own::

    python -m benchmarks.named_queries --store .accredigraph/store
    python -m benchmarks.named_queries --store http://127.0.0.1:8890/sparql   # another engine
    python -m benchmarks.named_queries --store PATH --query red-flag-void-edition  # just these
    python -m benchmarks.named_queries --store S --read-only --query class-counts   # one query
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from pathlib import Path
from typing import Any

from graph.errors import QueryError, QueryTimeout, StoreError
from graph.query import named_queries, run_named
from graph.store import Store, open_store

__all__ = ["TARGET_SECONDS", "listed_queries", "time_named_queries"]

#: Every listed named query should answer within this at 1 M certificates (issue 14).
TARGET_SECONDS = 2.0


def listed_queries() -> list[str]:
    """The named queries an analyst can pick (audience not ``internal``), sorted."""
    return sorted(n for n, q in named_queries().items() if q.audience != "internal")


def time_named_queries(
    store: Store,
    *,
    timeout: float = 30.0,
    repeat: int = 3,
    row_cap: int = 1000,
    names: list[str] | None = None,
    count_rows: bool = False,
) -> dict[str, dict[str, Any]]:
    """``{query name: {"seconds": median, "rows": n}}``, or ``{"error": reason}`` for a query
    that ran past ``timeout`` or failed. ``names``: these queries only (default: every listed
    one). ``count_rows``: an answer cut at ``row_cap`` is run once more without the cap,
    untimed, and its full size given as ``"all rows"`` (to compare engines' answers)."""
    out: dict[str, dict[str, Any]] = {}
    for name in listed_queries() if names is None else names:
        try:
            result = run_named(store, name, row_cap=row_cap, timeout=timeout)  # warm-up
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                result = run_named(store, name, row_cap=row_cap, timeout=timeout)
                times.append(time.perf_counter() - started)
        except QueryTimeout:
            out[name] = {"error": f"stopped at the {timeout:g} s limit"}
            continue
        except (QueryError, StoreError) as exc:  # StoreError: another engine's own failure
            out[name] = {"error": _reason(exc)}
            continue
        rows = _size(result)
        out[name] = {"seconds": statistics.median(times), "rows": rows}
        if count_rows:
            out[name]["all rows"] = rows
            if rows >= row_cap:
                try:
                    out[name]["all rows"] = _size(run_named(store, name, timeout=timeout,
                                                            row_cap=None))  # fmt: skip
                except (QueryError, StoreError) as exc:  # QueryTimeout is one
                    out[name]["all rows"] = f"not counted: {_reason(exc)}"
    return out


def _reason(exc: Exception) -> str:
    """The first line of an error, without the endpoint's URL (a remote engine's message
    starts "the SPARQL endpoint URL answered ...")."""
    text = str(exc).splitlines()[0]
    return re.sub(r"^the SPARQL endpoint \S+ ", "", text)[:160]


def _size(result: Any) -> int:
    return len(getattr(result, "rows", getattr(result, "triples", ())))


def table(timings: dict[str, dict[str, Any]]) -> str:
    """A Markdown table of :func:`time_named_queries`, with the 2 s target."""
    lines = ["| named query | seconds | rows | ≤ 2 s |", "|---|---|---|---|"]
    for name, entry in timings.items():
        if "error" in entry:
            lines.append(f"| {name} | {entry['error']} | - | MISSED |")
            continue
        ok = "met" if entry["seconds"] <= TARGET_SECONDS else "MISSED"
        lines.append(f"| {name} | {entry['seconds']:.3f} | {entry['rows']} | {ok} |")
    met = sum(1 for e in timings.values() if e.get("seconds", 1e9) <= TARGET_SECONDS)
    lines.append(f"\n{met} of {len(timings)} named queries answer within {TARGET_SECONDS:g} s.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.named_queries",
                                description=__doc__.split("\n")[0])  # fmt: skip
    p.add_argument("--store", required=True, help="store directory or SPARQL endpoint URL")
    p.add_argument("--timeout", type=float, default=30.0)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--out", help="also write the timings as JSON here")
    p.add_argument(
        "--query",
        action="append",
        metavar="NAME",
        help="time this named query only (repeatable; default: every listed one)",
    )
    p.add_argument(
        "--read-only",
        action="store_true",
        help="open an on-disk store read-only (one another process writes or shares)",
    )
    args = p.parse_args(argv)
    store = open_store(args.store, read_only=args.read_only)
    timings = time_named_queries(store, timeout=args.timeout, repeat=args.repeat,
                                 names=args.query)  # fmt: skip
    print(table(timings))
    if args.out:
        Path(args.out).write_text(json.dumps(timings, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
