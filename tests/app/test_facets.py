"""Search facets in the app (AppTest): choosing a country or a standard narrows the matches and
writes ``search.country`` / ``search.standard`` to the URL; a link with them opens that view.
The browser side (address bar, reload, Back) is tests/e2e/test_facets.py."""

from __future__ import annotations

import re
import sys

import pytest

from graph.explore.search import find
from graph.ingest.build import build_store
from tests.app.test_pages import assert_clean, open_page, texts


@pytest.fixture(autouse=True)
def _memory_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["app.py", "--store", "memory"])


@pytest.fixture(scope="module")
def truth():
    store, _ = build_store("memory")
    return lambda text, **filters: find(store, text, limit=1000, **filters)


def _total(at) -> int:
    found = re.search(r"Matches \d+–\d+ of ([\d,]+)", texts(at))
    assert found, texts(at)
    return int(found.group(1).replace(",", ""))


def _facet(at, key: str):
    return at.button_group(key=key)


def _param(at, name: str) -> str | None:
    value = at.query_params.get(name)
    return value[-1] if isinstance(value, list) else value


def test_facets_show_every_value_with_its_count(truth):
    at = open_page("search", **{"search.text": "S-C-0"})
    assert_clean(at)
    expected = truth("S-C-0")
    countries = _facet(at, "search.country").options  # as shown: "GB · 76"
    more = at.selectbox(key="search.country.more").options
    assert countries + more == [f"{value} · {count}" for value, count in expected.by_country]
    standards = _facet(at, "search.standard").options
    more = at.selectbox(key="search.standard.more").options
    assert standards + more == [f"{value} · {count}" for value, count in expected.by_standard]


def test_choosing_a_country_narrows_the_matches_and_writes_the_url(truth):
    at = open_page("search", **{"search.text": "S-C-0"})
    everything = _total(at)
    at = _facet(at, "search.country").set_value("GB").run()
    assert_clean(at)
    assert _param(at, "search.country") == "GB"
    assert _total(at) == truth("S-C-0", country="GB").total < everything
    # the standard facet now counts the matches in GB
    standards = _facet(at, "search.standard")
    assert standards.format_func("ISO 9001").endswith(
        f"· {dict(truth('S-C-0', country='GB').by_standard)['ISO 9001']}"
    )
    at = _facet(at, "search.standard").set_value("ISO 9001").run()
    assert_clean(at)
    assert (_param(at, "search.country"), _param(at, "search.standard")) == ("GB", "ISO 9001")
    assert _total(at) == truth("S-C-0", country="GB", standard="ISO 9001").total
    at = _facet(at, "search.country").set_value(None).run()  # pressed again: cleared
    assert_clean(at)
    assert _param(at, "search.country") is None
    assert _total(at) == truth("S-C-0", standard="ISO 9001").total


def test_a_country_from_the_drop_down_becomes_the_facet_value(truth):
    at = open_page("search", **{"search.text": "S-C-0"})
    rare = at.selectbox(key="search.country.more").options[-1].split(" · ")[0]
    at = at.selectbox(key="search.country.more").set_value(rare).run()
    assert_clean(at)
    assert _param(at, "search.country") == rare
    assert _facet(at, "search.country").value == rare
    assert _total(at) == truth("S-C-0", country=rare).total


def test_choosing_a_facet_starts_again_at_page_one():
    at = open_page("search", **{"search.text": "S-C-0", "search.page": "3"})
    assert "Matches 41–60" in texts(at)
    at = _facet(at, "search.country").set_value("GB").run()
    assert_clean(at)
    assert re.search(r"Matches 1–20 of", texts(at))


def test_a_link_with_facets_opens_the_narrowed_view_as_written_by_the_facets(truth):
    at = open_page("search", **{"search.text": "S-C-0", "search.country": "gb",
                                "search.standard": "iso 9001:2015"})  # fmt: skip
    assert_clean(at)
    assert (_param(at, "search.country"), _param(at, "search.standard")) == ("GB", "ISO 9001")
    assert _facet(at, "search.country").value == "GB"
    assert _facet(at, "search.standard").value == "ISO 9001"
    assert _total(at) == truth("S-C-0", country="GB", standard="ISO 9001").total


def test_a_link_with_an_unknown_country_says_so_and_shows_every_match(truth):
    at = open_page("search", **{"search.text": "S-C-0", "search.country": "Narnia"})
    assert_clean(at)
    assert "unknown country" in " ".join(e.value for e in at.error)
    assert _param(at, "search.country") is None
    assert _total(at) == truth("S-C-0").total


def test_a_country_without_matches_stays_selectable_to_clear_it():
    at = open_page("search", **{"search.text": "S-C-0", "search.country": "JP"})
    assert_clean(at)
    assert "Nothing matches with this country and standard" in texts(at)
    countries = _facet(at, "search.country")
    assert countries.value == "JP" and countries.format_func("JP") == "JP · 0"
    at = countries.set_value(None).run()
    assert _param(at, "search.country") is None and _total(at) > 0
