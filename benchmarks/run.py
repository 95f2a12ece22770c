"""``make bench``: accredigraph at 10 k, 100 k and 1 M certificates, Oxigraph against rdflib.

For each size a synthetic register is generated (``graph.ingest.generate``), then a child process
builds it the way ``accredigraph --store PATH --data DIR build`` does (CSV → N-Triples →
Oxigraph's bulk loader, on disk) and measures the app's operations on that store; a second child
loads the same data into an rdflib ``Graph`` and runs the same SPARQL (rdflib's engine, with
``initBindings``). Each child reports its own peak RSS (``VmHWM``). Every listed named query is
also timed in a fresh process of its own, on a Virtuoso loaded with the same graph (when
``virtuoso-t`` is installed: ``benchmarks/virtuoso.py``) and, for the aggregates and red flags,
as SQL on DuckDB over the same CSVs (the floor: ``benchmarks/duckdb_floor.py``); those go into
one table per size (``benchmarks/named_table.py``). The app's pages are timed on the same store
(``benchmarks/app_pages.py``), as script runs and, when Debian's Chromium is installed, in
headless Chromium. The tables are printed and written as JSON
to ``benchmarks/results/latest.json``, the named-query tables also as Markdown to
``benchmarks/results/named-queries.md``.

Usage::

    python -m benchmarks.run                      # 10k, 100k, 1M
    python -m benchmarks.run --sizes 10000,100000 --rdflib-max 100000
    python -m benchmarks.run --with-2m            # adds 2M
    python -m benchmarks.run --sizes 10000 --engines oxigraph,duckdb
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
AS_OF = dt.date(2026, 11, 23)
VERIFY_ONE_SAMPLES = 300
#: Seconds a named query may run in the benchmark before it is reported as stopped.
NAMED_QUERY_TIMEOUT = 30.0
BULK = 10_000
#: rdflib's bulk verify is measured on this many of the ids and scaled linearly.
RDFLIB_BULK = 1_000
#: What ``--engines`` may name; all by default (rdflib up to ``--rdflib-max`` only; "pages":
#: the app's pages on the Oxigraph store, first visit and again, as the server runs them;
#: "browser": the same pages also in headless Chromium, cold and with the front end cached,
#: when Debian's Chromium and Playwright are installed, as ``make test`` installs them).
ENGINES = ("oxigraph", "rdflib", "virtuoso", "duckdb", "pages", "browser")
NAMED_HEADER = """# Named queries side by side

Written by `make bench` (`python -m benchmarks.run`, `benchmarks/named_table.py`) on {date}
(load average at the start: {load}). Every listed named query with its default parameters,
the app's row cap (1,000) and a {limit:g} s limit: **Oxigraph warm** = median of 3 runs after
a warm-up in one process; **fresh process** = the query alone as the first one in a new
process that has just opened the store (in brackets: the whole process, start to exit);
**Virtuoso warm** = the same, through `--store URL` on a Virtuoso loaded with the same graph;
**DuckDB floor** = the same question in SQL over the same CSVs (`benchmarks/duckdb/`). Rows
are whole answers (an answer cut at 1,000 is counted once more without the cap); an engine
whose count differs from Oxigraph's is marked **wrong**. Goals (issue 14, at 1 M
certificates, shown at every size): ≤ 2 s warm; no slower than Virtuoso where it needs more
than 0.1 s; aggregates and red flags ≤ 0.2 s.

