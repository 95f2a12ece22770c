"""How long each page of the explorer takes on a given store, in the app and in a browser.

Two measurements per page, both on the store given with ``--store`` (e.g. a 1 M-certificate
store built with ``accredigraph --store PATH build --data DIR``):

- **script run** — Streamlit's ``AppTest`` runs the page's script in this process, the way the
  server does for each visit, and the wall time of that run is taken. The store is opened first
  (once per server process in the app), then every page is run twice: ``first`` is a person's
  first visit (nothing of it cached), ``again`` a revisit (``st.cache_data`` hits).
- **in the browser** (``--browser``) — ``streamlit run app.py`` is started on loopback and
  Debian's Chromium opens each page in a fresh tab; the time runs from navigation to the last
  change of the page before two quiet seconds (that quiet period is not counted). A page that
  queries nothing (the import form) gives the cost of loading Streamlit's front end itself,
  which every figure includes. A full-page screenshot of each page goes to ``--shots``.

Usage::

    python -m benchmarks.app_pages --store /srv/accredigraph-1m [--browser --shots DIR]

Prints one table and writes it as JSON (``--out``, default
``benchmarks/results/app-pages.json``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
TARGET = 2.0  # seconds: "every app page answers within 2 s"
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


def script_runs(location: str, wanted: dict[str, tuple[str, dict[str, str]]]) -> dict[str, Any]:
    """Seconds of each page's script run: a first visit and a revisit."""
    from streamlit.testing.v1 import AppTest
    from streamlit.util import calc_hash

    sys.argv = ["app.py", "--store", location]

    def run(path: str, params: dict[str, str]) -> tuple[float, int]:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.query_params.update(params)
        if path:
            at._page_hash = calc_hash(path)
        started = time.perf_counter()
        at.run()
        return time.perf_counter() - started, len(at.exception)

    opened, _ = run("data", {"data.tab": "Import a register"})  # opens the store, as the server
    out: dict[str, Any] = {"open the store": opened}
    for name, (path, params) in wanted.items():
        first, errors = run(path, params)
        again, _ = run(path, params)
        out[name] = {"first": first, "again": again, "exceptions": errors}
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def browser_loads(
    location: str, wanted: dict[str, tuple[str, dict[str, str]]], shots: Path | None
) -> dict[str, Any]:
    """Seconds from navigation to a settled page in headless Chromium, and screenshots."""
    from playwright.sync_api import sync_playwright

    from graph.store import open_store

    if "://" not in location and location != "memory":
        open_store(location).close()  # let the server open it for writing, as `make run` does
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--", "--store", location],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    out: dict[str, Any] = {}
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("streamlit did not start") from None
                time.sleep(0.3)
        with sync_playwright() as p:
            chromium = p.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
            )
            for visit in ("first", "again"):
                for name, (path, params) in wanted.items():
                    query = urlencode(params, quote_via=quote)
                    url = f"{base}/{path}" + (f"?{query}" if query else "")
                    seconds, page = _settle(chromium, url)
                    out.setdefault(name, {})[visit] = seconds
                    if visit == "again" and shots is not None:
                        _screenshot(page, shots / f"{name.replace(':', '').replace(' ', '-')}.png")
                    page.context.close()
            chromium.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return out


#: Records when the page's DOM last changed (milliseconds since navigation started).
_WATCH = """
window.__lastChange = 0;
new MutationObserver(() => { window.__lastChange = performance.now(); })
  .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""


def _settle(chromium, url: str, quiet: float = 2.0, limit: float = 120.0):
    """Open ``url`` in a fresh tab; seconds from navigation to the page's last change.

    Streamlit draws a page as the script runs; when the run ends the page stops changing.
    So the time is that of the last change to the page (its DOM) before ``quiet`` seconds
    without one. Diagrams animate inside their own iframes, which this does not watch.
    """
    page = chromium.new_context(viewport={"width": 1600, "height": 1000}).new_page()
    page.add_init_script(_WATCH)
    started = time.monotonic()
    page.goto(url)
    page.wait_for_selector("h1", timeout=limit * 1000)
    while time.monotonic() - started < limit:
        page.wait_for_timeout(250)
        idle = page.evaluate("() => performance.now() - window.__lastChange")
        if idle > quiet * 1000:
            break
    return page.evaluate("() => window.__lastChange") / 1000, page


def _screenshot(page, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tall = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1600, "height": min(max(1000, int(tall) + 40), 5000)})
    page.wait_for_timeout(1500)
    page.screenshot(path=str(path), full_page=True)


def table(result: dict[str, Any]) -> str:
    """The figures as a Markdown table, with the 2 s target checked on first visits."""
    lines = [
        "| page | script run: first | again | browser: first | again | script ≤ 2 s |",
        "|---|---|---|---|---|---|",
    ]
    browser = result.get("browser", {})
    for name, run in result["script"].items():
        if name == "open the store":
            continue
        shown = browser.get(name, {})
        ok = "yes" if run["first"] <= TARGET and not run["exceptions"] else "**no**"
        cells = [f"{run['first']:.2f} s", f"{run['again']:.2f} s"]
        cells += [f"{shown[k]:.2f} s" if k in shown else "–" for k in ("first", "again")]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {ok} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", required=True, help="store directory (or URL) to run on")
    parser.add_argument("--browser", action="store_true", help="also time pages in Chromium")
    parser.add_argument("--shots", type=Path, help="directory for the browser's screenshots")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "app-pages.json")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    wanted = pages(args.store)
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
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
