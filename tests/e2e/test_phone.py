"""Issue 15, phone: Search, an entity page and Verify at 390×844 in Chromium, with no horizontal
scrolling — not of the page, and not inside the drawings' frames either.

Screenshots go to ``test-artifacts/screenshots/phone-<view>.png`` (the whole height of the
page: the app scrolls inside its main section, so the window is grown to show it all).
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from graph.vocab.mint import body_iri
from tests.e2e.browser import SHOTS, assert_local, settle

pytestmark = pytest.mark.e2e

WIDTH, HEIGHT = 390, 844
VIEWS = {
    "search": "search?search.text=UKAS",
    "entity": "search?entity=" + quote(body_iri("ukas"), safe=""),
    "verify": "verify?verify.certificate=S-C-0001&verify.as_of=2026-11-23",
    "verify-list": "verify?verify.list=example&verify.as_of=2026-11-23"
    "&verify.compare=another+date&verify.compare_to=2027-12-01",
}
#: Where a view overflows: the page, and each drawing's frame (same origin: srcdoc).
WIDTHS = """() => {
  const frames = Array.from(document.querySelectorAll('iframe')).map((f) => {
    const d = f.contentDocument && f.contentDocument.documentElement;
    return d ? [d.scrollWidth, d.clientWidth] : null;
  }).filter((x) => x && x[1] > 0);
  const main = document.querySelector('[data-testid="stMain"]');
  return {page: document.documentElement.scrollWidth, main: main.scrollWidth,
          mainClient: main.clientWidth, frames: frames};
}"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    yield page, requests
    context.close()


@pytest.mark.parametrize("view", list(VIEWS))
def test_no_horizontal_scrolling_at_390_px(server: str, phone, view: str):
    page, requests = phone
    page.goto(f"{server}/{VIEWS[view]}")
    settle(page)
    if view in ("entity", "verify"):
        page.frame_locator("iframe").first.locator("canvas").first.wait_for(timeout=30_000)
    if view == "verify-list":
        page.get_by_text("What changed").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    widths = page.evaluate(WIDTHS)
    assert widths["page"] <= WIDTH, widths
    assert widths["main"] <= widths["mainClient"], widths
    for inner, outer in widths["frames"]:
        assert inner <= outer, f"a drawing scrolls sideways inside its frame: {widths}"
    if view in ("entity", "verify"):
        assert widths["frames"], "the drawing is there"
    assert page.locator('[data-testid="stException"]').count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    tall = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": WIDTH, "height": min(max(HEIGHT, int(tall) + 40), 9000)})
    page.wait_for_timeout(1500)
    page.screenshot(path=str(SHOTS / f"phone-{view}.png"), full_page=True)
    assert page.evaluate(WIDTHS)["page"] <= WIDTH
    assert_local(requests)