"""
AGGREGATES = {
    "aggregate: per standard and country": ("summary-certificates-per-standard-and-country", {}),
    "aggregate: per standard in GB": ("summary-certificates-per-standard", {"country": "GB"}),
    "aggregate: per certification body": ("summary-certificates-per-cb", {}),
}
#: metric -> (unit, target at 1M on the reference machine, True when higher is better)
TARGETS: dict[str, tuple[str, float | None, bool]] = {
    "build: CSV -> store": ("s", None, False),
    "build: triples/s": ("triples/s", 150_000, True),
    "store size on disk": ("MB", None, False),
    "build: peak RSS": ("MB", 2048, False),
    "peak RSS": ("MB", 2048, False),
    "verify one: p50": ("ms", 1.0, False),
    "verify one: p95": ("ms", None, False),
    "bulk verify 10k": ("s", 2.0, False),
    **{name: ("s", 2.0, False) for name in AGGREGATES},
    "search: name index build": ("s", None, False),
    "search: a name matching nothing": ("s", 2.0, False),
    "search: the same, organisations by the query": ("s", None, False),
    "search: number index build": ("s", None, False),
    "search: a number matching nothing": ("s", 2.0, False),
    "search: the same, numbers by the query": ("s", None, False),
    "fresh process: first named query": ("s", 0.3, False),
    "export N-Triples: time": ("s", None, False),
    "export N-Triples: peak RSS": ("MB", 2048, False),
    "entity page data (CB)": ("s", 2.0, False),
    "neighbourhood of CB, cap 150": ("s", 2.0, False),
}


def _peak_rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn: Callable[[], Any], repeat: int = 3) -> float:
    """Median wall time of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _du_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def _sample_ids(n: int, k: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [f"G-C-{rng.randint(1, n):07d}" for _ in range(k)]


def _largest_cb(store) -> tuple[str, int]:
    from graph.query import run_named

    row = run_named(store, "summary-certificates-per-cb", row_cap=1).records()[0]
    return row["cb"], row["certificates"]


# --- Oxigraph child ----------------------------------------------------------------------


def _entity_and_neighbourhood_ox(store, cb: str) -> dict[str, Any]:
    """Time the entity page's data and the capped neighbourhood (real modules when present)."""
    from graph import sparql

    out: dict[str, Any] = {}
    try:
        from graph.explore.entity import describe, links_in, links_out

        out["entity page data (CB)"] = _timed(
            lambda: (describe(store, cb), links_out(store, cb), links_in(store, cb))
        )
        out["entity note"] = "graph.explore.entity: describe + first page of links_out and links_in"
    except ImportError:  # not written yet: the equivalent queries
        describe_q = _bench_query("entity-describe", cb)
        links = _bench_query("entity-links", cb)
        out["entity page data (CB)"] = _timed(
            lambda: (sparql.run(store, describe_q, row_cap=None), sparql.run(store, links))
        )
        out["entity note"] = "graph/entity.py absent: DESCRIBE-like stand-in queries"
    try:
        from graph.explore.neighbourhood import neighbourhood  # type: ignore[import-not-found]

        out["neighbourhood of CB, cap 150"] = _timed(lambda: neighbourhood(store, cb, cap=150))
        out["neighbourhood note"] = "graph.explore.neighbourhood.neighbourhood(store, cb, cap=150)"
    except ImportError:
        near = _bench_query("neighbourhood", cb)
        size = _bench_query("neighbourhood-size", cb)
        out["neighbourhood of CB, cap 150"] = _timed(
            lambda: (sparql.run(store, near, row_cap=None), sparql.run(store, size))
        )
        out["neighbourhood note"] = "graph/convert.py absent: capped stand-in query + count"
    return out


def _bench_query(name: str, iri: str) -> str:
    """A stand-in query with the entity's IRI written in (minted by us, so safe to write)."""
    return (HERE / f"{name}.rq").read_text().replace("<ENTITY>", f"<{iri}>")


def child_oxigraph(
    size: int,
    register: Path,
    work: Path,
    seed: int,
    keep_export: bool = False,
    app_pages: bool = False,
    browser: bool = False,
) -> dict[str, Any]:
    from graph.ingest.build import build_store
    from graph.query import run_named
    from graph.verify import chain

    location = work / f"store-{size}"
    shutil.rmtree(location, ignore_errors=True)
    started = time.perf_counter()
    store, report = build_store(location, extra=[register])
    seconds = time.perf_counter() - started
    res: dict[str, Any] = {
        "triples": report.triples,
        "build: CSV -> store": seconds,
        "build: triples/s": report.triples / seconds,
        "store size on disk": _du_mb(location),
        # the build's own: the child's peak below may be reached later, by what it measures
        "build: peak RSS": _peak_rss_mb(),
    }
    ids = _sample_ids(size, VERIFY_ONE_SAMPLES + 20, seed)
    for identifier in ids[:20]:  # warm up
        chain.verify(store, identifier, as_of=AS_OF)
    times = []
    for identifier in ids[20:]:
        t = time.perf_counter()
        chain.verify(store, identifier, as_of=AS_OF)
        times.append(time.perf_counter() - t)
    times.sort()
    res["verify one: p50"] = times[len(times) // 2] * 1e3
    res["verify one: p95"] = times[int(len(times) * 0.95)] * 1e3
    bulk = _sample_ids(size, min(BULK, size), seed + 1)
    t = time.perf_counter()
    chain.verify_many(store, bulk, as_of=AS_OF)
    res["bulk verify 10k"] = time.perf_counter() - t
    for label, (name, params) in AGGREGATES.items():
        res[label] = _timed(lambda n=name, p=params: run_named(store, n, p, row_cap=None))
    cb, count = _largest_cb(store)
    res["largest CB"] = {"iri": cb, "certificates": count}
    res.update(_entity_and_neighbourhood_ox(store, cb))
    from benchmarks.named_queries import time_named_queries

    res["named queries"] = time_named_queries(store, timeout=NAMED_QUERY_TIMEOUT, count_rows=True)
    res.update(_search_by_name(store))
    res.update(_search_by_number(store))
    store.close()
    res["fresh process: first named query"] = _fresh_first_query(location)
    from benchmarks.engines import fresh_process

    res["named queries, fresh process"] = fresh_process(location, timeout=NAMED_QUERY_TIMEOUT)
    if app_pages:
        res["app pages"] = _app_pages(location, work / f"app-pages-{size}.json", browser=browser)
    res["export N-Triples: time"], res["export N-Triples: peak RSS"] = _export_rss(
        location, work, keep=work / f"export-{size}.nt" if keep_export else None
    )
    shutil.rmtree(location, ignore_errors=True)
    res["peak RSS"] = _peak_rss_mb()
    return res


#: A supplier's name that no generated organisation has: the search box reads every name for it
#: unless the store has its name index (graph.explore.name_index).
UNKNOWN_NAME = "Zyzzyva Quarrying"


def _search_by_name(store) -> dict[str, float]:
    """The search box's answer for a name that matches nothing: with the name index (built
    first, as the app's warm-up builds it), and the organisations part by the query alone."""
    from graph.explore import name_index

    rows = ("name index build", "a name matching nothing", "the same, organisations by the query")
    return _search_for_nothing(store, name_index, UNKNOWN_NAME, "search-organisations",
                               [UNKNOWN_NAME], rows)  # fmt: skip


#: A certificate number typed in lower case that no certificate has (a forged one): the search
#: reads every number for it twice (as typed, then in capitals) unless the store has its number
#: index (graph.explore.number_index).
UNKNOWN_NUMBER = "g-x-0355919"


def _search_by_number(store) -> dict[str, float]:
    """The search box's answer for a number that matches nothing: with the number index (built
    first, as the app's warm-up builds it), and the numbers part by the query alone (both
    passes, as the search makes them without the index)."""
    from graph.explore import number_index

    rows = ("number index build", "a number matching nothing", "the same, numbers by the query")
    return _search_for_nothing(store, number_index, UNKNOWN_NUMBER, "search-ids",
                               [UNKNOWN_NUMBER, UNKNOWN_NUMBER.upper()], rows)  # fmt: skip


def _search_for_nothing(
    store, index: Any, text: str, query: str, asked: list[str], rows: tuple[str, str, str]
) -> dict[str, float]:
    """``index`` built (its module: ``build(store)``), then :func:`graph.explore.search.find`
    of ``text``, and the named ``query`` for each of ``asked`` alone; the three rows
    ``search: ROW``."""
    from graph.explore.search import MATCH_LIMIT, find
    from graph.query import run_named

    def by_the_query() -> None:
        for each in asked:
            run_named(store, query, {"text": each}, row_cap=MATCH_LIMIT, timeout=None)

    started = time.perf_counter()
    index.build(store)
    built = time.perf_counter() - started
    figures = (built, _timed(lambda: find(store, text)), _timed(by_the_query, repeat=1))
    return {f"search: {row}": seconds for row, seconds in zip(rows, figures, strict=True)}


#: What a fresh process does before its first answer: start Python, import, open the store, run
#: a cheap named query (who-is-who) with the default time limit, so through the deadline worker,
#: as the CLI does: the cost of a fresh process, not of a heavy query.
FRESH_QUERY = """
from graph.query import run_named
from graph.store import open_store
print(len(run_named(open_store({location!r}), "who-is-who").rows))
"""


def _fresh_first_query(location: Path, repeat: int = 3) -> float:
    """Median wall time from starting a new Python process to its first named query's answer."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", FRESH_QUERY.format(location=str(location))],
                       check=True, capture_output=True, cwd=ROOT)  # fmt: skip
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def browser_missing() -> str | None:
    """Why the app's pages cannot be timed in a browser here, or ``None`` when they can."""
    from benchmarks.app_pages import CHROMIUM

    if not CHROMIUM.is_file():
        return f"no Chromium at {CHROMIUM} (make browser installs Debian's)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[dev]')"
    return None


def app_pages_command(location: Path, out: Path, *, browser: bool) -> list[str]:
    """The command that times the app's pages on ``location`` (``benchmarks/app_pages.py``),
    in Chromium too with ``browser``; its JSON goes to ``out``."""
    command = [sys.executable, "-m", "benchmarks.app_pages", "--store", str(location),
               "--out", str(out)]  # fmt: skip
    return [*command, "--browser"] if browser else command


def _app_pages(location: Path, out: Path, *, browser: bool = False) -> dict[str, Any]:
    """Every page's script run as the server runs it, first visit and again, and with
    ``browser`` (when Chromium is installed) each page in headless Chromium
    (``benchmarks/app_pages.py``, in a process of its own). The store is this child's own,
    closed by then, so the browser's server may open it."""
    missing = browser_missing() if browser else None
    command = app_pages_command(location, out, browser=browser and missing is None)
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0 or not out.is_file():
        return {"error": f"benchmarks.app_pages exited with status {done.returncode}: "
                         f"{done.stderr.strip()[-300:]}"}  # fmt: skip
    result = json.loads(out.read_text())
    out.unlink()
    if missing:
        result["browser skipped"] = missing
    return result


#: The CLI's export in a process of its own, reporting that process's own peak RSS (VmHWM: a
#: parent's RSS would leak into wait4's ru_maxrss through fork and exec).
EXPORT = """
from graph.cli.main import main
assert main(["--store", {location!r}, "export", "--format", "nt", "--out", {out!r}]) == 0
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:")))
"""


def _export_rss(location: Path, work: Path, keep: Path | None = None) -> tuple[float, float]:
    """``accredigraph export --format nt`` of the whole store: wall time and peak RSS (MB).
    ``keep``: the export is moved there (Virtuoso loads it) instead of deleted."""
    out = work / "export.nt"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", EXPORT.format(location=str(location),
                           out=str(out))], check=True, capture_output=True, text=True,
                          cwd=ROOT)  # fmt: skip
    seconds = time.perf_counter() - started
    if keep is not None:
        out.replace(keep)
    out.unlink(missing_ok=True)
    return seconds, int(done.stdout.split()[-1]) / 1024


