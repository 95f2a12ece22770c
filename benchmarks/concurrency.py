"""Light queries under heavy ones: ``accredigraph serve`` with 10 clients each running a query
that never finishes, while other clients look certificates up by IRI.

The endpoint runs as its own process (``python -m graph --store STORE serve``), exactly as a
user starts it, from ``--code`` (default: this checkout; give an older checkout to measure what
it did). Each client talks from its own loopback address (``127.0.0.N``), so the endpoint sees
``--heavy`` different clients plus ``--light`` others:

- **heavy** clients loop on a five-way cross product that counts until the time limit stops it
  (:data:`HEAVY`), and honour ``Retry-After`` when refused;
- **light** clients loop on a lookup of one random certificate by its IRI (:data:`LIGHT`),
  pausing ``--pause`` seconds between queries; their latency is what this measures.

Light queries are timed only once every heavy client has sent its first query. The peak
resident memory of the server's process tree (the endpoint and every worker process) is
sampled every 0.1 s. Printed as JSON, and written with ``--json``.

Usage::

    python -m benchmarks.concurrency --certificates 100000 --json benchmarks/results/x.json
    python -m benchmarks.concurrency --store DIR --code /path/to/old/checkout
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.load_endpoint import _free_port, _percentile

ROOT = Path(__file__).resolve().parent.parent
#: Never finishes on a store of thousands of triples: stopped at the time limit.
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p1 ?b . ?c ?p2 ?d . ?e ?p3 ?f . ?g ?p4 ?h }"
#: One certificate's statements, by IRI.
LIGHT = "SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}"


def _ask(port: int, source: str, query: str, timeout: float) -> tuple[int, dict[str, str], str]:
    """``(status, headers, body)`` of one GET from the loopback address ``source``."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout,
                                      source_address=(source, 0))  # fmt: skip
    try:
        path = "/query?" + urllib.parse.urlencode({"query": query})
        conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        response = conn.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        return response.status, dict(response.getheaders()), body
    finally:
        conn.close()


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and every descendant, in MB (0 when it is gone)."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            total += proc.memory_info().rss
    return total / 1_048_576


