"""The explorer in a real headless Chromium, against ``streamlit run app.py`` on 127.0.0.1.

Each page renders without a Streamlit exception and is screenshotted to
``test-artifacts/screenshots/<page>.png``; the Explore page's graph canvas draws; Verify shows
the verdict of S-C-0001; a named SPARQL example shows rows; no request leaves the machine; and
nothing served (pages or the diagrams' iframes) loads a script, stylesheet or font from the
network, because classrooms and audited networks are offline.
"""

from __future__ import annotations

import re
import urllib.request
from urllib.parse import quote

import pytest

from graph.vocab.mint import body_iri, certificate_iri
from tests.e2e.browser import (
    SHOTS,
    assert_local,
    remote_references,
    settle,
    visit,
)

pytestmark = pytest.mark.e2e

#: Page name -> URL path and query (each page, and the views the tests look at).
PAGES = {
    "learn": "",
    "search": "search?search.text=UKAS",
    "entity": "search?entity=" + quote(body_iri("ukas"), safe=""),
    "explore": "explore?explore.hubs=true&a="
    + quote(certificate_iri("S-C-0001"), safe="")
    + "&b="
    + quote(body_iri("ea"), safe=""),
    "verify": "verify?verify.certificate=S-C-0001&verify.as_of=2026-11-23",
    "verify-unaccredited": "verify?verify.certificate=S-C-0002&verify.as_of=2026-11-23",
    "sparql": "sparql?named=cbs-accredited-by&p.ab=ukas",
    "sparql-construct": "sparql?query="
    + quote("CONSTRUCT { ?cb ?p ?o } WHERE { ?cb a ag:CertificationBody ; ?p ?o } LIMIT 60"),
    "sparql-editor": "sparql?example=bodies-per-country",
    "data": "data",
    "data-quality": "data?data.tab=Data+quality&data.validate=true",
    "data-ontology": "data?data.tab=Ontology",
    "data-import": "data?data.tab=Import+a+register",
}


def test_remote_references_are_recognised():
    cdn = '<link rel="stylesheet" href="https://cdn.example/bootstrap.min.css">'
    local = '<script src="http://127.0.0.1:8501/static/js/index.js"></script>'
    font = "@font-face { src: url(https://fonts.example/x.woff2) }"
    found = remote_references(cdn + local + font)
    assert len(found) == 2
    assert "cdn.example" in found[0] and "fonts.example" in found[1]


@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_without_exception(server: str, tab, name: str):
    page, requests = tab
    visit(page, server, PAGES[name])
    page.wait_for_timeout(2500)  # let the diagrams stabilise for the screenshot
    SHOTS.mkdir(parents=True, exist_ok=True)
    # The app scrolls inside its main section, not the page: grow the window to show it all.
    tall = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1600, "height": min(max(1000, int(tall) + 40), 6000)})
    page.wait_for_timeout(1500)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator("h1").first.inner_text().strip()
    assert_local(requests)


def test_explore_graph_canvas_draws(server: str, tab):
    page, requests = tab
    visit(page, server, "explore")
    frame = page.frame_locator("iframe").first
    canvas = frame.locator("canvas").first
    canvas.wait_for(state="visible", timeout=30_000)
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    painted = frame.locator("body").evaluate(
        """() => { const c = document.querySelector('canvas');
                   const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) return true; }
                   return false; }"""
    )
    assert painted, "the canvas is blank"
    assert_local(requests)


def test_a_node_in_the_drawing_leads_to_its_entity_page(server: str, tab):
    page, requests = tab
    visit(page, server, "explore")
    frame = page.frame_locator("iframe").first
    frame.locator("summary").first.click()
    link = frame.locator("details a").first
    label = link.inner_text().strip()
    link.click()  # in the same tab, in the same session: the address bar changes (issue 15)
    page.wait_for_function("() => location.search.includes('entity=')", timeout=30_000)
    entity_page = page
    settle(entity_page)
    assert "entity=" in entity_page.url
    assert entity_page.locator('[data-testid="stException"]').count() == 0
    assert entity_page.locator("h1").first.inner_text().strip() == label
    assert_local(requests)