# --- rdflib child ------------------------------------------------------------------------


def _rdflib_patch(graph) -> None:
    """Route the verifier's queries to rdflib: the same SPARQL text, bound with initBindings
    (the peer measured beside Oxigraph, so its engine answers instead of graph.sparql.run)."""
    import rdflib

    from graph.query import bind_value, load_named
    from graph.verify import chain
    from graph.vocab.namespaces import with_prefixes

    class Rows:
        def __init__(self, result) -> None:
            self.variables = [str(v) for v in result.vars]
            self.rows = list(result)

        def records(self) -> list[dict]:
            return [{v: _py(row[i]) for i, v in enumerate(self.variables)} for row in self.rows]

    def _py(term):
        if term is None:
            return None
        if isinstance(term, rdflib.Literal):
            value = term.toPython()
            return value if not isinstance(value, rdflib.Literal) else str(value)
        return str(term)

    def run_named(store, name, params=None, *, row_cap=None, timeout=None, defaults=True):
        query = load_named(name)
        bindings = {}
        for param in query.params:
            if params and param.name in params:
                term = bind_value(param, params[param.name], store)
                bindings[param.name] = (
                    rdflib.URIRef(term.value) if hasattr(term, "value") and not
                    hasattr(term, "datatype") else rdflib.Literal(term.value)
                )  # fmt: skip
        return Rows(graph.query(with_prefixes(query.text), initBindings=bindings))

    def run_sparql(store, text, *, row_cap=None, timeout=None):
        return Rows(graph.query(with_prefixes(text)))

    def internal_rows(store, text):
        return Rows(graph.query(with_prefixes(text))).records()

    from graph.verify import cache

    # the verifier reads through these two functions: its batch queries and its named queries
    chain._internal_rows = internal_rows  # type: ignore[assignment]
    cache.run_named = run_named  # type: ignore[assignment]
    chain._rdflib = (run_named, run_sparql)  # type: ignore[attr-defined]


