"""What the browser tests share: the headless Debian Chromium's flags, waiting for a Streamlit
page to settle, and the checks that nothing left the machine.

A new browser test goes in a file of its own under ``tests/e2e/``; it imports these helpers
(``from tests.e2e.browser import SHOTS, settle, visit``) and gets the fixtures ``server`` (one
``streamlit run app.py -- --store memory`` for the whole session), ``browser`` and ``tab`` from
``conftest.py``.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "test-artifacts" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: A script, stylesheet or font fetched from another host, in HTML or CSS (group "host").
_HOST = r"(?:https?:)?//(?P<host>[^/\"'\s>:)]+)"
REMOTE = [
    re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?\s*" + _HOST, re.IGNORECASE),
    re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?\s*" + _HOST, re.IGNORECASE),
    re.compile(r"@import\s+(?:url\(\s*)?[\"']?\s*" + _HOST, re.IGNORECASE),
    re.compile(
        r"url\(\s*[\"']?\s*" + _HOST + r"[^)]*\.(?:woff2?|ttf|otf|eot|css|js)\b", re.IGNORECASE
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_app(log: Path, store: str = "memory") -> Iterator[tuple[str, subprocess.Popen]]:
    """``streamlit run app.py -- --store STORE`` on a free loopback port, its output in ``log``:
    yields its base URL and its process once its health check answers, and stops it after."""
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false", "--", "--store", store]  # fmt: skip
    with log.open("w") as out:
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


def settle(page, timeout: float = 60_000) -> None:
    """Wait until the script run has finished and the page has drawn."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_selector("h1", timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout
    )
    page.wait_for_timeout(1500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout
    )


def visit(page, base: str, path: str) -> None:
    page.goto(f"{base}/{path}")
    settle(page)


def assert_local(requests: list[str]) -> None:
    remote = [
        u
        for u in requests
        if urlsplit(u).scheme in ("http", "https", "ws", "wss")
        and urlsplit(u).hostname not in LOCAL_HOSTS
    ]
    assert remote == [], f"requests left the machine: {remote[:5]}"


def remote_references(text: str) -> list[str]:
    """Each script, stylesheet or font ``text`` loads from a host other than this machine."""
    return [
        m.group(0)[:120]
        for pattern in REMOTE
        for m in pattern.finditer(text)
        if m.group("host").lower() not in LOCAL_HOSTS
    ]
