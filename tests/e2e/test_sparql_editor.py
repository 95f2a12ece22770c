"""The SPARQL page in Chromium (issue 15): the editor highlights SPARQL, marks a syntax error on
its line, completes this graph's classes and runs with Ctrl+Enter into the URL; a cut result
downloads every row; a result with countries is drawn on a world map; nothing is fetched from
the network. Screenshots: ``test-artifacts/screenshots/sparql-*.png``.
"""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from tests.e2e.browser import SHOTS, assert_local, remote_references, settle, visit

pytestmark = pytest.mark.e2e

TYPO = "SELECT ?s\nWHERE { ?s ?p ?o }\nLIMIT ten"


def _editor(page):
    """The editor's frame, once CodeMirror has drawn in it."""
    frame = page.frame_locator('iframe[title="explorer_pages.editor.sparql_editor"]')
    frame.locator(".cm-editor").wait_for(timeout=30_000)
    return frame


def test_the_editor_highlights_sparql_and_marks_the_error_on_its_line(server: str, tab):
    page, requests = tab
    visit(page, server, "sparql?query=" + quote(TYPO))
    frame = _editor(page)
    line3 = frame.locator(".cm-line").nth(2)
    line3.locator(".cm-lintRange-error").wait_for(timeout=15_000)
    assert line3.inner_text().startswith("LIMIT ten")
    assert frame.locator(".cm-line").nth(0).locator(".cm-lintRange-error").count() == 0
    assert frame.locator(".cm-lint-marker-error").count() == 1
    # highlighting: the keyword and the variable are drawn in other colours than plain text
    colours = (
        frame.locator(".cm-line")
        .nth(0)
        .evaluate(
            "line => [...line.querySelectorAll('span')].map(s => [s.textContent, "
            "getComputedStyle(s).color]).concat([['line', getComputedStyle(line).color]])"
        )
    )
    by_text = dict(colours)
    assert by_text["SELECT"] != by_text["line"] and by_text["?s"] != by_text["line"]
    assert "line 3, column 7" in page.locator('[data-testid="stAlert"]').first.inner_text()
    page.screenshot(path=str(SHOTS / "sparql-editor-error.png"))
    assert_local(requests)


def test_completion_offers_this_graphs_classes_and_ctrl_enter_runs_into_the_url(server: str, tab):
    page, requests = tab
    visit(page, server, "sparql")
    frame = _editor(page)
    content = frame.locator(".cm-content")
    content.click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.type("SELECT ?c WHERE { ?c a ag:Certif")
    options = frame.locator(".cm-tooltip-autocomplete li")
    options.first.wait_for(timeout=10_000)
    labels = options.all_inner_texts()
    assert any(label.startswith("ag:Certificate") for label in labels), labels
    page.screenshot(path=str(SHOTS / "sparql-editor-completion.png"))
    page.keyboard.press("Escape")
    page.keyboard.type("icationBody }")
    page.keyboard.press("Control+Enter")
    page.wait_for_url(re.compile(r"query="), timeout=30_000)
    settle(page)
    assert "ag:CertificationBody }" in unquote(page.url.replace("+", " "))
    caption = page.get_by_text(re.compile(r"^\d+ rows? in ")).first.inner_text()
    assert int(caption.split()[0]) > 0
    assert_local(requests)


def test_a_cut_result_downloads_every_row(server: str, tab):
    page, requests = tab
    visit(page, server, "sparql?query=" + quote("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"))
    assert page.get_by_text("Truncated at 1000 rows").count() == 1
    page.get_by_role("button", name="Prepare all rows for download").click()
    ready = page.get_by_text(re.compile(r"^All [\d,]+ rows, ready to download"))
    ready.wait_for(timeout=60_000)
    total = int(re.search(r"All ([\d,]+) rows", ready.inner_text()).group(1).replace(",", ""))
    assert total > 1000
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="CSV", exact=True).click()
    with open(info.value.path(), encoding="utf-8", newline="") as f:
        lines = f.read().split("\r\n")
    assert lines[0] == "s,p,o" and len([x for x in lines[1:] if x]) == total
    ready.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "sparql-all-rows.png"))
    assert_local(requests)


def test_a_whole_result_downloads_as_files_written_when_clicked(server: str, tab):
    # the files are written on the click (not with the page): TSV then SPARQL JSON, one after
    # the other, hold every row the table shows
    page, requests = tab
    visit(page, server, "sparql?example=ea-members")
    caption = page.get_by_text(re.compile(r"^\d+ rows? in ")).first.inner_text()
    n = int(caption.split()[0])
    with page.expect_download(timeout=60_000) as tsv:
        page.get_by_role("button", name="TSV", exact=True).click()
    with page.expect_download(timeout=60_000) as js:
        page.get_by_role("button", name="SPARQL JSON", exact=True).click()
    lines = [x for x in Path(tsv.value.path()).read_text(encoding="utf-8").split("\n") if x]
    assert tsv.value.suggested_filename.endswith(".tsv") and len(lines) == n + 1
    answer = json.loads(Path(js.value.path()).read_text(encoding="utf-8"))
    assert len(answer["results"]["bindings"]) == n
    assert_local(requests)


def test_a_result_by_country_is_drawn_on_a_world_map(server: str, tab):
    page, requests = tab
    visit(page, server, "sparql?example=bodies-per-country")
    page.get_by_role("tab", name="Map").click()
    svg = page.frame_locator('iframe[title^="world map"]').locator("#sparql-map svg")
    svg.wait_for(timeout=30_000)
    assert svg.locator("path[data-country]").count() > 150
    gb = svg.locator('path[data-country="GB"]')
    assert gb.get_attribute("data-value") is not None
    assert gb.get_attribute("fill") != "#e3e3e3"  # drawn in a colour of the legend
    assert svg.locator('path[data-country="AQ"]').count() == 0
    page.locator('iframe[title^="world map"]').scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "sparql-map.png"))
    assert_local(requests)


def test_the_editor_loads_nothing_from_the_network(server: str, tab):
    page, requests = tab
    visit(page, server, "sparql?example=ea-members")
    _editor(page)
    frames = [u for u in requests if "/component/" in u]
    assert frames, "the editor is served by this server"
    for url in frames:
        if url.endswith((".html", ".js")):
            with urllib.request.urlopen(url, timeout=10) as answer:
                assert remote_references(answer.read().decode("utf-8", "replace")) == [], url
    table = page.locator('[data-testid="stDataFrame"]').first
    table.wait_for(timeout=30_000)
    table.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "sparql-links.png"))
    assert_local(requests)


def test_the_table_sorts_by_a_column_when_its_name_is_clicked(server: str, tab):
    page, requests = tab
    visit(page, server, "sparql?example=bodies-per-country")  # ORDER BY DESC(?bodies) ?country
    table = page.locator('[data-testid="stDataFrame"]').first
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    page.mouse.click(box["x"] + 40, box["y"] + 17)  # the header of the first column, country
    page.wait_for_timeout(1000)
    cells = table.locator("[role=gridcell]").all_inner_texts()
    countries = cells[0::2][:10]
    assert len(countries) == 10 and countries == sorted(countries), cells[:20]
    assert countries[0] != "US"  # the query put the country with most bodies first
    page.screenshot(path=str(SHOTS / "sparql-sorted.png"))
    assert_local(requests)
