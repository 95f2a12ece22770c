"""Issue 15, the buyer's workflow in Chromium: a typed date applies without leaving the field,
the example supplier list works as shipped, a list compared with a second date downloads its
changes, and the printable record downloads as PDF (read back) and as HTML (shown in print
view, offline). Screenshots: ``test-artifacts/screenshots/buyer-*.png``."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from tests.app.test_buyer import expected_example_verdicts
from tests.e2e.browser import SHOTS, assert_local, settle, visit

pytestmark = pytest.mark.e2e

SINGLE = "verify?verify.certificate=S-C-0001&verify.as_of=2026-11-23"
EXAMPLE = "verify?verify.list=example&verify.as_of=2026-11-23"


def _verdict(page) -> str:
    return page.locator('[data-testid="stAlert"]').first.inner_text()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    tall = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": min(max(1000, int(tall) + 40), 9000)})
    page.wait_for_timeout(1200)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _metrics(page) -> dict[str, int]:
    found = {}
    for metric in page.locator('[data-testid="stMetric"]').all():
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        found[label] = int(metric.locator('[data-testid="stMetricValue"]').inner_text())
    return found


def test_a_typed_date_applies_without_leaving_the_field(server: str, tab):
    page, requests = tab
    visit(page, server, SINGLE)
    assert "Accredited" in _verdict(page)
    year = page.get_by_role("spinbutton", name="year, As of")
    year.click()
    page.keyboard.type("2031")  # S-C-0001 is valid to 2030-02-11: not in force in 2031
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stAlert\"]')"
        "?.innerText.includes('Not in force')",
        timeout=30_000,
    )
    assert "verify.as_of=2031-11-23" in page.url
    # nothing was clicked and focus never left the date field
    focused = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert focused == "month, As of"  # the field moved on to the month, as it does when typing
    page.keyboard.type("02")  # keep typing: the month applies too
    page.wait_for_function("() => location.search.includes('verify.as_of=2031-02-23')")
    settle(page)
    assert "Not in force" in _verdict(page)
    assert_local(requests)


def test_the_example_list_works_from_the_page_as_shipped(server: str, tab):
    page, requests = tab
    visit(page, server, "verify")
    page.get_by_role("button", name="Try the example list").click()
    page.get_by_text("The example list").first.wait_for(timeout=60_000)
    settle(page)
    assert "verify.list=example" in page.url and "verify.as_of=2026-11-23" in page.url
    expected = Counter(expected_example_verdicts().values())
    metrics = _metrics(page)
    assert {k: v for k, v in metrics.items() if v} == dict(expected)
    assert metrics["unknown"] < sum(metrics.values())
    _shot(page, "buyer-example")
    assert_local(requests)


def test_compare_with_a_second_date_downloads_the_changes(server: str, tab):
    page, requests = tab
    visit(page, server, EXAMPLE + "&verify.compare=another+date&verify.compare_to=2027-12-01")
    page.get_by_text("What changed").first.wait_for(timeout=60_000)
    settle(page)
    with page.expect_download() as caught:
        page.get_by_role("button", name="Download the changes (CSV)").click()
    text = caught.value.path().read_text(encoding="utf-8")
    changes = {row["certificate"]: row for row in csv.DictReader(io.StringIO(text))}
    assert changes["B-C-001"]["change"] == "now not-in-force"
    assert changes["B-C-001"]["as_of_before"] == "2026-11-23"
    assert changes["B-C-001"]["as_of_after"] == "2027-12-01"
    assert changes["B-C-006"]["change"] == "lost accreditation"
    _shot(page, "buyer-compare")
    assert_local(requests)


def test_the_compare_inputs_are_in_the_url_and_survive_a_reload(server: str, tab):
    page, requests = tab
    visit(page, server, EXAMPLE)
    page.get_by_text("another date", exact=True).click()
    page.wait_for_function("() => location.search.includes('verify.compare=another')")
    page.get_by_text("What changed").first.wait_for(timeout=60_000)
    settle(page)
    day = page.get_by_role("spinbutton", name="year, Second date")
    day.click()
    page.keyboard.type("2028")
    page.wait_for_function("() => location.search.includes('verify.compare_to=2028-')")
    settle(page)
    shown = page.locator('[data-testid="stMain"]').inner_text()
    assert "from 2026-11-23 to 2028-" in shown
    page.reload()
    settle(page)
    page.get_by_text("What changed").first.wait_for(timeout=60_000)
    again = page.locator('[data-testid="stMain"]').inner_text()
    assert "from 2026-11-23 to 2028-" in again
    assert "verify.list=example" in page.url and "verify.as_of=2026-11-23" in page.url
    assert_local(requests)


def test_the_printable_record_as_pdf(server: str, tab):
    from pypdf import PdfReader

    page, requests = tab
    visit(page, server, SINGLE)
    with page.expect_download(timeout=60_000) as caught:
        page.get_by_role("button", name="Printable record (PDF)").click()
    download = caught.value
    assert download.suggested_filename == "verification-record-S-C-0001-2026-11-23.pdf"
    reader = PdfReader(str(download.path()))
    words = "\n".join(p.extract_text() for p in reader.pages)
    assert "Verdict: Accredited" in words and "As of 2026-11-23" in words
    assert "Data version sha256:" in words and "Sources" in words
    assert "Global ACI MRA" in words
    assert_local(requests)


def test_the_printable_record_in_print_view(server: str, tab, browser):
    page, requests = tab
    visit(page, server, SINGLE)
    with page.expect_download() as caught:
        page.get_by_role("button", name="Printable record (HTML)").click()
    record = caught.value.path().read_text(encoding="utf-8")
    context = browser.new_context(viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
    try:
        view = context.new_page()
        loads: list[str] = []
        view.on("request", lambda r: loads.append(r.url))
        view.emulate_media(media="print")
        view.set_content(record, wait_until="load")
        assert loads == []  # self-contained: nothing fetched
        assert view.evaluate("() => document.documentElement.scrollWidth") <= 794
        text = view.inner_text("body")
        assert "Accredited" in text and "As of 2026-11-23" in text
        assert "Data version" in text and "sha256:" in text and "CERT_IN_FORCE" in text
        SHOTS.mkdir(parents=True, exist_ok=True)
        view.screenshot(path=str(SHOTS / "buyer-record-print.png"), full_page=True)
        pdf = view.pdf(format="A4")  # what "Print to PDF" gives
        assert pdf.startswith(b"%PDF-")
    finally:
        context.close()
    assert_local(requests)
