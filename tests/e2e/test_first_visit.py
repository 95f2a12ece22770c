"""A first visit in the browser: what a drawing's page sends and loads (issue 14).

The Learn page's drawing links vis-network from the app's own server instead of carrying it
inlined in the page's websocket message (about 700 kB on every visit): the message stays small,
the frame fetches the two files from this machine, the drawing still draws, and the HTML
download still carries vis-network inlined (it must work opened from disk).
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from graph.vocab.mint import body_iri
from tests.e2e.browser import SHOTS, assert_local, settle, visit

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _drawn(page) -> object:
    """The Learn page's drawing frame, once vis-network has drawn its network in it."""
    for _ in range(60):
        for frame in page.frames[1:]:
            if frame.evaluate("() => typeof window.agNetwork === 'object'"):
                return frame
        page.wait_for_timeout(500)
    raise AssertionError("no frame drew a vis-network drawing")


def test_the_learn_drawing_links_vis_network_from_this_server_and_draws(server, tab):
    page, requests = tab
    received: list[int] = []
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived",
            lambda payload: received.append(len(payload) if payload is not None else 0),
        ),
    )
    visit(page, server, "?step=certify")
    frame = _drawn(page)
    assert frame.evaluate("() => window.agNetwork.body.data.nodes.length") > 1
    vis = [u for u in requests if u.endswith(("/vis-network.min.js", "/vis-network.css"))]
    assert len({u.rsplit("/", 1)[1] for u in vis}) == 2, vis
    assert all(u.startswith(f"{server}/component/") for u in vis), vis
    assert_local(requests)
    # the page's messages carry the drawing's data, not vis-network (468 kB of script alone)
    assert received and max(received) < 200_000, max(received)
    page.screenshot(path=str(SHOTS / "first-visit-learn-certify.png"))


def test_the_downloaded_drawing_still_carries_vis_network(server, tab):
    page, _ = tab
    visit(page, server, "?step=certify")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download this diagram (HTML, works offline)").click()
    text = download.value.path().read_text(encoding="utf-8")
    assert "vis.Network" in text and "<script src" not in text
    assert f'href="{server}/search?entity=' in text  # links lead back to this app
    settle(page)


def test_the_glossary_is_drawn_when_opened_and_the_url_keeps_it_open(server, tab):
    # a first visit sends no glossary card; opening it draws them and puts it in the URL
    page, requests = tab
    visit(page, server, "")
    terms = page.locator('[data-testid="stExpander"]').filter(has_text="terms")
    assert terms.count() == 1
    assert page.get_by_text("accreditation body", exact=True).count() == 0
    terms.locator("summary").click()
    page.wait_for_function("() => location.search.includes('glossary=true')")
    page.get_by_text("accreditation body", exact=True).first.wait_for(timeout=30_000)
    settle(page)
    page.reload()
    settle(page)
    assert page.get_by_text("accreditation body", exact=True).count() >= 1
    terms.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "first-visit-learn-glossary.png"))
    assert_local(requests)


@pytest.mark.parametrize(
    ("name", "path", "shown"),
    [
        ("data-counts", "data", "Certification body"),
        ("entity-values", "search?entity=" + quote(body_iri("ukas"), safe=""), "UKAS"),
    ],
)
def test_small_tables_are_static_tables_not_the_data_grid(server, tab, name, path, shown):
    # the data grid loads its code and draws a canvas after the run (0.6-0.8 s of a cold first
    # visit): the Counts tab's classes and an entity's values are a few dozen rows, shown as
    # text a person can read, select and copy at once
    page, requests = tab
    visit(page, server, path)
    table = page.locator('[data-testid="stTable"]').first
    table.wait_for(timeout=30_000)
    assert page.locator('[data-testid="stDataFrame"]').count() == 0
    assert shown in table.inner_text()
    table.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"first-visit-{name}-table.png"))
    assert_local(requests)
