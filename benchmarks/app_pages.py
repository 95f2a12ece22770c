"""How long each page of the explorer takes on a given store, in the app and in a browser.

Two measurements per page, both on the store given with ``--store`` (e.g. a 1 M-certificate
store built with ``accredigraph --store PATH build --data DIR``):

- **script run** — Streamlit's ``AppTest`` runs the page's script in this process, the way the
  server does for each visit, and the wall time of that run is taken. The store is opened first
  (once per server process in the app), which starts the app's warm-up of the pages every
  visitor shares (``explorer_pages/warm.py``: Learn and its steps, Data's counts and ontology,
  the Verify and Explore pages' first views); the warm-up's own seconds are reported and the
  pages are timed after it ended, as on a server that is up. Then every page is run twice:
  ``first`` is a person's first visit (nothing of that page's own choices cached: an entity, a
  search, a named query's parameters are computed then), ``again`` a revisit (``st.cache_data``
  hits). A page whose run passes AppTest's limit (300 s) is reported as such; the others are
  still run.
- **in the browser** (``--browser``) — ``streamlit run app.py`` is started on loopback, one
  page is opened so the server opens the store, and the timing starts when the server's log
  says its warm-up ended. Then Debian's Chromium opens each page in a fresh browser context
  (nothing cached: a person's first visit to the site), twice. Two times are taken from
  navigation, and the page is watched until the script run is over and two quiet seconds have
  passed (not counted):

  - ``content`` (**content final**): the later of the moment the app element says the script
    run is over (Streamlit's ``data-test-script-state`` on ``[data-testid=stApp]`` becomes
    ``notRunning``) and the last change to the page's content (anything inside
    ``[data-testid=stMain]``): what a person waits for;
  - ``first`` / ``again`` (**last change**, the earlier measure): the last change to the
    page's DOM anywhere, Streamlit's own chrome (header, toolbar, sidebar, ``<head>``)
    included.

  A third visit, ``cached`` (**first visit, front end cached**), is a page never opened
  before by a browser that has Streamlit's own files in its cache: in a fresh context the
  import form is opened first (a page that queries nothing; for the import form itself, the
  ontology tab), then the page in a new tab of that context. The cold ``first`` stays the
  headline figure.

  The last mutations before the quiet period (time, kind, target's ``data-testid`` path) are
  kept in the JSON (``first: last changes``). Diagrams animate inside their own iframes, which
  neither measure watches. A page that queries nothing (the import form) gives the cost of
  Streamlit's front end itself, which every figure includes. A full-page screenshot of each
  page goes to ``--shots``.

Usage::

    python -m benchmarks.app_pages --store /srv/accredigraph-1m [--browser --shots DIR]
        [--only 'sparql: named query' --only 'data: import form']

The browser part's server opens the store for writing: point it at a copy, never at a store
another process is using. Prints one table and writes it as JSON (``--out``, default
``benchmarks/results/app-pages.json``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
TARGET = 2.0  # seconds: "every app page answers within 2 s"
#: Seconds one script run may take (AppTest's limit; a page past it is reported, not fatal).
SCRIPT_LIMIT = 300
#: Seconds to wait for the app's warm-up of the shared pages (explorer_pages/warm.py).
WARM_LIMIT = 600
#: What the server says on standard error when its warm-up has ended.
WARM_DONE = re.compile(r"accredigraph: shared pages ready in ([0-9.]+) s")
#: The Learn page's steps (``?step=``), each drawing its own picture; the first is the default.
LEARN_STEPS = ("standard", "certify", "accredit", "recognise", "check")
CHROMIUM = Path("/usr/bin/chromium")


def _one(store, name: str) -> str:
    """The single value of the benchmark query ``name`` (a ``.rq`` file beside this script)."""
    from graph import sparql

    result = sparql.run(store, (HERE / f"{name}.rq").read_text(), row_cap=1, timeout=None)
    return next(iter(result.records()[0].values()))  # type: ignore[union-attr]


def pages(location: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Page name -> (URL path, query parameters), with entities picked from the store: the
    certification body with the most certificates and one certificate."""
    from graph.query import run_named
    from graph.vocab.mint import certificate_iri
    from graph.workspace import open_workspace

    store = open_workspace(location, quiet=True)
    largest_cb = run_named(store, "summary-certificates-per-cb", row_cap=1).records()[0]["cb"]  # type: ignore[union-attr]
    certificate = _one(store, "any-certificate")
    store.close()
    return {
        "learn": ("", {}),
        **{f"learn: {step}": ("", {"step": step}) for step in LEARN_STEPS[1:]},
        "search": ("search", {"search.text": "Ltd"}),
        "entity: largest CB": ("search", {"entity": largest_cb}),
        "entity: a certificate": ("search", {"entity": certificate_iri(certificate)}),
        "explore: largest CB": ("explore", {"focus": largest_cb}),
        "verify": ("verify", {"verify.certificate": certificate, "verify.as_of": "2026-11-23"}),
        "sparql: named query": ("sparql", {"named": "cbs-accredited-by", "p.ab": "ukas"}),
        "data: counts": ("data", {}),
        "data: ontology": ("data", {"data.tab": "Ontology"}),
        "data: import form": ("data", {"data.tab": "Import a register"}),
    }