def _build(certificates: int, workdir: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from graph.ingest.build import build_store
    from graph.ingest.generate import generate_register

    location = workdir / "store"
    register = workdir / "register"
    generate_register(register, certificates, seed=0)
    started = time.perf_counter()
    store, report = build_store(location, extra=[register])
    store.close()
    print(f"built {report.triples:,} triples in {time.perf_counter() - started:.1f} s", flush=True)
    return location


def _certificate_iris(port: int) -> list[str]:
    text = "SELECT ?c WHERE { ?c a ag:Certificate } LIMIT 2000"
    status, _, body = _ask(port, "127.0.0.1", text, 60)
    assert status == 200, body
    return [b["c"]["value"] for b in json.loads(body)["results"]["bindings"]]


def measure(location: Path, options: argparse.Namespace) -> dict[str, Any]:
    """Serve ``location`` from ``options.code`` and measure light queries under heavy ones."""
    port = _free_port()
    code = Path(options.code).resolve()
    command = [sys.executable, "-m", "graph", "--store", str(location), "serve", "--port",
               str(port), "--timeout", str(options.timeout), *options.serve_args]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(code)}
    server = subprocess.Popen(command, cwd=code, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        banner = server.stdout.readline().strip()
        print(banner, flush=True)
        iris = _certificate_iris(port)
        for iri in iris[:20]:  # the first workers start
            _ask(port, "127.0.0.1", LIGHT.format(iri=iri), 60)
        figures = _load(port, server.pid, iris, options)
    finally:
        server.terminate()
        server.wait(timeout=30)
    commit = subprocess.run(["git", "-C", str(code), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    return {"code": commit, "serve": " ".join(command[3:]), "banner": banner, **figures}


def _load(port: int, pid: int, iris: list[str], options: argparse.Namespace) -> dict[str, Any]:
    stop = threading.Event()
    lock = threading.Lock()
    light: list[float] = []
    light_status: Counter[str] = Counter()
    heavy_status: Counter[str] = Counter()
    heavy_started = threading.Barrier(options.heavy + 1)
    peak = [0.0]

    def heavy(n: int) -> None:
        source = f"127.0.0.{10 + n}"
        first = True
        while not stop.is_set():
            if first:
                heavy_started.wait()
                first = False
            try:
                status, headers, body = _ask(port, source, HEAVY, options.timeout + 60)
            except OSError as exc:
                status, headers, body = 0, {}, type(exc).__name__
            with lock:
                heavy_status[f"{status} {body.strip().splitlines()[0][:90] if body else ''}"] += 1
            if status == 503:
                stop.wait(float(headers.get("Retry-After", "1")))

    def lighter(n: int) -> None:
        source = f"127.0.1.{10 + n}"
        rng = random.Random(n)
        while not stop.is_set():
            started = time.perf_counter()
            try:
                status, _, body = _ask(port, source, LIGHT.format(iri=rng.choice(iris)), 60)
            except OSError as exc:
                status, body = type(exc).__name__, ""  # type: ignore[assignment]
            seconds = time.perf_counter() - started
            with lock:
                light.append(seconds)
                light_status[str(status) if status == 200 else f"{status} {body[:60]}"] += 1
            stop.wait(options.pause)

    def sampler() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_rss_mb(pid))
            stop.wait(0.1)

    threads = [threading.Thread(target=heavy, args=(n,)) for n in range(options.heavy)]
    for thread in threads:
        thread.start()
    heavy_started.wait()
    time.sleep(1.0)  # the heavy queries are running
    more = [threading.Thread(target=lighter, args=(n,)) for n in range(options.light)]
    more.append(threading.Thread(target=sampler))
    for thread in more:
        thread.start()
    time.sleep(options.duration)
    stop.set()
    for thread in more + threads:
        thread.join()
    ok = light
    return {
        "load_average_1min_at_end": round(os.getloadavg()[0], 1),
        "heavy_clients": options.heavy,
        "light_clients": options.light,
        "seconds": options.duration,
        "light": {
            "count": len(ok),
            "p50_ms": round(1000 * _percentile(ok, 50), 1),
            "p95_ms": round(1000 * _percentile(ok, 95), 1),
            "p99_ms": round(1000 * _percentile(ok, 99), 1),
            "max_ms": round(1000 * max(ok), 1) if ok else None,
            "status": dict(light_status),
        },
        "heavy_outcomes": dict(heavy_status.most_common()),
        "peak_rss_mb_process_tree": round(peak[0], 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="an on-disk store to serve (default: build one)")
    parser.add_argument("--certificates", type=int, default=100_000,
                        help="certificates to generate (default 100,000)")  # fmt: skip
    parser.add_argument("--workdir", help="where to build (default: the temp dir)")
    parser.add_argument("--code", default=str(ROOT), help="the checkout that serves")
    parser.add_argument("--heavy", type=int, default=10, help="heavy clients (default 10)")
    parser.add_argument("--light", type=int, default=2, help="light clients (default 2)")
    parser.add_argument("--pause", type=float, default=0.05, help="a light client's pause, s")
    parser.add_argument("--duration", type=float, default=40.0, help="seconds measured")
    parser.add_argument("--timeout", type=float, default=20.0, help="the endpoint's time limit")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("serve_args", nargs="*", help="more `serve` options, after --")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="accredigraph-conc-", dir=options.workdir) as tmp:
        given = Path(options.store) if options.store else None
        location = given or _build(options.certificates, Path(tmp))
        figures = measure(location, options)
    figures["store"] = options.store or f"bundle + {options.certificates:,} generated certificates"
    figures["machine"] = (f"{platform.machine()}, {os.cpu_count()} CPUs, "
                          f"Python {platform.python_version()}")  # fmt: skip
    figures["date"] = dt.date.today().isoformat()
    print(json.dumps(figures, indent=2))
    if options.json:
        Path(options.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
