"""Issue 15 in Chromium: every view a URL, and a drawing you can work in.

Following an in-page link (a search hit, a link on an entity page, a node in a drawing) changes
the address bar; reload, Back and Forward reproduce the view; a pasted link with an id in any
case opens the entity; clicking a node opens a menu that opens its page or expands it in place.
Screenshots go to ``test-artifacts/screenshots/urls-*.png``.
"""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

import pytest

from graph.vocab.mint import body_iri
from tests.e2e.browser import SHOTS, assert_local, settle

pytestmark = pytest.mark.e2e

UKAS, EA = body_iri("ukas"), body_iri("ea")
EA_MLA = "https://w3id.org/accredigraph/id/arrangement/ea-mla"  # EA's, not UKAS's neighbour


def _params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _title(page) -> str:
    return page.locator("h1").first.inner_text().strip()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"urls-{name}.png"))


def _wait_for_entity(page, iri: str) -> None:
    page.wait_for_function(
        "iri => new URLSearchParams(location.search).get('entity') === iri", arg=iri,
        timeout=30_000,
    )  # fmt: skip
    settle(page)


def test_a_search_hit_changes_the_address_and_reload_and_back_keep_the_view(server, tab):
    page, requests = tab
    page.goto(f"{server}/search?search.text=UKAS")
    settle(page)
    page.locator(
        '[data-testid="stPageLink"] a', has_text="United Kingdom Accreditation"
    ).first.click()
    _wait_for_entity(page, UKAS)
    assert _title(page) == "United Kingdom Accreditation Service"
    page.wait_for_timeout(2000)  # the facts table and the drawing
    _shot(page, "entity-after-click")
    page.reload()
    settle(page)
    assert _title(page) == "United Kingdom Accreditation Service"
    assert _params(page)["entity"] == [UKAS]
    page.go_back()
    page.wait_for_function("() => !location.search.includes('entity=')", timeout=30_000)
    settle(page)
    assert _params(page)["search.text"] == ["UKAS"]
    assert _title(page) == "Search and entities"
    page.go_forward()
    _wait_for_entity(page, UKAS)
    assert _title(page) == "United Kingdom Accreditation Service"
    assert_local(requests)


def test_a_link_on_an_entity_page_changes_the_address_and_back_returns(server, tab):
    page, requests = tab
    page.goto(f"{server}/search?entity={quote(UKAS, safe='')}")
    settle(page)
    page.locator('[data-testid="stPageLink"] a', has_text="European co-operation").first.click()
    _wait_for_entity(page, EA)
    assert _title(page) == "European co-operation for Accreditation"
    page.go_back()
    _wait_for_entity(page, UKAS)
    assert _title(page) == "United Kingdom Accreditation Service"
    assert_local(requests)


@pytest.mark.parametrize("typed", ["UKAS", "https://w3id.org/accredigraph/id/body/UKAS"])
def test_a_pasted_link_with_an_id_in_any_case_opens_the_entity(server, tab, typed):
    page, requests = tab
    page.goto(f"{server}/search?entity={quote(typed, safe='')}")
    _wait_for_entity(page, UKAS)
    assert _title(page) == "United Kingdom Accreditation Service"
    assert_local(requests)


def _drawing(page):
    """The drawing's frame, once its network has stabilised."""
    page.frame_locator("iframe").first.locator("canvas").first.wait_for(timeout=30_000)
    frame = next(f for f in page.frames if f != page.main_frame and f.url == "about:srcdoc")
    frame.wait_for_function("() => window.agNetwork && window.agNodes", timeout=30_000)
    page.wait_for_timeout(2500)  # stabilisation, then physics off
    return frame


def _click_node(page, frame, iri: str) -> None:
    x, y = frame.evaluate(
        """iri => { const n = window.agNetwork; n.selectNodes([]);
                    const d = n.canvasToDOM(n.getPosition(iri)); return [d.x, d.y]; }""",
        iri,
    )
    box = page.frame_locator("iframe").first.locator("canvas").first.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_clicking_a_node_opens_its_page_and_back_returns_to_the_drawing(server, tab):
    page, requests = tab
    page.goto(f"{server}/explore?explore.depth=1")
    settle(page)
    frame = _drawing(page)
    tips = frame.evaluate("() => window.agNodes.get().map(n => n.title.textContent)")
    assert tips and not [t for t in tips if "%" in t or "https://" in t], "readable tooltips"
    _click_node(page, frame, EA)
    menu = frame.locator("#ag-menu")
    menu.wait_for(state="visible", timeout=10_000)
    assert menu.locator(".ag-menu-title").inner_text().startswith("European co-operation")
    _shot(page, "node-menu")
    menu.get_by_text("Open its page").click()
    _wait_for_entity(page, EA)
    assert urlsplit(page.url).path.endswith("/search")
    assert _title(page) == "European co-operation for Accreditation"
    _shot(page, "node-opened")
    page.go_back()
    page.wait_for_function("() => location.pathname.endsWith('/explore')", timeout=30_000)
    settle(page)
    assert _title(page) == "Explore the graph"
    assert "entity" not in _params(page)
    assert_local(requests)


def test_expanding_a_node_adds_its_neighbours_in_place_and_back_undoes_it(server, tab):
    page, requests = tab
    page.goto(f"{server}/explore?explore.depth=1")
    settle(page)
    frame = _drawing(page)
    before = frame.evaluate("() => window.agNodes.length")
    assert frame.evaluate("iri => window.agNodes.get(iri)", EA_MLA) is None
    _click_node(page, frame, EA)
    frame.locator("#ag-menu").get_by_text("Expand its neighbours here").click()
    page.wait_for_function("() => location.search.includes('expand=')", timeout=30_000)
    settle(page)
    assert _params(page)["expand"] == [EA] and _params(page)["explore.depth"] == ["1"]
    frame = _drawing(page)
    after = frame.evaluate("() => window.agNodes.length")
    assert after > before + 10, "EA's members now drawn"
    assert frame.evaluate("iri => window.agNodes.get(iri)", EA_MLA) is not None
    _shot(page, "node-expanded")
    page.reload()
    settle(page)
    assert _drawing(page).evaluate("() => window.agNodes.length") == after
    page.go_back()
    page.wait_for_function("() => !location.search.includes('expand=')", timeout=30_000)
    settle(page)
    assert _drawing(page).evaluate("() => window.agNodes.length") == before
    assert_local(requests)


def test_a_link_in_the_node_list_opens_the_entity_in_the_same_tab(server, tab):
    page, requests = tab
    page.goto(f"{server}/explore?explore.depth=1")
    settle(page)
    frame = _drawing(page)
    frame.locator("summary").first.click()
    link = frame.locator(f'details a[data-iri="{EA}"]')
    link.click()
    _wait_for_entity(page, EA)
    assert len(page.context.pages) == 1 and _title(page).startswith("European co-operation")
    assert_local(requests)
