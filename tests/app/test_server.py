"""The app's server runs on uvloop and parses HTTP with httptools (Streamlit's ``performance``
extra, pyproject.toml): with them it hands out the front end's 100-odd script files about
seven times as fast, and those files are most of what a person's first visit waits for
(docs/scale.md, "The app's server: the front end's files"). Without the extra, Streamlit
quietly falls back to asyncio and h11, and every first visit is slower; this test fails then.
"""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from benchmarks.app_pages import streamlit_app

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/maps").exists(), reason="reads the server's loaded libraries in /proc"
)


def test_streamlit_run_serves_on_uvloop_and_httptools(tmp_path):
    with streamlit_app(tmp_path / "server.log") as (base, proc):
        with urllib.request.urlopen(f"{base}/", timeout=10) as page:
            assert page.status == 200 and b"<script" in page.read()
        # The extension modules the serving process has loaded: uvloop's loop is loaded when
        # Streamlit creates its event loop with it, httptools' parser when uvicorn picks it.
        loaded = Path(f"/proc/{proc.pid}/maps").read_text()
    assert "uvloop/loop." in loaded, "the app's event loop is asyncio's, not uvloop"
    assert "httptools/parser/parser." in loaded, "the app's HTTP parser is h11, not httptools"