@pytest.mark.parametrize(
    ("typed", "first"),
    [("ISO 27001", "ISO/IEC 27001"), ("united kingdom", "United Kingdom Accreditation Service"),
     ("s-c-0001", "S-C-0001"), ("Bureau Veritaz", "Bureau Veritas")],
)  # fmt: skip
def test_search_forgives_what_people_type(server: str, tab, typed: str, first: str):
    page, requests = tab
    visit(page, server, "search")
    box = page.get_by_role("textbox", name="Search the graph")
    box.fill(typed)
    box.press("Enter")
    page.get_by_text("Matches 1–").first.wait_for(timeout=30_000)
    settle(page)
    main = page.locator('[data-testid="stMain"]')
    assert first in main.inner_text()
    assert re.search(r"Matches 1–\d+ of \d+", main.inner_text())
    if typed == "ISO 27001":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "search-forgiving.png"), full_page=True)
    assert_local(requests)


def test_search_pages_are_urls(server: str, tab):
    page, requests = tab
    visit(page, server, "search?search.text=S-C-0&search.page=2")
    main = page.locator('[data-testid="stMain"]')
    assert re.search(r"Matches 21–40 of \d+", main.inner_text())
    page.locator('[data-testid="stNumberInputStepUp"]').first.click()
    page.get_by_text("Matches 41–").first.wait_for(timeout=30_000)
    page.wait_for_function("() => location.search.includes('search.page=3')", timeout=30_000)
    page.reload()
    settle(page)
    assert re.search(r"Matches 41–\d+ of \d+", main.inner_text())
    assert_local(requests)


def test_verify_shows_the_verdict_of_a_sample_certificate(server: str, tab):
    page, requests = tab
    visit(page, server, PAGES["verify"])
    alert = page.locator('[data-testid="stAlert"]').first
    assert "Accredited" in alert.inner_text()
    assert page.get_by_text("CERT_IN_FORCE").count() > 0
    assert_local(requests)


def test_verify_typed_certificate(server: str, tab):
    page, requests = tab
    visit(page, server, "verify?verify.as_of=2026-11-23")
    box = page.get_by_role("textbox", name="Certificate id")
    box.fill("S-C-0058")
    box.press("Enter")
    page.get_by_text("ISSUER_IS_STANDARDS_BODY").first.wait_for(timeout=30_000)
    settle(page)
    assert "Invalid" in page.locator('[data-testid="stAlert"]').first.inner_text()
    assert_local(requests)


def test_sparql_named_example_shows_rows(server: str, tab):
    page, requests = tab
    visit(page, server, "sparql")
    page.get_by_test_id("stButtonGroup").get_by_text("analyst", exact=True).click()
    settle(page)
    page.get_by_text("Certification bodies an accreditation body accredits", exact=True).click()
    settle(page)
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
    caption = page.get_by_text(re.compile(r"^\d+ rows? in ")).first.inner_text()
    assert int(caption.split()[0]) > 0
    assert "named=cbs-accredited-by" in page.url
    assert_local(requests)


def test_a_named_query_shows_its_text_on_demand_and_a_link_back(server: str, tab):
    """The query text's expander draws its code box when opened; the share link, followed,
    gives the same page."""
    page, requests = tab
    visit(page, server, PAGES["sparql"])
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
    assert page.get_by_test_id("stCode").count() == 0
    page.get_by_text("The query text", exact=True).click()
    box = page.get_by_test_id("stCode").first
    box.wait_for(timeout=30_000)
    assert box.inner_text().startswith("SELECT ?ab ?cb ?cbId")
    link = page.get_by_role("link", name="?named=cbs-accredited-by&p.ab=ukas", exact=True)
    assert link.get_attribute("href") == "?named=cbs-accredited-by&p.ab=ukas"
    rows = page.get_by_text(re.compile(r"^\d+ rows? in ")).first.inner_text().split()[0]
    visit(page, server, "sparql" + link.get_attribute("href"))
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
    assert page.get_by_text(re.compile(r"^\d+ rows? in ")).first.inner_text().split()[0] == rows
    assert_local(requests)


