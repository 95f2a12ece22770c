"""Browser-test fixtures shared by every file under ``tests/e2e/``: one Streamlit server for the
session, one Chromium per file, a fresh tab per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from benchmarks.app_pages import streamlit_app
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, ROOT


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """``streamlit run app.py -- --store memory`` on a free port; its base URL."""
    if not CHROMIUM.exists():
        pytest.skip(f"the browser tests need Debian's chromium at {CHROMIUM} (make browser)")
    log = ROOT / "test-artifacts"
    log.mkdir(exist_ok=True)
    with streamlit_app(log / "streamlit-e2e.log") as (base, _):
        yield base


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