class RdflibPeer:
    """The rdflib graph where the verifier expects a store: the attributes of
    :class:`graph.store.Store` it reads (its queries are routed by :func:`_rdflib_patch`)."""

    location = "rdflib (memory)"
    path = None
    read_only = True
    generation = 0
    parallel_reads = 1  # rdflib evaluates in Python: threads would only queue on the GIL
    binds_substitutions = False

    def __init__(self, graph) -> None:
        self.graph = graph


def child_rdflib(size: int, register: Path, work: Path, seed: int) -> dict[str, Any]:
    import rdflib

    from graph.ingest.build import _bundled_folders, compile_folders
    from graph.ingest.context import Context, Sink
    from graph.ingest.summaries import write_summaries
    from graph.settings import Settings
    from graph.verify import chain

    settings = Settings()
    nt = work / f"rdflib-{size}.nt"
    started = time.perf_counter()
    with nt.open("w", encoding="utf-8", buffering=1 << 20) as handle:
        ctx = Context(out=Sink(handle))
        problems: list = []
        compile_folders([*_bundled_folders(settings), (register, False)], ctx, problems)
        assert not problems, problems[:3]
        write_summaries(ctx, "build")
    graph = rdflib.Graph()
    graph.parse(settings.ontology_path, format="turtle")
    graph.parse(nt, format="nt")
    seconds = time.perf_counter() - started
    nt.unlink()
    res: dict[str, Any] = {
        "triples": len(graph),
        "build: CSV -> store": seconds,
        "build: triples/s": len(graph) / seconds,
    }
    _rdflib_patch(graph)
    run_named = chain._rdflib[0]  # type: ignore[attr-defined]
    peer = RdflibPeer(graph)
    ids = _sample_ids(size, 30, seed)
    times = []
    budget = time.perf_counter() + 120  # rdflib is slow here: at most two minutes of samples
    for identifier in ids:
        t = time.perf_counter()
        chain.verify(peer, identifier, as_of=AS_OF)
        times.append(time.perf_counter() - t)
        if t > budget and len(times) >= 5:
            break
    times.sort()
    res["verify one: p50"] = times[len(times) // 2] * 1e3
    res["verify one: p95"] = times[int(len(times) * 0.95)] * 1e3
    bulk = _sample_ids(size, min(BULK, size), seed + 1)
    part = bulk[:RDFLIB_BULK]
    t = time.perf_counter()
    chain.verify_many(peer, part, as_of=AS_OF)
    res["bulk verify 10k"] = (time.perf_counter() - t) * len(bulk) / len(part)
    if len(part) < len(bulk):
        res["bulk note"] = f"rdflib: measured on {len(part):,} ids, scaled to {len(bulk):,}"
    for label, (name, params) in AGGREGATES.items():
        res[label] = _timed(lambda n=name, p=params: run_named(graph, n, p), repeat=1)
    rows = run_named(graph, "summary-certificates-per-cb").records()
    cb = max(rows, key=lambda r: r["certificates"])["cb"]
    describe = _bench_query("entity-describe", cb)
    links = _bench_query("entity-links", cb)
    near = _bench_query("neighbourhood", cb)
    count = _bench_query("neighbourhood-size", cb)
    from graph.vocab.namespaces import with_prefixes

    res["entity page data (CB)"] = _timed(
        lambda: [list(graph.query(with_prefixes(q))) for q in (describe, links)], repeat=1
    )
    res["neighbourhood of CB, cap 150"] = _timed(
        lambda: [list(graph.query(with_prefixes(q))) for q in (near, count)], repeat=1
    )
    res["entity note"] = res["neighbourhood note"] = "stand-in queries"
    res["peak RSS"] = _peak_rss_mb()
    return res


# --- parent ------------------------------------------------------------------------------


def _child(
    engine: str, size: int, register: Path, work: Path, seed: int, *extra: str
) -> dict[str, Any]:
    out = work / f"result-{engine}-{size}.json"
    out.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "benchmarks.run", "--child", engine, "--size", str(size),
           "--register", str(register), "--workdir", str(work), "--seed", str(seed),
           "--child-out", str(out), *extra]  # fmt: skip
    proc = subprocess.run(cmd, cwd=ROOT, check=False)
    if proc.returncode != 0 or not out.exists():
        return {"error": f"child exited with status {proc.returncode}"}
    return json.loads(out.read_text())


