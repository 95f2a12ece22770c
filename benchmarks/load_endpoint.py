"""Load on ``accredigraph serve``: 50 concurrent clients of mixed named queries and verifications.

The endpoint runs as its own process (``python -m graph --store STORE serve``), exactly as a user
starts it; the clients run in ``--processes`` worker processes (so the clients' own Python does
not become the bottleneck), each with ``clients / processes`` threads. Every client loops until
``--duration`` seconds have passed or the run has done ``--max-ops`` operations, choosing:

- ``named`` (50 %): an interactive public named query (:data:`NAMED`; ``--heavy`` adds the
  analyst scans of :data:`HEAVY`) with its default parameters, through
  :class:`graph.store.remote.RemoteStore` (parameters bound as ``VALUES``);
- ``verify`` (35 %): :func:`graph.verify.chain.verify` of a random certificate through the client's
  own ``RemoteStore`` — warm: facts shared between certificates are cached per client;
- ``verify-cold`` (15 %): the same with a fresh ``RemoteStore``, so every ``chain-*`` query of
  the verification goes over HTTP.

It prints (and with ``--json`` writes) throughput, HTTP requests per second, latency p50/p95/p99
per kind and overall, and every error. All traffic is on 127.0.0.1.

Usage::

    python -m benchmarks.load_endpoint                        # bundled data, 50 clients, 60 s
    python -m benchmarks.load_endpoint --duration 10          # shorter
    python -m benchmarks.load_endpoint --certificates 100000  # a generated 100k register
    python -m benchmarks.load_endpoint --store DIR --label "100k certificates"
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 23)
#: Public named queries in the mix: the interactive ones, which stay under ~0.1 s alone at 100k
#: certificates on the reference machine (aggregates read the build-time summaries).
NAMED = (
    "who-is-who", "cbs-accredited-by", "accreditations-per-ab",
    "summary-certificates-per-standard", "summary-certificates-per-cb", "iaf-successor",
    "sectors", "regional-group-members", "signatories-for-standard", "certificate-chain",
    "standard-editions", "accreditation-bodies-by-group", "guidance-standards",
)  # fmt: skip
#: Analyst scans over every certificate (seconds each at 100k), and accredited-cbs-for-standard
#: (36 ms pre-bound in pyoxigraph, 0.75 s as SPARQL text at 100k: docs/scale.md): ``--heavy``.
HEAVY = (
    "accredited-cbs-for-standard", "find-certificates", "expiring-certificates",
    "certificates-of-cb", "class-counts", "red-flag-void-edition",
    "red-flag-sector-outside-scope",
)  # fmt: skip
MIX = (("named", 0.50), ("verify", 0.35), ("verify-cold", 0.15))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def _client_process(args: tuple) -> dict[str, Any]:
    """One worker process: ``threads`` clients until the deadline or the op budget."""
    url, threads, stop_at, budget, ids, seed, named = args
    sys.path.insert(0, str(ROOT))
    from graph.query import run_named
    from graph.store import RemoteStore
    from graph.verify.chain import verify

    class Counting(RemoteStore):
        requests = 0

        def query(self, sparql: str, **kwargs: Any) -> Any:
            Counting.requests += 1
            return super().query(sparql, **kwargs)

    latencies: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    done = [0]
    lock = threading.Lock()

    def client(n: int) -> None:
        rng = random.Random(seed * 1000 + n)
        warm = Counting(url, timeout=60)
        while time.time() < stop_at:
            with lock:
                if done[0] >= budget:
                    return
                done[0] += 1
            kind = rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
            started = time.perf_counter()
            try:
                if kind == "named":
                    run_named(warm, rng.choice(named), row_cap=1000, timeout=None)
                else:
                    store = warm if kind == "verify" else Counting(url, timeout=60)
                    verify(store, rng.choice(ids), as_of=AS_OF)
            except Exception as exc:  # counted and reported, the client carries on
                errors[f"{kind}: {type(exc).__name__}: {str(exc)[:160]}"] += 1
                continue
            latencies[kind].append(time.perf_counter() - started)

    pool = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return {"latencies": dict(latencies), "errors": dict(errors), "requests": Counting.requests}


def _build(certificates: int, workdir: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from graph.ingest.build import build_store
    from graph.ingest.generate import generate_register

    location = workdir / "store"
    extra = []
    if certificates:
        register = workdir / "register"
        generate_register(register, certificates, seed=0)
        extra.append(register)
    started = time.perf_counter()
    store, report = build_store(location, extra=extra)
    store.close()
    print(f"built {report.triples:,} triples in {time.perf_counter() - started:.1f} s")
    return location


def _certificate_ids(url: str) -> list[str]:
    from graph import sparql
    from graph.store import RemoteStore

    text = "SELECT ?id WHERE { ?c a ag:Certificate ; ag:number ?id }"
    result = sparql.run(RemoteStore(url), text, row_cap=5000, timeout=60)
    return [str(row[0].value) for row in result.rows]


def run(options: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="accredigraph-load-", dir=options.workdir) as tmp:
        location = Path(options.store) if options.store else _build(options.certificates, Path(tmp))
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "graph", "--store", str(location), "serve", "--port", str(port),
             "--workers", str(options.workers), "--timeout", str(options.timeout),
             "--max-results", "10000", "--per-client", str(options.per_client),
             "--client-queue", str(2 * options.clients)],
            cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            assert server.stdout is not None
            print(server.stdout.readline().strip())
            url = f"http://127.0.0.1:{port}/query"
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=30).read()
            ids = _certificate_ids(url)
            per = max(1, options.clients // options.processes)
            named = NAMED + (HEAVY if options.heavy else ())
            stop_at = time.time() + options.duration
            budget = max(1, options.max_ops // options.processes)
            started = time.perf_counter()
            with multiprocessing.get_context("spawn").Pool(options.processes) as pool:
                parts = pool.map(_client_process, [
                    (url, per, stop_at, budget, ids, seed, named)
                    for seed in range(options.processes)
                ])  # fmt: skip
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    requests = 0
    for part in parts:
        for kind, values in part["latencies"].items():
            latencies[kind].extend(values)
        errors.update(part["errors"])
        requests += part["requests"]
    every = [v for values in latencies.values() for v in values]

    def summary(values: list[float]) -> dict[str, float]:
        return {"count": len(values), "p50_ms": 1000 * _percentile(values, 50),
                "p95_ms": 1000 * _percentile(values, 95), "p99_ms": 1000 * _percentile(values, 99),
                "mean_ms": 1000 * statistics.fmean(values) if values else float("nan")}  # fmt: skip

    return {
        "store": options.label
        or ("bundled" if not options.certificates else f"{options.certificates} certificates"),
        "mix": "interactive + analyst scans" if options.heavy else "interactive",
        "clients": per * options.processes,
        "seconds": round(elapsed, 1),
        "operations": len(every),
        "ops_per_s": round(len(every) / elapsed, 1),
        "http_requests": requests,
        "requests_per_s": round(requests / elapsed, 1),
        "overall": summary(every),
        "by_kind": {kind: summary(values) for kind, values in sorted(latencies.items())},
        "errors": sum(errors.values()),
        "error_messages": dict(errors.most_common(10)),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "endpoint_workers": options.workers,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--processes", type=int, default=5, help="client processes")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds (default 60)")
    parser.add_argument("--max-ops", type=int, default=1_000_000, help="stop after this many")
    parser.add_argument("--workers", type=int, default=4, help="the endpoint's Oxigraph processes")
    parser.add_argument("--timeout", type=float, default=20.0, help="the endpoint's time limit")
    parser.add_argument("--per-client", type=int, default=50,
                        help="the endpoint's --per-client: the clients here stand for that many "
                             "users, all on one loopback address (default 50)")  # fmt: skip
    parser.add_argument("--store", help="an on-disk store to serve (default: build one)")
    parser.add_argument(
        "--certificates", type=int, default=0, help="also a generated register of N certificates"
    )
    parser.add_argument("--heavy", action="store_true", help="add the analyst scans (HEAVY)")
    parser.add_argument("--label", help="what the store holds, for the report")
    parser.add_argument("--workdir", help="where to build (default: the temp dir)")
    parser.add_argument("--json", help="write the figures to this file")
    options = parser.parse_args(argv)
    figures = run(options)
    print(json.dumps(figures, indent=2))
    if options.json:
        Path(options.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if figures["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
