"""The app's server runs on uvloop and parses HTTP with httptools (Streamlit's ``performance``
extra, pyproject.toml): with them it hands out the front end's 100-odd script files about
seven times as fast, and those files are most of what a person's first visit waits for
(docs/scale.md, "The app's server: the front end's files"). Without the extra, Streamlit
quietly falls back to asyncio and h11, and every first visit is slower; this test fails then.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.browser import ROOT, _free_port

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/maps").exists(), reason="reads the server's loaded libraries in /proc"
)


def test_streamlit_run_serves_on_uvloop_and_httptools(tmp_path):
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false", "--", "--store", "memory"]  # fmt: skip
    with (tmp_path / "server.log").open("w") as log:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as page:
                    assert page.status == 200 and b"<script" in page.read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((tmp_path / "server.log").read_text()) from None
                time.sleep(0.3)
        # The extension modules the serving process has loaded: uvloop's loop is loaded when
        # Streamlit creates its event loop with it, httptools' parser when uvicorn picks it.
        loaded = Path(f"/proc/{proc.pid}/maps").read_text()
        assert "uvloop/loop." in loaded, "the app's event loop is asyncio's, not uvloop"
        assert "httptools/parser/parser." in loaded, "the app's HTTP parser is h11, not httptools"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