def test_nothing_served_loads_scripts_styles_or_fonts_from_the_network(server: str, tab):
    page, requests = tab
    with urllib.request.urlopen(f"{server}/", timeout=10) as answer:
        shell = answer.read().decode("utf-8", "replace")
    assert remote_references(shell) == []
    for name, path in PAGES.items():
        visit(page, server, path)
        assert remote_references(page.content()) == [], name
        docs = page.eval_on_selector_all("iframe", "els => els.map(e => e.srcdoc || '')")
        for doc in docs:
            assert remote_references(doc) == [], f"{name}: an iframe loads from the network"
        if name in ("learn", "explore", "entity"):
            assert any(docs), f"{name} draws a diagram"
    assert_local(requests)


def test_importing_a_bad_register_lists_every_problem(server: str, tab):
    page, requests = tab
    visit(page, server, PAGES["data-import"])
    bad = (
        "id,organisation,country,certification_body,standard,sectors,issued,valid_until,"
        "status,scope\nX-1,Acme <b>Ltd</b>,GB,no-such-cb,ISO 9001,17,2025-13-01,2028-01-01,"
        "valid,s\n"
    )
    page.locator('input[type="file"]').set_input_files(
        files=[{"name": "certificates.csv", "mimeType": "text/csv", "buffer": bad.encode()}]
    )
    page.get_by_role("button", name="Add to my workspace").click()
    page.get_by_text("nothing was loaded", exact=False).first.wait_for(timeout=30_000)
    settle(page)
    problems = page.locator('[data-testid="stCode"]').first.inner_text()
    assert "certificates.csv:2:" in problems and "2025-13-01" in problems
    page.screenshot(path=str(SHOTS / "data-import-errors.png"), full_page=True)
    assert_local(requests)


def _register_files() -> list[dict]:
    import csv
    import io

    from tests.conftest import BASE_REGISTER

    files = []
    for name, rows in BASE_REGISTER.items():
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        files.append({"name": name, "mimeType": "text/csv", "buffer": out.getvalue().encode()})
    return files


def test_an_upload_in_one_browser_is_invisible_in_another(server: str, browser):
    """Issue 12: two visitors (two browser contexts, two sessions) on one server: what one
    uploads lives in their workspace only."""
    one = browser.new_context(viewport={"width": 1600, "height": 1000})
    two = browser.new_context(viewport={"width": 1600, "height": 1000})
    try:
        mine, theirs = one.new_page(), two.new_page()
        visit(mine, server, PAGES["data-import"])
        mine.locator('input[type="file"]').set_input_files(files=_register_files())
        mine.get_by_role("button", name="Add to my workspace").click()
        mine.get_by_text("Added to your workspace", exact=False).first.wait_for(timeout=30_000)
        settle(mine)
        mine.screenshot(path=str(SHOTS / "workspace-upload.png"), full_page=True)
        # in-app navigation keeps the session (a new page load would start a new one)
        mine.get_by_role("link", name="Verify a certificate").first.click()
        settle(mine)
        field = mine.get_by_role("textbox", name="Certificate id")
        field.fill("T-C-1")
        field.press("Enter")
        mine.get_by_text("Rests on user-supplied data", exact=False).first.wait_for(timeout=30_000)
        settle(mine)
        assert mine.get_by_text("my upload", exact=True).count() >= 1  # the sidebar choice
        mine.screenshot(path=str(SHOTS / "workspace-verify-mine.png"), full_page=True)

        visit(theirs, server, "verify?verify.certificate=T-C-1&verify.as_of=2026-06-01")
        theirs.get_by_text("Not found in the graph", exact=False).first.wait_for(timeout=30_000)
        assert theirs.get_by_text("user-supplied", exact=False).count() == 0
        assert theirs.get_by_text("my upload", exact=True).count() == 0
        theirs.screenshot(path=str(SHOTS / "workspace-verify-other.png"), full_page=True)
    finally:
        one.close()
        two.close()
