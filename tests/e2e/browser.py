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
