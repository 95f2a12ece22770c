"""The Learn page on a projector, in a real headless Chromium at 1280×720: labels at least
16 px on screen in every step, presentation mode driven by the arrow keys with its step in the
URL (reload and Back reproduce it), and the diagrams downloaded as SVG, PNG and HTML and opened.
Screenshots: ``test-artifacts/screenshots/learn-*.png``."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from explorer_pages.lessons import STEPS
from tests.e2e.browser import SHOTS, assert_local, settle, visit

pytestmark = pytest.mark.e2e

SVG = "{http://www.w3.org/2000/svg}"
KEYS = [s.key for s in STEPS]


@pytest.fixture
def projector(browser) -> Iterator[tuple[object, list[str]]]:
    """A tab the size of a 1280×720 projector that accepts downloads."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    yield page, requests
    context.close()


def step_in_url(page) -> tuple[str | None, str | None]:
    query = parse_qs(urlsplit(page.url).query)
    return query.get("present", [None])[0], query.get("step", [None])[0]


def smallest_label_px(page) -> float:
    """The smallest label of the diagram on screen, in CSS pixels: the canvas font size times
    the drawing's zoom, read from the vis network once it has drawn."""
    frame = page.frame_locator("iframe").first
    frame.locator("canvas").first.wait_for(state="visible", timeout=30_000)
    page.wait_for_timeout(2500)  # stabilised and fitted
    return frame.locator("body").evaluate("() => window.agLabelPx()")


@pytest.mark.parametrize("key", KEYS)
def test_labels_read_on_a_1280x720_projector(server: str, projector, key: str):
    page, requests = projector
    visit(page, server, f"?present=1&step={key}")
    size = smallest_label_px(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"learn-present-{key}.png"))
    assert size >= 16, f"step {key}: labels drawn at {size:.1f} px"
    assert page.locator('[data-testid="stException"]').count() == 0
    assert_local(requests)


def test_the_arrow_keys_step_through_the_story_and_the_url_keeps_up(server: str, projector):
    page, requests = projector
    visit(page, server, "?present=1&step=standard")
    assert page.locator("h1").first.inner_text().strip() == STEPS[0].title
    for expected in KEYS[1:3]:
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => location.search.includes('step={expected}')")
        settle(page)
        assert step_in_url(page) == ("1", expected)
        title = STEPS[KEYS.index(expected)].title
        assert page.locator("h1").first.inner_text().strip() == title
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => location.search.includes('step=certify')")
    settle(page)
    assert page.locator("h1").first.inner_text().strip() == STEPS[1].title
    page.reload()
    settle(page)
    assert step_in_url(page) == ("1", "certify")
    assert page.locator("h1").first.inner_text().strip() == STEPS[1].title
    page.go_back()
    page.wait_for_function("() => location.search.includes('step=accredit')")
    settle(page)
    assert page.locator("h1").first.inner_text().strip() == STEPS[2].title
    page.screenshot(path=str(SHOTS / "learn-present-after-back.png"))
    assert_local(requests)


def download(page, label: str):
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=label).first.click()
    return info.value


def test_step_4_downloads_as_svg_png_and_html_for_slides(server: str, projector, tmp_path):
    page, requests = projector
    visit(page, server, "?step=recognise")
    smallest_label_px(page)
    page.screenshot(path=str(SHOTS / "learn-recognise.png"), full_page=True)

    svg_file = tmp_path / "step4.svg"
    download(page, "SVG (for slides)").save_as(svg_file)
    root = ET.parse(svg_file).getroot()
    assert root.tag == f"{SVG}svg"
    width, height = int(root.get("width")), int(root.get("height"))
    assert width >= 1280 and height >= 720
    texts = [(t, " ".join(t.itertext()).strip()) for t in root.iter(f"{SVG}text")]
    shown = " ".join(text for _, text in texts)
    for label in ("UKAS", "IAF MLA", "Global ACI MRA", "Global ACI", "replaces", "signatory"):
        assert label in shown, label
    assert min(float(t.get("font-size")) for t, _ in texts) >= 16

    png_file = tmp_path / "step4.png"
    download(page, "PNG (for slides)").save_as(png_file)
    image = Image.open(io.BytesIO(png_file.read_bytes()))
    assert image.format == "PNG" and image.size == (width, height)
    grey = image.convert("L")
    # the PNG is the SVG's picture: ink where the SVG puts each node label, as tall as a
    # 16 px+ font's letters
    for element, text in texts:
        if element.get("class") != "node":
            continue
        x, y, size = (
            float(element.get("x")),
            float(element.get("y")),
            float(element.get("font-size")),
        )
        box = grey.crop((int(x - 3 * size), int(y), int(x + 3 * size), int(y + 1.2 * size)))
        rows = sum(
            1 for r in range(box.height) if box.crop((0, r, box.width, r + 1)).getextrema()[0] < 110
        )
        assert rows >= 11, (text, rows)

    html_file = tmp_path / "step4.html"
    download(page, "Download this diagram (HTML, works offline)").save_as(html_file)
    html = html_file.read_text(encoding="utf-8")
    # links lead back to the app, not into the folder the file was saved in
    assert re.search(f'href="{re.escape(server)}/[a-z]*\\?entity=https', html)
    assert not re.search(r'href="[a-z]*\?entity=', html)
    # keep the files to look at, and see the SVG as a browser draws it
    (SHOTS / "learn-step4-download.png").write_bytes(png_file.read_bytes())
    svg_text = svg_file.read_text(encoding="utf-8").split("?>", 1)[1]
    page.set_viewport_size({"width": width, "height": height})
    page.set_content(f'<html><body style="margin:0">{svg_text}</body></html>')
    page.screenshot(path=str(SHOTS / "learn-step4-download-svg.png"))
    assert_local(requests)
