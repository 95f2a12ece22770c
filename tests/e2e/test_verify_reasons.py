"""Issue 11 in Chromium: a dated reason on the Verify page, opened by its URL.

The bundled sample certificate S-C-0008 (ISO 9001, accredited by UKAS) checked as of
1997-06-01, before the IAF MLA came into force on 1998-01-22: the arrangement-signature card
says in words that no worldwide arrangement was in force then, and links to the page that gives
the day. Screenshot: ``test-artifacts/screenshots/verify-reasons-mla-not-yet-in-force.png``.
"""

from __future__ import annotations

import pytest

from tests.e2e.browser import SHOTS, assert_local, settle

pytestmark = pytest.mark.e2e

WORDS = "No worldwide recognition arrangement for certification was in force on 1997-06-01"
SOURCE = "https://iaf.news/2024/01/14/great-achievements/"


def test_the_reason_before_the_iaf_mla_is_visible_with_its_source(server, tab):
    page, requests = tab
    page.goto(f"{server}/verify?verify.certificate=S-C-0008&verify.as_of=1997-06-01")
    settle(page)
    card = page.locator('[data-testid="stVerticalBlock"]', has=page.get_by_text(WORDS)).last
    card.wait_for(state="visible", timeout=30_000)
    card.scroll_into_view_if_needed()
    text = card.inner_text()
    assert "MLA_NOT_YET_IN_FORCE" in text and "came into force on 1998-01-22" in text
    link = card.locator(f'a[href="{SOURCE}"]')
    assert link.is_visible() and link.inner_text() == "iaf.news"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "verify-reasons-mla-not-yet-in-force.png"))
    card.screenshot(path=str(SHOTS / "verify-reasons-card.png"))
    assert_local(requests)
