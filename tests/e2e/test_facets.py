"""Search facets in Chromium (issue 15): clicking a country narrows the matches and puts
``search.country`` in the address bar; reload keeps the view; Back returns to every country.
Screenshots go to ``test-artifacts/screenshots/facets-*.png``.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.browser import SHOTS, assert_local, settle

pytestmark = pytest.mark.e2e


def _params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"facets-{name}.png"), full_page=True)


def _matches(page) -> tuple[int, int]:
    """(first-last count, total) from the caption "Matches 1–20 of 231 — …"."""
    text = page.get_by_text(re.compile(r"^Matches ")).first.inner_text()
    found = re.search(r"Matches \d+–(\d+) of ([\d,]+)", text)
    assert found, text
    return int(found.group(1)), int(found.group(2).replace(",", ""))


def _pill(page, facet: str, value: str):
    """The button of ``value`` in the facet ``facet`` (``country``, ``standard``)."""
    return page.locator(f'.st-key-search-{facet} [data-testid="stButtonGroup"] button').filter(
        has_text=re.compile(rf"^{re.escape(value)} · ")
    )


def test_a_country_facet_narrows_the_matches_and_lives_in_the_url(server, tab):
    page, requests = tab
    page.goto(f"{server}/search?search.text=S-C-0")
    settle(page)
    _, everything = _matches(page)
    gb = _pill(page, "country", "GB")
    label = gb.inner_text()
    in_gb = int(re.search(r"· ([\d,]+)", label).group(1).replace(",", ""))
    assert 0 < in_gb < everything, label
    _shot(page, "before")

    gb.click()
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('search.country') === 'GB'",
        timeout=30_000,
    )
    settle(page)
    assert _matches(page)[1] == in_gb, "the count on the button is the number of matches"
    details = page.locator('[data-testid="stCaptionContainer"]').all_inner_texts()
    hits = [t for t in details if re.match(r"^S-C-\d+ · ", t)]
    assert hits, details
    assert _params(page)["search.text"] == ["S-C-0"]
    _shot(page, "gb")

    page.reload()
    settle(page)
    assert _params(page)["search.country"] == ["GB"]
    assert _matches(page)[1] == in_gb, "reload keeps the country"
    assert _pill(page, "country", "GB").get_attribute("aria-checked") == "true"

    page.go_back()
    page.wait_for_function(
        "() => !new URLSearchParams(location.search).has('search.country')", timeout=30_000
    )
    settle(page)
    assert _matches(page)[1] == everything, "Back returns to every country"
    assert_local(requests)


def test_a_pasted_link_with_country_and_standard_opens_the_narrowed_view(server, tab):
    page, requests = tab
    page.goto(f"{server}/search?search.text=S-C-0&search.country=GB&search.standard=ISO+9001")
    settle(page)
    _, total = _matches(page)
    gb = _pill(page, "country", "GB").inner_text()
    iso = _pill(page, "standard", "ISO 9001").inner_text()
    # each facet counts with the other filter applied: both buttons say how many are shown
    assert gb.endswith(f"· {total}") and iso.endswith(f"· {total}"), (gb, iso, total)
    _shot(page, "gb-iso-9001")
    assert_local(requests)
