"""A build with a timer around each of its phases: wall and CPU seconds (all threads) and the
peak RSS so far, printed to stderr as each phase starts and ends (issue 14, docs/scale.md,
"Cutting the build's CPU").

The phases are the compile (CSV to N-Triples, while the bulk loader reads them in a thread:
its end is the first ``_check_turtle``), the wait for the loader (``loader join``), the flags
refreshed, the class partition and the VoID count (``load_with_statistics``, ``count_store``)
and any ``len`` of the store. Run it under ``/usr/bin/time -v`` for the totals::

    /usr/bin/time -v python -m benchmarks.build_phases STORE REGISTER
"""

from __future__ import annotations

import functools
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import graph.ingest.build as build_module
import graph.ingest.pipe as pipe_module
import graph.ingest.statistics as statistics_module
import graph.ingest.void_nodes as void_nodes_module
from graph.store import OxigraphStore

_WALL, _CPU = time.perf_counter(), time.process_time()


def mark(what: str) -> None:
    """Print ``what`` with the wall and CPU seconds since the start and the peak RSS so far."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"[{time.perf_counter() - _WALL:7.1f} s wall, {time.process_time() - _CPU:7.1f} s cpu]"
          f" {what}  maxrss {peak:.0f} MB", file=sys.stderr, flush=True)  # fmt: skip


def timed(owner: Any, name: str) -> None:
    """Replace ``owner.name`` by the same function, marked at its start and end."""
    function: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        mark(f"> {name}")
        result = function(*args, **kwargs)
        mark(f"< {name} ({time.perf_counter() - wall:.1f} s wall, "
             f"{time.process_time() - cpu:.1f} s cpu)")  # fmt: skip
        return result

    setattr(owner, name, wrapper)


def main(argv: list[str]) -> int:
    store, register = argv
    for owner, name in [(build_module, "_check_turtle"), (build_module, "refresh_flags"),
                        (build_module, "load_with_statistics"), (build_module, "write_summaries"),
                        (void_nodes_module, "count_store"), (void_nodes_module, "void_nodes_with"),
                        (statistics_module, "write_class_partition"),
                        (pipe_module.PipeLoader, "join"), (OxigraphStore, "__len__")]:  # fmt: skip
        timed(owner, name)
    _, report = build_module.build_store(store, extra=[Path(register)])
    mark(f"done: {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
