"""Browser-test fixtures shared by every file under ``tests/e2e/``: one Streamlit server for the
session, one Chromium per file, a fresh tab per test."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, ROOT, _free_port


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """``streamlit run app.py -- --store memory`` on a free port; its base URL."""
    if not CHROMIUM.exists():
        pytest.skip(f"the browser tests need Debian's chromium at {CHROMIUM} (make browser)")
    port = _free_port()
    log = ROOT / "test-artifacts"
    log.mkdir(exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--",
        "--store",
        "memory",
    ]
    with (log / "streamlit-e2e.log").open("w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log / 'streamlit-e2e.log'}")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    """One Chromium per test file. Not per session: Playwright's sync API keeps an asyncio loop
    running in this thread while it is open, and the tests after the browser tests in the same
    run (``asyncio.run`` in tests/sparql) cannot start theirs beside it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser) -> Iterator[tuple[object, list[str]]]:
    """A fresh page (1600×1000) and the list of every URL it requests."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    yield page, requests
    context.close()