def only(
    wanted: dict[str, tuple[str, dict[str, str]]], names: list[str]
) -> dict[str, tuple[str, dict[str, str]]]:
    """The pages of ``wanted`` named in ``names``, in the table's order (all when ``names`` is
    empty); a name that is no page raises ``KeyError`` with the names there are."""
    if unknown := [n for n in names if n not in wanted]:
        raise KeyError(f"no page {', '.join(map(repr, unknown))}; the pages: {', '.join(wanted)}")
    return {n: v for n, v in wanted.items() if not names or n in names}


def script_runs(location: str, wanted: dict[str, tuple[str, dict[str, str]]]) -> dict[str, Any]:
    """Seconds of each page's script run: a first visit and a revisit."""
    from streamlit.testing.v1 import AppTest
    from streamlit.util import calc_hash

    sys.argv = ["app.py", "--store", location]

    def run(path: str, params: dict[str, str]) -> tuple[float, int]:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=SCRIPT_LIMIT)
        at.query_params.update(params)
        if path:
            at._page_hash = calc_hash(path)
        started = time.perf_counter()
        at.run()
        return time.perf_counter() - started, len(at.exception)

    opened, _ = run("data", {"data.tab": "Import a register"})  # opens the store, as the server
    out: dict[str, Any] = {"open the store": opened}
    from explorer_pages import warm  # the module the app's run just used

    started = time.perf_counter()
    warming = warm.wait(location, timeout=WARM_LIMIT)
    out["warm-up"] = {
        "seconds": warming.seconds if warming else None,
        "waited": time.perf_counter() - started,
        "failed": list(warming.failed) if warming else [],
    }
    for name, (path, params) in wanted.items():
        try:
            first, errors = run(path, params)
            again, _ = run(path, params)
        except RuntimeError as exc:  # AppTest's limit: say which page, go on with the others
            out[name] = {"error": str(exc)}
            continue
        out[name] = {"first": first, "again": again, "exceptions": errors}
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_app(
    log: Path, store: str = "memory", *, limit: float = 90.0
) -> Iterator[tuple[str, subprocess.Popen]]:
    """``streamlit run app.py -- --store STORE`` on a free loopback port, its output in ``log``:
    yields its base URL and its process once its health check answers (within ``limit``
    seconds), and stops it after. The browser tests start the app with it too."""
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false", "--", "--store", store]  # fmt: skip
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + limit
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log}")
            time.sleep(0.3)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def browser_loads(
    location: str, wanted: dict[str, tuple[str, dict[str, str]]], shots: Path | None
) -> dict[str, Any]:
    """Seconds from navigation to a settled page in headless Chromium, and screenshots."""
    from playwright.sync_api import sync_playwright

    from graph.store import open_store

    if "://" not in location and location != "memory":
        open_store(location).close()  # let the server open it for writing, as `make run` does
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="app-pages-server-") as folder:
        log = Path(folder) / "server.log"  # the server's own words: when its warm-up ended
        with streamlit_app(log, location, limit=120) as (base, server), sync_playwright() as p:
            chromium = p.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
            )
            # The first session opens the store, which starts the warm-up of the shared pages:
            # the figures are those of a server that is up, not of its first seconds.
            opening = _settle(chromium, f"{base}/data?data.tab=Import%20a%20register")
            opening["tab"].context.close()
            out["warm-up"] = _warm_up(str(log), server)
            urls = {
                name: f"{base}/{path}"
                + (f"?{query}" if (query := urlencode(params, quote_via=quote)) else "")
                for name, (path, params) in wanted.items()
            }
            for visit in ("first", "again", "cached"):
                for name, url in urls.items():
                    if visit == "cached":
                        # Another page of the site first, in the same browser context, so
                        # Streamlit's own files are in the browser's cache; then this page.
                        primer = _PRIMER if urls.get(_PRIMER) != url else _PRIMER_ELSE
                        primed = _settle(chromium, urls.get(primer, f"{base}/{_PRIMER_PATH}"))
                        settled = _settle(primed["tab"].context, url)
                        shown = out.setdefault(name, {})
                        shown["cached: primed by"] = primer
                        shown["cached"] = settled["last change"]
                        shown["cached: content"] = settled["content final"]
                        shown["cached: run over"] = settled["run over"]
                        shown["cached: last changes"] = settled["last changes"]
                        primed["tab"].context.close()
                        continue
                    settled = _settle(chromium, url)
                    shown = out.setdefault(name, {})
                    shown[visit] = settled["last change"]
                    shown[f"{visit}: content"] = settled["content final"]
                    shown[f"{visit}: run over"] = settled["run over"]
                    shown[f"{visit}: last changes"] = settled["last changes"]
                    if visit == "again" and shots is not None:
                        _screenshot(
                            settled["tab"], shots / f"{name.replace(':', '').replace(' ', '-')}.png"
                        )
                    settled["tab"].context.close()
            chromium.close()
    return out