def _machine() -> dict[str, Any]:
    cpu = ""
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as handle:
        mem_kb = int(handle.readline().split()[1])
    import pyoxigraph
    import rdflib

    return {
        "nproc": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
        "rdflib": rdflib.__version__,
        "load_average_at_start": os.getloadavg(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def _fmt(metric: str, value: Any) -> str:
    if not isinstance(value, (int, float)):
        return "-"
    unit = TARGETS[metric][0]
    if unit == "triples/s":
        return f"{value / 1000:,.0f}k/s"
    if unit == "ms":
        return f"{value:,.2f} ms"
    if unit == "MB":
        return f"{value:,.0f} MB"
    return f"{value:,.2f} s" if value >= 0.01 else f"{value * 1000:,.1f} ms"


def _verdict(metric: str, value: Any) -> str:
    _, target, higher = TARGETS[metric]
    if target is None or not isinstance(value, (int, float)):
        return ""
    if (value >= target) if higher else (value <= target):
        return "ok"
    ratio = target / value if higher else value / target
    return f"MISSED x{ratio:.1f}"


def table(results: dict[str, Any]) -> str:
    """The results as one Markdown table."""
    head = "| size | metric | oxigraph (disk) | rdflib (memory) | rdflib / oxigraph | target (1M) |"
    lines = [head, "|---|---|---|---|---|---|"]
    for size, by_engine in results["sizes"].items():
        ox_, rd = by_engine.get("oxigraph", {}), by_engine.get("rdflib", {})
        for metric, (_unit, target, higher) in TARGETS.items():
            a, b = ox_.get(metric), rd.get(metric)
            ratio = ""
            if isinstance(a, (int, float)) and isinstance(b, (int, float)) and a and b:
                ratio = f"{(a / b if higher else b / a):,.1f}x"
            goal = ""
            if target is not None:
                goal = ("≥ " if higher else "≤ ") + _fmt(metric, target)
                if int(size) >= 1_000_000:
                    goal += f" {_verdict(metric, a)}"
            lines.append(f"| {int(size):,} | {metric} | {_fmt(metric, a)} | {_fmt(metric, b)} | "
                         f"{ratio} | {goal.strip()} |")  # fmt: skip
    return "\n".join(lines)


def _write_named_tables(results: dict[str, Any], path: Path) -> bool:
    """Put the named-query tables of every size measured so far into ``results`` and, when
    there are any, into the Markdown file ``path``."""
    from benchmarks.app_pages import table as pages_table
    from benchmarks.named_table import markdown

    named = []
    for size, entry in results["sizes"].items():
        ox_ = entry.get("oxigraph", {})
        if ox_.get("named queries"):
            named.append(markdown(int(size), entry))
        if "script" in (measured := ox_.get("app pages", {})):
            pages = pages_table(measured)
            how = "script runs"
            if "browser" in measured:
                how += " and headless Chromium"
            elif "browser skipped" in measured:
                how += f"; not in a browser: {measured['browser skipped']}"
            named.append(f"The app's pages at {int(size):,} certificates ({how}, "
                         f"`benchmarks/app_pages.py`):\n\n{pages}")  # fmt: skip
    results["named queries table"] = "\n\n".join(named)
    if named:
        load = ", ".join(f"{x:.1f}" for x in results["machine"]["load_average_at_start"])
        path.write_text(NAMED_HEADER.format(date=results["machine"]["date"], load=load,
                                            limit=NAMED_QUERY_TIMEOUT)
                        + results["named queries table"] + "\n", encoding="utf-8")  # fmt: skip
    return bool(named)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated sizes")
    p.add_argument("--with-2m", action="store_true", help="add 2,000,000 certificates")
    p.add_argument("--rdflib-max", type=int, default=100_000,
                   help="largest size also measured with rdflib (memory and time)")  # fmt: skip
    p.add_argument("--workdir", default=str(ROOT / ".accredigraph" / "bench"))
    p.add_argument("--out", default=str(HERE / "results" / "latest.json"))
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--engines", default=",".join(ENGINES),
                   help="comma-separated, from: " + ", ".join(ENGINES) + " (Virtuoso when "
                   "virtuoso-t is installed; the DuckDB floor on the same CSVs; the pages in "
                   "Chromium when it is installed)")  # fmt: skip
    p.add_argument("--named-table", default=str(HERE / "results" / "named-queries.md"),
                   help="where the named-query table (Markdown) is written")  # fmt: skip
    p.add_argument("--child", choices=["oxigraph", "rdflib", "duckdb"], help=argparse.SUPPRESS)
    p.add_argument("--keep-export", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--app-pages", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--browser", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--size", type=int, help=argparse.SUPPRESS)
    p.add_argument("--register", help=argparse.SUPPRESS)
    p.add_argument("--child-out", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if unknown := set(engines) - set(ENGINES):
        p.error(f"unknown engine(s) {', '.join(sorted(unknown))}: choose from {', '.join(ENGINES)}")
    if args.child == "oxigraph":
        res = child_oxigraph(args.size, Path(args.register), work, args.seed, args.keep_export,
                             args.app_pages, args.browser)  # fmt: skip
        Path(args.child_out).write_text(json.dumps(res, default=str))
        return 0
    if args.child:
        if args.child == "duckdb":
            from benchmarks.engines import duckdb_floor

            res = duckdb_floor(Path(args.register))
            res["peak RSS"] = _peak_rss_mb()
        else:
            res = child_rdflib(args.size, Path(args.register), work, args.seed)
        Path(args.child_out).write_text(json.dumps(res, default=str))
        return 0

    from graph.ingest.generate import generate_register

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.with_2m and 2_000_000 not in sizes:
        sizes.append(2_000_000)
    results: dict[str, Any] = {"machine": _machine(), "sizes": {}}
    named = False
    for size in sizes:
        register = work / f"register-{size}"
        shutil.rmtree(register, ignore_errors=True)
        gen = generate_register(register, size, seed=args.seed)
        print(f"[{size:,}] {gen}", flush=True)
        entry: dict[str, Any] = {"generate_seconds": gen.seconds}
        keep = ["--keep-export"] if "virtuoso" in engines else []
        keep += ["--app-pages"] if "pages" in engines or "browser" in engines else []
        keep += ["--browser"] if "browser" in engines else []
        if "oxigraph" in engines:
            entry["oxigraph"] = _child("oxigraph", size, register, work, args.seed, *keep)
            print(f"[{size:,}] oxigraph: {entry['oxigraph']}", flush=True)
        export = work / f"export-{size}.nt"
        if "virtuoso" in engines:
            from benchmarks.engines import virtuoso_named

            if export.is_file():
                entry["virtuoso"] = virtuoso_named(export, work, size, timeout=NAMED_QUERY_TIMEOUT)
            else:
                entry["virtuoso"] = {"error": "no N-Triples export (the Oxigraph child failed)"}
            print(f"[{size:,}] virtuoso: {entry['virtuoso']}", flush=True)
        export.unlink(missing_ok=True)
        if "duckdb" in engines:
            entry["duckdb"] = _child("duckdb", size, register, work, args.seed)
            print(f"[{size:,}] duckdb: {entry['duckdb']}", flush=True)
        if "rdflib" in engines and size <= args.rdflib_max:
            entry["rdflib"] = _child("rdflib", size, register, work, args.seed)
            print(f"[{size:,}] rdflib: {entry['rdflib']}", flush=True)
        results["sizes"][str(size)] = entry
        shutil.rmtree(register, ignore_errors=True)
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2, default=str))
        named = _write_named_tables(results, Path(args.named_table))  # after each size
    results["table"] = table(results)
    Path(args.out).write_text(json.dumps(results, indent=2, default=str))
    print(results["table"] + "\n\n" + results["named queries table"])
    print(f"\nwritten to {args.out}" + (f" and {args.named_table}" if named else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