def _warm_up(log: str, server: subprocess.Popen) -> float | None:
    """Seconds the server's warm-up took, once its log says it ended (None: it said nothing
    within :data:`WARM_LIMIT`, e.g. a store held in memory is not warmed)."""
    deadline = time.monotonic() + WARM_LIMIT
    while time.monotonic() < deadline and server.poll() is None:
        if found := WARM_DONE.search(Path(log).read_text(errors="replace")):
            return float(found.group(1))
        time.sleep(0.5)
    return None


#: Records, in milliseconds since navigation started: the page's last DOM change anywhere
#: (``__lastChange``), its last change inside the page's content (``stMain``:
#: ``__lastContent``), each change of the script-run state Streamlit writes on the app element
#: (``data-test-script-state``: ``running``, ``notRunning`` …), and the last mutations with
#: their targets (``__changes``: time, kind, target).
_WATCH = """
window.__lastChange = 0; window.__lastContent = 0; window.__states = []; window.__changes = [];
function __describe(node) {
  var n = node && node.nodeType === 1 ? node : node && node.parentElement;
  if (!n) { return '?'; }
  var own = n.tagName.toLowerCase(), id = n.getAttribute('data-testid');
  var path = [], p = n.parentElement;
  while (p && path.length < 3) {
    var tid = p.getAttribute && p.getAttribute('data-testid');
    if (tid) { path.push(tid); }
    p = p.parentElement;
  }
  return (id ? own + '[' + id + ']' : own) + (path.length ? ' in ' + path.join(' < ') : '');
}
new MutationObserver(function (mutations) {
  var now = performance.now();
  window.__lastChange = now;
  for (var i = 0; i < mutations.length; i++) {
    var m = mutations[i], el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
    if (el && el.closest && el.closest('[data-testid="stMain"]')) { window.__lastContent = now; }
    if (m.type === 'attributes' && m.attributeName === 'data-test-script-state') {
      window.__states.push([now, m.target.getAttribute('data-test-script-state')]);
    }
    window.__changes.push([now, m.type + (m.attributeName ? ' ' + m.attributeName : ''),
                           __describe(m.target)]);
    if (window.__changes.length > 50) { window.__changes.shift(); }
  }
}).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""


#: The page opened first for the "front end cached" visit (it queries nothing, so it only
#: brings Streamlit's own files into the browser's cache), and the one used when it is the
#: page measured.
_PRIMER, _PRIMER_ELSE = "data: import form", "data: ontology"
_PRIMER_PATH = "data?data.tab=Import%20a%20register"


def _settle(chromium, url: str, quiet: float = 2.0, limit: float = 120.0) -> dict[str, Any]:
    """Open ``url`` in a fresh tab (nothing cached: a person's first visit to the site) and
    wait until the script run is over and nothing has changed for ``quiet`` seconds.
    ``chromium`` is the browser (a new context: nothing cached) or a browser context (a new
    tab in it: what that context fetched before is in its cache).

    Returns seconds since navigation started: ``last change``, the page's last DOM change
    anywhere before the quiet period (Streamlit's own chrome included); ``run over``, when the
    app element last said the script run was over (``data-test-script-state`` became
    ``notRunning``); ``content final``, the later of ``run over`` and the last change inside
    the page's content (``stMain``) — what a person waits for. Also ``last changes``, the
    final mutations (time, kind, target) and ``tab``, the page. Diagrams animate inside their
    own iframes, which none of this watches.
    """
    if hasattr(chromium, "new_context"):
        page = chromium.new_context(viewport={"width": 1600, "height": 1000}).new_page()
    else:
        page = chromium.new_page()
    page.add_init_script(_WATCH)
    started = time.monotonic()
    page.goto(url)
    page.wait_for_selector("h1", timeout=limit * 1000)
    while time.monotonic() - started < limit:
        page.wait_for_timeout(250)
        idle, state = page.evaluate(
            "() => [performance.now() - window.__lastChange, document.querySelector("
            "'[data-testid=\"stApp\"]').getAttribute('data-test-script-state')]"
        )
        if idle > quiet * 1000 and state == "notRunning":
            break
    seen = page.evaluate(
        "() => ({last: window.__lastChange, content: window.__lastContent,"
        " states: window.__states, changes: window.__changes})"
    )
    over = max((t for t, state in seen["states"] if state == "notRunning"), default=0.0)
    final = [c for c in seen["changes"] if c[0] >= seen["last"] - 250]
    return {
        "last change": seen["last"] / 1000,
        "run over": over / 1000,
        "content final": max(over, seen["content"]) / 1000,
        "last changes": [[round(t / 1000, 3), kind, target] for t, kind, target in final[-8:]],
        "tab": page,
    }


def _screenshot(page, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tall = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1600, "height": min(max(1000, int(tall) + 40), 5000)})
    page.wait_for_timeout(1500)
    page.screenshot(path=str(path), full_page=True)


def table(result: dict[str, Any]) -> str:
    """The figures as a Markdown table, with the 2 s target checked on first visits: of the
    script run, and (with ``--browser``) of the page's content in Chromium, cold (nothing
    cached) and with Streamlit's front end already in the browser's cache."""
    lines = [
        "| page | script run: first | again | browser, content final: first (cold) | again "
        "| first, front end cached | browser, last change: first | again | script ≤ 2 s "
        "| browser ≤ 2 s: cold | front end cached |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    browser = result.get("browser", {})

    def cell(figures: dict[str, Any], key: str) -> str:
        value = figures.get(key)
        return f"{value:.2f} s" if isinstance(value, int | float) else "–"

    def within(value: float | None) -> str:
        return "–" if value is None else ("yes" if value <= TARGET else "**no**")

    for name, run in result["script"].items():
        if name in ("open the store", "warm-up"):
            continue
        shown = browser.get(name, {})
        if "error" in run:
            ok = f"**no** ({run['error'][:60]})"
        else:
            ok = "yes" if run["first"] <= TARGET and not run["exceptions"] else "**no**"
        keys = ("first: content", "again: content", "cached: content", "first", "again")
        cells = [cell(run, "first"), cell(run, "again"), *(cell(shown, k) for k in keys)]
        lines.append(
            f"| {name} | " + " | ".join(cells) + f" | {ok} | {within(shown.get('first: content'))}"
            f" | {within(shown.get('cached: content'))} |"
        )
    return "\n".join(lines) + summary(result)


def summary(result: dict[str, Any]) -> str:
    """How many pages met the 2 s goal in the browser, cold and with the front end cached
    (a line after the table; nothing without browser figures).

    >>> print(summary({"script": {"a": {}, "b": {}}, "browser": {
    ...     "a": {"first: content": 1.5, "cached: content": 0.9},
    ...     "b": {"first: content": 2.4, "cached: content": 1.2}}}).strip())
    In Chromium, 1 of 2 pages within 2 s on a cold first visit, 2 of 2 with the front end cached.
    """
    browser = result.get("browser") or {}
    names = [n for n in result["script"] if n not in ("open the store", "warm-up")]
    if not any(isinstance(browser.get(n), dict) for n in names):
        return ""

    def met(key: str) -> int:
        values = (browser.get(n, {}).get(key) for n in names)
        return sum(1 for v in values if isinstance(v, int | float) and v <= TARGET)

    return (f"\n\nIn Chromium, {met('first: content')} of {len(names)} pages within 2 s on a "
            f"cold first visit, {met('cached: content')} of {len(names)} with the front end "
            "cached.")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", required=True, help="store directory (or URL) to run on")
    parser.add_argument("--browser", action="store_true", help="also time pages in Chromium")
    parser.add_argument("--shots", type=Path, help="directory for the browser's screenshots")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "app-pages.json")
    parser.add_argument(
        "--only", action="append", metavar="PAGE", default=[],
        help="time only this page (its name in the table, e.g. 'sparql: named query'); repeat "
             "for more; the others are left out",
    )  # fmt: skip
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    try:
        wanted = only(pages(args.store), args.only)
    except KeyError as exc:
        parser.error(exc.args[0])
    result: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.python_version()}",
        "store": args.store,
        "pages": {name: [path, params] for name, (path, params) in wanted.items()},
        "script": script_runs(args.store, wanted),
    }
    if args.browser:
        result["browser"] = browser_loads(args.store, wanted, args.shots)
    print(table(result))
    print(f"\nopening the store: {result['script']['open the store']:.2f} s (once per server)")
    warm = result["script"]["warm-up"]
    if warm["seconds"] is not None:
        failed = "; failed: " + ", ".join(warm["failed"]) if warm["failed"] else ""
        print(f"warm-up of the shared pages: {warm['seconds']:.1f} s, in the background after "
              f"that{failed}")  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
